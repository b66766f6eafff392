"""Recall of the article reader on reviewed web pages it was never written against.

The leaders data (`data/facts/leaders-*.yaml`) records, for every web source a reviewer read
by hand, who held which post there. The pages themselves are not in the repository (they are
other people's text); pass the folders holding saved copies, named `<source id>.md`.
Each (page, person) pair the reviewers recorded is looked for in `tenure extract`'s output
for that page: found at all, with the same role, with the same role and authority.
Dating: where a reviewed tenure cites one page only and has a start, the start came from that
page; among those found (same role and authority), the extracted start must agree on the year
(and on the month where both give one), as the corpus scorer counts it.
Precision cannot be read here (reviewers recorded the leaders of failing councils, not every
post a page names); use the gold corpora for it.
Usage: python bench/extract_pages.py PAGES_DIR [PAGES_DIR...] [--show]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import yaml  # noqa: E402

from graph.model import DATA_DIR  # noqa: E402
from graph.names import person_key  # noqa: E402
from loaders.articles.extract import extract_with_data  # noqa: E402
from loaders.register import load_register  # noqa: E402


def gold_pairs(data_dir: Path, pages: dict[str, Path]) -> dict[tuple[str, str], set[tuple[str, str]]]:
    """(source id, person key) -> {(role, authority id)} from the reviewed leaders files."""
    register = load_register(data_dir)
    out: dict[tuple[str, str], set[tuple[str, str]]] = {}
    for path in sorted((data_dir / "facts").glob("leaders-*.yaml")):
        doc = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for t in doc.get("tenures") or []:
            auth = register.find(str(t.get("authority") or ""))
            for c in t.get("cites") or []:
                sid = c.get("source")
                if sid in pages:
                    out.setdefault((sid, person_key(t["person"])), set()).add(
                        (t.get("role") or "", auth.id if auth else str(t.get("authority"))))
    return out


def gold_starts(data_dir: Path, pages: dict[str, Path]) -> dict[tuple[str, str, str, str], str]:
    """(source id, person key, role, authority id) -> start, for tenures whose only source is that page."""
    register = load_register(data_dir)
    out: dict[tuple[str, str, str, str], str] = {}
    for path in sorted((data_dir / "facts").glob("leaders-*.yaml")):
        doc = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for t in doc.get("tenures") or []:
            cites = {c.get("source") for c in t.get("cites") or []}
            if len(cites) == 1 and t.get("start") and next(iter(cites)) in pages:
                auth = register.find(str(t.get("authority") or ""))
                out[(next(iter(cites)), person_key(t["person"]), t.get("role") or "",
                     auth.id if auth else str(t.get("authority")))] = str(t["start"])
    return out


def same_start(want: str, got: str | None) -> bool:
    """The year agrees, and the month where both give one."""
    if not got:
        return False
    w, g = want.split("-"), str(got).split("-")
    return w[0] == g[0] and (len(w) < 2 or len(g) < 2 or w[1] == g[1])


def blind_data(data_dir: Path, tmp: Path) -> Path:
    """A copy of the data folder without the leaders found on these pages (linked, not copied)."""
    for p in data_dir.rglob("*"):
        rel = p.relative_to(data_dir)
        if p.is_dir() or (rel.parts[0] == "facts" and p.name.startswith("leaders-")):
            continue
        (tmp / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp / rel).symlink_to(p)
    return tmp


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("dirs", nargs="+", type=Path)
    ap.add_argument("--blind", action=argparse.BooleanOptionalAction, default=True,
                    help="hide the leaders files from the reader (default): the people on these pages are not known")
    ap.add_argument("--show", action="store_true", help="list the pairs not found")
    args = ap.parse_args()
    pages = {p.stem: p for d in args.dirs for p in sorted(d.rglob("*.md"))}
    gold = gold_pairs(DATA_DIR, pages)
    used = sorted({sid for sid, _ in gold})
    t0 = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        known = blind_data(DATA_DIR, Path(tmp)) if args.blind else DATA_DIR
        out = extract_with_data([pages[s] for s in used], known)
    secs = time.perf_counter() - t0
    register = load_register(DATA_DIR)
    found: dict[tuple[str, str], set[tuple[str, str]]] = {}
    starts: dict[tuple[str, str, str, str], str | None] = {}
    for f in out["facts"]:
        if f.get("kind") != "tenure":
            continue
        auth = register.find(str(f.get("authority") or ""))
        sid = Path(str(f["source"])).stem
        found.setdefault((sid, person_key(f["person"])), set()).add(
            (f.get("role") or "", auth.id if auth else str(f.get("authority"))))
        key = (sid, person_key(f["person"]), f.get("role") or "", auth.id if auth else str(f.get("authority")))
        starts[key] = starts.get(key) or f.get("start")
    dated_gold = {k: v for k, v in gold_starts(DATA_DIR, pages).items() if k in starts}
    dated = sum(1 for k, v in dated_gold.items() if same_start(v, starts[k]))
    n = len(gold)
    person = sum(1 for k in gold if k in found)
    role = sum(1 for k, v in gold.items() if {r for r, _ in v} & {r for r, _ in found.get(k, set())})
    both = sum(1 for k, v in gold.items() if v & found.get(k, set()))
    missed = Counter(r for k, v in gold.items() if k not in found for r, _ in v)
    print(f"pages {len(used)}  reviewed (page, person) pairs {n}  extract {secs:.1f} s")
    print(f"found person {person}/{n} = {person / n:.2f}   same role {role / n:.2f}   "
          f"same role and authority {both / n:.2f}")
    print(f"dated right {dated}/{len(dated_gold)}" + (f" = {dated / len(dated_gold):.2f}" if dated_gold else "")
          + "   (found tenures whose reviewed start comes from that page alone)")
    print("missed pairs by recorded role: " + ", ".join(f"{r} {c}" for r, c in missed.most_common()))
    if args.show:
        for k, v in sorted(gold.items()):
            got = found.get(k, set())
            if not v & got:
                print(f"  {k[0]}  {k[1]}: want {sorted(v)} got {sorted(got) or '-'}")
        for k, v in sorted(dated_gold.items()):
            if not same_start(v, starts[k]):
                print(f"  date {k[0]}  {k[1]}: want {v} got {starts[k] or '-'}")


if __name__ == "__main__":
    main()
