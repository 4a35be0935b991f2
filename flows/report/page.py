"""The report as one HTML document: every text escaped, charts inline as SVG, a strict Content-Security-Policy."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import re
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import jinja2
from markupsafe import Markup

from flows.alerting.formatting import plain_number
from flows.report.charts import colours_for, deal_chart_spec, render_svg, runs_chart_spec
from flows.report.content import (
    KIND_WORDS,
    DealChart,
    SubjectSection,
    build_conflicts,
    build_sections,
    count_conflicts,
    format_date,
    format_moment,
)
from warehouse.report import ReportData, ReportScope, SubjectActivity

HERE = Path(__file__).resolve().parent
# Autoescape: every value from the warehouse (titles, outlets, evidence: text from the web) is escaped; only the
# stylesheet and the renderer's SVG are marked safe, below.
TEMPLATES = jinja2.Environment(
    loader=jinja2.FileSystemLoader(HERE),
    autoescape=True,
    undefined=jinja2.StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)
RUNS_IN_TABLE = 20
# Reports shown open in a figure's card; the others (up to content.REPORTS_PER_FIGURE) fold under "more".
REPORTS_OPEN = 2
# The renderer escapes the data's text (a "<" in a title becomes "&lt;"), so an element like these could only
# come from the renderer itself: it must never reach the page.
UNSAFE_SVG = re.compile(r"<\s*(script|foreignObject|iframe|object|embed|image)\b", re.IGNORECASE)


@dataclass(frozen=True)
class RenderedSection:
    activity: SubjectActivity
    rendered: tuple[tuple[DealChart, Markup], ...]


@dataclass(frozen=True)
class RenderedPage:
    """The document, and how much of the data it shows (the caps of content.py may leave some out)."""

    html: str
    conflicts_shown: int
    conflicts: int
    subjects_shown: int


class UnsafeChart(Exception):
    """The renderer's SVG held something that could run in a browser (a bug to report, never shown)."""


def render_page(
    data: ReportData, *, source: Path, tolerance_percent: Decimal, built_at: dt.datetime
) -> RenderedPage:
    """The whole page for this data, read from `source` (the warehouse or its snapshot)."""
    css = (HERE / "page.css").read_text(encoding="utf-8")
    sections = build_sections(data)
    conflicts = build_conflicts(data.disputed)
    html = TEMPLATES.get_template("page.html.j2").render(
        policy=content_security_policy(css),
        css=Markup(css),
        built_at=format_moment(built_at),
        source=str(source),
        scope=describe_scope(data.scope),
        scope_suffix=scope_suffix(data.scope),
        totals=data.totals,
        conflicts=conflicts,
        reports_open=REPORTS_OPEN,
        conflicts_left_out=count_conflicts(data.disputed) - len(conflicts),
        sections=render_sections(sections, tolerance_percent),
        subjects_left_out=len(data.subjects) - len(sections),
        tolerance=plain_number(tolerance_percent),
        kind_words=KIND_WORDS,
        sources=sorted(data.sources, key=lambda source: source.last_status != "failed"),
        runs=data.runs[:RUNS_IN_TABLE],
        runs_svg=trusted_svg(render_svg(runs_chart_spec(data.runs))) if len(data.runs) > 1 else None,
        moment=format_moment,
        date=format_date,
    )
    return RenderedPage(html, len(conflicts), count_conflicts(data.disputed), len(sections))


def content_security_policy(css: str) -> str:
    """Nothing may load or run: no script, no remote anything; only this stylesheet, named by its hash."""
    digest = base64.b64encode(hashlib.sha256(css.encode("utf-8")).digest()).decode("ascii")
    return (
        f"default-src 'none'; style-src 'sha256-{digest}'; img-src 'none'; script-src 'none'; "
        "base-uri 'none'; form-action 'none'"
    )


def render_sections(sections: tuple[SubjectSection, ...], tolerance_percent: Decimal) -> list[RenderedSection]:
    """Each deal chart as inline SVG, outlets coloured alike across the page."""
    colours = colours_for(page_outlets(sections))
    return [
        RenderedSection(
            section.activity,
            tuple(
                (chart, trusted_svg(render_svg(deal_chart_spec(chart, colours, tolerance_percent))))
                for chart in section.charts
            ),
        )
        for section in sections
    ]


def page_outlets(sections: tuple[SubjectSection, ...]) -> list[str]:
    """Every outlet in the charts, the busiest first: they get the most distinct colours."""
    counts: dict[str, int] = {}
    for section in sections:
        for chart in section.charts:
            for panel in chart.panels:
                for point in panel.points:
                    counts[point.outlet] = counts.get(point.outlet, 0) + 1
    return sorted(counts, key=lambda outlet: (-counts[outlet], outlet))


def trusted_svg(svg: str) -> Markup:
    if UNSAFE_SVG.search(svg):
        raise UnsafeChart("the chart renderer produced SVG with script or embedded content")
    return Markup(svg)


def describe_scope(scope: ReportScope) -> str:
    parts = [f"facts seen since {scope.since:%Y-%m-%d %H:%M} UTC" if scope.since else "all facts"]
    if scope.subject:
        parts.append(f"deal {scope.subject}")
    return ", ".join(parts)


def scope_suffix(scope: ReportScope) -> str:
    return "" if scope.since is None and scope.subject is None else f" ({describe_scope(scope)})"
