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


_MONTH = r"(?P<month>jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?"
WRITTEN_DATES = (
    re.compile(rf"^(?P<day>\d{{1,2}}) {_MONTH},? (?P<year>\d{{4}})\b", re.IGNORECASE),
    re.compile(rf"^{_MONTH} (?P<day>\d{{1,2}}),? (?P<year>\d{{4}})\b", re.IGNORECASE),
)
"""Dates as comment pages print them, `12 March 2024 at 10:00` and `Mar 12, 2024, 10:00 AM`:
the shapes the scrape reader recognises as date lines."""
MONTH_NAMES = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")


def iso_date(written: str | None) -> str | None:
    """A comment time as ISO 8601: as it is when it is ISO already, the date alone when a page
    printed it in words; None when it says no date (`3 hours ago`)."""
    if not written:
        return None
    written = written.strip()
    if year_month(written) is not None:
        return written
    for shape in WRITTEN_DATES:
        found = shape.match(written)
        if found and 1 <= int(found["day"]) <= 31:
            month = MONTH_NAMES.index(found["month"].lower()) + 1
            return f"{found['year']}-{month:02d}-{int(found['day']):02d}"
    return None


def earliest_time(times: Iterable[str | None]) -> str | None:
    """The earliest comment time that names a date, as ISO 8601. ISO dates and times sort as
    text (a date before the times of its day), which is what is compared. Comments share their
    times (a page prints minutes): each distinct one is read as a date once."""
    dated = [d for d in map(iso_date, dict.fromkeys(times)) if d is not None]
    return min(dated) if dated else None
