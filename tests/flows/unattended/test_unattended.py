"""`dealwatch run` unattended: overlapping runs, a source failing run after run, a file held by a reader."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from flows.config import load_config
from flows.monitor import run_pipeline
from flows.pipeline import stages
from flows.unattended.runlock import lock_path
from flows.unattended.spool import count_pending
from warehouse.database import connect

ROOT = Path(__file__).resolve().parents[3]
SEEDS = ROOT / "seeds"
DEALWATCH = [sys.executable, "-m", "flows.cli"]
EMPTY_RSS = '<?xml version="1.0"?><rss version="2.0"><channel><title>Quiet wire</title></channel></rss>'
# A notebook or the DuckDB CLI with the warehouse open for writing: no other process may open it.
HOLDER = """
import sys, time, duckdb
con = duckdb.connect(sys.argv[1])
print("open", flush=True)
time.sleep(120)
"""


def write_config(folder: Path, server: HTTPServer, feeds: dict[str, str]) -> Path:
    sources = "".join(f'[[sources]]\nname = "{name}"\ntype = "rss"\nurl = "{server.url_for(path)}"\n\n'
                      for name, path in feeds.items())
    path = folder / "dealwatch.toml"
    path.write_text(f'[fetch]\nallow_hosts = ["127.0.0.1:{server.port}"]\ndeadline_seconds = 10\n\n'
                    f'[[sources]]\nname = "seeds"\ntype = "folder"\npath = "{SEEDS}"\n\n{sources}',
                    encoding="utf-8")
    return path


def dealwatch(env: dict[str, str], *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen([*DEALWATCH, *args], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True)


def finish(process: subprocess.Popen[str]) -> tuple[int, str]:
    out, err = process.communicate(timeout=120)
    return process.returncode, out + err


def count(db_path: Path, table: str) -> int:
    with duckdb.connect(str(db_path), read_only=True) as con:
        return con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


def slow_feed(seconds: float):
    def answer(request: Request) -> Response:
        time.sleep(seconds)
        return Response(EMPTY_RSS, content_type="application/rss+xml")
    return answer


def wait_for_lock_of(db_path: Path, pid: int) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if lock_path(db_path).is_file() and lock_path(db_path).read_text().startswith(f"pid {pid} "):
            return
        time.sleep(0.1)
    pytest.fail(f"run {pid} never took {lock_path(db_path)}")


@pytest.mark.prefect
def test_two_runs_at_once_one_loads_one_gives_up_with_3_one_waits_and_nothing_doubles(
    run_env: dict[str, str], wire: HTTPServer, tmp_path: Path,
) -> None:
    wire.expect_request("/slow.xml").respond_with_handler(slow_feed(4))
    config, db_path = write_config(tmp_path, wire, {"slow-wire": "/slow.xml"}), tmp_path / "dealwatch.duckdb"
    first = dealwatch(run_env, "run", "--config", str(config), "--db", str(db_path))
    wait_for_lock_of(db_path, first.pid)
    impatient = dealwatch(run_env, "run", "--config", str(config), "--db", str(db_path), "--wait", "0")
    patient = dealwatch(run_env, "run", "--config", str(config), "--db", str(db_path), "--wait", "60")
    code, output = finish(impatient)
    assert code == 3, output
    assert f"another dealwatch run is using {db_path} (pid {first.pid} since" in output
    assert first.poll() is None, "the first run ended before the second was refused"
    assert finish(first)[0] == 0
    code, output = finish(patient)
    assert code == 0, output
    assert "0 new, 5 already seen" in output
    assert count(db_path, "articles") == 5 and count(db_path, "runs") == 2


def test_a_source_failing_five_runs_in_a_row_is_retried_later_each_time(
    wire: HTTPServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Each run tries a 5xx feed three times (its pauses made nil here), then leaves it alone for longer each time.
    monkeypatch.setattr(stages, "FEED_RETRY_DELAYS_SECONDS", [0, 0])
    wire.expect_request("/dead.xml").respond_with_data("upstream broke", status=500)
    config_path = write_config(tmp_path, wire, {"dead-wire": "/dead.xml"})
    db_path = tmp_path / "dealwatch.duckdb"
    gaps = []
    for _ in range(5):
        run_pipeline(load_config(config_path), db_path)
        gaps.append(next_attempt_gap(db_path, "dead-wire"))
        let_the_interval_pass(db_path)
    assert gaps == [30, 60, 120, 240, 480]
    assert len(wire.log) == 5 * 3
    restore_interval(db_path, minutes=480)
    summary = run_pipeline(load_config(config_path), db_path)
    assert len(wire.log) == 5 * 3, "a source inside its interval was fetched"
    assert any("dead-wire" in line and "failed 5 times in a row" in line for line in summary.backing_off)
    listing = subprocess.run([*DEALWATCH, "sources", "--db", str(db_path)], capture_output=True, text=True,
                             timeout=60)
    dead_line = next(line for line in listing.stdout.splitlines() if "dead-wire" in line)
    assert "failed" in dead_line and " 5 " in dead_line and "backing off" in dead_line, listing.stdout


def next_attempt_gap(db_path: Path, source_name: str) -> int:
    with duckdb.connect(str(db_path), read_only=True) as con:
        (minutes,) = con.execute(
            "SELECT datediff('minute', last_attempt_at, next_attempt_at) FROM sources WHERE source_name = ?",
            [source_name]).fetchone()
    return minutes


def let_the_interval_pass(db_path: Path) -> None:
    """Half an hour and more pass between two runs: the back-off has run out when the next run starts."""
    with duckdb.connect(str(db_path)) as con:
        con.execute("UPDATE sources SET next_attempt_at = next_attempt_at - INTERVAL 1 DAY")


def restore_interval(db_path: Path, minutes: int) -> None:
    with duckdb.connect(str(db_path)) as con:
        con.execute(f"UPDATE sources SET next_attempt_at = last_attempt_at + INTERVAL {minutes} MINUTE "
                    "WHERE consecutive_failures > 0")


@pytest.mark.prefect
def test_a_file_held_during_a_run_keeps_the_work_for_the_next_run_which_loads_it_once(
    run_env: dict[str, str], tmp_path: Path,
) -> None:
    db_path = tmp_path / "dealwatch.duckdb"
    with connect(db_path):
        pass  # an existing warehouse, empty so far
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(db_path)], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "open"
        code, output = finish(dealwatch(run_env, "run", "--db", str(db_path), "--wait", "1"))
    finally:
        holder.kill()
        holder.wait()
    assert code == 3, output
    assert f"database busy: {db_path} is in use by another process (process {holder.pid}" in output
    assert "5 articles" in output and "kept in" in output and "loaded by the next run" in output
    assert count_pending(db_path) == 1
    code, output = finish(dealwatch(run_env, "run", "--db", str(db_path)))
    assert code == 0, output
    assert "loaded 1 batch kept by an earlier run" in output
    assert count_pending(db_path) == 0
    assert count(db_path, "articles") == 5 and count(db_path, "runs") == 2
