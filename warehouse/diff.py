"""The diff step: new facts against other outlets' figures for the same deal, recorded as alerts."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from urllib.parse import urlsplit

import duckdb

from warehouse.database import read_sql
from warehouse.records import AlertSettings, utc_now


@dataclass(frozen=True)
class Channel:
    """One delivery channel: an apprise URL, known in the warehouse only by a hash and a harmless name."""

    url: str

    @property
    def channel_id(self) -> str:
        return hashlib.sha256(self.url.encode("utf-8")).hexdigest()[:16]

    @property
    def channel_name(self) -> str:
        """Scheme and host: the path, user and query of an apprise URL can hold tokens and passwords."""
        parts = urlsplit(self.url)
        host = parts.hostname or ""
        port = f":{parts.port}" if parts.port else ""
        return f"{parts.scheme}://{host}{port}"


def raise_alerts(
    con: duckdb.DuckDBPyConnection,
    article_ids: Sequence[str],
    settings: AlertSettings,
    *,
    raised_at: dt.datetime | None = None,
) -> int:
    """Compare the facts of these (new) articles with the warehouse; insert the new alerts, return how many.

    Runs in the caller's transaction, so the alerts commit with the facts that raise them. A pending
    delivery row is written for each configured channel.
    """
    if not article_ids:
        return 0
    alert_ids = insert_alerts(con, article_ids, settings, raised_at or utc_now())
    # dict.fromkeys: a channel listed twice still gets each alert once.
    insert_deliveries(con, alert_ids, [Channel(url) for url in dict.fromkeys(settings.channels)])
    return len(alert_ids)


def insert_alerts(
    con: duckdb.DuckDBPyConnection, article_ids: Sequence[str], settings: AlertSettings, raised_at: dt.datetime
) -> list[str]:
    """Run the diff SQL; the ids of the alerts it inserted (a disagreement already recorded is skipped)."""
    params = {
        "article_ids": list(article_ids),
        "window_days": int(settings.window_days),
        "tolerance": float(settings.tolerance_percent) / 100,
        "raised_at": raised_at,
    }
    return [alert_id for (alert_id,) in con.execute(read_sql("raise_alerts"), params).fetchall()]


INSERT_DELIVERIES = """
INSERT INTO alert_deliveries (alert_id, channel_id, channel_name)
SELECT alert_id, channel_id, channel_name
FROM (SELECT unnest(?::VARCHAR[]) AS alert_id)
CROSS JOIN (SELECT unnest(?::VARCHAR[]) AS channel_id, unnest(?::VARCHAR[]) AS channel_name)
ON CONFLICT DO NOTHING
"""


def insert_deliveries(
    con: duckdb.DuckDBPyConnection, alert_ids: Sequence[str], channels: Sequence[Channel]
) -> None:
    """One pending delivery per new alert and channel: the outbox that `flows.alerting.channels` empties."""
    if not alert_ids or not channels:
        return
    con.execute(
        INSERT_DELIVERIES,
        [
            list(alert_ids),
            [channel.channel_id for channel in channels],
            [channel.channel_name for channel in channels],
        ],
    )
