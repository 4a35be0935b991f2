"""A read-only copy of the warehouse, published atomically after each load, reads that fall back on it, and
private copies for people's queries."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from warehouse.database import Connection, DatabaseBusy, SchemaMissing, connect

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
        try:
            shutil.copyfile(db_path, temporary)
        except OSError as error:
            temporary.unlink(missing_ok=True)  # a partial copy on a full disk would only take more room
            raise SnapshotNotPublished(f"snapshot of {db_path} not refreshed: {error.strerror}") from error
    os.replace(temporary, target)
    return target


def _refuse_unfinished_log(db_path: Path) -> None:
    # A WAL left beside the file means committed rows not yet in it: a bare copy would miss them.
    wal = wal_path(db_path)
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
    """`read` on the warehouse or its snapshot, whichever can be opened; `default` before the first run, on a
    file whose tables were never created, or while both are held (a run's start reads what it can)."""
    for candidate in (db_path, snapshot_path(db_path)):
        if not candidate.is_file():
            continue
        try:
            return read_file(candidate, read)
        except (DatabaseBusy, SchemaMissing):
            continue
    return default


def read_file(path: Path, read: Callable[[Connection], Read]) -> Read:
    with connect(path, read_only=True) as con:
        return read(con)


@dataclass(frozen=True)
class QueryCopy:
    """A copy of the warehouse that only one query can touch, in a folder of its own (its spill space too)."""

    path: Path
    folder: Path
    note: str = ""  # where the data came from, when it is not the file itself


@contextmanager
def private_copy(db_path: Path) -> Iterator[QueryCopy]:
    """The freshest whole copy of the warehouse, made for one query and deleted after it.

    DuckDB lets a read-only connection write its own database file and WAL (`COPY ... TO '<db>.wal'`): on a
    copy, nothing it can write is anyone else's. The warehouse itself is held only while it is copied, and not
    at all when the snapshot is as new as the file; while a run holds it, the snapshot is copied instead.
    """
    folder = make_private_folder(db_path)
    try:
        yield copy_for_query(db_path, folder)
    finally:
        shutil.rmtree(folder, ignore_errors=True)  # it is ours alone: whatever the query left there goes too


def make_private_folder(db_path: Path) -> Path:
    """Beside the warehouse, where there is room for a copy of it; else the system's temporary folder.

    Its name carries this process's id, so that the folders of queries killed with kill -9 (each as large as the
    warehouse) are found and removed by the next query.
    """
    remove_folders_of_dead_queries(db_path.parent, db_path.name)
    try:
        return Path(tempfile.mkdtemp(prefix=f".{db_path.name}.query-{os.getpid()}-", dir=db_path.parent))
    except OSError:
        return Path(tempfile.mkdtemp(prefix=f"{db_path.name}.query-{os.getpid()}-"))


def remove_folders_of_dead_queries(folder: Path, db_name: str) -> None:
    for leftover in folder.glob(f".{db_name}.query-*-*"):
        pid = leftover.name.removeprefix(f".{db_name}.query-").split("-")[0]
        if pid.isdigit() and not is_running(int(pid)):
            shutil.rmtree(leftover, ignore_errors=True)


def is_running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # another user's process: alive, and not ours to judge
    return True


def copy_for_query(db_path: Path, folder: Path) -> QueryCopy:
    target = folder / db_path.name
    snapshot = snapshot_path(db_path)
    if is_as_new_as(snapshot, db_path):
        shutil.copyfile(snapshot, target)
        return QueryCopy(target, folder)
    try:
        with connect(db_path, read_only=True):  # DuckDB's shared lock: no writer changes the file mid-copy
            copy_with_log(db_path, target)
    except DatabaseBusy:
        if not snapshot.is_file():
            raise
        shutil.copyfile(snapshot, target)
        return QueryCopy(target, folder, f"{db_path} is busy: read from the snapshot {snapshot}")
    return QueryCopy(target, folder)


def is_as_new_as(snapshot: Path, db_path: Path) -> bool:
    """The snapshot holds everything the file does: copied after the file's last write, no WAL pending."""
    try:
        is_newer = snapshot.stat().st_mtime_ns >= db_path.stat().st_mtime_ns
    except FileNotFoundError:
        return False
    return is_newer and not wal_path(db_path).exists()


def copy_with_log(db_path: Path, target: Path) -> None:
    """The file, and its WAL when a crash left one (committed rows not yet in the file): DuckDB replays it."""
    shutil.copyfile(db_path, target)
    if wal_path(db_path).exists():
        shutil.copyfile(wal_path(db_path), wal_path(target))


def wal_path(db_path: Path) -> Path:
    return db_path.with_name(db_path.name + ".wal")
