"""Which publication dates to believe, and how precisely: a time of day is kept, in UTC, when a source gives one."""

from __future__ import annotations

import datetime as dt

from warehouse.records import utc_now

# Before the web had news sites, a date is a parsing accident (1970 is the Unix epoch).
EARLIEST_PUBLICATION = dt.date(1995, 1, 1)
# A day ahead allows for time zones east of UTC; anything later is a typo or a scheduled post.
FUTURE_TOLERANCE = dt.timedelta(days=1)


def is_plausible_publication(day: dt.date, today: dt.date | None = None) -> bool:
    """A real publication day: from 1995 to tomorrow (UTC).

    >>> is_plausible_publication(dt.date(1970, 1, 1)), is_plausible_publication(dt.date(2025, 11, 19))
    (False, True)
    """
    today = today or utc_now().date()
    return EARLIEST_PUBLICATION <= day <= today + FUTURE_TOLERANCE


def parse_publication(text: str) -> dt.date | dt.datetime | None:
    """An ISO date or date-time: a time of day stays (in UTC), a bare date stays a date.

    A zone-less midnight is how htmldate writes a page that gives only a day, so it is a day too; a zone-less
    time of day is taken as UTC (the page says no better).

    >>> parse_publication("2025-11-20T09:15:00+0100"), parse_publication("2025-11-20T00:00:00")
    (datetime.datetime(2025, 11, 20, 8, 15, tzinfo=datetime.timezone.utc), datetime.date(2025, 11, 20))
    """
    try:
        moment = dt.datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    if moment.tzinfo is not None:
        return moment.astimezone(dt.UTC)
    return moment.date() if moment.time() == dt.time(0) else moment.replace(tzinfo=dt.UTC)


def day_of(moment: dt.date) -> dt.date:
    """The UTC day of a date or a zoned date-time."""
    if isinstance(moment, dt.datetime):
        return (moment.astimezone(dt.UTC) if moment.tzinfo else moment).date()
    return moment


def most_precise(page: dt.date | None, feed: dt.date | None) -> dt.date | None:
    """The page's publication date, with the feed's time of day when the page gives only that day.

    Pages often print only the day while their feed gives the minute; two reports of one day can then be put
    in order. A feed that names another day does not override the page.
    """
    if page is None:
        return feed
    if isinstance(page, dt.datetime) or not isinstance(feed, dt.datetime):
        return page
    return feed if day_of(feed) == page else page
