"""What a run did, as a value (RunSummary) and as the few lines `dealwatch run` prints at the end."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from flows.exit_codes import EXIT_BUSY, EXIT_OK, EXIT_SOME_SOURCES_FAILED
from flows.pipeline.storing import Delivery
from flows.sources.problems import Problem
from flows.unattended.spool import Quarantined
from warehouse.records import FAILED, SourceOutcome

PROBLEMS_SHOWN = 10


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
    # Scheduling (flows/pipeline/storing.py, flows/unattended/backoff.py): what became of the batch,
    # sources left to back off.
    delivery: Delivery | None = None
    backing_off: tuple[str, ...] = ()
    # The end of the run for alerts (flows/alerting/channels.py): the one-glance lines printed after the summary.
    alert_lines: tuple[str, ...] = ()
    # Kept batches that could not be read back, set aside (flows/unattended/spool.py).
    quarantined: tuple[Quarantined, ...] = ()
    # Pages not fetched: failing ones inside their back-off, ones a kept batch holds (flows/pipeline/waiting.py).
    left_alone: tuple[str, ...] = ()

    @property
    def sources_failed(self) -> tuple[SourceOutcome, ...]:
        return tuple(source for source in self.sources if source.status == FAILED)

    @property
    def sources_ok(self) -> tuple[SourceOutcome, ...]:
        return tuple(source for source in self.sources if source.status != FAILED)

    @property
    def exit_code(self) -> int:
        if self.delivery is not None and self.delivery.is_stopped:
            return EXIT_BUSY
        return EXIT_SOME_SOURCES_FAILED if self.sources_failed else EXIT_OK


def format_summary(summary: RunSummary) -> str:
    """The end-of-run report: sources ok/failed with reasons, new and seen rows, skipped items, DB path."""
    seconds = (summary.finished_at - summary.started_at).total_seconds()
    lines = [f"sources: {len(summary.sources_ok)} ok, {len(summary.sources_failed)} failed"]
    lines += [f"  {source_line(source)}" for source in summary.sources]
    lines += [f"  backing off  {line}" for line in summary.backing_off]
    lines += earlier_batch_lines(summary.delivery)
    lines += [quarantined.describe() for quarantined in summary.quarantined]
    if summary.delivery is not None and summary.delivery.is_stopped:
        lines.append(kept_line(summary.delivery))
    else:
        lines.append(
            f"articles: {summary.articles_new} new, {summary.articles_seen} already seen; "
            f"facts: {summary.facts_new} new; alerts: {summary.alerts_new} new"
        )
    lines += list(summary.left_alone)
    lines += problem_lines(summary.problems)
    if summary.delivery is not None and summary.delivery.snapshot_note:
        lines.append(summary.delivery.snapshot_note)
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


def earlier_batch_lines(delivery: Delivery | None) -> list[str]:
    """The batches that earlier runs could not load, loaded first by this one."""
    if delivery is None or not delivery.earlier:
        return []
    count = len(delivery.earlier)
    runs = ", ".join(run_id for run_id, _ in delivery.earlier)
    new = sum(result.articles_new for _, result in delivery.earlier if result is not None)
    batches = "1 batch kept by an earlier run" if count == 1 else f"{count} batches kept by earlier runs"
    return [f"loaded {batches} ({runs}): {new} new article(s)"]


def kept_line(delivery: Delivery) -> str:
    """The batch was not loaded (file busy, disk full): where it waits for the next run (exit code 3)."""
    work = f"this run's work ({delivery.kept_articles} articles, {delivery.kept_facts} facts)"
    why = f"database busy: {delivery.busy_reason}" if delivery.busy_reason else str(delivery.disk_full)
    if delivery.kept_at is None:
        return f"{why}; {work} is not stored: {delivery.not_kept}, and the next run fetches it again"
    return f"{why}; {work} is kept in {delivery.kept_at} and will be loaded by the next run"


def format_errors(summary: RunSummary) -> list[str]:
    """What --quiet still prints: failed sources, kept batches set aside, and work left for the next run."""
    lines = [f"failed: {source_line(source)}" for source in summary.sources_failed]
    lines += [quarantined.describe() for quarantined in summary.quarantined]
    if summary.delivery is not None and summary.delivery.is_stopped:
        lines.append(kept_line(summary.delivery))
    return lines
