"""Prints what unattended runs cost: a kept batch written and read back, a delivery, a snapshot, a feed of dead
links run after run, and a query through `dealwatch sql`'s private copy."""

from __future__ import annotations

import datetime as dt
import tempfile
import threading
import time
from contextlib import contextmanager
from decimal import Decimal
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from extractors.facts import Fact, Kind, Qualifier
from flows.config import Config, FetchPolicy, Source
from flows.monitor import run_pipeline
from flows.pipeline.storing import deliver
from flows.unattended.snapshot import private_copy, publish_snapshot
from flows.unattended.spool import read_pending, write_pending
from warehouse.database import run_query
from warehouse.records import AlertSettings, ArticleRecord, Batch, RunRecord, SourceOutcome

AT = dt.datetime(2026, 3, 2, 8, 0)
DEAD_LINKS = 2000
# What a remote server's 404 costs in round trip; the client fetches 2 pages per host at a time.
DEAD_LINK_SECONDS = 0.02
TEXT = "Mistral AI a levé 1,7 milliard d'euros auprès d'ASML, qui prend 11 % du capital. " * 40


def article(number: int) -> ArticleRecord:
    # One deal per article: the diff step has nothing to compare, so this times the load itself.
    fact = Fact(Kind.INVESTMENT, f"Investor {number}", f"Lab {number}", Decimal(1_300_000_000), "EUR",
                Qualifier.EXACT, "ASML investit 1,3 milliard d'euros")
    return ArticleRecord(f"https://news.example/{number}", "wire", "news.example", f"Article {number}", TEXT,
                         None, AT, True, facts=(fact,) * 3)


def batch(run_id: str, articles: int, offset: int = 0) -> Batch:
    records = tuple(article(offset + n) for n in range(articles))
    source = SourceOutcome("wire", "rss", "https://news.example/feed", "ok", AT)
    return Batch(RunRecord(run_id, AT, AT), (source,), records)


def timed(label: str, function, *args, **kwargs) -> object:
    started = time.perf_counter()
    result = function(*args, **kwargs)
    print(f"{label:<52} {time.perf_counter() - started:8.3f} s")
    return result


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        db_path = Path(folder) / "dealwatch.duckdb"
        for articles in (600, 5000):
            kept = batch(f"kept-{articles}", articles)
            label = f"keep a batch of {articles} articles (3 facts each)"
            path = timed(label, write_pending, db_path, kept.run.run_id, kept)
            print(f"{'  its file':<52} {path.stat().st_size / 1e6:8.1f} MB")
            timed(f"read it back ({articles} articles)", lambda: list(read_pending(db_path)))
            path.unlink()
        for run in range(2):
            new = batch(f"run-{run}", 1000, offset=run * 1000)
            timed(f"deliver 1000 new articles (run {run + 1}, snapshot included)",
                  deliver, db_path, new, wait_seconds=0.0)
        print(f"{'  warehouse file':<52} {db_path.stat().st_size / 1e6:8.1f} MB")
        timed("publish the snapshot alone", publish_snapshot, db_path)
        kept = batch("kept-again", 1000, offset=5000)
        write_pending(db_path, kept.run.run_id, kept)
        timed("next run: load 1000 kept articles, then 1000 of its own", lambda: deliver(
            db_path, batch("run-after", 1000, offset=9000), wait_seconds=0.0))
        query_on_a_private_copy(db_path)
        dead_links(Path(folder))


class DeadLinks(BaseHTTPRequestHandler):
    """/feed.xml lists DEAD_LINKS pages; every page answers 404 after DEAD_LINK_SECONDS."""

    pages_asked = 0

    def do_GET(self) -> None:  # noqa: N802 (the standard library's name)
        if self.path == "/feed.xml":
            port = self.server.server_address[1]
            items = "".join(f"<item><title>{n}</title><link>http://127.0.0.1:{port}/gone/{n}</link></item>"
                            for n in range(DEAD_LINKS))
            self.answer(200, f'<?xml version="1.0"?><rss version="2.0"><channel>{items}</channel></rss>'.encode())
            return
        DeadLinks.pages_asked += 1
        time.sleep(DEAD_LINK_SECONDS)
        self.answer(404, b"gone")

    def answer(self, status: int, body: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        """Quiet."""


@contextmanager
def dead_link_server():
    server = ThreadingHTTPServer(("127.0.0.1", 0), DeadLinks)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield server.server_address[1]
    finally:
        server.shutdown()


def dead_links(folder: Path) -> None:
    """Two runs back to back on a feed of dead links: the second leaves them to their back-off."""
    with dead_link_server() as port:
        config = Config(sources=(Source("dead", "rss", url=f"http://127.0.0.1:{port}/feed.xml"),),
                        fetch=FetchPolicy(allow_hosts=frozenset({f"127.0.0.1:{port}"})),
                        db_path=folder / "dead.duckdb", alerts=AlertSettings())
        for run in ("first", "second"):
            asked = DeadLinks.pages_asked
            timed(f"{run} run on a feed of {DEAD_LINKS} dead links", run_pipeline, config)
            print(f"{'  pages fetched':<52} {DeadLinks.pages_asked - asked:8d}")


def query_on_a_private_copy(db_path: Path) -> None:
    """`dealwatch sql`'s overhead: copying the warehouse for the query, against the query itself."""
    query = "SELECT count(*) FROM articles"
    with private_copy(db_path) as copy:
        timed(f"the same query on its private copy ({db_path.stat().st_size / 1e6:.0f} MB, copy excluded)",
              run_query, copy.path, query, max_rows=10)
    timed("a private copy made, queried and deleted", lambda: query_through_a_copy(db_path, query))


def query_through_a_copy(db_path: Path, query: str) -> None:
    with private_copy(db_path) as copy:
        run_query(copy.path, query, max_rows=10)


if __name__ == "__main__":
    main()
