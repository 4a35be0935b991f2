"""flows.sources.feeds: parsing RSS and Atom bytes, and fetching feeds from a real server on 127.0.0.1."""

from __future__ import annotations

import datetime as dt

import pytest
from servers import answer, policy_for, send, trickle_body

from flows.sources.feeds import FeedError, FeedResult, entry_date, fetch_feed, parse_feed
from flows.sources.http_client import FetchError

RSS = b"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Deals daily</title><link>https://deals.example/</link>
<description>test feed</description>
<item><title>Lumen Robotics l\xc3\xa8ve 40 M\xe2\x82\xac</title>
  <link>https://deals.example/lumen-robotics?utm_source=rss</link>
  <pubDate>Wed, 19 Nov 2025 09:30:00 +0100</pubDate>
  <description>&lt;p&gt;Une &lt;b&gt;s\xc3\xa9rie B&lt;/b&gt; men\xc3\xa9e par Orbit Capital.&lt;/p&gt;
  </description></item>
<item><title>Relative link</title><link>/2025/11/relative-story</link></item>
<item><title>Script link</title><link>javascript:alert(1)</link></item>
<item><title>Local file</title><link>file:///etc/passwd</link></item>
<item><title>Metadata service</title><link>http://169.254.169.254/latest/</link></item>
</channel></rss>"""

ATOM = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Atom deals</title><id>urn:x</id>
<updated>2025-11-18T10:00:00Z</updated>
<entry><title type="html">&lt;em&gt;Nordlys AI&lt;/em&gt; raises &amp;euro;12m</title>
  <id>https://atom.example/nordlys</id><updated>2025-11-18T10:00:00Z</updated>
  <summary>Seed round.</summary></entry>
<entry><title>Future dated</title><link href="https://atom.example/future"/>
  <updated>2099-01-01T00:00:00Z</updated></entry>
<entry><title>Ancient</title><link href="https://atom.example/ancient"/>
  <updated>1970-01-02T00:00:00Z</updated></entry>
</feed>"""


def test_rss_entries_come_with_canonical_urls_plain_text_and_utc_dates():
    result = parse_feed(RSS, "https://deals.example/feed.xml", {"content-type": "application/rss+xml"})

    first = result.entries[0]
    assert first.url == "https://deals.example/lumen-robotics"
    assert first.title == "Lumen Robotics lève 40 M€"
    assert first.published_at == dt.datetime(2025, 11, 19, 8, 30, tzinfo=dt.UTC)
    assert first.summary == "Une série B menée par Orbit Capital."


def test_relative_links_resolve_and_dangerous_ones_are_dropped():
    result = parse_feed(RSS, "https://deals.example/feed.xml")

    assert [entry.url for entry in result.entries] == ["https://deals.example/lumen-robotics",
                                                       "https://deals.example/2025/11/relative-story"]
    assert result.warning == "3 entries dropped (no http(s) link, a non-public host, or a repeat)"


def test_content_location_is_the_base_for_relative_links():
    headers = {"Content-Location": "https://deals.example/rss/"}
    result = parse_feed(RSS, "https://cdn.example/feed.xml", headers)

    assert result.entries[1].url == "https://deals.example/2025/11/relative-story"


def test_atom_html_titles_become_text_and_implausible_dates_become_unknown():
    result = parse_feed(ATOM, "https://atom.example/atom.xml", {"content-type": "application/atom+xml"})

    nordlys, future, ancient = result.entries
    assert (nordlys.url, nordlys.title) == ("https://atom.example/nordlys", "Nordlys AI raises €12m")
    assert nordlys.published_at == dt.datetime(2025, 11, 18, 10, tzinfo=dt.UTC)
    assert future.published_at is None and ancient.published_at is None


def test_a_date_a_few_hours_ahead_is_kept_as_clock_skew():
    now = dt.datetime(2025, 11, 18, 12, tzinfo=dt.UTC)
    skewed = (now + dt.timedelta(hours=3)).timetuple()

    assert entry_date({"published_parsed": skewed}, now=now) == now + dt.timedelta(hours=3)


def test_a_broken_document_with_no_usable_entry_is_a_feed_error_with_the_parser_reason():
    with pytest.raises(FeedError) as caught:
        parse_feed(b"<rss version='2.0'><channel><title>cut", "https://x.example/feed")

    assert caught.value.reason.startswith("not a feed: SAXParseException")
    assert caught.value.url == "https://x.example/feed"


def test_an_html_page_where_a_feed_was_expected_is_not_a_feed():
    page = b"<!doctype html><html><head><title>Just a moment...</title></head><body><p>Checking</body></html>"

    with pytest.raises(FeedError) as caught:
        parse_feed(page, "https://x.example/feed", {"content-type": "text/html"})

    assert caught.value.reason.startswith("not a feed:")


def test_a_broken_feed_that_still_has_entries_keeps_them_with_a_warning():
    broken = RSS.replace(b"</channel></rss>", b"<item><title>cut")

    result = parse_feed(broken, "https://deals.example/feed.xml")

    assert [entry.url for entry in result.entries][:1] == ["https://deals.example/lumen-robotics"]
    assert result.warning.startswith("feed read despite a problem, 2 entries kept (SAXParseException")


def test_an_empty_but_valid_feed_is_no_error():
    empty = b"<?xml version='1.0'?><rss version='2.0'><channel><title>t</title></channel></rss>"

    assert parse_feed(empty, "https://x.example/feed") == FeedResult(entries=(), warning=None)



def test_fetch_feed_then_an_unchanged_feed_costs_one_304(server):
    validators = {"ETag": 'W/"feed-7"', "Last-Modified": "Wed, 19 Nov 2025 08:00:00 GMT",
                  "Content-Type": "application/rss+xml; charset=utf-8"}

    def feed(request):
        unchanged = request.headers.get("If-Modified-Since") == validators["Last-Modified"]
        send(request, 304 if unchanged else 200, b"" if unchanged else RSS, validators)

    url = server.route("/feed.xml", feed)
    first = fetch_feed(url, policy_for(server))
    second = fetch_feed(url, policy_for(server), etag=first.etag, last_modified=first.last_modified)

    assert len(first.entries) == 2 and first.etag == 'W/"feed-7"'
    assert second == FeedResult(entries=(), etag='W/"feed-7"', last_modified=validators["Last-Modified"],
                                not_modified=True)
    assert server.requests[1][1]["if-none-match"] == 'W/"feed-7"'


def test_feed_entries_on_the_feeds_own_loopback_server_are_kept(server):
    url = server.route("/feed.xml", answer(200, RSS, {"Content-Type": "text/xml; charset=utf-8"}))

    result = fetch_feed(url, policy_for(server))

    assert result.entries[1].url == server.url("/2025/11/relative-story")


def test_failing_feeds_raise_clear_errors(server):
    policy = policy_for(server, deadline_seconds=1.5)
    failures = {
        server.route("/500", answer(500, b"oops")): (FetchError, "HTTP 500"),
        server.route("/malformed", answer(200, b"<rss><channel><item>", {"Content-Type": "text/xml"})):
            (FeedError, "not a feed: SAXParseException"),
        server.route("/slow", trickle_body()): (FetchError, "took longer than the 1.5 s deadline"),
        "http://feeds.no-such-host.invalid/rss": (FetchError, "unknown host feeds.no-such-host.invalid"),
    }
    for url, (error_type, reason) in failures.items():
        with pytest.raises(error_type) as caught:
            fetch_feed(url, policy)
        assert caught.value.reason.startswith(reason), url
