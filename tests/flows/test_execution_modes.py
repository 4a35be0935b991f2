"""Every way of running gives the same warehouse: in process, as the Prefect flow, on a 2-worker Dask cluster;
and a run stays bounded (threads, requests and connections per host) and starts no Prefect server of its own."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import duckdb
import psutil
import pytest
from news_site import RunningSite, news_site

from flows.config import load_config
from flows.monitor import monitor, run_pipeline
from flows.pipeline.stages import PAGE_CHUNK, PAGE_WORKERS

DEALWATCH = Path(sys.executable).parent / "dealwatch"
PAGES = 3 * PAGE_CHUNK  # three chunks: the CPU work goes to the workers, not inline
COMPARED = {
    "articles": "SELECT canonical_url, source_name, outlet, title, published_at, language, content_hash, is_relevant "
                "FROM articles ORDER BY canonical_url",
    "facts": "SELECT fact_id, article_id, kind, subject, counterparty, value, unit, qualifier, evidence, "
             "evidence_start, evidence_end, as_of, status, basis FROM facts ORDER BY fact_id",
    "alerts": "SELECT alert_id, severity, reason, kind, subject, counterparty, unit, value, qualifier, fact_id, "
              "article_id, outlet, evidence, expected_value, earlier FROM alerts ORDER BY alert_id",
}


def warehouse_rows(db_path: Path) -> dict[str, list[tuple]]:
    with duckdb.connect(str(db_path), read_only=True) as con:
        return {table: con.execute(query).fetchall() for table, query in COMPARED.items()}


@pytest.fixture(scope="module")
def site() -> Iterator[RunningSite]:
    with news_site(PAGES) as running:
        yield running


@pytest.fixture(scope="module")
def in_process(site: RunningSite, tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[tuple]]:
    """The rows of an in-process run (worker processes), the reference for the other ways."""
    folder = tmp_path_factory.mktemp("in-process")
    summary = run_pipeline(load_config(site.write_config(folder)))
    assert summary.execution.startswith("in process") and summary.articles_new == PAGES
    rows = warehouse_rows(folder / "dealwatch.duckdb")
    assert rows["facts"] and rows["alerts"], "the site's disputed stories raise alerts"
    return rows


@pytest.mark.prefect
def test_the_prefect_flow_loads_the_same_articles_facts_and_alerts(
    prefect_harness: None, site: RunningSite, in_process: dict[str, list[tuple]], tmp_path: Path
) -> None:
    summary = monitor(config_path=str(site.write_config(tmp_path)))

    assert "Prefect flow on" in summary.execution and "worker processes" in summary.execution
    assert warehouse_rows(tmp_path / "dealwatch.duckdb") == in_process


@pytest.mark.prefect
@pytest.mark.cluster
def test_the_flow_on_a_two_worker_dask_cluster_loads_what_one_process_loads(
    prefect_harness: None, site: RunningSite, in_process: dict[str, list[tuple]], tmp_path: Path
) -> None:
    from distributed import Client, LocalCluster, get_task_stream

    with (LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                       dashboard_address=None) as cluster,
          Client(cluster) as client, get_task_stream(client) as stream):
        summary = monitor(config_path=str(site.write_config(tmp_path)), dask_address=cluster.scheduler_address)
        workers = set(cluster.scheduler_info["workers"])

    assert summary.execution.endswith(f"Dask cluster {cluster.scheduler_address}")
    ran_on = {task["worker"] for task in stream.data}
    assert len(stream.data) >= PAGES // PAGE_CHUNK and ran_on <= workers, "every chunk ran on the cluster"
    assert warehouse_rows(tmp_path / "dealwatch.duckdb") == in_process


def descendants_seen(process: psutil.Popen, until_done: Callable[[], bool]) -> tuple[list[str], int]:
    """The command lines of every descendant seen while the run went on, and how many listened on a port."""
    seen: dict[int, str] = {}
    listening: set[int] = set()
    while not until_done():
        for child in process.children(recursive=True):
            try:
                seen.setdefault(child.pid, " ".join(child.cmdline()))
                if any(c.status == psutil.CONN_LISTEN for c in child.net_connections(kind="inet")):
                    listening.add(child.pid)
            except psutil.Error:
                continue  # it ended between the listing and the look
        time.sleep(0.05)
    return list(seen.values()), len(listening)


def test_dealwatch_run_without_a_prefect_api_starts_no_server_and_says_it_ran_in_process(
    site: RunningSite, tmp_path: Path
) -> None:
    if not DEALWATCH.is_file():
        pytest.skip(f"no console script at {DEALWATCH}: install the project with pip install -e")
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_API")}
    env |= {"PREFECT_HOME": str(tmp_path / "prefect-home"), "COLUMNS": "200"}
    run = psutil.Popen([str(DEALWATCH), "run", "--config", str(site.write_config(tmp_path))], env=env,
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    commands, listening = descendants_seen(run, lambda: run.poll() is not None)
    output = run.stdout.read()

    assert run.returncode == 0, run.stderr.read()
    assert f"articles: {PAGES} new" in output and ", in process, " in output
    assert not [command for command in commands if "uvicorn" in command or "prefect" in command], commands
    assert any("multiprocessing" in command for command in commands), "the CPU work ran in worker processes"
    assert listening == 0


# The CLI run in this interpreter, saying at exit whether Prefect was ever imported.
CLI_TELLING_PREFECT = ("import atexit, sys; "
                       "atexit.register(lambda: print('prefect imported:', 'prefect' in sys.modules)); "
                       "from flows.cli import app; app()")


def test_dealwatch_run_in_process_never_imports_prefect(site: RunningSite, tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")}
    env |= {"PREFECT_HOME": str(tmp_path / "no-prefect-home"), "HOME": str(tmp_path), "COLUMNS": "200"}
    run = subprocess.run([sys.executable, "-c", CLI_TELLING_PREFECT, "run", "--config",
                          str(site.write_config(tmp_path))], env=env, cwd=tmp_path, capture_output=True, text=True,
                         timeout=300)
    assert run.returncode == 0, run.stderr
    assert ", in process, " in run.stdout and "prefect imported: False" in run.stdout, run.stdout


def test_any_place_prefect_reads_settings_from_makes_the_run_ask_prefect(tmp_path: Path,
                                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    from flows.commands.run import may_name_a_prefect_api

    for name in [k for k in os.environ if k.startswith("PREFECT_")]:
        monkeypatch.delenv(name)
    monkeypatch.setenv("PREFECT_HOME", str(tmp_path / "home"))
    here = tmp_path / "here"
    here.mkdir()
    assert not may_name_a_prefect_api(here)
    (here / "pyproject.toml").write_text("[project]\nname = 'x'\n")
    assert not may_name_a_prefect_api(here)
    for place in (here / "prefect.toml", here / ".env", tmp_path / "home" / "profiles.toml"):
        place.parent.mkdir(exist_ok=True)
        place.write_text("")
        assert may_name_a_prefect_api(here), place
        place.unlink()
    (here / "pyproject.toml").write_text("[tool.prefect]\napi.url = 'http://127.0.0.1:4200/api'\n")
    assert may_name_a_prefect_api(here)
    monkeypatch.setenv("PREFECT_API_URL", "http://127.0.0.1:4200/api")
    assert may_name_a_prefect_api(tmp_path)


def test_a_run_keeps_its_threads_requests_and_connections_bounded(site: RunningSite, tmp_path: Path) -> None:
    fetch_threads: list[int] = []
    for server in site.servers:
        server.connections.clear()
        server.most_in_flight = 0
        for path, route in list(server.routes.items()):
            server.routes[path] = counting_fetch_threads(route, fetch_threads)

    summary = run_pipeline(load_config(site.write_config(tmp_path)))

    assert summary.articles_new == PAGES
    assert 0 < max(fetch_threads) <= PAGE_WORKERS
    for server in site.servers:
        assert server.most_in_flight <= 2, "the default max_per_host"
        assert len(server.connections) <= 2, "one client per host, its connections kept alive"


def counting_fetch_threads(route: Callable, counts: list[int]) -> Callable:
    """The same route, noting how many of dealwatch's fetching threads exist as each request arrives."""
    def counted(request) -> None:
        counts.append(sum(thread.name.startswith("dealwatch-fetch") for thread in threading.enumerate()))
        route(request)
    return counted
