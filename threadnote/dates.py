"""Thread dates: which written dates the archive can file under a year and month, and the
earliest comment time as a thread's date when nothing else gives one."""

from __future__ import annotations

import re
from collections.abc import Iterable

ISO_DATE = re.compile(r"^(?P<year>\d{4})-(?P<month>\d{2})(?:-(?P<day>\d{2}))?(?=$|[T ]\d)")
"""An ISO 8601 date, or the date part of a date-time: `2019-03`, `2019-03-04`, `2019-03-04T12:30Z`."""


def year_month(date: str | None) -> tuple[int, int] | None:
    """The (year, month) an ISO 8601 date falls in; None for no date or one that is not ISO
    (`3 hours ago`, `March 2019`): such a thread is listed as undated, never guessed at."""
    found = ISO_DATE.match(date.strip()) if date else None
    if found is None:
        return None
    month = int(found["month"])
    return (int(found["year"]), month) if 1 <= month <= 12 else None


def earliest_time(times: Iterable[str | None]) -> str | None:
    """The earliest of the ISO 8601 comment times, as written; times a scrape printed in
    another form are skipped. ISO times of one form sort as text, which is what is compared."""
    dated = [t.strip() for t in times if t and year_month(t) is not None]
    return min(dated) if dated else None
