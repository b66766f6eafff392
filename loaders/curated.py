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
    DATA_DIR, Authority, Citation, Judgement, KnowledgeBase, Person, Post, Relation, Source, Tenure,
    inspection_types, ratings, relation_kinds, roles, single_holder, subjudgements,
)
from loaders.register import NameError_, Register, read_register
from loaders.yamlsrc import MAX_FILE_BYTES, LineDict, Problem, line_of, load_yaml

TENURE_KEYS = {"id", "person", "aliases", "role", "title", "authority", "start", "end", "interim", "cites", "note"}
JUDGEMENT_KEYS = {"id", "authority", "type", "title", "inspection_start", "inspection_end", "published",
                  "overall", "inspectors", "cites", "note"}
RELATION_KINDS_KEYS = {"id", "kind", "subject", "object", "title", "start", "end", "cites", "note"}
CITE_KEYS = {"source", "at", "says", "as_of", "title", "note"}
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
                elif k == "overall" and v in ratings():
                    clean_says[k] = v
                else:
                    self.problem(c, f"`says.{k}` is not a date field or a rating", "says")
                    ok = False
            good_date, as_of = self.date(c, "as_of")
            if sid is None or spans is None or not good_date:
                ok = False
                continue
            out.append(Citation(sid, spans, clean_says, as_of, self.text(c, "title"), self.text(c, "note")))
        return out if ok and out else None

    def spans(self, c: LineDict) -> list[tuple[int, int]] | None:
        at = c.get("at")
        if at is None:
            self.problem(c, "a citation needs `at`: character spans [[start, end], ...] in the source", None)
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


def read_fact_file(path: Path, reader: _Reader, kb: KnowledgeBase) -> None:
    reader.file = _display(path)
    data, errs = load_yaml(path, reader.file)
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
    }
    for key, items in data.items():
        if key not in sections:
            reader.problem(data, f"unknown section `{key}`; expected tenures, judgements or relations", str(key))
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
            fact = make(obj)
            if fact is not None:
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


def check_duplicates(kb: KnowledgeBase, problems: list[Problem]) -> None:
    seen: dict[str, tuple[str, int]] = {}
    for f in kb.facts():
        if f.id in seen:
            first = seen[f.id]
            problems.append(Problem(f.file, f.line, f"duplicate fact id {f.id!r} (first at {first[0]}:{first[1]}); "
                                    "merge the two or give one an explicit `id`"))
        else:
            seen[f.id] = (f.file, f.line)


def infer_bounds(kb: KnowledgeBase) -> None:
    """In a single-holder post, bound tenures by their neighbours' evidence.

    An open tenure is closed (end_inferred) at the next holder's first evidence;
    a tenure with no start cannot have begun before the last sighting of an
    earlier holder (not_before). Both are marked as inferred, never as stated.
    """
    by_post: dict[str, list[Tenure]] = {}
    for t in kb.tenures:
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
                        candidates.append(mark)
            if candidates:
                t.end = min(candidates, key=lambda d: d.first())
                t.end_inferred = True


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
    check_duplicates(kb, problems)
    infer_bounds(kb)
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
    reader = _Reader(register, kb, problems)
    for path in sorted((data_dir / "facts").glob("*.yaml")) + sorted((data_dir / "facts").glob("*.yml")):
        read_fact_file(path, reader, kb)
    for path in sorted((data_dir / "facts").glob("*.jsonl")):
        read_jsonl_file(path, reader, kb)
    if sources_dir is not None:
        check_spans(kb, sources_dir, problems)
    finish(kb, problems)
    return kb, problems
