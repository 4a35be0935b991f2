"""The README keeps up with the tool: every command documented, the test command the one CI runs."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import typer.main

from flows.cli import app

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def command_names() -> list[str]:
    return sorted(typer.main.get_command(app).commands)  # type: ignore[attr-defined]


def test_the_cli_has_the_commands_the_issues_ask_for() -> None:
    assert {"run", "sql", "extract", "evaluate", "alerts", "sources", "serve"} <= set(command_names())


@pytest.mark.parametrize("name", command_names())
def test_each_command_is_in_the_readme_commands_table(name: str) -> None:
    commands_section = README.split("## Commands", 1)[1].split("\n## ", 1)[0]
    assert f"| `dealwatch {name}" in commands_section, f"README's Commands table has no row for `dealwatch {name}`"


@pytest.mark.parametrize("name", command_names())
def test_each_command_says_what_it_does(name: str) -> None:
    command = typer.main.get_command(app).commands[name]  # type: ignore[attr-defined]
    assert command.help and len(command.help.split()) >= 5, f"`dealwatch {name} --help` says too little"


def test_the_readme_starts_with_the_two_commands_and_ci_runs_the_second() -> None:
    first_block = re.search(r"```\n(.*?)\n```", README, re.DOTALL)
    assert first_block is not None and README.index("```") < README.index("\n## ")
    install_and_run, install_and_test = first_block.group(1).splitlines()
    assert install_and_run.endswith("&& dealwatch run")
    assert install_and_test.endswith("&& python -m pytest")
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    locked_install = '-c constraints.txt -e ".[test]"'
    assert f"pip install --quiet {locked_install}" in ci
    assert locked_install in install_and_test
    assert "python -m pytest" in ci
