"""`dealwatch extract` and `dealwatch evaluate`: the extractor on local article files, and its score."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table

from extractors import extract as extract_facts
from extractors.evaluation import KindScore, Row, Score, score
from extractors.facts import Fact
from flows.exit_codes import stop
from flows.sources.files import read_article_file
from flows.sources.pages import NotAnArticle

EVIDENCE_CHARS = 120
PIPED_WIDTH = 180

FILES_HELP = "Article files: the seed text formats (.txt, .md) or saved web pages (.html)."


def extract(
    files: list[Path] = typer.Argument(..., help=FILES_HELP, show_default=False),
    jsonl: bool = typer.Option(False, "--jsonl", help="One JSON object per fact and line (FACTS.md fields + article)."),
) -> None:
    """Print the deal facts of article files: kind, parties, figure, qualifier and evidence.

    A readable table by default; with --jsonl, lines that `dealwatch evaluate` and
    ../shared/tools/score_facts.py read. A missing file stops with exit code 2.
    """
    rows = fact_rows(files)
    if jsonl:
        for row in rows:
            typer.echo(json.dumps(row, ensure_ascii=False))
        return
    print_facts_table(rows)


def evaluate(
    gold: Path = typer.Argument(..., help="Gold facts, one JSON object per line with an `article` file name.",
                                show_default=False),
    files: list[Path] = typer.Argument(..., help=FILES_HELP, show_default=False),
    show_errors: bool = typer.Option(False, "--show-errors",
                                     help="List each missed and each wrong fact with evidence."),
) -> None:
    """Score the extraction of FILES against GOLD with FACTS.md's matching rules.

    Prints precision, recall and F1 per kind and overall, and the qualifier accuracy over
    the matched facts. Only articles named in GOLD are scored.
    """
    gold_rows = read_gold(gold)
    result = score(gold_rows, fact_rows(files))
    print_score(result)
    if show_errors:
        print_errors(result)
    typer.echo(f"qualifier accuracy on matched facts: {result.qualifier_matches}/{result.total.tp}")
    typer.echo(f"F1={result.f1:.3f} precision={result.precision:.3f} recall={result.recall:.3f}")


def fact_rows(files: list[Path]) -> list[Row]:
    """Every fact of every file as a FACTS.md row with its `article` (the file's name)."""
    missing = [str(path) for path in files if not path.is_file()]
    if missing:
        stop("extract", f"no such article file: {', '.join(missing)}")
    rows: list[Row] = []
    for path in files:
        rows += [{**fact.to_json(), "article": path.name} for fact in facts_of(path)]
    return rows


def facts_of(path: Path) -> list[Fact]:
    """The facts of one file; a page that holds no article is reported and skipped."""
    try:
        return extract_facts(read_article_file(path))
    except NotAnArticle as error:
        typer.echo(f"{path}: skipped, {error.reason}", err=True)
        return []


def read_gold(path: Path) -> list[Row]:
    if not path.is_file():
        stop("evaluate", f"no such gold file: {path}")
    rows = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            rows.append(json.loads(line))
        except json.JSONDecodeError as error:
            stop("evaluate", f"{path}:{number}: not a JSON object ({error.msg})")
    return rows


def readable_value(row: Row) -> str:
    """30000000000 USD -> "30,000,000,000 USD"; 0.5 GW -> "0.5 GW"."""
    value = Decimal(str(row["value"]))
    return f"{value:,} {row['unit']}" if value == value.to_integral_value() else f"{value} {row['unit']}"


def print_facts_table(rows: list[Row]) -> None:
    table = Table(title=f"{len(rows)} facts", show_lines=False)
    for column in ("article", "kind", "subject", "counterparty", "value", "qualifier", "context", "evidence"):
        table.add_column(column, overflow="fold")
    for row in rows:
        table.add_row(str(row["article"]), str(row["kind"]), str(row["subject"]), str(row["counterparty"] or "-"),
                      readable_value(row), str(row["qualifier"]), describe_context(row), shorten(str(row["evidence"])))
    console = Console()
    # Piped output has no terminal width to follow: keep the table readable in a log or a file.
    (console if console.is_terminal else Console(width=PIPED_WIDTH)).print(table)


def describe_context(row: Row) -> str:
    """'announced' for today's news; else what sets the figure apart: "talks", "as of 2024-03", "pre-money"."""
    parts = [str(row["status"])]
    parts += [f"as of {row['as_of']}"] if row.get("as_of") else []
    parts += [f"{row['basis']}-money"] if row.get("basis") else []
    return ", ".join(parts)


def shorten(text: str) -> str:
    return text if len(text) <= EVIDENCE_CHARS else text[:EVIDENCE_CHARS - 1] + "…"


def print_score(result: Score) -> None:
    typer.echo(f"{'kind':<18}{'tp':>5}{'fp':>5}{'fn':>5}{'P':>8}{'R':>8}{'F1':>8}")
    for kind, counts in sorted(result.kinds.items()):
        typer.echo(score_line(kind, counts))
    typer.echo(score_line("all", result.total))


def score_line(label: str, counts: KindScore) -> str:
    return (f"{label:<18}{counts.tp:>5}{counts.fp:>5}{counts.fn:>5}"
            f"{counts.precision:>8.3f}{counts.recall:>8.3f}{counts.f1:>8.3f}")


def print_errors(result: Score) -> None:
    for label, rows in (("MISSED", result.misses), ("WRONG ", result.wrong)):
        for row in rows:
            typer.echo(f"{label} {row.get('article')} {row.get('kind')} {row.get('subject')} / "
                       f"{row.get('counterparty') or 'null'} {readable_value(row)} {row.get('qualifier')}"
                       f" | {shorten(str(row.get('evidence', '')))}")
