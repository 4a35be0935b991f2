"""The page's charts: Vega-Lite specs built with altair, rendered to static SVG by vl-convert (no script)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

import altair as alt
import vl_convert

from flows.report.content import ChartPoint, DealChart, Panel
from warehouse.report import RunCounts

# The Vega-Lite version altair 6 writes its specs in (alt.SCHEMA_VERSION v6.4.x); vl-convert ships it.
VEGA_LITE_VERSION = "6.4"
# Qualifiers as mark shapes: "up to" points down (the figure is a ceiling), "at least" up (a floor).
QUALIFIER_SHAPES = {"exact": "circle", "up to": "triangle-down", "about": "diamond", "at least": "triangle-up"}
# Colour-blind-safe categorical colours (Tableau 10, then its lighter tints); past 20 outlets they repeat.
PALETTE = (
    "#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac",
    "#a0cbe8", "#ffbe7d", "#ff9d9a", "#86bcb6", "#8cd17d", "#f1ce63", "#d4a6c8", "#fabfd2", "#d7b5a6", "#79706e",
)
PANEL_WIDTH = 300
PANEL_HEIGHT = 110
BAND_COLOUR = "#9a9a9a"
LEGEND = alt.Legend(orient="bottom", columns=2, labelLimit=240, symbolLimit=40)
DAY_MILLISECONDS = 86_400_000
# Space left on each side of the dated marks, as a share of their span (a day when they share one date).
TIME_PADDING = 0.04
DODGE_PIXELS = 7


def render_svg(spec: Mapping[str, Any]) -> str:
    """The chart as an SVG document; its data is inline and no URL may be loaded while rendering."""
    return vl_convert.vegalite_to_svg(dict(spec), vl_version=VEGA_LITE_VERSION, allowed_base_urls=[])


def colours_for(outlets: Sequence[str]) -> dict[str, str]:
    """One colour per outlet for the whole page, so that an outlet looks the same in every chart."""
    return {outlet: PALETTE[index % len(PALETTE)] for index, outlet in enumerate(outlets)}


def deal_chart_spec(
    chart: DealChart, colours: Mapping[str, str], tolerance_percent: Decimal, *, validate: bool = False
) -> dict[str, Any]:
    """The panels of one deal chart stacked, sharing the time axis and the outlets' colours.

    Every chart has the same shape, so checking each against the Vega-Lite schema (a third of the page's build
    time) tells nothing new: the tests check it (`validate=True`).
    """
    outlets = list(chart.outlets)
    scale = alt.Scale(domain=outlets, range=[colours[outlet] for outlet in outlets])
    domain = time_domain(chart)
    panels = [panel_chart(index, panel, scale, time_scale(domain)) for index, panel in enumerate(chart.panels)]
    spec = alt.vconcat(*panels, spacing=16).resolve_scale(x="shared", y="independent").to_dict(validate=validate)
    # The rows join the spec afterwards: checking thousands of values against the schema would cost seconds.
    spec["datasets"] = {}
    for index, panel in enumerate(chart.panels):
        spec["datasets"] |= panel_datasets(index, panel, tolerance_percent, seconds_per_pixel(domain))
    return spec


def time_domain(chart: DealChart) -> tuple[dt.datetime, dt.datetime] | None:
    """The span of the dated reports, padded; None when no report is dated."""
    dated = [point.seen_at for panel in chart.panels for point in panel.points if point.is_dated]
    if not dated:
        return None
    earliest, latest = min(dated), max(dated)
    padding = max((latest - earliest) * TIME_PADDING, dt.timedelta(days=1) if earliest == latest else dt.timedelta(0))
    return earliest - padding, latest + padding


def time_scale(domain: tuple[dt.datetime, dt.datetime] | None) -> alt.Scale:
    """UTC time over the dated reports; undated ones (placed at their fetch time, often long after) are clamped
    to the right edge as hollow marks instead of stretching the axis."""
    if domain is None:
        return alt.Scale(type="utc")
    return alt.Scale(type="utc", domain=[utc_iso(moment) for moment in domain], clamp=True, nice=False)


def seconds_per_pixel(domain: tuple[dt.datetime, dt.datetime] | None) -> float:
    return (domain[1] - domain[0]).total_seconds() / PANEL_WIDTH if domain else 0.0


def dodged_times(points: Sequence[ChartPoint], seconds_per_pixel: float) -> list[dt.datetime]:
    """Where each mark sits on the time axis: outlets reporting one figure on one day side by side, a few
    pixels apart, so that five outlets show as five marks (their labels keep the exact date)."""
    same_spot: dict[tuple[dt.date, float], list[int]] = defaultdict(list)
    for index, point in enumerate(points):
        if point.is_dated:
            same_spot[(point.seen_at.date(), point.figure)].append(index)
    times = [point.seen_at for point in points]
    for indexes in same_spot.values():
        for rank, index in enumerate(indexes):
            shift = (rank - (len(indexes) - 1) / 2) * DODGE_PIXELS * seconds_per_pixel
            times[index] += dt.timedelta(seconds=shift)
    return times


def panel_chart(index: int, panel: Panel, outlet_scale: alt.Scale, x_scale: alt.Scale) -> alt.LayerChart:
    """A band for the tolerance around each figure reported, under one mark per article."""
    title = f"{panel.label} · {panel.axis_title}" if panel.label else panel.axis_title
    band = alt.Chart(alt.NamedData(f"bands_{index}")).mark_rect(color=BAND_COLOUR, opacity=0.35).encode(
        y=alt.Y("low:Q", title=title), y2="high:Q", x=alt.value(0), x2=alt.value("width"),
    )
    # The outline in the outlet's colour, filled for a dated article and hollow for an undated one.
    points = alt.Chart(alt.NamedData(f"points_{index}")).mark_point(filled=False, size=70, strokeWidth=1.5).encode(
        x=alt.X("seen_at:T", title=None, scale=x_scale,
                axis=alt.Axis(format="%Y-%m-%d", labelAngle=0, labelOverlap=True, tickMinStep=DAY_MILLISECONDS)),
        y=alt.Y("figure:Q", title=title, axis=alt.Axis(titleLimit=PANEL_HEIGHT + 60)),
        color=alt.Color("outlet:N", title="outlet", legend=LEGEND, scale=outlet_scale),
        fill=alt.Fill("outlet:N", legend=None, scale=outlet_scale),
        shape=alt.Shape("qualifier:N", legend=None,
                        scale=alt.Scale(domain=list(QUALIFIER_SHAPES), range=list(QUALIFIER_SHAPES.values()))),
        fillOpacity=alt.FillOpacity("dated:N", legend=None, scale=alt.Scale(domain=["yes", "no"], range=[0.85, 0])),
        description=alt.Description("description:N"),
    )
    return alt.LayerChart(layer=[band, points], width=PANEL_WIDTH, height=PANEL_HEIGHT)


def panel_datasets(
    index: int, panel: Panel, tolerance_percent: Decimal, seconds_per_pixel: float
) -> dict[str, list[dict[str, Any]]]:
    """The panel's marks, and one band per distinct figure: figures inside a band agree (the diff's tolerance)."""
    share = float(tolerance_percent) / 100
    points = [
        {
            "seen_at": utc_iso(placed_at),
            "figure": point.figure,
            "outlet": point.outlet,
            "qualifier": point.qualifier,
            "dated": "yes" if point.is_dated else "no",
            "description": point.description,
        }
        for point, placed_at in zip(panel.points, dodged_times(panel.points, seconds_per_pixel), strict=True)
    ]
    bands = [{"low": figure * (1 - share), "high": figure * (1 + share)} for figure in panel.figures]
    return {f"points_{index}": points, f"bands_{index}": bands}


def runs_chart_spec(runs: Sequence[RunCounts]) -> dict[str, Any]:
    """Articles and facts each run added, oldest run on the left."""
    rows = [
        {"started_at": utc_iso(run.started_at), "count": count, "what": what}
        for run in reversed(runs)
        for what, count in (("new articles", run.articles_new), ("new facts", run.facts_new))
    ]
    chart = alt.Chart(alt.NamedData("runs")).mark_line(point=True).encode(
        x=alt.X("started_at:T", title="run started (UTC)", scale=alt.Scale(type="utc"),
                axis=alt.Axis(format="%Y-%m-%d %H:%M", labelAngle=0, labelOverlap=True)),
        y=alt.Y("count:Q", title="per run"),
        color=alt.Color("what:N", title=None, legend=alt.Legend(orient="top")),
    ).properties(width=2 * PANEL_WIDTH, height=PANEL_HEIGHT)
    spec = chart.to_dict()
    spec["datasets"] = {"runs": rows}
    return spec


def utc_iso(moment: dt.datetime) -> str:
    """Stored timestamps are UTC without a zone; the Z keeps the renderer from reading them as local time."""
    return f"{moment:%Y-%m-%dT%H:%M:%S}Z"
