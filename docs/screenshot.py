"""Makes docs/report.png, the README's picture of the report: the seeds plus one disagreeing outlet, run and
reported by the installed `dealwatch`, shot by the headless Chromium the tests use.

    python docs/screenshot.py            # writes docs/report.png
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "support"))

from browser import INSTALL_HINT, find_chromium, open_page  # noqa: E402
from workspaces import dealwatch, make_workspace  # noqa: E402

DISAGREEING_PAGE = ROOT / "tests" / "flows" / "report" / "articles" / "ledger_nvidia_8bn.html"
OUTPUT = ROOT / "docs" / "report.png"
# The top of the page: the conflicts and the first company's charts.
VIEW = {"x": 0, "y": 0, "width": 1100, "height": 1900}


def main() -> None:
    chromium = find_chromium()
    if chromium is None:
        sys.exit(f"no Chromium: {INSTALL_HINT}")
    with tempfile.TemporaryDirectory() as folder:
        workspace = Path(folder)
        make_workspace(workspace, [DISAGREEING_PAGE])
        for command in (("run",), ("report", "--out", "report.html")):
            done = dealwatch(*command, cwd=workspace)
            if done.returncode != 0:
                sys.exit(f"dealwatch {command[0]} failed: {done.stderr}")
        with open_page(workspace / "report.html", chromium, width=VIEW["width"]) as visit:
            if visit.requests_beyond((workspace / "report.html").as_uri()) or visit.console_errors:
                sys.exit(f"the page tried to load {visit.requests} or logged {visit.console_errors}")
            visit.page.screenshot(path=str(OUTPUT), clip=VIEW, full_page=True)
    print(f"{OUTPUT} ({OUTPUT.stat().st_size / 1000:.0f} KB)")


if __name__ == "__main__":
    main()
