"""The worker's records carry what the one writer would otherwise compute: the facts' keys, the text's signature."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

from gold_rows import SEEDS_DIR

from flows.pipeline.work import extract_record
from flows.sources.files import read_article_file
from warehouse.database import connect
from warehouse.load import load_facts
from warehouse.records import ArticleRecord, fact_id_of


def seed_record(path: Path) -> ArticleRecord:
    article = read_article_file(path)
    return ArticleRecord(article.url, "seeds", path.name, article.title, article.text, article.published_at,
                         dt.datetime(2026, 1, 1), is_relevant=False, language=article.language)


def test_the_keys_a_worker_makes_are_the_keys_the_load_makes_and_store_the_same_facts(tmp_path: Path) -> None:
    extracted = [extract_record(seed_record(path)) for path in sorted(SEEDS_DIR.glob("*.txt"))]
    assert sum(len(record.facts) for record in extracted) > 10
    for record in extracted:
        assert record.fact_ids == tuple(fact_id_of(record.article_id, fact) for fact in record.facts)
    stored = []
    for name, records in (("keyed", extracted), ("unkeyed", [dataclasses.replace(r, fact_ids=()) for r in extracted])):
        with connect(tmp_path / f"{name}.duckdb") as con:
            load_facts(con, records, "test", dt.datetime(2026, 1, 1))
            stored.append(con.execute("SELECT * FROM facts ORDER BY ALL").fetchall())
    assert stored[0] == stored[1]
