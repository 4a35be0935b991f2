"""The `dealwatch` command line: each command lives in its own module under flows/commands/."""

from __future__ import annotations

import platform
from importlib import metadata

import typer

from flows.commands import alerts as alerts_commands
from flows.commands import extract as extract_commands
from flows.commands import reextract as reextract_commands
from flows.commands import report as report_commands
from flows.commands import run as run_commands
from flows.commands import schedule as schedule_commands
from flows.commands import sources as sources_commands
from flows.commands import sql as sql_commands

app = typer.Typer(name="dealwatch", no_args_is_help=True, add_completion=False)



def version_line() -> str:
    """What a bug report needs: this version, and the versions of the parts whose behaviour matters most."""
    parts = ", ".join(f"{name} {installed_version(name)}" for name in ("duckdb", "prefect", "apprise"))
    return f"dealwatch {installed_version('dealwatch')} ({parts}, Python {platform.python_version()})"


def installed_version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "not installed"


def show_version(requested: bool) -> None:
    if requested:
        typer.echo(version_line())
        raise typer.Exit()


@app.callback()
def options(
    version: bool = typer.Option(False, "--version", is_eager=True, callback=show_version,
                                 help="Print the version of dealwatch (and of DuckDB, Prefect, apprise) and exit."),
) -> None:
    """Watch the news for AI financing deals and raise an alert when sources disagree on a figure."""


app.command("alerts")(alerts_commands.alerts)
app.command("extract")(extract_commands.extract)
app.command("evaluate")(extract_commands.evaluate)
app.command("reextract")(reextract_commands.reextract)
app.command("report")(report_commands.report)
app.command("run")(run_commands.run)
app.command("serve")(schedule_commands.serve)
app.command("sources")(sources_commands.sources)
app.command("sql")(sql_commands.sql)


def main() -> None:
    app()


if __name__ == "__main__":
    main()
