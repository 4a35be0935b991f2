"""Fixtures for the network tests in this folder (servers.py holds the servers and routes they use)."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
from servers import LocalServer


@pytest.fixture()
def server() -> Iterator[LocalServer]:
    """A fresh LocalServer on 127.0.0.1 per test."""
    with LocalServer().running() as running:
        yield running


@pytest.fixture(scope="session")
def run_env(prefect_harness: None, tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """`dealwatch run` in a child process against the session's Prefect server: ~2 s a run, not ~10 s."""
    from prefect.settings import PREFECT_API_URL

    return {**os.environ, "PREFECT_API_URL": str(PREFECT_API_URL.value()),
            "PREFECT_HOME": str(tmp_path_factory.mktemp("prefect-home")),
            "PREFECT_SERVER_ANALYTICS_ENABLED": "false", "DO_NOT_TRACK": "1"}
