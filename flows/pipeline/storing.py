"""A run's batch into the warehouse (kept batches first, a bounded wait, else kept), its alerts sent, a snapshot."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, replace
from pathlib import Path

import duckdb

from flows.alerting.channels import AlertRound, announce_alerts
from flows.unattended.backoff import SourceBackoff, find_backing_off, plan_next_attempts
from flows.unattended.snapshot import SnapshotNotPublished, publish_snapshot, snapshot_path
from flows.unattended.spool import load_pending, write_pending
from warehouse.database import DatabaseBusy, connect
from warehouse.health import is_run_recorded, load_next_attempts, read_failure_counts
from warehouse.load import Batch, LoadResult, load_batch

POLL_SECONDS = 0.5


@dataclass(frozen=True)
class Delivery:
    """What became of a run's batch: loaded (with the earlier kept batches before it) or kept for later."""

    result: LoadResult | None
    earlier: tuple[tuple[str, LoadResult | None], ...] = ()
    kept_at: Path | None = None
    busy_reason: str | None = None
    snapshot_note: str | None = None
    kept_articles: int = 0
    kept_facts: int = 0
    announced: AlertRound | None = None  # None when the batch was kept: its alerts are not raised yet

    @property
    def is_kept(self) -> bool:
        return self.kept_at is not None

    @property
    def alert_lines(self) -> tuple[str, ...]:
        """What the run prints after its summary: the new alerts and what the channels took."""
        return tuple(self.announced.format().splitlines()) if self.announced else ()


def deliver(db_path: Path, batch: Batch, *, wait_seconds: float) -> Delivery:
    """Load earlier kept batches then this one and send the alerts; if the file stays held, keep this one.

    The snapshot is published last, so it shows the deliveries this run recorded.
    """
    deadline = time.monotonic() + wait_seconds
    while True:
        try:
            delivery = load_everything(db_path, batch)
        except DatabaseBusy as busy:
            if time.monotonic() >= deadline:
                return keep_for_next_run(db_path, batch, str(busy))
            time.sleep(POLL_SECONDS)
            continue
        return refresh_snapshot(db_path, delivery)


def load_everything(db_path: Path, batch: Batch) -> Delivery:
    """Kept batches, then this one, then the alerts announced and sent on the same connection.

    Announcing before letting go of the file means no one can take it between the load and the deliveries.
    Alerts raised by kept batches count as this run's: they are raised when loaded.
    """
    with connect(db_path) as con:
        earlier = load_pending(db_path, lambda kept: load_once(con, kept))
        result = load_once(con, batch)
        announced = announce_alerts(con, batch.run.started_at, batch.alerts.channels)
    return Delivery(result=result, earlier=tuple(earlier), announced=announced)


def load_once(con: duckdb.DuckDBPyConnection, batch: Batch) -> LoadResult | None:
    """Load a batch unless its run is recorded already (kept, loaded, then the process died before delete)."""
    if is_run_recorded(con, batch.run.run_id):
        return None
    result = load_batch(con, batch)
    record_backoff(con, batch)
    return result


def record_backoff(con: duckdb.DuckDBPyConnection, batch: Batch) -> None:
    """Set each attempted source's next attempt from its failures in a row, as counted by the load."""
    failures = {name: count for name, (count, _) in read_failure_counts(con).items()}
    attempted_at = {source.name: source.attempted_at for source in batch.sources}
    load_next_attempts(con, plan_next_attempts(failures, attempted_at))


def keep_for_next_run(db_path: Path, batch: Batch, reason: str) -> Delivery:
    kept_at = write_pending(db_path, batch.run.run_id, batch)
    facts = sum(len(article.facts) for article in batch.articles)
    return Delivery(result=None, kept_at=kept_at, busy_reason=reason, kept_articles=len(batch.articles),
                    kept_facts=facts)


def refresh_snapshot(db_path: Path, delivery: Delivery) -> Delivery:
    """Publish the snapshot; a file grabbed by someone between the load and the copy only delays it."""
    try:
        published = publish_snapshot(db_path)
    except (DatabaseBusy, SnapshotNotPublished) as problem:
        return replace(delivery, snapshot_note=f"snapshot not refreshed: {problem}")
    return replace(delivery, snapshot_note=f"snapshot for queries: {published}")


@contextmanager
def read_warehouse(db_path: Path) -> Iterator[duckdb.DuckDBPyConnection | None]:
    """A read-only view for the run's start: the file, or its snapshot while the file is held, or None."""
    with ExitStack() as stack:
        yield open_first_readable(stack, (db_path, snapshot_path(db_path)))


def open_first_readable(stack: ExitStack, candidates: tuple[Path, ...]) -> duckdb.DuckDBPyConnection | None:
    for candidate in candidates:
        if not candidate.is_file():
            continue
        try:
            return stack.enter_context(connect(candidate, read_only=True))
        except DatabaseBusy:
            continue
    return None


def find_sources_backing_off(db_path: Path, now: dt.datetime) -> dict[str, SourceBackoff]:
    """The sources inside their retry interval, by name (none on a first run or with no readable file)."""
    with read_warehouse(db_path) as con:
        counts = read_failure_counts(con) if con is not None else {}
    sources = (SourceBackoff(name, failures, next_at) for name, (failures, next_at) in counts.items())
    return find_backing_off(sources, now)
