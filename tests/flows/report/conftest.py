"""Fixtures for the report's tests: Debian's Chromium, and a warehouse where two made-up outlets disagree."""

from __future__ import annotations

from pathlib import Path

import pytest
from browser import INSTALL_HINT, find_chromium
from workspaces import DEALWATCH, dealwatch, make_workspace

ARTICLES = Path(__file__).resolve().parent / "articles"
# Two outlets that disagree with the seeds and with each other on Nvidia's cheque and Anthropic's valuation.
DISAGREEING_PAGES = (ARTICLES / "courrier_nvidia_12bn.html", ARTICLES / "ledger_nvidia_8bn.html")


@pytest.fixture(scope="session")
def chromium() -> str:
    """The path of Debian's Chromium; the browser tests skip, saying how to install it, only when it is absent."""
    path = find_chromium()
    if path is None:
        pytest.skip(f"no Chromium on this machine: {INSTALL_HINT}")
    return path


@pytest.fixture(scope="session")
def disagreeing_workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A working directory after a real `dealwatch run --report run-report.html` on the seeds plus the two
    disagreeing outlets."""
    if not DEALWATCH.is_file():
        pytest.skip(f"no console script at {DEALWATCH}: install the project with pip install -e")
    folder = tmp_path_factory.mktemp("disagreeing")
    make_workspace(folder, DISAGREEING_PAGES)
    run = dealwatch("run", "--report", "run-report.html", cwd=folder)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "articles: 7 new" in run.stdout, run.stdout
    return folder
