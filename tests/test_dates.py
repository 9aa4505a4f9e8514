"""Comment times as pages print them, read into RFC 3339 for thread.json and `<time datetime>`."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from threadnote.dates import earliest_time, thread_times


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("2019-03-04T12:30:00Z", "2019-03-04T12:30:00Z"),
        ("2019-03-04 12:30:00", "2019-03-04T12:30:00Z"),
        ("2019-03-04T12:30:00+01:00", "2019-03-04T11:30:00Z"),
        ("2019-03-04", "2019-03-04T00:00:00Z"),
        ("Mon Mar 04, 2019 12:30 pm", "2019-03-04T12:30:00Z"),
        ("Monday March 04, 2019 @12:30AM", "2019-03-04T00:30:00Z"),
        ("Mar 4, 2019, 12:30:45 PM", "2019-03-04T12:30:45Z"),
        ("March 4th, 2019 at 1:05 p.m.", "2019-03-04T13:05:00Z"),
        ("4. März 2019, 12:30", "2019-03-04T12:30:00Z"),
        ("le 4 mars 2019 à 12h30", "2019-03-04T12:30:00Z"),
        ("4 de marzo de 2019 12:30", "2019-03-04T12:30:00Z"),
        ("2019/3/4(月) 12:30", "2019-03-04T12:30:00Z"),
        ("2019年3月4日 12時30分", "2019-03-04T12:30:00Z"),
        ("4.3.2019 12:30 UTC+2", "2019-03-04T10:30:00Z"),
        ("Mar 4, 2019 12:30 GMT-0500", "2019-03-04T17:30:00Z"),
        ("Mar 4, 2019 01:30 UTC+2", "2019-03-03T23:30:00Z"),
        ("13/03/2019", "2019-03-13T00:00:00Z"),
        ("8 years ago", None),
        ("3h", None),
        ("yesterday at 12:30", None),
        ("March 2019", None),
        ("29 Feb 2019", None),
        ("Mar 4, 2019 13:30 pm", None),
    ],
)
def test_a_written_time_is_read_as_its_moment_or_none(written: str, expected: str | None) -> None:
    assert thread_times([written]) == {written: expected}


def test_the_thread_tells_whether_a_date_is_day_or_month_first() -> None:
    assert thread_times(["04/03/2019", "13/03/2019"])["04/03/2019"] == "2019-03-04T00:00:00Z"
    assert thread_times(["04/03/2019", "03/13/2019"])["04/03/2019"] == "2019-04-03T00:00:00Z"
    # no number above 12: the reading in which the conversation lasts a week, not seven months
    week = [f"06-{day:02d}-2013, 10:18 PM" for day in (5, 6, 8, 12)]
    assert thread_times(week)[week[-1]] == "2013-06-12T22:18:00Z"
    assert thread_times(["04/03/2019"]) == {"04/03/2019": None}  # one date alone cannot tell
    assert thread_times(["04/03/2019", "13/03/2019", "03/14/2019"])["04/03/2019"] is None  # nor two shapes


def test_dates_whose_page_says_their_order_stand_beside_those_the_thread_orders() -> None:
    # the named months say nothing of the numbered dates' order, and are read whatever it is;
    # each distinct time is given once, those already in RFC 3339 first, the rest as met
    times = ["04/03/2019 10:00", "2 May 2019 at 10:00", "2019-03-01T08:00:00Z", "13/03/2019", "04/03/2019 10:00", "3h"]
    assert list(thread_times(times).items()) == [
        ("2019-03-01T08:00:00Z", "2019-03-01T08:00:00Z"),
        ("04/03/2019 10:00", "2019-03-04T10:00:00Z"),
        ("2 May 2019 at 10:00", "2019-05-02T10:00:00Z"),
        ("13/03/2019", "2019-03-13T00:00:00Z"),
        ("3h", None),
    ]
    assert thread_times(["04/03/2019 10:00", "2 May 2019 at 10:00"]) == {"04/03/2019 10:00": None, "2 May 2019 at 10:00": "2019-05-02T10:00:00Z"}


def test_the_earliest_moment_dates_a_thread() -> None:
    times = ["3 hours ago", "2 May 2020 at 10:00", None, "2020-05-01T09:00:00Z", "2020-05-01T12:00:00Z"]
    assert earliest_time(thread_times(times)) == "2020-05-01T09:00:00Z"
    assert earliest_time(thread_times(["yesterday", None])) is None
    # a zone moves a moment across midnight: the next day's time may be the earliest
    assert earliest_time(thread_times(["1 May 2020 23:30 UTC-2", "2 May 2020 00:30 UTC+14", "3 May 2020"])) == "2020-05-01T10:30:00Z"


moments = st.datetimes(min_value=datetime(1990, 1, 1), max_value=datetime(2040, 12, 31)).map(lambda m: m.replace(second=0, microsecond=0))
PRINTED = (
    lambda m: f"{m:%B} {m.day}, {m.year} at {m.hour % 12 or 12}:{m:%M} {m:%p}",
    lambda m: f"{m.day} {m:%b} {m.year}, {m:%H:%M}",
    lambda m: f"{m:%a %b %d, %Y} {m.hour % 12 or 12}:{m:%M} {m:%p}".lower(),
    lambda m: f"{m.day}.{m.month}.{m.year} {m:%H:%M}",
    lambda m: f"{m.year}/{m.month}/{m.day} {m:%H:%M}",
    lambda m: f"{m:%Y-%m-%d %H:%M}",
)


@given(moments, st.sampled_from(PRINTED))
def test_a_printed_moment_reads_back_as_itself(moment: datetime, printed: object) -> None:
    assert callable(printed)
    text = printed(moment)
    assert thread_times([text]) == {text: f"{moment:%Y-%m-%dT%H:%M:%S}Z"}


@given(moments, st.lists(st.integers(0, 60 * 24 * 20), min_size=1, max_size=8), st.booleans())
def test_slashed_dates_read_the_way_the_thread_was_printed(start: datetime, gaps: list[int], day_first: bool) -> None:
    """A thread printed day first or month first is read back as printed, or not at all: never the other way."""
    shown = [start + timedelta(minutes=sum(gaps[: k + 1])) for k in range(len(gaps))]
    texts = [f"{m:%d/%m/%Y %H:%M}" if day_first else f"{m:%m/%d/%Y %H:%M}" for m in shown]
    read = thread_times(texts)
    for text, moment in zip(texts, shown):
        assert read[text] in (None, moment.replace(tzinfo=UTC).strftime("%Y-%m-%dT%H:%M:%SZ"))
