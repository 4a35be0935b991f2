"""A flow run against Prefect's test server publishes its summary, new alerts and disputed figures for the UI."""

from __future__ import annotations

import json
import time
from pathlib import Path
from uuid import UUID

import pytest
from conftest import ARTICLES
from prefect.client.orchestration import get_client
from prefect.client.schemas.filters import ArtifactFilter, ArtifactFilterFlowRunId, LogFilter, LogFilterFlowRunId
from prefect.logging.handlers import APILogHandler
from workspaces import make_workspace

from flows.monitor import monitor
from flows.report.artifacts import DISPUTED_KEY, SUMMARY_KEY

LOG_WAIT_SECONDS = 10


def artifacts_of(flow_run_id: UUID) -> dict[str, object]:
    with get_client(sync_client=True) as client:
        found = client.read_artifacts(
            artifact_filter=ArtifactFilter(flow_run_id=ArtifactFilterFlowRunId(any_=[flow_run_id]))
        )
    return {artifact.key: artifact for artifact in found}


def log_lines_of(flow_run_id: UUID, expected: str) -> list[str]:
    """The flow run's log messages, once `expected` is among them (the log handler ships them in batches)."""
    APILogHandler().flush()
    deadline = time.monotonic() + LOG_WAIT_SECONDS
    while True:
        with get_client(sync_client=True) as client:
            logs = client.read_logs(log_filter=LogFilter(flow_run_id=LogFilterFlowRunId(any_=[flow_run_id])))
        messages = [log.message for log in logs]
        if expected in messages or time.monotonic() > deadline:
            return messages
        time.sleep(0.2)


@pytest.mark.prefect
def test_a_flow_run_publishes_its_summary_alerts_and_disputed_figures(prefect_harness: None, tmp_path: Path) -> None:
    config = make_workspace(tmp_path, [ARTICLES / "ledger_nvidia_8bn.html", ARTICLES / "hostile_markup.html"])
    state = monitor(config_path=str(config), db_path=str(tmp_path / "w.duckdb"), return_state=True)
    summary = state.result()
    flow_run_id = state.state_details.flow_run_id
    assert flow_run_id is not None and summary.articles_new == 7

    artifacts = artifacts_of(flow_run_id)
    markdown = artifacts[SUMMARY_KEY].data
    assert artifacts[SUMMARY_KEY].type == "markdown"
    assert markdown.startswith("## dealwatch run\n\n- sources: 2 ok, 0 failed\n- ok seeds \\(folder\\)\n")
    assert "- articles: 7 new, 0 already seen; facts: 30 new; alerts: 6 new\n" in markdown
    assert "### New alerts\n\n- new alerts: 6\n- \\[conflict\\] Anthropic" in markdown
    ledger = "\n- \\[conflict\\] Anthropic ← Nvidia investment: 8 bn USD \\(Northwind Ledger, 2025\\-11\\-20\\)"
    assert ledger in markdown
    # The hostile outlet's name is in the alert lines: escaped, it stays text in the UI's markdown.
    assert "\\<img src=x onerror=" in markdown and "<img" not in markdown.replace("\\<img", "")

    table = artifacts[DISPUTED_KEY]
    assert table.type == "table"
    rows = {(row["deal"], row["figure"]): row["outlets"] for row in json.loads(table.data)}
    assert rows[("Anthropic ← Nvidia: investment", "8 bn USD")] == "Northwind Ledger"
    # Every seed that reports Nvidia's 10 bn (003 under its outlet's name) stands against the ledger's 8 bn.
    assert rows[("Anthropic ← Nvidia: investment", "10 bn USD")] == (
        "000_1d47dec1d2c33ff5.txt, 001_dd43606ce86874cc.txt, 002_3e778302757a9e98.txt, 004_3c70629ff31dc08d.txt, "
        "techradar.com"
    )
    # The seeds' 350 bn valuation is still sought (talks): the ledger's 300 bn revises it, a notice, no dispute.
    assert not any(deal == "Anthropic: valuation" for deal, _ in rows)

    summary_line = "articles: 7 new, 0 already seen; facts: 30 new; alerts: 6 new"
    messages = log_lines_of(flow_run_id, summary_line)
    assert summary_line in messages
    assert any(message.startswith("[conflict] Anthropic ← Nvidia investment: 8 bn USD") for message in messages)
