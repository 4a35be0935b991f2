"""RSS and Atom: fetched with http_client, parsed by feedparser from bytes only, links kept only when safe."""

from __future__ import annotations

import calendar
import datetime as dt
import html
import io
import re
from dataclasses import dataclass

import feedparser

from flows.config import FetchPolicy
from flows.sources.dates import is_plausible_publication
from flows.sources.http_client import fetch
from flows.sources.urls import canonical_url, is_literal_private_host, is_web_url, url_host_key

TAG = re.compile(r"<[^>]*>")
# C0/C1 controls and the bidi overrides that can make a title read differently from what it says.
INVISIBLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")
WHITESPACE = re.compile(r"\s+")
HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
SUMMARY_MAX_CHARS = 2000


@dataclass(frozen=True)
class FeedEntry:
    """One item of a feed: where the article is (canonical URL) and what the feed says of it."""

    url: str
    title: str
    published_at: dt.datetime | None
    summary: str


@dataclass(frozen=True)
class FeedResult:
    """A feed's usable entries and its validators for the next conditional GET."""

    entries: tuple[FeedEntry, ...] = ()
    etag: str | None = None
    last_modified: str | None = None
    not_modified: bool = False
    warning: str | None = None


class FeedError(Exception):
    """The document is not a feed, or nothing in it can be used."""

    def __init__(self, url: str, reason: str) -> None:
        super().__init__(f"{url}: {reason}")
        self.url = url
        self.reason = reason


def fetch_feed(url: str, policy: FetchPolicy, *, etag: str | None = None,
               last_modified: str | None = None) -> FeedResult:
    """Conditional GET of a feed; 304 gives `not_modified` with the validators that still hold."""
    response = fetch(url, policy, etag=etag, last_modified=last_modified)
    if response.status == 304:
        return FeedResult(etag=response.headers.get("etag", etag), not_modified=True,
                          last_modified=response.headers.get("last-modified", last_modified))
    return parse_feed(response.body, response.url, response.headers, allow_hosts=policy.allow_hosts)


def parse_feed(body: bytes, url: str, headers: dict[str, str] | None = None, *,
               allow_hosts: frozenset[str] = frozenset()) -> FeedResult:
    """Entries from feed bytes; FeedError when it is no feed or a broken one with nothing usable."""
    headers = {name.lower(): value for name, value in (headers or {}).items()}
    # Relative links resolve against Content-Location, else against where the feed was fetched.
    headers.setdefault("content-location", url)
    # No Content-Type says nothing: let the XML declaration decide the encoding, as for application/xml.
    headers.setdefault("content-type", "application/xml")
    parsed = feedparser.parse(io.BytesIO(body), response_headers=headers)
    trusted = allow_hosts | {url_host_key(url)}
    entries, dropped = usable_entries(parsed.entries, trusted)
    problem = broken_feed_reason(parsed)
    if problem and not entries:
        raise FeedError(url, f"not a feed: {problem}")
    return FeedResult(entries=entries, etag=headers.get("etag"), last_modified=headers.get("last-modified"),
                      warning=feed_warning(problem, len(entries), dropped))


def broken_feed_reason(parsed: feedparser.FeedParserDict) -> str | None:
    """Why the document is not a (clean) feed, or None when it is one."""
    if parsed.bozo:
        return f"{type(parsed.bozo_exception).__name__}: {parsed.bozo_exception}"
    if not parsed.version and not parsed.entries:
        return "no RSS or Atom root element"
    return None


def feed_warning(problem: str | None, kept: int, dropped: int) -> str | None:
    """What the run summary should say about a feed that was read, but not cleanly."""
    notes = []
    if problem:
        notes.append(f"feed read despite a problem, {kept} entries kept ({problem})")
    if dropped:
        notes.append(f"{dropped} entries dropped (no http(s) link, a non-public host, or a repeat)")
    return "; ".join(notes) or None


def usable_entries(raw_entries, trusted_hosts: frozenset[str]) -> tuple[tuple[FeedEntry, ...], int]:
    """Entries with a safe web link, one per canonical URL, and how many were dropped."""
    entries: dict[str, FeedEntry] = {}
    for raw in raw_entries:
        link = entry_link(raw)
        if link is None or not is_safe_link(link, trusted_hosts):
            continue
        url = canonical_url(link)
        entries.setdefault(url, FeedEntry(
            url=url, title=plain_text(raw.get("title_detail") or raw.get("title")),
            published_at=entry_date(raw),
            summary=plain_text(raw.get("summary_detail") or raw.get("summary"))[:SUMMARY_MAX_CHARS]))
    return tuple(entries.values()), len(raw_entries) - len(entries)


def entry_link(raw) -> str | None:
    """The article's address: the entry link, else an Atom id that is itself a web URL."""
    for candidate in (raw.get("link"), raw.get("id")):
        if candidate and is_web_url(candidate.strip()):
            return candidate.strip()
    return raw.get("link")


def is_safe_link(link: str, trusted_hosts: frozenset[str]) -> bool:
    """http(s) to a host that is not a literal private address, unless it is the feed's own or allowed."""
    if not is_web_url(link):
        return False
    try:
        key = url_host_key(link)
    except ValueError:
        return False  # an unreadable port
    host = key.rsplit(":", 1)[0]
    return key in trusted_hosts or not is_literal_private_host(host)


def plain_text(detail) -> str:
    """Title or summary as one line of plain text (feedparser keeps markup when the feed says it is HTML)."""
    if not detail:
        return ""
    if isinstance(detail, str):
        value, kind = detail, "text/plain"
    else:
        value, kind = detail.get("value", ""), detail.get("type", "text/plain")
    if kind in HTML_TYPES:
        value = html.unescape(TAG.sub(" ", value))
    return WHITESPACE.sub(" ", INVISIBLE.sub("", value)).strip()


def entry_date(raw, now: dt.datetime | None = None) -> dt.datetime | None:
    """Published (else updated) time in UTC; None when absent or implausible (before 1995, or future)."""
    parsed = raw.get("published_parsed") or raw.get("updated_parsed")
    if not parsed:
        return None
    when = dt.datetime.fromtimestamp(calendar.timegm(parsed), tz=dt.UTC)
    now = now or dt.datetime.now(dt.UTC)
    if not is_plausible_publication(when.date(), now.date()):
        return None
    return when
