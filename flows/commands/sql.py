"""`dealwatch sql`: a read-only SQL query on the warehouse, printed as a table."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table
from rich.text import Text

from flows.config import ConfigError, load_config
from flows.exit_codes import EXIT_BUSY, stop
from warehouse.database import DatabaseBusy, DatabaseUnusable, QueryFailed, QueryResult, run_query

CELL_MAX_CHARS = 200


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
) -> None:
    """Run one read-only SQL query on the warehouse and print the result as a table.

    The connection cannot write, read other files or reach the network
    (read_csv, COPY ... TO and ATTACH fail).
    """
    try:
        result = run_query(db or load_config(config).db_path, query, max_rows=max_rows)
    except ConfigError as error:
        stop("sql", f"config error: {error}")
    except DatabaseBusy as error:
        stop("sql", f"database busy: {error}", EXIT_BUSY)
    except (DatabaseUnusable, QueryFailed) as error:
        stop("sql", f"query failed: {error}")
    Console(soft_wrap=False).print(result_table(result))
    if result.is_truncated:
        typer.echo(f"(first {max_rows} rows shown; raise --max-rows or add LIMIT/WHERE)")


def result_table(result: QueryResult) -> Table:
    # Text, not str: a value such as "[bold]" must print as written, not as rich markup.
    table = Table()
    for column in result.columns:
        table.add_column(Text(column))
    for row in result.rows:
        table.add_row(*(Text(format_cell(value)) for value in row))
    return table


def format_cell(value: Any) -> str:
    """NULL as NULL, long texts shortened (an article's text would fill the screen)."""
    if value is None:
        return "NULL"
    text = str(value)
    return text if len(text) <= CELL_MAX_CHARS else text[: CELL_MAX_CHARS - 1] + "…"
