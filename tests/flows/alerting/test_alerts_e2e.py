"""End to end: the seeds folder, then made-up outlets' pages from a feed on 127.0.0.1, the webhook, the snapshot."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer
from typer.testing import CliRunner
from werkzeug import Response

from flows.cli import app
from flows.config import Config, FetchPolicy, Source
from flows.monitor import monitor, run_pipeline
from flows.pipeline.summary import RunSummary
from flows.unattended.snapshot import snapshot_path
from flows.unattended.spool import count_pending
from warehouse.alerts import Alert, list_alerts
from warehouse.database import connect
from warehouse.records import AlertSettings

ROOT = Path(__file__).resolve().parents[3]
ARTICLES = Path(__file__).resolve().parent / "articles"
BILLION = 10**9
SEED_000 = "000_1d47dec1d2c33ff5.txt"
SEED_004 = "004_3c70629ff31dc08d.txt"
GAZETTE = "La Gazette de l'Éco"
HEBDO = "L'Hebdo du Numérique"
RSS_ITEM = "<item><title>{title}</title><link>{link}</link><pubDate>{date}</pubDate></item>"
# A notebook with the warehouse open for writing: no other process may open the file until it stops.
HOLDER = "import duckdb, sys, time; c = duckdb.connect(sys.argv[1]); print('open', flush=True); time.sleep(60)"


@pytest.fixture
def seeds_folder(tmp_path: Path) -> Path:
    """A copy of the seed articles (not gold.jsonl): a folder source of our own."""
    folder = tmp_path / "seeds"
    folder.mkdir()
    for path in (ROOT / "seeds").glob("*.txt"):
        shutil.copy(path, folder / path.name)
    return folder


def serve_feed(server: HTTPServer, *pages: str) -> str:
    """An RSS feed on the server listing these test pages (tests/flows/articles/<page>.html); its URL."""
    items = []
    for page in pages:
        server.expect_request(f"/{page}").respond_with_data(
            (ARTICLES / f"{page}.html").read_bytes(), content_type="text/html; charset=utf-8"
        )
        items.append(
            RSS_ITEM.format(title=page, link=server.url_for(f"/{page}"), date="Thu, 20 Nov 2025 09:15:00 GMT")
        )
    channel = f"<channel><title>news</title>{''.join(items)}</channel>"
    feed = f'<?xml version="1.0"?><rss version="2.0">{channel}</rss>'
    server.expect_request("/feed.xml").respond_with_data(feed, content_type="application/rss+xml")
    return server.url_for("/feed.xml")


def configure(
    folder: Path, db: Path, *, feed_url: str | None = None, channels: tuple[str, ...] = ()
) -> Config:
    sources = [Source("seeds", "folder", path=folder)]
    allowed: frozenset[str] = frozenset()
    if feed_url:
        sources.append(Source("news", "rss", url=feed_url))
        allowed = frozenset({feed_url.split("/")[2]})
    return Config(
        sources=tuple(sources),
        fetch=FetchPolicy(allow_hosts=allowed),
        db_path=db,
        alerts=AlertSettings(channels=channels),
    )


def run(config: Config) -> tuple[RunSummary, tuple[str, ...]]:
    """What `dealwatch run` does: the pipeline, which ends by sending the new alerts; the lines it prints."""
    summary = run_pipeline(config)
    return summary, tuple(line.strip() for line in summary.alert_lines)


def after_the_seeds(config: Config) -> tuple[list[Alert], RunSummary, tuple[str, ...]]:
    """A first run on the seeds alone, then a run with this config: the alerts that second run raised."""
    run(configure(config.sources[0].path, config.db_path))
    before = {alert.alert_id for alert in all_alerts(config.db_path)}
    summary, printed = run(config)
    return [alert for alert in all_alerts(config.db_path) if alert.alert_id not in before], summary, printed


def all_alerts(db: Path) -> list[Alert]:
    with connect(db, read_only=True) as con:
        return list_alerts(con)


def deliveries(db: Path) -> list[tuple[str, int, dt.datetime | None]]:
    """Each alert delivery in this file (the warehouse or its snapshot): alert, attempts, sent at."""
    with connect(db, read_only=True) as con:
        return con.execute(
            "SELECT alert_id, attempts, sent_at FROM alert_deliveries ORDER BY alert_id, channel_id"
        ).fetchall()


def hook_of(server: HTTPServer) -> str:
    return f"json://127.0.0.1:{server.port}/alerts"


@contextmanager
def file_held(db: Path) -> Iterator[None]:
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(db)], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "open"
        yield
    finally:
        holder.kill()
        holder.wait()


def test_seeds_alone_raise_only_the_qualifier_notices(seeds_folder: Path, tmp_path: Path) -> None:
    summary, _ = run(configure(seeds_folder, tmp_path / "w.duckdb"))
    found = {
        (a.severity, a.counterparty, a.article, a.value, a.qualifier)
        for a in all_alerts(tmp_path / "w.duckdb")
    }
    # Read in the seeds, in publication order: 001 (Nov 18) "Nvidia engagera jusqu'à 10 milliards", "Microsoft
    # jusqu'à 5 milliards"; 000 (Nov 19) is the first to give 10 and 5 bn plainly, against 001 alone; 002 and 003
    # then find one report each way; 004 (undated: last) "Nvidia investit jusqu'à 10 milliards" against three
    # plain reports. Every other figure agrees.
    assert found == {
        ("notice", "Nvidia", SEED_000, 10 * BILLION, "exact"),
        ("notice", "Microsoft", SEED_000, 5 * BILLION, "exact"),
        ("notice", "Nvidia", SEED_004, 10 * BILLION, "up_to"),
    }
    assert summary.alerts_new == 3


def test_a_made_up_outlet_conflicts_on_both_figures_once(
    seeds_folder: Path, tmp_path: Path, httpserver_ipv4: HTTPServer
) -> None:
    db = tmp_path / "w.duckdb"
    config = configure(seeds_folder, db, feed_url=serve_feed(httpserver_ipv4, "gazette_nvidia_8bn"))
    new, summary, printed = after_the_seeds(config)
    # The seeds give 350 bn as a figure still sought ("devrait porter", "cherche à ... porter sa valorisation"):
    # the gazette's sourced 300 bn after it revises talks (a notice), while its 8 bn contradicts a signed 10 bn.
    assert {(a.severity, a.reason, a.kind, a.value, a.outlet) for a in new} == {
        ("conflict", "differs", "investment", 8 * BILLION, GAZETTE),
        ("notice", "revised", "valuation", 300 * BILLION, GAZETTE),
    }
    valuation = next(alert for alert in new if alert.kind == "valuation")
    assert [(f.value, f.status, f.articles) for f in valuation.earlier] == [
        (350 * BILLION, "talks", ("000_1d47dec1d2c33ff5.txt", "002_3e778302757a9e98.txt")),
    ]
    assert "300 milliards de dollars" in valuation.evidence
    assert any(
        line.startswith(
            f"[conflict] Anthropic ← Nvidia investment: 8 bn USD ({GAZETTE}, 2025-11-20) vs 10 bn"
        )
        for line in printed
    )
    assert summary.alerts_new == 2

    stored = len(all_alerts(db))
    again, printed_again = run(config)
    assert (again.articles_new, again.alerts_new, printed_again) == (0, 0, ())
    assert len(all_alerts(db)) == stored


def test_a_joint_figure_that_disagrees_with_its_parts_is_caught(
    seeds_folder: Path, tmp_path: Path, httpserver_ipv4: HTTPServer
) -> None:
    config = configure(
        seeds_folder, tmp_path / "w.duckdb", feed_url=serve_feed(httpserver_ipv4, "hebdo_joint_20bn")
    )
    [alert], _, _ = after_the_seeds(config)
    assert (alert.severity, alert.counterparty, alert.value, alert.outlet) == (
        "conflict",
        "Microsoft+Nvidia",
        20 * BILLION,
        HEBDO,
    )
    assert alert.expected_value == 15 * BILLION  # 10 bn from Nvidia + 5 bn from Microsoft, as the seeds say
    assert {f.counterparty for f in alert.earlier} == {"Microsoft+Nvidia", "Microsoft", "Nvidia"}


def test_alerts_wait_for_a_webhook_that_is_down_then_go_out(
    seeds_folder: Path, tmp_path: Path, httpserver_ipv4: HTTPServer, webhook: HTTPServer
) -> None:
    db = tmp_path / "w.duckdb"
    webhook.expect_request("/alerts").respond_with_response(Response("maintenance", status=500))
    config = configure(
        seeds_folder, db, feed_url=serve_feed(httpserver_ipv4, "gazette_nvidia_8bn"), channels=(hook_of(webhook),)
    )
    _, _, first = after_the_seeds(config)
    assert "alerts sent to channels: 0; pending: 2" in first
    assert all(alert.sent_at is None for alert in all_alerts(db) if alert.outlet == GAZETTE)
    # The refused attempt is in the snapshot too: one try on the first alert, the second never tried.
    assert [(attempts, sent_at) for _, attempts, sent_at in deliveries(snapshot_path(db))] in (
        [(1, None), (0, None)],
        [(0, None), (1, None)],
    )

    webhook.clear()
    webhook.expect_request("/alerts", method="POST").respond_with_data("ok")
    _, second = run(config)
    assert second == ("alerts sent to channels: 2; pending: 0",)
    titles = sorted(json.loads(request.get_data())["title"] for request, _ in webhook.log)
    assert titles == [
        "dealwatch conflict: Anthropic ← Nvidia investment",
        "dealwatch notice: Anthropic valuation",
    ]
    assert all(alert.sent_at is not None for alert in all_alerts(db) if alert.outlet == GAZETTE)
    # Alerts raised before the channel was configured (the seeds' notices) are not sent to it.
    assert len(webhook.log) == 2
    assert deliveries(snapshot_path(db)) == deliveries(db)


def test_the_alerts_command_prints_json_lines(
    seeds_folder: Path, tmp_path: Path, httpserver_ipv4: HTTPServer
) -> None:
    db = tmp_path / "w.duckdb"
    after_the_seeds(configure(seeds_folder, db, feed_url=serve_feed(httpserver_ipv4, "gazette_nvidia_8bn")))
    result = CliRunner().invoke(app, ["alerts", "--db", str(db), "--severity", "conflict", "--json"])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.output.splitlines()]
    # The gazette's valuation revises the seeds' talks (a notice): only its investment is a conflict.
    assert {(row["kind"], row["value"], row["outlet"]) for row in rows} == {
        ("investment", 8 * BILLION, GAZETTE),
    }
    expected_keys = {
        "severity",
        "kind",
        "subject",
        "counterparty",
        "unit",
        "value",
        "qualifier",
        "article",
        "outlet",
        "evidence",
        "earlier",
        "raised_at",
        "sent_at",
    }
    assert all(expected_keys <= row.keys() for row in rows)
    assert all(row["article"].startswith("http://127.0.0.1:") for row in rows)
    assert {"value", "qualifier", "outlets", "articles"} <= rows[0]["earlier"][0].keys()


@pytest.fixture
def accepting_config(
    seeds_folder: Path, tmp_path: Path, httpserver_ipv4: HTTPServer, webhook: HTTPServer
) -> Config:
    """The seeds and a feed with the 8 bn page; alerts go to a webhook that accepts them."""
    webhook.expect_request("/alerts", method="POST").respond_with_data("ok")
    feed_url = serve_feed(httpserver_ipv4, "gazette_nvidia_8bn")
    return configure(seeds_folder, tmp_path / "w.duckdb", feed_url=feed_url, channels=(hook_of(webhook),))


def test_the_snapshot_a_run_publishes_shows_the_alerts_it_sent(
    accepting_config: Config, webhook: HTTPServer
) -> None:
    config, db = accepting_config, accepting_config.db_path
    _, _, printed = after_the_seeds(config)
    assert printed[-1] == "alerts sent to channels: 2; pending: 0"
    published = deliveries(snapshot_path(db))
    assert len(published) == 2 and all(sent_at is not None for _, _, sent_at in published)
    assert published == deliveries(db)
    snapshot_alerts = [alert for alert in all_alerts(snapshot_path(db)) if alert.outlet == GAZETTE]
    assert len(snapshot_alerts) == 2 and all(alert.sent_at is not None for alert in snapshot_alerts)

    again, printed_again = run(config)
    assert (again.alerts_new, printed_again, len(webhook.log)) == (0, (), 2)
    assert deliveries(snapshot_path(db)) == published


def test_a_run_kept_by_a_held_file_sends_nothing_and_the_run_that_loads_its_batch_sends_its_alerts(
    accepting_config: Config, webhook: HTTPServer
) -> None:
    config, db = accepting_config, accepting_config.db_path
    run(configure(config.sources[0].path, db))
    with file_held(db):
        kept, printed_kept = run(config)
    assert (kept.exit_code, printed_kept, webhook.log, count_pending(db)) == (3, (), [], 1)

    loaded, printed = run(config)
    assert (loaded.exit_code, count_pending(db)) == (0, 0)
    assert printed[0] == "new alerts: 2" and printed[-1] == "alerts sent to channels: 2; pending: 0"
    assert len(webhook.log) == 2
    published = deliveries(snapshot_path(db))
    assert len(published) == 2 and all(sent_at is not None for _, _, sent_at in published)


@pytest.mark.prefect
def test_the_prefect_flow_sends_the_alerts_before_it_publishes_the_snapshot(
    prefect_harness: None, accepting_config: Config, webhook: HTTPServer, tmp_path: Path
) -> None:
    db = accepting_config.db_path
    summary = monitor(config_path=str(write_config(tmp_path, accepting_config)), db_path=str(db))
    # One run on the seeds and the 8 bn page: the seeds' 3 qualifier notices and the page's 2 conflicts.
    assert summary.alert_lines[-1] == "alerts sent to channels: 5; pending: 0"
    published = deliveries(snapshot_path(db))
    assert len(published) == len(webhook.log) == 5
    assert all(sent_at is not None for _, _, sent_at in published)


def write_config(folder: Path, config: Config) -> Path:
    """The TOML a user would write for this config: the seeds folder, the feed and the channel."""
    seeds, feed = config.sources
    path = folder / "dealwatch.toml"
    path.write_text(
        f'[fetch]\nallow_hosts = {json.dumps(sorted(config.fetch.allow_hosts))}\n\n'
        f'[[sources]]\nname = "seeds"\ntype = "folder"\npath = "{seeds.path}"\n\n'
        f'[[sources]]\nname = "news"\ntype = "rss"\nurl = "{feed.url}"\n\n'
        f"[alerts]\nchannels = {json.dumps(list(config.alerts.channels))}\n",
        encoding="utf-8",
    )
    return path
