"""Ofsted's national record: the loader, the merge with curated facts, and the national views.

The official files are read from ../shared/reference/ofsted at run time (never copied here).
The sample test reads the workbooks on its own (plain calamine, column names from the header)
so it checks the bundled facts against the files, not the loader against itself.
"""

from __future__ import annotations

import datetime as dt
import json
import random
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cli import app
from graph.model import DATA_DIR

runner = CliRunner()
GRADE = {"Outstanding": "outstanding", "Good": "good", "Requires improvement to be good": "requires_improvement",
         "Inadequate": "inadequate"}


def run(*args: str):
    return runner.invoke(app, list(args))


@pytest.fixture(scope="module")
def ofsted(shared: Path) -> Path:
    root = shared / "reference" / "ofsted"
    if not (root / "official").is_dir():
        pytest.fail(f"{root}/official is missing: the national tests read Ofsted's files from ../shared")
    return root


@pytest.fixture(scope="module")
def kb():
    from loaders.curated import load_curated

    kb, problems = load_curated()
    assert not problems, problems
    return kb


def _rows(path: Path, sheet_words: str, header_first: str = "Web link") -> list[dict[str, object]]:
    """Every data row of every table in the first sheet whose name contains `sheet_words`, as header->cell."""
    from python_calamine import CalamineWorkbook

    wb = CalamineWorkbook.from_path(str(path))
    name = next(n for n in wb.sheet_names if sheet_words in n)
    out, header, table = [], None, 0
    for row in wb.get_sheet_by_name(name).to_python():
        if row and row[0] == header_first:
            header, table = [str(h).strip() for h in row], table + 1
            continue
        if header and len(row) > 1 and str(row[1]).strip():
            out.append({**dict(zip(header, row)), "_table": table})
    return out


def _official_sample(root: Path, n: int = 30, seed: int = 13) -> list[dict[str, str]]:
    """n rows drawn (seeded) from the 2025 ILACS history and the 2009-2023 history (SLAC, SIF)."""
    rows: list[dict[str, str]] = []
    for r in _rows(root / "official" / "LA_Inspection_Outcomes_as_at_31_March_2025.ods", "ILACS"):
        rows.append({"name": str(r["Local authority name"]), "type": "ilacs",
                     "published": r["Publication date"].date().isoformat(),  # type: ignore[union-attr]
                     "inspection_start": r["Inspection date"].date().isoformat(),  # type: ignore[union-attr]
                     "overall": GRADE[str(r["Overall effectiveness"])]})
    hist = _rows(root / "official" / "Childrens_social_care_in_England_2023_underlying_data.ods", "2009")
    for r in hist:
        keys = {k.strip().lower(): k for k in r if isinstance(k, str)}
        sif_pub = r[keys["single inspection of la children's services (sif)  first sif publication date"]]
        sif_oe = r[keys["first sif overall judgement\n(oe)"]]
        if isinstance(sif_pub, dt.datetime) and sif_oe in GRADE:
            rows.append({"name": str(r["Local authority name"]), "type": "sif", "published": sif_pub.date().isoformat(),
                         "overall": GRADE[str(sif_oe)], "former": r["_table"] == 2})  # type: ignore[dict-item]
        slac_pub = r[keys["safeguarding & looked after children (slac) inspection publication date"]]
        slac_oe = r[keys["slac safeguarding overall effectiveness (oe)"]]
        if isinstance(slac_pub, dt.datetime) and slac_oe in GRADE:
            grade = GRADE[str(slac_oe)]
            rows.append({"name": str(r["Local authority name"]), "type": "slac",
                         "published": slac_pub.date().isoformat(),
                         "overall": "adequate" if grade == "requires_improvement" else grade,
                         "former": r["_table"] == 2})  # type: ignore[dict-item]
    return random.Random(seed).sample(rows, n)


def test_thirty_random_official_rows_are_in_the_timelines(ofsted, store):
    sample = _official_sample(ofsted)
    assert len({r["type"] for r in sample}) == 3  # the draw covers ILACS, SIF and 2009-12 rows
    for row in sample:
        res = run("authority", row["name"], "--json", "--db", str(store))
        assert res.exit_code == 0, (row, res.output)
        out = json.loads(res.stdout)
        events = [e for e in out["events"] if e["kind"] == "judgement" and e["type"] == row["type"]
                  and e["published"] == row["published"]]
        if row.get("former") and out["authority"] != row["name"]:  # e.g. the old Dorset, shown as a predecessor
            events = [e for e in events if e.get("predecessor") == row["name"]]
        assert len(events) == 1, (row, [e["id"] for e in out["events"] if e["kind"] == "judgement"])
        e = events[0]
        assert e["overall"] == row["overall"], (row, e)
        if row.get("inspection_start"):
            assert e["inspection_start"] == row["inspection_start"], (row, e)
        assert any(s["url"] for s in e["sources"]), e


def test_every_current_authority_has_graded_ilacs_and_history(kb):
    current = [a for a in kb.authorities.values() if not a.valid_to and not a.id.startswith("org:")]
    assert len(current) == 153
    by_type: dict[str, set[str]] = {}
    for j in kb.judgements:
        if j.overall:
            by_type.setdefault(j.type, set()).add(j.authority_id)
    assert all(a.id in by_type["ilacs"] for a in current), [a.name for a in current if a.id not in by_type["ilacs"]]
    # councils created by the 2019-2023 reorganisations have no SIF or 2009-12 judgement of their own
    new = {r.object_id for r in kb.relations if r.kind == "succeeded_by"}
    assert len(new) == 6
    assert {a.id for a in current} - new <= by_type["sif"] and {a.id for a in current} - new <= by_type["slac"]


def test_every_judgement_has_a_source_with_a_url_and_the_report_link_where_given(kb, ofsted):
    import csv

    links = {r["inspection_link"] for r in csv.DictReader(open(ofsted / "scraped" / "ofsted_csc_ilacs_history.csv",
                                                              encoding="utf-8"))}
    cited = set()
    for j in kb.judgements:
        urls = [kb.sources[c.source_id].url for c in j.cites if kb.sources[c.source_id].url]
        if not urls:  # only curated visits known from an archived Ofsted letter whose URL the seed lacks
            assert j.origin == "curated" and j.type in ("monitoring_visit", "focused_visit"), j.id
            assert all(kb.sources[c.source_id].file for c in j.cites), j.id
        cited |= set(urls)
    assert links <= cited  # every report link in the table is cited by a judgement
    official = [j for j in kb.judgements if j.origin == "official"]
    assert len(official) > 800


def test_same_inspection_is_one_node_with_all_citations(kb):
    blackpool = [j for j in kb.judgements if j.authority_id == "E06000009" and j.overall == "inadequate"]
    assert [j.type for j in blackpool] == ["cpi", "ilacs"]  # 2012 and 2018: no curated duplicate of either
    j2018 = next(j for j in blackpool if j.type == "ilacs")
    sources = {c.source_id for c in j2018.cites}
    assert "07_essex-commissioner-for-blackpool" in sources and "ofsted-stats:la-inspection-outcomes-as-at-31-march-2025" in sources
    assert any(s.startswith("ofsted-report:") for s in sources)
    assert str(j2018.inspection_start) == "2018-11-26" and str(j2018.published) == "2019-01-17"
    ids = [j.id for j in kb.judgements]
    assert len(ids) == len(set(ids))


def test_pre_2013_adequate_and_post_2026_no_overall(kb):
    slac = [j for j in kb.judgements if j.type == "slac" and j.overall]
    assert any(j.overall == "adequate" for j in slac)
    assert not any(j.overall == "requires_improvement" for j in slac)  # that wording did not exist before 2013
    late = [j for j in kb.judgements if j.type == "ilacs" and j.inspection_start and str(j.inspection_start) >= "2026-04"]
    assert late and all(j.overall is None and j.sub for j in late)


def test_conflicts_show_files_that_disagree(kb):
    from queries.conflicts import find_conflicts

    found = {(c["fact"], c["field"]) for c in find_conflicts(kb)}
    staffs = [f for f, field in found if f.startswith("judgement:E10000028:ilacs:2023-11") and field == "care_leavers"]
    assert staffs  # the 2024 edition said good; the 2025 edition corrected it to requires improvement


def test_successors_show_predecessors_history(store):
    res = run("authority", "North Northamptonshire", "--json", "--db", str(store))
    out = json.loads(res.stdout)
    assert [p["name"] for p in out["predecessors"]] == ["Northamptonshire"]
    inherited = [e for e in out["events"] if e.get("predecessor") == "Northamptonshire"]
    assert any(e["type"] == "ilacs" and e["overall"] == "inadequate" and e["published"] == "2019-07-29"
               for e in inherited)
    assert any(e["kind"] == "relation" and e["relation"] == "succeeded_by" for e in out["events"])


def test_who_led_birmingham_lists_its_inadequate_judgements(store):
    out = json.loads(run("who-led", "Birmingham", "--rating", "inadequate", "--json", "--db", str(store)).stdout)
    assert len(out["results"]) >= 4
    assert all(r["judgement"]["overall"] == "inadequate" for r in out["results"])
    published = {r["judgement"]["published"]: r for r in out["results"]}
    assert {"2014-05-23", "2016-11-25"} <= set(published)
    assert "Peter Hay" in [h["person"] for h in published["2014-05-23"]["holders"]]


def test_who_led_says_plainly_when_no_leaders_are_held(store):
    """An authority with inadequate judgements and no director in the data (chosen from the store)."""
    # (OPTIONAL MATCH and a count: queries/guard.py refuses EXISTS {...} subqueries, whatever its docs say)
    res = run("cypher", "MATCH (j:Judgement)-[:OF]->(a:Authority) WHERE j.overall = 'inadequate' "
              "OPTIONAL MATCH (a)<-[:AT]-(p:Post) WHERE p.role = 'director_of_childrens_services' "
              "WITH a, count(p) AS directors WHERE directors = 0 "
              "RETURN DISTINCT a.name AS name ORDER BY name LIMIT 1", "--json", "--db", str(store))
    rows = json.loads(res.stdout)["rows"]
    assert rows, "every authority with an inadequate judgement has a director held: pick another test"
    name = rows[0][0] if isinstance(rows[0], list) else rows[0]["name"]
    text = run("who-led", name, "--rating", "inadequate", "--db", str(store))
    assert text.exit_code == 0, text.output
    assert f"no leader (director_of_childrens_services) of {name} is held" in text.stdout
    out = json.loads(run("who-led", name, "--rating", "inadequate", "--json", "--db", str(store)).stdout)
    assert out["leaders_held"] == 0 and out["results"]
    assert all(r["judgement"]["overall"] == "inadequate" and not r["holders"] for r in out["results"])


def test_ratings_in_force_and_since(store):
    out = json.loads(run("ratings", "--at", "2019-06-01", "--rating", "inadequate", "--json", "--db", str(store)).stdout)
    names = {r["authority"]: r for r in out["rows"]}
    assert "Blackpool" in names and "Birmingham" not in names
    assert [h["person"] for h in names["Blackpool"]["leaders"]] == ["Diane Booth"]
    assert all(r["judgement"]["overall"] == "inadequate" for r in out["rows"])
    every = json.loads(run("ratings", "--at", "2019-06-01", "--json", "--db", str(store)).stdout)
    # the councils that existed that day: 153 today, less the four created in 2021 and 2023, plus
    # Northamptonshire and Cumbria, which they replaced
    assert len(every["rows"]) == 151
    late = json.loads(run("ratings", "--at", "2026-08-30", "--json", "--db", str(store)).stdout)
    blackpool = next(r for r in late["rows"] if r["authority"] == "Blackpool")
    assert blackpool["judgement"]["overall"] is None and blackpool["judgement"]["subjudgements"]
    since = json.loads(run("ratings", "--since", "2024", "--rating", "outstanding", "--json", "--db", str(store)).stdout)
    assert since["rows"] and all(r["judgement"]["published"] >= "2024" for r in since["rows"])


def test_coverage_counts(store):
    out = json.loads(run("coverage", "--json", "--db", str(store)).stdout)
    t = out["totals"]
    assert t["current"] == 153 and t["current_without_graded_ilacs"] == 0
    bp = next(a for a in out["authorities"] if a["authority"] == "Blackpool")
    assert bp["leaders"] >= 3 and bp["by_type"]["ilacs"] >= 3 and bp["by_type"]["monitoring_visit"] >= 3
    bham = next(a for a in out["authorities"] if a["authority"] == "Birmingham")
    assert bham["leaders"] >= 1 and bham["judgements"] >= 7
    # Ofsted's unnamed statements of time in post are counted apart, never as leaders
    assert sum(a["unnamed_seats"] for a in out["authorities"]) >= 100
    assert any(a["unnamed_seats"] and not a["leaders"] for a in out["authorities"])


def test_coverage_of_inadequate_judgements_names_directors_or_says_what_was_searched(store):
    out = json.loads(run("coverage", "--rating", "inadequate", "--since", "2013", "--json", "--db",
                         str(store)).stdout)
    n = out["named_directors"]
    assert n["judgements"] >= 75 and n["with_named"] >= 60 and n["share"] == round(n["with_named"] / n["judgements"], 3)
    assert len(n["without_named"]) == n["judgements"] - n["with_named"]
    assert all(m["searched"] and m["queries"] for m in n["without_named"]), \
        [m["authority"] for m in n["without_named"] if not m["searched"]]


def test_import_regenerates_the_bundled_facts(ofsted, tmp_path):
    data = tmp_path / "data"
    (data / "facts").mkdir(parents=True)
    res = run("import", "ofsted", str(ofsted), "--data", str(data), "--json")
    assert res.exit_code == 0, res.output
    out = json.loads(res.stdout)
    assert out["authorities"] == 158
    for name in ("facts/ofsted-judgements.jsonl", "sources-ofsted.jsonl"):
        assert (data / name).read_bytes() == (DATA_DIR / name).read_bytes(), name  # bundled == regenerated
    first = json.loads((data / "sources-ofsted.jsonl").read_text(encoding="utf-8").splitlines()[0])
    assert "Open Government Licence" in first["published_note"]


def test_import_bad_folder_is_a_clear_error(tmp_path):
    res = run("import", "ofsted", str(tmp_path))
    assert res.exit_code == 2 and "no LA_Inspection_Outcomes" in res.output and "Traceback" not in res.output


def test_report_text_gives_dates_and_grade_span(ofsted):
    from loaders.ofsted import read_report

    text = (ofsted / "reports" / "80431_blackpool" / "2014-09-08.txt").read_text(encoding="utf-8")
    found = read_report(text)
    assert found["inspection_start"] == "2014-07-02" and found["inspection_end"] == "2014-07-23"
    assert found["overall"] == "requires_improvement"
    a, b = found["grade_span"]
    assert "overall judgement" in text[a:b]


def test_ratings_view_in_browser(store, tmp_path):
    """`viz --view ratings`: one offline file, a cell per authority and year, leaders and sources in the tooltip."""
    import shutil

    chromium = shutil.which("chromium") or "/usr/bin/chromium"
    if not Path(chromium).exists():
        pytest.skip("Chromium is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    out = tmp_path / "ratings.html"
    res = run("viz", "--view", "ratings", "--out", str(out), "--db", str(store), "--json")
    assert res.exit_code == 0, res.output
    info = json.loads(res.stdout)
    page_text = out.read_text(encoding="utf-8")
    assert "<script src" not in page_text and "<link" not in page_text and "Open Government Licence" in page_text
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=chromium, args=["--headless", "--no-sandbox", "--disable-gpu"])
        page = b.new_page(viewport={"width": 1200, "height": 900})
        errors: list[str] = []
        requests: list[str] = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.on("console", lambda m: m.type == "error" and errors.append(m.text))
        page.on("request", lambda r: requests.append(r.url))
        page.goto(out.as_uri())
        page.wait_for_function("window.tenureRatings && window.tenureRatings.ready", timeout=60000)
        rows, years, cells = page.evaluate("[tenureRatings.rows, tenureRatings.years, tenureRatings.cells]")
        assert rows == info["nodes"] >= 153 and cells == info["cells"] and years >= 17
        assert page.evaluate("document.querySelectorAll('td.c[data-row]').length") == cells
        # Blackpool in March 2020: inadequate (the 2018 inspection), Diane Booth held
        i = page.evaluate("Array.from(document.querySelectorAll('td.n')).findIndex(td => td.textContent === 'Blackpool')")
        assert i >= 0
        year_index = 2020 - 2009
        cell = page.locator(f"td.c[data-row='{i}'][data-year='{year_index}']")
        cell.hover()
        tip = page.inner_text("#tip")
        assert "Blackpool, 31 March 2020" in tip and "inadequate" in tip and "Diane Booth" in tip
        assert "https://" in tip
        # North Northamptonshire in March 2022: no judgement yet, its predecessor's grade, said so
        tip2 = page.evaluate("(() => { const rows = Array.from(document.querySelectorAll('td.n'));"
                             " const k = rows.findIndex(td => td.textContent === 'North Northamptonshire');"
                             f" return tenureRatings.text(k, {2022 - 2009}); }})()")
        assert "inadequate" in tip2 and "Northamptonshire, the predecessor" in tip2
        page.screenshot(path=str(tmp_path / "ratings.png"))
        b.close()
    assert errors == [] and requests == [out.as_uri()]


def test_national_judgements_are_known_to_linking(kb):
    """Undated mentions in articles can be tied to any inspection Ofsted published, not only curated ones."""
    from loaders.linking import known_from_kb

    known = known_from_kb(kb)
    bham = [k for k in known if k.authority == "Birmingham"]
    assert {k.overall for k in bham} >= {"inadequate", "good"}
    assert all(any(k.when()) for k in bham) and all(k.sources for k in bham)
    assert len({k.authority for k in known}) >= 153
