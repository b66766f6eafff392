"""Evidence words for a fact, read from the archived source text at run time.

The repository stores locators (character spans), never quotations; the words
are shown only when the user has the texts (`--sources DIR`).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from graph.model import KnowledgeBase

MAX_EVIDENCE = 600


def evidence_for(kb: KnowledgeBase, fact_id: str, sources_dir: Path | None) -> list[dict[str, Any]]:
    facts = {f.id: f for f in kb.facts()}
    if fact_id not in facts:
        import difflib

        close = difflib.get_close_matches(fact_id, list(facts), n=5, cutoff=0.5)
        hint = f"; did you mean: {', '.join(close)}?" if close else ""
        raise LookupError(f"no fact with id {fact_id!r}{hint}")
    out = []
    for c in facts[fact_id].cites:
        src = kb.sources[c.source_id]
        words = []
        text = None
        if sources_dir is not None and src.file and (sources_dir / src.file).is_file():
            text = (sources_dir / src.file).read_text(encoding="utf-8")
        for s, e in c.spans:
            if text is not None:
                words.append(re.sub(r"\s+", " ", text[s:e])[:MAX_EVIDENCE])
        note: str | None
        if not c.spans and c.locator:
            note = f"no archived text: read {src.url or src.title} at {c.locator}"
        elif not src.file:
            note = f"a table with no text to quote (the row states it): {src.url}"
        else:
            note = None if text is not None else f"source text {src.file} not found under {sources_dir}; pass --sources DIR"
        out.append({"source": src.brief(), "spans": c.spans, "locator": c.locator, "says": c.says, "note": c.note,
                    "as_of": str(c.as_of) if c.as_of else None,
                    "evidence": words if text is not None else None,
                    "evidence_note": note})
    return out


def source_detail(kb: KnowledgeBase, source_id: str, sources_dir: Path | None) -> dict[str, Any]:
    """One source: what it is, and each fact it supports with the evidence words (when the text is at hand)."""
    src = kb.sources[source_id]
    text = None
    if sources_dir is not None and src.file and (sources_dir / src.file).is_file():
        text = (sources_dir / src.file).read_text(encoding="utf-8")
    facts = []
    for f in kb.facts():
        for c in f.cites:
            if c.source_id != source_id:
                continue
            facts.append({"fact": f.id, "kind": type(f).__name__.lower(), "spans": c.spans, "says": c.says,
                          "note": c.note, "as_of": str(c.as_of) if c.as_of else None,
                          "evidence": [re.sub(r"\s+", " ", text[s:e])[:MAX_EVIDENCE] for s, e in c.spans]
                          if text is not None else None})
    return {"source": src.brief(), "facts": facts,
            "evidence_note": None if text is not None else
            f"source text {src.file} not found under {sources_dir}; pass --sources DIR"}


def source_index(kb: KnowledgeBase) -> list[dict[str, Any]]:
    counts: dict[str, int] = {}
    for f in kb.facts():
        for sid in f.source_ids:
            counts[sid] = counts.get(sid, 0) + 1
    return [{**s.brief(), "facts": counts.get(s.id, 0)} for s in kb.sources.values()]
