"""Every command that cannot do its job says so the same way: `dealwatch COMMAND: why` on stderr, exit 2."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from flows.cli import app
from flows.exit_codes import EXIT_CANNOT_RUN


@pytest.mark.parametrize(
    ("arguments", "expected"),
    [
        (["run", "--config", "{tmp}/missing.toml"], "dealwatch run: config error: "),
        (["sql", "SELECT 1", "--db", "{tmp}/missing.duckdb"], "dealwatch sql: database error: no warehouse at "),
        (["alerts", "--db", "{tmp}/x.duckdb", "--severity", "loud"], "dealwatch alerts: --severity must be one of"),
        (["sources", "--db", "{tmp}/missing.duckdb"], "dealwatch sources: no warehouse at "),
        (["extract", "{tmp}/missing.txt"], "dealwatch extract: no such article file: "),
        (["evaluate", "{tmp}/gold.jsonl", "{tmp}/missing.txt"], "dealwatch evaluate: no such gold file: "),
    ],
)
def test_a_command_that_cannot_run_stops_with_one_line_naming_itself(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, arguments: list[str], expected: str
) -> None:
    monkeypatch.chdir(tmp_path)  # no ./dealwatch.toml to pick up
    result = CliRunner().invoke(app, [argument.replace("{tmp}", str(tmp_path)) for argument in arguments])
    assert result.exit_code == EXIT_CANNOT_RUN, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(expected), result.stderr
