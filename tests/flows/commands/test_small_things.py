"""What a new user met: a missing folder source, `alerts` and the config, `serve` with no server, the version."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from importlib import metadata
from pathlib import Path

import pytest
from gold_rows import article, investment, seed_articles, store
from pytest_httpserver import HTTPServer
from typer.testing import CliRunner

from flows.cli import app
from flows.config import load_config
from flows.monitor import run_pipeline
from warehouse.database import connect
from warehouse.diff import raise_alerts
from warehouse.records import AlertSettings

ARTICLES = Path(__file__).resolve().parents[1] / "alerting" / "articles"
DEALWATCH = [sys.executable, "-m", "flows.cli"]


def test_a_folder_source_that_is_not_there_fails_alone_and_the_feeds_load(
    httpserver_ipv4: HTTPServer, tmp_path: Path,
) -> None:
    page = httpserver_ipv4.url_for("/gazette")
    httpserver_ipv4.expect_request("/gazette").respond_with_data(
        (ARTICLES / "gazette_nvidia_8bn.html").read_bytes(), content_type="text/html; charset=utf-8")
    httpserver_ipv4.expect_request("/feed.xml").respond_with_data(
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>w</title><item><title>g</title><link>{page}</link>'
        "</item></channel></rss>", content_type="application/rss+xml")
    config = tmp_path / "dealwatch.toml"
    config.write_text(f'[fetch]\nallow_hosts = ["127.0.0.1:{httpserver_ipv4.port}"]\n\n'
                      f'[[sources]]\nname = "wire"\ntype = "rss"\nurl = "{httpserver_ipv4.url_for("/feed.xml")}"\n\n'
                      '[[sources]]\nname = "share"\ntype = "folder"\npath = "mnt/clippings"\n', encoding="utf-8")
    summary = run_pipeline(load_config(config), tmp_path / "dw.duckdb")
    assert summary.exit_code == 1 and summary.articles_new == 1
    [failed] = summary.sources_failed
    assert failed.name == "share"
    assert failed.error == f"folder {tmp_path / 'mnt' / 'clippings'} does not exist (not mounted, or moved?)"


def test_alerts_reads_the_database_that_dealwatch_toml_names(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "data").mkdir()
    (tmp_path / "dealwatch.toml").write_text(
        '[database]\npath = "data/deals.duckdb"\n\n[[sources]]\nname = "s"\ntype = "folder"\npath = "data"\n',
        encoding="utf-8")
    with connect(tmp_path / "data" / "deals.duckdb") as con:
        raise_alerts(con, store(con, seed_articles()), AlertSettings())
        raise_alerts(con, store(con, [article("gazette.txt", [investment("Nvidia", 8)])]), AlertSettings())
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(app, ["alerts", "--severity", "conflict"])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("[conflict] Anthropic ← Nvidia investment: 8 bn USD (gazette.txt, undated)")


def test_serve_with_no_server_behind_prefect_api_url_says_so_in_one_line(tmp_path: Path) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        api_url = f"http://127.0.0.1:{probe.getsockname()[1]}/api"
    env = {**os.environ, "PREFECT_API_URL": api_url, "PREFECT_HOME": str(tmp_path / "prefect-home")}
    done = subprocess.run([*DEALWATCH, "serve"], env=env, capture_output=True, text=True, timeout=120, cwd=tmp_path)
    assert done.returncode == 2, done.stderr
    [line] = done.stderr.strip().splitlines()
    assert line.startswith(f"dealwatch serve: no Prefect server answers at PREFECT_API_URL={api_url} (")
    assert line.endswith("start it with `prefect server start`, or correct or unset PREFECT_API_URL")


def test_the_version_says_which_dealwatch_and_which_duckdb_and_prefect_ran() -> None:
    result = CliRunner().invoke(app, ["--version"])
    assert result.exit_code == 0
    assert result.stdout.startswith(f"dealwatch {metadata.version('dealwatch')} (duckdb {metadata.version('duckdb')}, "
                                    f"prefect {metadata.version('prefect')}, ")
