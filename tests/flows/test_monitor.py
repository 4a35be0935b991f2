"""The pipeline end to end against a real HTTP server on 127.0.0.1: feeds, pages, failures, 304s."""

from __future__ import annotations

import datetime as dt
import html
import time
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from extractors.facts import Article
from flows.config import load_config
from flows.monitor import monitor, run_pipeline
from flows.pipeline import stages
from flows.pipeline.summary import RunSummary
from flows.sources.files import read_article_file

ROOT = Path(__file__).resolve().parents[2]
SEEDS = {path.stem[:3]: read_article_file(path) for path in sorted((ROOT / "seeds").glob("*.txt"))}
RSS_SEEDS = ("000", "001", "002")
ATOM_SEEDS = ("003", "004")
ETAG = '"rss-v1"'
LAST_MODIFIED = "Sat, 22 Nov 2025 20:00:00 GMT"
OUTLET = "Seed Wire"


def seed_page(article: Article) -> str:
    """A seed text as a plain news page: title, site name, date meta when the seed has a date, paragraphs."""
    date = (
        f'<meta property="article:published_time" content="{article.published_at.isoformat()}">'
        if article.published_at
        else ""
    )
    paragraphs = "".join(f"<p>{html.escape(line)}</p>" for line in article.text.split("\n") if line.strip())
    title = html.escape(article.title)
    return (
        f'<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>{title}</title>'
        f'<meta property="og:site_name" content="{OUTLET}">{date}</head>'
        f"<body><article><h1>{title}</h1>{paragraphs}</article></body></html>"
    )


def rss_feed(base: str, keys: tuple[str, ...]) -> str:
    items = "".join(
        f"<item><title>{html.escape(SEEDS[k].title)}</title><link>{base}/articles/{k}?utm_source=rss</link>"
        + (f"<pubDate>{rfc822(SEEDS[k].published_at)}</pubDate>" if SEEDS[k].published_at else "")
        + "</item>"
        for k in keys
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0">'
        f"<channel><title>Wire</title>{items}</channel></rss>"
    )


def atom_feed(base: str, keys: tuple[str, ...]) -> str:
    entries = "".join(
        f'<entry><title>{html.escape(SEEDS[k].title)}</title><link href="{base}/articles/{k}"/>'
        f"<id>{base}/articles/{k}</id>"
        + (
            f"<published>{SEEDS[k].published_at.isoformat()[:10]}T00:00:00Z</published>"
            if SEEDS[k].published_at
            else ""
        )
        + "</entry>"
        for k in keys
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
        f"<title>Atom wire</title><id>{base}/atom.xml</id>"
        f"<updated>2025-11-22T20:00:00Z</updated>{entries}</feed>"
    )


def rfc822(day: dt.date) -> str:
    return day.strftime("%a, %d %b %Y 00:00:00 +0000")


def conditional(body: str, content_type: str, *, etag: str | None = None, last_modified: str | None = None):
    """A handler answering 304 when the request carries the validator it was given."""

    def handle(request: Request) -> Response:
        validators = {"ETag": etag} if etag else {"Last-Modified": last_modified}
        if (etag and request.headers.get("If-None-Match") == etag) or (
            last_modified and request.headers.get("If-Modified-Since") == last_modified
        ):
            return Response(status=304, headers=validators)
        return Response(body, content_type=content_type, headers=validators)

    return handle


@pytest.fixture
def news_server() -> Iterator[HTTPServer]:
    """A threaded server (a slow feed must not hold up the others) serving the seed pages."""
    server = HTTPServer(host="127.0.0.1", port=0, threaded=True)
    server.start()
    base = server.url_for("").rstrip("/")
    for key, article in SEEDS.items():
        server.expect_request(f"/articles/{key}").respond_with_data(
            seed_page(article), content_type="text/html; charset=utf-8"
        )
    server.expect_request("/rss.xml").respond_with_handler(
        conditional(rss_feed(base, RSS_SEEDS), "application/rss+xml", etag=ETAG)
    )
    server.expect_request("/atom.xml").respond_with_handler(
        conditional(atom_feed(base, ATOM_SEEDS), "application/atom+xml", last_modified=LAST_MODIFIED)
    )
    yield server
    server.clear()
    server.stop()


def write_config(
    folder: Path, server: HTTPServer, feeds: dict[str, str], *, deadline_seconds: float = 10
) -> Path:
    sources = "".join(
        f'[[sources]]\nname = "{name}"\ntype = "rss"\nurl = "{server.url_for(path)}"\n\n'
        for name, path in feeds.items()
    )
    path = folder / "dealwatch.toml"
    path.write_text(
        f'[fetch]\nallow_hosts = ["127.0.0.1:{server.port}"]\ndeadline_seconds = {deadline_seconds}\n\n'
        f"{sources}",
        encoding="utf-8",
    )
    return path


def rows(db: Path, sql: str) -> list[tuple]:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(sql).fetchall()


def requests_to(server: HTTPServer, path: str) -> list[tuple[Request, Response]]:
    return [(request, response) for request, response in server.log if request.path == path]


@pytest.mark.prefect
def test_the_flow_loads_every_article_then_a_rerun_costs_two_304s(
    news_server: HTTPServer,
    tmp_path: Path,
    prefect_harness: None,
) -> None:
    config = write_config(tmp_path, news_server, {"wire": "/rss.xml", "atom-wire": "/atom.xml"})
    db = tmp_path / "w.duckdb"
    first = monitor(config_path=str(config), db_path=str(db))
    assert isinstance(first, RunSummary)
    assert (first.articles_new, first.articles_seen, first.exit_code) == (5, 0, 0)
    stored = rows(
        db,
        "SELECT canonical_url, source_name, outlet, title, CAST(published_at AS DATE), length(text), "
        "is_relevant FROM articles ORDER BY canonical_url",
    )
    base = news_server.url_for("").rstrip("/")
    assert [(url, source) for url, source, *_ in stored] == [
        (f"{base}/articles/{key}", "wire" if key in RSS_SEEDS else "atom-wire") for key in sorted(SEEDS)
    ]
    for (_, _, outlet, title, published, text_length, is_relevant), key in zip(
        stored, sorted(SEEDS), strict=True
    ):
        seed = SEEDS[key]
        assert (outlet, title, is_relevant) == (OUTLET, seed.title, True)
        assert published == (seed.published_at and dt.date.fromisoformat(seed.published_at.isoformat()[:10]))
        assert text_length > 1000
    before = {table: rows(db, f"SELECT * FROM {table} ORDER BY ALL") for table in ("articles", "facts")}
    log_length = len(news_server.log)

    second = monitor(config_path=str(config), db_path=str(db))
    assert (second.articles_new, second.facts_new) == (0, 0)
    assert [source.status for source in second.sources] == ["not_modified", "not_modified"]
    rss_request, rss_response = requests_to(news_server, "/rss.xml")[-1]
    atom_request, atom_response = requests_to(news_server, "/atom.xml")[-1]
    assert rss_request.headers.get("If-None-Match") == ETAG and rss_response.status_code == 304
    assert atom_request.headers.get("If-Modified-Since") == LAST_MODIFIED and atom_response.status_code == 304
    assert len(news_server.log) == log_length + 2  # the two feeds, no page
    assert {
        table: rows(db, f"SELECT * FROM {table} ORDER BY ALL") for table in ("articles", "facts")
    } == before
    assert rows(db, "SELECT count(*) FROM runs") == [(2,)]


def hang(seconds: float):
    def handle(request: Request) -> Response:
        time.sleep(seconds)
        return Response("<rss/>", content_type="application/rss+xml")

    return handle


@pytest.mark.prefect
def test_failing_feeds_are_recorded_on_their_source_and_the_rest_loads(
    news_server: HTTPServer,
    tmp_path: Path,
    prefect_harness: None,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Same retry policy, no waiting between attempts: the test checks what is retried, not the clock.
    monkeypatch.setattr(stages, "FEED_RETRY_DELAYS_SECONDS", [0, 0])
    news_server.expect_request("/error.xml").respond_with_data("boom", status=500)
    news_server.expect_request("/malformed.xml").respond_with_data(
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Half<item><title>cut</channel>',
        content_type="application/rss+xml",
    )
    news_server.expect_request("/slow.xml").respond_with_handler(hang(2.5))
    feeds = {"wire": "/rss.xml", "error": "/error.xml", "malformed": "/malformed.xml", "slow": "/slow.xml"}
    db = tmp_path / "w.duckdb"
    summary = monitor(
        config_path=str(write_config(tmp_path, news_server, feeds, deadline_seconds=1)), db_path=str(db)
    )

    assert {s.name: s.status for s in summary.sources} == {
        "wire": "ok",
        "error": "failed",
        "malformed": "failed",
        "slow": "failed",
    }
    assert (summary.articles_new, summary.exit_code) == (3, 1)
    health = {
        name: (status, error, failures)
        for name, status, error, failures in rows(
            db, "SELECT source_name, last_status, last_error, consecutive_failures FROM sources"
        )
    }
    assert health["wire"] == ("ok", None, 0)
    assert "500" in health["error"][1] and "not a feed" in health["malformed"][1]
    assert "deadline" in health["slow"][1] or "timed out" in health["slow"][1], health["slow"][1]
    assert all(failures == 1 for _, _, failures in (health[n] for n in ("error", "malformed", "slow")))
    # Transient failures (5xx, timeout) are retried, in the flow as in a plain run; a malformed feed is not.
    assert (len(requests_to(news_server, "/error.xml")), len(requests_to(news_server, "/malformed.xml"))) == (
        3,
        1,
    )
    assert rows(db, "SELECT status, sources_ok, sources_failed FROM runs") == [("partial", 1, 3)]


def test_a_page_that_fails_is_reported_skipped_and_fetched_again_after_its_back_off(
    news_server: HTTPServer,
    tmp_path: Path,
) -> None:
    base = news_server.url_for("").rstrip("/")
    feed = rss_feed(base, ("000",)).replace(
        "</channel>", f"<item><title>Gone</title><link>{base}/gone</link></item></channel>"
    )
    news_server.expect_request("/two.xml").respond_with_handler(
        conditional(feed, "application/rss+xml", etag=ETAG)
    )
    news_server.expect_oneshot_request("/gone").respond_with_data("no such page", status=404)
    news_server.expect_request("/gone").respond_with_data(seed_page(SEEDS["001"]), content_type="text/html")
    config = load_config(write_config(tmp_path, news_server, {"wire": "/two.xml"}))
    db = tmp_path / "w.duckdb"

    first = run_pipeline(config, db)
    assert first.articles_new == 1
    assert [(p.where, "404" in p.reason) for p in first.problems] == [(f"{base}/gone", True)]
    # Within its retry interval the page is left alone, and its feed keeps its old ETag meanwhile.
    waiting = run_pipeline(config, db)
    assert (waiting.articles_new, waiting.problems, len(requests_to(news_server, "/gone"))) == (0, (), 1)
    assert waiting.left_alone[0].startswith("pages backing off: 1 failed page(s) left alone")
    with duckdb.connect(str(db)) as con:  # half an hour passes
        con.execute("UPDATE page_failures SET next_attempt_at = next_attempt_at - INTERVAL 30 MINUTE")
    second = run_pipeline(config, db)
    # The feed's ETag was not kept, so the feed is read in full again and the missing page retried.
    assert requests_to(news_server, "/two.xml")[-1][0].headers.get("If-None-Match") is None
    assert (second.articles_new, second.articles_seen, second.problems) == (1, 1, ())
    assert rows(db, "SELECT count(*) FROM articles") == [(2,)]
    assert rows(db, "SELECT count(*) FROM page_failures") == [(0,)]


def test_the_default_run_loads_the_five_seeds_with_their_titles_and_dates(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(tmp_path)
    summary = run_pipeline(load_config(None))
    assert summary.db_path == tmp_path / "dealwatch.duckdb"
    assert (summary.articles_new, [s.name for s in summary.sources_ok]) == (5, ["seeds"])
    stored = rows(
        summary.db_path,
        "SELECT file_name, title, CAST(published_at AS DATE), outlet FROM articles ORDER BY file_name",
    )
    assert [(name[:3], published) for name, _, published, _ in stored] == [
        ("000", dt.date(2025, 11, 19)),
        ("001", dt.date(2025, 11, 18)),
        ("002", dt.date(2025, 11, 19)),
        ("003", dt.date(2025, 11, 22)),
        ("004", None),
    ]
    # Each saved file is its own outlet unless it names one (003's canonical URL is on techradar.com).
    assert [outlet for *_, outlet in stored] == [
        name if not name.startswith("003") else "techradar.com" for name, *_ in stored
    ]
    assert all(title for _, title, _, _ in stored)
    assert (
        stored[4][1]
        == "Microsoft s’allie à Anthropic : Claude arrive sur Foundry, Nvidia investit 10 milliards"
    )
    again = run_pipeline(load_config(None))
    assert (again.articles_new, again.articles_seen, again.facts_new) == (0, 5, 0)


def test_a_folder_file_that_cannot_be_read_is_reported_and_the_rest_load(tmp_path: Path) -> None:
    folder = tmp_path / "clippings"
    folder.mkdir()
    (folder / "deal.md").write_text(
        "---\ntitle: OpenAI lève 40 milliards\ndatePublished: 2025-03-31\n---\n"
        "OpenAI annonce une levée de 40 milliards de dollars menée par SoftBank.\n",
        encoding="utf-8",
    )
    (folder / "empty.txt").write_text("\n\n", encoding="utf-8")
    (folder / "teaser.html").write_text("<html><body><p>Abonnez-vous.</p></body></html>", encoding="utf-8")
    (folder / "notes.json").write_text("{}", encoding="utf-8")
    config_file = tmp_path / "dealwatch.toml"
    config_file.write_text(
        '[[sources]]\nname = "clips"\ntype = "folder"\npath = "clippings"\n', encoding="utf-8"
    )

    summary = run_pipeline(load_config(config_file), tmp_path / "w.duckdb")
    assert summary.articles_new == 1
    assert sorted((Path(p.where).name, p.reason.split(" ")[0]) for p in summary.problems) == [
        ("empty.txt", "no"),
        ("teaser.html", "only"),
    ]
    assert rows(tmp_path / "w.duckdb", "SELECT title, file_name, canonical_url FROM articles") == [
        ("OpenAI lève 40 milliards", "deal.md", (folder / "deal.md").resolve().as_uri())
    ]
