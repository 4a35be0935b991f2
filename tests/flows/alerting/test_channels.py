"""Alert channels: hostile feed titles made inert per format; deliveries to a JSON webhook on 127.0.0.1."""

from __future__ import annotations

import datetime as dt
import json
import socket
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import apprise
import duckdb
import feedparser
import pytest
from gold_rows import article, investment, seed_articles, store, valuation
from pytest_httpserver import HTTPServer
from werkzeug import Response

from flows.alerting.channels import announce_alerts, compose_message, deliver_pending_alerts, sanitize_text
from flows.alerting.formatting import format_alert_details
from warehouse.alerts import Alert, EarlierFigure, list_alerts
from warehouse.database import connect
from warehouse.diff import raise_alerts
from warehouse.records import AlertSettings

BIDI_AND_INVISIBLE = set(
    "\u061c\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\ufeff"
)
NOV_20 = dt.date(2025, 11, 20)


def hostile_titles(shared_dir: Path) -> list[str]:
    feed = feedparser.parse((shared_dir / "fixtures/feeds/synthetic/alert_injection_titles.rss").read_bytes())
    return [entry.title for entry in feed.entries]


def alert_titled(title: str) -> Alert:
    return Alert(
        alert_id="a1",
        severity="conflict",
        reason="differs",
        kind="investment",
        subject="Anthropic",
        counterparty="Nvidia",
        unit="USD",
        value=Decimal(8 * 10**9),
        qualifier="exact",
        as_of=None,
        status="announced",
        basis=None,
        outlet=title[:40],
        article="https://news.example/inj",
        title=title,
        published_at=dt.datetime(2025, 11, 20),
        evidence=title,
        expected_value=None,
        copies=(title[:40],),
        raised_at=dt.datetime(2025, 11, 21),
        earlier=(earlier_figure(title),),
        sent_at=None,
    )


def earlier_figure(evidence: str) -> EarlierFigure:
    """10 bn from two outlets, one report each; its evidence is untrusted text too."""
    return EarlierFigure(
        counterparty="Nvidia", value=Decimal(10**10), unit="USD", qualifier="exact", as_of=None, status="announced",
        basis=None, compared_value=Decimal(10**10), rate=None, rate_day=None, round_amount=None, outlets=("a", "b"),
        articles=("a.txt", "b.txt"), copy_groups=(("a",), ("b",)), evidence=evidence,
        first_seen_at=dt.datetime(2025, 11, 19),
    )


def channel(url: str) -> apprise.plugins.NotifyBase:
    plugin = apprise.Apprise.instantiate(url)
    assert plugin is not None, url
    return plugin


def test_titles_lose_control_and_bidi_characters_in_every_format(shared_dir: Path) -> None:
    urls = [
        "json://127.0.0.1/hook",
        "json://127.0.0.1/hook?format=html",
        "json://127.0.0.1/hook?format=markdown",
        "slack://T1234/B5678/abcdefghijklmnop",
    ]
    for title in hostile_titles(shared_dir):
        for url in urls:
            message = compose_message(alert_titled(title), channel(url))
            text = message.title + message.body
            assert not BIDI_AND_INVISIBLE & set(text), (url, title)
            assert "\r" not in text and "\n" not in message.title, (url, title)
            assert all(ord(char) >= 32 or char == "\n" for char in text), (url, title)
            # One line per detail (line, article, both sides' evidence, link): nothing the title adds.
            assert len(message.body.split("\n")) == len(format_alert_details(alert_titled(title))), (url, title)


def test_a_title_cannot_inject_a_header_line() -> None:
    assert (
        sanitize_text("Line one\r\nX-Injected-Header: yes\n\nbody", 100)
        == "Line one X-Injected-Header: yes body"
    )


def test_html_channels_get_escaped_markup(shared_dir: Path) -> None:
    title = "<script>alert('xss')</script>OpenAI-like startup raises $1B"
    assert title in hostile_titles(shared_dir)
    message = compose_message(alert_titled(title), channel("json://127.0.0.1/hook?format=html"))
    assert "<script>" not in message.body
    assert "&lt;script&gt;alert(&#x27;xss&#x27;)&lt;/script&gt;" in message.body


def test_markdown_channels_get_escaped_links_and_no_room_mentions(shared_dir: Path) -> None:
    title = "[link](https://evil.example) *markdown* @channel <!here> <@U123>"
    assert title in hostile_titles(shared_dir)
    body = compose_message(alert_titled(title), channel("json://127.0.0.1/hook?format=markdown")).body
    assert r"\[link\]\(https://evil\.example\) \*markdown\*" in body
    assert "@channel" not in body and "<!here>" not in body


def test_slack_mentions_stay_text_after_apprise_formats_them(shared_dir: Path) -> None:
    title = "[link](https://evil.example) *markdown* @channel <!here> <@U123>"
    assert title in hostile_titles(shared_dir)
    slack = channel("slack://T1234/B5678/abcdefghijklmnop")
    body = compose_message(alert_titled(title), slack).body
    # What apprise's Slack plugin does to a markdown body before posting: escape, then revive <!here>, <@U>.
    escaped = slack._re_formatting_rules.sub(lambda match: slack._re_formatting_map[match.group()], body)
    assert slack._re_channel_support.findall(escaped) == []
    assert slack._re_user_id_support.findall(escaped) == []
    assert "@channel" not in body


@pytest.fixture
def con(tmp_path: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    with connect(tmp_path / "warehouse.duckdb") as connection:
        yield connection


def raise_conflicts(con: duckdb.DuckDBPyConnection, channels: tuple[str, ...]) -> None:
    """The seeds (3 notices), then a made-up outlet's 8 bn and 300 bn (2 conflicts), for these channels."""
    rules = AlertSettings(channels=channels)
    raise_alerts(con, store(con, seed_articles()), rules)
    gazette = article(
        "gazette.txt", [investment("Nvidia", 8), valuation(300)], outlet="La Gazette", published_at=NOV_20
    )
    raise_alerts(con, store(con, [gazette]), rules)


def hook_url(server: HTTPServer) -> str:
    return f"json://127.0.0.1:{server.port}/hook"


def test_a_webhook_that_accepts_gets_each_alert_once(
    con: duckdb.DuckDBPyConnection, httpserver_ipv4: HTTPServer
) -> None:
    httpserver_ipv4.expect_request("/hook", method="POST").respond_with_data("ok")
    raise_conflicts(con, (hook_url(httpserver_ipv4),))
    report = deliver_pending_alerts(con, [hook_url(httpserver_ipv4)])
    assert (report.sent, report.pending, report.problems) == (5, 0, ())
    payloads = [json.loads(request.get_data()) for request, _ in httpserver_ipv4.log]
    assert len(payloads) == 5
    assert any(
        "[conflict] Anthropic valuation: 300 bn USD (La Gazette, 2025-11-20) vs 350 bn USD" in p["message"]
        for p in payloads
    )
    assert all(alert.sent_at is not None for alert in list_alerts(con))
    assert deliver_pending_alerts(con, [hook_url(httpserver_ipv4)]).sent == 0
    assert len(httpserver_ipv4.log) == 5


def test_a_failing_webhook_keeps_alerts_pending_until_it_accepts(
    con: duckdb.DuckDBPyConnection, httpserver_ipv4: HTTPServer
) -> None:
    httpserver_ipv4.expect_request("/hook").respond_with_response(Response("down", status=500))
    raise_conflicts(con, (hook_url(httpserver_ipv4),))
    report = deliver_pending_alerts(con, [hook_url(httpserver_ipv4)])
    assert (report.sent, report.pending) == (0, 5)
    assert f"json://127.0.0.1:{httpserver_ipv4.port}" in report.problems[0]
    assert all(alert.sent_at is None for alert in list_alerts(con))
    attempts = con.execute(
        "SELECT attempts, last_error IS NOT NULL FROM alert_deliveries WHERE attempts > 0"
    ).fetchall()
    assert attempts == [(1, True)]  # the first refusal stops the channel for this run

    httpserver_ipv4.clear()
    httpserver_ipv4.expect_request("/hook").respond_with_data("ok")
    assert deliver_pending_alerts(con, [hook_url(httpserver_ipv4)]).sent == 5
    assert all(alert.sent_at is not None for alert in list_alerts(con))


def test_a_closed_port_keeps_alerts_pending(con: duckdb.DuckDBPyConnection) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        closed_url = f"json://127.0.0.1:{probe.getsockname()[1]}/hook"
    raise_conflicts(con, (closed_url,))
    report = deliver_pending_alerts(con, [closed_url])
    assert (report.sent, report.pending) == (0, 5)
    assert all(alert.sent_at is None for alert in list_alerts(con))


def test_alerts_of_a_channel_added_later_are_not_sent_to_it(
    con: duckdb.DuckDBPyConnection, httpserver_ipv4: HTTPServer
) -> None:
    raise_conflicts(con, ())
    assert deliver_pending_alerts(con, [hook_url(httpserver_ipv4)]).sent == 0
    assert httpserver_ipv4.log == []


def test_the_run_prints_one_line_per_new_alert(con: duckdb.DuckDBPyConnection) -> None:
    started_at = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    raise_conflicts(con, ())
    printed = announce_alerts(con, started_at, ()).format().splitlines()
    assert printed[0] == "new alerts: 5"
    # Compared with the seeds published before Nov 20 only (003 is of Nov 22, 004 undated).
    assert (
        "  [conflict] Anthropic ← Nvidia investment: 8 bn USD (La Gazette, 2025-11-20) vs 10 bn USD "
        "(2 outlets: 000_1d47dec1d2c33ff5.txt, 002_3e778302757a9e98.txt); "
        "up to 10 bn USD (001_dd43606ce86874cc.txt)" in printed
    )

