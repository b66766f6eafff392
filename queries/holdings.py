"""What the data holds (and lacks) for one authority or person, so that no answer is silently empty."""

from __future__ import annotations

from typing import Any

from queries import Reader
from queries.labels import role_label


def _span(dates: list[str]) -> str | None:
    ds = sorted(d for d in dates if d)
    return f"{ds[0]}..{ds[-1]}" if ds else None


def authority_holdings(reader: Reader, authority_id: str, judgements: list[dict[str, Any]] | None = None,
                       tenures: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    """Judgements and tenures held for an authority, with their date range and roles."""
    if judgements is None:
        judgements = reader.run("authority_judgements", authority_id=authority_id)
    if tenures is None:
        tenures = reader.run("authority_tenures", authority_id=authority_id, roles=[], **{"from": None, "until": None})
    jdates = [str(j.get("inspection_start") or j.get("published") or "") for j in judgements]
    tdates = [str(d) for t in tenures for d in [t.get("start"), *(t.get("as_of") or []), t.get("end")] if d]
    by_role: dict[str, int] = {}
    for t in tenures:
        by_role[t["role"]] = by_role.get(t["role"], 0) + 1
    return {"judgements": len(judgements), "graded_judgements": sum(1 for j in judgements if j.get("overall")),
            "judgement_dates": _span(jdates), "tenures": len(tenures), "tenures_by_role": by_role,
            "tenure_dates": _span(tdates)}


def holdings_text(name: str, held: dict[str, Any], role: str | None = None) -> str:
    """One sentence: what is held, and what is missing."""
    parts = [f"{held['judgements']} judgement(s)" + (f" ({held['judgement_dates']}, {held['graded_judgements']} "
                                                     f"graded)" if held["judgements"] else "")]
    if held["tenures"]:
        roles = ", ".join(f"{n} {role_label(r)}" for r, n in sorted(held["tenures_by_role"].items()))
        parts.append(f"{held['tenures']} post holding(s) ({roles}; dated {held['tenure_dates'] or 'nowhere'})")
    else:
        parts.append("no post holders")
    text = f"The data holds for {name}: " + "; ".join(parts) + "."
    lacks = []
    if not held["judgements"]:
        lacks.append("Ofsted judgements")
    if role and not held["tenures_by_role"].get(role):
        lacks.append(f"any {role_label(role)} tenure")
    elif not held["tenures"]:
        lacks.append("any leader's tenure")
    if lacks:
        text += f" It lacks {' and '.join(lacks)}."
    return text
