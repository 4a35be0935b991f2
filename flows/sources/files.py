"""Article files and pages into the one article shape the extractors read."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from extractors.facts import Article
from flows.sources.dates import parse_publication
from flows.sources.pages import CleanedPage, clean_page

# Navigation text that scrapers leave at the top of a saved page ("skip to content").
BOILERPLATE_LINES = frozenset({
    "aller au contenu principal", "aller au contenu", "skip to main content", "skip to content",
})
HTML_SUFFIXES = frozenset({".html", ".htm"})
# What a folder source reads: the seed text formats, markdown, and saved web pages.
ARTICLE_SUFFIXES = frozenset({".txt", ".md", *HTML_SUFFIXES})
TITLE_MAX_CHARS = 200
# "date 2025-11-19", or a month alone ("date 2025-11", as some saved pages give it: read as the month's first day).
DATE_LINE = re.compile(r"^\s*date\s+(\d{4}-\d{2})(-\d{2})?\s+")
FRONT_MATTER = re.compile(r"\A---\s*\n(.*?)\n---\s*\n", re.DOTALL)
FENCED_BODY = re.compile(r"^```[a-z]*\s*\n(.*?)\n```\s*$", re.DOTALL | re.MULTILINE)
MARKDOWN_LINK_LINE = re.compile(r"^\[[^\]]*\]\([^)]*\)\s*$")
MARKDOWN_EMPHASIS = re.compile(r"(\*\*|__)(.+?)\1")
SENTENCE_END = re.compile(r"(?<=[.!?…])\s")
# "Sat Nov 22 2025 19:38:25 GMT+0000 (Coordinated Universal Time)", as JavaScript prints dates.
JS_DATE = re.compile(r"^\w{3} (\w{3} \d{1,2} \d{4} \d{2}:\d{2}:\d{2}) GMT([+-]\d{4})")


def parse_text_article(raw: str, url: str = "") -> Article:
    """Parse one article file in the seed formats (date line, front matter, fenced markdown, title line).

    >>> parse_text_article(" date 2025-11-19 Nvidia investit. Suite.").published_at
    datetime.date(2025, 11, 19)
    >>> parse_text_article(" date 2025-11 Nvidia investit. Suite.").title
    'Nvidia investit.'
    """
    raw = raw.replace("\r\n", "\n").lstrip("\ufeff")
    meta, body = split_front_matter(raw)
    published = parse_published(meta.get("datePublished") or meta.get("date", ""))
    date_line = DATE_LINE.match(body)
    if date_line:
        published = published or dt.date.fromisoformat(date_line.group(1) + (date_line.group(2) or "-01"))
        body = body[date_line.end():]
    body = strip_markdown(unwrap_fence(body))
    lines = [line for line in body.split("\n") if line.strip().lower() not in BOILERPLATE_LINES]
    title = meta.get("title", "")
    if title:
        lines = drop_title_heading(lines, title)
    else:
        title, lines = take_title(lines)
    text = re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
    return Article(title=title, text=text, url=meta.get("canonical", url), published_at=published)


def split_front_matter(raw: str) -> tuple[dict[str, str], str]:
    """YAML-style `key: value` front matter (flat, as the seeds write it) and the rest."""
    match = FRONT_MATTER.match(raw)
    if not match:
        return {}, raw
    meta = {}
    for line in match.group(1).split("\n"):
        key, sep, value = line.partition(":")
        if sep and key.strip() and not key.startswith(" "):
            meta[key.strip()] = value.strip().strip('"').strip("'")
    return meta, raw[match.end():]


def parse_published(text: str) -> dt.date | None:
    """An ISO date or date-time (its time of day kept), or a JavaScript date string; None when unreadable."""
    text = text.strip()
    if not text:
        return None
    js = JS_DATE.match(text)
    if js:
        return dt.datetime.strptime(" ".join(js.groups()), "%b %d %Y %H:%M:%S %z")
    return parse_publication(text)


def unwrap_fence(body: str) -> str:
    """The content of a ```markdown fence when the body is one, keeping what follows it."""
    match = FENCED_BODY.search(body)
    if not match:
        return body
    return body[: match.start()] + match.group(1) + body[match.end():]


def strip_markdown(body: str) -> str:
    """Markdown markup off, so sentences read as text: headings, emphasis, link lines. A list item keeps one
    "- " bullet, as trafilatura writes the items of an HTML list: the extractor reads a list under its lead-in
    line the same way whether the page came as HTML or as a saved `.md` file."""
    lines = []
    for line in body.split("\n"):
        stripped = line.strip()
        if MARKDOWN_LINK_LINE.match(stripped) or stripped in {"---", "***"}:
            continue
        stripped = re.sub(r"^#{1,6}\s+", "", stripped)
        stripped = re.sub(r"^[-*+]\s+", "- ", stripped)
        lines.append(MARKDOWN_EMPHASIS.sub(r"\2", stripped))
    return "\n".join(lines)


def drop_title_heading(lines: list[str], title: str) -> list[str]:
    """Remove the first line that repeats the title (a markdown H1 under front matter)."""
    for index, line in enumerate(lines):
        if line.strip():
            return lines[index + 1:] if line.strip() == title.strip() else lines
    return lines


def take_title(lines: list[str]) -> tuple[str, list[str]]:
    """The title: a short first line that is not a sentence, else the first sentence (kept in the text)."""
    first_index = next((i for i, line in enumerate(lines) if line.strip()), None)
    if first_index is None:
        return "", []
    first = lines[first_index].strip()
    if len(first) <= TITLE_MAX_CHARS and not first.endswith((".", "!", "?", "…", ":")):
        return first, lines[first_index + 1:]
    sentence = SENTENCE_END.split(first, maxsplit=1)[0]
    if len(sentence) > TITLE_MAX_CHARS:
        sentence = sentence[:TITLE_MAX_CHARS].rsplit(" ", 1)[0] + "…"
    return sentence, lines[first_index:]


def read_article_file(path: Path) -> Article:
    """One local article file: the seed text formats, .md, or .html (cleaned like a fetched page)."""
    return read_saved_page(path).article


def read_saved_page(path: Path) -> CleanedPage:
    """An article file with its outlet: a saved page's site name, "" for text formats (they do not say)."""
    raw = path.read_bytes()
    url = path.resolve().as_uri()
    if is_html_file(path):
        return clean_page(raw, url)
    return CleanedPage(parse_text_article(raw.decode("utf-8", errors="replace"), url=url), outlet="")


def is_html_file(path: Path) -> bool:
    return path.suffix.lower() in HTML_SUFFIXES
