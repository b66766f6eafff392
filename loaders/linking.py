"""Dating undated judgement mentions by linking them to judgements already known.

An article with no publication date may say only that Ofsted "judged the council
inadequate" after "a surprise inspection last September": no year. If exactly one
known inspection of that authority fits what the text does say (the grade, the month
if one is named, not after the article's own date), the mention is that inspection,
and its dates are taken from it with a note naming it and its sources. Several
inspections fit (Blackpool was inadequate in 2012 and again in 2019)? Then the
mention stays undated: a guess is worse than a gap.

Known judgements come from the curated data and from dated articles in the same
run, never from the article itself: where the curated fact cites the article,
only the years of its dates are used, so the article cannot date itself.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable

from graph.dates import PartialDate, near

if TYPE_CHECKING:
    from loaders.articles.events import JudgementCandidate

VISITS = ("monitoring_visit", "focused_visit", "jtai")
JUDGEMENT_DATES = ("inspection_start", "inspection_end", "published")
LINKED_CONFIDENCE = 0.6


@dataclass(frozen=True)
class Known:
    """A dated, graded inspection that an undated mention may refer to."""

    ref: str  # the curated judgement id, or the article file it was extracted from
    authority: str  # the register's canonical name
    overall: str | None
    sub: tuple[tuple[str, str], ...]
    dates: tuple[PartialDate | None, PartialDate | None, PartialDate | None]  # JUDGEMENT_DATES, in order
    files: frozenset[str]  # article files that state it
    sources: tuple[str, ...]  # source ids, for the note

    def when(self) -> list[PartialDate]:
        return [d for d in self.dates if d]


def known_from_kb(kb: Any) -> list[Known]:
    """Graded, dated inspections in a knowledge base (the curated data)."""
    out = []
    for j in kb.judgements:
        if j.type in VISITS or not (j.overall or j.sub):
            continue
        dates = (j.inspection_start, j.inspection_end, j.published)
        if not any(dates):
            continue
        files = frozenset(Path(kb.sources[c.source_id].file).name for c in j.cites
                          if c.source_id in kb.sources and kb.sources[c.source_id].file)
        auth = kb.authorities.get(j.authority_id)
        if auth is None:
            continue
        out.append(Known(j.id, auth.name, j.overall, tuple(sorted(j.sub.items())), dates, files,
                         tuple(dict.fromkeys(c.source_id for c in j.cites))))
    return out


def known_from_facts(facts: Iterable[dict[str, Any]]) -> list[Known]:
    """Dated, graded judgements extracted from articles (each one known only from its own file)."""
    out = []
    for f in facts:
        if f["kind"] != "judgement" or f["inspection_type"] in VISITS or not (f["overall"] or f["subjudgements"]):
            continue
        dates = tuple(PartialDate.parse(f[k]) if f.get(k) else None for k in JUDGEMENT_DATES)
        if any(dates) and not f.get("linked_to"):
            out.append(Known(f["source"], f["authority"], f["overall"], tuple(sorted(f["subjudgements"].items())),
                             dates, frozenset([f["source"]]), (Path(f["source"]).stem,)))  # type: ignore[arg-type]
    return out


def link_undated(cands: list[JudgementCandidate], known: list[Known], published: dict[str, PartialDate | None],
                 latest_year: dict[str, int | None] | None = None) -> int:
    """Date each undated graded judgement that exactly one known inspection fits; returns how many.

    `latest_year` is the latest year each article mentions: an undated article that
    reports a judgement as news and looks back to 2018 is not reporting one from 2015,
    however well the grade fits (it is more likely a new judgement nobody has recorded).
    """
    by_authority: dict[str, list[Known]] = {}
    for k in _dedupe(known):
        by_authority.setdefault(k.authority, []).append(k)
    linked = 0
    for f in cands:
        if f.inspection_type in VISITS or f.dates():
            continue
        if not (f.overall or f.subjudgements):
            continue
        fits = [k for k in by_authority.get(f.authority, []) if _fits(f, k, f.clues, published.get(f.source))]
        floor = (latest_year or {}).get(f.source) if f.news else None
        if floor is not None:
            fits = [k for k in fits if max(d.year for d in k.when()) >= floor]
        events = _events(fits)
        if len(events) != 1:
            continue
        _take(f, events[0], f.clues)
        linked += 1
    return linked


def _dedupe(known: list[Known]) -> list[Known]:
    """One entry per distinct inspection statement: many articles repeat the same dated judgement."""
    merged: dict[tuple[Any, ...], Known] = {}
    for k in known:
        key = (k.authority, k.overall, k.sub, k.dates, k.ref.endswith((".md", ".txt")))
        if key in merged:
            m = merged[key]
            merged[key] = Known(m.ref, m.authority, m.overall, m.sub, m.dates, m.files | k.files,
                                tuple(dict.fromkeys(m.sources + k.sources)))
        else:
            merged[key] = k
    return list(merged.values())


def _fits(f: JudgementCandidate, k: Known, clues: list[tuple[str, int, str]], published: PartialDate | None) -> bool:
    if k.files == {f.source}:
        return False  # known only from this very article (the caller has matched the authority)
    if f.overall:
        if k.overall != f.overall:
            return False
    elif not (k.overall in f.subjudgements.values() or set(k.sub) & set(f.subjudgements.items())):
        return False
    if published is not None and min(d.first() for d in k.when()) > published.last():
        return False  # an article cannot report an inspection that came after it
    for _role, month, _text in clues:  # a named month must fit one of the inspection's dates, whichever
        if not any(d is None or d.month is None or d.month == month for d in k.dates):  # (unknown fits)
            return False
    return True


def _own_dates(f: JudgementCandidate, k: Known) -> tuple[PartialDate | None, ...]:
    """The known dates the mention may borrow: years only where the fact rests partly on this very article."""
    if f.source in k.files:
        return tuple(PartialDate(d.year) if d else None for d in k.dates)
    return k.dates


def _events(fits: list[Known]) -> list[list[Known]]:
    """Group candidates that are the same inspection (dates within about three months, or overlapping)."""
    groups: list[list[Known]] = []
    for k in fits:
        touching = [g for g in groups if any(near(k.when(), other.when()) for other in g)]
        merged = [k] + [x for g in touching for x in g]
        groups = [g for g in groups if g not in touching] + [merged]
    return groups


def _take(f: JudgementCandidate, event: list[Known], clues: list[tuple[str, int, str]]) -> None:
    """Copy the event's dates into the mention, refined by the months the text names."""
    best = max(event, key=lambda k: (k.ref.endswith((".md", ".txt")) is False,
                                      sum(d.precision.value != "year" for d in k.when() if d), len(k.when())))
    dates = list(_own_dates(f, best))
    for role, month, text in clues:
        # the field whose month the text names, if the known inspection has one; else the clue's own role
        same = [n for n, d in enumerate(best.dates) if d is not None and d.month == month]
        i = same[0] if same else (0 if role == "inspection_start" else 2)
        if same and dates[i] is not None:
            if dates[i].month is None:  # type: ignore[union-attr]  # only the year was borrowed
                dates[i] = PartialDate(dates[i].year, month)  # type: ignore[union-attr]
                f.date_notes.append(f"{text!r}: month from the text, year from the linked inspection")
            continue
        anchor = dates[i] or (dates[2] if i == 0 else dates[0] or dates[1])
        if anchor is None:
            continue
        if dates[i] is None or dates[i].month is None:  # type: ignore[union-attr]
            year = anchor.year
            if dates[i] is None and anchor.month is not None:  # inspections come before their reports
                year = year - 1 if i == 0 and month > anchor.month else year + 1 if i == 2 and month < anchor.month else year
            dates[i] = PartialDate(year, month)
            if i == 0 and dates[1] is not None and dates[1].last() < dates[0].first():  # type: ignore[union-attr]
                dates[1] = None
            f.date_notes.append(f"{text!r}: month from the text, year from the linked inspection")
    f.inspection_start, f.inspection_end, f.published = (str(d) if d else None for d in dates)
    sources = sorted({s for k in event for s in k.sources if s != Path(f.source).stem})
    f.linked_to = {"judgement": best.ref, "sources": sources}
    f.confidence = min(f.confidence, LINKED_CONFIDENCE)
    f.date_notes.append(f"the article gives no year for this inspection: dated by the one known "
                           f"{f.authority} inspection that fits ({best.ref}; sources: {', '.join(sources)})")
