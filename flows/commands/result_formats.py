"""A query's result as people and programs read it: a table, CSV or JSON lines, with plain values."""

from __future__ import annotations

import csv
import datetime as dt
import json
import math
import sys
import uuid
from decimal import Decimal
from typing import Any, TextIO

from rich.console import Console
from rich.table import Table
from rich.text import Text

from warehouse.database import QueryResult

FORMATS = ("table", "csv", "json")
CELL_MAX_CHARS = 200
# Piped into a file or a mail, a table keeps its natural width instead of being squeezed into 80 columns.
UNWRAPPED_WIDTH = 100_000


def plain_value(value: Any) -> Any:
    """A value JSON can hold exactly as DuckDB gave it: decimals as numbers, times as ISO text, lists as lists.

    >>> plain_value([Decimal("10000000000.000000"), Decimal("1.5")])
    [10000000000, 1.5]
    """
    if isinstance(value, Decimal):
        return plain_number(value)
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)  # JSON has no NaN or infinity
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, dt.timedelta | uuid.UUID):
        return str(value)
    if isinstance(value, bytes):
        return value.hex()
    if isinstance(value, list | tuple):
        return [plain_value(item) for item in value]
    if isinstance(value, dict):
        return {str(key): plain_value(item) for key, item in value.items()}
    return value


def plain_number(value: Decimal) -> int | float | str:
    """Whole figures as integers; others as floats when that keeps every digit, else as exact text."""
    if value == value.to_integral_value():
        return int(value)
    as_float = float(value)
    return as_float if Decimal(repr(as_float)) == value else format(value.normalize(), "f")


def cell_text(value: Any) -> str:
    """One value as text: NULL as NULL in a table (and empty in CSV, by the caller), lists as JSON."""
    plain = plain_value(value)
    if plain is None:
        return "NULL"
    if isinstance(plain, list | dict):
        return json.dumps(plain, ensure_ascii=False)
    return str(plain)


def shortened(text: str) -> str:
    """An article's text would fill the screen: a table cell shows its start."""
    return text if len(text) <= CELL_MAX_CHARS else text[: CELL_MAX_CHARS - 1] + "…"


def result_table(result: QueryResult) -> Table:
    # Text, not str: a value such as "[bold]" must print as written, not as rich markup.
    table = Table()
    for column in result.columns:
        table.add_column(Text(column))
    for row in result.rows:
        table.add_row(*(Text(shortened(cell_text(value))) for value in row))
    return table


def print_table(result: QueryResult) -> None:
    console = Console(soft_wrap=False)
    if not console.is_terminal:
        console = Console(soft_wrap=False, width=UNWRAPPED_WIDTH)
    console.print(result_table(result))


def write_csv(result: QueryResult, out: TextIO) -> None:
    """A header, then one line per row; NULL is an empty field, every text whole."""
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(result.columns)
    for row in result.rows:
        writer.writerow("" if value is None else cell_text(value) for value in row)


def write_json_lines(result: QueryResult, out: TextIO) -> None:
    """One JSON object per row, keyed by column name."""
    for row in result.rows:
        record = {column: plain_value(value) for column, value in zip(result.columns, row, strict=True)}
        out.write(json.dumps(record, ensure_ascii=False, allow_nan=False) + "\n")


def print_result(result: QueryResult, output_format: str) -> None:
    if output_format == "csv":
        write_csv(result, sys.stdout)
    elif output_format == "json":
        write_json_lines(result, sys.stdout)
    else:
        print_table(result)
