"""A person's own movements bound their posts.

When the sources show someone at one council and later at another (a start or a
sighting at B), the post at A is not "possible" after they are first placed at B,
and the post at B did not begin before they were last placed at A. Only unknown
bounds are filled, always marked inferred with a note; posts the sources show
held at the same time (their certain periods overlap: a shared director, say)
are left alone. Roles that go with another job (councillors, commissioners,
advisers, inspectors) and national bodies are not bounded.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from graph.dates import PartialDate

if TYPE_CHECKING:
    from graph.model import KnowledgeBase, Tenure

NOT_A_JOB = ("council_leader", "lead_member_children", "commissioner", "improvement_adviser", "inspector")


def _marks(t: "Tenure") -> list[PartialDate]:
    """Dates the sources place the person in this post: start, sightings, stated end."""
    out = ([t.start] if t.start else []) + list(t.as_of)
    if t.end is not None and not t.end_inferred:
        out.append(t.end)
    return out


def bound_by_moves(kb: "KnowledgeBase") -> None:
    """Close open posts at a person's next council and start later posts after the last one."""
    by_person: dict[str, list["Tenure"]] = {}
    for t in kb.tenures:
        if t.role not in NOT_A_JOB and not t.authority_id.startswith("org:"):
            by_person.setdefault(t.person_id, []).append(t)
    for tenures in by_person.values():
        if len({t.authority_id for t in tenures}) < 2:
            continue
        for a in tenures:
            for b in tenures:
                if a is b or a.authority_id == b.authority_id:
                    continue
                ma, mb = _marks(a), _marks(b)
                if not ma or not mb:
                    continue
                # a strictly before b: every date at A no later than every date at B, not all the same
                if max(m.first() for m in ma) > min(m.first() for m in mb) or \
                        min(m.first() for m in ma) >= min(m.first() for m in mb):
                    continue
                ca, cb = a.span.certain(), b.span.certain()
                if not ca.empty and not cb.empty and ca.overlaps(cb):
                    continue  # the sources say both were held at once
                auth_b = kb.authorities.get(b.authority_id)
                auth_a = kb.authorities.get(a.authority_id)
                first_b = min(mb, key=lambda d: d.first())
                if a.end is None or (a.end_inferred and first_b.first() < a.end.first()):
                    a.end, a.end_inferred = first_b, True
                    how = "started" if b.start is not None and first_b == b.start else "was first seen"
                    a.end_note = f"when the same person {how} at {auth_b.name if auth_b else b.authority_id}"
                if b.start is None:
                    last_a = max(ma, key=lambda d: d.first())
                    if b.not_before is None or last_a.first() > b.not_before.first():
                        b.not_before = last_a
                        b.start_note = f"when the same person was last placed at {auth_a.name if auth_a else a.authority_id}"
