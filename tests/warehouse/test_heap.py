"""A batch is left out of the garbage collector's full passes while it is loaded and diffed, and only then."""

from __future__ import annotations

import datetime as dt
import gc
from pathlib import Path

import pytest
from gold_rows import seed_articles

from warehouse import diff as diff_module
from warehouse import load as load_module
from warehouse.database import connect, transaction
from warehouse.heap import batch_out_of_collection
from warehouse.records import AlertSettings, Batch, RunRecord

AT = dt.datetime(2026, 1, 1)


def test_objects_alive_on_entry_are_frozen_until_exit() -> None:
    before = gc.get_freeze_count()
    alive = [object()]
    with batch_out_of_collection():
        inside = gc.get_freeze_count()
    assert inside > before and alive
    assert gc.get_freeze_count() == before


def test_the_load_and_the_diff_run_with_the_batch_frozen(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    freeze_counts: dict[str, int] = {}

    def watched(module, name):
        real = getattr(module, name)

        def call(*args, **kwargs):
            freeze_counts[name] = gc.get_freeze_count()
            return real(*args, **kwargs)

        monkeypatch.setattr(module, name, call)

    watched(load_module, "load_facts")
    watched(diff_module, "judge")
    batch = Batch(RunRecord("run-1", AT, AT), articles=tuple(seed_articles()))
    before = gc.get_freeze_count()
    with connect(tmp_path / "w.duckdb") as con, transaction(con):
        loaded = load_module.load_batch(con, batch)
        diff_module.raise_alerts(con, loaded.new_article_ids, AlertSettings())

    assert freeze_counts["load_facts"] > before and freeze_counts["judge"] > before
    assert gc.get_freeze_count() == before
