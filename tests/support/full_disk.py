"""A full disk for real: run inside `unshare -rm` on a small tmpfs mounted at argv[1]; prints what happened as JSON.

argv[2] is how the disk is full: "inodes" (every file slot taken but the two a kept batch needs: the pending
folder and its file) or "bytes" (not one byte left). The warehouse and its run lock (written by an earlier run) are
there before the disk fills. Two `dealwatch run`s on the seeds: the first on the full disk, the second once the
filler is gone.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb

from warehouse.database import connect

FILE_SLOTS_LEFT = 2


def fill(disk: Path, how: str) -> None:
    filler = disk / "filler"
    filler.mkdir()
    if how == "inodes":
        number = 0
        while os.statvfs(disk).f_favail > FILE_SLOTS_LEFT:
            (filler / str(number)).touch()
            number += 1
        return
    with open(filler / "zeros", "wb", buffering=0) as handle:  # unbuffered: a failed write fails here, not at close
        for size in (1 << 16, 1):  # big writes, then byte by byte: not one byte is left
            try:
                while True:
                    handle.write(bytes(size))
            except OSError:
                continue  # the disk is full at this write size: that is the point


def run(db_path: Path, workdir: Path) -> dict[str, object]:
    done = subprocess.run([sys.executable, "-m", "flows.cli", "run", "--db", str(db_path)], cwd=workdir,
                          capture_output=True, text=True, timeout=300)
    return {"code": done.returncode, "out": done.stdout, "err": done.stderr}


def articles(db_path: Path) -> int:
    with duckdb.connect(str(db_path), read_only=True) as con:
        return con.execute("SELECT count(*) FROM articles").fetchone()[0]


def main() -> None:
    disk, how, workdir = Path(sys.argv[1]), sys.argv[2], Path(sys.argv[3])
    db_path = disk / "dw.duckdb"
    with connect(db_path):
        pass  # the warehouse exists before the disk fills up
    (disk / "dw.duckdb.lock").write_text("pid 1 since 2026-03-02 08:00:00 UTC\n", encoding="utf-8")
    fill(disk, how)
    first = run(db_path, workdir)
    pending = sorted(path.name for path in disk.glob("dw.duckdb.pending/*.json"))
    shutil.rmtree(disk / "filler")
    second = run(db_path, workdir)
    print(json.dumps({"first": first, "pending": pending, "second": second, "articles": articles(db_path)}))


if __name__ == "__main__":
    main()
