"""The diff step on a real DuckDB file: the seeds' gold facts, then articles from made-up outlets."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import duckdb
import pytest
from gold_rows import BILLION, article, investment, seed_articles, store, valuation

from warehouse.alerts import Alert, list_alerts
from warehouse.database import connect
from warehouse.diff import Channel, raise_alerts
from warehouse.records import AlertSettings, ArticleRecord

NVIDIA_EXACT_IN_000 = ("notice", "Nvidia", "000_1d47dec1d2c33ff5.txt")
MICROSOFT_EXACT_IN_000 = ("notice", "Microsoft", "000_1d47dec1d2c33ff5.txt")
NVIDIA_UP_TO_IN_004 = ("notice", "Nvidia", "004_3c70629ff31dc08d.txt")
NOV_20 = dt.date(2025, 11, 20)
DEFAULT_RULES = AlertSettings()


@pytest.fixture
def con(tmp_path: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    with connect(tmp_path / "warehouse.duckdb") as connection:
        yield connection


@pytest.fixture
def seeded(con: duckdb.DuckDBPyConnection) -> duckdb.DuckDBPyConnection:
    """The five seeds' gold facts, diffed as one first run."""
    raise_alerts(con, store(con, seed_articles()), AlertSettings())
    return con


def add(con: duckdb.DuckDBPyConnection, *articles, rules: AlertSettings = DEFAULT_RULES) -> list[Alert]:
    """Store articles as a later run would, and return the alerts that run raised."""
    before = {alert.alert_id for alert in list_alerts(con)}
    raise_alerts(con, store(con, list(articles)), rules)
    return [alert for alert in list_alerts(con) if alert.alert_id not in before]


def summary(alerts: list[Alert]) -> set[tuple[str, str | None, str]]:
    return {(alert.severity, alert.counterparty, alert.article) for alert in alerts}


def test_seeds_raise_only_the_qualifier_notices(seeded: duckdb.DuckDBPyConnection) -> None:
    # In publication order: 001 (Nov 18) says "jusqu'à 10 milliards" (Nvidia) and "jusqu'à 5 milliards"
    # (Microsoft); 000 (Nov 19) is the first to give them plainly, against 001 alone; 002 and 003 then find one
    # report each way; 004 (undated, so last) says "jusqu'à 10 milliards" against three plain reports.
    alerts = list_alerts(seeded)
    assert summary(alerts) == {NVIDIA_EXACT_IN_000, MICROSOFT_EXACT_IN_000, NVIDIA_UP_TO_IN_004}
    nvidia_000 = next(a for a in alerts if (a.counterparty, a.article) == NVIDIA_EXACT_IN_000[1:])
    assert (nvidia_000.value, nvidia_000.qualifier, nvidia_000.reason) == (10 * BILLION, "exact", "qualifier")
    assert [(f.qualifier, f.outlets) for f in nvidia_000.earlier] == [("up_to", ("001_dd43606ce86874cc.txt",))]
    nvidia_004 = next(a for a in alerts if (a.counterparty, a.article) == NVIDIA_UP_TO_IN_004[1:])
    assert [(f.qualifier, f.outlets) for f in nvidia_004.earlier] == [
        ("exact", ("000_1d47dec1d2c33ff5.txt", "002_3e778302757a9e98.txt", "003_91ea438c95295eca.txt")),
        ("up_to", ("001_dd43606ce86874cc.txt",)),
    ]


def test_diffing_the_same_articles_again_raises_nothing(seeded: duckdb.DuckDBPyConnection) -> None:
    seed_ids = [row[0] for row in seeded.execute("SELECT article_id FROM articles").fetchall()]
    assert raise_alerts(seeded, seed_ids, AlertSettings()) == 0
    assert len(list_alerts(seeded)) == 3


def test_a_figure_nobody_else_reported_raises_nothing(seeded: duckdb.DuckDBPyConnection) -> None:
    assert add(seeded, article("new.txt", [investment("Google", 2)], published_at=NOV_20)) == []


def test_the_same_figure_from_another_outlet_raises_nothing(seeded: duckdb.DuckDBPyConnection) -> None:
    assert (
        add(seeded, article("same.txt", [investment("Nvidia", 10), valuation(350)], published_at=NOV_20))
        == []
    )


def test_a_different_figure_is_a_conflict_naming_both_sides(seeded: duckdb.DuckDBPyConnection) -> None:
    alerts = add(
        seeded,
        article(
            "gazette.txt", [investment("Nvidia", 8), valuation(300)], outlet="La Gazette", published_at=NOV_20
        ),
    )
    assert {(a.severity, a.kind, a.value, a.outlet) for a in alerts} == {
        ("conflict", "investment", 8 * BILLION, "La Gazette"),
        ("conflict", "valuation", 300 * BILLION, "La Gazette"),
    }
    valuation_alert = next(a for a in alerts if a.kind == "valuation")
    assert [(f.value, f.outlets) for f in valuation_alert.earlier] == [
        (350 * BILLION, ("000_1d47dec1d2c33ff5.txt", "002_3e778302757a9e98.txt")),
    ]
    assert valuation_alert.evidence == "Anthropic valued at 300 bn"


def test_a_figure_within_the_tolerance_agrees(seeded: duckdb.DuckDBPyConnection) -> None:
    close = article("close.txt", [valuation("350.5")], published_at=NOV_20)
    assert add(seeded, close) == []
    closer_rules = AlertSettings(tolerance_percent=Decimal("0.1"))
    assert summary(
        add(seeded, article("far.txt", [valuation("351")], published_at=NOV_20), rules=closer_rules)
    ) == {
        ("conflict", None, "far.txt"),
    }


def test_only_the_qualifier_differs_is_a_notice(con: duckdb.DuckDBPyConnection) -> None:
    add(con, article("a.txt", [investment("Amazon", 4, "up_to")], published_at=NOV_20))
    alerts = add(con, article("b.txt", [investment("Amazon", 4)], published_at=NOV_20))
    assert summary(alerts) == {("notice", "Amazon", "b.txt")}
    assert alerts[0].earlier[0].qualifier == "up_to"


def test_a_qualifier_both_readings_share_raises_nothing(con: duckdb.DuckDBPyConnection) -> None:
    add(
        con,
        article("a.txt", [investment("Amazon", 4, "up_to")], published_at=NOV_20),
        article("b.txt", [investment("Amazon", 4)], published_at=NOV_20),
    )
    assert add(con, article("c.txt", [investment("Amazon", 4)], published_at=NOV_20)) == []


def test_a_joint_figure_agreeing_with_its_parts_raises_nothing(seeded: duckdb.DuckDBPyConnection) -> None:
    assert (
        add(seeded, article("joint.txt", [investment("Microsoft+Nvidia", "15.1")], published_at=NOV_20)) == []
    )


def test_a_joint_figure_differing_from_its_parts_is_a_conflict(con: duckdb.DuckDBPyConnection) -> None:
    add(con, article("a.txt", [investment("Nvidia", 10), investment("Microsoft", 5)], published_at=NOV_20))
    [alert] = add(con, article("b.txt", [investment("Microsoft+Nvidia", 20)], published_at=NOV_20))
    assert (alert.severity, alert.reason, alert.expected_value) == ("conflict", "sum_of_parts", 15 * BILLION)
    assert [(f.counterparty, f.value) for f in alert.earlier] == [
        ("Microsoft", 5 * BILLION),
        ("Nvidia", 10 * BILLION),
    ]


def test_a_joint_figure_differing_from_other_reports_and_parts_shows_both(
    seeded: duckdb.DuckDBPyConnection,
) -> None:
    [alert] = add(seeded, article("joint.txt", [investment("Microsoft+Nvidia", 20)], published_at=NOV_20))
    assert (alert.severity, alert.reason, alert.expected_value) == ("conflict", "differs", 15 * BILLION)
    # Only the seeds published before Nov 20 count: 000, 001 and 002 (003 is of Nov 22, 004 is undated).
    assert [(f.counterparty, f.value, len(f.outlets)) for f in alert.earlier] == [
        ("Microsoft+Nvidia", 15 * BILLION, 1),
        ("Microsoft", 5 * BILLION, 3),
        ("Nvidia", 10 * BILLION, 3),
    ]


def test_a_joint_figure_is_not_checked_against_a_disputed_part(con: duckdb.DuckDBPyConnection) -> None:
    add(
        con,
        article("a.txt", [investment("Nvidia", 10), investment("Microsoft", 5)], published_at=NOV_20),
        article("b.txt", [investment("Nvidia", 8)], published_at=NOV_20),
    )
    # Nvidia is reported as 10 and as 8: the sum of the parts is unknown, so 13 cannot be judged against it.
    assert add(con, article("joint.txt", [investment("Microsoft+Nvidia", 13)], published_at=NOV_20)) == []


def test_a_joint_figure_is_not_checked_when_a_part_is_missing(con: duckdb.DuckDBPyConnection) -> None:
    add(con, article("a.txt", [investment("Nvidia", 10)], published_at=NOV_20))
    assert add(con, article("b.txt", [investment("Microsoft+Nvidia", 20)], published_at=NOV_20)) == []


def test_one_outlet_never_disagrees_with_itself(con: duckdb.DuckDBPyConnection) -> None:
    add(con, article("monday.txt", [valuation(300)], outlet="Le Monde", published_at=NOV_20))
    assert add(con, article("tuesday.txt", [valuation(350)], outlet="Le Monde", published_at=NOV_20)) == []


def test_copies_of_one_story_never_disagree(con: duckdb.DuckDBPyConnection) -> None:
    # A syndicated copy under another outlet's name and URL: same text, so the same story.
    add(con, article("wire.txt", [valuation(300)], outlet="Wire", text="One text", published_at=NOV_20))
    assert (
        add(
            con, article("copy.txt", [valuation(350)], outlet="Reprint", text="One text", published_at=NOV_20)
        )
        == []
    )


def softbank_tranches(name: str, *billions: int) -> ArticleRecord:
    """An article giving SoftBank's cheques into OpenAI in several tranches."""
    return article(name, [investment("SoftBank", b, subject="OpenAI") for b in billions], published_at=NOV_20)


def test_outlets_reporting_the_same_tranches_agree(con: duckdb.DuckDBPyConnection) -> None:
    add(con, softbank_tranches("a.txt", 10, 30))
    assert add(con, softbank_tranches("b.txt", 30, 10)) == []
    [alert] = add(con, softbank_tranches("c.txt", 10, 25))
    assert (alert.severity, alert.value) == ("conflict", 25 * BILLION)


def test_figures_outside_the_window_are_not_compared(con: duckdb.DuckDBPyConnection) -> None:
    add(con, article("old.txt", [valuation(61)], published_at=dt.date(2025, 1, 2)))
    assert add(con, article("new.txt", [valuation(183)], published_at=dt.date(2025, 3, 4))) == []
    wide = AlertSettings(window_days=90)
    assert summary(
        add(con, article("later.txt", [valuation(200)], published_at=dt.date(2025, 3, 5)), rules=wide)
    ) == {
        ("conflict", None, "later.txt"),
    }


def test_an_undated_article_is_compared_whatever_the_dates(con: duckdb.DuckDBPyConnection) -> None:
    # (Less than a step of half apart: an undated figure 1.5 times another is a notice, test_diff_context.py.)
    add(con, article("dated.txt", [valuation(61)], published_at=dt.date(2024, 1, 2)))
    assert summary(add(con, article("undated.txt", [valuation(70)]))) == {("conflict", None, "undated.txt")}


def test_each_new_alert_gets_a_pending_delivery_per_channel(con: duckdb.DuckDBPyConnection) -> None:
    urls = ("json://127.0.0.1:9/hook", "mailtos://user:secret@mail.example")
    add(con, article("a.txt", [valuation(1)], published_at=NOV_20))
    add(con, article("b.txt", [valuation(2)], published_at=NOV_20), rules=AlertSettings(channels=urls + urls[:1]))
    rows = con.execute("SELECT channel_id, channel_name, sent_at FROM alert_deliveries ORDER BY 2").fetchall()
    assert rows == [
        (Channel(urls[0]).channel_id, "json://127.0.0.1:9", None),
        (Channel(urls[1]).channel_id, "mailtos://mail.example", None),
    ]
