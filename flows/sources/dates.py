"""Which publication dates to believe: feeds and pages carry garbage, epoch and far-future dates."""

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
