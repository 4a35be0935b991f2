"""A real headless Chromium (Debian's package) driven by Playwright, with every network request blocked."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

# Debian's chromium; Playwright must never download a browser of its own (this machine cannot).
CHROMIUM_NAMES = ("chromium", "chromium-browser")
# The machine's network is closed: Chromium's own background connections would only wait and fail.
CHROMIUM_ARGS = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-dev-shm-usage",
)
INSTALL_HINT = "apt-get install -y chromium (.ci/run does it when missing)"


def find_chromium() -> str | None:
    """The path of an installed Chromium, or None."""
    return next((path for path in map(shutil.which, CHROMIUM_NAMES) if path), None)


@dataclass
class PageVisit:
    """What the browser saw while the page was open: every request it tried, console errors, script errors."""

    page: Any
    requests: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)

    def requests_beyond(self, url: str) -> list[str]:
        return [request for request in self.requests if request != url]


@contextmanager
def open_page(path: Path, chromium: str, *, width: int = 1280, height: int = 900) -> Iterator[PageVisit]:
    """The file opened in a fresh headless Chromium profile; any request other than the file itself is aborted."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright, tempfile.TemporaryDirectory(prefix="chromium-profile-") as profile:
        context = playwright.chromium.launch_persistent_context(
            profile, executable_path=chromium, headless=True, args=list(CHROMIUM_ARGS),
            viewport={"width": width, "height": height}, offline=True,
        )
        try:
            page = context.new_page()
            visit = PageVisit(page)
            page.on("request", lambda request: visit.requests.append(request.url))
            page.on("console", lambda message: message.type == "error" and visit.console_errors.append(message.text))
            page.on("pageerror", lambda error: visit.page_errors.append(str(error)))
            page.on("dialog", lambda dialog: (visit.dialogs.append(dialog.message), dialog.dismiss()))
            context.route("**/*", lambda route: route.continue_() if route.request.url == path.as_uri()
                          else route.abort())
            page.goto(path.as_uri(), wait_until="load")
            yield visit
        finally:
            context.close()
