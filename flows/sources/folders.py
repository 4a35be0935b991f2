"""Folder sources: the article files of a directory (seed text formats, .md, .html) as articles to load."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from extractors.languages import identify_language
from flows.config import Source
from flows.sources.files import ARTICLE_SUFFIXES, read_saved_page
from flows.sources.pages import NotAnArticle
from flows.sources.problems import Problem
from flows.sources.urls import canonical_url
from warehouse.records import ArticleRecord


class FolderUnavailable(OSError):
    """A folder source's folder is not there (an unmounted share, a moved folder): that source fails alone."""


@dataclass(frozen=True)
class FolderReading:
    """The articles read from one folder, and the files that could not be read, each with its reason."""

    articles: tuple[ArticleRecord, ...]
    problems: tuple[Problem, ...] = ()


def list_article_files(folder: Path) -> list[Path]:
    """The article files under `folder`, in name order; hidden files and folders are left out."""
    return sorted(
        path
        for path in folder.rglob("*")
        if path.is_file()
        and path.suffix.lower() in ARTICLE_SUFFIXES
        and not any(part.startswith(".") for part in path.relative_to(folder).parts)
    )


def read_folder(source: Source, fetched_at: dt.datetime) -> FolderReading:
    """Every article file of a folder source; a file that cannot be read is reported and the rest go on."""
    assert source.path is not None, "a folder source always has a path (flows.config checks it)"
    if not source.path.is_dir():
        # rglob on a missing folder finds nothing and says nothing: the source would look fine and empty.
        raise FolderUnavailable(f"folder {source.path} does not exist (not mounted, or moved?)")
    articles, problems = [], []
    for path in list_article_files(source.path):
        try:
            articles.append(read_article_record(path, source, fetched_at))
        except NotAnArticle as error:
            problems.append(Problem(where=str(path), reason=error.reason))
        except (OSError, ValueError) as error:
            problems.append(Problem(where=str(path), reason=str(error) or type(error).__name__))
    return FolderReading(articles=tuple(articles), problems=tuple(problems))


def read_article_record(path: Path, source: Source, fetched_at: dt.datetime) -> ArticleRecord:
    """One file as an article: its canonical URL is its `canonical` front matter, else its file: URL."""
    page = read_saved_page(path)
    article, site_name = page.article, page.outlet
    if not article.text.strip():
        raise ValueError("no article text in the file")
    url = canonical_file_url(article.url, path)
    return ArticleRecord(
        canonical_url=url,
        source_name=source.name,
        outlet=source.outlet or site_name or file_outlet(url, path),
        title=article.title,
        text=article.text,
        published_at=article.published_at,
        fetched_at=fetched_at,
        is_relevant=False,
        language=article.language or identify_language(article.text),
        file_name=path.name,
    )


def file_outlet(url: str, path: Path) -> str:
    """Who published a saved file that does not say: its canonical URL's host, else the file itself.

    A folder of clippings usually holds several outlets; one outlet per file keeps their figures comparable
    (the diff never compares an outlet with itself). `outlet = "..."` on the source overrides it.
    """
    host = urlsplit(url).hostname if url.startswith(("http://", "https://")) else None
    return host.removeprefix("www.") if host else path.name


def canonical_file_url(url: str, path: Path) -> str:
    """A web URL in canonical form, or the file's own `file:` URL (stable while the folder stays put)."""
    if url.lower().startswith(("http://", "https://")):
        return canonical_url(url)
    return path.resolve().as_uri()
