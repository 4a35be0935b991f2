"""The diff compares like with like: publication order, periods, statuses, pre/post money, wire copies,
currencies, titles against bodies. Facts written here carry the context fields (made-up companies)."""

from __future__ import annotations

import datetime as dt
import socket
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import duckdb
import pytest
from gold_rows import BILLION, article, store

from extractors import extract
from extractors.facts import Article, Basis, Fact, Kind, Qualifier, Status
from flows.alerting.formatting import format_alert_line
from warehouse.alerts import Alert, list_alerts
from warehouse.database import connect
from warehouse.diff import raise_alerts
from warehouse.records import AlertSettings, ArticleRecord

MILLION = Decimal(10**6)
MONDAY = dt.datetime(2025, 3, 3, 9, 0)
TUESDAY = dt.datetime(2025, 3, 4, 9, 0)
WEDNESDAY = dt.datetime(2025, 3, 5, 9, 0)
RULES = AlertSettings()

# A made-up wire story; the reprints below trim, retitle or sign it, as outlets do.
WIRE_STORY = (
    "Halden Labs, the robotics start-up founded by former warehouse engineers, has raised 8 billion dollars in a "
    "round led by Corvane Capital, people familiar with the matter said on Tuesday. The company plans to spend "
    "the money on training larger models for its picking arms and on a new plant near Rotterdam, where it "
    "expects to hire four hundred people over the next two years. Halden declined to comment on the terms. "
    "Corvane, which manages money for pension funds in Canada and the Netherlands, has backed three other "
    "automation companies this year and said in a statement that it sees factories as the next market for "
    "large models. The round is one of the largest for a robotics company since the start of the year."
)
REPRINTS = {
    "Wire Service": WIRE_STORY,
    "Morning Ledger": "AMSTERDAM (Wire) - " + WIRE_STORY + " Reporting by a correspondent; editing by a desk.",
    "Tech Daily": WIRE_STORY.replace(" The round is one of the largest for a robotics company since the start of "
                                     "the year.", " Shares of listed robot makers rose in early trading."),
}
OWN_REPORT = (
    "Exclusive: Halden Labs closes a ten billion dollar raise. Our reporter spoke with the founders in Delft, "
    "who described a crowded process in which several sovereign funds competed to lead the financing."
)


@pytest.fixture
def con(tmp_path: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    with connect(tmp_path / "warehouse.duckdb") as connection:
        yield connection


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """Any attempt to open a network connection fails the test: rates come from the installed package."""

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("the diff tried to reach the network")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)


def figure(
    value: Decimal | int | str,
    *,
    kind: Kind = Kind.VALUATION,
    subject: str = "Halden Labs",
    counterparty: str | None = None,
    unit: str = "USD",
    scale: Decimal = BILLION,
    as_of: str | None = None,
    status: Status = Status.ANNOUNCED,
    basis: Basis | None = None,
    evidence: str | None = None,
    evidence_start: int = -1,
    qualifier: Qualifier = Qualifier.EXACT,
) -> Fact:
    return Fact(
        kind, subject, counterparty, Decimal(value) * scale, unit, qualifier,
        evidence or f"{subject}: {value} x {scale} {unit}", evidence_start=evidence_start, as_of=as_of,
        status=status, basis=basis,
    )


def report(name: str, published_at: dt.datetime | None, *facts: Fact, text: str | None = None,
           outlet: str | None = None, title: str | None = None) -> ArticleRecord:
    return article(name, facts, outlet=outlet or name.split(".")[0], published_at=published_at, text=text,
                   title=title)


def load(con: duckdb.DuckDBPyConnection, *articles: ArticleRecord) -> list[Alert]:
    """One run: store the articles, diff them; the alerts that run raised."""
    before = {alert.alert_id for alert in list_alerts(con)}
    raise_alerts(con, store(con, list(articles)), RULES)
    return [alert for alert in list_alerts(con) if alert.alert_id not in before]


def test_two_outlets_loaded_together_raise_one_alert_on_the_later_article(con: duckdb.DuckDBPyConnection) -> None:
    [alert] = load(con, report("later.txt", TUESDAY, figure(12)), report("earlier.txt", MONDAY, figure(10)))
    assert (alert.severity, alert.reason, alert.article, alert.value) == ("conflict", "differs", "later.txt",
                                                                          12 * BILLION)
    assert [(f.value, f.outlets) for f in alert.earlier] == [(10 * BILLION, ("earlier",))]


def test_the_same_day_is_put_in_order_by_the_time_of_day(con: duckdb.DuckDBPyConnection) -> None:
    evening, morning = MONDAY.replace(hour=18), MONDAY.replace(hour=7)
    [alert] = load(con, report("evening.txt", evening, figure(12)), report("morning.txt", morning, figure(10)))
    assert alert.article == "evening.txt"


def test_a_third_outlet_agreeing_with_either_raises_nothing(con: duckdb.DuckDBPyConnection) -> None:
    load(con, report("a.txt", MONDAY, figure(10)), report("b.txt", TUESDAY, figure(12)))
    assert load(con, report("c.txt", WEDNESDAY, figure(10))) == []
    assert load(con, report("d.txt", WEDNESDAY, figure(12))) == []


def test_loading_in_reverse_order_across_runs_raises_the_same_single_alert(tmp_path: Path) -> None:
    earlier, later = report("earlier.txt", MONDAY, figure(10)), report("later.txt", TUESDAY, figure(12))
    with connect(tmp_path / "together.duckdb") as together:
        [expected] = load(together, earlier, later)
    with connect(tmp_path / "reversed.duckdb") as reverse:
        assert load(reverse, later) == []
        [alert] = load(reverse, earlier)
        assert load(reverse, earlier, later) == []
    assert (alert.alert_id, alert.article, alert.earlier) == (expected.alert_id, "later.txt", expected.earlier)


def test_a_late_copy_of_one_disagreement_raises_nothing_new(con: duckdb.DuckDBPyConnection) -> None:
    # Monday 10, Wednesday 12 (the alert), then a Tuesday 12 loaded last: still one 10-against-12 disagreement.
    load(con, report("monday.txt", MONDAY, figure(10)), report("wednesday.txt", WEDNESDAY, figure(12)))
    assert load(con, report("tuesday.txt", TUESDAY, figure(12))) == []
    assert len(list_alerts(con)) == 1


def test_a_recalled_round_is_compared_only_with_reports_of_that_round(con: duckdb.DuckDBPyConnection) -> None:
    load(con, report("a.txt", MONDAY, figure(10), figure(2, as_of="2024-03")))
    # This year's 10 bn against last year's 2 bn is no disagreement; another reading of that old round is.
    assert load(con, report("b.txt", TUESDAY, figure(10), figure(2, as_of="2024"))) == []
    [alert] = load(con, report("c.txt", WEDNESDAY, figure(3, as_of="2024-03")))
    assert (alert.reason, alert.as_of, [f.value for f in alert.earlier]) == ("differs", "2024-03", [2 * BILLION])


A_YEAR_LATER = dt.datetime(2026, 3, 2, 9, 0)


def test_a_round_dated_to_its_month_is_compared_with_that_months_news_whatever_the_window(
    con: duckdb.DuckDBPyConnection,
) -> None:
    # March 2025's news said 10 bn; a year later, "in March 2025 it was valued at 12 bn" reports that round too.
    load(con, report("news.txt", MONDAY, figure(10)))
    assert load(con, report("agrees.txt", A_YEAR_LATER, figure(10, as_of="2025-03"))) == []
    assert load(con, report("february.txt", A_YEAR_LATER, figure(12, as_of="2025-02"))) == []
    [alert] = load(con, report("recalls.txt", A_YEAR_LATER, figure(12, as_of="2025-03")))
    assert (alert.reason, alert.article, alert.as_of, [(f.value, f.as_of) for f in alert.earlier]) == (
        "differs", "recalls.txt", "2025-03", [(10 * BILLION, "2025-03"), (10 * BILLION, None)])


def test_a_months_news_loaded_after_a_later_recall_of_it_raises_the_same_alert(tmp_path: Path) -> None:
    news, recall = report("news.txt", MONDAY, figure(10)), report("recalls.txt", A_YEAR_LATER,
                                                                   figure(12, as_of="2025-03"))
    with connect(tmp_path / "in-order.duckdb") as in_order:
        load(in_order, news)
        [expected] = load(in_order, recall)
    with connect(tmp_path / "reversed.duckdb") as reverse:
        assert load(reverse, recall) == []
        [alert] = load(reverse, news)
    assert (alert.alert_id, alert.article, alert.earlier) == (expected.alert_id, "recalls.txt", expected.earlier)


def test_a_round_recalled_without_a_date_is_compared_only_between_dated_articles(
    con: duckdb.DuckDBPyConnection,
) -> None:
    load(con, report("a.txt", MONDAY, figure(2, as_of="earlier")))
    assert load(con, report("undated.txt", None, figure(5, as_of="earlier"))) == []  # any earlier round
    [alert] = load(con, report("b.txt", TUESDAY, figure("2.5", as_of="earlier")))
    assert (alert.reason, alert.as_of, [f.value for f in alert.earlier]) == ("differs", "earlier", [2 * BILLION])


def round_total(millions: int, unit: str = "USD") -> Fact:
    return figure(millions, kind=Kind.INVESTMENT, scale=MILLION, unit=unit)


def test_pre_and_post_money_agree_once_the_round_is_added(con: duckdb.DuckDBPyConnection) -> None:
    load(con, report("pre.txt", MONDAY, figure(4, basis=Basis.PRE), round_total(1000)))
    assert load(con, report("post.txt", TUESDAY, figure(5, basis=Basis.POST))) == []
    assert load(con, report("plain.txt", TUESDAY, figure(5))) == []  # "valued at": not said, read as post


def test_a_valuation_of_unsaid_basis_may_also_be_the_pre_money_figure(con: duckdb.DuckDBPyConnection) -> None:
    load(con, report("pre.txt", MONDAY, figure(4, basis=Basis.PRE), round_total(1000)))
    assert load(con, report("plain.txt", TUESDAY, figure(4))) == []
    [alert] = load(con, report("other.txt", WEDNESDAY, figure(7)))  # neither 4 nor 4 + 1
    assert (alert.severity, alert.reason) == ("conflict", "differs")
    assert sorted(earlier.compared_value for earlier in alert.earlier) == [4 * BILLION, 5 * BILLION]


def test_pre_and_post_money_that_still_differ_conflict_showing_the_round(con: duckdb.DuckDBPyConnection) -> None:
    load(con, report("pre.txt", MONDAY, figure(4, basis=Basis.PRE), round_total(1000)))
    [alert] = load(con, report("post.txt", TUESDAY, figure(7, basis=Basis.POST)))
    [earlier] = alert.earlier
    assert (earlier.basis, earlier.round_amount, earlier.compared_value) == ("pre", 1 * BILLION, 5 * BILLION)


def test_a_pre_money_figure_takes_its_own_companys_round_not_another_ones(con: duckdb.DuckDBPyConnection) -> None:
    other_round = figure(3000, kind=Kind.INVESTMENT, subject="Corvane", scale=MILLION)
    load(con, report("pre.txt", MONDAY, figure(4, basis=Basis.PRE), round_total(1000), other_round))
    # 4 + Corvane's 3 would be 7: only Halden's own round counts, 4 + 1 = 5.
    [alert] = load(con, report("post.txt", TUESDAY, figure(7, basis=Basis.POST)))
    [earlier] = alert.earlier
    assert (earlier.round_amount, earlier.compared_value) == (1 * BILLION, 5 * BILLION)


def test_a_pre_money_figure_without_its_round_is_not_compared(con: duckdb.DuckDBPyConnection) -> None:
    load(con, report("pre.txt", MONDAY, figure(4, basis=Basis.PRE)))
    assert load(con, report("post.txt", TUESDAY, figure(7, basis=Basis.POST))) == []


def cheque(millions: int, investor: str = "Corvane Capital") -> Fact:
    return figure(millions, kind=Kind.INVESTMENT, counterparty=investor, scale=MILLION)


def test_two_articles_whose_round_figures_all_differ_report_two_rounds(con: duckdb.DuckDBPyConnection) -> None:
    # Undated pages: "raised $640 million at $2.8 billion" and, a year on, "raised $750 million at $6.9 billion".
    load(con, report("last-year.txt", None, figure("2.8"), round_total(640), cheque(100)))
    assert load(con, report("this-year.txt", None, figure("6.9"), round_total(750), cheque(250))) == []


def test_outlets_apart_by_less_than_half_on_every_figure_disagree_on_one_round(
    con: duckdb.DuckDBPyConnection,
) -> None:
    load(con, report("a.txt", None, figure("2.8"), round_total(640)))
    alerts = load(con, report("b.txt", None, figure("2.4"), round_total(500)))
    assert sorted((alert.kind, alert.reason) for alert in alerts) == [("investment", "differs"),
                                                                      ("valuation", "differs")]


def test_a_valuation_that_differs_beside_an_agreeing_round_total_conflicts(con: duckdb.DuckDBPyConnection) -> None:
    load(con, report("a.txt", None, figure("2.8"), round_total(640)))
    [alert] = load(con, report("b.txt", None, figure("2.5"), round_total(640)))
    assert (alert.kind, alert.reason, [f.value for f in alert.earlier]) == ("valuation", "differs",
                                                                            [Decimal("2.8") * BILLION])


def test_a_round_total_that_differs_beside_an_agreeing_valuation_conflicts(con: duckdb.DuckDBPyConnection) -> None:
    load(con, report("a.txt", None, figure("2.8"), round_total(640)))
    [alert] = load(con, report("b.txt", None, figure("2.8"), round_total(600)))
    assert (alert.kind, alert.counterparty, alert.reason) == ("investment", None, "differs")


def test_undated_figures_a_step_apart_with_nothing_beside_them_are_a_notice(con: duckdb.DuckDBPyConnection) -> None:
    # No round total beside the 6.9 bn: nothing says whether it is last year's round, a misreading, or one round
    # two ways; a step of half or more is seldom the last.
    load(con, report("a.txt", None, figure("2.8"), round_total(640)))
    [alert] = load(con, report("b.txt", None, figure("6.9")))
    assert (alert.severity, alert.reason, [f.value for f in alert.earlier]) == ("notice", "step",
                                                                                [Decimal("2.8") * BILLION])
    assert format_alert_line(alert).startswith("[notice: a step apart] Halden Labs valuation: 6.9 bn USD")
    # A round total in another currency cannot tell the valuation's round either (the round totals' own pair is
    # told apart by the valuations, a step apart).
    load(con, report("c.txt", None, figure("2.8"), round_total(640)))
    [alert] = load(con, report("d.txt", None, figure(12), round_total(600, unit="EUR")))
    assert (alert.kind, alert.severity, alert.reason) == ("valuation", "notice", "step")


def test_a_figure_with_nothing_beside_it_less_than_a_step_apart_conflicts(con: duckdb.DuckDBPyConnection) -> None:
    load(con, report("a.txt", None, figure("2.8"), round_total(640)))
    [alert] = load(con, report("b.txt", None, figure("2.2")))
    assert (alert.severity, alert.reason) == ("conflict", "differs")


def test_dated_figures_a_step_apart_with_nothing_beside_them_conflict(con: duckdb.DuckDBPyConnection) -> None:
    # Two dated reports within the window are news of the same weeks: a step between them is a disagreement to see.
    load(con, report("a.txt", MONDAY, figure("2.8"), round_total(640)))
    [alert] = load(con, report("b.txt", TUESDAY, figure("6.9")))
    assert (alert.severity, alert.reason) == ("conflict", "differs")
    # A figure whose text dates it (`as_of`) names its round: a step there is a disagreement too.
    load(con, report("c.txt", None, figure(2, as_of="2024-03")))
    [alert] = load(con, report("d.txt", None, figure(5, as_of="2024-03")))
    assert (alert.severity, alert.reason, alert.as_of) == ("conflict", "differs", "2024-03")


def test_rounds_recalled_without_a_date_a_step_apart_are_a_notice_even_in_dated_articles(
    con: duckdb.DuckDBPyConnection,
) -> None:
    # Monday's "previous round" and Tuesday's may be two rounds (the one before last, the last): a step apart with
    # nothing beside them, a notice; less than a step apart, still a disagreement on one round.
    load(con, report("a.txt", MONDAY, figure(2, as_of="earlier")))
    [alert] = load(con, report("b.txt", TUESDAY, figure(5, as_of="earlier")))
    assert (alert.severity, alert.reason, alert.as_of) == ("notice", "step", "earlier")
    [alert] = load(con, report("c.txt", WEDNESDAY, figure("2.5", as_of="earlier")))
    assert (alert.severity, alert.reason, [f.value for f in alert.earlier]) == ("conflict", "differs",
                                                                                [2 * BILLION, 5 * BILLION])


def value_range(low: int, high: int) -> tuple[Fact, Fact]:
    """"Valued at between LOW and HIGH billion": the extractor's two ends of one sentence's range."""
    sentence = f"Halden Labs is valued at between {low} and {high} billion dollars."
    return (figure(low, qualifier=Qualifier.AT_LEAST, evidence=sentence),
            figure(high, qualifier=Qualifier.UP_TO, evidence=sentence))


def test_a_figure_inside_an_earlier_range_agrees_with_both_its_ends(con: duckdb.DuckDBPyConnection) -> None:
    load(con, report("range.txt", MONDAY, *value_range(20, 25)))
    assert load(con, report("point.txt", TUESDAY, figure(22))) == []
    [alert] = load(con, report("outside.txt", WEDNESDAY, figure(30)))
    assert (alert.severity, alert.reason) == ("conflict", "differs")


def test_a_range_around_an_earlier_figure_agrees_with_it(con: duckdb.DuckDBPyConnection) -> None:
    load(con, report("point.txt", MONDAY, figure(22)))
    assert load(con, report("range.txt", TUESDAY, *value_range(20, 25))) == []
    [alert] = load(con, report("far.txt", WEDNESDAY, *value_range(30, 35)))  # one alert per article and key
    assert (alert.severity, alert.reason) == ("conflict", "differs")


def test_an_articles_at_least_and_up_to_on_one_key_make_a_range(con: duckdb.DuckDBPyConnection) -> None:
    title_end = figure(25, qualifier=Qualifier.UP_TO, evidence="Halden Labs could be worth up to $25 billion")
    body_end = figure(20, qualifier=Qualifier.AT_LEAST, evidence="Investors value it at no less than 20 billion.")
    load(con, report("range.txt", MONDAY, title_end, body_end))
    assert load(con, report("point.txt", TUESDAY, figure(22))) == []


def test_talks_then_a_different_announced_figure_is_a_revision(con: duckdb.DuckDBPyConnection) -> None:
    load(con, report("talks.txt", MONDAY, figure(10, status=Status.TALKS)))
    [alert] = load(con, report("closed.txt", TUESDAY, figure(12)))
    assert (alert.severity, alert.reason, alert.status, alert.earlier[0].status) == (
        "notice", "revised", "announced", "talks"
    )
    assert format_alert_line(alert) == (
        "[notice: revised] Halden Labs valuation: 12 bn USD (closed, 2025-03-04) vs 10 bn USD (talks, in talks)"
    )


def test_talks_that_differ_from_earlier_talks_are_a_notice_not_a_conflict(con: duckdb.DuckDBPyConnection) -> None:
    load(con, report("talks.txt", MONDAY, figure(10, status=Status.TALKS)))
    [alert] = load(con, report("other_talks.txt", TUESDAY, figure(14, status=Status.TALKS)))
    assert (alert.severity, alert.reason) == ("notice", "talks")
    assert (alert.status, alert.earlier[0].status) == ("talks", "talks")
    assert format_alert_line(alert).startswith("[notice: talks differ] Halden Labs valuation: 14 bn USD")


def test_talks_that_differ_from_an_earlier_firm_figure_too_stay_a_conflict(con: duckdb.DuckDBPyConnection) -> None:
    load(con, report("reported.txt", MONDAY, figure(10, status=Status.REPORTED)))
    load(con, report("talks.txt", MONDAY + dt.timedelta(hours=1), figure(10, status=Status.TALKS)))
    [alert] = load(con, report("closed.txt", TUESDAY, figure(14)))
    assert (alert.severity, alert.reason) == ("conflict", "differs")


def test_a_reported_figure_against_an_announced_one_is_a_conflict_showing_both(
    con: duckdb.DuckDBPyConnection,
) -> None:
    load(con, report("announced.txt", MONDAY, figure(10)))
    [alert] = load(con, report("sources.txt", TUESDAY, figure(12, status=Status.REPORTED)))
    assert (alert.severity, alert.status, alert.earlier[0].status) == ("conflict", "reported", "announced")


def test_talks_relayed_after_the_deal_is_not_compared(con: duckdb.DuckDBPyConnection) -> None:
    load(con, report("closed.txt", MONDAY, figure(12)))
    assert load(con, report("late.txt", TUESDAY, figure(10, status=Status.TALKS))) == []


def wire_copies(published_at: dt.datetime) -> list[ArticleRecord]:
    """The wire story as three outlets printed it, minutes apart."""
    return [
        report(f"{outlet.lower().replace(' ', '_')}.txt", published_at + dt.timedelta(minutes=n),
               figure(8, kind=Kind.INVESTMENT), text=text, outlet=outlet)
        for n, (outlet, text) in enumerate(REPRINTS.items())
    ]


def test_a_wire_story_reprinted_by_three_outlets_is_one_report_and_its_alert_lists_them(
    con: duckdb.DuckDBPyConnection,
) -> None:
    load(con, report("own.txt", MONDAY, figure(10, kind=Kind.INVESTMENT), text=OWN_REPORT, outlet="The Herald"))
    [alert] = load(con, *wire_copies(TUESDAY))
    assert (alert.outlet, alert.value) == ("Wire Service", 8 * BILLION)
    assert alert.copies == ("Morning Ledger", "Tech Daily", "Wire Service")
    figures = con.execute(
        "SELECT value, outlet_count, report_count, outlets FROM deal_figures WHERE kind = 'investment' ORDER BY 1"
    ).fetchall()
    assert figures == [
        (8 * BILLION, 3, 1, ["Morning Ledger", "Tech Daily", "Wire Service"]),
        (10 * BILLION, 1, 1, ["The Herald"]),
    ]


def test_a_figure_against_a_wire_story_counts_its_reprints_as_one_report(con: duckdb.DuckDBPyConnection) -> None:
    load(con, *wire_copies(MONDAY))
    [alert] = load(con, report("own.txt", TUESDAY, figure(10, kind=Kind.INVESTMENT), text=OWN_REPORT,
                               outlet="The Herald"))
    [earlier] = alert.earlier
    assert earlier.outlets == ("Morning Ledger", "Tech Daily", "Wire Service")
    assert (earlier.report_count, earlier.copy_groups) == (1, (("Morning Ledger", "Tech Daily", "Wire Service"),))
    assert "Halden Labs" in (earlier.evidence or "")


def test_reprints_of_one_story_never_disagree_with_each_other(con: duckdb.DuckDBPyConnection) -> None:
    copies = wire_copies(MONDAY)
    # The third reprint misprints the figure: a copy of the same reporting, not a second source.
    load(con, *copies[:2])
    misprint = report("tech_daily.txt", TUESDAY, figure(9, kind=Kind.INVESTMENT), text=REPRINTS["Tech Daily"],
                      outlet="Tech Daily")
    assert load(con, misprint) == []


def euro_report(name: str, published_at: dt.datetime, millions: int) -> ArticleRecord:
    return report(name, published_at, figure(millions, kind=Kind.INVESTMENT, unit="EUR", scale=MILLION))


def dollar_report(name: str, published_at: dt.datetime, millions: int) -> ArticleRecord:
    return report(name, published_at, figure(millions, kind=Kind.INVESTMENT, unit="USD", scale=MILLION))


@pytest.mark.usefixtures("no_network")
def test_one_figure_in_euros_and_in_dollars_at_the_days_rate_agrees(con: duckdb.DuckDBPyConnection) -> None:
    # ECB, 3 March 2025: 1 EUR = 1.0465 USD, so 250 M EUR is 261.6 M USD; outlets round it to 262 or 260.
    load(con, euro_report("paris.txt", MONDAY, 250))
    assert load(con, dollar_report("newyork.txt", TUESDAY, 262)) == []
    assert load(con, dollar_report("boston.txt", TUESDAY, 260)) == []


@pytest.mark.usefixtures("no_network")
def test_a_real_gap_across_currencies_conflicts_and_shows_the_conversion(con: duckdb.DuckDBPyConnection) -> None:
    load(con, euro_report("paris.txt", MONDAY, 250))
    [alert] = load(con, dollar_report("newyork.txt", TUESDAY, 300))
    [earlier] = alert.earlier
    assert (alert.severity, earlier.unit, earlier.rate, earlier.rate_day) == (
        "conflict", "EUR", pytest.approx(1.0465), dt.date(2025, 3, 3)
    )
    assert earlier.compared_value == Decimal("261625000")


def yen_report(name: str, published_at: dt.datetime, billions: int) -> ArticleRecord:
    return report(name, published_at, figure(billions, kind=Kind.INVESTMENT, unit="JPY"))


@pytest.mark.usefixtures("no_network")
def test_an_outlets_conversion_at_a_rate_of_the_month_before_agrees(con: duckdb.DuckDBPyConnection) -> None:
    # ECB, 17 November 2025: 20 bn JPY is 129.1 M USD; over the month before, the yen was worth up to 132.7 M.
    # An outlet writing "$135 million" converted at an older rate and rounded: 4.4 % off the day's rate, inside
    # the month's move (2.7 %) plus the tolerance (1 %) plus the rounding of "20 billion" (2.5 %).
    monday = dt.datetime(2025, 11, 17, 9, 0)
    load(con, yen_report("tokyo.txt", monday, 20))
    assert load(con, dollar_report("newyork.txt", monday + dt.timedelta(days=1), 135)) == []
    [alert] = load(con, dollar_report("boston.txt", monday + dt.timedelta(days=1), 150))
    assert alert.severity == "conflict" and "JPY" in {figure.unit for figure in alert.earlier}


@pytest.mark.usefixtures("no_network")
def test_one_figure_given_in_two_currencies_raises_the_same_alert_on_every_run(tmp_path: Path) -> None:
    alerts = []
    for run in range(3):
        with connect(tmp_path / f"run{run}.duckdb") as connection:
            load(connection, report("a.txt", MONDAY, figure(10)))
            [alert] = load(connection, report("b.txt", TUESDAY, figure(3), figure(3, unit="EUR")))
            alerts.append((alert.value, alert.unit))
    assert alerts == [(3 * BILLION, "EUR")] * 3


def test_a_day_without_an_ecb_fixing_takes_the_last_one(con: duckdb.DuckDBPyConnection) -> None:
    saturday = dt.datetime(2025, 3, 8, 10, 0)
    load(con, euro_report("paris.txt", saturday, 250))
    [alert] = load(con, dollar_report("newyork.txt", saturday + dt.timedelta(hours=2), 400))
    assert alert.earlier[0].rate_day == dt.date(2025, 3, 7)


def test_a_title_its_body_contradicts_is_one_notice_of_its_own(con: duckdb.DuckDBPyConnection) -> None:
    title = "Halden Labs valued at 12 billion"
    page = report("page.txt", MONDAY, figure(12, evidence=title, evidence_start=0),
                  figure(10, evidence="The round values Halden Labs at 10 billion.", evidence_start=len(title) + 2),
                  title=title)
    [alert] = load(con, page)
    assert (alert.severity, alert.reason, alert.value, [f.value for f in alert.earlier]) == (
        "notice", "inconsistent", 12 * BILLION, [10 * BILLION]
    )
    # The title's slip is the article's own: another outlet's 10 bn agrees with the article's body.
    assert load(con, report("other.txt", TUESDAY, figure(10))) == []
    assert load(con, page) == []


def test_a_title_agreeing_with_its_body_raises_nothing(con: duckdb.DuckDBPyConnection) -> None:
    title = "Halden Labs raises 10 billion in two tranches"
    tranches = [figure(n, kind=Kind.INVESTMENT, evidence_start=len(title) + 2 + n) for n in (4, 6)]
    page = report("page.txt", MONDAY, figure(10, kind=Kind.INVESTMENT, evidence_start=0), *tranches, title=title)
    assert load(con, page) == []


def test_a_title_figure_its_body_repeats_beside_a_total_to_date_raises_nothing(con: duckdb.DuckDBPyConnection) -> None:
    # Read by the extractor: the round the title gives is in the body too, beside the company's funding to date.
    title = "Velka Robotics raises $100 million"
    text = "Velka Robotics has raised $100 million in a Series B round. Its total funding stands at $140 million."
    facts = extract(Article(title, text, language="en"))
    assert load(con, report("page.txt", MONDAY, *facts, title=title, text=text)) == []
