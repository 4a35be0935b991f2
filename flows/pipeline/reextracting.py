"""Re-extraction: stored articles another extractor version read, read again in chunks, their facts replaced."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import extractors
from flows.pipeline.execution import Runner, in_chunks, runner_for
from flows.pipeline.progress import current as current_progress
from flows.pipeline.stages import chunks, extract_articles
from warehouse.database import Connection, connect, transaction
from warehouse.records import AlertSettings, ArticleRecord, utc_now
from warehouse.reextraction import ChunkResult, count_stale_articles, read_stale_articles, replace_facts

# Articles per transaction: a kill loses at most one chunk's reading, never stored facts; big enough that
# the diff run after each chunk is not the bulk of the work.
REEXTRACT_CHUNK = 200
# What the progress counters show, in order.
REEXTRACT_STAGES = ("articles read again", "facts", "alerts raised", "alerts withdrawn")

# The chunk's CPU work, articles -> facts: a plain function of records, so a task runner can run it in workers.
ExtractChunk = Callable[[Sequence[ArticleRecord]], list[ArticleRecord]]


@dataclass(frozen=True)
class ReextractSummary:
    extractor_version: str
    stale_at_start: int
    articles: int = 0
    chunks: int = 0
    facts_before: int = 0
    facts_after: int = 0
    alerts_raised: int = 0
    alerts_withdrawn: int = 0

    def add(self, chunk: ChunkResult) -> ReextractSummary:
        return ReextractSummary(
            self.extractor_version,
            self.stale_at_start,
            self.articles + chunk.articles,
            self.chunks + 1,
            self.facts_before + chunk.facts_before,
            self.facts_after + chunk.facts_after,
            self.alerts_raised + len(chunk.diff.raised),
            self.alerts_withdrawn + chunk.diff.withdrawn,
        )

    def format(self) -> str:
        if not self.articles:
            return f"nothing to read again: every relevant article was read by extractor {self.extractor_version}"
        return (
            f"articles read again by extractor {self.extractor_version}: {self.articles} in {self.chunks} "
            f"chunk(s); facts: {self.facts_before} replaced by {self.facts_after}; alerts: "
            f"{self.alerts_raised} raised, {self.alerts_withdrawn} withdrawn"
        )


def reextract_stored(
    db_path: Path,
    settings: AlertSettings,
    since: dt.datetime | None = None,
    *,
    chunk_size: int = REEXTRACT_CHUNK,
    extract: ExtractChunk = extract_articles,
) -> ReextractSummary:
    """Every relevant article another extractor version read, read again by this one, chunk by chunk.

    Each chunk's facts are replaced and the diff run again in one transaction, so a run killed half-way keeps
    the chunks it committed and the next run goes on from there; a second run finds nothing to do.
    """
    version = extractors.EXTRACTOR_VERSION
    with connect(db_path) as con:
        summary = ReextractSummary(version, count_stale_articles(con, version, since))
        while records := read_stale_articles(con, version, since, chunk_size):
            chunk = store_chunk(con, extract(records), version, settings)
            summary = summary.add(chunk)
            report_chunk(chunk, summary)
    return summary


# Below this many articles a part is not worth a trip to a worker process.
PART_AT_LEAST = 25


def extract_on(cpu: Runner) -> ExtractChunk:
    """Each chunk's articles read on `cpu`'s workers, one part each, back in their order; the chunk is still
    stored in one transaction by this process (one writer)."""

    def extract(records: Sequence[ArticleRecord]) -> list[ArticleRecord]:
        size = max(PART_AT_LEAST, -(-len(records) // cpu.workers))
        runner = runner_for(records, size, cpu)
        return [record for part in in_chunks(runner, extract_articles, chunks(list(records), size)) for record in part]

    return extract


def store_chunk(
    con: Connection, extracted: Sequence[ArticleRecord], version: str, settings: AlertSettings
) -> ChunkResult:
    with transaction(con):
        return replace_facts(con, extracted, version, settings, utc_now())


def report_chunk(chunk: ChunkResult, summary: ReextractSummary) -> None:
    progress = current_progress()
    progress.advance("articles read again", chunk.articles)
    progress.advance("alerts raised", len(chunk.diff.raised))
    progress.advance("alerts withdrawn", chunk.diff.withdrawn)
    progress.detail(f"chunk {summary.chunks}: {summary.articles} of {summary.stale_at_start} articles committed")
