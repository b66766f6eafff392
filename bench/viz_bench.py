"""HTML graph cost: generation time and headless-Chromium time to stable at 100, 1,000, 10,000 nodes.

Below STATIC_LAYOUT_NODES the page runs physics (forceAtlas2, 300 stabilisation
iterations); above it, positions are precomputed and physics is off, so the
page is usable at once. Usage: python bench/viz_bench.py [--sizes 100 1000 10000]
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from graph.viz import STATIC_LAYOUT_NODES, render_html  # noqa: E402


def graph(n: int) -> dict:
    n_auth = max(3, n // 10)
    nodes = [{"id": f"auth:{i}", "label": f"Authority {i}", "kind": "authority", "name": f"A{i}",
              "grades": [[2010, 9999, ["good", "inadequate", "outstanding", "requires_improvement"][i % 4]]],
              "named": True} for i in range(n_auth)]
    nodes += [{"id": f"person:{i}", "label": f"Person {i}", "kind": "person", "name": f"P{i}"} for i in range(n - n_auth)]
    edges = [{"from": f"person:{i}", "to": f"auth:{(i * 7) % n_auth}", "label": "DCS 2010–2015", "title": "t",
              "from_year": 2000 + i % 20, "to_year": 2005 + i % 20} for i in range(n - n_auth)]
    edges += [{"from": f"person:{i}", "to": f"auth:{(i * 13 + 1) % n_auth}", "label": "AD", "title": "t",
               "from_year": 1995 + i % 20, "to_year": 2000 + i % 20} for i in range(0, n - n_auth, 3)]
    return {"view": "people", "nodes": nodes, "edges": edges}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--sizes", type=int, nargs="+", default=[100, 1000, 10000])
    a = ap.parse_args()
    chromium = shutil.which("chromium") or "/usr/bin/chromium"
    out = []
    work = Path(tempfile.mkdtemp())
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=chromium, args=["--headless", "--no-sandbox", "--disable-gpu",
                                                               "--disable-background-networking"])
        for n in a.sizes:
            data = graph(n)
            t0 = time.perf_counter()
            page_html = render_html(data, f"bench {n}")
            gen = time.perf_counter() - t0
            path = work / f"g{n}.html"
            path.write_text(page_html, encoding="utf-8")
            page = b.new_context(bypass_csp=True).new_page()
            t0 = time.perf_counter()
            page.goto(path.as_uri())
            page.wait_for_function("window.tenureGraph && window.tenureGraph.stable === true", timeout=600_000)
            stable = time.perf_counter() - t0
            t0 = time.perf_counter()
            page.evaluate("document.getElementById('year').value = 2008; "
                          "document.getElementById('year').dispatchEvent(new Event('input'))")
            slider = time.perf_counter() - t0
            page.close()
            out.append({"nodes": n, "edges": len(data["edges"]), "physics": n <= STATIC_LAYOUT_NODES,
                        "html_s": round(gen, 3), "html_mb": round(len(page_html) / 2**20, 2),
                        "browser_stable_s": round(stable, 2), "year_change_s": round(slider, 3)})
        b.close()
    for row in out:
        print(json.dumps(row))
    return 0


if __name__ == "__main__":
    sys.exit(main())
