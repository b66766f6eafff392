"""Deterministic synthetic data in tenure's own fact format, for scale tests.

The real register first, then synthetic authorities beyond 153; six posts per
authority; successive tenures 1995-2025 with gaps, interim spells and moves
between authorities; judgements every 2-5 years; one source per authority.
Usage: python bench/synth.py --authorities 1500 --out /tmp/synth-data
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ROLES = ["director_of_childrens_services", "chief_executive", "council_leader", "lead_member_children",
         "assistant_director", "head_of_childrens_social_care"]
GRADES = ["outstanding", "good", "requires_improvement", "inadequate"]
FIRST = ["Alex", "Sam", "Jo", "Chris", "Pat", "Robin", "Kim", "Lee", "Ali", "Ruth", "Omar", "Priya", "Tom", "Ann",
         "Ben", "Cara", "Dev", "Eve", "Finn", "Gita"]
LAST = ["Smith", "Jones", "Patel", "Khan", "Brown", "Evans", "Wilson", "Taylor", "Davies", "Hughes", "Green",
        "Hall", "Wood", "Clarke", "Turner", "Hill", "Ward", "Moore", "King", "Shah"]


def _q(v: object) -> str:
    return json.dumps(v, ensure_ascii=False)


def generate(n_authorities: int, out: Path, seed: int = 7, per_file: int = 500) -> dict[str, int]:
    rng = random.Random(seed)
    if out.exists():
        shutil.rmtree(out)
    (out / "facts").mkdir(parents=True)
    for name in ("aliases.yaml",):
        shutil.copy(ROOT / "data" / name, out / name)
    with open(ROOT / "data" / "authorities.csv", encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    real = [r for r in rows if not r["valid_to"] and r["gss_code"].startswith("E")]
    extra = []
    for i in range(max(0, n_authorities - len(real))):
        extra.append({"gss_code": f"X{i:08d}", "dfe_la_code": "", "name": f"Synthetic Borough {i}", "region": "Synthetic",
                      "kind": "unitary", "valid_from": "", "valid_to": "", "source": "bench/synth.py"})
    with open(out / "authorities.csv", "w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows + extra)
    auths = (real + extra)[:n_authorities]
    with open(out / "sources.yaml", "w", encoding="utf-8") as fh:
        for a in auths:
            fh.write(f"- id: syn-{a['gss_code']}\n  title: {_q('Synthetic source for ' + a['name'])}\n"
                     f"  publisher: synthetic\n  published: \"2025\"\n")
    counts = {"tenures": 0, "judgements": 0, "authorities": len(auths), "moves": 0}
    person_no = 0
    movers: list[str] = []
    for chunk_start in range(0, len(auths), per_file):
        lines: list[str] = []
        for a in auths[chunk_start:chunk_start + per_file]:
            cite = [{"source": f"syn-{a['gss_code']}", "at": [[0, 10]]}]
            for role in ROLES:
                year, month = 1995, rng.randint(1, 12)
                while year < 2025:
                    if movers and rng.random() < 0.15:
                        name = movers.pop(rng.randrange(len(movers)))
                        counts["moves"] += 1
                    else:
                        person_no += 1
                        name = f"{rng.choice(FIRST)} {rng.choice(LAST)} {person_no}"
                    length = rng.randint(2, 7)
                    end_y, end_m = year + length, rng.randint(1, 12)
                    start = f"{year:04d}-{month:02d}" if rng.random() < 0.7 else f"{year:04d}"
                    end = None if end_y >= 2025 else f"{end_y:04d}-{end_m:02d}"
                    lines.append(json.dumps({"kind": "tenure", "person": name, "role": role,
                                             "title": role.replace("_", " "), "authority": a["gss_code"],
                                             "start": start, "end": end, "interim": rng.random() < 0.1,
                                             "cites": cite}))
                    counts["tenures"] += 1
                    if end and rng.random() < 0.3:
                        movers.append(name)
                    gap = rng.randint(0, 6)
                    year, month = end_y + (end_m + gap > 12), (end_m + gap - 1) % 12 + 1
            year = 2000 + rng.randint(0, 3)
            while year <= 2025:
                m = rng.randint(1, 11)
                lines.append(json.dumps({"kind": "judgement", "authority": a["gss_code"], "type": "other",
                                         "inspection_start": f"{year}-{m:02d}", "published": f"{year}-{m + 1:02d}",
                                         "overall": rng.choice(GRADES), "cites": cite}))
                counts["judgements"] += 1
                year += rng.randint(2, 5)
        (out / "facts" / f"synth-{chunk_start // per_file:04d}.jsonl").write_text("\n".join(lines) + "\n",
                                                                                   encoding="utf-8")
    return counts


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--authorities", type=int, default=150)
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--seed", type=int, default=7)
    a = ap.parse_args()
    print(json.dumps(generate(a.authorities, a.out, a.seed)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
