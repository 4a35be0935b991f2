"""Bounded work per run: dead links are not fetched every run, and a kept batch's pages are not fetched again."""

from __future__ import annotations

from pathlib import Path

import duckdb
from holders import warehouse_held
from pytest_httpserver import HTTPServer
from typer.testing import CliRunner
from werkzeug import Request, Response

from flows.cli import app
from flows.config import load_config
from flows.monitor import run_pipeline
from warehouse.database import connect

ARTICLES = Path(__file__).resolve().parents[1] / "alerting" / "articles"
PAGES = ("gazette_nvidia_8bn", "hebdo_joint_20bn")
DEAD_LINKS = 200
ETAG = '"wire-v1"'


def feed(server: HTTPServer, links: list[str]) -> str:
    items = "".join(f"<item><title>{link}</title><link>{server.url_for(link)}</link></item>" for link in links)
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title>{items}</channel></rss>'


def with_etag(body: str):
    """The feed's ETag on each answer, and 304 when the request already has it."""
    def answer(request: Request) -> Response:
        if request.headers.get("If-None-Match") == ETAG:
            return Response(status=304, headers={"ETag": ETAG})
        return Response(body, content_type="application/rss+xml", headers={"ETag": ETAG})
    return answer


def write_config(folder: Path, server: HTTPServer) -> Path:
    path = folder / "dealwatch.toml"
    path.write_text(f'[fetch]\nallow_hosts = ["127.0.0.1:{server.port}"]\nmax_per_host = 8\n\n'
                    f'[[sources]]\nname = "wire"\ntype = "rss"\nurl = "{server.url_for("/feed.xml")}"\n',
                    encoding="utf-8")
    return path


def requests_for(server: HTTPServer, prefix: str) -> list[Request]:
    return [request for request, _ in server.log if request.path.startswith(prefix)]


def test_a_feed_of_dead_links_costs_one_attempt_per_link_per_back_off_not_per_run(
    wire: HTTPServer, tmp_path: Path,
) -> None:
    dead = [f"/gone/{number}" for number in range(DEAD_LINKS)]
    wire.expect_request("/feed.xml").respond_with_handler(with_etag(feed(wire, dead)))
    for link in dead:
        wire.expect_request(link).respond_with_data("gone", status=404)
    config, db_path = load_config(write_config(tmp_path, wire)), tmp_path / "dw.duckdb"

    first = run_pipeline(config, db_path)
    assert len(first.problems) == DEAD_LINKS and len(requests_for(wire, "/gone/")) == DEAD_LINKS
    second = run_pipeline(config, db_path)
    assert len(requests_for(wire, "/gone/")) == DEAD_LINKS, "a dead link was fetched again inside its back-off"
    assert second.problems == () and second.exit_code == 0
    assert second.left_alone[0].startswith(f"pages backing off: {DEAD_LINKS} failed page(s) left alone")
    # The feed is read in full meanwhile: with its ETag stored, a 304 would hide the links from the retries.
    assert requests_for(wire, "/feed.xml")[-1].headers.get("If-None-Match") is None

    with duckdb.connect(str(db_path)) as con:  # half an hour later
        con.execute("UPDATE page_failures SET next_attempt_at = next_attempt_at - INTERVAL 30 MINUTE")
    run_pipeline(config, db_path)
    assert len(requests_for(wire, "/gone/")) == 2 * DEAD_LINKS
    with duckdb.connect(str(db_path), read_only=True) as con:
        assert con.execute("SELECT DISTINCT consecutive_failures, datediff('minute', last_attempt_at, "
                           "next_attempt_at) FROM page_failures").fetchall() == [(2, 60)]


def test_while_the_file_is_held_a_kept_batch_s_pages_are_not_fetched_again(wire: HTTPServer, tmp_path: Path) -> None:
    links = [f"/articles/{page}" for page in PAGES]
    wire.expect_request("/feed.xml").respond_with_handler(with_etag(feed(wire, links)))
    for page in PAGES:
        wire.expect_request(f"/articles/{page}").respond_with_data(
            (ARTICLES / f"{page}.html").read_bytes(), content_type="text/html; charset=utf-8")
    config, db_path = load_config(write_config(tmp_path, wire)), tmp_path / "dw.duckdb"
    with connect(db_path):
        pass  # an empty warehouse, and no snapshot yet: each held run reads the feed in full

    with warehouse_held(db_path):
        kept = [run_pipeline(config, db_path) for _ in range(3)]
    assert [summary.exit_code for summary in kept] == [3, 3, 3]
    assert len(requests_for(wire, "/feed.xml")) == 3
    assert len(requests_for(wire, "/articles/")) == len(PAGES), "a kept page was fetched again"
    assert kept[1].left_alone == (f"already in kept batches: {len(PAGES)} article(s), not fetched again",)
    listing = CliRunner().invoke(app, ["sources", "--db", str(db_path)], env={"COLUMNS": "300"})
    assert f"3 kept batch(es) in {db_path}.pending, loaded by the next run that can" in listing.stdout

    loaded = run_pipeline(config, db_path)
    assert loaded.exit_code == 0 and len(loaded.delivery.earlier) == 3
    assert sum(result.articles_new for _, result in loaded.delivery.earlier) == len(PAGES)
    with duckdb.connect(str(db_path), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM articles").fetchone() == (len(PAGES),)
