"""The model: people, authorities, posts, tenures, judgements, relations, sources.

Plain dataclasses, independent of any store. Ids are deterministic, built from
the parts that identify a fact and spelling out unknowns ("start-unknown"), so
that rebuilds and Neo4j MERGE are idempotent.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from graph.dates import PartialDate, Span, Window

ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = ROOT / "data"
ORIGIN_CURATED = "curated"
ORIGIN_EXTRACTED = "extracted"
ORIGIN_OFFICIAL = "official"  # Ofsted's own record (data/facts/ofsted-*.jsonl, `tenure import ofsted`)


@lru_cache(maxsize=1)
def vocabulary() -> dict[str, Any]:
    """The controlled vocabularies, read once from data/vocabulary.yaml."""
    import yaml

    with open(DATA_DIR / "vocabulary.yaml", encoding="utf-8") as fh:
        return yaml.safe_load(fh)


def roles() -> dict[str, dict[str, Any]]:
    return vocabulary()["roles"]


@lru_cache(maxsize=1)
def ratings() -> tuple[str, ...]:
    return tuple(vocabulary()["ratings"])


@lru_cache(maxsize=1)
def inspection_types() -> tuple[str, ...]:
    return tuple(vocabulary()["inspection_types"])


@lru_cache(maxsize=1)
def subjudgements() -> tuple[str, ...]:
    return tuple(vocabulary()["subjudgements"])


@lru_cache(maxsize=1)
def relation_kinds() -> tuple[str, ...]:
    return tuple(vocabulary()["relation_kinds"])


def single_holder(role: str) -> bool:
    return bool(roles().get(role, {}).get("single_holder"))


_NOT_SLUG = re.compile(r"[^a-z0-9]+")


@lru_cache(maxsize=1 << 16)
def slug(text: str) -> str:
    """Lower-case ASCII words joined by '-', for ids."""
    norm = text if text.isascii() else unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return _NOT_SLUG.sub("-", norm.lower()).strip("-") or "x"


@dataclass(slots=True)
class Citation:
    """Where a source states a fact: character spans into its text, and what it says."""

    source_id: str
    spans: list[tuple[int, int]] = field(default_factory=list)
    says: dict[str, str] = field(default_factory=dict)
    as_of: PartialDate | None = None
    title: str | None = None
    note: str | None = None
    evidence: str | None = None  # only for extracted facts, read from the article itself
    locator: str | None = None  # where in a page with no archived text ("paragraph 4")

    @property
    def char_start(self) -> int | None:
        return self.spans[0][0] if self.spans else None

    @property
    def char_end(self) -> int | None:
        return self.spans[0][1] if self.spans else None


@dataclass(slots=True)
class Source:
    id: str
    url: str | None = None
    title: str | None = None
    publisher: str | None = None
    published: PartialDate | None = None
    published_note: str | None = None
    file: str | None = None

    def brief(self) -> dict[str, Any]:
        return {"id": self.id, "url": self.url, "title": self.title, "publisher": self.publisher,
                "published": str(self.published) if self.published else None, "file": self.file}


@dataclass(slots=True)
class Authority:
    id: str
    name: str
    kind: str = ""
    region: str = ""
    dfe_code: str = ""
    aliases: list[str] = field(default_factory=list)
    valid_from: str = ""
    valid_to: str = ""


@dataclass(slots=True)
class Person:
    id: str
    name: str
    aliases: list[str] = field(default_factory=list)

    @staticmethod
    def make_id(name: str) -> str:
        return f"person:{slug(name)}"


@dataclass(slots=True)
class Post:
    """A seat held in turn. Single-holder roles have one seat per authority."""

    id: str
    role: str
    title: str
    authority_id: str

    @staticmethod
    def make_id(authority_id: str, role: str, title: str) -> str:
        base = f"post:{authority_id}:{role}"
        return base if single_holder(role) else f"{base}:{slug(title)}"


@dataclass(slots=True)
class Fact:
    """What every fact shares: provenance and where it was written."""

    id: str
    cites: list[Citation]
    origin: str = ORIGIN_CURATED
    confidence: float = 1.0
    file: str = ""
    line: int = 0

    @property
    def source_ids(self) -> list[str]:
        return list(dict.fromkeys(c.source_id for c in self.cites))

    @property
    def as_of(self) -> tuple[PartialDate, ...]:
        """The dates on which a source shows the fact holding."""
        return tuple(sorted({c.as_of for c in self.cites if c.as_of}))


@dataclass(slots=True)
class Tenure(Fact):
    person_id: str = ""
    post_id: str = ""
    role: str = ""
    title: str = ""
    authority_id: str = ""
    start: PartialDate | None = None
    end: PartialDate | None = None
    end_inferred: bool = False
    interim: bool = False
    not_before: PartialDate | None = None
    start_note: str | None = None  # why not_before: whose evidence bounds the start (our words)
    end_note: str | None = None  # why the inferred end: the next holder's, or this person's next post

    @property
    def span(self) -> Span:
        return Span(self.start, self.end, self.end_inferred, self.as_of, self.not_before)

    @staticmethod
    def make_id(person_id: str, post_id: str, start: PartialDate | None) -> str:
        return f"tenure:{person_id.split(':', 1)[1]}:{post_id.split(':', 1)[1]}:{start or 'start-unknown'}"


@dataclass(slots=True)
class Judgement(Fact):
    authority_id: str = ""
    type: str = "other"
    title: str = ""
    inspection_start: PartialDate | None = None
    inspection_end: PartialDate | None = None
    published: PartialDate | None = None
    overall: str | None = None
    sub: dict[str, str] = field(default_factory=dict)
    inspectors: list[str] = field(default_factory=list)
    in_force_until: PartialDate | None = None  # computed: next graded judgement's publication

    @property
    def graded(self) -> bool:
        return self.overall is not None

    def window(self, at: str) -> Window | None:
        """The days a judgement speaks for: its inspection, publication, or period in force."""
        if at == "inspection":
            start = self.inspection_start or self.inspection_end
            return Window.of(start, self.inspection_end or start) if start else None
        if at == "published":
            return Window.of(self.published) if self.published else None
        if at == "in-force":
            begin = self.published or self.inspection_end or self.inspection_start
            if begin is None:
                return None
            return Window(begin.first(), self.in_force_until.first() if self.in_force_until else Window.of(None).hi)
        raise ValueError(f"--at must be inspection, published or in-force, not {at!r}")

    @staticmethod
    def make_id(authority_id: str, type_: str, date: PartialDate | None) -> str:
        return f"judgement:{authority_id}:{type_}:{date or 'undated'}"


@dataclass(slots=True)
class Relation(Fact):
    kind: str = ""
    subject_id: str = ""
    object_id: str = ""
    title: str = ""
    start: PartialDate | None = None
    end: PartialDate | None = None

    @staticmethod
    def make_id(kind: str, subject_id: str, object_id: str, start: PartialDate | None) -> str:
        return f"relation:{kind}:{subject_id}:{object_id}:{start or 'start-unknown'}"


@dataclass(slots=True)
class Seat(Fact):
    """Unnamed evidence that a post had a holder since a date (Ofsted states tenures without names)."""

    post_id: str = ""
    role: str = ""
    authority_id: str = ""
    since: PartialDate | None = None
    interim: bool = False
    linked_to: str | None = None  # the tenure it was found to be, if any
    outcome: str = ""             # linked | unnamed | ambiguous, with why

    @staticmethod
    def make_id(post_id: str, since: PartialDate | None, as_of: PartialDate | None) -> str:
        return f"seat:{post_id.split(':', 1)[1]}:{since or 'since-unknown'}:{as_of or 'undated'}"


@dataclass(slots=True)
class Search:
    """A post searched for and not found: coverage is honest only if misses are recorded too."""

    id: str
    authority_id: str
    role: str
    published: PartialDate | None = None  # the judgement it was searched for
    queries: list[str] = field(default_factory=list)
    note: str | None = None
    file: str = ""
    line: int = 0


@dataclass
class KnowledgeBase:
    """Everything loaded and validated, ready to be stored or queried."""

    authorities: dict[str, Authority] = field(default_factory=dict)
    people: dict[str, Person] = field(default_factory=dict)
    posts: dict[str, Post] = field(default_factory=dict)
    sources: dict[str, Source] = field(default_factory=dict)
    tenures: list[Tenure] = field(default_factory=list)
    judgements: list[Judgement] = field(default_factory=list)
    relations: list[Relation] = field(default_factory=list)
    seats: list[Seat] = field(default_factory=list)
    searches: list[Search] = field(default_factory=list)

    def facts(self) -> list[Fact]:
        return [*self.tenures, *self.judgements, *self.relations]
