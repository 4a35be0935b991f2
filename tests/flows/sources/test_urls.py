"""canonical_url and the address rules shared by the fetcher and the feed parser."""

from __future__ import annotations

import ipaddress

import pytest

from flows.sources.feeds import parse_feed
from flows.sources.urls import canonical_url, is_literal_private_host, is_public_address, is_web_url, literal_address

SAME_STORY = [
    "https://news.example/2026/03/deal",
    "HTTPS://News.Example:443/2026/03/deal/",
    "https://news.example/2026/03/deal#comments",
    "https://news.example/2026/03/deal?utm_source=rss&utm_medium=feed&utm_campaign=ai",
    "https://news.example/2026/03/deal?fbclid=IwAR0&gclid=x&mc_cid=1&mc_eid=2&igshid=3&ref_src=twsrc",
    "https://user:secret@news.example/2026/03/deal",
]


@pytest.mark.parametrize("variant", SAME_STORY)
def test_tracking_case_ports_fragments_and_slashes_do_not_make_a_new_article(variant):
    assert canonical_url(variant) == "https://news.example/2026/03/deal"


@pytest.mark.parametrize(("url", "expected"), [
    ("http://Example.com", "http://example.com/"),
    ("http://example.com:8080/a/?b=2&a=1&UTM_Term=x", "http://example.com:8080/a?a=1&b=2"),
    ("https://example.com:80/x", "https://example.com:80/x"),
    ("https://example.com/search?q=a%20b&page=2", "https://example.com/search?page=2&q=a%20b"),
    ("https://example.com/a?id=1&id=0", "https://example.com/a?id=0&id=1"),
    ("https://[2001:DB8::1]:443/x", "https://[2001:db8::1]/x"),
])
def test_canonical_url_keeps_what_identifies_the_document(url, expected):
    assert canonical_url(url) == expected


def test_canonical_url_is_idempotent():
    for url in SAME_STORY:
        assert canonical_url(canonical_url(url)) == canonical_url(url)


def test_the_duplicates_fixture_collapses_to_its_truly_different_urls(shared_dir):
    body = (shared_dir / "fixtures/feeds/synthetic/duplicates_tracking_params.rss").read_bytes()

    urls = [entry.url for entry in parse_feed(body, "https://news.example/feed").entries]

    # Exact repeat, utm_*, host case + :443 + slash, #fragment and fbclid/gclid all collapse into the first;
    # http, /amp/, a feed-proxy address and a new slug are other URLs (the same story, not the same page).
    assert urls == [
        "https://news.example/2026/03/acme-ai-raises-500m",
        "http://news.example/2026/03/acme-ai-raises-500m",
        "https://news.example/amp/2026/03/acme-ai-raises-500m",
        "https://feeds.example-proxy.test/~r/news/~3/XyZ/acme-ai-raises-500m",
        "https://news.example/2026/03/acme-ai-raises-500m-updated",
    ]


@pytest.mark.parametrize("host", ["127.0.0.1", "2130706433", "0x7f000001", "127.1", "0177.0.0.1", "[::1]",
                                  "[::ffff:127.0.0.1]", "10.1.2.3", "172.16.0.1", "192.168.1.1",
                                  "169.254.169.254", "100.64.0.1", "0.0.0.0", "224.0.0.1", "240.0.0.1",
                                  "[fe80::1]", "[fc00::1]", "[2002:7f00:1::]", "[64:ff9b::a00:1]",
                                  "localhost", "api.localhost"])
def test_non_public_hosts_are_recognised_without_dns(host):
    assert is_literal_private_host(host)


@pytest.mark.parametrize("host", ["8.8.8.8", "[2001:4860:4860::8888]", "news.example", "lemonde.fr"])
def test_public_or_named_hosts_are_not_flagged(host):
    assert not is_literal_private_host(host)


def test_literal_address_reads_legacy_ipv4_spellings():
    assert literal_address("0x7f000001") == ipaddress.IPv4Address("127.0.0.1")
    assert literal_address("2130706433") == ipaddress.IPv4Address("127.0.0.1")
    assert literal_address("news.example") is None
    assert is_public_address(ipaddress.ip_address("93.184.216.34"))


@pytest.mark.parametrize(("url", "ok"), [("https://a.example/x", True), ("http://a.example", True),
                                         ("file:///etc/passwd", False), ("javascript:alert(1)", False),
                                         ("ftp://a.example/", False), ("http://[::1", False),
                                         ("http://a.example:99999/", False), ("/relative", False)])
def test_is_web_url(url, ok):
    assert is_web_url(url) is ok
