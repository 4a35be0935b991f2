"""Two runs on one database never overlap: the second waits a bounded time, then gives up with code 3."""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from flows.unattended.runlock import EXIT_BUSY, RunLockBusy, hold_run_lock, lock_path

# Another process that takes the run lock, says so, and keeps it for the given number of seconds.
HOLDER = """
import sys, time
from pathlib import Path
from flows.unattended.runlock import hold_run_lock
with hold_run_lock(Path(sys.argv[1])):
    print("locked", flush=True)
    time.sleep(float(sys.argv[2]))
    print("releasing", time.time(), flush=True)
"""


@contextmanager
def lock_held_elsewhere(db_path: Path, seconds: float) -> Iterator[subprocess.Popen[str]]:
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(db_path), str(seconds)], stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
        yield holder
    finally:
        holder.kill()
        holder.wait()


def test_a_run_that_cannot_wait_gives_up_at_once_naming_the_holder(tmp_path: Path) -> None:
    db_path = tmp_path / "dealwatch.duckdb"
    with lock_held_elsewhere(db_path, 30) as holder:
        started = time.monotonic()
        with pytest.raises(RunLockBusy) as busy:
            with hold_run_lock(db_path, wait_seconds=0):
                pytest.fail("two runs held the lock at once")
        assert time.monotonic() - started < 1
    message = str(busy.value)
    assert f"another dealwatch run is using {db_path}" in message
    assert f"pid {holder.pid}" in message
    assert f"exit code {EXIT_BUSY}" in message


def test_a_run_waits_its_bounded_time_then_gives_up(tmp_path: Path) -> None:
    db_path = tmp_path / "dealwatch.duckdb"
    with lock_held_elsewhere(db_path, 30):
        started = time.monotonic()
        with pytest.raises(RunLockBusy):
            with hold_run_lock(db_path, wait_seconds=1.0):
                pytest.fail("two runs held the lock at once")
        waited = time.monotonic() - started
    assert 1.0 <= waited < 2.0


def test_a_run_that_may_wait_gets_the_lock_when_the_other_run_ends(tmp_path: Path) -> None:
    db_path = tmp_path / "dealwatch.duckdb"
    with lock_held_elsewhere(db_path, 1.0) as holder:
        with hold_run_lock(db_path, wait_seconds=10):
            acquired_at = time.time()
        assert holder.stdout is not None
        released_at = float(holder.stdout.readline().split()[1])
    assert acquired_at >= released_at, "got the lock while the other run still held it"


def test_a_killed_run_leaves_no_stale_lock(tmp_path: Path) -> None:
    db_path = tmp_path / "dealwatch.duckdb"
    with lock_held_elsewhere(db_path, 30) as holder:
        holder.kill()
        holder.wait()
    with hold_run_lock(db_path, wait_seconds=0):
        assert lock_path(db_path).read_text().startswith("pid ")
