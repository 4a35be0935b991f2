"""Opening the DuckDB warehouse: schema, migrations and views on a writable open; clear errors otherwise."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb

PACKAGE_DIR = Path(__file__).resolve().parent
SCHEMA_FILE = PACKAGE_DIR / "schema.sql"
MIGRATIONS_DIR = PACKAGE_DIR / "migrations"
VIEWS_DIR = PACKAGE_DIR / "views"
# What callers outside the warehouse hold: they pass it back to warehouse functions, never run SQL on it.
Connection = duckdb.DuckDBPyConnection
# warehouse/migrations/003_add_column.sql -> version 3, name "add_column".
MIGRATION_NAME = re.compile(r"^(\d{3})_(\w+)\.sql$")
# DuckDB's wording when another process holds the file: "Could not set lock on file ...".
LOCK_CONFLICT = "Could not set lock on file"
LOCK_HOLDER = re.compile(r"Conflicting lock is held in (.+?) \(PID (\d+)\)")
# Read-only connections are for people's queries: no file, network or extension access, and no way back.
SANDBOX_CONFIG: dict[str, Any] = {"enable_external_access": False, "lock_configuration": True}


class DatabaseBusy(Exception):
    """Another process holds the warehouse file (DuckDB allows one writer and no reader beside it)."""


class DatabaseUnusable(Exception):
    """The warehouse file cannot be opened: missing for a read, not a DuckDB file, or from another version."""


@contextmanager
def connect(db_path: Path | str, *, read_only: bool = False) -> Iterator[duckdb.DuckDBPyConnection]:
    """The warehouse, schema up to date on a writable open; closed on exit so others can open the file.

    A read-only connection cannot reach files, the network or extensions (`read_csv`, `COPY ... TO`,
    `ATTACH` fail), and that setting cannot be changed from SQL.
    """
    path = Path(db_path)
    con = open_connection(path, read_only=read_only)
    try:
        if not read_only:
            apply_schema(con)
        yield con
    finally:
        con.close()


def open_connection(path: Path, *, read_only: bool) -> duckdb.DuckDBPyConnection:
    """A DuckDB connection, with its errors turned into DatabaseBusy / DatabaseUnusable."""
    if read_only and not path.is_file():
        raise DatabaseUnusable(f"no warehouse at {path}: `dealwatch run` creates it")
    try:
        if not read_only:
            path.parent.mkdir(parents=True, exist_ok=True)
        return duckdb.connect(str(path), read_only=read_only, config=SANDBOX_CONFIG if read_only else {})
    except duckdb.IOException as error:
        if LOCK_CONFLICT in str(error):
            raise DatabaseBusy(describe_lock_conflict(path, str(error))) from error
        raise DatabaseUnusable(f"cannot open {path}: {error}") from error
    except duckdb.Error as error:
        raise DatabaseUnusable(f"cannot open {path}: {error}") from error
    except OSError as error:
        raise DatabaseUnusable(f"cannot create {path}: {error.strerror}") from error


def describe_lock_conflict(path: Path, message: str) -> str:
    """One sentence naming the file and, when DuckDB says it, the process holding it."""
    holder = LOCK_HOLDER.search(message)
    by_whom = f" (process {holder.group(2)}, {holder.group(1)})" if holder else ""
    return f"{path} is in use by another process{by_whom}; try again when it has finished"


@contextmanager
def transaction(con: duckdb.DuckDBPyConnection) -> Iterator[duckdb.DuckDBPyConnection]:
    """Everything written inside commits together, or nothing does (an error rolls it all back)."""
    con.execute("BEGIN TRANSACTION")
    try:
        yield con
    except BaseException:
        con.execute("ROLLBACK")
        raise
    con.execute("COMMIT")


def apply_schema(con: duckdb.DuckDBPyConnection) -> None:
    """Tables (idempotent), then the migrations not applied yet, then the views, in one transaction."""
    with transaction(con):
        con.execute(SCHEMA_FILE.read_text(encoding="utf-8"))
        apply_migrations(con)
        apply_views(con)


APPLIED_VERSIONS = "SELECT version FROM schema_migrations"
RECORD_MIGRATION = "INSERT INTO schema_migrations (version, name) VALUES (?, ?)"


def apply_migrations(con: duckdb.DuckDBPyConnection) -> list[int]:
    """Run each `migrations/NNN_name.sql` not yet recorded in schema_migrations, in version order."""
    applied = {version for (version,) in con.execute(APPLIED_VERSIONS).fetchall()}
    done = []
    for version, name, path in list_migrations(MIGRATIONS_DIR):
        if version in applied:
            continue
        con.execute(path.read_text(encoding="utf-8"))
        con.execute(RECORD_MIGRATION, [version, name])
        done.append(version)
    return done


def list_migrations(folder: Path) -> list[tuple[int, str, Path]]:
    """(version, name, path) of the migration files, sorted by version; other files are ignored."""
    found = []
    for path in sorted(folder.glob("*.sql")) if folder.is_dir() else []:
        match = MIGRATION_NAME.match(path.name)
        if match:
            found.append((int(match.group(1)), match.group(2), path))
    return sorted(found)


def apply_views(con: duckdb.DuckDBPyConnection) -> None:
    """Each `views/<name>.sql` (CREATE OR REPLACE VIEW), in name order: a view can build on an earlier one."""
    for path in sorted(VIEWS_DIR.glob("*.sql")) if VIEWS_DIR.is_dir() else []:
        con.execute(path.read_text(encoding="utf-8"))


SQL_DIR = PACKAGE_DIR / "sql"


def read_sql(name: str) -> str:
    """The text of `warehouse/sql/<name>.sql`: statements too long to sit above the function running them."""
    return (SQL_DIR / f"{name}.sql").read_text(encoding="utf-8")


class QueryFailed(Exception):
    """A person's SQL query was refused or failed; the message is DuckDB's, which names the problem."""


@dataclass(frozen=True)
class QueryResult:
    """The first rows of a query's result, its column names, and whether more rows were left out."""

    columns: tuple[str, ...]
    rows: tuple[tuple[Any, ...], ...]
    is_truncated: bool


def run_query(db_path: Path | str, sql: str, *, max_rows: int) -> QueryResult:
    """Run one query on a sandboxed read-only connection (no file, network or extension access)."""
    with connect(db_path, read_only=True) as con:
        try:
            cursor = con.execute(sql)
            rows = cursor.fetchmany(max_rows + 1) if cursor.description else []
        except duckdb.Error as error:
            raise QueryFailed(str(error)) from error
        columns = tuple(column[0] for column in cursor.description or ())
    return QueryResult(columns=columns, rows=tuple(rows[:max_rows]), is_truncated=len(rows) > max_rows)
