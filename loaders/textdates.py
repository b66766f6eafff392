"""Date expressions in article text, resolved against the publication date.

"24 April", "March 2021", "between 14 September and 8 October", "18 months ago",
"last October", "today (February 1)": each becomes a `DateMention` with its
character span, the PartialDate(s) it means at the precision the text gives,
and a note saying how it was resolved. Without a publication date, relative
expressions stay unresolved and say so.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from graph.dates import DateError, PartialDate

MONTHS = {m.lower(): i for i, m in enumerate(calendar.month_name) if m}
MONTHS.update({m.lower(): i for i, m in enumerate(calendar.month_abbr) if m})
MONTHS["sept"] = 9
_MON = r"(?:January|February|March|April|May|June|July|August|September|October|November|December|" \
       r"Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?"
_DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
_YEAR = r"(?:19[5-9]\d|20\d\d)"
_NUM = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
        "ten": 10, "eleven": 11, "twelve": 12, "eighteen": 18, "a": 1, "an": 1}
_N = r"(?:\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|eighteen|a|an)"


@dataclass
class DateMention:
    start: int
    end: int
    text: str
    first: PartialDate | None
    last: PartialDate | None
    note: str = ""
    relative: bool = False
    month: int | None = None  # the month an unresolved mention names ("last September"), for later linking

    @property
    def resolved(self) -> bool:
        return self.first is not None


def _num(word: str) -> int:
    return int(word) if word.isdigit() else _NUM[word.lower()]


def _month(word: str) -> int:
    return MONTHS[word.lower().rstrip(".")]


def _day(word: str) -> int:
    return int(re.sub(r"\D", "", word))


def _safe(year: int, month: int | None = None, day: int | None = None) -> PartialDate | None:
    try:
        return PartialDate(year, month, day)
    except DateError:
        return None


def _shift_months(day: dt.date, months: int) -> tuple[int, int]:
    total = day.year * 12 + (day.month - 1) + months
    return total // 12, total % 12 + 1


def _year_for(month: int, day: int | None, pub: dt.date, future: bool) -> int:
    """The year that puts a bare month (and day) nearest the publication, leaning to the past."""
    if day is not None:
        candidates = [dt.date(y, month, min(day, calendar.monthrange(y, month)[1])) for y in
                      (pub.year - 1, pub.year, pub.year + 1)]
        return min(candidates, key=lambda c: abs((c - pub).days)).year
    if future:
        return pub.year if month >= pub.month else pub.year + 1
    return pub.year if month <= pub.month else pub.year - 1


_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("range_dm_dm_y", re.compile(rf"\bbetween (?:the )?(?P<d1>{_DAY}) (?P<m1>{_MON})(?: (?P<y1>{_YEAR}))? and (?:the )?"
                                 rf"(?P<d2>{_DAY}) (?P<m2>{_MON})(?:,? (?P<y2>{_YEAR}))?", re.I)),
    ("range_md_md_y", re.compile(rf"\bbetween (?P<m1>{_MON}) (?P<d1>{_DAY})(?:,? (?P<y1>{_YEAR}))? and "
                                 rf"(?P<m2>{_MON}) (?P<d2>{_DAY})(?:,? (?P<y2>{_YEAR}))?", re.I)),
    ("range_d_d_m_y", re.compile(rf"\b(?:between (?:the )?)?(?P<d1>{_DAY}) ?(?:-|–|and|to) ?(?:the )?(?P<d2>{_DAY}) "
                                 rf"(?P<m2>{_MON})(?:,? (?P<y2>{_YEAR}))?", re.I)),
    ("range_m_m_y", re.compile(rf"\b(?:between )?(?P<m1>{_MON}) (?:and|to|-|–) (?P<m2>{_MON})(?:,? (?P<y2>{_YEAR}))?",
                               re.I)),
    ("dmy", re.compile(rf"\b(?P<d>{_DAY}) (?:of )?(?P<m>{_MON}),? (?P<y>{_YEAR})\b", re.I)),
    ("mdy", re.compile(rf"\b(?P<m>{_MON}) (?P<d>{_DAY}),? (?P<y>{_YEAR})\b", re.I)),
    ("today_md", re.compile(rf"\btoday \((?P<m>{_MON}) (?P<d>{_DAY})\)|\btoday \((?P<d2>{_DAY}) (?P<m2>{_MON})\)",
                            re.I)),
    ("dm", re.compile(rf"\b(?:on )?(?:the )?(?P<d>{_DAY}) (?:of )?(?P<m>{_MON})\b(?! ?{_YEAR})", re.I)),
    ("md", re.compile(rf"\b(?P<m>{_MON}) (?P<d>{_DAY})\b(?!,? ?{_YEAR})(?! ?(?:hours|minutes|years|per))", re.I)),
    ("my", re.compile(rf"\b(?P<m>{_MON}),? (?P<y>{_YEAR})\b", re.I)),
    ("season_y", re.compile(rf"\b(?P<q>early|late|mid|end of|start of|beginning of|spring|summer|autumn|winter)"
                            rf"(?:-| )(?:in )?(?P<y>{_YEAR})\b", re.I)),
    ("municipal", re.compile(rf"\b(?P<y1>{_YEAR})/(?P<y2>{_YEAR}|\d\d)\b")),
    ("y", re.compile(rf"(?<![/\d£$.,-])\b(?P<y>{_YEAR})\b(?![/\d%]|,\d)")),
    ("ago", re.compile(rf"\b(?P<n>{_N}) (?P<u>months?|years?|weeks?) ago\b", re.I)),
    ("last_month_name", re.compile(rf"\blast (?P<m>{_MON})\b|\b(?P<m2>{_MON}) last\b", re.I)),
    ("rel_season", re.compile(r"\b(?P<w>last|this|next|in the|during the|over the) (?P<s>spring|summer|autumn|winter)\b", re.I)),
    ("next_month_name", re.compile(rf"\bnext (?P<m>{_MON})\b", re.I)),
    ("in_month", re.compile(rf"\b(?:in|during|since|from|until|by|over) (?:early |late |mid-?)?(?P<m>{_MON})\b"
                            rf"(?!,? ?{_YEAR})", re.I)),
    ("end_of_last_year", re.compile(r"\b(?:towards? )?the (?P<w>end|start|beginning) of (?P<r>last|this|next) year\b",
                                    re.I)),
    ("rel_unit", re.compile(r"\b(?P<w>last|next|this|earlier this|later this|previous) (?P<u>month|year|week)\b", re.I)),
    ("today", re.compile(r"\b(?P<w>today|yesterday|tomorrow)\b", re.I)),
]
# every pattern above needs a digit, a month's name or one of these words: a sentence with none has no date
_ANY_DATE = re.compile(rf"\d|{_MON}|\b(?:ago|last|next|this|previous|year|month|week|today|yesterday|tomorrow|"
                       r"spring|summer|autumn|winter)\b", re.I)
_FUTURE = re.compile(r"\b(will|to take up|takes up|is to|due|starts|joins|next)\b", re.I)
_HAS_MON = re.compile(_MON, re.I)
# what each pattern cannot match without: a month's name, a digit, one of some words (a pattern is
# skipped when the sentence lacks it: most sentences have no month, and the patterns are a fifth of
# reading an article); the sentence's words are found once
_SEASON_WORDS = frozenset({"spring", "summer", "autumn", "winter"})
_WORDS_NEEDED = {"range_dm_dm_y": {"between"}, "range_md_md_y": {"between"}, "today_md": {"today"},
                 "season_y": {"early", "late", "mid", "end", "start", "beginning"} | _SEASON_WORDS,
                 "ago": {"ago"}, "last_month_name": {"last"}, "rel_season": _SEASON_WORDS, "next_month_name": {"next"},
                 "end_of_last_year": {"year"}, "rel_unit": {"month", "year", "week"},
                 "today": {"today", "yesterday", "tomorrow"}}
_NEEDS = {kind: (_MON in pattern.pattern,
                 kind in ("range_dm_dm_y", "range_md_md_y", "range_d_d_m_y", "dmy", "mdy", "today_md", "dm", "md", "my",
                          "season_y", "municipal", "y"),
                 frozenset(_WORDS_NEEDED.get(kind, ())))
          for kind, pattern in _PATTERNS}
_WORD = re.compile(r"\b(?:" + "|".join(sorted(set().union(*_WORDS_NEEDED.values()))) + r")\b", re.I)


def find_dates(text: str, published: PartialDate | None, base: int = 0) -> list[DateMention]:
    """Every date expression in `text` (offsets shifted by `base`), longest match first."""
    if not _ANY_DATE.search(text):
        return []
    taken = bytearray(len(text) + 1)  # characters already inside a date (longest match wins)
    out: list[DateMention] = []
    pub = published.first() if published else None
    pub_precise = published is not None and published.precision.value == "day"
    pub_prec = published.precision.value if published is not None else "day"
    has_mon, has_digit = bool(_HAS_MON.search(text)), any(c.isdigit() for c in text)
    words = {w.lower() for w in _WORD.findall(text)}
    for kind, pattern in _PATTERNS:
        need_mon, need_digit, need_word = _NEEDS[kind]
        if need_mon and not has_mon or need_digit and not has_digit or need_word and not need_word & words:
            continue
        for m in pattern.finditer(text):
            s, e = m.span()
            if any(taken[s:e]):
                continue
            mention = _resolve(kind, m, pub, pub_precise, text, pub_prec)
            if mention is None:
                continue
            taken[s:e] = b"\x01" * (e - s)
            mention.start, mention.end = base + s, base + e
            out.append(mention)
    out.sort(key=lambda d: d.start)
    return out


_SEASONS = {"spring": (3, 5), "summer": (6, 8), "autumn": (9, 11), "winter": (12, 2)}


def _season(name: str, year: int) -> tuple[tuple[int, int], tuple[int, int]]:
    """A season's first and last (year, month); winter runs from December into the next year."""
    m0, m1 = _SEASONS[name]
    return (year, m0), (year + 1 if m1 < m0 else year, m1)


def _resolve(kind: str, m: re.Match[str], pub: dt.date | None, pub_precise: bool, text: str,
             pub_prec: str = "day") -> DateMention | None:
    g = m.groupdict()
    raw = m.group(0)
    window = text[max(0, m.start() - 100):m.end() + 20]
    future = bool(_FUTURE.search(window))

    def mention(first: PartialDate | None, last: PartialDate | None = None, note: str = "",
                relative: bool = False) -> DateMention:
        return DateMention(0, 0, raw, first, last or first, note, relative)

    def unresolved(what: str, month: str | None = None) -> DateMention:
        d = mention(None, None, f"unresolved: {what!r} needs the publication date, which is unknown", True)
        d.month = _month(month) if month else None
        return d

    if kind in ("range_dm_dm_y", "range_md_md_y", "range_d_d_m_y", "range_m_m_y"):
        y2 = int(g["y2"]) if g.get("y2") else None
        m2 = _month(g["m2"])
        m1 = _month(g["m1"]) if g.get("m1") else m2
        d1 = _day(g["d1"]) if g.get("d1") else None
        d2 = _day(g["d2"]) if g.get("d2") else None
        if y2 is None:
            if pub is None:
                return unresolved(raw, g["m2"] if m1 == m2 else None)
            y2 = _year_for(m2, d2, pub, future)
        y1 = int(g["y1"]) if g.get("y1") else (y2 - 1 if m1 > m2 else y2)
        first, last = _safe(y1, m1, d1), _safe(y2, m2, d2)
        if first is None or last is None or last.first() < first.first():
            return None
        return mention(first, last, "" if g.get("y2") else "year from the publication date", not g.get("y2"))
    if kind in ("dmy", "mdy"):
        return _opt(mention, _safe(int(g["y"]), _month(g["m"]), _day(g["d"])))
    if kind == "today_md":
        mon, day = (g["m"], g["d"]) if g.get("m") else (g["m2"], g["d2"])
        if pub is None:
            return unresolved(raw, mon)
        return _opt(mention, _safe(pub.year, _month(mon), _day(day)), "year from the publication date", True)
    if kind in ("dm", "md"):
        if pub is None:
            return unresolved(raw, g["m"])
        mon, day = _month(g["m"]), _day(g["d"])
        if pub_prec == "year":
            return _opt(mention, _safe(pub.year, mon, day), "year from the publication year", True)
        return _opt(mention, _safe(_year_for(mon, day, pub, future), mon, day),
                    "year from the publication date", True)
    if kind == "my":
        return _opt(mention, _safe(int(g["y"]), _month(g["m"])))
    if kind == "season_y":
        q = g["q"].lower()
        if q in _SEASONS:  # "summer 2019": the season's months
            y = int(g["y"])
            (y0, m0), (y1, m1) = _season(q, y)
            return mention(_safe(y0, m0), _safe(y1, m1), f"'{g['q']}' read as its months")
        return mention(_safe(int(g["y"])), note=f"'{g['q']}' kept as the year")
    if kind == "rel_season":
        if pub is None:
            return unresolved(raw)
        s, w = g["s"].lower(), g["w"].lower()
        year = pub.year + {"last": -1, "next": 1}.get(w, 0)
        if pub_prec != "year" and w not in ("last", "next") and _season(s, pub.year)[0][1] > pub.month + 1 and not future:
            year -= 1  # "in the summer", said in March: the summer before
        (y0, m0), (y1, m1) = _season(s, year)
        return mention(_safe(y0, m0), _safe(y1, m1), f"{raw!r} resolved against the publication date", True)
    if kind == "municipal":
        y1 = int(g["y1"])
        y2 = int(g["y2"]) if len(g["y2"]) == 4 else (y1 // 100) * 100 + int(g["y2"])
        if y2 != y1 + 1:
            return None
        return mention(_safe(y1), _safe(y2), "municipal year")
    if kind == "y":
        return mention(_safe(int(g["y"])))
    if kind == "ago":
        if pub is None:
            return unresolved(raw)
        n, unit = _num(g["n"]), g["u"].lower()
        if unit.startswith("year"):
            return mention(_safe(pub.year - n), note=f"{raw!r} counted back from the publication date", relative=True)
        if unit.startswith("month"):
            y, mo = _shift_months(pub, -n)
            return mention(_safe(y, mo), note=f"{raw!r} counted back from the publication date", relative=True)
        day = pub - dt.timedelta(weeks=n)
        return mention(_safe(day.year, day.month), note=f"{raw!r} counted back from the publication date",
                       relative=True)
    if kind in ("last_month_name", "next_month_name", "in_month"):
        mon_word = g.get("m") or g.get("m2") or ""
        if pub is None:
            return unresolved(raw, mon_word)
        mon = _month(mon_word)
        if pub_prec == "year":  # published some time that year: a bare month is taken in that year
            return mention(_safe(pub.year, mon), note=f"{raw!r}: year from the publication year (day and month "
                           "of publication unknown)", relative=True)
        if kind == "last_month_name":
            year = pub.year if mon < pub.month else pub.year - 1
        elif kind == "next_month_name":
            year = pub.year if mon > pub.month else pub.year + 1
        else:
            year = _year_for(mon, None, pub, future)
        return mention(_safe(year, mon), note=f"{raw!r} resolved against the publication date", relative=True)
    if kind == "rel_unit":
        if pub is None:
            return unresolved(raw)
        w, unit = g["w"].lower(), g["u"].lower()
        step = {"last": -1, "previous": -1, "next": 1}.get(w, 0)
        note = f"{raw!r} resolved against the publication date"
        if unit == "year":
            return mention(_safe(pub.year + step), note=note, relative=True)
        if pub_prec == "year":
            return unresolved(raw + " (the publication date is known to the year only)")
        if unit == "month":
            y, mo = _shift_months(pub, step)
            return mention(_safe(y, mo), note=note, relative=True)
        day = pub + dt.timedelta(weeks=step)
        return mention(_safe(day.year, day.month), note=note, relative=True)
    if kind == "end_of_last_year":
        if pub is None:
            return unresolved(raw)
        year = pub.year + {"last": -1, "this": 0, "next": 1}[g["r"].lower()]
        return mention(_safe(year), note=f"{raw!r} resolved against the publication date", relative=True)
    if kind == "today":
        if pub is None:
            return unresolved(raw)
        shift = {"today": 0, "yesterday": -1, "tomorrow": 1}[g["w"].lower()]
        day = pub + dt.timedelta(days=shift)
        first = _safe(day.year, day.month, day.day) if pub_precise else _safe(day.year, day.month) \
            if pub_prec == "month" else _safe(day.year)
        return mention(first, note=f"{raw!r} is the publication date", relative=True)
    return None


def _opt(make, first: PartialDate | None, note: str = "", relative: bool = False) -> DateMention | None:  # type: ignore[no-untyped-def]
    return None if first is None else make(first, None, note, relative)
