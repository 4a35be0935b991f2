"""A run's batch into the warehouse (kept batches first, a bounded wait, else kept), its alerts sent, a snapshot."""

from __future__ import annotations

import time
from dataclasses import dataclass, replace
from pathlib import Path

from flows.alerting.channels import AlertRound, announce_alerts
from flows.unattended.snapshot import SnapshotNotPublished, publish_snapshot
from flows.unattended.spool import load_pending, write_pending
from warehouse.database import Connection, DatabaseBusy, connect, transaction
from warehouse.diff import raise_alerts
from warehouse.health import is_run_recorded
from warehouse.load import load_batch, record_run
from warehouse.records import Batch, LoadResult

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


def load_once(con: Connection, batch: Batch) -> LoadResult | None:
    """Store a batch unless its run is recorded already (kept, loaded, then the process died before delete)."""
    if is_run_recorded(con, batch.run.run_id):
        return None
    return store_batch(con, batch)


def store_batch(con: Connection, batch: Batch) -> LoadResult:
    """Load, diff, record the run: one transaction, so alerts and the run record commit with their facts."""
    with transaction(con):
        loaded = load_batch(con, batch)
        stored = replace(loaded, alerts_new=raise_alerts(con, loaded.new_article_ids, batch.alerts))
        record_run(con, batch, stored)
    return stored


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
