"""A batch the run could not load is kept whole in `<db>.pending/` and loaded, once, by the next run."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from pathlib import Path

import pytest

from extractors.facts import Article, Fact, Kind, Qualifier
from flows.unattended.spool import (
    Quarantined,
    count_pending,
    list_quarantined,
    load_pending,
    pending_dir,
    quarantine_dir,
    read_pending,
    write_pending,
)

FACT = Fact(
    kind=next(iter(Kind)), subject="Mistral AI", counterparty=None, value=Decimal("1700000000.50"),
    unit="EUR", qualifier=next(iter(Qualifier)), evidence="Mistral AI raised EUR 1.7 billion",
    evidence_start=4, evidence_end=37,
)
BATCH = {
    "articles": (Article(title="Mistral AI raises", text="body", url="https://example.org/a",
                         published_at=dt.date(2026, 3, 2)),),
    "facts": [FACT],
    "fetched_at": dt.datetime(2026, 3, 2, 8, 30, 15),
    "validators": {"etag": '"abc"', "last_modified": None},
    "hosts": frozenset({"example.org"}),
}


def test_a_batch_comes_back_equal_with_its_types(tmp_path: Path) -> None:
    db_path = tmp_path / "dealwatch.duckdb"
    write_pending(db_path, "run-1", BATCH)
    [pending] = read_pending(db_path)
    assert pending.run_id == "run-1"
    assert pending.batch == BATCH
    assert isinstance(pending.batch["facts"][0].value, Decimal)
    assert isinstance(pending.batch["facts"][0].kind, Kind)


def test_writing_leaves_one_file_named_after_the_run_and_no_temporary(tmp_path: Path) -> None:
    db_path = tmp_path / "dealwatch.duckdb"
    path = write_pending(db_path, "run-1", BATCH)
    assert path == tmp_path / "dealwatch.duckdb.pending" / "run-1.json"
    assert [p.name for p in pending_dir(db_path).iterdir()] == ["run-1.json"]


def test_a_write_interrupted_before_its_rename_is_not_read(tmp_path: Path) -> None:
    db_path = tmp_path / "dealwatch.duckdb"
    write_pending(db_path, "run-1", BATCH)
    (pending_dir(db_path) / ".run-2.json.tmp").write_text('{"run_id": "run-2", "bat', encoding="utf-8")
    assert [p.run_id for p in read_pending(db_path)] == ["run-1"]


def test_each_batch_is_loaded_then_its_file_deleted(tmp_path: Path) -> None:
    db_path = tmp_path / "dealwatch.duckdb"
    write_pending(db_path, "run-1", {"n": 1})
    write_pending(db_path, "run-2", {"n": 2})
    done = load_pending(db_path, lambda batch: batch["n"] * 10)
    assert sorted(done.loaded) == [("run-1", 10), ("run-2", 20)] and done.quarantined == ()
    assert count_pending(db_path) == 0


def test_a_batch_whose_load_fails_stays_for_the_next_run(tmp_path: Path) -> None:
    db_path = tmp_path / "dealwatch.duckdb"
    write_pending(db_path, "run-1", {"n": 1})

    def refuse(batch: object) -> None:
        raise RuntimeError("database still busy")

    with pytest.raises(RuntimeError):
        load_pending(db_path, refuse)
    assert count_pending(db_path) == 1


def test_a_file_naming_a_foreign_type_is_refused_not_imported(tmp_path: Path) -> None:
    db_path = tmp_path / "dealwatch.duckdb"
    path = write_pending(db_path, "run-1", {"n": 1})
    forged = {"run_id": "run-1", "batch": {"__pending__": "dataclass", "type": "subprocess.Popen",
                                           "fields": {"args": "true"}}}
    path.write_text(json.dumps(forged), encoding="utf-8")
    [set_aside] = read_pending(db_path)
    assert isinstance(set_aside, Quarantined) and "not one of dealwatch's own" in set_aside.reason
    assert set_aside.path == quarantine_dir(db_path) / "run-1.json" and not path.exists()


def test_the_quarantine_lists_each_file_with_its_reason(tmp_path: Path) -> None:
    db_path = tmp_path / "dealwatch.duckdb"
    write_pending(db_path, "run-1", {"n": 1}).write_text("[]", encoding="utf-8")
    list(read_pending(db_path))
    [listed] = list_quarantined(db_path)
    assert listed.path.name == "run-1.json" and listed.reason.startswith("TypeError")
    assert listed.describe().startswith("kept batch run-1.json cannot be loaded (TypeError")


def test_a_value_it_cannot_keep_is_refused_when_saving(tmp_path: Path) -> None:
    with pytest.raises(TypeError, match="cannot keep a object"):
        write_pending(tmp_path / "dealwatch.duckdb", "run-1", {"n": object()})
    assert count_pending(tmp_path / "dealwatch.duckdb") == 0


def test_a_batch_kept_before_the_records_moved_still_loads(tmp_path: Path) -> None:
    """Kept batches written when the record types lived in warehouse.load name them there."""
    from warehouse.records import RunRecord

    db_path = tmp_path / "dealwatch.duckdb"
    run = RunRecord("run-1", dt.datetime(2026, 3, 2, 8, 0), dt.datetime(2026, 3, 2, 8, 1))
    path = write_pending(db_path, "run-1", {"run": run})
    path.write_text(path.read_text(encoding="utf-8").replace("warehouse.records.", "warehouse.load."), encoding="utf-8")
    assert "warehouse.load.RunRecord" in path.read_text(encoding="utf-8")
    [pending] = read_pending(db_path)
    assert pending.batch == {"run": run}


def test_the_quarantine_keeps_a_name_taken_before(tmp_path: Path) -> None:
    db_path = tmp_path / "dw.duckdb"
    for _ in range(2):
        write_pending(db_path, "run-1", {"n": 1}).write_text("{", encoding="utf-8")
        [set_aside] = read_pending(db_path)
        assert isinstance(set_aside, Quarantined)
    assert sorted(p.name for p in quarantine_dir(db_path).glob("*.json")) == ["run-1.1.json", "run-1.json"]
    assert (quarantine_dir(db_path) / "run-1.1.reason.txt").read_text(encoding="utf-8").startswith("JSONDecodeError")
