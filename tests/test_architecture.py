"""Imports go one way, flows -> warehouse -> extractors, and extractors does no I/O."""

from __future__ import annotations

import ast
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


def test_the_checker_sees_a_forbidden_import(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text("import duckdb\nfrom flows.cli import app\nopen('x')\n", encoding="utf-8")
    assert imported_modules(sample) == {"duckdb", "flows"}
    assert called_builtins(sample) == {"open"}


def test_standard_library_names_are_not_shadowed() -> None:
    for package in ALLOWED:
        for path in python_files(package):
            assert path.stem not in sys.stdlib_module_names, f"{path.relative_to(ROOT)} shadows the standard library"
