"""Curated facts: data/sources.yaml and data/facts/*.yaml -> a validated KnowledgeBase.

Every problem is reported with file and line, all of them in one run; a bad
fact never hides a good neighbour. Facts without a source are refused.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any, Callable

from graph.dates import DateError, PartialDate
from graph.model import (
    DATA_DIR, ORIGIN_CURATED, ORIGIN_OFFICIAL, Authority, Citation, Judgement, KnowledgeBase, Person, Post, Relation,
    Seat, Search, Source, Tenure,
    inspection_types, ratings, relation_kinds, roles, single_holder, subjudgements,
)
from loaders.register import NameError_, Register, read_register
from loaders.yamlsrc import MAX_FILE_BYTES, LineDict, Problem, line_of, load_yaml

TENURE_KEYS = {"id", "person", "aliases", "role", "title", "authority", "start", "end", "interim", "cites", "note"}
JUDGEMENT_KEYS = {"id", "authority", "type", "title", "inspection_start", "inspection_end", "published",
                  "overall", "inspectors", "cites", "note"}
RELATION_KINDS_KEYS = {"id", "kind", "subject", "object", "title", "start", "end", "cites", "note"}
CITE_KEYS = {"source", "at", "locator", "says", "as_of", "title", "note"}
SEAT_KEYS = {"authority", "role", "since", "interim", "as_of", "cites", "note"}
SEARCH_KEYS = {"authority", "role", "published", "queries", "note"}
SOURCE_KEYS = {"id", "url", "title", "publisher", "published", "published_note", "file"}
MAX_TEXT = 500
_SURROGATE = re.compile("[\ud800-\udfff]")
DATE_FIELDS = {"start", "end", "inspection_start", "inspection_end", "published"}


class LoadError(Exception):
    """Raised with every problem found, so a caller can print them all."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


class _Reader:
    """Turns YAML mappings into model objects, collecting problems instead of stopping."""

    def __init__(self, register: Register, kb: KnowledgeBase, problems: list[Problem]) -> None:
        self.register, self.kb, self.problems = register, kb, problems
        self.file = ""

    def problem(self, obj: Any, message: str, key: str | None = None) -> None:
        self.problems.append(Problem(self.file, line_of(obj, key), message))

    def text(self, obj: LineDict, key: str, required: bool = False) -> str | None:
        value = obj.get(key)
        if type(value) is str and value and value.isascii() and len(value) <= MAX_TEXT:
            return value.strip()  # the common case: no surrogate is possible in ASCII
        if value is None or value == "":
            if required:
                self.problem(obj, f"missing `{key}`")
            return None
        if not isinstance(value, (str, int, float)) or isinstance(value, bool):
            self.problem(obj, f"`{key}` must be text", key)
            return None
        value = str(value).strip()
        if _SURROGATE.search(value):
            self.problem(obj, f"`{key}` holds an invalid character (a lone UTF-16 surrogate escape)", key)
            return None
        if len(value) > MAX_TEXT:
            self.problem(obj, f"`{key}` is longer than {MAX_TEXT} characters", key)
            return None
        return value

    def date(self, obj: LineDict, key: str) -> tuple[bool, PartialDate | None]:
        value = obj.get(key)
        if value is None or value == "":
            return True, None
        try:
            return True, PartialDate.parse(value)
        except DateError as exc:
            self.problem(obj, f"`{key}`: {exc}", key)
            return False, None

    def choice(self, obj: LineDict, key: str, allowed: tuple[str, ...] | dict, what: str,
               required: bool = True) -> str | None:
        value = self.text(obj, key, required)
        if value is None:
            return None
        if value not in allowed:
            self.problem(obj, f"unknown {what} {value!r}; expected one of: {', '.join(allowed)}", key)
            return None
        return value

    def authority(self, obj: LineDict, key: str) -> Authority | None:
        name = self.text(obj, key, required=True)
        if name is None:
            return None
        try:
            return self.register.resolve(name)
        except NameError_ as exc:
            self.problem(obj, str(exc), key)
            return None

    def unknown_keys(self, obj: LineDict, allowed: set[str], what: str) -> None:
        for key in obj:
            if key not in allowed:
                self.problem(obj, f"unknown field `{key}` in a {what}; expected: {', '.join(sorted(allowed))}", str(key))

    def person(self, name: str, aliases: list[str] | None = None) -> Person:
        pid = Person.make_id(name)
        person = self.kb.people.get(pid)
        if person is None:
            person = self.kb.people[pid] = Person(pid, name)
        for alias in aliases or []:
            if alias not in person.aliases:
                person.aliases.append(alias)
        return person

    def cites(self, obj: LineDict) -> list[Citation] | None:
        raw = obj.get("cites")
        if not raw:
            self.problem(obj, "a fact needs at least one source in `cites`")
            return None
        if not isinstance(raw, list):
            self.problem(obj, "`cites` must be a list", "cites")
            return None
        out: list[Citation] = []
        ok = True
        for c in raw:
            if not isinstance(c, LineDict):
                self.problem(obj, "each entry of `cites` must be a mapping", "cites")
                ok = False
                continue
            self.unknown_keys(c, CITE_KEYS, "citation")
            sid = self.text(c, "source", required=True)
            if sid is not None and sid not in self.kb.sources:
                self.problem(c, f"unknown source {sid!r}: add it to sources.yaml first", "source")
                sid = None
            spans = self.spans(c)
            says = c.get("says") or {}
            if not isinstance(says, dict):
                self.problem(c, "`says` must be a mapping", "says")
                says = {}
            clean_says: dict[str, str] = {}
            for k, v in says.items():
                if k in DATE_FIELDS:
                    try:
                        clean_says[k] = str(PartialDate.parse(v))
                    except DateError as exc:
                        self.problem(c, f"`says.{k}`: {exc}", "says")
                        ok = False
                elif (k == "overall" or k in subjudgements()) and v in ratings():
                    clean_says[k] = v
                else:
                    self.problem(c, f"`says.{k}` is not a date field or a rating (overall or a sub-judgement)", "says")
                    ok = False
            good_date, as_of = self.date(c, "as_of")
            if sid is None or spans is None or not good_date:
                ok = False
                continue
            out.append(Citation(sid, spans, clean_says, as_of, self.text(c, "title"), self.text(c, "note"),
                                locator=self.text(c, "locator")))
        return out if ok and out else None

    def spans(self, c: LineDict) -> list[tuple[int, int]] | None:
        at = c.get("at")
        if at is None:
            if isinstance(c.get("locator"), str) and c["locator"].strip():
                return []  # a page with no archived text: the locator says where to look
            self.problem(c, "a citation needs `at` (character spans [[start, end], ...] in the source's text) "
                            "or `locator` (where in the page, e.g. 'paragraph 4')", None)
            return None
        if isinstance(at, list) and len(at) == 2 and all(isinstance(x, int) for x in at):
            at = [at]
        spans: list[tuple[int, int]] = []
        for pair in at if isinstance(at, list) else [None]:
            if (not isinstance(pair, list) or len(pair) != 2
                    or not all(isinstance(x, int) and not isinstance(x, bool) for x in pair)
                    or not 0 <= pair[0] < pair[1]):
                self.problem(c, f"`at` must hold [start, end] pairs with 0 <= start < end, not {pair!r}", "at")
                return None
            spans.append((pair[0], pair[1]))
        return spans

    def dates_in_order(self, obj: LineDict, start: PartialDate | None, end: PartialDate | None,
                       names: tuple[str, str] = ("start", "end")) -> bool:
        if start and end and end.last() < start.first():
            self.problem(obj, f"`{names[1]}` {end} is before `{names[0]}` {start}", names[1])
            return False
        return True

    # -- facts -------------------------------------------------------------

    def tenure(self, obj: LineDict) -> Tenure | None:
        self.unknown_keys(obj, TENURE_KEYS, "tenure")
        name = self.text(obj, "person", required=True)
        role = self.choice(obj, "role", roles(), "role")
        auth = self.authority(obj, "authority")
        ok_s, start = self.date(obj, "start")
        ok_e, end = self.date(obj, "end")
        cites = self.cites(obj)
        interim = obj.get("interim", False)
        if not isinstance(interim, bool):
            self.problem(obj, "`interim` must be true or false", "interim")
            return None
        aliases = obj.get("aliases") or []
        if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
            self.problem(obj, "`aliases` must be a list of names", "aliases")
            return None
        if None in (name, role, auth, cites) or not (ok_s and ok_e):
            return None
        if not self.dates_in_order(obj, start, end):
            return None
        assert name and role and auth and cites is not None
        person = self.person(name, aliases)
        title = self.text(obj, "title") or role.replace("_", " ")
        post_id = Post.make_id(auth.id, role, title)
        self.kb.posts.setdefault(post_id, Post(post_id, role, title, auth.id))
        tid = self.text(obj, "id") or Tenure.make_id(person.id, post_id, start)
        return Tenure(id=tid, cites=cites, file=self.file, line=obj.line, person_id=person.id, post_id=post_id,
                      role=role, title=title, authority_id=auth.id, start=start, end=end, interim=interim)

    def judgement(self, obj: LineDict) -> Judgement | None:
        self.unknown_keys(obj, JUDGEMENT_KEYS | set(subjudgements()), "judgement")
        auth = self.authority(obj, "authority")
        type_ = self.choice(obj, "type", inspection_types(), "inspection type")
        overall = self.choice(obj, "overall", ratings(), "rating", required=False)
        bad_overall = obj.get("overall") not in (None, "") and overall is None
        sub = {}
        for key in subjudgements():
            if obj.get(key) is not None:
                grade = self.choice(obj, key, ratings(), "rating")
                if grade is None:
                    return None
                sub[key] = grade
        ok1, i_start = self.date(obj, "inspection_start")
        ok2, i_end = self.date(obj, "inspection_end")
        ok3, published = self.date(obj, "published")
        cites = self.cites(obj)
        inspectors = obj.get("inspectors") or []
        if not isinstance(inspectors, list) or not all(isinstance(n, str) for n in inspectors):
            self.problem(obj, "`inspectors` must be a list of names", "inspectors")
            return None
        if None in (auth, type_, cites) or bad_overall or not (ok1 and ok2 and ok3):
            return None
        if not self.dates_in_order(obj, i_start, i_end, ("inspection_start", "inspection_end")):
            return None
        if published and (i_start or i_end) and published.last() < (i_start or i_end).first():  # type: ignore[union-attr]
            self.problem(obj, "`published` is before the inspection", "published")
            return None
        assert auth and type_ and cites is not None
        jid = self.text(obj, "id") or Judgement.make_id(auth.id, type_, i_start or published)
        return Judgement(id=jid, cites=cites, file=self.file, line=obj.line, authority_id=auth.id, type=type_,
                         title=self.text(obj, "title") or "", inspection_start=i_start, inspection_end=i_end,
                         published=published, overall=overall, sub=sub,
                         inspectors=[self.person(n).id for n in inspectors])

    def seat(self, obj: LineDict) -> Seat | None:
        """Unnamed evidence of a post's holder (Ofsted reports state time in post without names)."""
        self.unknown_keys(obj, SEAT_KEYS, "seat")
        role = self.choice(obj, "role", roles(), "role")
        auth = self.authority(obj, "authority")
        ok_s, since = self.date(obj, "since")
        ok_a, as_of = self.date(obj, "as_of")
        cites = self.cites(obj)
        interim = obj.get("interim", False)
        if not isinstance(interim, bool):
            self.problem(obj, "`interim` must be true or false", "interim")
            return None
        if None in (role, auth, cites, since, as_of) or not (ok_s and ok_a):
            if ok_s and ok_a and (since is None or as_of is None):
                self.problem(obj, "a seat needs `since` and `as_of` dates")
            return None
        assert role and auth and cites is not None and since and as_of
        if as_of.last() < since.first():
            self.problem(obj, f"`as_of` {as_of} is before `since` {since}", "as_of")
            return None
        for c in cites:
            c.as_of = c.as_of or as_of
        post_id = Post.make_id(auth.id, role, role.replace("_", " "))
        return Seat(id=Seat.make_id(post_id, since, as_of), cites=cites, file=self.file, line=obj.line,
                    post_id=post_id, role=role, authority_id=auth.id, since=since, interim=interim)

    def search(self, obj: LineDict) -> Search | None:
        """A post searched for and not found, with the searches tried."""
        self.unknown_keys(obj, SEARCH_KEYS, "search record")
        role = self.choice(obj, "role", roles(), "role")
        auth = self.authority(obj, "authority")
        ok, published = self.date(obj, "published")
        queries = obj.get("queries") or []
        if not isinstance(queries, list) or not all(isinstance(q, str) for q in queries):
            self.problem(obj, "`queries` must be a list of the searches tried", "queries")
            return None
        if None in (role, auth) or not ok:
            return None
        assert role and auth
        sid = f"search:{auth.id}:{role}:{published or 'undated'}"
        return Search(sid, auth.id, role, published, list(queries), self.text(obj, "note"), self.file, obj.line)

    def relation(self, obj: LineDict) -> Relation | None:
        self.unknown_keys(obj, RELATION_KINDS_KEYS, "relation")
        kind = self.choice(obj, "kind", relation_kinds(), "relation kind")
        subject = self.authority(obj, "subject")
        target = self.authority(obj, "object")
        ok_s, start = self.date(obj, "start")
        ok_e, end = self.date(obj, "end")
        cites = self.cites(obj)
        if None in (kind, subject, target, cites) or not (ok_s and ok_e):
            return None
        if not self.dates_in_order(obj, start, end):
            return None
        assert kind and subject and target and cites is not None
        rid = self.text(obj, "id") or Relation.make_id(kind, subject.id, target.id, start)
        return Relation(id=rid, cites=cites, file=self.file, line=obj.line, kind=kind, subject_id=subject.id,
                        object_id=target.id, title=self.text(obj, "title") or "", start=start, end=end)


def _display(path: Path) -> str:
    try:
        return os.path.relpath(path)
    except ValueError:
        return str(path)


def read_sources(path: Path, kb: KnowledgeBase, problems: list[Problem]) -> None:
    name = _display(path)
    data, errs = load_yaml(path, name)
    problems.extend(errs)
    if data is None:
        return
    if not isinstance(data, list):
        problems.append(Problem(name, 1, "sources.yaml must be a list of sources"))
        return
    add_sources(name, data, kb, problems)


def read_file_sources(path: Path, kb: KnowledgeBase, problems: list[Problem]) -> Any:
    """A fact file may carry the sources its facts cite (`sources:`); returns the parsed file."""
    name = _display(path)
    data, errs = load_yaml(path, name)
    if isinstance(data, LineDict) and data.get("sources") is not None:
        if isinstance(data["sources"], list):
            add_sources(name, data["sources"], kb, problems)
        else:
            problems.append(Problem(name, line_of(data, "sources"), "`sources` must be a list of sources"))
    return data, errs


def add_sources(name: str, data: list, kb: KnowledgeBase, problems: list[Problem]) -> None:
    for obj in data:
        if not isinstance(obj, LineDict):
            problems.append(Problem(name, 0, "each source must be a mapping"))
            continue
        for key in obj:
            if key not in SOURCE_KEYS:
                problems.append(Problem(name, line_of(obj, str(key)), f"unknown field `{key}` in a source"))
        sid = obj.get("id")
        if not isinstance(sid, str) or not sid:
            problems.append(Problem(name, obj.line, "a source needs an `id`"))
            continue
        if sid in kb.sources:
            problems.append(Problem(name, obj.line, f"duplicate source id {sid!r}"))
            continue
        wrong = [k for k in ("url", "title", "publisher", "published_note", "file", "published")
                 if obj.get(k) is not None and not isinstance(obj.get(k), str)]
        if wrong:
            for k in wrong:
                problems.append(Problem(name, line_of(obj, k), f"`{k}` must be text, not {type(obj[k]).__name__}"))
            continue
        file = obj.get("file")
        if file and (Path(file).is_absolute() or ".." in Path(file).parts or "\x00" in file):
            problems.append(Problem(name, line_of(obj, "file"), "`file` must be a path inside the sources folder "
                                                                "(no '..', not absolute)"))
            continue
        try:
            published = PartialDate.parse(obj["published"]) if obj.get("published") else None
        except DateError as exc:
            problems.append(Problem(name, line_of(obj, "published"), f"`published`: {exc}"))
            continue
        kb.sources[sid] = Source(sid, obj.get("url"), obj.get("title"), obj.get("publisher"), published,
                                 obj.get("published_note"), obj.get("file"))


def read_sources_jsonl(path: Path, kb: KnowledgeBase, problems: list[Problem]) -> None:
    """Generated sources (e.g. data/sources-ofsted.jsonl), one JSON object per line."""
    import json

    name = _display(path)
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        problems.append(Problem(name, 0, f"cannot read file: {exc}"))
        return
    for lineno, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except ValueError as exc:
            problems.append(Problem(name, lineno, f"malformed JSON: {exc}"))
            continue
        if not isinstance(obj, dict) or not isinstance(obj.get("id"), str) or not obj["id"]:
            problems.append(Problem(name, lineno, "each line must be an object with an `id`"))
            continue
        unknown = set(obj) - SOURCE_KEYS
        if unknown:
            problems.append(Problem(name, lineno, f"unknown field(s) {', '.join(sorted(unknown))} in a source"))
            continue
        if obj["id"] in kb.sources:
            problems.append(Problem(name, lineno, f"duplicate source id {obj['id']!r}"))
            continue
        try:
            published = PartialDate.parse(obj["published"]) if obj.get("published") else None
        except DateError as exc:
            problems.append(Problem(name, lineno, f"`published`: {exc}"))
            continue
        kb.sources[obj["id"]] = Source(obj["id"], obj.get("url"), obj.get("title"), obj.get("publisher"), published,
                                       obj.get("published_note"), obj.get("file"))


def read_fact_file(path: Path, reader: _Reader, kb: KnowledgeBase, parsed: Any = None) -> None:
    reader.file = _display(path)
    data, errs = parsed if parsed is not None else load_yaml(path, reader.file)
    reader.problems.extend(errs)
    if data is None:
        return
    if not isinstance(data, LineDict):
        reader.problems.append(Problem(reader.file, 1, "a fact file is a mapping with tenures/judgements/relations"))
        return
    sections: dict[str, tuple[Callable[[LineDict], Any], list]] = {
        "tenures": (reader.tenure, kb.tenures),
        "judgements": (reader.judgement, kb.judgements),
        "relations": (reader.relation, kb.relations),
        "seats": (reader.seat, kb.seats),
        "searched": (reader.search, kb.searches),
    }
    for key, items in data.items():
        if key == "sources":
            continue  # read in a first pass (read_file_sources), so any file may cite them
        if key not in sections:
            reader.problem(data, f"unknown section `{key}`; expected sources, tenures, judgements, relations, "
                                 "seats or searched", str(key))
            continue
        if items is None:
            continue
        if not isinstance(items, list):
            reader.problem(data, f"`{key}` must be a list", str(key))
            continue
        make, target = sections[key]
        for obj in items:
            if not isinstance(obj, LineDict):
                reader.problem(data, f"each entry of `{key}` must be a mapping", str(key))
                continue
            fact = make(obj)
            if fact is not None:
                target.append(fact)


def read_jsonl_file(path: Path, reader: _Reader, kb: KnowledgeBase) -> None:
    """Facts one JSON object per line, with "kind": tenure | judgement | relation (for bulk and generated data)."""
    import json

    reader.file = _display(path)
    makers: dict[str, tuple[Callable[[LineDict], Any], list]] = {
        "tenure": (reader.tenure, kb.tenures), "judgement": (reader.judgement, kb.judgements),
        "relation": (reader.relation, kb.relations)}

    def mapping(pairs: list[tuple[str, Any]]) -> LineDict:
        out = LineDict()
        out.line, out.key_lines = lineno, {}
        for k, v in pairs:
            if k in out:
                raise ValueError(f"duplicate key {k!r}")
            out[k] = v
            out.key_lines[k] = lineno
        return out

    try:
        handle = open(path, "rb")
    except OSError as exc:
        reader.problems.append(Problem(reader.file, 0, f"cannot read file: {exc.strerror or exc}"))
        return
    with handle:
        lineno = 0
        for lineno, raw in enumerate(handle, 1):  # bytes: a bad byte costs its own line, not the rest of the file
            try:
                line = raw.decode("utf-8")
            except UnicodeDecodeError as exc:
                reader.problems.append(Problem(reader.file, lineno, f"not valid UTF-8 text (byte {exc.start + 1} "
                                                                    "of the line)"))
                continue
            if not line.strip():
                continue
            try:
                obj = json.loads(line, object_pairs_hook=mapping)
            except (ValueError, RecursionError) as exc:
                reader.problems.append(Problem(reader.file, lineno, f"malformed JSON: {exc}"))
                continue
            if not isinstance(obj, LineDict) or obj.get("kind") not in makers:
                reader.problems.append(Problem(reader.file, lineno,
                                               'each line must be an object with "kind": tenure, judgement or relation'))
                continue
            make, target = makers[obj.pop("kind")]
            origin = obj.pop("origin", ORIGIN_CURATED)
            if origin not in (ORIGIN_CURATED, ORIGIN_OFFICIAL):
                reader.problems.append(Problem(reader.file, lineno,
                                               f'"origin" must be {ORIGIN_CURATED} or {ORIGIN_OFFICIAL}, not {origin!r}'))
                continue
            fact = make(obj)
            if fact is not None:
                fact.origin = origin
                target.append(fact)


def vocabulary_problems() -> list[Problem]:
    """data/vocabulary.yaml must parse and hold the lists and maps every check relies on."""
    path = DATA_DIR / "vocabulary.yaml"
    name = _display(path)
    data, errs = load_yaml(path, name)
    if errs:
        return errs
    if not isinstance(data, dict):
        return [Problem(name, 1, "the vocabulary must be a mapping")]
    out = []
    for key in ("roles", "ratings", "inspection_types", "subjudgements", "relation_kinds"):
        if not isinstance(data.get(key), dict) or not data[key]:
            out.append(Problem(name, line_of(data, key), f"`{key}` must be a mapping of names to descriptions"))
    for role, spec in (data.get("roles") or {}).items() if isinstance(data.get("roles"), dict) else []:
        if not isinstance(spec, dict):
            out.append(Problem(name, line_of(data["roles"], str(role)), f"role `{role}` must be a mapping"))
    return out


def _compatible(a: PartialDate | None, b: PartialDate | None) -> bool:
    return a is None or b is None or a.overlaps(b)


def merge_same_tenures(kb: KnowledgeBase) -> None:
    """One stint, however many files record it: same person, same post, dates that agree.

    Curated files are organised by council and by research batch, so the same
    tenure can be written twice. Two entries whose starts and ends overlap (or are
    unknown on one side) are one fact: the first keeps its id and gains the other's
    citations; a more precise date is taken, and a date the other entry gave that
    differs stays as what its sources say (`tenure conflicts` shows it).
    """
    by_stint: dict[tuple[str, str], list[Tenure]] = {}
    for t in kb.tenures:
        if t.origin == ORIGIN_CURATED:
            by_stint.setdefault((t.person_id, t.post_id), []).append(t)
    dropped: set[int] = set()
    for group in by_stint.values():
        for i, base in enumerate(group):
            if id(base) in dropped:
                continue
            for other in group[i + 1:]:
                if id(other) in dropped or base.interim != other.interim:
                    continue
                if not (_compatible(base.start, other.start) and _compatible(base.end, other.end)):
                    continue
                for field in ("start", "end"):
                    mine, theirs = getattr(base, field), getattr(other, field)
                    if theirs is not None and (mine is None or theirs.last() - theirs.first() < mine.last() - mine.first()):
                        setattr(base, field, theirs)
                    for c in other.cites:
                        if theirs is not None and str(theirs) != str(getattr(base, field)):
                            c.says.setdefault(field, str(theirs))
                    if mine is not None and str(mine) != str(getattr(base, field)):
                        for c in base.cites:
                            c.says.setdefault(field, str(mine))
                base.cites.extend(other.cites)
                dropped.add(id(other))
    if dropped:
        kb.tenures[:] = [t for t in kb.tenures if id(t) not in dropped]


def merge_same_citations(kb: KnowledgeBase) -> None:
    """One citation per source and place within a fact (every store keys CITES by fact, source and spans).

    Two citations of the same page without archived text differ only by their locators: they become one,
    with both locators and notes, the later sighting and every date the page says.
    """
    for f in kb.facts():
        if len(f.cites) < 2:
            continue
        seen: dict[tuple[str, tuple[tuple[int, int], ...]], Citation] = {}
        kept: list[Citation] = []
        for c in f.cites:
            key = (c.source_id, tuple(c.spans))
            first = seen.get(key)
            if first is None:
                seen[key] = c
                kept.append(c)
                continue
            first.locator = "; ".join(dict.fromkeys(x for x in (first.locator, c.locator) if x)) or None
            first.note = " / ".join(dict.fromkeys(x for x in (first.note, c.note) if x)) or None
            if c.as_of and (first.as_of is None or c.as_of.first() > first.as_of.first()):
                first.as_of = c.as_of
            for k, v in c.says.items():
                first.says.setdefault(k, v)
        if len(kept) != len(f.cites):
            f.cites[:] = kept


def merge_searches(kb: KnowledgeBase) -> None:
    """Two research passes that searched for the same post: one record with every query tried."""
    by_id: dict[str, Search] = {}
    for q in kb.searches:
        first = by_id.setdefault(q.id, q)
        if first is not q:
            first.queries.extend(x for x in q.queries if x not in first.queries)
            first.note = "; ".join(n for n in (first.note, q.note) if n) or None
    kb.searches[:] = list(by_id.values())


def check_sightings(kb: KnowledgeBase, problems: list[Problem]) -> None:
    """A citation's `as_of` says the person was in post that day: not before a stated start, nor after a stated end.

    An appointment announced before the start, or a retrospective page, is evidence of the dates it states,
    not a sighting (leave `as_of` out, or record the other date the page gives under `says`).
    """
    for t in kb.tenures:
        for c in t.cites:
            if c.as_of is None:
                continue
            if t.start and "start" not in c.says and c.as_of.last() < t.start.first():
                problems.append(Problem(t.file, t.line, f"{c.source_id}: `as_of` {c.as_of} is before the stated "
                                                        f"start {t.start}; an announcement is not a sighting"))
            if t.end and not t.end_inferred and "end" not in c.says and c.as_of.first() > t.end.last():
                problems.append(Problem(t.file, t.line, f"{c.source_id}: `as_of` {c.as_of} is after the stated "
                                                        f"end {t.end}; a later page is not a sighting"))


def check_duplicates(kb: KnowledgeBase, problems: list[Problem]) -> None:
    seen: dict[str, tuple[str, int]] = {}
    for f in kb.facts():
        if f.id in seen:
            first = seen[f.id]
            problems.append(Problem(f.file, f.line, f"duplicate fact id {f.id!r} (first at {first[0]}:{first[1]}); "
                                    "merge the two or give one an explicit `id`"))
        else:
            seen[f.id] = (f.file, f.line)


def infer_bounds(kb: KnowledgeBase, again: bool = False) -> None:
    """In a single-holder post, bound tenures by their neighbours' evidence.

    An open tenure is closed (end_inferred) at the next holder's first evidence;
    a tenure with no start cannot have begun before the last sighting of an
    earlier holder (not_before). Both are marked as inferred, never as stated.
    `again` first clears what an earlier pass inferred (new evidence arrived).
    """
    by_post: dict[str, list[Tenure]] = {}
    for t in kb.tenures:
        if again:  # moves bound posts of any role, so clear every inferred bound
            t.not_before, t.start_note = None, None
            if t.end_inferred:
                t.end, t.end_inferred, t.end_note = None, False, None
        if single_holder(t.role):
            by_post.setdefault(t.post_id, []).append(t)
    for tenures in by_post.values():
        for t in tenures:
            if t.start is None and t.as_of:
                first_seen = t.as_of[0].first()
                earlier = [m for o in tenures if o.person_id != t.person_id
                           for m in ([o.start] if o.start else []) + list(o.as_of) if m.last() < first_seen]
                if earlier:
                    t.not_before = max(earlier, key=lambda d: d.first())
                    t.start_note = "when an earlier holder was last seen"
            if t.end is not None:
                continue
            begin = t.start.first() if t.start else (t.as_of[-1].first() if t.as_of else None)
            if begin is None:
                continue
            last_seen = max([a.last() for a in t.as_of], default=begin)
            candidates = []
            for other in tenures:
                if other.person_id == t.person_id:
                    continue
                marks = ([other.start] if other.start else []) or list(other.as_of[:1])
                for mark in marks:
                    if mark.first() > last_seen and mark.first() > begin:
                        candidates.append((mark, "started" if other.start else "was first seen"))
            if candidates:
                t.end, how = min(candidates, key=lambda c: c[0].first())
                t.end_inferred = True
                t.end_note = f"when the next holder {how}"
    from graph.careers import bound_by_moves

    bound_by_moves(kb)


def check_single_holders(kb: KnowledgeBase, problems: list[Problem]) -> None:
    by_post: dict[str, list[Tenure]] = {}
    for t in kb.tenures:
        if single_holder(t.role) and not t.interim:
            by_post.setdefault(t.post_id, []).append(t)
    for post_id, tenures in by_post.items():
        for i, a in enumerate(tenures):
            ca = a.span.certain()
            if ca.empty:
                continue
            for b in tenures[i + 1:]:
                if a.person_id == b.person_id:
                    continue
                cb = b.span.certain()
                if not cb.empty and ca.overlaps(cb):
                    problems.append(Problem(b.file, b.line, (
                        f"{kb.people[b.person_id].name} and {kb.people[a.person_id].name} (at {a.file}:{a.line}) "
                        f"both certainly hold the single-holder post {post_id} between "
                        f"{max(ca.lo, cb.lo)} and {min(ca.hi, cb.hi)}")))


def set_in_force(kb: KnowledgeBase) -> None:
    """A graded judgement is in force from publication until the next graded one is published."""
    by_auth: dict[str, list[Judgement]] = {}
    for j in kb.judgements:
        if j.graded and (j.published or j.inspection_end or j.inspection_start):
            by_auth.setdefault(j.authority_id, []).append(j)
    for js in by_auth.values():
        js.sort(key=lambda j: (j.published or j.inspection_end or j.inspection_start).first())  # type: ignore[union-attr]
        for a, b in zip(js, js[1:]):
            a.in_force_until = b.published or b.inspection_end or b.inspection_start


def check_spans(kb: KnowledgeBase, sources_dir: Path, problems: list[Problem]) -> None:
    """With the texts at hand, every span must fall inside its source."""
    lengths: dict[str, int | None] = {}
    for sid, src in kb.sources.items():
        path = sources_dir / src.file if src.file else None
        lengths[sid] = None
        if not (path and path.is_file()):
            continue
        try:
            raw = path.read_bytes()
            if len(raw) > MAX_FILE_BYTES:
                problems.append(Problem(_display(path), 0, f"source text of {sid!r} is larger than "
                                                           f"{MAX_FILE_BYTES // 2**20} MiB: not checked"))
                continue
            lengths[sid] = len(raw.decode("utf-8"))
        except UnicodeDecodeError as exc:
            line = raw[: exc.start].count(b"\n") + 1
            problems.append(Problem(_display(path), line, f"source text of {sid!r} is not valid UTF-8 "
                                                          f"(byte {exc.start + 1}); its spans are not checked"))
        except OSError as exc:
            problems.append(Problem(_display(path), 0, f"cannot read the source text of {sid!r}: "
                                                       f"{exc.strerror or exc}"))
    for f in kb.facts():
        for c in f.cites:
            n = lengths.get(c.source_id)
            if n is not None and any(e > n for _, e in c.spans):
                problems.append(Problem(f.file, f.line, f"span {c.spans} is past the end of {c.source_id} ({n} characters)"))


def finish(kb: KnowledgeBase, problems: list[Problem]) -> None:
    from loaders.official_merge import merge_official
    from loaders.seats import resolve_seats

    merge_official(kb)
    merge_same_tenures(kb)
    merge_searches(kb)
    merge_same_citations(kb)
    check_sightings(kb, problems)
    check_duplicates(kb, problems)
    infer_bounds(kb)
    if kb.seats and resolve_seats(kb):
        infer_bounds(kb, again=True)
    check_single_holders(kb, problems)
    set_in_force(kb)


def load_curated(data_dir: Path = DATA_DIR, sources_dir: Path | None = None,
                 register: Register | None = None) -> tuple[KnowledgeBase, list[Problem]]:
    """Load and validate; returns the knowledge base and every problem found."""
    problems: list[Problem] = vocabulary_problems()
    if problems:  # every check below needs the vocabulary
        return KnowledgeBase(authorities={}), problems
    if register is None:
        register, reg_problems = read_register(data_dir if (data_dir / "authorities.csv").exists() else DATA_DIR)
        problems.extend(reg_problems)
    kb = KnowledgeBase(authorities=dict(register.authorities))
    if (data_dir / "sources.yaml").exists():
        read_sources(data_dir / "sources.yaml", kb, problems)
    for path in sorted(data_dir.glob("sources-*.jsonl")):
        read_sources_jsonl(path, kb, problems)
    reader = _Reader(register, kb, problems)
    yaml_files = sorted((data_dir / "facts").glob("*.yaml")) + sorted((data_dir / "facts").glob("*.yml"))
    parsed = [read_file_sources(path, kb, problems) for path in yaml_files]
    for path, pair in zip(yaml_files, parsed):
        read_fact_file(path, reader, kb, pair)
    for path in sorted((data_dir / "facts").glob("*.jsonl")):
        read_jsonl_file(path, reader, kb)
    if sources_dir is not None:
        check_spans(kb, sources_dir, problems)
    finish(kb, problems)
    return kb, problems
