"""The HTML graph, checked in a real headless Chromium (Debian's chromium, driven by Playwright)."""

import shutil
from pathlib import Path

import pytest

from graph.model import ROOT
from graph.viz import write_viz
from helpers import build_store
from queries import Reader

CHROMIUM = shutil.which("chromium") or ("/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None)
browser_only = pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed (apt-get install chromium)")
ARTIFACTS = ROOT / "artifacts"


@pytest.fixture(scope="module")
def browser():
    if CHROMIUM is None:
        pytest.skip("Chromium is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=[
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--no-first-run", "--disable-sync"])
        yield b
        b.close()


def open_page(browser, path: Path):
    ctx = browser.new_context(bypass_csp=True, viewport={"width": 1400, "height": 900})
    page = ctx.new_page()
    events = {"errors": [], "requests": [], "dialogs": []}
    page.on("console", lambda m: m.type == "error" and events["errors"].append(m.text))
    page.on("pageerror", lambda e: events["errors"].append(str(e)))
    page.on("request", lambda r: events["requests"].append(r.url))
    page.on("dialog", lambda d: (events["dialogs"].append(d.message), d.dismiss()))
    page.goto(path.as_uri())
    page.wait_for_function("window.tenureGraph && window.tenureGraph.stable === true", timeout=60000)
    return page, events


def set_year(page, year: int) -> tuple[int, int]:
    page.evaluate(f"document.getElementById('year').value = {year}; "
                  "document.getElementById('year').dispatchEvent(new Event('input'))")
    return tuple(page.evaluate("[tenureGraph.visibleNodes, tenureGraph.visibleEdges]"))


def test_html_is_self_contained_and_escaped(reader, tmp_path):
    out = write_viz(reader, tmp_path / "g.html", ["Blackpool"])
    page = (tmp_path / "g.html").read_text(encoding="utf-8")
    assert out["nodes"] > 5 and out["edges"] > 5
    assert "<script src" not in page and "<link" not in page and "cdn." not in page.split("<script>")[0]


@browser_only
def test_demo_graph_in_browser(browser, reader, tmp_path):
    out = write_viz(reader, tmp_path / "graph.html", ["Blackpool", "Lancashire", "York"])
    page, events = open_page(browser, tmp_path / "graph.html")
    counts = page.evaluate("[tenureGraph.nodes.length, tenureGraph.edges.length, "
                           "tenureGraph.network.body.nodeIndices.length]")
    assert counts == [out["nodes"], out["edges"], out["nodes"]]
    assert page.locator("canvas").count() == 1
    names = set(page.evaluate("tenureGraph.nodes.get().map(n => n.label)"))
    assert {"Blackpool", "Lancashire", "York", "Diane Booth", "Amanda Hatton"} <= names
    early, _ = set_year(page, 2012)
    late, _ = set_year(page, 2019)
    assert early < late <= out["nodes"]
    colour = page.evaluate("tenureGraph.nodes.get('auth:E06000009').color")
    assert colour in ("#d62728", {"background": "#d62728"}) or "d62728" in str(colour)  # Blackpool inadequate in 2019
    ARTIFACTS.mkdir(exist_ok=True)
    shot = ARTIFACTS / "graph.png"
    page.screenshot(path=str(shot))
    assert shot.stat().st_size > 10_000
    assert events["errors"] == []
    assert [u for u in events["requests"] if not u.startswith("file:")] == []
    assert len(events["requests"]) == 1  # the page itself, nothing else


@browser_only
def test_hostile_name_shows_as_text(browser, tmp_path):
    evil = "<img src=x onerror=alert(1)>"
    db = build_store(tmp_path, f"""
tenures:
- person: "{evil}"
  role: director_of_childrens_services
  title: "<script>alert(2)</script>"
  authority: York
  start: "2019"
  cites: [{{source: s1, at: [[0, 5]]}}]
""")
    with Reader(db) as r:
        write_viz(r, tmp_path / "h.html", ["York"])
    page, events = open_page(browser, tmp_path / "h.html")
    labels = page.evaluate("tenureGraph.nodes.get().map(n => n.label)")
    assert evil in labels
    tip = page.evaluate("tenureGraph.edges.get()[0].title.textContent")
    assert evil in tip and "<script>alert(2)</script>" in tip
    assert page.evaluate("document.querySelectorAll('img').length") == 0
    assert events["dialogs"] == [] and events["errors"] == []


@browser_only
def test_movement_view_in_browser(browser, reader, tmp_path):
    out = write_viz(reader, tmp_path / "moves.html", view="movement")
    page, events = open_page(browser, tmp_path / "moves.html")
    assert page.evaluate("[tenureGraph.nodes.length, tenureGraph.edges.length]") == [out["nodes"], out["edges"]]
    labels = set(page.evaluate("tenureGraph.nodes.get().map(n => n.label)"))
    assert {"Lancashire", "Blackpool", "York"} <= labels
    tips = " ".join(page.evaluate("tenureGraph.edges.get().map(e => e.title.textContent)"))
    assert "Diane Booth" in tips and "Amanda Hatton" in tips
    assert events["errors"] == [] and len(events["requests"]) == 1


@browser_only
def test_year_view_agrees_with_the_cli(browser, store, tmp_path):
    """At 2015, every holder `who-led` lists at Lancashire's 2015 inspection is drawn: certain ones solid,
    possible ones faded; an undated post is not drawn in any single year."""
    import json

    from typer.testing import CliRunner

    from cli import app

    res = CliRunner().invoke(app, ["who-led", "Lancashire", "--role", "any", "--json", "--db", str(store)])
    out = json.loads(res.stdout)
    listed = [h for r in out["results"] if (r["judgement"]["inspection_start"] or "").startswith("2015")
              for h in r["holders"]]
    assert any(h["certainty"] == "possible" for h in listed)
    with Reader(store) as r:
        write_viz(r, tmp_path / "g.html", ["Lancashire", "York"])
    page, events = open_page(browser, tmp_path / "g.html")
    set_year(page, 2015)
    state = page.evaluate("(() => { const s = tenureGraph.edgeState; const out = {};"
                          " tenureGraph.data.edges.forEach((e, i) => { out[e.tenure_id] = s['e' + i]; });"
                          " return out; })()")
    for h in listed:
        assert state[h["id"]] in ("certain", "possible"), h["id"]  # never dropped
        if h["certainty"] == "possible":
            assert state[h["id"]] == "possible", h["id"]  # drawn faded, not as certain
    faded = page.evaluate("tenureGraph.edges.get().filter(e => !e.hidden && e.color.opacity < 1).length")
    assert faded >= sum(1 for h in listed if h["certainty"] == "possible")
    undated = page.evaluate("tenureGraph.data.edges.filter(e => e.undated).map(e => e.tenure_id)")
    assert undated  # e.g. York's council leader from an undated article
    for tid in undated:
        assert state[tid] == "hidden"
    assert events["errors"] == []


def test_tooltips_say_what_each_date_is(reader, tmp_path):
    import html
    import json
    import re

    write_viz(reader, tmp_path / "g.html", ["Lancashire"])
    page = (tmp_path / "g.html").read_text(encoding="utf-8")
    data = json.loads(re.search(r"var DATA = (\{.*?\});\n", page, re.S).group(1).replace("<\\/", "</"))
    tips = {e["tenure_id"]: html.unescape(e["title"]) for e in data["edges"]}
    mein = next(t for k, t in tips.items() if k.startswith("tenure:jennifer-mein"))
    assert "end: by 2023-01-27, when the next holder was first seen" in mein
    assert "start: not stated, first seen 2016-05" in mein


def test_vis_items_are_what_pyvis_makes(reader):
    """The nodes and edges the page embeds are those pyvis's Network would make from the same view
    (they are built without importing pyvis.network, which costs about a second)."""
    from pyvis.network import Network

    from graph.viz import PERSON_COLOUR, GRADE_COLOURS, _vis_items, people_view

    data = people_view(reader, ["Blackpool", "Lancashire"], None, None, None)
    net = Network(directed=True, cdn_resources="in_line", height="100%", width="100%")
    for n in data["nodes"]:
        colour = PERSON_COLOUR if n["kind"] == "person" else GRADE_COLOURS.get(
            n["grades"][-1][2] if n.get("grades") else None)
        net.add_node(n["id"], label=n["label"], title=n.get("title", ""), color=colour,
                     shape="dot" if n["kind"] == "person" else "box", size=10 if n["kind"] == "person" else 20)
    for e in data["edges"]:
        net.add_edge(e["from"], e["to"], title=e.get("title", ""), label=e.get("label", ""),
                     dashes=e.get("dashes", False), value=e.get("value", 1))
    nodes, edges, _ = _vis_items(data)
    assert len(nodes) > 10 and nodes == net.nodes and edges == net.edges


def test_html_written_without_importing_pyvis_network(store, tmp_path):
    import subprocess
    import sys

    code = ("import sys; from pathlib import Path; from queries import Reader; from graph.viz import write_viz\n"
            f"write_viz(Reader(Path({str(store)!r})), Path({str(tmp_path / 'g.html')!r}), authorities=['Blackpool'])\n"
            "print(sorted(m for m in ('pyvis.network', 'networkx', 'IPython') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert out.stdout.strip().splitlines()[-1] == "[]"
    assert "vis.Network" in (tmp_path / "g.html").read_text(encoding="utf-8")
