"""The national picture: authorities x years, each cell coloured by the grade in force.

One self-contained HTML file (no script or style from elsewhere, nothing fetched): a grid
of every council (grouped by region) against the years 2009 to now, each cell the grade in
force on 31 March of that year (Ofsted's own "as at 31 March" convention), a dot where a
leader is held for that day, and a tooltip with the judgement, its sources and the leaders.
All text from the data is escaped; the data travels as JSON inside the page and is drawn
with textContent, never innerHTML.
"""

from __future__ import annotations

import datetime as dt
import html
import json
from pathlib import Path
from typing import Any

from graph.dates import Certainty, Window, held_at
from queries import check_role, span_of
from queries.national import exists_on, grade_on

FIRST_YEAR = 2009
COLOURS = {"outstanding": "#1f6fb2", "good": "#2e9e4f", "requires_improvement": "#e8a317", "adequate": "#c9b458",
           "inadequate": "#c62828", "none": "#9e9e9e", "missing": "#eeeeee"}
LABELS = {"outstanding": "outstanding", "good": "good", "requires_improvement": "requires improvement",
          "adequate": "adequate (pre-2013)", "inadequate": "inadequate", "none": "no overall grade (2026 reform)",
          "missing": "no judgement in force"}


def ratings_data(reader: Any, since: int | None = None, until: int | None = None,
                 role: str = "director_of_childrens_services") -> dict[str, Any]:
    """Rows of cells: per authority and year, the grade in force on 31 March and the leaders held that day."""
    from queries.national import national_rows

    role_filter = check_role(role)
    first = max(since or FIRST_YEAR, FIRST_YEAR)
    last = until or dt.date.today().year
    authorities, by_auth, tenures_at, sources = national_rows(reader, role)
    years = list(range(first, last + 1))
    rows = []
    for a in authorities:
        js = by_auth.get(a["id"], [])
        if not js and a.get("valid_to"):
            continue  # a code that only changed: its council is drawn under its current code
        cells: list[dict[str, Any] | None] = []
        for year in years:
            day = dt.date(year, 3, 31)
            if not exists_on(a, day):
                cells.append(None)
                continue
            j, inherited = grade_on(a, day, authorities, by_auth)
            leaders = []
            for t in tenures_at.get(a["id"], []):
                c = held_at(span_of(t), Window(day, day))
                if c is not Certainty.NO:
                    leaders.append(f"{t['person']} ({c.value})")
            grade = (j.get("overall") or "none") if j else "missing"
            cell: dict[str, Any] = {"g": grade, "l": leaders}
            if j:
                src = [sources[i] for i in j.get("source_ids") or [] if i in sources]
                cell["j"] = (f"{j['type']}{' (' + j['title'] + ')' if j.get('title') else ''}, published "
                             f"{j.get('published') or '?'}" + (f"; the grade of {inherited}, the predecessor council"
                                                               if inherited else ""))
                cell["s"] = [f"{s.get('publisher') or ''} {s.get('published') or ''}: {s.get('url') or s['id']}"
                             for s in src[:4]]
            cells.append(cell)
        rows.append({"name": a["name"], "id": a["id"], "region": a.get("region") or "", "cells": cells,
                     "former": bool(a.get("valid_to"))})
    rows.sort(key=lambda r: (r["region"], r["former"], r["name"]))
    return {"years": years, "rows": rows, "role": role_filter or "any"}


_PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'">
<title>__TITLE__</title>
<style>
body{font:13px system-ui,sans-serif;margin:16px;color:#222}
h1{font-size:18px;margin:0 0 4px} p.note{margin:0 0 10px;color:#555;max-width:70em}
#legend span{display:inline-block;margin-right:14px} #legend i{display:inline-block;width:12px;height:12px;margin-right:4px;vertical-align:-2px;border:1px solid #0002}
table{border-collapse:collapse} th{font-weight:normal;color:#555;font-size:11px;padding:0 1px}
td.n{padding:0 8px 0 0;white-space:nowrap;text-align:right;font-size:12px} td.r{padding:8px 0 2px;font-weight:bold;color:#333}
td.c{width:22px;height:14px;border:1px solid #fff;position:relative;cursor:default}
td.c.x{background:transparent} td.c b{position:absolute;left:8px;top:4px;width:5px;height:5px;border-radius:50%;background:#fff;box-shadow:0 0 0 1px #000a}
#tip{position:fixed;display:none;background:#fff;border:1px solid #888;padding:6px 8px;max-width:460px;box-shadow:2px 2px 6px #0003;pointer-events:none;white-space:pre-wrap;font-size:12px}
</style></head><body>
<h1>__TITLE__</h1>
<p class="note">Each cell: the Ofsted grade in force on 31 March of that year (Ofsted's "as at 31 March"), from Ofsted's
statistics and reports. A white dot: a leader (__ROLE__) is held in the data for that day; hover for the judgement,
its sources and the leaders. Contains public sector information licensed under the Open Government Licence v3.0.</p>
<div id="legend"></div>
<table id="grid"></table>
<div id="tip"></div>
<script id="data" type="application/json">__DATA__</script>
<script>
(function(){
  var data = JSON.parse(document.getElementById('data').textContent);
  var colours = __COLOURS__, labels = __LABELS__;
  var legend = document.getElementById('legend');
  Object.keys(labels).forEach(function(k){
    var s = document.createElement('span'), i = document.createElement('i');
    i.style.background = colours[k]; s.appendChild(i); s.appendChild(document.createTextNode(labels[k])); legend.appendChild(s);
  });
  var grid = document.getElementById('grid'), tip = document.getElementById('tip');
  var head = grid.insertRow(); head.appendChild(document.createElement('th'));
  data.years.forEach(function(y){ var th = document.createElement('th'); th.textContent = String(y).slice(2); th.title = y; head.appendChild(th); });
  var region = null, cells = 0;
  data.rows.forEach(function(r){
    if (r.region !== region) {
      region = r.region; var rr = grid.insertRow(), td = rr.insertCell();
      td.className = 'r'; td.colSpan = data.years.length + 1; td.textContent = region || 'Region not given';
    }
    var tr = grid.insertRow(), name = tr.insertCell();
    name.className = 'n'; name.textContent = r.name + (r.former ? ' (former)' : '');
    r.cells.forEach(function(c, k){
      var td = tr.insertCell(); td.className = 'c';
      if (!c) { td.className = 'c x'; return; }
      td.style.background = colours[c.g]; cells++;
      if (c.l.length) td.appendChild(document.createElement('b'));
      td.dataset.row = data.rows.indexOf(r); td.dataset.year = k;
    });
  });
  function text(r, k){
    var c = r.cells[k], out = r.name + ', 31 March ' + data.years[k] + '\\n' + labels[c.g];
    if (c.j) out += '\\n' + c.j;
    out += '\\nLeaders held: ' + (c.l.length ? c.l.join('; ') : 'none in the data');
    if (c.s) out += '\\nSources:\\n  ' + c.s.join('\\n  ');
    return out;
  }
  grid.addEventListener('mousemove', function(ev){
    var td = ev.target.closest('td.c');
    if (!td || td.dataset.row === undefined) { tip.style.display = 'none'; return; }
    tip.textContent = text(data.rows[+td.dataset.row], +td.dataset.year);
    tip.style.display = 'block';
    tip.style.left = Math.min(ev.clientX + 14, window.innerWidth - 470) + 'px';
    tip.style.top = Math.min(ev.clientY + 14, window.innerHeight - tip.offsetHeight - 4) + 'px';
  });
  grid.addEventListener('mouseleave', function(){ tip.style.display = 'none'; });
  window.tenureRatings = {rows: data.rows.length, years: data.years.length, cells: cells, text: function(i, k){ return text(data.rows[i], k); },
                          ready: true};
})();
</script></body></html>
"""


def render_ratings(data: dict[str, Any], heading: str) -> str:
    payload = json.dumps(data, ensure_ascii=False).replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return (_PAGE.replace("__TITLE__", html.escape(heading)).replace("__ROLE__", html.escape(data["role"]))
            .replace("__COLOURS__", json.dumps(COLOURS)).replace("__LABELS__", json.dumps(LABELS))
            .replace("__DATA__", payload))


def write_ratings(reader: Any, out: Path, since: int | None = None, until: int | None = None) -> dict[str, Any]:
    data = ratings_data(reader, since, until)
    page = render_ratings(data, "tenure - Ofsted grade in force, every English authority")
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(out.name + ".tmp")
    tmp.write_text(page, encoding="utf-8")
    tmp.replace(out)
    cells = sum(1 for r in data["rows"] for c in r["cells"] if c)
    return {"out": str(out), "view": "ratings", "nodes": len(data["rows"]), "edges": 0, "cells": cells,
            "years": len(data["years"]), "warning": None}
