"""Reading alerts back (for people and channels) and recording what each channel accepted."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

import duckdb

from warehouse.database import json_list

SEVERITIES = ("conflict", "notice")


@dataclass(frozen=True)
class EarlierFigure:
    """One distinct figure published before the alert's (for a sum check: one part of the joint figure; for a
    title its body contradicts: one of the body's figures), with its context, how it was compared, and who
    reported it: its outlets and their copy groups (each group one independent report)."""

    counterparty: str | None
    value: Decimal
    unit: str
    qualifier: str
    as_of: str | None
    status: str
    basis: str | None
    compared_value: Decimal  # in the alert's unit (at `rate`, ECB, of `rate_day`) and basis (`round_amount`)
    rate: float | None
    rate_day: dt.date | None
    round_amount: Decimal | None
    outlets: tuple[str, ...]
    articles: tuple[str, ...]
    copy_groups: tuple[tuple[str, ...], ...]
    evidence: str | None
    first_seen_at: dt.datetime | None

    @property
    def report_count(self) -> int:
        """Independent reports: a wire story reprinted by three outlets is one."""
        return len(self.copy_groups)


@dataclass(frozen=True)
class Alert:
    """One disagreement: the new figure with its article, and the figures it was compared with."""

    alert_id: str
    severity: str
    reason: str
    kind: str
    subject: str
    counterparty: str | None
    unit: str
    value: Decimal
    qualifier: str
    as_of: str | None
    status: str
    basis: str | None
    outlet: str
    article: str
    title: str
    published_at: dt.datetime | None
    evidence: str
    expected_value: Decimal | None
    copies: tuple[str, ...]  # the outlets of the article's copy group (itself included): one report
    earlier: tuple[EarlierFigure, ...]
    raised_at: dt.datetime
    sent_at: dt.datetime | None
    withdrawn_at: dt.datetime | None = None


@dataclass(frozen=True)
class PendingDelivery:
    """An alert a channel has not accepted yet."""

    alert: Alert
    channel_id: str


ALERT_COLUMNS = """
    alerts.alert_id, alerts.severity, alerts.reason, alerts.kind, alerts.subject, alerts.counterparty,
    alerts.unit, alerts.value, alerts.qualifier, alerts.as_of, alerts.status, alerts.basis, alerts.outlet,
    coalesce(articles.file_name, articles.canonical_url), articles.title, articles.published_at,
    alerts.evidence, alerts.expected_value,
    coalesce(
        (SELECT list_sort(list_distinct(list(copy.outlet))) FROM articles AS copy
         WHERE copy.copy_group = articles.copy_group),
        [articles.outlet]
    ),
    alerts.earlier, alerts.raised_at, alerts.sent_at, alerts.withdrawn_at
"""
SELECT_ALERTS = "SELECT" + ALERT_COLUMNS + "FROM alerts INNER JOIN articles USING (article_id)"

LIST_ALERTS = (
    SELECT_ALERTS
    + """
WHERE ($since IS NULL OR alerts.raised_at >= $since)
    AND ($severity IS NULL OR alerts.severity = $severity)
    AND ($include_withdrawn OR alerts.withdrawn_at IS NULL)
ORDER BY alerts.raised_at, alerts.severity, alerts.subject, alerts.kind, alerts.alert_id
"""
)


def list_alerts(
    con: duckdb.DuckDBPyConnection,
    *,
    since: dt.datetime | None = None,
    severity: str | None = None,
    include_withdrawn: bool = False,
) -> list[Alert]:
    """Alerts raised at or after `since`, of one severity or all, oldest first; withdrawn ones on request."""
    if severity is not None and severity not in SEVERITIES:
        raise ValueError(f"unknown severity {severity!r}: expected one of {', '.join(SEVERITIES)}")
    params = {"since": since, "severity": severity, "include_withdrawn": include_withdrawn}
    rows = con.execute(LIST_ALERTS, params).fetchall()
    return [alert_from_row(row) for row in rows]


ALERTS_BY_ID = (
    SELECT_ALERTS
    + """
WHERE alerts.alert_id IN (SELECT unnest($alert_ids::JSON::VARCHAR[]))
ORDER BY alerts.severity, alerts.subject, alerts.kind, alerts.alert_id
"""
)


def find_alerts(con: duckdb.DuckDBPyConnection, alert_ids: Sequence[str]) -> list[Alert]:
    """These alerts (e.g. the ones a run just raised), conflicts first."""
    return [
        alert_from_row(row) for row in con.execute(ALERTS_BY_ID, {"alert_ids": json_list(alert_ids)}).fetchall()
    ]


ALERTS_RAISED_SINCE = "SELECT alert_id FROM alerts WHERE raised_at >= ? ORDER BY alert_id"


def find_alert_ids_raised_since(con: duckdb.DuckDBPyConnection, moment: dt.datetime) -> list[str]:
    """The ids of the alerts raised at or after a moment (a run's start)."""
    return [alert_id for (alert_id,) in con.execute(ALERTS_RAISED_SINCE, [moment]).fetchall()]


def alert_from_row(row: tuple) -> Alert:
    *head, copies, earlier, raised_at, sent_at, withdrawn_at = row
    return Alert(
        *head,
        copies=tuple(copies),
        earlier=tuple(figure_from_struct(figure) for figure in earlier),
        raised_at=raised_at,
        sent_at=sent_at,
        withdrawn_at=withdrawn_at,
    )


def figure_from_struct(figure: dict) -> EarlierFigure:
    return EarlierFigure(
        counterparty=figure["counterparty"],
        value=figure["value"],
        unit=figure["unit"],
        qualifier=figure["qualifier"],
        as_of=figure["as_of"],
        status=figure["status"],
        basis=figure["basis"],
        compared_value=figure["compared_value"],
        rate=figure["rate"],
        rate_day=figure["rate_day"],
        round_amount=figure["round_amount"],
        outlets=tuple(figure["outlets"]),
        articles=tuple(figure["articles"]),
        copy_groups=tuple(tuple(group) for group in figure["copy_groups"]),
        evidence=figure["evidence"],
        first_seen_at=figure["first_seen_at"],
    )



PENDING_DELIVERIES = (
    "SELECT alert_deliveries.channel_id,"
    + ALERT_COLUMNS
    + """
FROM alerts
INNER JOIN articles USING (article_id)
INNER JOIN alert_deliveries USING (alert_id)
WHERE alert_deliveries.sent_at IS NULL
    AND alerts.withdrawn_at IS NULL
    AND alert_deliveries.channel_id IN (SELECT unnest($channel_ids::JSON::VARCHAR[]))
ORDER BY alerts.raised_at, alerts.alert_id, alert_deliveries.channel_id
"""
)


def find_pending_deliveries(
    con: duckdb.DuckDBPyConnection, channel_ids: Sequence[str]
) -> list[PendingDelivery]:
    """What these channels have not accepted yet, oldest first (channels no longer configured are left, and a
    withdrawn alert is never sent)."""
    rows = con.execute(PENDING_DELIVERIES, {"channel_ids": json_list(channel_ids)}).fetchall()
    return [PendingDelivery(alert_from_row(row[1:]), row[0]) for row in rows]


RECORD_SENT = """
UPDATE alert_deliveries
SET sent_at = $sent_at, attempts = attempts + 1, last_attempt_at = $sent_at, last_error = NULL
WHERE alert_id = $alert_id AND channel_id = $channel_id AND sent_at IS NULL
"""

# The alert itself counts as sent once no channel still owes it.
CLOSE_ALERT = """
UPDATE alerts SET sent_at = $sent_at
WHERE alert_id = $alert_id AND sent_at IS NULL
    AND NOT EXISTS (
        SELECT 1 FROM alert_deliveries
        WHERE alert_deliveries.alert_id = $alert_id AND alert_deliveries.sent_at IS NULL
    )
"""


def record_sent(con: duckdb.DuckDBPyConnection, alert_id: str, channel_id: str, sent_at: dt.datetime) -> None:
    """The channel accepted the alert: call only after it said so."""
    params = {"alert_id": alert_id, "channel_id": channel_id, "sent_at": sent_at}
    con.execute("BEGIN TRANSACTION")
    try:
        con.execute(RECORD_SENT, params)
        con.execute(CLOSE_ALERT, {"alert_id": alert_id, "sent_at": sent_at})
    except BaseException:
        con.execute("ROLLBACK")
        raise
    con.execute("COMMIT")


RECORD_FAILURE = """
UPDATE alert_deliveries
SET attempts = attempts + 1, last_attempt_at = $attempted_at, last_error = $error
WHERE alert_id = $alert_id AND channel_id = $channel_id AND sent_at IS NULL
"""


def record_failure(
    con: duckdb.DuckDBPyConnection, alert_id: str, channel_id: str, error: str, attempted_at: dt.datetime
) -> None:
    """The channel refused or could not be reached: the delivery stays pending for the next run."""
    con.execute(
        RECORD_FAILURE,
        {
            "alert_id": alert_id,
            "channel_id": channel_id,
            "error": error,
            "attempted_at": attempted_at,
        },
    )
