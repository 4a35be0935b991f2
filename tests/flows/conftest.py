"""Fixtures for the network tests in this folder (servers.py holds the servers and routes they use)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from servers import LocalServer


@pytest.fixture()
def server() -> Iterator[LocalServer]:
    """A fresh LocalServer on 127.0.0.1 per test."""
    with LocalServer().running() as running:
        yield running
