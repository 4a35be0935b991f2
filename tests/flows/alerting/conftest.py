"""Fixtures of the alert tests: a webhook on 127.0.0.1 that records what channels send it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from pytest_httpserver import HTTPServer


@pytest.fixture
def webhook() -> Iterator[HTTPServer]:
    """A second local HTTP server (the pages' server is httpserver_ipv4): the alerts' webhook."""
    server = HTTPServer(host="127.0.0.1", port=0)
    server.start()
    yield server
    server.clear()
    server.stop()
