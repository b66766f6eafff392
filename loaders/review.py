"""Candidate facts written in the curated-data format, for a person to review.

Nothing is added to data/ automatically: the output is a draft for
data/facts/*.yaml, with each fact's source file and character span, the
extractor's confidence and date notes as YAML comments. Evidence words are not
written (the repository keeps locators, not quotations).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any


def _q(value: Any) -> str:
    return "null" if value is None else json.dumps(value, ensure_ascii=False)


def to_curated_yaml(out: dict[str, Any]) -> str:
    lines = ["# Draft facts extracted by `tenure extract --yaml`: review each before adding it to data/.",
             "# Add the articles to data/sources.yaml first (ids below are the file names without extension).", ""]
    sections: dict[str, list[str]] = {"tenures": [], "judgements": [], "relations": []}
    for f in out["facts"]:
        sid = Path(f["source"]).stem
        cite = f"  cites:\n  - {{source: {sid}, at: [[{f['char_start']}, {f['char_end']}]]}}"
        notes = "; ".join(f.get("date_notes") or [])
        comment = f"  # confidence {f['confidence']:.1f}" + (f"; {notes}" if notes else "")
        if f["kind"] == "tenure":
            sections["tenures"].append("\n".join([
                f"- person: {_q(f['person'])}", comment, f"  role: {_q(f['role'])}", f"  title: {_q(f['title'])}",
                f"  authority: {_q(f['authority'])}", f"  start: {_q(f['start'])}", f"  end: {_q(f['end'])}",
                f"  interim: {'true' if f['interim'] else 'false'}", cite]))
        elif f["kind"] == "judgement":
            subs = "".join(f"\n  {k}: {_q(v)}" for k, v in (f.get("subjudgements") or {}).items() if k != "all_areas")
            sections["judgements"].append("\n".join([
                f"- authority: {_q(f['authority'])}", comment, f"  type: {_q(f['inspection_type'])}",
                f"  inspection_start: {_q(f['inspection_start'])}", f"  inspection_end: {_q(f['inspection_end'])}",
                f"  published: {_q(f['published'])}", f"  overall: {_q(f['overall'])}{subs}", cite]))
        else:
            sections["relations"].append("\n".join([
                f"- kind: {_q(f['relation'])}", comment, f"  subject: {_q(f['subject'])}",
                f"  object: {_q(f['object'])}", f"  start: {_q(f['start'])}", cite]))
    for name, items in sections.items():
        if items:
            lines.append(f"{name}:")
            lines.extend(items)
            lines.append("")
    return "\n".join(lines)
