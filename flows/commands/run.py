"""`dealwatch run`: one pass of the pipeline, in this process or as a Prefect flow, then a short summary.

In this process (worker processes for the CPU work) when no Prefect API is configured: no Prefect server to
start. As the Prefect flow when one is (PREFECT_API_URL, a profile), so the run shows in its UI; and on a Dask
cluster with `--dask` or `[execution] dask_address` (through Prefect: a temporary local server if no API).
"""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from flows.commands.report import ReportNotWritten, write_and_describe
from flows.commands.stopping import stopping_on_failures
from flows.config import Config, ConfigError, load_config
from flows.exit_codes import stop
from flows.pipeline.progress import RunProgress, choose_mode, print_report, reporting
from flows.pipeline.summary import RunSummary, format_errors, format_summary
from flows.unattended.runlock import hold_run_lock
from warehouse.database import check_database_path
from warehouse.report import ReportScope

# Prefect reads these when it is imported: set before the first import, they keep a run quiet and offline
# (its telemetry fails noisily without internet). Values already in the environment win. CRITICAL, not
# WARNING: a run that stops (database busy) would print Prefect's traceback above our one-line reason, and
# everything a run has to say is in the summary or in the error this command prints.
QUIET_PREFECT = {
    "PREFECT_LOGGING_LEVEL": "CRITICAL",
    "PREFECT_SERVER_LOGGING_LEVEL": "WARNING",
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    "DO_NOT_TRACK": "1",
}


def run(
    config: Annotated[
        Path | None,
        typer.Option(
            "--config", help="Config file (TOML). Default: ./dealwatch.toml, else the seeds folder."
        ),
    ] = None,
    db: Annotated[
        Path | None,
        typer.Option(
            "--db",
            help="DuckDB file to load into. Default: the config's database path, else ./dealwatch.duckdb.",
        ),
    ] = None,
    verbose: Annotated[
        bool, typer.Option("--verbose", help="A line per source and skipped page, and Prefect's log lines.")
    ] = False,
    quiet: Annotated[bool, typer.Option("--quiet", help="Print only errors (for cron).")] = False,
    wait: Annotated[
        float,
        typer.Option("--wait", help="Seconds to wait for another run on this database, then for the file."),
    ] = 0.0,
    dask: Annotated[
        str | None,
        typer.Option("--dask", metavar="ADDRESS",
                     help="Clean and extract on this Dask scheduler (tcp://host:8786), as a Prefect flow."),
    ] = None,
    report_path: Annotated[
        Path | None,
        typer.Option("--report", help="Then write this HTML report (as `dealwatch report --out PATH` would)."),
    ] = None,
) -> None:
    """Fetch the configured sources, extract the facts of new articles and load them into the DuckDB file.

    Runs in this process with one worker process per core, or as the `dealwatch` Prefect flow when a
    Prefect API is configured (PREFECT_API_URL) or with --dask; ends with a summary that says which.
    Exit code: 0 all sources fine, 1 some sources failed (the rest loaded), 2 nothing could run (the message
    says what to fix), 3 database busy or disk full (the run's work is kept when it can be).
    """
    try:
        # Checked before Prefect starts: a broken config writes nothing, not even a DB file.
        checked = load_config(config)
    except ConfigError as error:
        stop("run", f"config error: {error}")
    progress = RunProgress(choose_mode(verbose=verbose, quiet=quiet, console=Console()), Console(),
                           Console(stderr=True))
    with stopping_on_failures("run", verbose=verbose):
        check_database_path(db or checked.db_path)
        # The run lock before Prefect's local server: a run that must give way does so in a moment.
        with hold_run_lock(db or checked.db_path, wait_seconds=wait), reporting(progress):
            if dask or checked.execution.dask_address or prefect_api_url():
                summary = run_flow_quietly(config, db, verbose, wait, dask)
            else:
                summary = run_in_process(checked, db, wait)
    report(progress, summary, quiet)
    if report_path is not None:
        refresh_report(progress, report_path, db or checked.db_path, checked, quiet)
    raise typer.Exit(summary.exit_code)


def report(progress: RunProgress, summary: RunSummary, quiet: bool) -> None:
    """The summary (and the new alerts), or with --quiet only what went wrong."""
    if quiet:
        for line in format_errors(summary):
            progress.error(line)
        return
    print_report(progress, format_summary(summary).splitlines(), summary.alert_lines)


def refresh_report(progress: RunProgress, out: Path, db: Path, config: Config, quiet: bool) -> None:
    """The report after the run (a cron line keeps it current); a failure is said, the run's exit code stays."""
    try:
        line = write_and_describe(db, out, ReportScope(), config.alerts.tolerance_percent)
    except ReportNotWritten as error:
        progress.error(f"dealwatch run: report not written: {error}")
        return
    if not quiet:
        progress.console.print(line, markup=False, highlight=False, soft_wrap=True)


def run_in_process(config: Config, db: Path | None, wait: float) -> RunSummary:
    """The stages as plain functions, the CPU work in worker processes: no Prefect server, no flow run."""
    from flows.pipeline.runs import run_pipeline

    return run_pipeline(config, db, wait_seconds=wait)


def prefect_api_url() -> str | None:
    """The Prefect API runs are reported to (PREFECT_API_URL, or the active Prefect profile), if any."""
    if not may_name_a_prefect_api(Path.cwd()):
        return None
    from prefect.settings import PREFECT_API_URL

    return PREFECT_API_URL.value() or None


# Where Prefect 3 reads settings besides its defaults: the environment, a profiles file, and files in the working
# directory. Asking Prefect itself imports all of it (~1 s of every in-process run, a cron run that finds nothing
# new included); when none of these exists there is no API to ask about.
PREFECT_API_VARIABLES = ("PREFECT_API_URL", "PREFECT_PROFILE", "PREFECT_PROFILES_PATH")
PREFECT_SETTINGS_FILES = (".env", "prefect.toml")


def may_name_a_prefect_api(cwd: Path) -> bool:
    """Whether a Prefect setting may name an API: any doubt says yes, and Prefect is asked."""
    if any(os.environ.get(name) for name in PREFECT_API_VARIABLES):
        return True
    home = Path(os.environ.get("PREFECT_HOME") or "~/.prefect").expanduser()
    if (home / "profiles.toml").exists() or any((cwd / name).exists() for name in PREFECT_SETTINGS_FILES):
        return True
    pyproject = cwd / "pyproject.toml"
    return pyproject.is_file() and "tool.prefect" in pyproject.read_text(encoding="utf-8", errors="replace")


def run_flow_quietly(config: Path | None, db: Path | None, verbose: bool, wait: float = 0.0,
                     dask_address: str | None = None) -> RunSummary:
    """The `dealwatch` Prefect flow, its log lines shown only with --verbose."""
    prepare_prefect(verbose)
    from prefect.settings import PREFECT_LOGGING_LEVEL, PREFECT_SERVER_LOGGING_LEVEL, temporary_settings

    from flows.monitor import monitor

    # Importing the flow configured Prefect's loggers from settings that may predate prepare_prefect (when
    # another command module imported Prefect first): set the level again, and run under those settings.
    set_prefect_log_level()
    quiet = {
        PREFECT_LOGGING_LEVEL: os.environ["PREFECT_LOGGING_LEVEL"],
        PREFECT_SERVER_LOGGING_LEVEL: os.environ["PREFECT_SERVER_LOGGING_LEVEL"],
    }
    try:
        with temporary_settings(updates=quiet):
            return monitor(
                config_path=str(config) if config else None,
                db_path=str(db) if db else None,
                wait_seconds=wait,
                dask_address=dask_address,
            )
    finally:
        set_prefect_log_level()  # the local server logs its shutdown at exit


def prepare_prefect(verbose: bool) -> None:
    """Quiet and offline Prefect settings, unless the user set them; --verbose shows its INFO lines."""
    for name, value in QUIET_PREFECT.items():
        os.environ.setdefault(name, value)
    if verbose:
        os.environ["PREFECT_LOGGING_LEVEL"] = "INFO"


def set_prefect_log_level() -> None:
    """Prefect reads its level from its settings once, on import, maybe before our defaults were set."""
    logging.getLogger("prefect").setLevel(os.environ["PREFECT_LOGGING_LEVEL"])


