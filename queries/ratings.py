"""An authority's graded judgements around a period: before, during and after."""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from typing import Any

from graph.dates import Certainty, Span, Window, held_at, parse_optional
from queries import Reader, judgement_json


def graded(reader: Reader, authority_id: str) -> list[dict[str, Any]]:
    rows = [j for j in reader.judgements(authority_id) if j.get("overall")]
    return sorted(rows, key=lambda j: _issued(j) or dt.date.max)


def _issued(row: dict[str, Any]) -> dt.date | None:
    """The first day a judgement could have been known: publication, else the inspection's end."""
    return _issued_on(row.get("published"), row.get("inspection_end"), row.get("inspection_start"))


@lru_cache(maxsize=1 << 16)
def _issued_on(published: str | None, inspection_end: str | None, inspection_start: str | None) -> dt.date | None:
    """Cached: team moves over the whole graph ask this of each judgement thousands of times."""
    mark = parse_optional(published) or parse_optional(inspection_end) or parse_optional(inspection_start)
    return mark.first() if mark else None


def around(reader: Reader, authority_id: str, span: Span,
           judgements: list[dict[str, Any]] | None = None,
           issued_on: list[dt.date | None] | None = None) -> dict[str, Any]:
    """The judgement in force when the span began, those issued during it, the first after it.

    `issued_on` (optional) is `_issued` of each of `judgements`, for callers that ask about one
    authority many times."""
    rows = judgements if judgements is not None else graded(reader, authority_id)
    possible = span.possible()
    if issued_on is None or len(issued_on) != len(rows):
        issued_on = [_issued(r) for r in rows]
    before = [r for r, issued in zip(rows, issued_on) if (issued or dt.date.max) <= possible.lo]
    during: list[dict[str, Any]] = []
    after: list[dict[str, Any]] = []
    for r, issued in zip(rows, issued_on):
        if issued is None or issued <= possible.lo:
            continue
        if issued > possible.hi:  # held_at would say NO: outside the possible window
            after.append(r)
            continue
        certainty = held_at(span, Window(issued, issued))
        if certainty is Certainty.NO:
            continue
        during.append({**_json(reader, r), "certainty": certainty.value})
    return {"before": _json(reader, before[-1]) if before else None,
            "during": during,
            "after": _json(reader, after[0]) if after else None}


def _json(reader: Reader, row: dict[str, Any]) -> dict[str, Any]:
    """judgement_json, made once per judgement and reader (views over many tenures show each many times)."""
    memo = reader.__dict__.setdefault("_judgement_json", {})
    key = row["id"]
    if key not in memo:
        memo[key] = judgement_json(reader, row)
    return memo[key]  # type: ignore[no-any-return]
