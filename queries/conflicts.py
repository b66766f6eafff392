"""conflicts: facts whose sources disagree (dates that cannot be the same day, other grades)."""

from __future__ import annotations

from typing import Any

from graph.dates import PartialDate, disagree
from graph.model import Fact, Judgement, KnowledgeBase

DATE_FIELDS = ("start", "end", "inspection_start", "inspection_end", "published")
SUB_KEYS = ("help_and_protection", "children_in_care", "care_leavers", "leadership", "adoption")


def _claims(fact: Fact) -> dict[str, list[tuple[str, str, str | None]]]:
    """field -> [(value, source id, note)] from every citation that states the field."""
    out: dict[str, list[tuple[str, str, str | None]]] = {}
    for c in fact.cites:
        for key, value in c.says.items():
            said = out.setdefault(key, [])
            if not any(v == value and s == c.source_id for v, s, _ in said):  # a source cited twice says it once
                said.append((value, c.source_id, c.note))
    return out


def find_conflicts(kb: KnowledgeBase) -> list[dict[str, Any]]:
    out = []
    for fact in kb.facts():
        for key, claims in _claims(fact).items():
            values = [v for v, _, _ in claims]
            if key in DATE_FIELDS:
                clash = disagree(PartialDate.parse(v) for v in values)
            else:
                clash = len(set(values)) > 1
            if clash:
                if isinstance(fact, Judgement) and key in fact.sub or key in SUB_KEYS:
                    chosen = fact.sub.get(key) if isinstance(fact, Judgement) else None
                else:
                    chosen = getattr(fact, key, None)
                out.append({"fact": fact.id, "field": key, "kept": str(chosen) if chosen is not None else None,
                            "origin": fact.origin, "file": fact.file, "line": fact.line,
                            "values": [{"value": v, "source": s, "note": n} for v, s, n in claims]})
    return out
