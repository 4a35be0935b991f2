"""Room-wide mentions never page a room in any format; each delivery carries the alert id as its idempotency key."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import signal
import subprocess
import sys
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import apprise
import duckdb
import pytest
from gold_rows import article, investment, seed_articles, store
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from flows.alerting.channels import compose_message, deliver_pending_alerts
from warehouse.alerts import Alert, EarlierFigure, list_alerts
from warehouse.database import connect
from warehouse.diff import raise_alerts
from warehouse.records import AlertSettings

ROOT = Path(__file__).resolve().parents[3]
# What Slack, Discord, Mattermost, Teams, Rocket.Chat, Matrix and Zulip read as "page everyone here".
HOSTILE = "Corvid raises @here @channel @everyone @all @room @**all** @_**stream** <!here> <!channel|c> <@U42>"
LIVE_MENTIONS = [
    re.compile(r"@(here|channel|everyone|all|room)\b", re.IGNORECASE),
    re.compile(r"@_?\*\*(all|everyone|stream|channel|topic)\*\*"),
    re.compile(r"<[!@#]"),
]
# One URL per channel family apprise knows, as a user would configure it (nothing is sent to these).
CHANNELS = {
    "discord": "discord://4174216298/JHMHI8qBe7bk2ZwO5U711o3dV_js",
    "mattermost": "mmost://chat.example/3ccdd113474722377935511fc85d3dd4",
    "zulip": "zulip://bot-name@example.zulipchat.com/abcdefghijklmnopqrstuvwxyzABCDEF",
    "matrix": "matrix://user:pass@matrix.example/%23room",
    "ntfy": "ntfy://alerts-topic",
    "json": "json://127.0.0.1/hook",
    "mail (html)": "mailto://user:pass@example.com",
    "rocket.chat (markdown)": "rocket://user:pass@chat.example/%23general",
    "slack": "slack://T1234/B5678/abcdefghijklmnop",
    "telegram (html)": "tgram://123456789:abcdefg_hijklmnop/12315544/",
}


def live_mentions(text: str) -> list[str]:
    return [match.group() for pattern in LIVE_MENTIONS for match in pattern.finditer(text)]


def hostile_alert() -> Alert:
    return Alert(
        alert_id="3f2a9c0d1e4b5a67", severity="conflict", reason="differs", kind="investment", subject="Corvid AI",
        counterparty="Halcyon Capital", unit="USD", value=Decimal(4 * 10**9), qualifier="exact", as_of=None,
        status="announced", basis=None, outlet="@everyone daily", article="https://news.example/corvid",
        title=HOSTILE, published_at=dt.datetime(2026, 3, 2), evidence=HOSTILE, expected_value=None,
        copies=("@everyone daily", "@channel reprints"),
        earlier=(EarlierFigure(
            counterparty="Halcyon Capital", value=Decimal(5 * 10**9), unit="USD", qualifier="exact", as_of=None,
            status="announced", basis=None, compared_value=Decimal(5 * 10**9), rate=None, rate_day=None,
            round_amount=None, outlets=("@here wire",), articles=("a",), copy_groups=(("@here wire",),),
            evidence=HOSTILE, first_seen_at=dt.datetime(2026, 3, 1),
        ),),
        raised_at=dt.datetime(2026, 3, 2, 9), sent_at=None)


@pytest.mark.parametrize("family", sorted(CHANNELS))
def test_no_channel_format_lets_a_room_wide_mention_through(family: str) -> None:
    plugin = apprise.Apprise.instantiate(CHANNELS[family])
    assert plugin is not None
    message = compose_message(hostile_alert(), plugin)
    assert live_mentions(message.title + "\n" + message.body) == [], (family, plugin.notify_format)
    assert "Corvid raises" in message.body


@pytest.fixture
def con(tmp_path: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    with connect(tmp_path / "w.duckdb") as connection:
        yield connection


def test_a_webhook_receives_no_live_mention_and_the_alert_id_as_idempotency_key(
    con: duckdb.DuckDBPyConnection, httpserver_ipv4: HTTPServer,
) -> None:
    hook = f"json://127.0.0.1:{httpserver_ipv4.port}/hook"
    httpserver_ipv4.expect_request("/hook", method="POST").respond_with_data("ok")
    rules = AlertSettings(channels=(hook,))
    raise_alerts(con, store(con, seed_articles()), rules)
    hostile = article(HOSTILE, [investment("Nvidia", 8)], outlet="@channel news", published_at=dt.date(2025, 11, 20))
    raise_alerts(con, store(con, [hostile]), rules)
    assert deliver_pending_alerts(con, [hook]).sent == 4
    received = [(request.headers.get("Idempotency-Key"), json.loads(request.get_data()))
                for request, _ in httpserver_ipv4.log]
    assert sorted(key for key, _ in received) == sorted(alert.alert_id for alert in list_alerts(con))
    hostile_payloads = [payload for _, payload in received if "Corvid raises" in payload["message"]]
    assert len(hostile_payloads) == 1
    assert live_mentions(json.dumps(hostile_payloads[0], ensure_ascii=False)) == []


def webhook_that_kills(run_pid: list[int], received: list[tuple[str | None, str]]):
    """Takes each alert; the first one kills the sending run (kill -9) before it can hear that it was taken."""
    def answer(request: Request) -> Response:
        received.append((request.headers.get("Idempotency-Key"), json.loads(request.get_data())["title"]))
        if len(received) == 1:
            os.kill(run_pid[0], signal.SIGKILL)
        return Response("ok")
    return answer


@pytest.mark.prefect
def test_a_run_killed_mid_delivery_sends_that_alert_again_with_the_same_key(
    run_env: dict[str, str], tmp_path: Path, httpserver_ipv4: HTTPServer,
) -> None:
    seeds = tmp_path / "seeds"
    shutil.copytree(ROOT / "seeds", seeds, ignore=shutil.ignore_patterns("*.jsonl"))
    config = tmp_path / "dealwatch.toml"
    config.write_text(f'[alerts]\nchannels = ["json://127.0.0.1:{httpserver_ipv4.port}/hook"]\n\n'
                      f'[[sources]]\nname = "seeds"\ntype = "folder"\npath = "{seeds}"\n', encoding="utf-8")
    run_pid: list[int] = []
    received: list[tuple[str | None, str]] = []
    httpserver_ipv4.expect_request("/hook", method="POST").respond_with_handler(webhook_that_kills(run_pid, received))
    db_path = tmp_path / "dw.duckdb"
    command = [sys.executable, "-m", "flows.cli", "run", "--config", str(config), "--db", str(db_path)]
    killed = subprocess.Popen(command, env=run_env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    run_pid.append(killed.pid)
    killed.communicate(timeout=120)
    assert killed.returncode == -signal.SIGKILL and len(received) == 1

    again = subprocess.run(command, env=run_env, capture_output=True, text=True, timeout=120)
    assert again.returncode == 0, again.stdout + again.stderr
    with duckdb.connect(str(db_path), read_only=True) as con:
        sent = con.execute("SELECT alert_id FROM alerts WHERE sent_at IS NOT NULL").fetchall()
    alert_ids = sorted(alert_id for (alert_id,) in sent)
    assert len(alert_ids) == 3 and len(received) == 4  # at least once: the first alert went out twice
    assert sorted({key for key, _ in received}) == alert_ids
    first_key, first_title = received[0]
    assert [title for key, title in received if key == first_key] == [first_title, first_title]
