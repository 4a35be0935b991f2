"""A full disk stops the run with exit code 3 and its reason; the batch is kept when the disk has room for it."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

SCENARIO = Path(__file__).resolve().parents[2] / "support" / "full_disk.py"
# A private mount namespace (as root, or as a user where unprivileged user namespaces are allowed): the tmpfs
# exists for the scenario's processes only and vanishes with them.
MOUNT_AND_RUN = 'mount -t tmpfs -o size=16m,nr_inodes=64 tmpfs "$0" && exec "$@"'


def can_mount_a_small_disk(tmp_path: Path) -> str | None:
    """Why a tmpfs cannot be mounted here, or None."""
    if shutil.which("unshare") is None:
        return "no `unshare` command"
    probe = tmp_path / "probe"
    probe.mkdir()
    done = subprocess.run(["unshare", "-rm", "sh", "-c", MOUNT_AND_RUN, str(probe), "true"], capture_output=True,
                          text=True, timeout=30)
    return None if done.returncode == 0 else f"cannot mount a tmpfs in a user namespace: {done.stderr.strip()}"


def full_disk_runs(run_env: dict[str, str], tmp_path: Path, how: str) -> dict:
    reason = can_mount_a_small_disk(tmp_path)
    if reason:
        pytest.skip(reason)
    disk, workdir = tmp_path / "disk", tmp_path / "work"
    disk.mkdir()
    workdir.mkdir()
    done = subprocess.run(["unshare", "-rm", "sh", "-c", MOUNT_AND_RUN, str(disk), sys.executable, str(SCENARIO),
                           str(disk), how, str(workdir)], capture_output=True, text=True, timeout=600, env=run_env)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def full_disk_line(run: dict) -> str:
    """The first run's one line on the full disk: exit code 3, no traceback, the reason and where the work is."""
    assert run["code"] == 3, run
    assert "Traceback" not in run["out"] + run["err"]
    [line] = [line for line in run["out"].splitlines() if "No space left on device" in line]
    assert line.startswith("the disk is full: ")
    return line


@pytest.mark.prefect
def test_a_disk_with_room_for_the_batch_but_not_for_the_load_keeps_it_and_exits_3(
    run_env: dict[str, str], tmp_path: Path,
) -> None:
    runs = full_disk_runs(run_env, tmp_path, "inodes")
    line = full_disk_line(runs["first"])
    assert "this run's work (5 articles, 27 facts) is kept in " in line
    assert line.endswith("and will be loaded by the next run") and len(runs["pending"]) == 1
    second = runs["second"]
    assert second["code"] == 0, second
    assert "loaded 1 batch kept by an earlier run" in second["out"] and ": 5 new article(s)" in second["out"]
    assert runs["articles"] == 5


@pytest.mark.prefect
def test_a_disk_with_no_room_at_all_exits_3_and_the_next_run_fetches_the_same_again(
    run_env: dict[str, str], tmp_path: Path,
) -> None:
    runs = full_disk_runs(run_env, tmp_path, "bytes")
    line = full_disk_line(runs["first"])
    assert "this run's work (5 articles, 27 facts) is not stored: the batch could not be kept either (No space " \
           "left on device), and the next run fetches it again" in line and runs["pending"] == []
    assert runs["second"]["code"] == 0, runs["second"]
    assert "articles: 5 new" in runs["second"]["out"] and runs["articles"] == 5
