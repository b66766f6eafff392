"""Article extraction speed: 1,000 articles (the corpus repeated), articles per second.

Compares against a baseline in the same run: reading and sentence-splitting the
same texts without extraction, so the ratio says what extraction itself costs.
Usage: python bench/extract_speed.py [--n 1000] [--corpus ../shared/corpus]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from loaders.articles import Extractor, read_article, sentence_spans  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=1000)
    ap.add_argument("--corpus", type=Path, default=Path(__file__).resolve().parent.parent.parent / "shared" / "corpus")
    ap.add_argument("--json", action="store_true")
    a = ap.parse_args()
    files = sorted(a.corpus.glob("*.md"))
    articles = [read_article(p) for p in files]
    batch = [articles[i % len(articles)] for i in range(a.n)]
    ex = Extractor()
    t0 = time.perf_counter()
    for art in batch:
        sentence_spans(art.text, art.body_start)
    split_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    facts = 0
    for art in batch:
        facts += len(ex.extract(art))
    extract_s = time.perf_counter() - t0
    out = {"articles": a.n, "facts": facts, "extract_s": round(extract_s, 3),
           "articles_per_s": round(a.n / extract_s, 1), "split_only_per_s": round(a.n / split_s, 1),
           "extraction_vs_split_ratio": round(extract_s / split_s, 1)}
    print(json.dumps(out) if a.json else "\n".join(f"{k}: {v}" for k, v in out.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
