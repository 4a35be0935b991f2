"""Writing the report file: read the warehouse (or its snapshot while a run holds it), render, replace at once."""

from __future__ import annotations

import os
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from flows.report.page import render_page
from flows.unattended.snapshot import read_anywhere
from warehouse.records import utc_now
from warehouse.report import ReportScope, read_report_data


@dataclass(frozen=True)
class WrittenReport:
    """Where the page went, how big it is, what it was read from and what it shows."""

    path: Path
    size_bytes: int
    read_from: Path
    conflicts: int
    subjects_shown: int
    subjects: int


def write_report(db_path: Path, out_path: Path, scope: ReportScope, tolerance_percent: Decimal) -> WrittenReport:
    """The page for `scope`, written to a temporary name beside `out_path` then renamed over it: a browser or
    a web server never sees half a page.

    Raises DatabaseBusy / DatabaseUnusable (warehouse.database) and OSError (the output cannot be written).
    """
    data, read_from = read_anywhere(db_path, lambda con: read_report_data(con, scope))
    page = render_page(data, source=read_from, tolerance_percent=tolerance_percent, built_at=utc_now())
    encoded = page.html.encode("utf-8")
    out_path.parent.mkdir(parents=True, exist_ok=True)
    temporary = out_path.with_name(f".{out_path.name}.{os.getpid()}.tmp")
    try:
        temporary.write_bytes(encoded)
        os.replace(temporary, out_path)
    finally:
        temporary.unlink(missing_ok=True)
    return WrittenReport(out_path.resolve(), len(encoded), read_from, page.conflicts, page.subjects_shown,
                         len(data.subjects))
