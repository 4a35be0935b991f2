"""Opening the warehouse: schema on first open, migrations once, a clear error when another process has it."""

from __future__ import annotations

import shutil
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import duckdb
import pytest

from warehouse import database
from warehouse.database import DatabaseBusy, DatabaseUnusable, QueryFailed, connect, run_query

TABLES = {"schema_migrations", "sources", "articles", "facts", "runs"}
# A child process that opens the file for writing, says so, and holds it until its stdin closes.
HOLDER = """
import sys, duckdb
con = duckdb.connect(sys.argv[1])
print("holding", flush=True)
sys.stdin.read()
"""


def test_a_first_open_creates_the_tables(tmp_path: Path) -> None:
    with connect(tmp_path / "w.duckdb") as con:
        tables = {
            name for (name,) in con.execute("SELECT table_name FROM information_schema.tables").fetchall()
        }
    assert TABLES <= tables


def test_migrations_run_once_in_version_order(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    migrations = tmp_path / "migrations"
    # The project's own migrations first (the views need their columns), then two of this test's.
    shutil.copytree(database.MIGRATIONS_DIR, migrations)
    (migrations / "902_note_on_runs.sql").write_text(
        "ALTER TABLE runs ADD COLUMN note VARCHAR;", encoding="utf-8"
    )
    (migrations / "901_outlet_country.sql").write_text(
        "ALTER TABLE articles ADD COLUMN country VARCHAR;", encoding="utf-8"
    )
    (migrations / "README.md").write_text("not a migration", encoding="utf-8")
    monkeypatch.setattr(database, "MIGRATIONS_DIR", migrations)
    db = tmp_path / "w.duckdb"
    with connect(db):
        pass
    with connect(db) as con:  # a second open must not re-run them (ADD COLUMN would fail)
        applied = con.execute("SELECT version, name FROM schema_migrations ORDER BY version").fetchall()
        con.execute("SELECT country FROM articles")
    assert applied[-2:] == [(901, "outlet_country"), (902, "note_on_runs")]
    assert [version for version, _ in applied] == sorted(version for version, _ in applied)


def test_a_failing_migration_leaves_the_file_as_it_was(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    migrations = tmp_path / "migrations"
    migrations.mkdir()
    (migrations / "901_broken.sql").write_text(
        "ALTER TABLE no_such_table ADD COLUMN x INTEGER;", encoding="utf-8"
    )
    db = tmp_path / "w.duckdb"
    with connect(db) as con:
        applied_before = con.execute("SELECT version FROM schema_migrations ORDER BY version").fetchall()
    monkeypatch.setattr(database, "MIGRATIONS_DIR", migrations)
    with pytest.raises(duckdb.CatalogException):
        with connect(db):
            pass
    monkeypatch.undo()
    with connect(db) as con:
        assert con.execute("SELECT version FROM schema_migrations ORDER BY version").fetchall() == applied_before


def test_another_process_holding_the_file_gives_database_busy(tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    with connect(db):
        pass
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(db)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "holding"
        with pytest.raises(
            DatabaseBusy, match=rf"{db.name} is in use by another process \(process {holder.pid}"
        ):
            with connect(db):
                pass
        with pytest.raises(DatabaseBusy):
            with connect(db, read_only=True):
                pass
    finally:
        holder.communicate(input="", timeout=30)
    with connect(db, read_only=True) as con:  # free again once the holder has gone
        assert con.execute("SELECT count(*) FROM runs").fetchone() == (0,)


def test_a_read_only_open_of_a_missing_file_says_so_and_creates_nothing(tmp_path: Path) -> None:
    with pytest.raises(DatabaseUnusable, match="no warehouse at"):
        with connect(tmp_path / "absent.duckdb", read_only=True):
            pass
    assert not (tmp_path / "absent.duckdb").exists()


def test_a_database_under_a_file_cannot_be_created(tmp_path: Path) -> None:
    (tmp_path / "plain-file").write_text("x", encoding="utf-8")
    with pytest.raises(DatabaseUnusable, match="cannot create"):
        with connect(tmp_path / "plain-file" / "w.duckdb"):
            pass


def test_a_file_that_is_not_duckdb_is_unusable(tmp_path: Path) -> None:
    db = tmp_path / "notes.duckdb"
    db.write_text("these are my notes, not a database\n" * 200, encoding="utf-8")
    with pytest.raises(DatabaseUnusable, match="cannot open"):
        with connect(db):
            pass


@pytest.mark.parametrize(
    "query",
    [
        "SELECT * FROM read_csv('/etc/passwd')",
        "COPY runs TO '{tmp}/leak.csv'",
        "ATTACH '{tmp}/other.duckdb'",
        "SET enable_external_access = true",
        "INSERT INTO runs (run_id, started_at, status) VALUES ('x', now(), 'ok')",
    ],
)
def test_people_s_queries_cannot_write_or_reach_files(tmp_path: Path, query: str) -> None:
    db = tmp_path / "w.duckdb"
    with connect(db):
        pass
    with pytest.raises(QueryFailed):
        run_query(db, query.format(tmp=tmp_path), max_rows=10)
    assert not (tmp_path / "leak.csv").exists() and not (tmp_path / "other.duckdb").exists()


def test_a_query_returns_columns_and_at_most_max_rows(tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    with connect(db):
        pass
    result = run_query(db, "SELECT range AS n FROM range(5)", max_rows=3)
    assert result.columns == ("n",) and result.rows == ((0,), (1,), (2,)) and result.is_truncated


def test_a_warehouse_from_before_the_context_fields_gets_them_with_their_defaults(tmp_path: Path) -> None:
    """Migration 001: facts stored earlier read as the articles' own news, announced, basis unsaid."""
    db = tmp_path / "w.duckdb"
    with duckdb.connect(str(db)) as con:  # the tables as the last version left them, before any migration
        con.execute(database.SCHEMA_FILE.read_text(encoding="utf-8"))
        con.execute("INSERT INTO facts (fact_id, article_id, kind, subject, value, unit, qualifier, evidence, "
                    "extractor_version, loaded_at) VALUES ('f1', 'a1', 'valuation', 'Corvane', 9e9, 'USD', 'exact', "
                    "'Corvane is valued at $9 billion', '1.1.0', '2026-03-02 08:00:00')")
    with connect(db) as con:
        context = con.execute("SELECT as_of, status, basis FROM facts").fetchall()
        applied = con.execute("SELECT version, name FROM schema_migrations").fetchall()
    assert context == [(None, "announced", None)]
    assert (1, "fact_context") in applied


OLD_ALERT = """
INSERT INTO alerts VALUES (?, 'conflict', 'differs', 'valuation', 'Corvane', NULL, 'USD', 8e9, 'exact', 'f1', ?,
    ?, 'Corvane is valued at $8 billion', NULL,
    [{'counterparty': NULL, 'value': 9e9, 'qualifier': 'exact', 'outlets': ['Herald', 'Ledger'],
      'articles': ['h.txt', 'l.txt']}], ?, ?)
"""


def test_alerts_from_before_migration_002_keep_their_ids_and_a_second_one_on_a_disagreement_is_withdrawn(
    tmp_path: Path,
) -> None:
    db = tmp_path / "w.duckdb"
    with duckdb.connect(str(db)) as con:  # the tables as the last version left them, before any migration
        con.execute(database.SCHEMA_FILE.read_text(encoding="utf-8"))
        # The old diff raised 8 bn against 9 bn twice: once on each of two articles saying 8 bn.
        con.execute(OLD_ALERT, ["old-1", "a1", "Courier", "2026-03-02 08:00:00", "2026-03-02 08:01:00"])
        con.execute(OLD_ALERT, ["old-2", "a2", "Gazette", "2026-03-03 08:00:00", None])
        con.execute("INSERT INTO alert_deliveries (alert_id, channel_id, channel_name) VALUES ('old-2', 'c', 'x')")
    with connect(db) as con:
        rows = con.execute(
            "SELECT alert_id, withdrawn_at IS NOT NULL, status, earlier[1].compared_value, earlier[1].copy_groups "
            "FROM alerts ORDER BY alert_id"
        ).fetchall()
        pending = con.execute("SELECT alert_id FROM pending_deliveries").fetchall()
        applied = con.execute("SELECT version, name FROM schema_migrations").fetchall()
    assert rows == [
        ("old-1", False, "announced", Decimal("9000000000"), [["Herald"], ["Ledger"]]),
        ("old-2", True, "announced", Decimal("9000000000"), [["Herald"], ["Ledger"]]),
    ]
    assert pending == []  # the duplicate is never sent
    assert (2, "alert_context") in applied
