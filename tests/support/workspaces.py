"""A working directory as a user would set one up: the seeds, folders of other outlets' pages, a config."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DEALWATCH = Path(sys.executable).parent / "dealwatch"
CONFIG = """
[database]
path = "dealwatch.duckdb"

[[sources]]
name = "seeds"
type = "folder"
path = "seeds"

[[sources]]
name = "outlets"
type = "folder"
path = "outlets"
"""


def make_workspace(folder: Path, outlet_pages: Sequence[Path]) -> Path:
    """`folder` with seeds/ (the seed articles), outlets/ (these pages) and dealwatch.toml; the config's path."""
    (folder / "seeds").mkdir(parents=True)
    for seed in (ROOT / "seeds").glob("*.txt"):
        shutil.copy(seed, folder / "seeds" / seed.name)
    (folder / "outlets").mkdir()
    for page in outlet_pages:
        shutil.copy(page, folder / "outlets" / page.name)
    config = folder / "dealwatch.toml"
    config.write_text(CONFIG, encoding="utf-8")
    return config


def dealwatch(*args: str, cwd: Path, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    """The installed console script, in `cwd`, with a Prefect home of its own there.

    Prefect's temporary local server gets 120 s to start instead of 20: on a fresh home, with other jobs on the
    machine's two cores, it can take longer than 20 s and the run would fail before it began.
    """
    env = {**os.environ, "PREFECT_HOME": str(cwd / ".prefect-home"), "COLUMNS": "200",
           "PREFECT_SERVER_ANALYTICS_ENABLED": "false", "DO_NOT_TRACK": "1",
           "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "120"}
    return subprocess.run(
        [str(DEALWATCH), *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout
    )
