"""The seeds: the extractor's score on seeds/gold.jsonl, the CLI's two outputs, and pages with no deal."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from extractors import extract
from extractors.evaluation import score
from flows.cli import app
from flows.sources.files import read_article_file

ROOT = Path(__file__).resolve().parents[2]
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))
GOLD = ROOT / "seeds" / "gold.jsonl"
runner = CliRunner()


def gold_rows() -> list[dict[str, object]]:
    return [json.loads(line) for line in GOLD.read_text(encoding="utf-8").splitlines() if line.strip()]


def predicted_rows() -> list[dict[str, object]]:
    return [{**fact.to_json(), "article": path.name} for path in SEEDS for fact in extract(read_article_file(path))]


def test_seed_score_meets_the_issue_bar() -> None:
    result = score(gold_rows(), predicted_rows())
    assert result.f1 >= 0.95, f"F1 {result.f1:.3f}; missed {result.misses}; wrong {result.wrong}"
    assert result.qualifier_accuracy >= 0.90


def test_extract_jsonl_gives_one_fact_per_line_with_its_article() -> None:
    result = runner.invoke(app, ["extract", *map(str, SEEDS), "--jsonl"])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert {row["article"] for row in rows} == {path.name for path in SEEDS}
    assert {"kind", "subject", "counterparty", "value", "unit", "qualifier", "evidence"} <= set(rows[0])


def test_extract_shows_each_fact_s_context_in_both_outputs() -> None:
    """as_of, status and basis (FACTS.md, context fields): keys of every --jsonl line, a column of the table."""
    lines = runner.invoke(app, ["extract", *map(str, SEEDS), "--jsonl"]).stdout.splitlines()
    rows = [json.loads(line) for line in lines]
    assert all({"as_of", "status", "basis"} <= set(row) for row in rows)
    assert {row["status"] for row in rows} <= {"announced", "talks", "reported"}
    table = runner.invoke(app, ["extract", str(SEEDS[0])], terminal_width=250).stdout
    assert "context" in table and "announced" in table


def test_the_shared_scorer_agrees_with_evaluate(shared_dir: Path, tmp_path: Path) -> None:
    extracted = runner.invoke(app, ["extract", *map(str, SEEDS), "--jsonl"])
    predicted = tmp_path / "predicted.jsonl"
    predicted.write_text(extracted.stdout, encoding="utf-8")
    scorer = subprocess.run([sys.executable, str(shared_dir / "tools" / "score_facts.py"), str(GOLD), str(predicted)],
                            capture_output=True, text=True, check=True)
    evaluated = runner.invoke(app, ["evaluate", str(GOLD), *map(str, SEEDS)])
    assert evaluated.exit_code == 0, evaluated.output
    assert scorer.stdout.splitlines()[-1] == evaluated.stdout.splitlines()[-1]
    assert scorer.stdout.splitlines()[-2] == evaluated.stdout.splitlines()[-2]


def test_evaluate_shows_errors_with_their_evidence(tmp_path: Path) -> None:
    gold = tmp_path / "gold.jsonl"
    wrong_value = {**gold_rows()[0], "value": 16e9}
    gold.write_text(json.dumps(wrong_value) + "\n", encoding="utf-8")
    result = runner.invoke(app, ["evaluate", str(gold), str(SEEDS[0]), "--show-errors"])
    assert "MISSED 000_1d47dec1d2c33ff5.txt investment Anthropic" in result.stdout
    assert "WRONG " in result.stdout and "15,000,000,000 USD" in result.stdout


def test_a_missing_file_is_named_and_exits_2(tmp_path: Path) -> None:
    result = runner.invoke(app, ["extract", str(tmp_path / "nowhere.txt")])
    assert result.exit_code == 2
    assert "nowhere.txt" in result.output


def test_a_bad_gold_line_is_named_and_exits_2(tmp_path: Path) -> None:
    gold = tmp_path / "gold.jsonl"
    gold.write_text('{"article": "a"}\nnot json\n', encoding="utf-8")
    result = runner.invoke(app, ["evaluate", str(gold), str(SEEDS[0])])
    assert result.exit_code == 2
    assert "gold.jsonl:2" in result.output


def test_an_article_about_no_deal_prints_no_fact(tmp_path: Path) -> None:
    article = tmp_path / "match.txt"
    article.write_text("Le PSG s'impose face à Marseille\n\nLe club a gagné 3-0 devant 47 000 spectateurs en 2025 ; "
                       "son budget atteint 800 millions d'euros.\n", encoding="utf-8")
    result = runner.invoke(app, ["extract", str(article), "--jsonl"])
    assert result.exit_code == 0 and result.stdout == ""
    table = runner.invoke(app, ["extract", str(article)])
    assert "0 facts" in table.stdout


def test_a_page_cut_mid_figure_prints_no_broken_figure(tmp_path: Path) -> None:
    article = tmp_path / "cut.txt"
    article.write_text("Corvid AI raises $13 billion\n\nCorvid AI raised $13 billion at a valuation of $183 bi",
                       encoding="utf-8")
    result = runner.invoke(app, ["extract", str(article), "--jsonl"])
    values = [json.loads(line)["value"] for line in result.stdout.splitlines()]
    assert values == [13_000_000_000]


@pytest.mark.parametrize("command", ["extract", "evaluate"])
def test_commands_explain_themselves(command: str) -> None:
    result = runner.invoke(app, [command, "--help"])
    assert result.exit_code == 0
    assert "FACTS.md" in result.stdout or "facts" in result.stdout
