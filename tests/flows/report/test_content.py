"""The page's content without a browser: people's units, links, caps, the chart spec and the SVG guard."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from decimal import Decimal

import pytest

from flows.report.charts import colours_for, deal_chart_spec, dodged_times, render_svg
from flows.report.content import (
    build_conflicts,
    build_sections,
    deal_charts,
    display_scale,
    link_of,
)
from flows.report.page import UnsafeChart, content_security_policy, trusted_svg
from warehouse.report import DisputedReport, ReportData, ReportedFigure, ReportScope, SubjectActivity, WarehouseTotals

BILLION = Decimal(10**9)
DAY = dt.datetime(2026, 3, 2, 9, 30)


def reported(value: Decimal, outlet: str, *, kind: str = "investment", counterparty: str | None = "Halcyon",
             unit: str = "USD", seen_at: dt.datetime = DAY, url: str = "https://wire.example/a",
             copy_group: str | None = None) -> ReportedFigure:
    return ReportedFigure(
        kind=kind, subject="Corvid AI", counterparty=counterparty, unit=unit, value=value, qualifier="exact",
        as_of=None, status="announced", basis=None, outlet=outlet, title="Corvid AI raises", article=url,
        canonical_url=url, published_at=seen_at, seen_at=seen_at, evidence="Halcyon invests in Corvid AI.",
        copy_group=copy_group or f"text:{outlet}",
    )


@pytest.mark.parametrize(("values", "unit", "expected"), [
    ([Decimal(15) * BILLION, Decimal(800) * 10**6], "USD", (BILLION, "bn USD")),
    ([Decimal(450) * 10**6], "EUR", (Decimal(10**6), "m EUR")),
    ([Decimal("1.4") * 10**12], "USD", (Decimal(10**12), "tn USD")),
    ([Decimal("1.2")], "GW", (Decimal(1), "GW")),
    ([Decimal(27)], "%", (Decimal(1), "%")),
])
def test_a_panel_reads_in_peoples_units(values: list[Decimal], unit: str, expected: tuple[Decimal, str]) -> None:
    assert display_scale(values, unit) == expected


@pytest.mark.parametrize(("url", "link"), [
    ("https://wire.example/a", "https://wire.example/a"),
    ("HTTP://wire.example/a", "HTTP://wire.example/a"),
    ("javascript:alert(1)", None),
    ("data:text/html,<b>x</b>", None),
    ("file:///home/you/clippings/a.html", None),
])
def test_only_web_pages_are_linked(url: str, link: str | None) -> None:
    assert link_of(reported(BILLION, "Wire", url=url)) == link


def test_a_disputed_key_becomes_one_card_per_figure_with_every_outlet() -> None:
    raised = dt.datetime(2026, 3, 3)
    reports = [DisputedReport(raised, reported(value * BILLION, outlet))
               for value, outlet in [(4, "Ledger"), (5, "Wire"), (5, "Gazette"), (5, "Wire")]]
    (conflict,) = build_conflicts(reports)
    assert conflict.deal == "Corvid AI ← Halcyon: investment"
    assert [(card.figure, card.outlets, card.reports_total) for card in conflict.cards] == [
        ("4 bn USD", ("Ledger",), 1), ("5 bn USD", ("Gazette", "Wire"), 3),
    ]


def test_a_wire_story_reprinted_by_three_outlets_is_one_independent_report_on_its_card() -> None:
    raised = dt.datetime(2026, 3, 3)
    wire = [reported(5 * BILLION, outlet, copy_group="wire-1", seen_at=DAY + dt.timedelta(hours=hours))
            for hours, outlet in [(1, "Courier"), (2, "Herald"), (3, "Post")]]
    own = reported(5 * BILLION, "Ledger", seen_at=DAY)
    (conflict,) = build_conflicts([DisputedReport(raised, figure) for figure in [reported(4 * BILLION, "Gazette"),
                                                                                 *wire, own]])
    four, five = conflict.cards
    assert (four.independent_reports, four.copies) == (1, ())
    assert five.outlets == ("Courier", "Herald", "Ledger", "Post")
    assert five.sources == (("Ledger",), ("Courier", "Herald", "Post"))
    assert (five.independent_reports, five.copies) == (2, (("Courier", "Herald", "Post"),))


def test_a_crowded_chart_keeps_its_latest_reports_and_the_page_its_budget() -> None:
    many = [reported(BILLION, f"outlet {n % 7}", seen_at=DAY + dt.timedelta(hours=n)) for n in range(400)]
    (chart,) = deal_charts(many)
    assert (chart.mark_count, chart.reports_total) == (150, 400)
    kept = [point.seen_at for panel in chart.panels for point in panel.points]
    assert min(kept) == DAY + dt.timedelta(hours=250)

    activity = [SubjectActivity(f"Lab {n}", 400, 7, DAY, False) for n in range(3)]
    figures = tuple(replace(figure, subject=f"Lab {n}") for n in range(3) for figure in many)
    data = ReportData(ReportScope(), WarehouseTotals(0, 0, 0, 0, 0), tuple(activity), figures, (), (), ())
    assert [section.activity.subject for section in build_sections(data, max_marks=320)] == ["Lab 0", "Lab 1"]
    assert [section.activity.subject for section in build_sections(data, max_marks=10)] == ["Lab 0"]


def test_outlets_reporting_one_figure_on_one_day_sit_side_by_side() -> None:
    (chart,) = deal_charts([reported(BILLION, outlet) for outlet in ("A", "B", "C")])
    times = dodged_times(chart.panels[0].points, seconds_per_pixel=60)
    assert [(moment - DAY).total_seconds() for moment in times] == [-420, 0, 420]


def test_the_chart_spec_is_valid_vega_lite_and_renders_one_mark_per_report() -> None:
    reports = [reported(Decimal(n) * BILLION, f"outlet {n}", seen_at=DAY + dt.timedelta(days=n)) for n in (4, 5)]
    reports.append(reported(Decimal(1), "outlet 1", kind="investment", counterparty=None, unit="GW"))
    (chart,) = deal_charts(sorted(reports, key=lambda r: (r.counterparty or "", r.unit)))
    spec = deal_chart_spec(chart, colours_for(chart.outlets), Decimal(1), validate=True)
    svg = render_svg(spec)
    assert svg.count('aria-roledescription="point"') == 3
    assert "4 bn USD · outlet 4 · 2026-03-06" in svg


def test_svg_that_could_run_script_never_reaches_the_page() -> None:
    with pytest.raises(UnsafeChart):
        trusted_svg('<svg><foreignObject><div>x</div></foreignObject></svg>')
    with pytest.raises(UnsafeChart):
        trusted_svg('<svg><script>alert(1)</script></svg>')
    assert str(trusted_svg('<svg><text>&lt;script&gt;</text></svg>')) == '<svg><text>&lt;script&gt;</text></svg>'


def test_the_policy_allows_only_the_pages_own_stylesheet() -> None:
    policy = content_security_policy("body { margin: 0; }")
    assert "default-src 'none'" in policy and "script-src 'none'" in policy
    assert "style-src 'sha256-" in policy and "unsafe-inline" not in policy
