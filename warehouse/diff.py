"""The diff step: new facts against other outlets' figures for the same deal, recorded as alerts."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from urllib.parse import urlsplit

import duckdb

from warehouse.copies import group_copies
from warehouse.database import json_list, read_sql
from warehouse.heap import batch_out_of_collection
from warehouse.rates import day_rates
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


@dataclass(frozen=True)
class Rediff:
    """What re-running the diff after a re-extraction changed: alerts raised, and alerts withdrawn."""

    raised: tuple[str, ...]
    withdrawn: int


def raise_alerts(
    con: duckdb.DuckDBPyConnection,
    article_ids: Sequence[str],
    settings: AlertSettings,
    *,
    raised_at: dt.datetime | None = None,
    signatures: Mapping[str, bytes] | None = None,
) -> int:
    """Compare the facts of these (new) articles with the warehouse; insert the new alerts, return how many.

    The articles are first put in their copy groups; facts published after them on the same keys are judged
    again (an article published earlier but loaded later is their earlier figure now). Runs in the caller's
    transaction, so the alerts commit with the facts that raise them. A pending delivery row is written for
    each configured channel. `signatures`: the articles' text signatures made where they were extracted.
    """
    if not article_ids:
        return 0
    with batch_out_of_collection():
        group_copies(con, article_ids, signatures)
        keys = find_touched_keys(con, article_ids)
        if not keys:
            return 0
        judge(con, keys, article_ids, settings)
        alert_ids = record_verdicts(con, raised_at or utc_now())
        con.execute(DROP_VERDICTS)
        deliver_later(con, alert_ids, settings)
    return len(alert_ids)


def rediff(
    con: duckdb.DuckDBPyConnection,
    article_ids: Sequence[str],
    keys: Sequence[dict[str, str]],
    settings: AlertSettings,
    at: dt.datetime,
) -> Rediff:
    """After these articles' facts were replaced: the diff again over the facts on the keys their old and new facts
    touch that these articles may change; alerts it no longer raises are withdrawn (kept, marked, never sent),
    new ones raised."""
    if not keys:
        return Rediff(raised=(), withdrawn=0)
    judge(con, keys, article_ids, settings)
    params = {"keys": keys_json(keys), "article_ids": json_list(article_ids), "window_days": int(settings.window_days),
              "at": at}
    withdrawn = len(con.execute(WITHDRAW_UNSUPPORTED, params).fetchall())
    raised = record_verdicts(con, at)
    con.execute(DROP_VERDICTS)
    deliver_later(con, raised, settings)
    return Rediff(raised=tuple(raised), withdrawn=withdrawn)


def as_json(rows: list[dict[str, object]]) -> str:
    """Small rows (a judgement's keys and rates) as one JSON array the statements unnest: dates as ISO text,
    decimals as exact digits (a float would lose cents on billions)."""
    return json.dumps(rows, default=json_value, ensure_ascii=False)


def json_value(value: object) -> str:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return format(value, "f")
    raise TypeError(f"no JSON form for {type(value).__name__}")


def keys_json(keys: Sequence[dict[str, str]]) -> str:
    """The keys as the JSON rows the statements unnest."""
    return json.dumps(list(keys))


def deliver_later(con: duckdb.DuckDBPyConnection, alert_ids: Sequence[str], settings: AlertSettings) -> None:
    # dict.fromkeys: a channel listed twice still gets each alert once.
    insert_deliveries(con, alert_ids, [Channel(url) for url in dict.fromkeys(settings.channels)])


TOUCHED_KEYS = """
SELECT DISTINCT kind, subject, CASE WHEN unit IN ('GW', '%') THEN unit ELSE 'money' END AS unit_class
FROM facts
WHERE article_id IN (SELECT unnest(?::JSON::VARCHAR[]))
ORDER BY ALL
"""


def find_touched_keys(con: duckdb.DuckDBPyConnection, article_ids: Sequence[str]) -> list[dict[str, str]]:
    """The keys the diff judges for these articles' facts: kind, subject and unit class (currencies are one)."""
    rows = con.execute(TOUCHED_KEYS, [json_list(article_ids)]).fetchall()
    return [{"kind": kind, "subject": subject, "unit_class": unit_class} for kind, subject, unit_class in rows]


# Currencies and days of the money figures on keys reported in more than one currency: the rates to look up.
CURRENCY_DAYS = """
WITH

keys AS (
    SELECT unnest(touched_key) FROM (
        SELECT unnest($keys::JSON::STRUCT(kind VARCHAR, subject VARCHAR, unit_class VARCHAR)[]) AS touched_key
    )
),

money AS (
    SELECT facts.kind, facts.subject, facts.unit,
           CAST(coalesce(articles.published_at, articles.fetched_at) AS DATE) AS day
    FROM facts
    INNER JOIN articles USING (article_id)
    SEMI JOIN keys ON keys.kind = facts.kind AND keys.subject = facts.subject AND keys.unit_class = 'money'
    WHERE facts.unit NOT IN ('GW', '%')
),

mixed AS (
    SELECT kind, subject FROM money GROUP BY kind, subject HAVING count(DISTINCT unit) > 1
)

SELECT DISTINCT unit, day FROM money SEMI JOIN mixed USING (kind, subject)
"""


def find_rates(con: duckdb.DuckDBPyConnection, keys: Sequence[dict[str, str]]) -> str:
    """The ECB rates the judgement needs (as JSON rows): none unless a key mixes currencies."""
    rows = con.execute(CURRENCY_DAYS, {"keys": keys_json(keys)}).fetchall()
    if not rows:
        return "[]"
    return as_json([dataclasses.asdict(rate) for rate in day_rates({u for u, _ in rows}, {d for _, d in rows})])


# A disagreement with a standing alert is not raised again, whatever it is compared with now.
INSERT_VERDICTS = """
INSERT INTO alerts BY NAME
SELECT * EXCLUDE (position, unit_class, earlier_values), $raised_at::TIMESTAMP AS raised_at
FROM verdicts
WHERE alert_id NOT IN (SELECT alert_id FROM alerts)
    AND disagreement_id NOT IN (SELECT disagreement_id FROM alerts WHERE withdrawn_at IS NULL)
RETURNING alert_id
"""

# A withdrawn alert raised again as it was (a re-extraction restored its figures) stands again, unless another
# alert stands for its disagreement; its deliveries are as they were, so no channel gets it twice.
REINSTATE = """
UPDATE alerts SET withdrawn_at = NULL
WHERE withdrawn_at IS NOT NULL
    AND alert_id IN (SELECT alert_id FROM verdicts)
    AND disagreement_id NOT IN (SELECT disagreement_id FROM alerts WHERE withdrawn_at IS NULL)
"""

DROP_VERDICTS = "DROP TABLE IF EXISTS verdicts"

# Standing alerts on facts judged again (on the keys touched, in the changed articles or after one of them within
# the window) that the diff no longer raises: no verdict for their disagreement, or one that no longer compares
# the figure with every figure the alert cited (a cited figure is gone).
WITHDRAW_UNSUPPORTED = """
UPDATE alerts SET withdrawn_at = $at
WHERE withdrawn_at IS NULL
    AND (kind, subject, CASE WHEN unit IN ('GW', '%') THEN unit ELSE 'money' END) IN (
        SELECT (touched_key.kind, touched_key.subject, touched_key.unit_class)
        FROM (SELECT unnest($keys::JSON::STRUCT(kind VARCHAR, subject VARCHAR, unit_class VARCHAR)[]) AS touched_key)
    )
    AND article_id IN (
        SELECT later.article_id
        FROM articles AS later, articles AS changed
        WHERE changed.article_id IN (SELECT unnest($article_ids::JSON::VARCHAR[]))
            AND (
                later.article_id = changed.article_id
                OR (
                    (coalesce(changed.published_at, changed.fetched_at), changed.fetched_at, changed.canonical_url)
                        < (coalesce(later.published_at, later.fetched_at), later.fetched_at, later.canonical_url)
                    AND (
                        changed.published_at IS NULL OR later.published_at IS NULL
                        OR date_diff('day', changed.published_at, later.published_at) <= $window_days
                    )
                )
            )
    )
    AND NOT EXISTS (
        SELECT 1 FROM verdicts
        WHERE verdicts.disagreement_id = alerts.disagreement_id
            AND list_has_all(
                verdicts.earlier_values,
                list_transform(alerts.earlier, figure -> CAST(figure.compared_value AS VARCHAR))
            )
    )
RETURNING alert_id
"""


def judge(
    con: duckdb.DuckDBPyConnection,
    keys: Sequence[dict[str, str]],
    article_ids: Sequence[str],
    settings: AlertSettings,
) -> None:
    """The alerts the current facts on these keys raise, into the temporary table `verdicts` (the caller drops
    it)."""
    con.execute(read_sql("figure_rounding"))
    con.execute(read_sql("earlier_figure"))
    con.execute(read_sql("judge_facts"), judgement_params(con, keys, article_ids, settings))


def record_verdicts(con: duckdb.DuckDBPyConnection, raised_at: dt.datetime) -> list[str]:
    """Reinstate the withdrawn alerts raised again, insert the verdicts not recorded yet; their ids."""
    con.execute(REINSTATE)
    return [alert_id for (alert_id,) in con.execute(INSERT_VERDICTS, {"raised_at": raised_at}).fetchall()]


def judgement_params(
    con: duckdb.DuckDBPyConnection,
    keys: Sequence[dict[str, str]],
    article_ids: Sequence[str],
    settings: AlertSettings,
) -> dict[str, object]:
    return {
        "keys": keys_json(keys),
        "article_ids": json_list(article_ids),
        "window_days": int(settings.window_days),
        "tolerance": float(settings.tolerance_percent) / 100,
        "rates": find_rates(con, keys),
    }


INSERT_DELIVERIES = """
INSERT INTO alert_deliveries (alert_id, channel_id, channel_name)
SELECT alert_id, channel_id, channel_name
FROM (SELECT unnest(?::JSON::VARCHAR[]) AS alert_id)
CROSS JOIN (SELECT unnest(?::JSON::VARCHAR[]) AS channel_id, unnest(?::JSON::VARCHAR[]) AS channel_name)
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
            json_list(alert_ids),
            json_list(channel.channel_id for channel in channels),
            json_list(channel.channel_name for channel in channels),
        ],
    )
