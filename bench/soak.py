"""Soak run of the loaders: many generated fact files and articles; counts crashes, hangs and lost facts.

Each case is a fact file mixing valid tenures with subtly invalid and garbage
entries, or an article of random text/bytes. A crash is an uncaught exception,
a hang a case over the time bound, a lost fact a valid tenure missing from the
load while its file still parsed.
Usage: python bench/soak.py [--cases 10000] [--seed 1]
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import sys
import tempfile
import time
import traceback
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from loaders.articles import extract_files  # noqa: E402
from loaders.curated import load_curated  # noqa: E402

BOUND_S = 10.0
BAD = [
    'role: chief_exec', 'authority: Atlantis', 'start: "2019-13"', 'start: "2019-02-30"', 'start: "0"',
    'start: "99999"', 'end: "1900"', 'cites: []', 'cites: [{source: nope, at: [[0, 5]]}]',
    'cites: [{source: s1, at: [[5, 1]]}]', 'interim: maybe', 'person: [1, 2]', 'person: "' + "y" * 800 + '"',
    'title: {a: 1}', 'start: 2019-05-05', 'as_of: x',
]


def fact_case(rng: random.Random) -> tuple[str, set[str]]:
    lines, ok = ["tenures:"], set()
    for i in range(rng.randint(1, 15)):
        name = f"P{i} {rng.choice(['Ann', 'Bo', 'Cy'])} {rng.randint(0, 10**6)}"
        fields = {"person": f'"{name}"', "role": "other",
                  "title": '"t"', "authority": rng.choice(["York", "Blackpool", "E10000017"]),
                  "start": f'"{rng.randint(1990, 2024)}"', "cites": "[{source: s1, at: [[0, 5]]}]"}
        if rng.random() < 0.4:
            key, value = rng.choice(BAD).split(": ", 1)
            fields[key] = value
        else:
            ok.add(name)
        lines.append("- {" + ", ".join(f"{k}: {v}" for k, v in fields.items()) + "}")
    if rng.random() < 0.05:
        lines.append(rng.choice(["- [unclosed", "\t- tab: here", "- &a [x]\n- *a", "x: 1\n  y: : 2"]))
    return "\n".join(lines) + "\n", ok


def article_case(rng: random.Random) -> bytes:
    kind = rng.random()
    if kind < 0.3:
        return bytes(rng.getrandbits(8) for _ in range(rng.randint(0, 3000)))
    if kind < 0.6:
        return "".join(chr(rng.randint(1, 0x2FFF)) for _ in range(rng.randint(0, 2000))).encode("utf-8", "replace")
    words = ["Ofsted", "rated", "inadequate", "director", "of", "children's", "services", "Ann", "Lee", "York",
             "Council", "appointed", "in", "March", "2019", "last", "April", "'good'", ".", ",", "\n", "---"]
    return " ".join(rng.choice(words) for _ in range(rng.randint(0, 400))).encode()


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--cases", type=int, default=10_000)
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args()
    rng = random.Random(a.seed)
    work = Path(tempfile.mkdtemp(prefix="tenure-soak-"))
    data = work / "data"
    (data / "facts").mkdir(parents=True)
    for name in ("authorities.csv", "aliases.yaml"):
        shutil.copy(ROOT / "data" / name, data / name)
    (data / "sources.yaml").write_text("- id: s1\n  file: s1.txt\n", encoding="utf-8")
    stats = {"fact_cases": 0, "article_cases": 0, "crashes": 0, "hangs": 0, "facts_lost": 0, "files_refused": 0,
             "max_case_s": 0.0}
    t_start = time.perf_counter()
    for i in range(a.cases):
        t0 = time.perf_counter()
        try:
            if i % 2 == 0:
                stats["fact_cases"] += 1
                text, ok = fact_case(rng)
                (data / "facts" / "case.yaml").write_text(text, encoding="utf-8")
                kb, problems = load_curated(data)
                if any(p.message.startswith(("malformed", "more than")) or "duplicate key" in p.message
                       for p in problems):
                    stats["files_refused"] += 1
                else:
                    loaded = {kb.people[t.person_id].name for t in kb.tenures}
                    stats["facts_lost"] += len(ok - loaded)
            else:
                stats["article_cases"] += 1
                p = work / "a.txt"
                p.write_bytes(article_case(rng))
                extract_files([p])
        except Exception:  # noqa: BLE001 - counting them is the point
            stats["crashes"] += 1
            traceback.print_exc(limit=3)
        took = time.perf_counter() - t0
        stats["max_case_s"] = max(stats["max_case_s"], round(took, 3))
        if took > BOUND_S:
            stats["hangs"] += 1
    stats["total_s"] = round(time.perf_counter() - t_start, 1)
    shutil.rmtree(work, ignore_errors=True)
    print(json.dumps(stats))
    return 1 if stats["crashes"] or stats["hangs"] or stats["facts_lost"] else 0


if __name__ == "__main__":
    sys.exit(main())
