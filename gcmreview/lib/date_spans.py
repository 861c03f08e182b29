"""Dates as precise as their source and no more precise.

A roadmap says "July 2023" or "second half of 2024" as often as "3-4 July 2024". A
`DateSpan` keeps what was said: the first and last day the event may fall on, and the
precision of the statement. See docs/decisions/0002-date-precision.md.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from enum import StrEnum


class Precision(StrEnum):
    DAY = "day"
    DAYS = "days"
    MONTH = "month"
    QUARTER = "quarter"
    HALF = "half"
    YEAR = "year"


class DateSpanError(ValueError):
    """A date expression that is malformed or names a day that does not exist."""


@dataclass(frozen=True, order=False)
class DateSpan:
    start: dt.date
    end: dt.date
    precision: Precision

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise DateSpanError(f"ends ({self.end}) before it starts ({self.start})")

    # Sorting puts an event at the last day it may occupy; of two that may end on the
    # same day, the one known more precisely (the later start) comes first. So "July
    # 2023" comes after "31 July 2023" and "second half of 2024" after "October 2024",
    # as a reader of a roadmap expects, and no day is invented for either.
    @property
    def sort_key(self) -> tuple[dt.date, int]:
        return (self.end, -self.start.toordinal())

    @property
    def is_exact(self) -> bool:
        """True when the source named the day or days themselves."""
        return self.precision in (Precision.DAY, Precision.DAYS)

    @property
    def is_whole_months(self) -> bool:
        """A range from the first day of one month to the last day of a later one."""
        last = calendar.monthrange(self.end.year, self.end.month)[1]
        return (
            self.start.day == 1
            and self.end.day == last
            and (self.start.year, self.start.month) != (self.end.year, self.end.month)
        )

    def __str__(self) -> str:
        return to_expression(self)


_DAY = r"(\d{4})-(\d{2})-(\d{2})"
_MONTH = r"(\d{4})-(\d{2})"


def _day(y: str, m: str, d: str, text: str) -> dt.date:
    try:
        return dt.date(int(y), int(m), int(d))
    except ValueError:
        raise DateSpanError(f"impossible date '{text}'") from None


def _month_bounds(y: str, m: str, text: str) -> tuple[dt.date, dt.date]:
    year, month = int(y), int(m)
    if not 1 <= month <= 12 or year < 1:
        raise DateSpanError(f"impossible month '{text}'")
    return dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1])


def parse(text: str) -> DateSpan:
    """Read a date expression: 2024-07-02, 2024-07-03/2024-07-04, 2024-07, 2024-Q3,
    2024-H2 or 2024. A range may also join two months (2022-09/2024-05)."""
    if not isinstance(text, str):
        text = str(text)
    text = text.strip()
    if m := re.fullmatch(_DAY, text):
        day = _day(*m.groups(), text)
        return DateSpan(day, day, Precision.DAY)
    if m := re.fullmatch(f"{_DAY}/{_DAY}", text):
        start = _day(*m.groups()[:3], text)
        end = _day(*m.groups()[3:], text)
        if end < start:
            raise DateSpanError(f"range '{text}' ends before it starts")
        return DateSpan(start, end, Precision.DAY if start == end else Precision.DAYS)
    if m := re.fullmatch(f"{_MONTH}/{_MONTH}", text):
        start = _month_bounds(*m.groups()[:2], text)[0]
        end = _month_bounds(*m.groups()[2:], text)[1]
        if end < start:
            raise DateSpanError(f"range '{text}' ends before it starts")
        if start.replace(day=1) == end.replace(day=1):
            return DateSpan(start, end, Precision.MONTH)
        return DateSpan(start, end, Precision.DAYS)
    if m := re.fullmatch(_MONTH, text):
        return DateSpan(*_month_bounds(*m.groups(), text), Precision.MONTH)
    if m := re.fullmatch(r"(\d{4})-Q(\d)", text):
        year, quarter = int(m[1]), int(m[2])
        if not 1 <= quarter <= 4 or year < 1:
            raise DateSpanError(f"impossible quarter '{text}'")
        first = 3 * quarter - 2
        return DateSpan(
            dt.date(year, first, 1),
            _month_bounds(m[1], str(first + 2), text)[1],
            Precision.QUARTER,
        )
    if m := re.fullmatch(r"(\d{4})-H(\d)", text):
        year, half = int(m[1]), int(m[2])
        if half not in (1, 2) or year < 1:
            raise DateSpanError(f"impossible half-year '{text}'")
        return (
            DateSpan(dt.date(year, 1, 1), dt.date(year, 6, 30), Precision.HALF)
            if half == 1
            else DateSpan(dt.date(year, 7, 1), dt.date(year, 12, 31), Precision.HALF)
        )
    if re.fullmatch(r"\d{4}", text) and int(text) > 0:
        year = int(text)
        return DateSpan(dt.date(year, 1, 1), dt.date(year, 12, 31), Precision.YEAR)
    raise DateSpanError(
        f"'{text}' is not a date; write 2024-07-02, 2024-07-03/2024-07-04, 2024-07, "
        "2024-Q3, 2024-H2 or 2024"
    )


def to_expression(span: DateSpan) -> str:
    """The inverse of `parse`: parse(to_expression(s)) == s."""
    s, e = span.start, span.end
    match span.precision:
        case Precision.DAY:
            return s.isoformat()
        case Precision.DAYS:
            if span.is_whole_months:
                return f"{s.year:04d}-{s.month:02d}/{e.year:04d}-{e.month:02d}"
            return f"{s.isoformat()}/{e.isoformat()}"
        case Precision.MONTH:
            return f"{s.year:04d}-{s.month:02d}"
        case Precision.QUARTER:
            return f"{s.year:04d}-Q{(s.month + 2) // 3}"
        case Precision.HALF:
            return f"{s.year:04d}-H{1 if s.month == 1 else 2}"
        case Precision.YEAR:
            return f"{s.year:04d}"
    raise AssertionError(span.precision)
