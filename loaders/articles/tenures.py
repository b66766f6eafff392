"""A tenure candidate: one person holding one post, as an article states it, before it is written out.

Typed while the reader works on it (fields, not dict keys); turned into the
`tenure extract --json` shape (DESIGN.md) only at output, so the working flag
`former` never reaches the JSON.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from loaders.articles.textutil import _more_precise


@dataclass
class TenureCandidate:
    person: str
    role: str
    title: str
    authority: str
    start: str | None
    end: str | None
    interim: bool
    source: str
    evidence: str
    char_start: int
    char_end: int
    confidence: float
    how: str
    date_notes: list[str] = field(default_factory=list)
    former: bool = False  # a post the person has left or is leaving (its dates are not the news)

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.person, self.role, self.authority)

    def but(self, **changes: Any) -> TenureCandidate:
        """A copy with some fields changed (its own list of date notes)."""
        changes.setdefault("date_notes", list(self.date_notes))
        return replace(self, **changes)

    def merge(self, other: TenureCandidate) -> None:
        """Another statement of the same tenure: keep the more precise dates and the higher confidence."""
        for name in ("start", "end"):
            mine, theirs = getattr(self, name), getattr(other, name)
            if theirs and (mine is None or _more_precise(theirs, mine)):
                setattr(self, name, theirs)
        self.interim = self.interim or other.interim
        self.confidence = max(self.confidence, other.confidence)
        self.date_notes = self.date_notes + [n for n in other.date_notes if n not in self.date_notes]
        self.former = self.former and other.former

    def to_json(self) -> dict[str, Any]:
        """The fact as `tenure extract --json` gives it."""
        return {"kind": "tenure", "person": self.person, "role": self.role, "title": self.title,
                "authority": self.authority, "start": self.start, "end": self.end, "interim": self.interim,
                "source": self.source, "evidence": self.evidence, "char_start": self.char_start,
                "char_end": self.char_end, "confidence": self.confidence, "how": self.how,
                "date_notes": self.date_notes}
