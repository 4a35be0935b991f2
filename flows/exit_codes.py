"""The exit codes of every dealwatch command (the README's table), and the one way a command stops early."""

from __future__ import annotations

from typing import NoReturn

import typer

EXIT_OK = 0
EXIT_SOME_SOURCES_FAILED = 1
EXIT_CANNOT_RUN = 2
EXIT_BUSY = 3


def stop(command: str, message: str, code: int = EXIT_CANNOT_RUN) -> NoReturn:
    """One line on stderr, `dealwatch COMMAND: what went wrong`, and the exit code."""
    typer.echo(f"dealwatch {command}: {message}", err=True)
    raise typer.Exit(code)
