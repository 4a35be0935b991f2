"""HTML pages into articles with trafilatura (never fetching): text, title, date, language, outlet."""

from __future__ import annotations

import codecs
import datetime as dt
import re
from dataclasses import dataclass
from urllib.parse import urlsplit

import lxml.etree
import trafilatura

from extractors.facts import Article
from extractors.languages import identify_language
from flows.config import FetchPolicy
from flows.sources.dates import day_of, is_plausible_publication, parse_publication
from flows.sources.http_client import Response, fetch
from flows.sources.urls import canonical_url

# htmldate's output with the time of day and the zone when the page gives them (a bare day comes as midnight).
DATE_FORMAT = "%Y-%m-%dT%H:%M:%S%z"
# trafilatura needs minutes on a 38 MB page and 9 s on 3.8 MB: larger pages are refused unread.
MAX_PAGE_BYTES = 3_000_000
# Shorter than this is a bot wall, a cookie notice or a teaser, not an article (a 403 page extracts as text).
MIN_TEXT_CHARS = 200
HTML_CONTENT_TYPES = ("text/html", "application/xhtml+xml", "text/plain", "application/xml", "text/xml")
# The charset a page declares in its first bytes (<meta charset> or http-equiv Content-Type).
META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([a-zA-Z0-9_.:-]+)""", re.IGNORECASE)
HEADER_CHARSET = re.compile(r"charset\s*=\s*[\"']?([a-zA-Z0-9_.:-]+)", re.IGNORECASE)
META_SCAN_BYTES = 4096
# "Headline | Outlet", "Headline - Outlet": the last separator splits off a possible site name.
TITLE_SUFFIX = re.compile(r"^(?P<head>.+)\s(?:\||-|–|—|::|·)\s(?P<tail>[^|–—·]+)$")
NON_WORD = re.compile(r"[\W_]+")
# Browsers read these labels as windows-1252 (WHATWG Encoding): it is a superset of both.
WINDOWS_1252_ALIASES = frozenset({"iso8859-1", "latin-1", "ascii"})
# Valid multi-byte characters per broken byte above which a page is taken as damaged UTF-8.
UTF8_DOMINANCE = 20
BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))


# What lxml (trafilatura's parser, installed with it) and trafilatura raise on markup they cannot handle.
EXTRACTION_ERRORS = (lxml.etree.Error, ValueError, TypeError, LookupError, RecursionError)


class NotAnArticle(Exception):
    """A page with no article in it: too big, an error page, too little text."""

    def __init__(self, url: str, reason: str) -> None:
        super().__init__(f"{url}: {reason}")
        self.url = url
        self.reason = reason


@dataclass(frozen=True)
class CleanedPage:
    """An article and the outlet that published it (site name, else the host without www.)."""

    article: Article
    outlet: str


def fetch_page(url: str, policy: FetchPolicy) -> CleanedPage:
    """Fetch a page (error statuses raise FetchError) and clean it into an article."""
    response = fetch_html(url, policy)
    return clean_page(response.body, response.url, max_bytes=cleaning_cap(policy),
                      content_type=response.headers.get("content-type", ""))


def fetch_html(url: str, policy: FetchPolicy) -> Response:
    """A page's bytes, refused at once (NotAnArticle) when the server says it is not a web page."""
    response = fetch(url, policy)
    content_type = response.headers.get("content-type", "")
    if content_type and not content_type.lower().startswith(HTML_CONTENT_TYPES):
        raise NotAnArticle(response.url, f"not a web page ({content_type.split(';')[0]})")
    return response


def cleaning_cap(policy: FetchPolicy) -> int:
    """The largest page handed to trafilatura: the fetch cap, or less (see MAX_PAGE_BYTES)."""
    return min(policy.max_bytes, MAX_PAGE_BYTES)


def clean_html(html: bytes, url: str, *, max_bytes: int = MAX_PAGE_BYTES, content_type: str = "") -> Article:
    """The article in a page; NotAnArticle when the page is too big, empty, or too short to be one."""
    return clean_page(html, url, max_bytes=max_bytes, content_type=content_type).article


def clean_page(html: bytes, url: str, *, max_bytes: int = MAX_PAGE_BYTES,
               content_type: str = "") -> CleanedPage:
    """clean_html with the outlet kept beside the article."""
    if len(html) > max_bytes:
        raise NotAnArticle(url, f"page of {len(html)} bytes is over the {max_bytes} byte cap for extraction")
    document = extract_document(decode_page(html, content_type), url)
    text = (document.text or "").strip() if document else ""
    if document is None or len(text) < MIN_TEXT_CHARS:
        raise NotAnArticle(url, f"only {len(text)} characters of text (an article has {MIN_TEXT_CHARS}+)")
    title = strip_site_suffix((document.title or "").strip(), document.sitename or "", url)
    article = Article(title=title, text=without_title_line(text, title), url=article_url(url),
                      language=identify_language(text), published_at=plausible_date(document.date))
    return CleanedPage(article=article, outlet=outlet_name(document.sitename, url))


def extract_document(page: str, url: str) -> trafilatura.settings.Document | None:
    """trafilatura with metadata, without comments, and without its date search that invents dates."""
    try:
        return trafilatura.bare_extraction(
            page, url=url or None, with_metadata=True, include_comments=False,
            date_extraction_params={"extensive_search": False, "original_date": True,
                                    "outputformat": DATE_FORMAT})
    except EXTRACTION_ERRORS as exc:
        # One odd page must not stop a batch: it is reported like any other page without an article.
        raise NotAnArticle(url, f"extraction failed: {type(exc).__name__}: {exc}") from exc


def without_title_line(text: str, title: str) -> str:
    """The text without a first line repeating the title (the page's h1): the title is stored apart."""
    first, _newline, rest = text.partition("\n")
    return rest.lstrip() if title and first.strip() == title and len(rest) >= MIN_TEXT_CHARS else text


def strip_site_suffix(title: str, site_name: str, url: str) -> str:
    """"Headline | Outlet" -> "Headline" when the part after the last separator names the site."""
    match = TITLE_SUFFIX.match(title)
    if not match:
        return title
    tail = squeeze(match.group("tail"))
    names_site = tail == squeeze(site_name) or tail in squeeze(urlsplit(url).hostname or "")
    return match.group("head").strip() if tail and names_site else title


def squeeze(text: str) -> str:
    """Letters and digits only, lower-cased: "Börsen-Zeitung" and "boersen-zeitung.de" compare loosely."""
    return NON_WORD.sub("", text).lower()


def article_url(url: str) -> str:
    """Web addresses in canonical form; local file URIs (pages read from a folder) as they are."""
    return canonical_url(url) if url.startswith(("http://", "https://")) else url


def decode_page(html: bytes, content_type: str = "") -> str:
    """Text of a page: a byte-order mark, else (mostly) valid UTF-8, else the declared charset, else cp1252.

    UTF-8 goes first because bytes that decode as UTF-8 almost never are anything else, whatever a
    header says; a declared single-byte charset is trusted only when UTF-8 fails (the archive.org page
    declares UTF-8 over latin-1 bytes; winfuture and automobilwoche declare their single-byte charset).
    """
    for bom, encoding in BOMS:
        if html.startswith(bom):
            return html.decode(encoding, errors="replace")
    try:
        return html.decode("utf-8")
    except UnicodeDecodeError:
        pass
    if is_mostly_utf8(html):
        return html.decode("utf-8", errors="replace")
    for declared in declared_charsets(html, content_type):
        try:
            return html.decode(declared)
        except (UnicodeDecodeError, LookupError):
            continue
    return html.decode("windows-1252", errors="replace")


def is_mostly_utf8(html: bytes) -> bool:
    """UTF-8 with a few broken bytes (a truncated paste), not a single-byte page: valid sequences dominate."""
    decoded = html.decode("utf-8", errors="replace")
    broken = decoded.count("\ufffd")
    multibyte = sum(1 for char in decoded if char > "\x7f") - broken
    return multibyte >= UTF8_DOMINANCE * broken


def declared_charsets(html: bytes, content_type: str) -> list[str]:
    """Charsets named by the HTTP header then the page, as Python codecs, UTF-8 left out (tried first)."""
    names = [match.group(1) for match in HEADER_CHARSET.finditer(content_type)]
    names += [match.group(1).decode("ascii") for match in META_CHARSET.finditer(html[:META_SCAN_BYTES])]
    codecs_named = []
    for name in names:
        try:
            codec = codecs.lookup(name).name
        except LookupError:
            continue
        if codec != "utf-8":
            codecs_named.append("windows-1252" if codec in WINDOWS_1252_ALIASES else codec)
    return codecs_named


def plausible_date(value: str | None, today: dt.date | None = None) -> dt.date | None:
    """The page's publication date (with its time of day in UTC when the page gives one), when it is a real
    calendar date between 1995 and tomorrow."""
    moment = parse_publication(value) if value else None
    if moment is None or not is_plausible_publication(day_of(moment), today):
        return None
    return moment


def outlet_name(site_name: str | None, url: str) -> str:
    """The site's own name, else its host without a leading www."""
    if site_name and site_name.strip():
        return site_name.strip()
    host = (urlsplit(url).hostname or "").lower()
    return host.removeprefix("www.")
