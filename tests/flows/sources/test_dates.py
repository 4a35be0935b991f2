"""Publication dates: which to believe and how precisely (a day, or a time of day in UTC)."""

from __future__ import annotations

import datetime as dt

import pytest

from flows.sources.dates import most_precise, parse_publication
from flows.sources.files import parse_text_article

NINE_FIFTEEN = dt.datetime(2025, 11, 20, 9, 15, tzinfo=dt.UTC)


@pytest.mark.parametrize(("page", "feed", "expected"), [
    (dt.date(2025, 11, 20), NINE_FIFTEEN, NINE_FIFTEEN),  # the page's day, the feed's time of that day
    (dt.date(2025, 11, 19), NINE_FIFTEEN, dt.date(2025, 11, 19)),  # the feed names another day: the page wins
    (dt.datetime(2025, 11, 20, 7, tzinfo=dt.UTC), NINE_FIFTEEN, dt.datetime(2025, 11, 20, 7, tzinfo=dt.UTC)),
    (None, NINE_FIFTEEN, NINE_FIFTEEN),
    (dt.date(2025, 11, 20), None, dt.date(2025, 11, 20)),
])
def test_the_most_precise_publication_time_wins(page, feed, expected):
    assert most_precise(page, feed) == expected


def test_unreadable_dates_are_unknown():
    assert parse_publication("le 20 novembre") is None


def test_an_article_file_keeps_the_time_its_front_matter_gives():
    article = parse_text_article("---\ntitle: Orbis lève\ndate: 2025-11-20T10:45:00+01:00\n---\nOrbis lève 2 M€.\n")

    assert article.published_at == dt.datetime(2025, 11, 20, 9, 45, tzinfo=dt.UTC)
