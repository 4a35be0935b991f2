"""The report opened in a real headless Chromium, every request blocked: what the browser built from it."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest
from browser import open_page
from conftest import ARTICLES
from typer.testing import CliRunner
from workspaces import dealwatch, make_workspace

from flows.cli import app
from flows.config import load_config
from flows.monitor import run_pipeline

CONFLICTS_JS = """
[...document.querySelectorAll('article.conflict')].map(conflict => ({
    deal: conflict.dataset.deal,
    figures: [...conflict.querySelectorAll('.figure')].map(card => ({
        value: card.querySelector('.value').textContent,
        outlets: card.querySelector('.outlets').textContent.split(', '),
        reports: Number(card.querySelector('.report-count').textContent),
    })),
}))
"""
CHARTS_JS = """
[...document.querySelectorAll('section.subject')].flatMap(section =>
    [...section.querySelectorAll('figure.chart')].map(chart => [
        section.dataset.subject,
        chart.dataset.kind,
        chart.querySelectorAll('svg [aria-roledescription="point"]').length,
    ]))
"""
MARK_LABELS_JS = """
[...document.querySelectorAll('section.subject[data-subject="Anthropic"] figure.chart[data-kind="investment"] '
    + 'svg [aria-roledescription="point"]')].map(mark => mark.getAttribute('aria-label'))
"""
# The seeds that give Nvidia's 10 bn, "up to" or not (a seed's outlet is its file's name, or its canonical host).
SEED_OUTLETS = {
    "000_1d47dec1d2c33ff5.txt", "001_dd43606ce86874cc.txt", "002_3e778302757a9e98.txt", "004_3c70629ff31dc08d.txt",
    "techradar.com",
}


@pytest.fixture(scope="module")
def report_page(disagreeing_workspace: Path) -> Path:
    """`dealwatch report` run as a user would, in the workspace of the real run."""
    written = dealwatch("report", "--out", "report.html", cwd=disagreeing_workspace, timeout=120)
    assert written.returncode == 0, written.stderr
    assert written.stdout.startswith(f"report: {disagreeing_workspace / 'report.html'}"), written.stdout
    return disagreeing_workspace / "report.html"


def facts_per_chart(db: Path) -> list[tuple[str, str, int]]:
    """What the page should chart: one chart per company and kind, one mark per fact."""
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(
            "SELECT subject, kind, count(*) FROM article_facts GROUP BY subject, kind ORDER BY subject, kind"
        ).fetchall()


@pytest.mark.prefect
def test_the_page_shows_the_conflicts_and_a_chart_per_deal_offline(report_page: Path, chromium: str) -> None:
    with open_page(report_page, chromium) as visit:
        conflicts = visit.page.evaluate(CONFLICTS_JS)
        charts = visit.page.evaluate(CHARTS_JS)
        investment_marks = visit.page.evaluate(MARK_LABELS_JS)
        page_text = visit.page.inner_text("body")

    by_deal = {conflict["deal"]: conflict["figures"] for conflict in conflicts}
    assert set(by_deal) == {"Anthropic ← Nvidia: investment", "Anthropic: valuation"}
    nvidia = {figure["value"]: set(figure["outlets"]) for figure in by_deal["Anthropic ← Nvidia: investment"]}
    assert nvidia["8 bn USD"] == {"Northwind Ledger"}
    assert nvidia["12 bn USD"] == {"Le Courrier des Puces"}
    assert nvidia["10 bn USD"] == SEED_OUTLETS
    # Independent reports are counted by copy group: never more than the outlets, at least one.
    reports = {figure["value"]: figure["reports"] for figure in by_deal["Anthropic ← Nvidia: investment"]}
    assert reports["8 bn USD"] == 1
    assert all(1 <= figure["reports"] <= len(figure["outlets"]) for figures in by_deal.values() for figure in figures)
    valuation = {figure["value"]: set(figure["outlets"]) for figure in by_deal["Anthropic: valuation"]}
    assert valuation == {
        "300 bn USD": {"Northwind Ledger"},
        "350 bn USD": {"000_1d47dec1d2c33ff5.txt", "002_3e778302757a9e98.txt"},
        "380 bn USD": {"Le Courrier des Puces"},
    }

    assert sorted(map(tuple, charts)) == facts_per_chart(report_page.parent / "dealwatch.duckdb")
    assert "8 bn USD · Northwind Ledger · 2025-11-20" in investment_marks
    assert "12 bn USD · Le Courrier des Puces · 2025-11-21" in investment_marks
    assert "Built " in page_text and " UTC" in page_text

    assert visit.requests_beyond(report_page.as_uri()) == []
    assert visit.console_errors == [] and visit.page_errors == []


HOSTILE_TEXTS = (
    '<script>window.hacked = "title"</script> **Anthropic** [lire](javascript:window.hacked=\'link\')',
    "<img src=x onerror=\"window.hacked='outlet'\"> Le Piège | Hebdo",
    "</blockquote><svg onload=\"window.hacked='evidence'\">",
    "Anthropic : [le détail](javascript:window.hacked='md') du chèque de Microsoft <i>révisé</i>",
)
HOSTILE_URL = "https://piege.example/anthropic?ref=\"><script>window.hacked='url'</script>"
INJECTED_JS = """({
    hacked: window.hacked ?? null,
    elements: document.querySelectorAll(
        'script, img, iframe, object, embed, foreignObject, [onload], [onerror]').length,
    scriptLinks: [...document.querySelectorAll('a')].filter(a => !/^(https?:|#)/.test(a.getAttribute('href'))).length,
    hostileLink: [...document.querySelectorAll('a[href^="https://piege.example/"]')].map(
        a => [a.getAttribute('href'), a.textContent]),
})"""


def test_titles_outlets_and_evidence_from_feeds_show_as_text(tmp_path: Path, chromium: str) -> None:
    config = make_workspace(tmp_path, [ARTICLES / "hostile_markup.html", ARTICLES / "hostile_link.md"])
    summary = run_pipeline(load_config(config))
    conflicts = [line for line in summary.alert_lines if "[conflict]" in line]
    assert len(conflicts) == 2, "the hostile pages' 9 bn and 6 bn contradict the seeds' 10 bn and 5 bn"
    result = CliRunner().invoke(app, ["report", "--config", str(config), "--out", str(tmp_path / "page.html")])
    assert result.exit_code == 0, result.output

    with open_page(tmp_path / "page.html", chromium) as visit:
        injected = visit.page.evaluate(INJECTED_JS)
        page_text = visit.page.inner_text("body")
        chart_labels = " ".join(visit.page.evaluate(MARK_LABELS_JS))

    assert injected == {
        "hacked": None, "elements": 0, "scriptLinks": 0, "hostileLink": [[HOSTILE_URL, HOSTILE_TEXTS[3]]],
    }
    assert all(text in page_text for text in HOSTILE_TEXTS), page_text
    assert HOSTILE_TEXTS[1] in chart_labels
    assert visit.dialogs == [] and visit.page_errors == [] and visit.console_errors == []
    assert visit.requests_beyond((tmp_path / "page.html").as_uri()) == []
