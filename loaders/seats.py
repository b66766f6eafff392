"""Link unnamed seat evidence (Ofsted's "the DCS has been in post since May 2012") to named tenures.

Policy, in order, for a seat in a single-holder post (holder in post from `since`
to the day the report speaks for, `as_of`):
1. A named tenure certain at `as_of` is the same holder (one seat, one holder):
   the statement becomes one of its citations; a start that disagrees is kept
   as what the report says (`tenure conflicts` shows it).
2. Else exactly one named tenure possible at `as_of` whose start fits `since`
   (the two dates overlap), or whose start is unknown but who is seen in post
   between `since` and `as_of`, is taken to be it; an unknown start is then set
   from the report. Someone certainly in post at another authority at `as_of`
   is never a candidate.
3. Else, if no named tenure is even possible anywhere from `since` to `as_of`,
   the seat stands as an unnamed holder ("the director of children's services
   in post since May 2012 (not named in the sources)").
4. Otherwise (two candidates, or one whose dates disagree) it is left unlinked,
   and says why: a guess would put a name on evidence that does not carry one.
"""

from __future__ import annotations

from graph.dates import Certainty, PartialDate, Window, held_at
from graph.model import Citation, KnowledgeBase, Person, Post, Seat, Tenure, single_holder, slug

UNNAMED_PREFIX = "person:unnamed-"
SEAT_CONFIDENCE = 0.9


LABELS = {"director_of_childrens_services": "director of children's services", "chief_executive": "chief executive"}


def unnamed_name(role: str, since: PartialDate, interim: bool) -> str:
    """'the director of children's services in post since May 2012 (not named in the sources)'."""
    label = LABELS.get(role) or role.replace("_", " ")
    when = since.first().strftime("%-d %B %Y" if since.day else "%B %Y" if since.month else "%Y")
    return f"the {'interim ' if interim else ''}{label} in post since {when} (not named in the sources)"


def is_unnamed(person_id: str) -> bool:
    return person_id.startswith(UNNAMED_PREFIX)


def _fits(t: Tenure, seat: Seat) -> bool:
    """The tenure could have begun when the seat says its holder began."""
    assert seat.since is not None
    if t.start is not None:
        return t.start.overlaps(seat.since)
    return t.not_before is None or t.not_before.first() <= seat.since.last()


def _succeeded(t: Tenure, seat: Seat) -> bool:
    """An earlier holder with no stated end, all of whose evidence predates the seat's start.

    The seat's holder started at `since`, so such a tenure is someone they
    succeeded (its end is then inferred), not a rival claim on the seat.
    """
    assert seat.since is not None
    if t.end is not None and not t.end_inferred:
        return False
    marks = ([t.start] if t.start else []) + list(t.as_of)
    return bool(marks) and all(m.last() < seat.since.first() for m in marks) and not (
        t.start is not None and t.start.overlaps(seat.since))


def _cite(seat: Seat, says_start: bool) -> list[Citation]:
    out = []
    for c in seat.cites:
        says = {"start": str(seat.since)} if says_start else {}
        out.append(Citation(c.source_id, list(c.spans), says, c.as_of, c.title, c.note, locator=c.locator))
    return out


def resolve_seats(kb: KnowledgeBase) -> bool:
    """Link or place every seat; True when any tenure changed (bounds must be inferred again)."""
    by_post: dict[str, list[Tenure]] = {}
    for t in kb.tenures:
        if single_holder(t.role) and not is_unnamed(t.person_id):
            by_post.setdefault(t.post_id, []).append(t)
    by_person: dict[str, list[Tenure]] = {}
    for t in kb.tenures:
        by_person.setdefault(t.person_id, []).append(t)

    def elsewhere(t: Tenure, day: PartialDate) -> bool:
        """The person certainly held another single-holder post elsewhere then: not this seat's holder.

        The same role at several councils is a shared post (Tri-borough), not a reason to rule them out.
        """
        return any(o.authority_id != t.authority_id and o.role != t.role and single_holder(o.role)
                   and held_at(o.span, day) is Certainty.CERTAIN for o in by_person.get(t.person_id, []))

    changed = False
    for seat in sorted(kb.seats, key=lambda s: (s.as_of[-1] if s.as_of else s.since or PartialDate(1900)).first()):
        as_of = seat.as_of[-1] if seat.as_of else None
        if seat.since is None or as_of is None:
            seat.outcome = "unlinked: no dates"
            continue
        in_post = by_post.get(seat.post_id, [])
        tenures = [t for t in in_post if not elsewhere(t, as_of)]
        window = Window(seat.since.first(), as_of.last())
        certain = [t for t in tenures if held_at(t.span, as_of) is Certainty.CERTAIN]
        possible = [t for t in tenures if held_at(t.span, as_of) is Certainty.POSSIBLE and _fits(t, seat)
                    and (t.start is not None or any(window.lo <= a.first() and a.last() <= window.hi
                                                    for a in t.as_of))]
        target: Tenure | None = None
        if len(certain) == 1:
            target = certain[0]
        elif not certain and len(possible) == 1:
            target = possible[0]
        if target is not None:
            if is_unnamed(target.person_id) and target.start != seat.since:
                target.cites.extend(_cite(seat, says_start=True))
                seat.linked_to, seat.outcome = target.id, "unnamed"
                changed = True
                continue
            agrees = _fits(target, seat)
            target.cites.extend(_cite(seat, says_start=True))
            if target.start is None:
                target.start = seat.since
            seat.linked_to, seat.outcome = target.id, "linked" if agrees else "linked: start disagrees"
            changed = True
            continue
        overlapping = [t for t in in_post
                       if held_at(t.span, window) is not Certainty.NO and not _succeeded(t, seat)]
        if overlapping:
            names = sorted({kb.people[t.person_id].name for t in overlapping})
            seat.outcome = f"unlinked: could be {', '.join(names)}; the dates do not decide"
            continue
        name = unnamed_name(seat.role, seat.since, seat.interim)
        pid = f"{UNNAMED_PREFIX}{slug(seat.post_id.split(':', 1)[1])}-{seat.since}"
        kb.people.setdefault(pid, Person(pid, name))
        post = kb.posts.get(seat.post_id)
        title = post.title if post else seat.role.replace("_", " ")
        tenure = Tenure(id=Tenure.make_id(pid, seat.post_id, seat.since), cites=_cite(seat, says_start=False),
                        confidence=SEAT_CONFIDENCE, file=seat.file, line=seat.line, person_id=pid,
                        post_id=seat.post_id, role=seat.role, title=title, authority_id=seat.authority_id,
                        start=seat.since, interim=seat.interim)
        if post is None:
            kb.posts[seat.post_id] = Post(seat.post_id, seat.role, title, seat.authority_id)
        kb.tenures.append(tenure)
        by_post.setdefault(seat.post_id, []).append(tenure)  # a later report about the same holder links to it
        seat.linked_to, seat.outcome = tenure.id, "unnamed"
        changed = True
    return changed
