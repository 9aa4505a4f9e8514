"""Thread dates: which written dates the archive can file under a year and month, comment times
as pages print them turned into RFC 3339, and the earliest as a thread's date when nothing else
gives one."""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from itertools import pairwise

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


MONTHS = {
    word: number
    for names in (
        "january february march april may june july august september october november december",
        "jan feb mar apr may jun jul aug sep oct nov dec",
        "januar februar märz april mai juni juli august september oktober november dezember",
        "jänner feber mär mrz apr mai jun jul aug sept okt nov dez",
        "janvier février mars avril mai juin juillet août septembre octobre novembre décembre",
        "janv févr mars avr mai juin juil août sept oct nov déc",
        "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre",
        "ene feb mar abr may jun jul ago sept oct nov dic",
        "gennaio febbraio marzo aprile maggio giugno luglio agosto settembre ottobre novembre dicembre",
        "gen feb mar apr mag giu lug ago set ott nov dic",
        "janeiro fevereiro março abril maio junho julho agosto setembro outubro novembro dezembro",
        "jan fev mar abr mai jun jul ago set out nov dez",
        "januari februari maart april mei juni juli augustus september oktober november december",
        "jan feb mrt apr mei jun jul aug sep okt nov dec",
    )
    for number, word in enumerate(names.split(), 1)
}
"""Month names and their short forms in the languages of the pages read most, for turning a page's
date into numbers: locale data, like a calendar's, not a word list that decides what is chrome."""

_ISO = re.compile(r"^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2}(?::\d{2})?)(?:\.\d+)?)?\s*(Z|[+-]\d{2}:?\d{2})?$")
_RFC3339_UTC = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ")
_CLOCK = re.compile(
    r"(?<![\d:])(?P<hour>\d{1,2})[:h時](?P<minute>\d{2})(?!\d)(?::(?P<second>\d{2}))?(?:\.\d+)?分?"
    r"(?:\s*(?P<half>[aApP])\.?[mM]\.?(?![^\W\d_]))?"
)
_ZONE = re.compile(
    r"^[\s,()]*(?:(?P<utc>utc|gmt|z)\b\s*)?(?:(?P<sign>[+-])(?P<hours>\d{1,2})(?::?(?P<minutes>\d{2}))?)?",
    re.IGNORECASE,
)
_YEAR_FIRST = re.compile(r"(?<!\d)(?P<year>\d{4})\s*[-/.年년]\s*(?P<month>\d{1,2})\s*[-/.月월]\s*(?P<day>\d{1,2})(?!\d)")
_YEAR_LAST = re.compile(r"(?<![\d.])(?P<first>\d{1,2})\s*(?P<separator>[-/.])\s*(?P<second>\d{1,2})\s*(?P=separator)\s*(?P<year>\d{4})(?!\d)")
_TOKEN = re.compile(r"\d+|[^\W\d_]+")


@dataclass(frozen=True, slots=True)
class _Day:
    """A written date in numbers. `order` says which of `first` and `second` is the month: "md"
    when the page says so (a month's name, a year first), "dm" for dots (`4.3.2019` is day first
    wherever it is written), "?" when only the thread can tell (`04/03/2019`)."""

    year: int
    first: int
    second: int
    order: str

    def date(self, thread_order: str) -> datetime.date | None:
        """The date, in its page's order or, where the page does not say, in the thread's ("md",
        "dm"); None for an order not known or no such day."""
        order = thread_order if self.order == "?" else self.order
        if order == "?":
            return None
        month, day = (self.first, self.second) if order == "md" else (self.second, self.first)
        try:
            return datetime.date(self.year, month, day)
        except ValueError:
            return None


@dataclass(frozen=True, slots=True)
class _Reading:
    day: _Day
    clock: tuple[int, int, int]
    offset: int
    """Minutes east of UTC; a page that names no zone is taken as UTC, as exports without one are."""


def thread_times(written: Iterable[str | None]) -> dict[str, str | None]:
    """Each distinct time a thread's comments give, as RFC 3339 in UTC (`2019-03-04T12:30:00Z`),
    or None when it names no moment (`3 hours ago`, `March 2019`). Whether `04/03/2019` is the
    4th of March or the 3rd of April is told by the thread: one date with a first number above 12
    reads them all day first, one with a second number above 12 month first; with neither, the
    reading in which the thread spans fewer days; a thread whose dates cannot tell (both shapes,
    a tie) leaves them unread rather than guessed."""
    texts = [text for text in dict.fromkeys(written) if text]
    moments: dict[str, str | None] = {text: text for text in texts if _RFC3339_UTC.fullmatch(text)}
    days: dict[str, _Day | None] = {}  # a page prints many times on one day: each day is read once
    # a time whose page says its date's order is made a moment at once (a reading held for each
    # of 100,000 comments would keep the cycle collector busy); the others wait for the thread's
    unordered: dict[str, _Reading] = {}
    for text in texts:
        if text not in moments:
            reading = _reading(text, days)
            if reading is not None and reading.day.order == "?":
                unordered[text] = reading
            moments[text] = _moment(reading, "?")  # None until the thread's order is known
    order = _thread_order([reading.day for reading in unordered.values()])
    moments.update((text, _moment(reading, order)) for text, reading in unordered.items())
    return moments


def earliest_time(moments: Mapping[str, str | None]) -> str | None:
    """The earliest of a thread's comment times (`thread_times`) that names a moment; RFC 3339
    sorts as text."""
    return min((moment for moment in moments.values() if moment is not None), default=None)


def _thread_order(days: list[_Day]) -> str:
    """How the thread's dates whose page does not say are ordered (`days`, those alone): "md", "dm",
    or "?" for unread."""
    if not days:
        return "?"
    day_first = any(d.first > 12 for d in days)
    month_first = any(d.second > 12 for d in days)
    if day_first != month_first:
        return "dm" if day_first else "md"
    if day_first:
        return "?"  # both: the dates are not of one shape
    # no number above 12: the reading that keeps the conversation short (June 5 to 12, not May 6
    # to December 6) is the one the page meant; a tie, as with one date alone, stays unread
    spans = {order: _span(days, order) for order in ("md", "dm")}
    if spans["md"] == spans["dm"]:
        return "?"
    return min(spans, key=lambda order: spans[order])


def _span(days: list[_Day], order: str) -> float:
    """The days a thread's comments cover, read in this order, walking from each to the next
    (`days` are those whose page does not say their order)."""
    dates = [day.date(order) for day in days]
    if None in dates:
        return float("inf")
    ordinals = [date.toordinal() for date in dates if date is not None]
    return sum(abs(b - a) for a, b in pairwise(ordinals))


def _reading(text: str, days: dict[str, _Day | None]) -> _Reading | None:
    """The moment a written time names, its date, clock and zone; None for one that names no date.
    `days` keeps the dates read so far, by the words left once the clock is taken out: each time is
    read once, its clock found once (a thread of 100,000 comments gives nearly as many times)."""
    text = text.strip()
    if _ISO.match(text):
        return _read_iso(text)
    clock = _CLOCK.search(text)
    rest = text if clock is None else text[: clock.start()] + " " + text[clock.end():]
    if rest not in days:
        days[rest] = _read_day(rest)
    day = days[rest]
    if day is None:
        return None
    if clock is None:
        return _Reading(day, (0, 0, 0), 0)
    return _Reading(day, _clock(clock), _offset(text[clock.end():]))


def _read_day(text: str) -> _Day | None:
    if (found := _YEAR_FIRST.search(text)) is not None:
        return _Day(int(found["year"]), int(found["month"]), int(found["day"]), "md")
    if (found := _YEAR_LAST.search(text)) is not None:
        return _Day(int(found["year"]), int(found["first"]), int(found["second"]), "dm" if found["separator"] == "." else "?")
    return _read_words(text)


def _read_iso(text: str) -> _Reading | None:
    iso = iso_time(text)
    if iso is None:
        return None
    moment = datetime.datetime.fromisoformat(iso[:-1])
    return _Reading(_Day(moment.year, moment.month, moment.day, "md"), (moment.hour, moment.minute, moment.second), 0)


def _read_words(text: str) -> _Day | None:
    """`4 March 2019`, `March 4th, 2019`, `le 4 mars 2019`, `4. März 2019`: a month's name, a
    year of four digits and the day nearest the month."""
    tokens = _TOKEN.findall(text.lower())
    month_at = next((k for k, token in enumerate(tokens) if token in MONTHS), None)
    year = next((int(t) for t in tokens if len(t) == 4 and t.isdigit()), None)
    if month_at is None or year is None:
        return None
    days = [(abs(k - month_at), int(t)) for k, t in enumerate(tokens) if t.isdigit() and len(t) <= 2]
    if not days:
        return None
    return _Day(year, MONTHS[tokens[month_at]], min(days)[1], "md")


def _clock(found: re.Match[str]) -> tuple[int, int, int]:
    hour = int(found["hour"])
    if found["half"]:
        # 12 am is midnight, 12 pm noon; an hour past 12 with am/pm is no time
        hour = 99 if hour > 12 else hour % 12 + (12 if found["half"] in "pP" else 0)
    return hour, int(found["minute"]), int(found["second"] or 0)


def _offset(after_clock: str) -> int:
    found = _ZONE.match(after_clock)
    if found is None or found["sign"] is None or not (found["utc"] or found["minutes"]):
        return 0  # `UTC`, `GMT`, no zone; a sign alone (`12:30 - 3 replies`) is no offset
    minutes = int(found["hours"]) * 60 + int(found["minutes"] or 0)
    return -minutes if found["sign"] == "-" else minutes


def _moment(reading: _Reading | None, thread_order: str) -> str | None:
    if reading is None:
        return None
    date = reading.day.date(thread_order)
    hour, minute, second = reading.clock
    if date is None or hour > 23 or minute > 59 or second > 59:
        return None
    if reading.offset:  # most pages name no zone: their date and clock are UTC's already
        moment = datetime.datetime(date.year, date.month, date.day, hour, minute, second) - datetime.timedelta(minutes=reading.offset)
        date, hour, minute, second = moment.date(), moment.hour, moment.minute, moment.second
    return f"{date.isoformat()}T{hour:02d}:{minute:02d}:{second:02d}Z"


def iso_time(value: str | None) -> str | None:
    """RFC 3339 in UTC of an ISO 8601 date-time (`Z`, an offset, or none for UTC; a day alone is its
    midnight), or None."""
    found = _ISO.match((value or "").strip())
    if found is None:
        return None
    day, clock, zone = found.groups()
    clock = clock or "00:00"
    zone = (zone or "Z").replace("Z", "+00:00")
    if ":" not in zone:
        zone = zone[:3] + ":" + zone[3:]
    clock = clock if clock.count(":") == 2 else clock + ":00"
    try:
        moment = datetime.datetime.fromisoformat(f"{day}T{clock}{zone}").astimezone(datetime.UTC)
    except (ValueError, OverflowError):  # OverflowError: a time in year 1 or 9999 whose UTC is outside them
        return None
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")
