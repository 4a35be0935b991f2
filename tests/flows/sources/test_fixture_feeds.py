"""The 51 feeds of ../shared/fixtures/feeds, served from one 127.0.0.1 server and read with fetch_feed."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from servers import LocalServer, answer

from flows.config import FetchPolicy
from flows.sources.feeds import FeedError, FeedResult, fetch_feed
from flows.sources.urls import is_literal_private_host, url_host_key

# feedparser's harness sends these comment lines as response headers (see ../shared/fixtures/SOURCES.md).
HEADER_LINE = re.compile(r"^Header:\s*([\w-]+):\s*(.*?)\s*$", re.MULTILINE)
FEEDPARSER_DEFAULT_TYPE = "text/xml"
TYPES_BY_SUFFIX = {".rss": "application/rss+xml", ".atom": "application/atom+xml", ".html": "text/html",
                   ".xml": "application/xml"}

# What each feed gives, as measured: a number of entries, or the start of the FeedError reason.
# Zero-entry feeds are valid feeds with no items (feedparser's version tests) or items with no link.
OUTCOMES: dict[str, int | str] = {
    "feedparser__encoding__bozo_bogus_encoding.xml": 0,
    "feedparser__encoding__bozo_double-encoded-html.xml": "not a feed: SAXParseException",
    "feedparser__encoding__bozo_encoding_mismatch_crash.xml": "not a feed: CharacterEncodingOverride",
    "feedparser__encoding__bozo_http_text_plain.xml": "not a feed: NonXMLContentType",
    "feedparser__encoding__bozo_invalid-bytes-with-bom.xml": "not a feed: SAXParseException",
    "feedparser__encoding__bozo_linenoise.xml": "not a feed: CharacterEncodingOverride",
    "feedparser__encoding__utf-16le-bom.xml": "not a feed: SAXParseException",
    "feedparser__illformed__aaa_illformed.xml": "not a feed: SAXParseException",
    "feedparser__illformed__always_strip_doctype.xml": 0,
    "feedparser__illformed__chardet__shiftjis.xml": "not a feed: CharacterEncodingOverride",
    "feedparser__illformed__http_high_bit_date.xml": "not a feed: CharacterEncodingOverride",
    "feedparser__illformed__rss_empty_document.xml": "not a feed: SAXParseException",
    "feedparser__illformed__rss_incomplete_cdata.xml": "not a feed: SAXParseException",
    "feedparser__illformed__rss_item_link_corrupted_ampersands.xml": 1,
    "feedparser__illformed__undeclared_namespace.xml": "not a feed: SAXParseException",
    "feedparser__wellformed__atom10__atom10_version.xml": 0,
    "feedparser__wellformed__atom10__relative_uri_inherit.xml": 0,
    "feedparser__wellformed__atom__atom_namespace_1.xml": 0,
    "feedparser__wellformed__base__http_entry_link_base_content_location.xml": 1,
    "feedparser__wellformed__rdf__doctype_contains_entity_decl.xml": 0,
    "feedparser__wellformed__rdf__rss_version_10.xml": 0,
    "feedparser__wellformed__rss__rss_version_090.xml": 0,
    "feedparser__wellformed__rss__rss_version_091_netscape.xml": 0,
    "feedparser__wellformed__rss__rss_version_092.xml": 0,
    "feedparser__wellformed__rss__rss_version_20.xml": 0,
    "feedparser__wellformed__rss__rss_version_missing.xml": 0,
    "feedparser__wellformed__sanitize__entry_content_script.xml": 0,
    "feedparser__wellformed__sanitize__entry_title_crazy.xml": 0,
    "lemon24-reader__relative.atom": 1,
    "lemon24-reader__relative.rss": 1,
    # The miniflux encoding cases have entries without any link: nothing to fetch, so nothing kept.
    "miniflux__encoding__invalid-prolog.xml": "not a feed: CharacterEncodingOverride",
    "miniflux__encoding__utf8-incorrect-prolog.xml": 0,
    "miniflux__encoding__windows-1252-incorrect-prolog.xml": 0,
    "miniflux__parser__encoding_ISO-8859-1.xml": 40,
    "miniflux__parser__encoding_WINDOWS-1251.xml": 50,
    "miniflux__parser__large_atom.xml": 25,
    "miniflux__parser__large_rss.xml": 25,
    "miniflux__parser__no_encoding_ISO-8859-1.xml": 9,
    "miniflux__parser__rdf_UTF8.xml": 60,
    "miniflux__parser__small_atom.xml": 20,
    "miniflux__parser__urdu_UTF8.xml": 26,
    "synthetic/ai_deal_source_a.rss": 1,
    "synthetic/ai_deal_source_b.atom": 1,
    "synthetic/alert_injection_titles.rss": 10,
    "synthetic/billion_laughs.rss": 1,
    "synthetic/dates_missing_and_bad.rss": 11,
    "synthetic/duplicates_tracking_params.rss": 5,
    "synthetic/huge_entry_and_2000_items.rss": 2000,
    "synthetic/not_a_feed.html": "not a feed: SAXParseException",
    "synthetic/ssrf_and_scheme_links.rss": 2,
    "synthetic/xxe_file_entity.rss": 1,
}


def served_headers(name: str, body: bytes) -> dict[str, str]:
    """feedparser fixtures: their Header: lines, text/xml by default; others: a type from the suffix."""
    if Path(name).name.startswith("feedparser__"):
        comment = body[:1024].decode("latin-1")
        headers = {key: value for key, value in HEADER_LINE.findall(comment)}
        if not any(key.lower() == "content-type" for key in headers):
            headers["Content-Type"] = FEEDPARSER_DEFAULT_TYPE
        return headers
    return {"Content-Type": TYPES_BY_SUFFIX[Path(name).suffix]}


@pytest.fixture(scope="module")
def feed_server() -> LocalServer:
    return LocalServer()


@pytest.fixture(scope="module")
def fixture_results(shared_dir: Path, feed_server: LocalServer) -> dict[str, FeedResult | FeedError]:
    """Every fixture feed fetched once from one local server: a FeedResult or the FeedError it raised."""
    feeds_dir = shared_dir / "fixtures" / "feeds"
    server = feed_server
    urls = {}
    for path in sorted(p for p in feeds_dir.rglob("*") if p.is_file()):
        name = path.relative_to(feeds_dir).as_posix()
        body = path.read_bytes()
        urls[name] = server.route(f"/feeds/{name}", answer(200, body, served_headers(name, body)))
    policy = FetchPolicy(allow_hosts=frozenset({server.host_key}))
    with server.running():
        return {name: read_feed(url, policy) for name, url in urls.items()}


def read_feed(url: str, policy: FetchPolicy) -> FeedResult | FeedError:
    try:
        return fetch_feed(url, policy)
    except FeedError as error:
        return error


def test_all_51_fixture_feeds_are_served_and_accounted_for(fixture_results):
    assert sorted(fixture_results) == sorted(OUTCOMES)
    assert len(fixture_results) == 51


@pytest.mark.parametrize("name", sorted(OUTCOMES))
def test_each_feed_yields_entries_or_a_feed_error_with_a_reason(fixture_results, name):
    outcome, expected = fixture_results[name], OUTCOMES[name]

    if isinstance(expected, str):
        assert isinstance(outcome, FeedError) and outcome.reason.startswith(expected), outcome
    else:
        assert isinstance(outcome, FeedResult), outcome
        assert len(outcome.entries) == expected


def test_no_entry_points_at_a_file_or_a_private_address(fixture_results, feed_server):
    """Only links resolved against the feed's own (allowed) server may name 127.0.0.1."""
    for name, outcome in fixture_results.items():
        if isinstance(outcome, FeedError):
            continue
        for entry in outcome.entries:
            parts = urlsplit(entry.url)
            assert parts.scheme in {"http", "https"}, (name, entry.url)
            served_here = url_host_key(entry.url) == feed_server.host_key
            assert served_here or not is_literal_private_host(parts.hostname), (name, entry.url)


def test_dangerous_links_are_dropped_and_only_safe_ones_kept(fixture_results, feed_server):
    kept = [entry.url for entry in fixture_results["synthetic/ssrf_and_scheme_links.rss"].entries]

    assert kept == [feed_server.url("/news/2026/relative-article"), "http://evil.example/steal"]


def test_the_content_location_header_is_the_base_of_relative_links(fixture_results):
    result = fixture_results["feedparser__wellformed__base__http_entry_link_base_content_location.xml"]

    assert [entry.url for entry in result.entries] == ["http://example.com/relative/link"]


def test_hostile_titles_arrive_as_one_line_of_plain_text(fixture_results):
    titles = [entry.title for entry in fixture_results["synthetic/alert_injection_titles.rss"].entries]

    assert titles[0].startswith("<script>alert('xss')</script>")  # literal text: alerts escape per channel
    assert not any(re.search("[\r\n\u202a-\u202e\u2066-\u2069\x00-\x1f]", title) for title in titles)


def test_entities_are_never_expanded_from_files_or_recursively(fixture_results):
    for name in ("synthetic/xxe_file_entity.rss", "synthetic/billion_laughs.rss"):
        for entry in fixture_results[name].entries:
            assert "root:" not in entry.title + entry.summary
            assert len(entry.summary) < 100


def test_feed_dates_are_plausible_or_unknown(fixture_results):
    dates = [entry.published_at for entry in fixture_results["synthetic/dates_missing_and_bad.rss"].entries]

    known = [date for date in dates if date is not None]
    assert len(known) == 3 and all(1995 <= date.year <= 2026 for date in known)


def test_a_3_mb_entry_is_read_and_its_summary_capped(fixture_results):
    entries = fixture_results["synthetic/huge_entry_and_2000_items.rss"].entries

    assert len(entries) == 2000 and max(len(entry.summary) for entry in entries) == 2000


def test_truncated_feeds_never_crash_the_parser(shared_dir):
    """A connection cut mid-feed gives a FeedError or the entries read so far, never another exception."""
    from flows.sources.feeds import parse_feed

    outcomes = Counter()
    for path in sorted(p for p in (shared_dir / "fixtures" / "feeds").rglob("*") if p.is_file()):
        body = path.read_bytes()
        for cut in (1, 200, min(len(body) // 2, 20_000)):
            try:
                outcomes["entries" if parse_feed(body[:cut], "https://feeds.example/x").entries else "empty"] += 1
            except FeedError:
                outcomes["FeedError"] += 1
    assert sum(outcomes.values()) == 153 and outcomes["FeedError"] > 51
