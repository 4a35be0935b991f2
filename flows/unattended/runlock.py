"""One run per database at a time: an OS file lock on `<db>.lock`, waited for a bounded time."""

from __future__ import annotations

import fcntl
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import IO

from flows.exit_codes import EXIT_BUSY

POLL_SECONDS = 0.2


class RunLockBusy(Exception):
    """Another dealwatch run holds the lock of this database beyond the wait we allowed."""

    def __init__(self, db_path: Path, holder: str, waited_seconds: float) -> None:
        self.db_path = db_path
        self.holder = holder
        self.waited_seconds = waited_seconds
        super().__init__(
            f"another dealwatch run is using {db_path} ({holder}); waited {waited_seconds:.0f} s, "
            f"giving up (exit code {EXIT_BUSY}). Nothing was fetched; the next scheduled run will try again."
        )


class LockFileUnusable(Exception):
    """The lock file beside the database cannot be created (a missing or read-only folder)."""


def lock_path(db_path: Path) -> Path:
    return db_path.with_name(db_path.name + ".lock")


# Locks this process holds: `dealwatch run` takes the lock before Prefect starts (a second run then gives up
# in a second, not after starting a server), and the flow it runs in the same process takes it again.
_HELD_HERE: set[Path] = set()


@contextmanager
def hold_run_lock(db_path: Path, *, wait_seconds: float = 0.0) -> Iterator[Path]:
    """Hold the run lock of `db_path` for the block; raise RunLockBusy after `wait_seconds`."""
    path = lock_path(db_path).resolve()
    if path in _HELD_HERE:
        yield path
        return
    # The lock file is never deleted: unlinking it would let a third run lock a fresh inode.
    with open_lock_file(path) as handle:
        _acquire(handle, db_path, wait_seconds)
        _HELD_HERE.add(path)
        try:
            _write_holder(handle)
            yield path
        finally:
            _HELD_HERE.discard(path)
            fcntl.flock(handle, fcntl.LOCK_UN)


def open_lock_file(path: Path) -> IO[str]:
    """The lock file beside the database; its folder must exist (dealwatch never creates folders unasked)."""
    try:
        return open(path, "a+", encoding="utf-8")
    except OSError as error:
        raise LockFileUnusable(f"cannot create the run lock {path}: {error.strerror}") from error


def _acquire(handle: IO[str], db_path: Path, wait_seconds: float) -> None:
    deadline = time.monotonic() + wait_seconds
    while not _try_lock(handle):
        if time.monotonic() >= deadline:
            raise RunLockBusy(db_path, _read_holder(handle), wait_seconds)
        time.sleep(POLL_SECONDS)


def _try_lock(handle: IO[str]) -> bool:
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


def _write_holder(handle: IO[str]) -> None:
    started_at = datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S UTC")
    handle.seek(0)
    handle.truncate()
    try:
        handle.write(f"pid {os.getpid()} since {started_at}\n")
        handle.flush()
    except OSError as error:  # a full disk: the caller stops with exit code 3, naming the file
        raise OSError(error.errno, f"{error.strerror}: cannot write the run lock {handle.name}") from error


def _read_holder(handle: IO[str]) -> str:
    handle.seek(0)
    return handle.read().strip() or "holder unknown"
