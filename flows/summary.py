"""What a run did, as a value (RunSummary) and as the few lines `dealwatch run` prints at the end."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from warehouse.load import FAILED, SourceOutcome

# Exit codes agreed in notes/INTERFACES.md.
EXIT_OK = 0
EXIT_SOME_SOURCES_FAILED = 1
PROBLEMS_SHOWN = 10


@dataclass(frozen=True)
class Problem:
    """One item the run skipped (a file, a page): where it is and why, in a sentence."""

    where: str
    reason: str


@dataclass(frozen=True)
class RunSummary:
    """The outcome of one run: each source's status, the new rows, the skipped items and where the data is."""

    run_id: str
    db_path: Path
    started_at: dt.datetime
    finished_at: dt.datetime
    sources: tuple[SourceOutcome, ...]
    articles_new: int
    articles_seen: int
    facts_new: int
    alerts_new: int = 0
    problems: tuple[Problem, ...] = ()

    @property
    def sources_failed(self) -> tuple[SourceOutcome, ...]:
        return tuple(source for source in self.sources if source.status == FAILED)

    @property
    def sources_ok(self) -> tuple[SourceOutcome, ...]:
        return tuple(source for source in self.sources if source.status != FAILED)

    @property
    def exit_code(self) -> int:
        return EXIT_SOME_SOURCES_FAILED if self.sources_failed else EXIT_OK


def format_summary(summary: RunSummary) -> str:
    """The end-of-run report: sources ok/failed with reasons, new and seen rows, skipped items, DB path."""
    seconds = (summary.finished_at - summary.started_at).total_seconds()
    lines = [f"sources: {len(summary.sources_ok)} ok, {len(summary.sources_failed)} failed"]
    lines += [f"  {source_line(source)}" for source in summary.sources]
    lines.append(
        f"articles: {summary.articles_new} new, {summary.articles_seen} already seen; "
        f"facts: {summary.facts_new} new; alerts: {summary.alerts_new} new"
    )
    lines += problem_lines(summary.problems)
    lines.append(f"data: {summary.db_path} (run {summary.run_id}, {seconds:.1f} s)")
    return "\n".join(lines)


def source_line(source: SourceOutcome) -> str:
    status = source.status.replace("_", " ")
    reason = f": {source.error}" if source.error else ""
    return f"{status:<12} {source.name} ({source.source_type}){reason}"


def problem_lines(problems: tuple[Problem, ...]) -> list[str]:
    """The skipped items, the first few in full (a broken feed can list hundreds)."""
    if not problems:
        return []
    lines = [f"skipped: {len(problems)} item(s), retried on the next run"]
    lines += [f"  {problem.where}: {problem.reason}" for problem in problems[:PROBLEMS_SHOWN]]
    if len(problems) > PROBLEMS_SHOWN:
        lines.append(f"  ... and {len(problems) - PROBLEMS_SHOWN} more")
    return lines
