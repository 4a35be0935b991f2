"""Opening the DuckDB warehouse: schema, migrations and views on a writable open; clear errors otherwise."""

from __future__ import annotations

import fcntl
import json
import re
import threading
from collections.abc import Iterable, Iterator
from contextlib import closing, contextmanager
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


class SchemaMissing(DatabaseUnusable):
    """A file with no warehouse tables yet (a run killed while creating it): the next run's load sets them up."""


class DiskFull(Exception):
    """The disk under the warehouse ran out of space; the transaction that needed it was rolled back."""


# DuckDB starts a file with three 4 KiB headers, the first with "DUCK" at byte 8. A file shorter than that is
# one whose creation was cut short (a kill between creating it and writing its headers): it holds no data.
HEADER_BYTES = 3 * 4096
MAGIC = b"DUCK"
MAGIC_OFFSET = 8
# How DuckDB and the OS word a full disk (ENOSPC).
DISK_FULL = "No space left on device"


def json_list(values: Iterable[object]) -> str:
    """A list parameter as one JSON array for `?::JSON::VARCHAR[]`: DuckDB binds a Python list at ~55 us a value
    (1.1 s for a batch's 20,000 article ids), a JSON text at well under 1 us a value. Timestamps as their text."""
    return json.dumps(list(values), default=str, ensure_ascii=False)


@contextmanager
def connect(db_path: Path | str, *, read_only: bool = False) -> Iterator[duckdb.DuckDBPyConnection]:
    """The warehouse, schema up to date on a writable open; closed on exit so others can open the file.

    A read-only connection cannot reach files, the network or extensions (`read_csv`, `COPY ... TO`,
    `ATTACH` fail), and that setting cannot be changed from SQL. A read-only open of a file whose tables were
    never created raises SchemaMissing; a writable open creates them.
    """
    path = Path(db_path)
    con = open_connection(path, read_only=read_only)
    try:
        if read_only:
            require_schema(con, path)
        else:
            apply_schema(con)
        yield con
    finally:
        con.close()


def open_connection(path: Path, *, read_only: bool, config: dict[str, Any] | None = None) -> duckdb.DuckDBPyConnection:
    """A DuckDB connection, with its errors turned into DatabaseBusy / DatabaseUnusable / SchemaMissing."""
    if read_only and not path.is_file():
        raise DatabaseUnusable(f"no warehouse at {path}: `dealwatch run` creates it")
    if is_unfinished(path):
        if read_only:
            raise SchemaMissing(f"{path} was never finished (a run stopped while creating it): "
                                "the next `dealwatch run` sets it up")
        remove_unfinished(path)
    if not read_only:
        check_database_path(path)
    try:
        return duckdb.connect(str(path), read_only=read_only,
                              config=config if config is not None else SANDBOX_CONFIG if read_only else {})
    except duckdb.IOException as error:
        raise as_open_error(path, error) from error
    except duckdb.Error as error:
        raise DatabaseUnusable(f"cannot open {path}: {error}") from error


def as_open_error(path: Path, error: duckdb.Error) -> Exception:
    """DuckDB's I/O error on open, as what it means for the caller."""
    if LOCK_CONFLICT in str(error):
        return DatabaseBusy(describe_lock_conflict(path, str(error)))
    if DISK_FULL in str(error):
        return DiskFull(f"the disk under {path} is full: {error}")
    return DatabaseUnusable(f"cannot open {path}: {error}{fix_for_open_error(str(error))}")


NOT_DUCKDB = "not a valid DuckDB database file"


def fix_for_open_error(message: str) -> str:
    """What to do, for the open errors people meet."""
    if NOT_DUCKDB in message or "Could not read enough bytes" in message:
        return "; move it away or choose another --db (dealwatch creates a new warehouse there)"
    if "Permission denied" in message:
        return "; give this user read and write access to the file and its folder"
    return ""


def check_database_path(path: Path) -> None:
    """Before a run starts: the warehouse goes into an existing folder (a mistyped path must not grow a tree of
    folders unasked), and an existing file must be a DuckDB file (said at once, not after fetching)."""
    folder = path.parent
    if path.is_dir():
        raise DatabaseUnusable(f"{path} is a folder, not a DuckDB file: choose a file name inside it")
    if is_foreign(path):
        raise DatabaseUnusable(f"cannot open {path}: it is not a DuckDB file{fix_for_open_error(NOT_DUCKDB)}")
    if folder.exists() and not folder.is_dir():
        raise DatabaseUnusable(f"cannot create {path}: {folder} is a file, not a folder; choose another --db")
    if not folder.exists():
        raise DatabaseUnusable(f"cannot create {path}: the folder {folder} does not exist; create it first "
                               f"(mkdir -p {folder}) or choose another --db")


def is_unfinished(path: Path) -> bool:
    """A file shorter than DuckDB's headers that is empty, all zeros, or starts like a DuckDB header."""
    try:
        if not path.is_file() or path.stat().st_size >= HEADER_BYTES:
            return False
        start = path.read_bytes()
    except OSError:
        return False  # DuckDB's own open says what is wrong with it
    return not start.strip(b"\0") or start[MAGIC_OFFSET:MAGIC_OFFSET + len(MAGIC)] == MAGIC


def is_foreign(path: Path) -> bool:
    """A whole file (as long as DuckDB's headers at least) that does not start like one: someone else's file."""
    try:
        if not path.is_file() or path.stat().st_size < HEADER_BYTES:
            return False
        with open(path, "rb") as handle:
            start = handle.read(MAGIC_OFFSET + len(MAGIC))
    except OSError:
        return False  # DuckDB's own open says what is wrong with it
    return start[MAGIC_OFFSET:] != MAGIC


def remove_unfinished(path: Path) -> None:
    """Delete a file that holds nothing, unless a process holds DuckDB's lock on it (it is creating it now)."""
    try:
        with open(path, "rb+") as handle:
            fcntl.lockf(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            path.unlink()
    except BlockingIOError as error:
        raise DatabaseBusy(f"{path} is being created by another process; try again when it has finished") from error
    except OSError as error:
        raise DatabaseUnusable(f"{path} was never finished and cannot be replaced: {error.strerror}") from error


HAS_SCHEMA = "SELECT count(*) FROM duckdb_tables() WHERE table_name = 'schema_migrations'"


def require_schema(con: duckdb.DuckDBPyConnection, path: Path) -> None:
    """SchemaMissing for a file whose tables were never committed (a DuckDB file, empty)."""
    (count,) = con.execute(HAS_SCHEMA).fetchone() or (0,)
    if not count:
        raise SchemaMissing(f"{path} has no warehouse tables yet (a run stopped while creating it): "
                            "the next `dealwatch run` sets them up")


def describe_lock_conflict(path: Path, message: str) -> str:
    """One sentence naming the file and, when DuckDB says it, the process holding it."""
    holder = LOCK_HOLDER.search(message)
    by_whom = f" (process {holder.group(2)}, {holder.group(1)})" if holder else ""
    return f"{path} is in use by another process{by_whom}; try again when it has finished"


@contextmanager
def transaction(con: duckdb.DuckDBPyConnection) -> Iterator[duckdb.DuckDBPyConnection]:
    """Everything written inside commits together, or nothing does (an error rolls it all back).

    A full disk raises DiskFull, whichever statement (or the commit) met it.
    """
    con.execute("BEGIN TRANSACTION")
    try:
        yield con
        con.execute("COMMIT")
    except duckdb.Error as error:
        roll_back(con)
        if DISK_FULL in str(error):
            raise DiskFull(f"the disk is full: {error}") from error
        raise
    except BaseException:
        roll_back(con)
        raise


def roll_back(con: duckdb.DuckDBPyConnection) -> None:
    try:
        con.execute("ROLLBACK")
    except duckdb.TransactionException:
        pass  # a failed COMMIT has already ended the transaction: there is nothing left to roll back


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


class QueryTimedOut(QueryFailed):
    """A person's query ran past its time limit and was interrupted."""


@dataclass(frozen=True)
class QueryLimits:
    """What one person's query may use: time, memory, spill space on disk, threads (defaults: 2 cores, a few GB)."""

    timeout_seconds: float = 60.0
    memory: str = "1GB"
    temp: str = "2GB"
    threads: int = 2
    temp_directory: Path | None = None  # where a large sort or join spills; None: DuckDB's default beside the file


@dataclass(frozen=True)
class QueryResult:
    """The first rows of a query's result, its column names, and whether more rows were left out."""

    columns: tuple[str, ...]
    rows: tuple[tuple[Any, ...], ...]
    is_truncated: bool


# Statements a person's query may be: a query, or the plan of one. COPY, ATTACH, SET, EXPORT, CALL, LOAD...
# are refused before they reach DuckDB, which lets even a read-only connection write the database's own files.
QUERY_TYPES = (duckdb.StatementType.SELECT, duckdb.StatementType.EXPLAIN)


def run_query(db_path: Path | str, sql: str, *, max_rows: int, limits: QueryLimits | None = None) -> QueryResult:
    """Run one SELECT (or EXPLAIN) on a sandboxed read-only connection, within `limits`.

    No file, network or extension access; an interrupt after `limits.timeout_seconds`.
    """
    limits = limits or QueryLimits()
    with closing(open_sandbox(Path(db_path), limits)) as con:
        check_is_one_query(con, sql)
        timer = threading.Timer(limits.timeout_seconds, con.interrupt)
        timer.start()
        try:
            cursor = con.execute(sql)
            rows = cursor.fetchmany(max_rows + 1) if cursor.description else []
        except duckdb.InterruptException as error:
            raise QueryTimedOut(f"stopped after {limits.timeout_seconds:g} s") from error
        except duckdb.Error as error:
            raise QueryFailed(str(error)) from error
        finally:
            timer.cancel()
        columns = tuple(column[0] for column in cursor.description or ())
    return QueryResult(columns=columns, rows=tuple(rows[:max_rows]), is_truncated=len(rows) > max_rows)


SET_SPILL_CAP = "SET max_temp_directory_size = ?"
LOCK_CONFIGURATION = "SET lock_configuration = true"


def open_sandbox(path: Path, limits: QueryLimits) -> duckdb.DuckDBPyConnection:
    """A read-only connection with no file, network or extension access, within `limits`, settings locked."""
    con = open_connection(path, read_only=True, config=sandbox_config(limits))
    try:
        # DuckDB 1.5 shows a max_temp_directory_size given at connect time but does not enforce it; SET does.
        con.execute(SET_SPILL_CAP, [limits.temp])
        con.execute(LOCK_CONFIGURATION)
    except duckdb.Error as error:
        con.close()
        raise QueryFailed(f"the query's limits were refused: {error}") from error
    return con


def sandbox_config(limits: QueryLimits) -> dict[str, Any]:
    """External access off first: DuckDB 1.5 refuses temp_directory when it comes before it in the dict."""
    caps: dict[str, Any] = {"enable_external_access": False, "memory_limit": limits.memory, "threads": limits.threads}
    if limits.temp_directory is not None:
        caps["temp_directory"] = str(limits.temp_directory)
    return caps


def check_is_one_query(con: duckdb.DuckDBPyConnection, sql: str) -> None:
    try:
        statements = con.extract_statements(sql)
    except duckdb.Error as error:
        raise QueryFailed(str(error)) from error
    if len(statements) != 1:
        raise QueryFailed(f"one query at a time, please (got {len(statements)} statements)")
    if statements[0].type not in QUERY_TYPES:
        kind = statements[0].type.name
        raise QueryFailed(f"only SELECT queries (and EXPLAIN) run here, not {kind}: the warehouse is read-only")
