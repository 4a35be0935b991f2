"""Someone else holding the warehouse file: a notebook or the DuckDB CLI, in a process of its own."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

# Opens the warehouse (read-write unless told), says so, keeps it open.
HOLDER = """
import sys, time, duckdb
con = duckdb.connect(sys.argv[1], read_only=sys.argv[2] == "read_only")
print("open", flush=True)
time.sleep(float(sys.argv[3]))
"""


@contextmanager
def warehouse_held(db_path: Path, mode: str = "read_write", seconds: float = 60) -> Iterator[subprocess.Popen[str]]:
    """The file held by another process for the block (or `seconds`, if shorter); the holder is killed after."""
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(db_path), mode, str(seconds)],
                              stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "open"
        yield holder
    finally:
        holder.kill()
        holder.wait()
