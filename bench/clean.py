"""Prints how long cleaning, feed parsing and a guarded fetch take (../shared fixtures, 127.0.0.1 only)."""

from __future__ import annotations

import statistics
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from flows.config import FetchPolicy
from flows.sources.feeds import FeedError, parse_feed
from flows.sources.http_client import fetch
from flows.sources.pages import NotAnArticle, clean_page

SHARED = Path(__file__).resolve().parents[2] / "shared" / "fixtures"
FETCHES = 200


def timed(function, *args) -> tuple[float, object]:
    started = time.perf_counter()
    try:
        result = function(*args)
    except (NotAnArticle, FeedError) as error:
        result = error
    return (time.perf_counter() - started) * 1000, result


def bench_pages() -> None:
    timings = []
    for path in sorted((SHARED / "html").glob("*.html")):
        elapsed, _ = timed(clean_page, path.read_bytes(), f"https://{path.stem}.example/")
        timings.append((elapsed, path.stem, path.stat().st_size))
    cold = timings[0][0]
    warm = [ms for ms, _, _ in timings[1:]]
    print(f"clean_page: {len(timings)} pages, first (cold) {cold:.0f} ms, "
          f"then median {statistics.median(warm):.0f} ms, max {max(warm):.0f} ms")
    for ms, name, size in sorted(timings, reverse=True)[:3]:
        print(f"  slowest: {name} ({size // 1024} KiB) {ms:.0f} ms")


def bench_feeds() -> None:
    paths = sorted(p for p in (SHARED / "feeds").rglob("*") if p.is_file())
    timings = sorted((timed(parse_feed, p.read_bytes(), "http://127.0.0.1/feed")[0], p.name) for p in paths)
    total = sum(ms for ms, _ in timings)
    slowest_ms, slowest = timings[-1]
    print(f"parse_feed: {len(paths)} feeds in {total:.0f} ms; slowest {slowest} {slowest_ms:.0f} ms")


class Quick(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_GET(self) -> None:  # noqa: N802
        body = b"<rss version='2.0'><channel><title>t</title></channel></rss>"
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args) -> None:
        """Quiet."""


def bench_fetch() -> None:
    server = ThreadingHTTPServer(("127.0.0.1", 0), Quick)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    port = server.server_address[1]
    policy = FetchPolicy(allow_hosts=frozenset({f"127.0.0.1:{port}"}))
    fetch(f"http://127.0.0.1:{port}/", policy)  # warm-up: SSL context, imports
    started = time.perf_counter()
    for _ in range(FETCHES):
        fetch(f"http://127.0.0.1:{port}/", policy)
    per_fetch = (time.perf_counter() - started) * 1000 / FETCHES
    server.shutdown()
    print(f"fetch: {per_fetch:.2f} ms per guarded GET on loopback (new client, watchdog, address checks)")


if __name__ == "__main__":
    if not SHARED.is_dir():
        sys.exit(f"{SHARED} is absent: the fixtures live beside the checkout")
    bench_pages()
    bench_feeds()
    bench_fetch()
