"""A `dealwatch run` killed with kill -9 leaves no process behind (today: Prefect's temporary server, ~200 MB)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

EMPTY_RSS = '<?xml version="1.0"?><rss version="2.0"><channel><title>Slow wire</title></channel></rss>'


def descendants(pid: int) -> set[int]:
    """Every process started, directly or not, by `pid` (read from /proc)."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                parent = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue  # the process ended while we looked
            children.setdefault(parent, []).append(int(entry.name))
    found, waiting = set(), [pid]
    while waiting:
        for child in children.get(waiting.pop(), []):
            found.add(child)
            waiting.append(child)
    return found


def is_alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.fixture
def slow_wire() -> Iterator[tuple[HTTPServer, list[float]]]:
    server, asked = HTTPServer(host="127.0.0.1", port=0, threaded=True), []

    def answer(request: Request) -> Response:
        asked.append(time.monotonic())
        time.sleep(20)
        return Response(EMPTY_RSS, content_type="application/rss+xml")

    server.expect_request("/feed.xml").respond_with_handler(answer)
    server.start()
    yield server, asked
    server.clear()
    server.stop()


@pytest.mark.skip(reason="issue 11: with no Prefect API configured, `dealwatch run` runs its stages in process with no "
                         "temporary Prefect server (the lead's decision); this test checks that once it lands")
def test_a_run_killed_mid_flow_leaves_no_process_behind(
    slow_wire: tuple[HTTPServer, list[float]], tmp_path: Path,
) -> None:
    server, asked = slow_wire
    config = tmp_path / "dealwatch.toml"
    config.write_text(f'[fetch]\nallow_hosts = ["127.0.0.1:{server.port}"]\ndeadline_seconds = 60\n\n'
                      f'[[sources]]\nname = "slow"\ntype = "rss"\nurl = "{server.url_for("/feed.xml")}"\n',
                      encoding="utf-8")
    env = {name: value for name, value in os.environ.items() if not name.startswith("PREFECT_API")}
    env.update(PREFECT_HOME=str(tmp_path / "prefect-home"), PREFECT_SERVER_ANALYTICS_ENABLED="false", DO_NOT_TRACK="1")
    run = subprocess.Popen([sys.executable, "-m", "flows.cli", "run", "--config", str(config), "--db",
                            str(tmp_path / "dw.duckdb")], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while not asked and time.monotonic() < deadline and run.poll() is None:
        time.sleep(0.1)
    assert asked, "the run never reached its feed"
    started = descendants(run.pid)
    os.kill(run.pid, signal.SIGKILL)
    run.wait(timeout=30)
    time.sleep(5)
    survivors = sorted(pid for pid in started if is_alive(pid))
    for pid in survivors:
        os.kill(pid, signal.SIGKILL)  # not ours to leave running on the test machine
    assert survivors == [], f"processes of the killed run still running: {survivors}"
