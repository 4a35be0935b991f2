"""How a command that cannot finish stops: one line naming the file and what to do, and the exit code."""

from __future__ import annotations

import errno
import traceback
from collections.abc import Iterator
from contextlib import contextmanager

import typer

from flows.exit_codes import EXIT_BUSY, stop
from flows.unattended.runlock import LockFileUnusable, RunLockBusy
from warehouse.database import DatabaseBusy, DatabaseUnusable, DiskFull

REPORT_HINT = ("run again with --verbose for the traceback, and unless it comes from a change made by hand (to the "
               "warehouse, say), report it with the output of `dealwatch --version`")


@contextmanager
def stopping_on_failures(command: str, *, verbose: bool = False) -> Iterator[None]:
    """Errors that are not a source failing: exit 3 when waiting fixes them (busy, disk full), else exit 2.

    Exit code 1 stays what the README says: some sources failed and the rest loaded.
    """
    try:
        yield
    except typer.Exit:
        raise
    except RunLockBusy as error:
        stop(command, str(error), EXIT_BUSY)
    except DatabaseBusy as error:
        stop(command, f"database busy: {error}", EXIT_BUSY)
    except DiskFull as error:
        stop(command, f"{one_line(error)}; free some space: the next run retries", EXIT_BUSY)
    except (DatabaseUnusable, LockFileUnusable) as error:
        stop(command, f"database error: {one_line(error)}")
    except OSError as error:
        if error.errno == errno.ENOSPC:
            stop(command, f"disk full: {one_line(error)}; nothing was stored: free some space, the next run "
                          "retries", EXIT_BUSY)
        stop_on_bug(command, error, verbose)
    except Exception as error:  # a bug: said in one line, with the traceback on request
        stop_on_bug(command, error, verbose)


def stop_on_bug(command: str, error: BaseException, verbose: bool) -> None:
    if verbose:
        traceback.print_exception(error)
    stop(command, f"unexpected error: {type(error).__name__}: {one_line(error)}; {REPORT_HINT}")


def one_line(error: BaseException) -> str:
    """DuckDB's messages run over several lines (the query, a caret): one line for a log or a cron mail."""
    return " ".join(str(error).split())
