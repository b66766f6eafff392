"""Partial dates and uncertain intervals.

Sources say "2017", "March 2021" or "24 April 2017". A `PartialDate` keeps the
precision and stands for the interval of days it could mean; it is never rounded
to the first of January. `held_at` compares such intervals and answers
`certain`, `possible` or `no`, so that queries can show their doubt.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass, field
from enum import Enum
from functools import lru_cache
from typing import Iterable

MIN_DAY = dt.date(1, 1, 1)
MAX_DAY = dt.date(9999, 12, 31)
_PATTERN = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


class Precision(str, Enum):
    YEAR = "year"
    MONTH = "month"
    DAY = "day"


class Certainty(str, Enum):
    """Tri-state answer to "did this hold at that time?"."""

    CERTAIN = "certain"
    POSSIBLE = "possible"
    NO = "no"


class DateError(ValueError):
    """A date string that is not YYYY, YYYY-MM or YYYY-MM-DD, or names no real day."""


@dataclass(frozen=True)
class PartialDate:
    year: int
    month: int | None = None
    day: int | None = None

    def __post_init__(self) -> None:
        if not 1 <= self.year <= 9999:
            raise DateError(f"year {self.year} is out of range 1-9999")
        if self.month is None and self.day is not None:
            raise DateError("a day needs a month")
        if self.month is not None and not 1 <= self.month <= 12:
            raise DateError(f"month {self.month} is not 1-12")
        if self.day is not None:
            assert self.month is not None
            last = calendar.monthrange(self.year, self.month)[1]
            if not 1 <= self.day <= last:
                raise DateError(f"{self.year:04d}-{self.month:02d} has no day {self.day}")

    @classmethod
    def parse(cls, value: object) -> "PartialDate":
        """Read `2017`, `2017-04`, `2017-04-24` (or a YAML date/int) into a PartialDate."""
        if isinstance(value, PartialDate):
            return value
        if isinstance(value, dt.datetime):
            value = value.date()
        if isinstance(value, dt.date):
            return cls(value.year, value.month, value.day)
        return _parse_text(str(value).strip())

    @property
    def precision(self) -> Precision:
        if self.day is not None:
            return Precision.DAY
        if self.month is not None:
            return Precision.MONTH
        return Precision.YEAR

    def first(self) -> dt.date:
        """The earliest day this date could mean."""
        return _first(self.year, self.month, self.day)

    def last(self) -> dt.date:
        """The latest day this date could mean."""
        return _last(self.year, self.month, self.day)

    def sort_key(self) -> tuple[dt.date, dt.date]:
        return (self.first(), self.last())

    def __lt__(self, other: "PartialDate") -> bool:
        return self.sort_key() < other.sort_key()

    def overlaps(self, other: "PartialDate") -> bool:
        return self.first() <= other.last() and other.first() <= self.last()

    def __str__(self) -> str:
        out = f"{self.year:04d}"
        if self.month is not None:
            out += f"-{self.month:02d}"
        if self.day is not None:
            out += f"-{self.day:02d}"
        return out


@lru_cache(maxsize=1 << 16)
def _first(year: int, month: int | None, day: int | None) -> dt.date:
    return dt.date(year, month or 1, day or 1)


@lru_cache(maxsize=1 << 16)
def _last(year: int, month: int | None, day: int | None) -> dt.date:
    if day is not None and month is not None:
        return dt.date(year, month, day)
    month = month or 12
    return dt.date(year, month, calendar.monthrange(year, month)[1])


@lru_cache(maxsize=1 << 16)
def _parse_text(text: str) -> PartialDate:
    """Dates repeat a great deal in bulk data; PartialDate is immutable, so parses are shared."""
    m = _PATTERN.match(text)
    if not m:
        raise DateError(f"{text!r} is not a date of the form YYYY, YYYY-MM or YYYY-MM-DD")
    y, mo, d = m.groups()
    return PartialDate(int(y), int(mo) if mo else None, int(d) if d else None)


def parse_optional(value: object) -> PartialDate | None:
    if value is None or value == "":
        return None
    return PartialDate.parse(value)


@dataclass(frozen=True)
class Window:
    """A closed interval of days [lo, hi]; the unit of every time comparison."""

    lo: dt.date
    hi: dt.date

    @classmethod
    def of(cls, start: PartialDate | None, end: PartialDate | None = None) -> "Window":
        """The days spanned from the earliest `start` to the latest `end` (end defaults to start)."""
        end = end or start
        return cls(start.first() if start else MIN_DAY, end.last() if end else MAX_DAY)

    def overlaps(self, other: "Window") -> bool:
        return self.lo <= other.hi and other.lo <= self.hi

    def covers(self, other: "Window") -> bool:
        return self.lo <= other.lo and other.hi <= self.hi

    @property
    def empty(self) -> bool:
        return self.lo > self.hi


@dataclass(frozen=True)
class Span:
    """When someone held a post, as far as the evidence goes.

    Policy: a tenure is *certain* only between its latest possible start and the
    later of its earliest possible end and its last dated sighting (`as_of`); an
    open end does not make a tenure certain for ever. It is *possible* from its
    earliest start (or, with no start, the day a predecessor was last seen in a
    single-holder post) to its latest end, or to the inferred end (a successor's
    start) when no end is known.
    """

    start: PartialDate | None = None
    end: PartialDate | None = None
    end_inferred: bool = False
    as_of: tuple[PartialDate, ...] = field(default_factory=tuple)
    not_before: PartialDate | None = None  # inferred: a predecessor was in post until then

    def possible(self) -> Window:
        lo = self.start.first() if self.start else (self.not_before.first() if self.not_before else MIN_DAY)
        hi = self.end.last() if self.end else MAX_DAY
        if self.as_of:
            lo = min(lo, min(a.first() for a in self.as_of))
            if self.end is None:
                hi = max(hi, max(a.last() for a in self.as_of))
        return Window(lo, hi)

    def certain(self) -> Window:
        froms = [self.start.last()] if self.start else []
        untils = [self.end.first()] if (self.end and not self.end_inferred) else []
        if self.as_of:
            froms.append(min(a.last() for a in self.as_of))
            untils.append(max(a.first() for a in self.as_of))
        if not froms or not untils:
            return Window(MAX_DAY, MIN_DAY)  # empty: nothing is certain
        return Window(min(froms), max(untils))


def held_at(span: Span, at: PartialDate | Window) -> Certainty:
    """Did the span hold over the whole of `at`? certain / possible / no."""
    window = at if isinstance(at, Window) else Window.of(at)
    if not span.possible().overlaps(window):
        return Certainty.NO
    cert = span.certain()
    if not cert.empty and cert.covers(window):
        return Certainty.CERTAIN
    return Certainty.POSSIBLE


def near(a: Iterable[PartialDate], b: Iterable[PartialDate], days: int = 100) -> bool:
    """Whether some date of `a` overlaps or starts within `days` of some date of `b`:
    two mentions of one inspection (its start, end and report are weeks apart)."""
    bs = list(b)
    return any(abs((x.first() - y.first()).days) <= days or x.overlaps(y) for x in a for y in bs)


def disagree(values: Iterable[PartialDate]) -> bool:
    """True when two of the dates cannot mean the same day (disjoint intervals)."""
    vals = list(values)
    return any(not a.overlaps(b) for i, a in enumerate(vals) for b in vals[i + 1 :])


def span_of_row(row: dict[str, object]) -> Span:
    """A tenure's span from a store row (start, end, end_inferred, as_of, not_before)."""
    as_of = row.get("as_of") or []
    return Span(parse_optional(row.get("start")), parse_optional(row.get("end")), bool(row.get("end_inferred")),
                tuple(sorted(PartialDate.parse(a) for a in as_of)),  # type: ignore[attr-defined]
                parse_optional(row.get("not_before")))
