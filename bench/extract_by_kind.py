"""Extraction scores by article kind (news, trade press, press release, minutes/report, letter).

The kind is read from each file's URL and publisher (general rules, no file names), the
gold and predicted facts are split by kind, and the shared scorer scores each part.
Usage: python bench/extract_by_kind.py GOLD FILES... [--set dev]
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import yaml  # noqa: E402

from graph.model import DATA_DIR, ROOT  # noqa: E402
from loaders.articles import read_article  # noqa: E402
from loaders.articles.extract import extract_with_data  # noqa: E402

SCORER = ROOT.parent / "shared" / "tools" / "score_extraction.py"
TRADE = re.compile(r"communitycare|cypnow|lgcplus|localgov|careappointments|childrenandyoungpeoplenow|lgc", re.I)


def kind_of(path: Path) -> str:
    art = read_article(path)
    where = f"{art.url or ''} {art.publisher or ''}"
    body = art.text[art.body_start:art.body_start + 3000]
    if re.search(r"\bDear\b", body) and re.search(r"ofsted", where + body, re.I) and not art.url:
        return "letter"
    if re.search(r"democracy\.|moderngov|mgAi|minutes|committee|/meetings?/", where, re.I) or re.search(
            r"\b(?:minutes|agenda item|report of the|recommendations?)\b", body[:800], re.I):
        return "council report or minutes"
    if re.search(r"\.gov\.uk|council", where, re.I):
        return "press release"
    if TRADE.search(where):
        return "trade press"
    return "news"


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("gold", type=Path)
    ap.add_argument("files", type=Path, nargs="+")
    ap.add_argument("--set", dest="subset")
    a = ap.parse_args()
    kinds = {p.name: kind_of(p) for p in a.files}
    facts = extract_with_data(a.files, DATA_DIR)["facts"]
    gold = yaml.safe_load(a.gold.read_text(encoding="utf-8"))
    with tempfile.TemporaryDirectory() as tmp:
        for kind in sorted(set(kinds.values())):
            names = {n for n, k in kinds.items() if k == kind}
            g = Path(tmp) / "gold.yaml"
            g.write_text(yaml.safe_dump([f for f in gold if f.get("source") in names], allow_unicode=True))
            pr = Path(tmp) / "pred.json"
            pr.write_text(json.dumps({"facts": [f for f in facts if f["source"] in names]}))
            args = [sys.executable, str(SCORER), str(g), str(pr)] + (["--set", a.subset] if a.subset else [])
            res = subprocess.run(args, capture_output=True, text=True)
            last = res.stdout.strip().splitlines()[-1] if res.stdout.strip() else res.stderr.strip()[-200:]
            print(f"{kind:28s} files={len(names):2d}  {last}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
