"""Interactive HTML graph: one self-contained file, drawn with vis-network via pyvis.

pyvis builds the node and edge lists and the options; the page itself is our
own small template so that it opens offline (vis-network's JS and CSS inline,
no CDN), carries a year control and a legend, and escapes every string that
came from a source. Tooltips are HTML built here from escaped text, with
source links restricted to http(s) URLs.
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path
from typing import Any

from graph.dates import MAX_DAY, MIN_DAY

GRADE_COLOURS = {"inadequate": "#d62728", "requires_improvement": "#ff9f1c", "good": "#2ca02c",
                 "outstanding": "#1f77b4", "adequate": "#bcbd22", None: "#9e9e9e"}
PERSON_COLOUR = "#6a4c93"
SHORT_ROLE = {"director_of_childrens_services": "DCS", "assistant_director": "AD",
              "head_of_childrens_social_care": "head of CSC", "chief_executive": "chief exec",
              "deputy_chief_executive": "deputy chief exec", "council_leader": "leader",
              "lead_member_children": "lead member", "principal_social_worker": "PSW",
              "commissioner": "commissioner", "improvement_adviser": "adviser", "inspector": "inspector"}
WARN_NODES = 1500
STATIC_LAYOUT_NODES = 400
OPEN = 9999


def _e(text: Any) -> str:
    return html.escape("" if text is None else str(text), quote=True)


def year_states(span: Any, lo: int, hi: int) -> dict[str, str]:
    """Year -> "certain" or "possible" (as `held_at` answers for that whole year, as the CLI does); absent = no."""
    import datetime as dt

    from graph.dates import Certainty, Window, held_at

    out = {}
    for y in range(lo, hi + 1):
        c = held_at(span, Window(dt.date(y, 1, 1), dt.date(y, 12, 31)))
        if c is not Certainty.NO:
            out[str(y)] = c.value
    return out


def _ranges(states: dict[str, str]) -> list[int]:
    """[possible_from, possible_to, certain_from, certain_to] years (0 = none): compact for large pages.
    Years a post possibly covers form one run, and the certain years one run inside it."""
    poss = [int(y) for y in states]
    cert = [int(y) for y, v in states.items() if v == "certain"]
    return [min(poss, default=0), max(poss, default=0), min(cert, default=0), max(cert, default=0)]


def _year(value: str | None) -> int | None:
    return int(value[:4]) if value else None


def _links(sources: list[dict[str, Any]]) -> str:
    items = []
    for s in sources:
        label = f"{_e(s.get('publisher') or s['id'])}, {_e(s.get('published') or 'undated')}: {_e(s.get('title') or '')}"
        url = s.get("url") or ""
        if re.match(r"https?://", url):
            items.append(f'<li><a href="{_e(url)}" target="_blank" rel="noopener noreferrer">{label}</a></li>')
        else:
            items.append(f"<li>{label} [{_e(s['id'])}]</li>")
    return "<ul>" + "".join(items) + "</ul>" if items else ""


def _grades_in_force(judgements: list[dict[str, Any]]) -> list[list[Any]]:
    """[[from_year, until_year, grade], ...] for graded judgements, by publication (else inspection)."""
    out = []
    for j in judgements:
        if not j.get("overall"):
            continue
        begin = _year(j.get("published") or j.get("inspection_end") or j.get("inspection_start"))
        if begin is None:
            continue
        out.append([begin, _year(j.get("in_force_until")) or OPEN, j["overall"]])
    return sorted(out)


def _drawn(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [r for r in rows if r["authority_id"] not in ("org:ofsted", "org:dfe") and r["role"] != "inspector"]


def neighbourhood(reader: Any, authorities: list[str], person: str | None) -> tuple[list[dict[str, Any]], set[str]]:
    """Tenure rows to draw, and the ids of the authorities the user named.

    Anchored: the people who held a post at each named authority (and all their posts),
    one query per named authority; every tenure only when nothing is named.
    """
    named: set[str] = {reader.authority(a).id for a in authorities}
    if person:
        pid = reader.person(person)["id"]
        named |= {r["authority_id"] for r in _drawn(reader.run("person_tenures", person_id=pid))}
    if not named:
        return _drawn(reader.run("all_tenures", roles=[])), set()
    seen: dict[str, dict[str, Any]] = {}
    for aid in sorted(named):
        for r in reader.run("people_tenures", authority_id=aid):
            seen.setdefault(r["id"] + "\0" + r["person_id"], r)
    rows = _drawn(list(seen.values()))
    people = {r["person_id"] for r in rows if r["authority_id"] in named}
    rows = [r for r in rows if r["person_id"] in people]
    rows.sort(key=lambda r: (r["person_id"], span_lo(r)))
    return rows, named


def span_lo(row: dict[str, Any]) -> Any:
    from queries import span_of

    return span_of(row).possible().lo


def people_view(reader: Any, authorities: list[str], person: str | None, since: int | None,
                until: int | None) -> dict[str, Any]:
    from graph.dates import span_of_row as span_of

    from queries import date_kinds

    rows, named = neighbourhood(reader, authorities, person)
    if not named:
        reader.load_sources()
    else:
        reader.sources([i for r in rows for i in r.get("source_ids") or []])  # one query for every edge's sources
    nodes: dict[str, dict[str, Any]] = {}
    edges: list[dict[str, Any]] = []
    for r in rows:
        span = span_of(r)
        possible = span.possible()
        y0 = possible.lo.year if possible.lo != MIN_DAY else None
        y1 = possible.hi.year if possible.hi != MAX_DAY else None
        if since and y1 is not None and y1 < since or until and y0 is not None and y0 > until:
            continue
        pnode = f"person:{r['person_id'].split(':', 1)[1]}"
        anode = f"auth:{r['authority_id']}"
        nodes.setdefault(pnode, {"id": pnode, "label": r["person"], "kind": "person", "name": r["person"]})
        nodes.setdefault(anode, {"id": anode, "label": r["authority"], "kind": "authority", "name": r["authority"],
                                 "authority_id": r["authority_id"]})
        kinds = date_kinds(r)
        years = f"{r['start'] or '?'}–{(('by ' if r.get('end_inferred') else '') + r['end']) if r['end'] else '?'}"
        sources = reader.sources(r.get("source_ids") or [])
        tip = (f"<b>{_e(r['person'])}</b><br>{_e(r['title'])}{' (interim)' if r['interim'] else ''}"
               f" at {_e(r['authority'])}<br>start: {_e(kinds['start_text'])}<br>end: {_e(kinds['end_text'])}"
               + (f"<br>seen in post: {_e(', '.join(r['as_of']))}" if r.get("as_of") else "")
               + ("<br>undated: not placed in any year" if not (span.start or span.end or span.as_of) else "")
               + f"<br>fact: {_e(r['id'])}<br>origin: {_e(r.get('origin'))}<br>Sources:{_links(sources)}")
        short = SHORT_ROLE.get(r["role"]) or (r["title"] or "other")[:24]
        edges.append({"from": pnode, "to": anode, "label": f"{short} {years}", "tenure_id": r["id"],
                      "title": tip, "dashes": bool(r["interim"]), "from_year": y0, "to_year": y1,
                      "span": span, "undated": not (span.start or span.end or span.as_of)})
    drawn = [n["authority_id"] for n in nodes.values() if n["kind"] == "authority"]
    reader.load_judgements(drawn if named else None)  # once for every drawn authority
    reader.sources([i for a in drawn for j in reader.judgements(a) for i in j.get("source_ids") or []])
    for node in nodes.values():
        if node["kind"] != "authority":
            continue
        judgements = reader.judgements(node["authority_id"])
        node["grades"] = _grades_in_force(judgements)
        items = "".join(
            f"<li>{_e(j.get('overall') or 'ungraded')} — {_e(j['type'])}, inspected {_e(j.get('inspection_start') or '?')}"
            f"{'–' + _e(j['inspection_end']) if j.get('inspection_end') else ''}, published {_e(j.get('published') or '?')}"
            f"{_links(reader.sources(j.get('source_ids') or []))}</li>" for j in judgements)
        node["title"] = f"<b>{_e(node['name'])}</b><br>Ofsted judgements:<ul>{items or '<li>none in the sources</li>'}</ul>"
        node["named"] = node["authority_id"] in named
    return {"view": "people", "nodes": list(nodes.values()), "edges": edges}


def movement_view(reader: Any, authorities: list[str], since: int | None, until: int | None) -> dict[str, Any]:
    from queries.moves import find_moves, movement_graph

    moves = find_moves(reader, detail=False)["moves"]  # people, places, dates: no ratings or sources
    if authorities:
        wanted = {reader.authority(a).name for a in authorities}
        moves = [m for m in moves if m["from"]["authority"] in wanted or m["to"]["authority"] in wanted]
    moves = [m for m in moves if not (since and m["to"]["first_evidence"][:4] < str(since))
             and not (until and m["to"]["first_evidence"][:4] > str(until))]
    g = movement_graph(moves)
    nodes, edges = [], []
    ids = {n: f"auth:{re.sub(r'[^A-Za-z0-9]+', '-', n)}" for n in g.nodes}
    auth_ids = {m[side]["authority"]: m[side]["authority_id"] for m in moves for side in ("from", "to")}
    for n in g.nodes:
        grades = _grades_in_force(reader.judgements(auth_ids[n]))
        nodes.append({"id": ids[n], "label": n, "kind": "authority", "name": n, "grades": grades,
                      "title": f"<b>{_e(n)}</b>", "named": True})
    for a, b, data in g.edges(data=True):
        people = "".join(f"<li>{_e(p['person'])}: left {_e(p['left'] or '?')}, arrived {_e(p['arrived'] or '?')} "
                         f"(first seen {_e(p['first_evidence'])})</li>" for p in data["people"])
        first = min(int(p["first_evidence"][:4]) for p in data["people"])
        edges.append({"from": ids[a], "to": ids[b], "label": str(data["weight"]), "value": data["weight"],
                      "title": f"<b>{_e(a)} → {_e(b)}</b><ul>{people}</ul>", "from_year": first, "to_year": OPEN})
    return {"view": "movement", "nodes": nodes, "edges": edges}


def _vis_items(data: dict[str, Any]) -> tuple[list[dict[str, Any]], list[dict[str, Any]], dict[str, Any]]:
    """Nodes, edges and options for vis-network, in the form pyvis's Network.add_node/add_edge give them.

    Made here rather than through a pyvis Network object: importing pyvis.network imports networkx and
    IPython (about a second of every `viz`); tests/test_viz.py checks the two forms are the same.
    """
    static = len(data["nodes"]) > STATIC_LAYOUT_NODES
    positions = _layout(data) if static else {}
    nodes: dict[str, dict[str, Any]] = {}
    for n in data["nodes"]:
        if n["id"] in nodes:  # pyvis keeps the first node of an id
            continue
        colour = PERSON_COLOUR if n["kind"] == "person" else GRADE_COLOURS.get(
            n["grades"][-1][2] if n.get("grades") else None)
        extra = {"x": positions[n["id"]][0], "y": positions[n["id"]][1]} if static else {}
        nodes[n["id"]] = {"color": colour, "title": n.get("title", ""),
                          "size": 10 if n["kind"] == "person" else 20, **extra, "id": n["id"], "label": n["label"],
                          "shape": "dot" if n["kind"] == "person" else "box"}
    edges = [{"title": e.get("title", ""), "label": e.get("label", ""), "dashes": e.get("dashes", False),
              "value": e.get("value", 1), "from": e["from"], "to": e["to"], "arrows": "to"} for e in data["edges"]]
    options = {"physics": {"enabled": not static, "solver": "forceAtlas2Based",
                           "stabilization": {"enabled": True, "iterations": 300, "fit": True}},
               "edges": {"font": {"size": 8, "align": "middle", "color": "#555"}, "color": {"color": "#8a8a8a"},
                         "smooth": {"enabled": not static, "type": "dynamic"},
                         "arrows": {"to": {"enabled": True, "scaleFactor": 0.5}}},
               "interaction": {"hover": True, "tooltipDelay": 150}, "layout": {"improvedLayout": not static}}
    return list(nodes.values()), edges, options


def _vis_assets() -> Path:
    """The vis-network files pyvis ships, found without importing pyvis (see `_vis_items`)."""
    import importlib.util

    spec = importlib.util.find_spec("pyvis")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("pyvis is not installed: it supplies the vis-network library the HTML graph embeds")
    return Path(list(spec.submodule_search_locations)[0]) / "templates" / "lib" / "vis-9.1.2"


def _layout(data: dict[str, Any]) -> dict[str, tuple[float, float]]:
    """Positions without physics for large views: authorities on a grid, people around their authorities.

    Linear in the size of the graph, deterministic, and needs no numpy.
    """
    import math

    auths = [n["id"] for n in data["nodes"] if n["kind"] == "authority"]
    side = max(1, math.ceil(math.sqrt(len(auths))))
    gap = 260.0
    pos = {a: ((i % side) * gap, (i // side) * gap) for i, a in enumerate(auths)}
    links: dict[str, list[str]] = {}
    for e in data["edges"]:
        links.setdefault(e["from"], []).append(e["to"])
    placed: dict[str, int] = {}
    for n in data["nodes"]:
        if n["id"] in pos:
            continue
        homes = [pos[t] for t in links.get(n["id"], []) if t in pos] or [(0.0, 0.0)]
        cx, cy = sum(h[0] for h in homes) / len(homes), sum(h[1] for h in homes) / len(homes)
        k = placed.get(str(homes[0]), 0)
        placed[str(homes[0])] = k + 1
        angle, radius = k * 2.399963, 60.0 + 9.0 * math.sqrt(k)
        pos[n["id"]] = (cx + radius * math.cos(angle), cy + radius * math.sin(angle))
    return pos


def render_html(data: dict[str, Any], heading: str) -> str:
    vis_nodes, vis_edges, options = _vis_items(data)
    lib = _vis_assets()
    js = (lib / "vis-network.min.js").read_text(encoding="utf-8")
    css = (lib / "vis-network.css").read_text(encoding="utf-8")
    by_id = {n["id"]: n for n in data["nodes"]}
    nodes = []
    for n in vis_nodes:
        src = by_id[n["id"]]
        nodes.append({**n, "kind": src["kind"], "grades": src.get("grades", []), "named": src.get("named", False)})
    years = [y for e in data["edges"] for y in (e.get("from_year"), e.get("to_year")) if y and y != OPEN]
    years += [g[0] for n in nodes for g in n["grades"]]
    lo, hi = (min(years), max(years)) if years else (2000, 2025)
    edges = []
    for e, src in zip(vis_edges, data["edges"]):
        if "span" in src:
            states = {} if src["undated"] else year_states(src["span"], lo, hi)
        else:  # movement view (and plain year ranges): drawn over the years given
            end = src.get("to_year")
            states = {str(y): "certain" for y in range(max(lo, src.get("from_year") or lo),
                                                       min(hi, end if end and end != OPEN else hi) + 1)}
        runs = _ranges(states)
        edges.append({**e, "years": runs, "undated": bool(src.get("undated")),
                      "tenure_id": src.get("tenure_id")})
    payload = json.dumps({"nodes": nodes, "edges": edges, "options": options, "min": lo, "max": hi,
                          "colours": {k or "ungraded": v for k, v in GRADE_COLOURS.items()}},
                         ensure_ascii=True).replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    legend = "".join(f'<span class="sw" style="background:{c}"></span>{_e((k or "ungraded").replace("_", " "))} '
                     for k, c in GRADE_COLOURS.items() if k != "adequate")
    return _TEMPLATE.format(title=_e(heading), css=css, js=js.replace("</script", "<\\/script"), payload=payload,
                            legend=legend, person=PERSON_COLOUR, lo=lo, hi=hi)


_TEMPLATE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:; connect-src 'none'">
<title>{title}</title>
<style>{css}
body {{ font-family: system-ui, sans-serif; margin: 0; }}
header {{ padding: 6px 12px; background: #f4f4f4; border-bottom: 1px solid #ddd; }}
header h1 {{ font-size: 16px; margin: 0 0 4px 0; }}
#controls label {{ margin-right: 12px; font-size: 13px; }}
#legend {{ font-size: 12px; margin-top: 4px; }}
.sw {{ display: inline-block; width: 11px; height: 11px; margin: 0 3px 0 8px; border-radius: 2px; }}
#graph {{ position: absolute; top: 110px; bottom: 0; left: 0; right: 0; }}
div.vis-tooltip {{ max-width: 420px; white-space: normal; font-size: 12px; }}
</style></head>
<body>
<header><h1>{title}</h1>
<div id="controls"><label>Year <input id="year" type="range" min="{lo}" max="{hi}" value="{hi}" step="1">
<output id="yearOut">{hi}</output></label>
<label><input id="allYears" type="checkbox" checked> all years</label>
<span id="counts"></span></div>
<div id="legend">Grade in force: {legend} <span class="sw" style="background:{person}"></span>person;
dashed line = interim; an edge is a post held (role and years). At a chosen year: solid = certainly
in post that year, faded = possibly in post (the sources' dates do not settle it); posts with no date at all
are shown under "all years" only.</div></header>
<div id="graph"></div>
<script>{js}</script>
<script>
(function () {{
  var DATA = {payload};
  function tip(html) {{ var el = document.createElement('div'); el.innerHTML = html; return el; }}
  var nodes = new vis.DataSet(DATA.nodes.map(function (n) {{ return Object.assign({{}}, n, {{title: tip(n.title || '')}}); }}));
  var edges = new vis.DataSet(DATA.edges.map(function (e, i) {{ return Object.assign({{id: 'e' + i}}, e, {{title: tip(e.title || '')}}); }}));
  var network = new vis.Network(document.getElementById('graph'), {{nodes: nodes, edges: edges}}, DATA.options);
  window.tenureGraph = {{network: network, nodes: nodes, edges: edges, data: DATA}};
  function gradeAt(n, y) {{
    var g = null; (n.grades || []).forEach(function (r) {{ if (r[0] <= y && y < r[1]) g = r[2]; }});
    return g;
  }}
  function apply() {{
    var all = document.getElementById('allYears').checked;
    var y = parseInt(document.getElementById('year').value, 10);
    document.getElementById('yearOut').textContent = all ? 'all' : y;
    var live = {{}}, state = {{}};
    var eu = DATA.edges.map(function (e, i) {{
      var r = e.years;
      var st = all ? 'certain' : (r[2] && r[2] <= y && y <= r[3]) ? 'certain'
               : (r[0] && r[0] <= y && y <= r[1]) ? 'possible' : null;
      state['e' + i] = all ? 'all' : (st || 'hidden');
      if (st) {{ live[e.from] = live[e.from] === 'certain' ? 'certain' : st;
                live[e.to] = live[e.to] === 'certain' ? 'certain' : st; }}
      return {{id: 'e' + i, hidden: !st, width: st === 'certain' ? 2 : 1,
               color: {{color: '#8a8a8a', opacity: st === 'possible' ? 0.3 : 1.0}},
               font: {{color: st === 'possible' ? 'rgba(85,85,85,0.45)' : '#555'}}}};
    }});
    edges.update(eu);
    window.tenureGraph.edgeState = state;
    var shown = 0;
    var nu = DATA.nodes.map(function (n) {{
      var on = all || !!live[n.id] || (n.kind === 'authority' && n.named);
      if (on) shown++;
      var upd = {{id: n.id, hidden: !on, opacity: (all || live[n.id] !== 'possible') ? 1.0 : 0.45}};
      if (n.kind === 'authority') {{
        var g = all ? ((n.grades || []).length ? n.grades[n.grades.length - 1][2] : null) : gradeAt(n, y);
        upd.color = DATA.colours[g || 'ungraded'];
      }}
      return upd;
    }});
    nodes.update(nu);
    document.getElementById('counts').textContent = shown + ' of ' + DATA.nodes.length + ' nodes shown';
    window.tenureGraph.visibleNodes = shown;
    window.tenureGraph.visibleEdges = eu.filter(function (e) {{ return !e.hidden; }}).length;
  }}
  document.getElementById('year').addEventListener('input', function () {{
    document.getElementById('allYears').checked = false; apply(); }});
  document.getElementById('allYears').addEventListener('change', apply);
  network.once('stabilizationIterationsDone', function () {{ window.tenureGraph.stable = true; }});
  if (!DATA.options.physics.enabled) {{ window.tenureGraph.stable = true; }}
  apply();
}})();
</script></body></html>
"""


def write_viz(reader: Any, out: Path, authorities: list[str] | None = None, person: str | None = None,
              since: int | None = None, until: int | None = None, view: str = "people") -> dict[str, Any]:
    """Draw the neighbourhood (or everything) and write one self-contained HTML file."""
    if view == "ratings":  # the national grid: authorities x years (graph/viz_ratings.py)
        from graph.viz_ratings import write_ratings

        return write_ratings(reader, out, since, until)
    if view not in ("people", "movement"):
        raise ValueError(f"--view must be people, movement or ratings, not {view!r}")
    authorities = authorities or []
    if view == "people":
        data = people_view(reader, authorities, person, since, until)
    else:
        data = movement_view(reader, authorities, since, until)
    what = ", ".join(authorities + ([person] if person else [])) or "all authorities"
    page = render_html(data, f"tenure — {view} view: {what}")
    from graph.files import write_text_atomic

    write_text_atomic(out, page)  # whole or not at all; a folder, a full disk or a read-only path is a clear error
    warning = (f"{len(data['nodes'])} nodes: large graphs are slow in a browser; narrow with --authority or --since"
               if len(data["nodes"]) > WARN_NODES else None)
    return {"out": str(out), "view": view, "nodes": len(data["nodes"]), "edges": len(data["edges"]),
            "warning": warning}
