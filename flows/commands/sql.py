"""`dealwatch sql`: one read-only query on a private copy of the warehouse, within time, memory and disk caps."""

from __future__ import annotations

import os
import re
from dataclasses import replace
from pathlib import Path
from typing import Annotated

import typer

from flows.commands.result_formats import FORMATS, print_result
from flows.commands.stopping import stopping_on_failures
from flows.config import ConfigError, load_config
from flows.exit_codes import stop
from flows.unattended.snapshot import private_copy
from warehouse.database import QueryFailed, QueryLimits, QueryResult, QueryTimedOut, run_query

# DuckDB's own size syntax: "1GB", "500 MB", "2GiB".
SIZE = re.compile(r"^\d+(\.\d+)?\s*(B|KB|MB|GB|TB|KIB|MIB|GIB|TIB)$", re.IGNORECASE)
DEFAULTS = QueryLimits()


def sql(
    query: Annotated[str, typer.Argument(help='The query, e.g. "SELECT title, published_at FROM articles".')],
    db: Annotated[
        Path | None,
        typer.Option("--db", help="DuckDB file to read. Default: the config's database path, else ./dealwatch.duckdb."),
    ] = None,
    config: Annotated[
        Path | None,
        typer.Option("--config", help="Config file naming the database (default: ./dealwatch.toml)."),
    ] = None,
    max_rows: Annotated[int, typer.Option("--max-rows", min=1, help="Print at most this many rows.")] = 1000,
    output_format: Annotated[
        str, typer.Option("--format", help="table (for people), csv or json (one object per line).")
    ] = "table",
    timeout: Annotated[
        float, typer.Option("--timeout", min=0.1, help="Seconds the query may run before it is stopped.")
    ] = DEFAULTS.timeout_seconds,
    max_memory: Annotated[
        str, typer.Option("--max-memory", help="Memory the query may use, e.g. 1GB.")
    ] = DEFAULTS.memory,
    max_temp: Annotated[
        str, typer.Option("--max-temp", help="Disk a large sort or join may spill to, e.g. 2GB.")
    ] = DEFAULTS.temp,
) -> None:
    """Run one read-only SQL query on the warehouse and print the result as a table, CSV or JSON lines.

    Only a SELECT (or EXPLAIN) runs, on a private copy of the warehouse (or of its snapshot while a run holds
    the file): it cannot write the warehouse, read other files or reach the network, and the schedule is not
    held up while it runs. It stops after --timeout seconds and within --max-memory and --max-temp.
    """
    check_options(output_format, max_memory, max_temp)
    limits = QueryLimits(timeout_seconds=timeout, memory=max_memory, temp=max_temp,
                         threads=min(DEFAULTS.threads, os.cpu_count() or 1))
    with stopping_on_failures("sql"):
        try:
            database = db or load_config(config).db_path
            result, note = query_copy(database, query, max_rows, limits)
        except ConfigError as error:
            stop("sql", f"config error: {error}")
        except QueryTimedOut as error:
            stop("sql", f"query {error} (--timeout {timeout:g}): narrow it with WHERE or LIMIT, or raise --timeout")
        except QueryFailed as error:
            stop("sql", f"query failed: {' '.join(str(error).split())}")
    print_result(result, output_format)
    if note:
        typer.echo(note, err=True)
    if result.is_truncated:
        typer.echo(f"(first {max_rows} rows shown; raise --max-rows or add LIMIT/WHERE)",
                   err=output_format != "table")


def query_copy(db: Path, query: str, max_rows: int, limits: QueryLimits) -> tuple[QueryResult, str]:
    """The query on a private copy of the warehouse, spilling into the copy's own folder."""
    with private_copy(db) as copy:
        spilling = replace(limits, temp_directory=copy.folder / "spill")
        return run_query(copy.path, query, max_rows=max_rows, limits=spilling), copy.note


def check_options(output_format: str, max_memory: str, max_temp: str) -> None:
    if output_format not in FORMATS:
        stop("sql", f"--format must be one of {', '.join(FORMATS)}, not {output_format!r}")
    for option, size in (("--max-memory", max_memory), ("--max-temp", max_temp)):
        if not SIZE.match(size.strip()):
            stop("sql", f"{option} must be a size such as 500MB or 2GB, not {size!r}")
