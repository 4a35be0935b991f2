"""Counters on a terminal; only the summary and new alerts without one; --verbose adds, --quiet removes."""

from __future__ import annotations

import io
import re
from concurrent.futures import ThreadPoolExecutor

from rich.console import Console

from flows.pipeline.progress import (
    OutputMode,
    RunProgress,
    Verbosity,
    choose_mode,
    current,
    print_report,
    reporting,
)

SUMMARY = ["sources: 2 ok, 0 failed", "articles: 3 new, 0 already seen; facts: 4 new; alerts: 1 new"]
ALERTS = ["conflict: OpenAI valuation 300 bn USD (news.example) vs 500 bn USD (other.example)"]


def consoles(terminal: bool) -> tuple[Console, io.StringIO, Console, io.StringIO]:
    out, err = io.StringIO(), io.StringIO()
    return (Console(file=out, force_terminal=terminal, width=120), out,
            Console(file=err, force_terminal=False, width=120), err)


def progress_for(verbosity: Verbosity, terminal: bool) -> tuple[RunProgress, io.StringIO, io.StringIO]:
    console, out, error_console, err = consoles(terminal)
    return RunProgress(OutputMode(verbosity, interactive=terminal), console, error_console), out, err


def simulate_run(progress: RunProgress) -> None:
    with reporting(progress):
        current().advance("sources read", 2)
        current().detail("feed techcrunch-ai: 12 entries, 3 new")
        current().advance("articles fetched", 3)
        current().advance("articles cleaned", 3)
        current().advance("facts", 4)
        current().error("https://news.example/broken: HTTP 500")
    print_report(progress, SUMMARY, ALERTS)


def test_quiet_wins_over_verbose_and_a_pipe_is_not_a_terminal() -> None:
    console, *_ = consoles(terminal=False)
    assert choose_mode(verbose=True, quiet=True, console=console) == OutputMode(Verbosity.QUIET, False)
    assert choose_mode(verbose=True, quiet=False, console=console).verbosity == Verbosity.VERBOSE


def test_without_a_terminal_only_the_summary_and_new_alerts_are_printed() -> None:
    progress, out, err = progress_for(Verbosity.NORMAL, terminal=False)
    simulate_run(progress)
    assert out.getvalue().splitlines() == SUMMARY + ALERTS
    assert err.getvalue() == "https://news.example/broken: HTTP 500\n"


def test_quiet_prints_errors_only() -> None:
    progress, out, err = progress_for(Verbosity.QUIET, terminal=False)
    simulate_run(progress)
    assert out.getvalue() == ""
    assert "HTTP 500" in err.getvalue()


def test_verbose_adds_a_line_per_item() -> None:
    progress, out, _ = progress_for(Verbosity.VERBOSE, terminal=False)
    simulate_run(progress)
    assert out.getvalue().splitlines() == ["feed techcrunch-ai: 12 entries, 3 new", *SUMMARY, *ALERTS]


def test_a_terminal_shows_a_counter_per_stage() -> None:
    progress, out, _ = progress_for(Verbosity.NORMAL, terminal=True)
    simulate_run(progress)
    shown = out.getvalue()
    for stage, count in [("sources read", 2), ("articles fetched", 3), ("articles cleaned", 3), ("facts", 4)]:
        assert re.search(rf"{stage} +{count} ", shown), f"no counter '{stage} {count}' in {shown!r}"
    assert "feed techcrunch-ai" not in shown
    assert progress.counts == {"sources read": 2, "articles fetched": 3, "articles cleaned": 3, "facts": 4}


def test_counts_from_the_flow_task_threads_add_up() -> None:
    progress, _, _ = progress_for(Verbosity.QUIET, terminal=False)
    with reporting(progress), ThreadPoolExecutor(8) as pool:
        list(pool.map(lambda _: current().advance("articles fetched"), range(2000)))
    assert progress.counts["articles fetched"] == 2000
    assert current() is not progress
