"""The article loader on real text (scored with the shared scorer) and on hostile files."""

import json
import subprocess
import sys
import time
from pathlib import Path

import pytest

from graph.dates import PartialDate
from graph.model import DATA_DIR, ROOT
from loaders.articles import Extractor, extract_files, known_people_from, read_article
from loaders.curated import load_curated
from loaders.linking import known_from_kb
from loaders.textdates import find_dates

SCORER = ROOT.parent / "shared" / "tools" / "score_extraction.py"


def score(shared: Path, pattern: str, subset: str, tmp_path: Path) -> dict[str, float]:
    """Score what `tenure extract` gives: the bundled curated data is known while extracting."""
    kb, _ = load_curated(DATA_DIR)
    out = extract_files(sorted(shared.glob(pattern)), Extractor(known_people=known_people_from(kb)),
                        known_from_kb(kb))
    pred = tmp_path / f"{subset}.json"
    pred.write_text(json.dumps({"facts": out["facts"]}), encoding="utf-8")
    res = subprocess.run([sys.executable, str(SCORER), str(shared / "corpus" / "gold_facts.yaml"), str(pred),
                          "--set", subset], capture_output=True, text=True, check=True)
    last = res.stdout.strip().splitlines()[-1].split()
    return {k: float(v) for k, v in (p.split("=") for p in last if "=" in p)} | {
        "tenure_P": float(last[1].split("=")[1]), "tenure_R": float(last[2].split("=")[1]),
        "judgement_P": float(last[4].split("=")[1]), "judgement_R": float(last[5].split("=")[1])}


def test_corpus_scores_hold(shared, tmp_path):
    """The issue's targets on the dev corpus (measured figures in the issue note)."""
    s = score(shared, "corpus/*.md", "dev", tmp_path)
    assert s["tenure_P"] >= 0.92 and s["tenure_R"] >= 0.85
    assert s["judgement_P"] >= 0.90 and s["judgement_R"] >= 0.80
    assert s["dated"] >= 0.80


def test_seed_scores_hold(shared, tmp_path):
    s = score(shared, "seeds/*.txt", "seed", tmp_path)
    assert s["tenure_P"] >= 0.95 and s["tenure_R"] >= 0.95
    assert s["judgement_P"] >= 0.80 and s["judgement_R"] >= 0.88


@pytest.mark.parametrize("text,pub,expect", [
    ("She took up the post on 3 March and left in June 2020.", "2019-05-01", ["2019-03-03", "2020-06"]),
    ("appointed two years ago", "2021-08-10", ["2019"]),
    ("who joined last September", "2020-02-14", ["2019-09"]),
    ("inspected between 2 and 13 October 2017", None, ["2017-10-02"]),
    ("the report, published today (March 9), said", "2022-03-09", ["2022-03-09"]),
    ("leaving at the end of next month", "2018-11-20", ["2018-12"]),
])
def test_dates_in_new_wording(text, pub, expect):
    found = [str(d.first) for d in find_dates(text, PartialDate.parse(pub) if pub else None) if d.resolved]
    assert found == expect


def test_relative_dates_without_publication_stay_unresolved():
    found = find_dates("She was appointed 18 months ago and joined last April.", None)
    assert found and all(not d.resolved and "unresolved" in d.note for d in found)


def test_unseen_wording_tenure_and_judgement(tmp_path):
    art = tmp_path / "new.md"
    art.write_text("---\ntitle: Test\npublished: 2021-06-15\n---\n"
                   "Rochdale Borough Council has appointed Sam Patel as its new director of children's services. "
                   "Mr Patel, who joins from Oldham Council where he is assistant director for early help, "
                   "starts on 1 September.\n\n"
                   "Ofsted rated Rochdale's children's services 'requires improvement to be good' after an "
                   "inspection in April, up from 'inadequate' in 2018.\n", encoding="utf-8")
    facts = extract_files([art])["facts"]
    tenures = {(f["person"], f["role"], f["authority"], f["start"]) for f in facts if f["kind"] == "tenure"}
    assert ("Sam Patel", "director_of_childrens_services", "Rochdale", "2021-09-01") in tenures
    grades = {(f["authority"], f["overall"], (f["inspection_start"] or f["published"] or "")[:7])
              for f in facts if f["kind"] == "judgement"}
    assert ("Rochdale", "requires_improvement", "2021-04") in grades
    assert ("Rochdale", "inadequate", "2018") in grades


def test_hostile_files_are_reported_not_fatal(tmp_path):
    good = tmp_path / "good.md"
    good.write_text("Blackpool Council has appointed Jo Bloggs as its new director of children's services.\n")
    (tmp_path / "empty.md").write_text("")
    (tmp_path / "binary.txt").write_bytes(b"\x00\x01\x02\xff" * 100)
    (tmp_path / "badutf8.md").write_bytes("Ms Ann Lee, director of children's services at York, said".encode()
                                          + b" \xff\xfe bytes")
    (tmp_path / "html.md").write_text("<script>alert(1)</script><img src=x onerror=alert(1)> "
                                      "<b>Cllr <i>Evil</i> Name</b>, council leader of York Council, said.")
    (tmp_path / "huge.txt").write_text("word " * 210_000)  # ~1 MB on one line
    t0 = time.perf_counter()
    out = extract_files([tmp_path])
    assert time.perf_counter() - t0 < 60
    assert any("empty.md" in e and "empty" in e for e in out["errors"])
    assert any("binary.txt" in e and "binary" in e for e in out["errors"])
    assert any("badutf8.md" in w and "UTF-8" in w for w in out["warnings"])
    people = {f["person"] for f in out["facts"] if f["kind"] == "tenure"}
    assert "Jo Bloggs" in people and "Ann Lee" in people


def test_plain_text_dateline_sets_publication(tmp_path):
    p = tmp_path / "letter.txt"
    p.write_text("Ofsted\n\n21 January 2020\n\nDear Someone\n\nThe visit last month went well.\n")
    art = read_article(p)
    assert str(art.published) == "2020-01-21"


def test_build_with_articles_keeps_the_curated_answer(shared, tmp_path):
    from graph.model import DATA_DIR
    from graph.pipeline import build
    from queries import Reader
    from queries.who_led import who_led

    plain, with_articles = tmp_path / "plain", tmp_path / "articles"
    assert not build(DATA_DIR, plain).problems
    report = build(DATA_DIR, with_articles, [shared / "corpus"])
    assert not report.problems
    with Reader(plain) as a, Reader(with_articles) as b:
        ra, rb = who_led(a, "Blackpool", "inadequate"), who_led(b, "Blackpool", "inadequate")
        assert [[h["person"] for h in r["holders"]] for r in ra["results"]] == \
               [[h["person"] for h in r["holders"]] for r in rb["results"]]
        origins = b.raw("MATCH (j:Judgement) RETURN j.origin, count(*)")[1]
        assert dict(origins).get("curated")
        cites = b.raw("MATCH (:Judgement)-[c:CITES]->(s:Source) WHERE c.note STARTS WITH 'extracted' "
                      "RETURN count(c)")[1][0][0]
        assert cites > 0


def test_extract_json_shape(shared):
    from typer.testing import CliRunner

    from cli import app

    res = CliRunner().invoke(app, ["extract", str(shared / "corpus" / "01_booth-appointed-blackpool-dcs.md"), "--json"])
    assert res.exit_code == 0, res.output
    facts = json.loads(res.stdout)["facts"]
    booth = next(f for f in facts if f["person"] == "Diane Booth" and f["authority"] == "Blackpool")
    assert {"kind", "person", "role", "title", "authority", "start", "end", "interim", "source", "evidence",
            "char_start", "char_end", "confidence"} <= set(booth)
    assert booth["start"] == "2017-04-24" and booth["source"] == "01_booth-appointed-blackpool-dcs.md"
    text = (shared / "corpus" / booth["source"]).read_text(encoding="utf-8")
    assert "Diane Booth" in text[booth["char_start"]:booth["char_end"]]


def test_yaml_drafts_validate_as_curated_data(shared, tmp_path):
    import shutil

    from graph.model import DATA_DIR
    from loaders.curated import load_curated
    from loaders.review import to_curated_yaml

    name = "01_booth-appointed-blackpool-dcs"
    data = tmp_path / "data"
    (data / "facts").mkdir(parents=True)
    for f in ("authorities.csv", "aliases.yaml"):
        shutil.copy(DATA_DIR / f, data / f)
    (data / "sources.yaml").write_text(f"- id: {name}\n  file: corpus/{name}.md\n", encoding="utf-8")
    draft = to_curated_yaml(extract_files([shared / "corpus" / f"{name}.md"]))
    (data / "facts" / "draft.yaml").write_text(draft, encoding="utf-8")
    kb, problems = load_curated(data, shared)
    assert problems == [] and len(kb.tenures) >= 3
    lanc = next(t for t in kb.tenures if t.authority_id == "E10000017")
    assert lanc.start is None  # the post she is leaving has no start in the text


@pytest.mark.parametrize("value,expect", [
    ("2019-07-23", "2019-07-23"), ("Tuesday, 23rd July 2019", "2019-07-23"), ("July 2019", "2019-07"),
    ("03/04/2019", "2019-04-03"), ("yesterday", None), ("not a date 2019", None),
])
def test_header_publication_dates_as_sites_print_them(tmp_path, value, expect):
    p = tmp_path / "a.md"
    p.write_text(f'---\ntitle: t\npublished: "{value}"\n---\nText.\n', encoding="utf-8")
    art = read_article(p)
    assert (str(art.published) if art.published else None) == expect
    assert (expect is None) == any("`published`" in w for w in art.warnings)
