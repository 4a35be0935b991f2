"""What the page says, in people's words and units: open conflicts as figure cards, deals as chart data."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from itertools import groupby

from flows.alerting.formatting import MONEY_SCALES, QUALIFIER_WORDS, format_amount, format_figure
from warehouse.report import DisputedReport, ReportData, ReportedFigure, SubjectActivity

# Caps that keep the page quick to build and to open on a large warehouse (rendering costs about a millisecond
# and 400 bytes per mark); the page says what each one left out.
MAX_CONFLICTS = 60
REPORTS_PER_FIGURE = 5
MAX_MARKS_PER_CHART = 150
MAX_MARKS_ON_PAGE = 2000
KIND_WORDS = {
    "investment": "investment",
    "valuation": "valuation",
    "compute_purchase": "compute purchase",
    "compute_capacity": "compute capacity",
    "stake": "stake",
}
# What the counterparty is to the subject, per kind: the label of a chart panel.
COUNTERPARTY_ROLES = {
    "investment": ("from {}", "round total"),
    "compute_purchase": ("with {}", "provider not named"),
    "compute_capacity": ("with {}", "provider not named"),
    "stake": ("held by {}", "holder not named"),
}
# A feed may give any URL; the page links only to web pages (no javascript:, data: or file: links).
LINKABLE_SCHEMES = ("https://", "http://")


@dataclass(frozen=True)
class ReportLine:
    """One article's report of a disputed figure, as a line of its card."""

    outlet: str
    figure: str
    context: str
    date: str
    title: str
    evidence: str
    article: str
    link: str | None


@dataclass(frozen=True)
class FigureCard:
    """One distinct figure of a disputed deal: every outlet behind it, and its first reports in full."""

    figure: str
    outlets: tuple[str, ...]
    reports: tuple[ReportLine, ...]
    reports_total: int
    # Outlets grouped by copy group, the first reported first: one group is one independent report.
    sources: tuple[tuple[str, ...], ...] = ()

    @property
    def independent_reports(self) -> int:
        return len(self.sources)

    @property
    def copies(self) -> tuple[tuple[str, ...], ...]:
        """The groups that several outlets reprinted (a wire story): shown as one source."""
        return tuple(group for group in self.sources if len(group) > 1)


@dataclass(frozen=True)
class Conflict:
    deal: str
    last_raised_at: dt.datetime
    cards: tuple[FigureCard, ...]


@dataclass(frozen=True)
class ChartPoint:
    """One mark: an article's figure on its date, in the panel's display unit."""

    panel: str
    seen_at: dt.datetime
    figure: float
    outlet: str
    qualifier: str
    is_dated: bool
    description: str


@dataclass(frozen=True)
class Panel:
    """One fact key of a deal chart (a counterparty and a unit): its label, axis title and marks."""

    label: str
    axis_title: str
    figures: tuple[float, ...]
    points: tuple[ChartPoint, ...]


@dataclass(frozen=True)
class DealChart:
    """One company's figures of one kind: the panels of its fact keys."""

    subject: str
    kind: str
    panels: tuple[Panel, ...]
    reports_total: int

    @property
    def mark_count(self) -> int:
        return sum(len(panel.points) for panel in self.panels)

    @property
    def outlets(self) -> tuple[str, ...]:
        return tuple(sorted({point.outlet for panel in self.panels for point in panel.points}))


@dataclass(frozen=True)
class SubjectSection:
    activity: SubjectActivity
    charts: tuple[DealChart, ...]


def deal_name(subject: str, counterparty: str | None, kind: str) -> str:
    """ "Anthropic ← Nvidia: investment", "Anthropic: valuation"."""
    party = f" ← {counterparty}" if counterparty else ""
    return f"{subject}{party}: {KIND_WORDS.get(kind, kind)}"


def format_date(moment: dt.datetime | None) -> str:
    return f"{moment:%Y-%m-%d}" if moment else "undated"


def format_moment(moment: dt.datetime | None) -> str:
    """Timestamps are stored in UTC without a zone; the page says so."""
    return f"{moment:%Y-%m-%d %H:%M} UTC" if moment else "never"


def describe_context(figure: ReportedFigure) -> str:
    """ "announced", "talks · as of 2024-09", "announced · post-money"."""
    parts = [figure.status or "announced"]
    if figure.as_of:
        parts.append(f"as of {figure.as_of}")
    if figure.basis:
        parts.append(f"{figure.basis}-money")
    return " · ".join(parts)


def link_of(figure: ReportedFigure) -> str | None:
    url = figure.canonical_url
    return url if url.lower().startswith(LINKABLE_SCHEMES) else None


def key_of(figure: ReportedFigure) -> tuple[str, str, str | None, str]:
    return (figure.subject, figure.kind, figure.counterparty, figure.unit)


def build_conflicts(disputed: Sequence[DisputedReport], limit: int = MAX_CONFLICTS) -> tuple[Conflict, ...]:
    """One Conflict per disputed key, in the order read (newest conflict first), its figures ascending."""
    conflicts = []
    for (raised_at, key), reports in groupby(disputed, lambda report: (report.last_raised_at, key_of(report.figure))):
        subject, kind, counterparty, _ = key
        figures = [report.figure for report in reports]
        conflicts.append(Conflict(deal_name(subject, counterparty, kind), raised_at, figure_cards(figures)))
    return tuple(conflicts[:limit])


def count_conflicts(disputed: Sequence[DisputedReport]) -> int:
    return len({key_of(report.figure) for report in disputed})


def figure_cards(figures: Sequence[ReportedFigure]) -> tuple[FigureCard, ...]:
    """The reports of one key grouped by value (they arrive sorted by value), with their outlets counted by copy
    group, so that one wire story copied by five sites shows as one source."""
    cards = []
    for value, same_value in groupby(figures, lambda figure: figure.value):
        reports = list(same_value)
        cards.append(FigureCard(
            figure=format_amount(value, figures[0].unit),
            outlets=tuple(sorted({report.outlet for report in reports})),
            reports=tuple(report_line(figure) for figure in reports[:REPORTS_PER_FIGURE]),
            reports_total=len(reports),
            sources=outlets_by_copy_group(reports),
        ))
    return tuple(cards)


def outlets_by_copy_group(reports: Sequence[ReportedFigure]) -> tuple[tuple[str, ...], ...]:
    """Each copy group's outlets (sorted), the groups in the order they first reported (reports come oldest
    first within a value)."""
    groups: dict[str, set[str]] = {}
    for report in sorted(reports, key=lambda figure: figure.seen_at):
        groups.setdefault(report.copy_group, set()).add(report.outlet)
    return tuple(tuple(sorted(outlets)) for outlets in groups.values())


def report_line(figure: ReportedFigure) -> ReportLine:
    return ReportLine(
        outlet=figure.outlet,
        figure=format_figure(figure.value, figure.qualifier, figure.unit),
        context=describe_context(figure),
        date=format_date(figure.published_at),
        title=figure.title,
        evidence=figure.evidence,
        article=figure.article,
        link=link_of(figure),
    )


def build_sections(data: ReportData, max_marks: int = MAX_MARKS_ON_PAGE) -> tuple[SubjectSection, ...]:
    """One section per company, its charts one per kind, in the order the warehouse ranked them, while the
    page's marks stay within `max_marks` (the first company is always shown)."""
    by_subject = {subject: list(figures) for subject, figures in groupby(data.figures, lambda f: f.subject)}
    sections: list[SubjectSection] = []
    marks = 0
    for activity in data.shown_subjects:
        section = SubjectSection(activity, deal_charts(by_subject.get(activity.subject, [])))
        marks += sum(chart.mark_count for chart in section.charts)
        if sections and marks > max_marks:
            break
        sections.append(section)
    return tuple(sections)


def deal_charts(figures: Sequence[ReportedFigure]) -> tuple[DealChart, ...]:
    """The subject's figures (sorted by kind, counterparty, unit) as one chart per kind, each with its most
    recent reports only when it has more than MAX_MARKS_PER_CHART."""
    charts = []
    for kind, of_kind in groupby(figures, lambda figure: figure.kind):
        reports = list(of_kind)
        shown = most_recent(reports, MAX_MARKS_PER_CHART)
        units = {figure.unit for figure in shown}
        panels = [
            panel(list(of_key), show_unit=len(units) > 1)
            for _, of_key in groupby(shown, lambda figure: (figure.counterparty, figure.unit))
        ]
        charts.append(DealChart(reports[0].subject, kind, tuple(panels), reports_total=len(reports)))
    return tuple(charts)


def most_recent(reports: list[ReportedFigure], limit: int) -> list[ReportedFigure]:
    """The latest `limit` reports, in their original order."""
    if len(reports) <= limit:
        return reports
    kept = set(sorted(range(len(reports)), key=lambda index: reports[index].seen_at)[-limit:])
    return [report for index, report in enumerate(reports) if index in kept]


def panel(figures: Sequence[ReportedFigure], *, show_unit: bool) -> Panel:
    first = figures[0]
    divisor, axis_title = display_scale([figure.value for figure in figures], first.unit)
    label = panel_label(first.kind, first.counterparty) + (f" ({first.unit})" if show_unit else "")
    points = tuple(chart_point(label, figure, divisor) for figure in figures)
    return Panel(label, axis_title, tuple(sorted({point.figure for point in points})), points)


def panel_label(kind: str, counterparty: str | None) -> str:
    with_party, without = COUNTERPARTY_ROLES.get(kind, ("{}", ""))
    return with_party.format(counterparty) if counterparty else without


def display_scale(values: Iterable[Decimal], unit: str) -> tuple[Decimal, str]:
    """The divisor and axis title that put a panel's money in people's units: (1e9, "bn USD")."""
    largest = max((abs(value) for value in values), default=Decimal(0))
    for scale, word in MONEY_SCALES if unit not in {"GW", "%"} else ():
        if largest >= scale:
            return scale, f"{word} {unit}"
    return Decimal(1), unit


def chart_point(label: str, figure: ReportedFigure, divisor: Decimal) -> ChartPoint:
    date = format_date(figure.published_at) if figure.published_at else f"undated, fetched {figure.seen_at:%Y-%m-%d}"
    qualifier = QUALIFIER_WORDS.get(figure.qualifier, "").strip() or "exact"
    return ChartPoint(
        panel=label,
        seen_at=figure.seen_at,
        figure=float(figure.value / divisor),
        outlet=figure.outlet,
        qualifier=qualifier,
        is_dated=figure.published_at is not None,
        description=f"{format_figure(figure.value, figure.qualifier, figure.unit)} · {figure.outlet} · {date}",
    )
