"""End to end: the seeds folder, then made-up outlets' pages from a feed on 127.0.0.1, then the webhook."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer
from typer.testing import CliRunner
from werkzeug import Response

from flows.cli import app
from flows.config import Config, Source
from flows.http_client import FetchPolicy
from flows.monitor import run_pipeline
from flows.summary import RunSummary
from warehouse.alerts import Alert, list_alerts
from warehouse.database import connect
from warehouse.load import AlertSettings

ROOT = Path(__file__).resolve().parents[2]
ARTICLES = Path(__file__).resolve().parent / "articles"
BILLION = 10**9
SEED_001 = "001_dd43606ce86874cc.txt"
SEED_004 = "004_3c70629ff31dc08d.txt"
GAZETTE = "La Gazette de l'Éco"
HEBDO = "L'Hebdo du Numérique"
RSS_ITEM = "<item><title>{title}</title><link>{link}</link><pubDate>{date}</pubDate></item>"


@pytest.fixture
def seeds_folder(tmp_path: Path) -> Path:
    """A copy of the seed articles (not gold.jsonl): a folder source of our own."""
    folder = tmp_path / "seeds"
    folder.mkdir()
    for path in (ROOT / "seeds").glob("*.txt"):
        shutil.copy(path, folder / path.name)
    return folder


@pytest.fixture
def webhook() -> Iterator[HTTPServer]:
    server = HTTPServer(host="127.0.0.1", port=0)
    server.start()
    yield server
    server.clear()
    server.stop()


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


def test_seeds_alone_raise_only_the_qualifier_notices(seeds_folder: Path, tmp_path: Path) -> None:
    summary, _ = run(configure(seeds_folder, tmp_path / "w.duckdb"))
    found = {
        (a.severity, a.counterparty, a.article, a.value, a.qualifier)
        for a in all_alerts(tmp_path / "w.duckdb")
    }
    # Read in the seeds: 001 "Nvidia engagera jusqu'à 10 milliards", "Microsoft jusqu'à 5 milliards";
    # 004 "Nvidia investit jusqu'à 10 milliards"; 000, 002 and 003 give 10 and 5 bn plainly.
    # Every other figure agrees.
    assert found == {
        ("notice", "Nvidia", SEED_001, 10 * BILLION, "up_to"),
        ("notice", "Microsoft", SEED_001, 5 * BILLION, "up_to"),
        ("notice", "Nvidia", SEED_004, 10 * BILLION, "up_to"),
    }
    assert summary.alerts_new == 3


def test_a_made_up_outlet_conflicts_on_both_figures_once(
    seeds_folder: Path, tmp_path: Path, httpserver_ipv4: HTTPServer
) -> None:
    db = tmp_path / "w.duckdb"
    config = configure(seeds_folder, db, feed_url=serve_feed(httpserver_ipv4, "gazette_nvidia_8bn"))
    new, summary, printed = after_the_seeds(config)
    assert {(a.severity, a.kind, a.value, a.outlet) for a in new} == {
        ("conflict", "investment", 8 * BILLION, GAZETTE),
        ("conflict", "valuation", 300 * BILLION, GAZETTE),
    }
    valuation = next(alert for alert in new if alert.kind == "valuation")
    assert [(f.value, f.articles) for f in valuation.earlier] == [
        (350 * BILLION, ("000_1d47dec1d2c33ff5.txt", "002_3e778302757a9e98.txt")),
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
    hook = f"json://127.0.0.1:{webhook.port}/alerts"
    webhook.expect_request("/alerts").respond_with_response(Response("maintenance", status=500))
    config = configure(
        seeds_folder, db, feed_url=serve_feed(httpserver_ipv4, "gazette_nvidia_8bn"), channels=(hook,)
    )
    _, _, first = after_the_seeds(config)
    assert "alerts sent to channels: 0; pending: 2" in first
    assert all(alert.sent_at is None for alert in all_alerts(db) if alert.outlet == GAZETTE)

    webhook.clear()
    webhook.expect_request("/alerts", method="POST").respond_with_data("ok")
    _, second = run(config)
    assert second == ("alerts sent to channels: 2; pending: 0",)
    titles = sorted(json.loads(request.get_data())["title"] for request, _ in webhook.log)
    assert titles == [
        "dealwatch conflict: Anthropic valuation",
        "dealwatch conflict: Anthropic ← Nvidia investment",
    ]
    assert all(alert.sent_at is not None for alert in all_alerts(db) if alert.outlet == GAZETTE)
    # Alerts raised before the channel was configured (the seeds' notices) are not sent to it.
    assert len(webhook.log) == 2


def test_the_alerts_command_prints_json_lines(
    seeds_folder: Path, tmp_path: Path, httpserver_ipv4: HTTPServer
) -> None:
    db = tmp_path / "w.duckdb"
    after_the_seeds(configure(seeds_folder, db, feed_url=serve_feed(httpserver_ipv4, "gazette_nvidia_8bn")))
    result = CliRunner().invoke(app, ["alerts", "--db", str(db), "--severity", "conflict", "--json"])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.output.splitlines()]
    assert {(row["kind"], row["value"], row["outlet"]) for row in rows} == {
        ("investment", 8 * BILLION, GAZETTE),
        ("valuation", 300 * BILLION, GAZETTE),
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
