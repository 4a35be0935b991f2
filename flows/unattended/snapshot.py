"""A read-only copy of the warehouse, published atomically after each load, and reads that fall back on it."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from warehouse.database import Connection, DatabaseBusy, connect

Read = TypeVar("Read")


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


def read_anywhere(db_path: Path, read: Callable[[Connection], Read]) -> tuple[Read, Path]:
    """`read` on the warehouse, or on its snapshot while another process holds the file; and which was read.

    DatabaseBusy when the file is held and there is no snapshot yet; DatabaseUnusable when there is no file.
    """
    try:
        return read_file(db_path, read), db_path
    except DatabaseBusy:
        if not snapshot_path(db_path).is_file():
            raise
        return read_file(snapshot_path(db_path), read), snapshot_path(db_path)


def read_or_default(db_path: Path, read: Callable[[Connection], Read], default: Read) -> Read:
    """`read` on the warehouse or its snapshot, whichever can be opened; `default` before the first run or
    while both are held (a run's start reads what it can and carries on)."""
    for candidate in (db_path, snapshot_path(db_path)):
        if not candidate.is_file():
            continue
        try:
            return read_file(candidate, read)
        except DatabaseBusy:
            continue
    return default


def read_file(path: Path, read: Callable[[Connection], Read]) -> Read:
    with connect(path, read_only=True) as con:
        return read(con)
