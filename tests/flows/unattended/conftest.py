"""Fixtures for the unattended tests: a threaded feed server on 127.0.0.1."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from pytest_httpserver import HTTPServer


@pytest.fixture
def wire() -> Iterator[HTTPServer]:
    """A threaded server: a slow answer must not hold up the others."""
    server = HTTPServer(host="127.0.0.1", port=0, threaded=True)
    server.start()
    yield server
    server.clear()
    server.stop()
