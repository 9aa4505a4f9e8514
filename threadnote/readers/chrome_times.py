"""Which part of a chrome line is the comment's time: a date, a clock or an age, never a count."""

from __future__ import annotations

import re
from collections.abc import Sequence

from .chrome_tokens import DATE_PUNCTUATION, NUMBERS

_CLOCK = re.compile(r"\d:\d\d")
"""Hours and minutes, as every clock writes them (`07:37`, `7:37pm`)."""

Field = list[int]
"""The indices of a line's parts between two separators."""


def reads_like_a_time(field: Field, parts: Sequence[str], values: Sequence[Sequence[str]]) -> bool:
    """A date (two numbers or more), a number with its unit (`8y`, `3 hours`) or a clock on every
    line (`07:37`); a number alone (`#4`, `12`, `4, Interesting`) is a count or an ordinal.
    `values` holds what each part matched on the template's lines."""
    numbers = [i for i in field if parts[i] in NUMBERS]
    if len(numbers) != 1:
        return len(numbers) > 1
    number = numbers[0]
    if parts[number] == "0a" or (number + 1 in field and _is_word(parts[number + 1])):
        return True
    return _clocks(values[number])


def time_fields(fields: Sequence[Field], parts: Sequence[str], values: Sequence[Sequence[str]]) -> Field | None:
    """The last field that reads like a time, with the date before it when it is a clock alone
    (`2009/5/17(日) 07:37`, `May 17, 2009 @07:37AM`), or the clock alone before it when it is a
    date (`12:43 AM · Jul 20, 2011`): a date and its clock are one time."""
    timely = [k for k, field in enumerate(fields) if reads_like_a_time(field, parts, values)]
    if not timely:
        return None
    last = timely[-1]
    chosen = list(fields[last])
    for before in (last - 1, last - 2):  # the date, right before or past one field of words (a weekday)
        if before in timely and _count_numbers(fields[last], parts) == 1 and _count_numbers(fields[before], parts) > 1:
            if all(_count_numbers(fields[k], parts) == 0 for k in range(before + 1, last)):
                chosen = list(fields[before]) + chosen
            break
    if last - 1 in timely and _count_numbers(fields[last], parts) > 1 and _is_clock(fields[last - 1], parts, values):
        chosen = list(fields[last - 1]) + chosen  # the clock right before its date (`12:43 AM · Jul 20, 2011`)
    while chosen and parts[chosen[-1]] in DATE_PUNCTUATION:  # `on 2009-05-17:` ends at the date
        chosen.pop()
    return chosen


def _is_clock(field: Field, parts: Sequence[str], values: Sequence[Sequence[str]]) -> bool:
    """Whether a field is a clock alone: one number, a clock on every line (`12:43`, `12:43 AM`)."""
    numbers = [i for i in field if parts[i] in NUMBERS]
    return len(numbers) == 1 and _clocks(values[numbers[0]])


def _clocks(values: Sequence[str]) -> bool:
    """Whether a number's values are clocks, every one of them."""
    return bool(values) and all(_CLOCK.search(value) for value in values)


def _count_numbers(field: Field, parts: Sequence[str]) -> int:
    return sum(1 for i in field if parts[i] in NUMBERS)


def _is_word(part: str) -> bool:
    return part in ("", "word", "lone")  # a slot, a constant word among others, a constant word alone
