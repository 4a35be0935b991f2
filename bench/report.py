"""Prints what `dealwatch report` costs on a warehouse of 10,000 articles: seconds, megabytes, what it shows.

A year of made-up coverage: 300 companies (a few much more covered than the rest, as in real news), 40
outlets, one to three figures per article, some outlets off by a fifth. Loaded through the pipeline's own
`deliver` (diff and alerts included), in runs of 1,000 articles. Then the real console script, timed whole
(its start-up included, from a parent process kept small so that the child's peak memory is its own), then
the page's parts timed in process.

    python bench/report.py [ARTICLES]
"""

from __future__ import annotations

import datetime as dt
import os
import random
import subprocess
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

from extractors.facts import Fact, Kind, Qualifier
from warehouse.records import ArticleRecord, Batch, RunRecord, SourceOutcome

ARTICLES = int(sys.argv[1]) if len(sys.argv) > 1 and sys.argv[1] != "--build" else 10_000
RUN_SIZE = 1_000
COMPANIES = [f"Lab {number:03d}" for number in range(300)]
INVESTORS = ["Halcyon Capital", "Orbis", "Tessera", "Northgate", "Quarry Partners"]
OUTLETS = [f"outlet-{number:02d}.example" for number in range(40)]
START = dt.datetime(2025, 1, 1)
BILLION = Decimal(10**9)
LIMIT_SECONDS = 10
LIMIT_MEGABYTES = 5


def company(rng: random.Random) -> str:
    """Coverage is skewed: the first companies get most of the articles."""
    return COMPANIES[min(int(rng.paretovariate(1.1)) - 1, len(COMPANIES) - 1)]


def figure(rng: random.Random, deal_value: Decimal) -> Decimal:
    """Most outlets agree; one in eight is off by a fifth."""
    return deal_value * Decimal("1.2") if rng.random() < 0.125 else deal_value


def facts_of(rng: random.Random, subject: str) -> tuple[Fact, ...]:
    seed = sum(map(ord, subject))
    investor = INVESTORS[seed % len(INVESTORS)]
    investment = Fact(Kind.INVESTMENT, subject, investor, figure(rng, (seed % 9 + 1) * BILLION), "USD",
                      Qualifier.EXACT, f"{investor} invests in {subject}.")
    valuation = Fact(Kind.VALUATION, subject, None, figure(rng, (seed % 40 + 10) * BILLION), "USD",
                     rng.choice(list(Qualifier)), f"{subject} is valued at a round figure.")
    capacity = Fact(Kind.COMPUTE_CAPACITY, subject, "Orbis", Decimal(seed % 3 + 1), "GW", Qualifier.UP_TO,
                    f"{subject} reserves capacity.")
    return tuple(rng.sample([investment, valuation, capacity], rng.randint(1, 3)))


def article(rng: random.Random, number: int) -> ArticleRecord:
    subject = company(rng)
    published = START + dt.timedelta(minutes=rng.randint(0, 365 * 24 * 60))
    return ArticleRecord(
        f"https://news.example/{number}", "wire", rng.choice(OUTLETS), f"{subject} in the news, story {number}",
        f"Story {number} on {subject}. " * 20, published, published + dt.timedelta(hours=1), True,
        facts=facts_of(rng, subject),
    )


def build_warehouse(db_path: Path) -> None:
    """Run in a child process (`--build PATH ARTICLES`): the pipeline's modules stay out of the parent."""
    from flows.pipeline.storing import deliver

    rng = random.Random(14)
    for run in range(0, ARTICLES, RUN_SIZE):
        records = tuple(article(rng, number) for number in range(run, min(run + RUN_SIZE, ARTICLES)))
        at = START + dt.timedelta(days=run // RUN_SIZE)
        source = SourceOutcome("wire", "rss", "https://news.example/feed", "ok", at)
        deliver(db_path, Batch(RunRecord(f"run-{run}", at, at), (source,), records), wait_seconds=0.0)


def timed(label: str, function, *args, **kwargs):
    started = time.perf_counter()
    result = function(*args, **kwargs)
    print(f"  {label:<44} {time.perf_counter() - started:7.2f} s")
    return result


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        db_path, out = Path(folder) / "dealwatch.duckdb", Path(folder) / "report.html"
        started = time.perf_counter()
        subprocess.run([sys.executable, __file__, "--build", str(db_path), str(ARTICLES)], check=True)
        print(f"warehouse: {ARTICLES} articles loaded in {time.perf_counter() - started:.1f} s "
              f"({db_path.stat().st_size / 1e6:.1f} MB)")

        command = [str(Path(sys.executable).parent / "dealwatch"), "report", "--db", str(db_path), "--out", str(out)]
        started = time.perf_counter()
        report = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
        said = report.stdout.read() if report.stdout else ""
        _, status, usage = os.wait4(report.pid, 0)
        seconds = time.perf_counter() - started
        assert status == 0, said
        print(f"`dealwatch report`: {seconds:.2f} s ({usage.ru_utime + usage.ru_stime:.2f} s of CPU; load average "
              f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} cores), {out.stat().st_size / 1e6:.2f} MB written, "
              f"peak memory {usage.ru_maxrss / 1024:.0f} MB")
        print(f"  {said.strip()}")

        print("its parts, in this process:")
        from flows.report.content import build_conflicts, build_sections
        from flows.report.page import render_page
        from flows.unattended.snapshot import read_file
        from warehouse.report import ReportScope, read_report_data

        data = timed("read the warehouse", read_file, db_path, lambda con: read_report_data(con, ReportScope()))
        timed("conflict cards and chart data", lambda: (build_conflicts(data.disputed), build_sections(data)))
        timed("render the page (charts included, 1st time)", render_page, data, source=db_path,
              tolerance_percent=Decimal(1), built_at=START)
        timed("render the page again", render_page, data, source=db_path, tolerance_percent=Decimal(1),
              built_at=START)
        sections = build_sections(data)
        marks = sum(chart.mark_count for section in sections for chart in section.charts)
        print(f"  shown: {len(sections)} of {len(data.subjects)} companies, {marks} marks, "
              f"{len({(r.figure.subject, r.figure.kind) for r in data.disputed})} disputed deals")
        within = seconds < LIMIT_SECONDS and out.stat().st_size < LIMIT_MEGABYTES * 1e6
        print(f"limits: under {LIMIT_SECONDS} s and {LIMIT_MEGABYTES} MB: {'met' if within else 'NOT MET'} "
              f"({seconds / LIMIT_SECONDS:.0%} of the time, {out.stat().st_size / 1e6 / LIMIT_MEGABYTES:.0%} "
              "of the size)")


if __name__ == "__main__":
    if sys.argv[1:2] == ["--build"]:
        ARTICLES = int(sys.argv[3])
        build_warehouse(Path(sys.argv[2]))
    else:
        main()
