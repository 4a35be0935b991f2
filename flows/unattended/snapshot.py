"""A read-only copy of the warehouse, published atomically after each load, for people to query."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from warehouse.database import connect


class SnapshotNotPublished(Exception):
    """The snapshot was left as it was (the previous one stays valid); the message says why."""


def snapshot_path(db_path: Path) -> Path:
    """`dealwatch.duckdb` -> `dealwatch.snapshot.duckdb`, beside it."""
    return db_path.with_name(f"{db_path.stem}.snapshot{db_path.suffix or '.duckdb'}")


def publish_snapshot(db_path: Path) -> Path:
    """Copy the warehouse to its snapshot name; readers of the snapshot see the old or the new file, whole.

    Call it after the loading connection is closed: DuckDB checkpoints on close, so the file is complete.
    """
    target = snapshot_path(db_path)
    temporary = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    # A read-only connection takes DuckDB's shared lock, so no writer can change the file mid-copy.
    with connect(db_path, read_only=True):
        _refuse_unfinished_log(db_path)
        shutil.copyfile(db_path, temporary)
    os.replace(temporary, target)
    return target


def _refuse_unfinished_log(db_path: Path) -> None:
    # A WAL left beside the file means committed rows not yet in it: a bare copy would miss them.
    wal = db_path.with_name(db_path.name + ".wal")
    if wal.exists():
        raise SnapshotNotPublished(
            f"snapshot of {db_path} not refreshed: {wal.name} holds changes not yet checkpointed; "
            "the next run will publish it"
        )
