"""A run's batch into the warehouse (kept batches first, a bounded wait, else kept), its alerts sent, a snapshot.

A full disk keeps the batch too, when the disk still has room for its file.
"""

from __future__ import annotations

import shutil
import time
from dataclasses import dataclass, replace
from pathlib import Path

from flows.alerting.channels import AlertRound, announce_alerts
from flows.unattended.snapshot import SnapshotNotPublished, publish_snapshot
from flows.unattended.spool import Quarantined, load_pending, read_pending, write_pending
from warehouse.database import Connection, DatabaseBusy, DiskFull, connect, transaction
from warehouse.diff import raise_alerts
from warehouse.health import is_run_recorded
from warehouse.load import load_batch, record_run
from warehouse.page_failures import load_page_failures
from warehouse.records import Batch, LoadResult

POLL_SECONDS = 0.5
LOW_DISK_BYTES = 256 * 2**20


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
    quarantined: tuple[Quarantined, ...] = ()
    disk_full: str | None = None  # the reason, when a full disk stopped the load
    not_kept: str | None = None  # why the batch could not be kept either (the next run fetches it again)

    @property
    def is_kept(self) -> bool:
        return self.kept_at is not None

    @property
    def is_stopped(self) -> bool:
        """The batch was not loaded: the file stayed busy or the disk is full (exit code 3)."""
        return self.result is None and (self.busy_reason is not None or self.disk_full is not None)

    @property
    def alert_lines(self) -> tuple[str, ...]:
        """What the run prints after its summary: the new alerts and what the channels took."""
        return tuple(self.announced.format().splitlines()) if self.announced else ()


def deliver(db_path: Path, batch: Batch, *, wait_seconds: float) -> Delivery:
    """Load earlier kept batches then this one and send the alerts; if the file stays held, keep this one.

    The snapshot is published last, so it shows the deliveries this run recorded.
    """
    kept_early = keep_early_if_disk_is_low(db_path, batch)
    deadline = time.monotonic() + wait_seconds
    while True:
        try:
            delivery = load_everything(db_path, batch, own_file=kept_early)
        except DatabaseBusy as busy:
            if time.monotonic() >= deadline:
                return keep_for_next_run(db_path, batch, busy_reason=str(busy), kept_at=kept_early)
            time.sleep(POLL_SECONDS)
            continue
        except DiskFull as full:
            return keep_for_next_run(db_path, batch, disk_full=str(full), kept_at=kept_early)
        if kept_early is not None:
            kept_early.unlink(missing_ok=True)  # loaded; a run that died before this line skips it (run recorded)
        return refresh_snapshot(db_path, delivery)


def keep_early_if_disk_is_low(db_path: Path, batch: Batch) -> Path | None:
    """On a nearly full disk, the batch is kept before the load is tried, while there is room for its file.

    A load that fills the disk leaves DuckDB's log holding whatever room was left: a batch kept only after it
    fails would have nowhere to go.
    """
    if shutil.disk_usage(db_path.parent).free >= LOW_DISK_BYTES:
        return None
    try:
        return write_pending(db_path, batch.run.run_id, batch)
    except OSError:
        return None  # no room even for the file: the load will meet the full disk and the run will say so


def load_everything(db_path: Path, batch: Batch, own_file: Path | None = None) -> Delivery:
    """Kept batches, then this one, then the alerts announced and sent on the same connection.

    Announcing before letting go of the file means no one can take it between the load and the deliveries.
    Alerts raised by kept batches count as this run's: they are raised when loaded. A kept batch that cannot
    be read back is set aside (flows/unattended/spool.py) and the load goes on. `own_file`: this batch, kept
    early (a nearly full disk), is not one of the earlier batches.
    """
    with connect(db_path) as con:
        earlier = load_pending(db_path, lambda kept: load_once(con, kept), kind=Batch, skip=own_file)
        result = load_once(con, batch)
        announced = announce_alerts(con, batch.run.started_at, batch.alerts.channels)
    return Delivery(result=result, earlier=earlier.loaded, announced=announced, quarantined=earlier.quarantined)


def read_kept_batches(db_path: Path) -> tuple[list[Batch], list[Quarantined]]:
    """The batches waiting in `<db>.pending/` (a run leaves their pages alone), and the files set aside."""
    kept, quarantined = [], []
    for pending in read_pending(db_path, Batch):
        if isinstance(pending, Quarantined):
            quarantined.append(pending)
        else:
            kept.append(pending.batch)
    return kept, quarantined


def load_once(con: Connection, batch: Batch) -> LoadResult | None:
    """Store a batch unless its run is recorded already (kept, loaded, then the process died before delete)."""
    if is_run_recorded(con, batch.run.run_id):
        return None
    return store_batch(con, batch)


def store_batch(con: Connection, batch: Batch) -> LoadResult:
    """Load (failed pages too), diff, record the run: one transaction, so alerts and the run record commit
    with their facts."""
    with transaction(con):
        loaded = load_batch(con, batch)
        load_page_failures(con, batch.page_failures, [article.canonical_url for article in batch.articles])
        alerts_new = raise_alerts(con, loaded.new_article_ids, batch.alerts, signatures=batch.signatures)
        stored = replace(loaded, alerts_new=alerts_new)
        record_run(con, batch, stored)
    return stored


def keep_for_next_run(db_path: Path, batch: Batch, *, busy_reason: str | None = None,
                      disk_full: str | None = None, kept_at: Path | None = None) -> Delivery:
    """This run's batch as a file for the next run (unless kept early already); on a full disk that may fail
    too, and the run says so."""
    facts = sum(len(article.facts) for article in batch.articles)
    stopped = Delivery(result=None, busy_reason=busy_reason, disk_full=disk_full, kept_at=kept_at,
                       kept_articles=len(batch.articles), kept_facts=facts)
    if kept_at is not None:
        return stopped
    try:
        return replace(stopped, kept_at=write_pending(db_path, batch.run.run_id, batch))
    except OSError as error:
        # Nothing of this run is stored, its feeds' validators included: the next run fetches the same again.
        return replace(stopped, not_kept=f"the batch could not be kept either ({error.strerror})")


def refresh_snapshot(db_path: Path, delivery: Delivery) -> Delivery:
    """Publish the snapshot; a file grabbed by someone between the load and the copy only delays it."""
    try:
        published = publish_snapshot(db_path)
    except (DatabaseBusy, SnapshotNotPublished) as problem:
        return replace(delivery, snapshot_note=f"snapshot not refreshed: {problem}")
    return replace(delivery, snapshot_note=f"snapshot for queries: {published}")
