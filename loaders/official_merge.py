"""Curated judgements meet Ofsted's own record: the same inspection is one node.

A curated judgement (from news, minutes, letters) that fits exactly one official
inspection of the same authority, by framework and dates, becomes citations of it.
The official values stand (Ofsted's statistics and reports are the primary record);
a curated value fills a field the files leave empty; where the two disagree the
curated citation keeps what it says (`says`), so `tenure conflicts` shows both.
A curated judgement that fits none, or several, stays as it is: a wrong merge would
be worse than a duplicate.
"""

from __future__ import annotations

from graph.dates import PartialDate
from graph.model import ORIGIN_OFFICIAL, Judgement, KnowledgeBase

VISITS = ("monitoring_visit", "focused_visit")
DATE_FIELDS = ("inspection_start", "inspection_end", "published")
LEAD_DAYS = 200  # an inspection is published within about six months of its start


def _gap(a: PartialDate, b: PartialDate) -> int:
    """Days between two partial dates (0 when they overlap)."""
    if a.overlaps(b):
        return 0
    return min(abs((a.first() - b.last()).days), abs((b.first() - a.last()).days))


def _types_fit(curated: str, official: str) -> bool:
    if curated == official:
        return True
    return curated == "other" and official not in VISITS


def distance(c: Judgement, o: Judgement) -> int | None:
    """How far apart a curated and an official judgement are (days), or None if they cannot be one inspection."""
    if c.authority_id != o.authority_id or not _types_fit(c.type, o.type):
        return None
    c_insp, o_insp = c.inspection_start or c.inspection_end, o.inspection_start or o.inspection_end
    if c_insp and o_insp:
        lo = o.inspection_start or o_insp
        hi = o.inspection_end or o_insp
        gaps = [_gap(c_insp, lo), _gap(c_insp, hi)]
        if lo and hi and lo.first() <= c_insp.first() <= hi.last():
            gaps.append(0)
        d = min(gaps)
        return d if d <= 10 else None
    if c.published and o.published:
        d = _gap(c.published, o.published)
        return d if d <= 14 else None
    if c_insp and o.published:  # inspected, then published within months
        if c_insp.first() > o.published.last():
            return None
        d = (o.published.first() - c_insp.last()).days
        return max(d, 0) if d <= LEAD_DAYS else None
    if c.published and o_insp:
        if o_insp.first() > c.published.last():
            return None
        d = (c.published.first() - o_insp.last()).days
        return max(d, 0) if d <= LEAD_DAYS else None
    return None


def _absorb(o: Judgement, c: Judgement) -> None:
    """Official `o` takes curated `c`'s citations; c's disagreeing values are kept as what its sources say."""
    for key in DATE_FIELDS:
        mine, theirs = getattr(o, key), getattr(c, key)
        if theirs is None:
            continue
        if mine is None:
            setattr(o, key, theirs)
        elif not mine.overlaps(theirs):
            for cite in c.cites:
                cite.says.setdefault(key, str(theirs))
    if c.overall:
        if o.overall is None and o.type != "ilacs":
            o.overall = c.overall
        elif o.overall is not None and o.overall != c.overall:
            for cite in c.cites:
                cite.says.setdefault("overall", c.overall)
    for key, value in c.sub.items():
        if key not in o.sub:
            o.sub[key] = value
        elif o.sub[key] != value:
            for cite in c.cites:
                cite.says.setdefault(key, value)
    known = {(x.source_id, tuple(x.spans)) for x in o.cites}
    o.cites.extend(x for x in c.cites if (x.source_id, tuple(x.spans)) not in known)
    o.inspectors.extend(p for p in c.inspectors if p not in o.inspectors)
    if o.inspection_start and o.inspection_end and o.inspection_end.last() < o.inspection_start.first():
        o.inspection_end = None


def merge_official(kb: KnowledgeBase) -> int:
    """Fold curated judgements into the official ones they state; returns how many were folded."""
    official: dict[str, list[Judgement]] = {}
    for j in kb.judgements:
        if j.origin == ORIGIN_OFFICIAL:
            official.setdefault(j.authority_id, []).append(j)
    if not official:
        return 0
    keep: list[Judgement] = []
    merged = 0
    for j in kb.judgements:
        if j.origin == ORIGIN_OFFICIAL:
            keep.append(j)
            continue
        fits = [(d, o) for o in official.get(j.authority_id, []) if (d := distance(j, o)) is not None]
        if len(fits) > 1 and j.overall:  # several fit the dates: the grade decides, if it can
            same = [(d, o) for d, o in fits if o.overall == j.overall]
            fits = same or fits
        if len(fits) > 1:
            fits.sort(key=lambda x: x[0])
            if fits[0][0] == fits[1][0]:
                keep.append(j)  # ambiguous: leave the curated fact alone
                continue
            fits = fits[:1]
        if not fits:
            keep.append(j)
            continue
        _absorb(fits[0][1], j)
        merged += 1
    kb.judgements[:] = keep
    return merged
