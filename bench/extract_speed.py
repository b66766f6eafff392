"""Article extraction speed: 1,000 article files (the corpus repeated), articles per second.

Times what `tenure extract` does: read each file, extract, then link undated
judgements against the curated data and the other files. Compares against a
baseline in the same run: reading and sentence-splitting the same files without
extraction, so the ratio says what extraction itself costs; and extraction without the
dependency parse (the surface rules only), so the second ratio says what the parse costs.
Files are read in worker processes (one per core, `loaders/articles/extract.py`) as
`tenure extract` reads them; the same extraction in one process is timed too.
Usage: python bench/extract_speed.py [--n 1000] [--corpus ../shared/corpus]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from graph.model import DATA_DIR  # noqa: E402
from loaders.articles import Extractor, extract_files, known_people_from, read_article, sentence_spans  # noqa: E402
from loaders.articles.extract import _workers  # noqa: E402
from loaders.curated import load_curated  # noqa: E402
from loaders.linking import known_from_kb  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=1000)
    ap.add_argument("--corpus", type=Path, default=Path(__file__).resolve().parent.parent.parent / "shared" / "corpus")
    ap.add_argument("--json", action="store_true")
    a = ap.parse_args()
    files = sorted(a.corpus.glob("*.md"))
    kb, _ = load_curated(DATA_DIR)
    with tempfile.TemporaryDirectory() as tmp:
        paths = []
        for i in range(a.n):
            src = files[i % len(files)]
            dst = Path(tmp) / f"{i:05d}_{src.name}"
            dst.write_bytes(src.read_bytes())
            paths.append(dst)
        t0 = time.perf_counter()
        for p in paths:
            art = read_article(p)
            sentence_spans(art.text, art.body_start)
        split_s = time.perf_counter() - t0
        t0 = time.perf_counter()
        out_ = extract_files(paths, Extractor(known_people=known_people_from(kb)), known_from_kb(kb))
        extract_s = time.perf_counter() - t0
        t0 = time.perf_counter()  # the same files without the dependency parse: what the parse costs
        extract_files(paths, Extractor(known_people=known_people_from(kb), use_parse=False), known_from_kb(kb))
        regex_s = time.perf_counter() - t0
        saved = os.environ.get("TENURE_WORKERS")
        os.environ["TENURE_WORKERS"] = "1"  # the same, in this process only
        t0 = time.perf_counter()
        extract_files(paths, Extractor(known_people=known_people_from(kb)), known_from_kb(kb))
        one_s = time.perf_counter() - t0
        if saved is None:
            del os.environ["TENURE_WORKERS"]
        else:
            os.environ["TENURE_WORKERS"] = saved
    facts = len(out_["facts"])
    linked = sum(1 for f in out_["facts"] if f.get("linked_to"))
    out = {"articles": a.n, "facts": facts, "linked": linked, "extract_s": round(extract_s, 3),
           "articles_per_s": round(a.n / extract_s, 1), "split_only_per_s": round(a.n / split_s, 1),
           "extraction_vs_split_ratio": round(extract_s / split_s, 1),
           "regex_only_per_s": round(a.n / regex_s, 1), "with_parse_vs_regex_only_ratio": round(extract_s / regex_s, 2),
           "workers": _workers(a.n), "one_process_per_s": round(a.n / one_s, 1),
           "workers_vs_one_process_ratio": round(one_s / extract_s, 2)}
    print(json.dumps(out) if a.json else "\n".join(f"{k}: {v}" for k, v in out.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
