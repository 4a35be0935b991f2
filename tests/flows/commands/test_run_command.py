"""`dealwatch run` and `dealwatch sql` through the installed console script, in a fresh working directory."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from flows.cli import app

DEALWATCH = Path(sys.executable).parent / "dealwatch"
SEED_DATES = [
    "000_1d47dec1d2c33ff5.txt │ 2025-11-19",
    "001_dd43606ce86874cc.txt │ 2025-11-18",
    "002_3e778302757a9e98.txt │ 2025-11-19",
    "003_91ea438c95295eca.txt │ 2025-11-22",
    "004_3c70629ff31dc08d.txt │ NULL",
]


def dealwatch(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PREFECT_HOME": str(cwd / ".prefect-home"), "COLUMNS": "200"}
    return subprocess.run(
        [str(DEALWATCH), *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=300
    )


@pytest.mark.prefect
def test_run_on_the_seeds_then_query_the_file(tmp_path: Path) -> None:
    if not DEALWATCH.is_file():
        pytest.skip(f"no console script at {DEALWATCH}: install the project with pip install -e")
    run = dealwatch("run", cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    assert "sources: 1 ok, 0 failed" in run.stdout and "articles: 5 new, 0 already seen" in run.stdout
    assert f"data: {tmp_path / 'dealwatch.duckdb'}" in run.stdout
    assert "INFO" not in run.stdout + run.stderr, "a run is quiet unless --verbose"

    query = dealwatch(
        "sql", "SELECT file_name, CAST(published_at AS DATE) AS day FROM articles ORDER BY 1", cwd=tmp_path
    )
    assert query.returncode == 0, query.stderr
    assert all(line in query.stdout for line in SEED_DATES), query.stdout

    refused = dealwatch("sql", "SELECT * FROM read_csv('/etc/passwd')", cwd=tmp_path)
    assert refused.returncode == 2 and "query failed" in refused.stderr and "root:" not in refused.stdout


def test_each_command_says_what_it_does() -> None:
    runner = CliRunner()
    overview = runner.invoke(app, ["--help"])
    assert overview.exit_code == 0
    assert "Fetch the configured sources" in overview.output and "read-only SQL query" in overview.output
    run_help = runner.invoke(app, ["run", "--help"]).output
    assert "--config" in run_help and "--db" in run_help and "Exit code" in run_help
    assert "--max-rows" in runner.invoke(app, ["sql", "--help"]).output


def test_sql_on_a_missing_database_says_how_to_make_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(app, ["sql", "SELECT 1"])
    assert result.exit_code == 2 and "`dealwatch run` creates it" in result.output
    assert not (tmp_path / "dealwatch.duckdb").exists()
