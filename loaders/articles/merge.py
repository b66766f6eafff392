"""Merging extracted facts into a curated knowledge base; curated facts win."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from graph.dates import DateError, PartialDate, near
from loaders.articles.events import _dates
from loaders.articles.extract import Extractor, extract_files, known_people_from
from loaders.linking import JUDGEMENT_DATES, VISITS, known_from_kb
from loaders.register import Register, load_register


def merge_articles(kb: Any, inputs: list[Path], problems: list[Any], register: Register | None = None) -> list[str]:
    """Add extracted facts to a curated knowledge base; curated facts win.

    An extracted fact that matches a curated one becomes one more citation of it,
    with what the article says (`says`), so disagreements show in `tenure
    conflicts`; a new fact joins the graph marked `extracted` with its confidence.
    Returns notes for the user (bad files, facts that could not be placed).
    `register` is the one of the data being built (`--data`); each article gets a
    source id of its own (see `article_source_id`), and the notes on how its dates
    were read travel with each citation.
    """
    from graph.model import ORIGIN_EXTRACTED, Citation, Judgement, Person, Post, Relation, Source, Tenure
    from loaders.curated import infer_bounds, set_in_force

    register = register or load_register()
    out = extract_files(inputs, Extractor(register, known_people_from(kb)), known_from_kb(kb))
    notes = [f"skipped {e}" for e in out["errors"]]
    # bad input in a file that was still read (an impossible date, a broken header, bad bytes) is named too
    notes += [w for w in out["warnings"] if w.endswith(("ignored", "replaced"))]
    curated_files = {s.file.replace("\\", "/").lstrip("./"): s.id for s in kb.sources.values() if s.file}
    by_file: dict[str, str] = {}
    for a in out["articles"]:
        sid = _curated_source_for(a["path"], curated_files)
        if sid is None:
            sid = article_source_id(a["source"], a["path"], kb.sources)
            kb.sources[sid] = Source(sid, a["url"], a["title"], a["publisher"],
                                     PartialDate.parse(a["published"]) if a["published"] else None,
                                     a.get("published_note") or "extracted from an article", a["source"])
        by_file[a["source"]] = sid
    for f in out["facts"]:
        sid = by_file[f["source"]]
        try:
            if f["kind"] == "tenure":
                _merge_tenure_fact(kb, f, sid, register, Citation, Person, Post, Tenure, ORIGIN_EXTRACTED)
            elif f["kind"] == "judgement":
                note = _merge_judgement_fact(kb, f, sid, register, Citation, Judgement, ORIGIN_EXTRACTED)
                if note:
                    notes.append(note)
            elif f["kind"] == "relation":
                _merge_relation_fact(kb, f, sid, register, Citation, Relation, ORIGIN_EXTRACTED)
        except (DateError, LookupError, ValueError) as exc:
            notes.append(f"{f['source']}: a {f['kind']} could not be added: {exc}")
    notes.extend(_drop_clashing(kb))
    infer_bounds(kb)
    set_in_force(kb)
    return notes


def _curated_source_for(path: str, curated_files: dict[str, str]) -> str | None:
    """The curated source that is this very file (its recorded path ends the article's path), if any."""
    full = Path(path).resolve().as_posix()
    for rel, sid in curated_files.items():
        if rel and full.endswith("/" + rel):
            return sid
    return None


def article_source_id(label: str, path: str, taken: dict[str, Any]) -> str:
    """A source id for an article that no curated source and no other article has.

    Built from the file's label in the run (its path relative to the articles folder,
    extension included, so `story.md` and `story.txt` differ); a clash with an id
    already taken adds a short hash of the full path.
    """
    import hashlib

    sid = "article:" + label
    if sid in taken:
        sid += "~" + hashlib.sha256(str(Path(path).resolve()).encode()).hexdigest()[:10]
    n = 2
    base = sid
    while sid in taken:
        sid, n = f"{base}~{n}", n + 1
    return sid


def _drop_clashing(kb: Any) -> list[str]:
    """Curated facts win a single-holder post.

    An extracted tenure is left out (and the user told) when, on a day the article
    puts that person in post (its certain span, or else its stated start), a curated
    tenure certainly has someone else in the same single-holder post.
    """
    from graph.dates import Window
    from graph.model import ORIGIN_EXTRACTED, single_holder

    curated: dict[str, list[Any]] = {}
    for t in kb.tenures:
        if t.origin != ORIGIN_EXTRACTED and single_holder(t.role) and not t.interim:
            curated.setdefault(t.post_id, []).append(t)
    drop: set[str] = set()
    notes = []
    for t in kb.tenures:
        if t.origin != ORIGIN_EXTRACTED or t.interim or t.post_id not in curated:
            continue
        mine = t.span.certain()
        if mine.empty:
            if t.start is None:
                continue
            mine = Window(t.start.last(), t.start.last())
        for other in curated[t.post_id]:
            theirs = other.span.certain()
            if other.person_id != t.person_id and not theirs.empty and theirs.overlaps(mine):
                drop.add(t.id)
                notes.append(f"{t.file}: {kb.people[t.person_id].name} as {t.role} of "
                             f"{kb.authorities[t.authority_id].name} not added: {kb.people[other.person_id].name} "
                             f"certainly held that post from {theirs.lo} to {theirs.hi} ({other.file}:{other.line})")
                break
    kb.tenures[:] = [t for t in kb.tenures if t.id not in drop]
    return notes


def _cite(Citation: Any, f: dict[str, Any], sid: str, says: dict[str, str]) -> Any:
    notes = "; ".join(f.get("date_notes") or [])
    return Citation(sid, [(f["char_start"], f["char_end"])], {k: v for k, v in says.items() if v}, None, None,
                    f"extracted (confidence {f['confidence']:.1f})" + (f"; dates: {notes}" if notes else ""),
                    f.get("evidence"))


def _merge_tenure_fact(kb: Any, f: dict[str, Any], sid: str, register: Register, Citation: Any, Person: Any,
                       Post: Any, Tenure: Any, origin: str) -> None:
    auth = register.resolve(f["authority"])
    pid = Person.make_id(f["person"])
    if pid not in kb.people:
        kb.people[pid] = Person(pid, f["person"])
    existing = [t for t in kb.tenures if t.person_id == pid and t.authority_id == auth.id and t.role == f["role"]]
    cite = _cite(Citation, f, sid, {"start": f["start"], "end": f["end"]})
    if existing:
        existing[0].cites.append(cite)
        return
    post_id = Post.make_id(auth.id, f["role"], f["title"])
    kb.posts.setdefault(post_id, Post(post_id, f["role"], f["title"], auth.id))
    start = PartialDate.parse(f["start"]) if f["start"] else None
    end = PartialDate.parse(f["end"]) if f["end"] else None
    if start and end and end.last() < start.first():
        end = None
    tid = Tenure.make_id(pid, post_id, start)
    if any(t.id == tid for t in kb.tenures):
        return
    kb.tenures.append(Tenure(id=tid, cites=[cite], origin=origin, confidence=f["confidence"], file=f["source"],
                             person_id=pid, post_id=post_id, role=f["role"], title=f["title"], authority_id=auth.id,
                             start=start, end=end, interim=f["interim"]))


def _merge_judgement_fact(kb: Any, f: dict[str, Any], sid: str, register: Register, Citation: Any, Judgement: Any,
                          origin: str) -> str | None:
    auth = register.resolve(f["authority"])
    dates = _dates(f)
    # a linked mention's dates come from the inspection it was linked to, not from the article
    says = {} if f.get("linked_to") else {k: f[k] for k in JUDGEMENT_DATES if f.get(k)}
    if f.get("overall"):
        says["overall"] = f["overall"]
    mine = [j for j in kb.judgements if j.authority_id == auth.id
            and (j.type in VISITS) == (f["inspection_type"] in VISITS)
            and (j.type == f["inspection_type"] or f["inspection_type"] not in VISITS)]
    def when(j: Any) -> list[PartialDate]:
        return [d for d in (j.inspection_start, j.inspection_end, j.published) if d]
    if dates:
        # the same inspection, whatever grade the article gives: a different grade becomes a conflict to show
        close = [j for j in mine if near(when(j), dates)]
        match = [j for j in close if not f["overall"] or j.overall in (None, f["overall"])] or close
    else:
        src = kb.sources.get(sid)
        limit = src.published.last() if src and src.published else None
        match = [j for j in mine if f["overall"] and j.overall == f["overall"] and when(j)
                 and (limit is None or min(d.first() for d in when(j)) <= limit)]
        match = sorted(match, key=lambda j: max(d.first() for d in when(j)))[-1:]
    if match:
        match[0].cites.append(_cite(Citation, f, sid, says))
        return None
    if not dates:
        return f"{f['source']}: an undated {f['overall'] or 'ungraded'} judgement of {auth.name} matches no known one; not added"
    kind = f["inspection_type"] if f["inspection_type"] in ("sif", "ilacs", "monitoring_visit", "focused_visit", "jtai") \
        else "other"
    i_start = PartialDate.parse(f["inspection_start"]) if f.get("inspection_start") else None
    i_end = PartialDate.parse(f["inspection_end"]) if f.get("inspection_end") else None
    pub = PartialDate.parse(f["published"]) if f.get("published") else None
    jid = Judgement.make_id(auth.id, kind, i_start or pub)
    if any(j.id == jid for j in kb.judgements):
        jid += f":{sid}"
    kb.judgements.append(Judgement(id=jid, cites=[_cite(Citation, f, sid, {})], origin=origin,
                                   confidence=f["confidence"], file=f["source"], authority_id=auth.id, type=kind,
                                   inspection_start=i_start, inspection_end=i_end, published=pub,
                                   overall=f.get("overall"), sub=dict(f.get("subjudgements") or {})))
    return None


def _merge_relation_fact(kb: Any, f: dict[str, Any], sid: str, register: Register, Citation: Any, Relation: Any,
                         origin: str) -> None:
    subject, obj = register.resolve(f["subject"]), register.resolve(f["object"])
    existing = [r for r in kb.relations if r.kind == f["relation"] and r.subject_id == subject.id
                and r.object_id == obj.id]
    cite = _cite(Citation, f, sid, {"start": f["start"]})
    if existing:
        existing[0].cites.append(cite)
        return
    start = PartialDate.parse(f["start"]) if f.get("start") else None
    rid = Relation.make_id(f["relation"], subject.id, obj.id, start)
    if any(r.id == rid for r in kb.relations):
        return
    kb.relations.append(Relation(id=rid, cites=[cite], origin=origin, confidence=f["confidence"], file=f["source"],
                                 kind=f["relation"], subject_id=subject.id, object_id=obj.id, start=start))
