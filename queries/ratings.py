"""An authority's graded judgements around a period: before, during and after."""

from __future__ import annotations

import datetime as dt
from typing import Any

from graph.dates import Certainty, Span, Window, held_at
from queries import Reader, judgement_json, judgement_of


def graded(reader: Reader, authority_id: str) -> list[dict[str, Any]]:
    rows = [j for j in reader.judgements(authority_id) if j.get("overall")]
    return sorted(rows, key=lambda j: _issued(j) or dt.date.max)


def _issued(row: dict[str, Any]) -> dt.date | None:
    """The first day a judgement could have been known: publication, else the inspection's end."""
    j = judgement_of(row)
    mark = j.published or j.inspection_end or j.inspection_start
    return mark.first() if mark else None


def around(reader: Reader, authority_id: str, span: Span,
           judgements: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    """The judgement in force when the span began, those issued during it, the first after it."""
    rows = judgements if judgements is not None else graded(reader, authority_id)
    possible = span.possible()
    before = [r for r in rows if (_issued(r) or dt.date.max) <= possible.lo]
    during: list[dict[str, Any]] = []
    after: list[dict[str, Any]] = []
    for r in rows:
        issued = _issued(r)
        if issued is None or issued <= possible.lo:
            continue
        certainty = held_at(span, Window(issued, issued))
        if certainty is Certainty.NO:
            if issued > possible.hi:
                after.append(r)
            continue
        during.append({**judgement_json(reader, r), "certainty": certainty.value})
    return {"before": judgement_json(reader, before[-1]) if before else None,
            "during": during,
            "after": judgement_json(reader, after[0]) if after else None}
