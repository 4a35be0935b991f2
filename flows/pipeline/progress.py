"""What a run shows as it goes: live counters on a terminal, nothing but the summary otherwise."""

from __future__ import annotations

import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from enum import IntEnum
from types import TracebackType

from rich.console import Console
from rich.progress import Progress, SpinnerColumn, TaskID, TextColumn, TimeElapsedColumn

# The stages a run counts, in the order of the README's diagram.
STAGES = ("sources read", "articles fetched", "articles cleaned", "facts")


class Verbosity(IntEnum):
    QUIET = 0
    NORMAL = 1
    VERBOSE = 2


@dataclass(frozen=True)
class OutputMode:
    verbosity: Verbosity
    interactive: bool

    @property
    def shows_progress(self) -> bool:
        return self.interactive and self.verbosity >= Verbosity.NORMAL


def choose_mode(*, verbose: bool, quiet: bool, console: Console) -> OutputMode:
    """--quiet wins over --verbose: a cron line asking for silence must get it."""
    verbosity = Verbosity.QUIET if quiet else Verbosity.VERBOSE if verbose else Verbosity.NORMAL
    return OutputMode(verbosity=verbosity, interactive=console.is_terminal)


class RunProgress:
    """Counters per stage, details and errors; safe to call from the flow's task threads."""

    def __init__(
        self, mode: OutputMode, console: Console, error_console: Console, stages: Sequence[str] = STAGES
    ) -> None:
        self.mode = mode
        self.console = console
        self.error_console = error_console
        self.stages = tuple(stages)
        self.counts = dict.fromkeys(self.stages, 0)
        self._lock = threading.Lock()
        self._bars: Progress | None = None
        self._tasks: dict[str, TaskID] = {}

    def __enter__(self) -> RunProgress:
        if self.mode.shows_progress:
            self._bars = _counter_display(self.console)
            self._tasks = {stage: self._bars.add_task(stage, total=None) for stage in self.stages}
            self._bars.start()
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, tb: TracebackType | None
    ) -> None:
        if self._bars is not None:
            self._bars.stop()
            self._bars = None

    def advance(self, stage: str, count: int = 1) -> None:
        """Count `count` more for a stage; a stage this display does not show is counted silently."""
        with self._lock:
            self.counts[stage] = self.counts.get(stage, 0) + count
        if self._bars is not None and stage in self._tasks:
            self._bars.update(self._tasks[stage], completed=self.counts[stage])

    def detail(self, message: str) -> None:
        """A line for --verbose only (one per feed or article)."""
        if self.mode.verbosity >= Verbosity.VERBOSE:
            self.console.print(message, markup=False, highlight=False, soft_wrap=True)

    def error(self, message: str) -> None:
        """Always shown, on stderr, even with --quiet."""
        self.error_console.print(message, markup=False, highlight=False, soft_wrap=True)


def _counter_display(console: Console) -> Progress:
    # Totals are unknown until feeds are read, so a spinner and a running count, not a bar.
    return Progress(
        SpinnerColumn(),
        TextColumn("{task.description:<18}"),
        TextColumn("{task.completed:>6}"),
        TimeElapsedColumn(),
        console=console,
        transient=True,
    )


SILENT = RunProgress(
    OutputMode(Verbosity.QUIET, interactive=False), Console(quiet=True), Console(stderr=True)
)
_current = SILENT


def current() -> RunProgress:
    """The reporter of the run in progress (a silent one outside `reporting`)."""
    return _current


@contextmanager
def reporting(progress: RunProgress) -> Iterator[RunProgress]:
    """Make `progress` the one the pipeline's tasks report to, for the length of a run."""
    global _current
    previous, _current = _current, progress
    try:
        with progress:
            yield progress
    finally:
        _current = previous


def print_report(progress: RunProgress, summary_lines: Sequence[str], new_alerts: Sequence[str]) -> None:
    """The end of a run: the summary and the new alerts, unless --quiet."""
    if progress.mode.verbosity == Verbosity.QUIET:
        return
    for line in [*summary_lines, *new_alerts]:
        progress.console.print(line, markup=False, highlight=False, soft_wrap=True)
