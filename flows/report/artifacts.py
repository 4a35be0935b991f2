"""What a flow run shows in Prefect's UI: the summary in its log, the summary and new alerts as a markdown
artifact, the disputed figures as a table artifact."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from prefect import get_run_logger
from prefect.artifacts import create_markdown_artifact, create_table_artifact

from flows.alerting.channels import LINE_MAX_CHARS, escape_markdown
from flows.alerting.formatting import sanitize_text
from flows.report.content import Conflict, build_conflicts, format_moment
from flows.unattended.snapshot import read_or_default
from warehouse.report import DisputedReport, ReportScope, read_disputed_reports

# Artifact keys (lowercase, digits, dashes): the UI keeps each key's history across runs.
SUMMARY_KEY = "dealwatch-run-summary"
DISPUTED_KEY = "dealwatch-disputed-figures"


def publish_run(summary_lines: Sequence[str], alert_lines: Sequence[str], db_path: Path) -> None:
    """Call from inside the flow, after the run: what `dealwatch run` prints, where the UI shows it."""
    logger = get_run_logger()
    for line in [*summary_lines, *alert_lines]:
        logger.info(sanitize_text(line, LINE_MAX_CHARS))
    create_markdown_artifact(
        markdown=summary_markdown(summary_lines, alert_lines),
        key=SUMMARY_KEY,
        description="What this dealwatch run read, stored and raised",
    )
    nothing: list[DisputedReport] = []
    disputed = read_or_default(db_path, lambda con: read_disputed_reports(con, ReportScope()), nothing)
    create_table_artifact(
        table=disputed_table(build_conflicts(disputed)),
        key=DISPUTED_KEY,
        description="Figures outlets disagree on (open conflicts), newest first",
    )


def summary_markdown(summary_lines: Sequence[str], alert_lines: Sequence[str]) -> str:
    """The summary, then the new alerts; every line escaped (outlets and titles come from the web)."""
    parts = ["## dealwatch run", "", *markdown_items(summary_lines), ""]
    alerts = [line for line in alert_lines if line.strip()]
    parts += ["### New alerts", "", *(markdown_items(alerts) if alerts else ["No new alert."])]
    return "\n".join(parts) + "\n"


def markdown_items(lines: Sequence[str]) -> list[str]:
    return [f"- {escape_markdown(sanitize_text(line, LINE_MAX_CHARS))}" for line in lines]


def disputed_table(conflicts: Sequence[Conflict]) -> list[dict[str, str | int]]:
    """One row per figure of each disputed deal, with the outlets that reported it."""
    return [
        {
            "deal": sanitize_text(conflict.deal, LINE_MAX_CHARS),
            "figure": card.figure,
            "outlets": sanitize_text(", ".join(card.outlets), LINE_MAX_CHARS),
            "reports": card.reports_total,
            "latest conflict": format_moment(conflict.last_raised_at),
        }
        for conflict in conflicts
        for card in conflict.cards
    ]

