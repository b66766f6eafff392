"""Issue 14: parsed person-role links, one event per story, documents dated from what they carry.

Texts here are written for the tests (no article text is copied); the scored sets are read
from ../shared at run time.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from graph.dates import PartialDate
from loaders.articles import Extractor, extract_files, read_article
from loaders.textdates import find_dates
from tests.test_articles import SCORER


def _write(tmp: Path, name: str, body: str, **head: str) -> Path:
    p = tmp / name
    header = "".join(f"{k}: {v}\n" for k, v in head.items())
    p.write_text((f"---\n{header}---\n" if head else "") + body, encoding="utf-8")
    return p


def _tenures(path: Path, **kw) -> set[tuple]:
    facts = extract_files([path], Extractor(**kw))["facts"]
    return {(f["person"], f["role"], f["authority"]) for f in facts if f["kind"] == "tenure"}


# -- person-role links from the parse -----------------------------------------------------

@pytest.mark.parametrize("sentence,person,role", [
    # ("ROLE1, NAME, will become ROLE2" is now a surface rule too: tests/test_role_links.py)
    ("Wigan Council said that from June its director of children's services would be Kim Rowe.", "Kim Rowe",
     "director_of_childrens_services"),
    ("Pat Moss, who spent a decade running services in the north of England, took over as director of "
     "children's services at Wigan Council.", "Pat Moss", "director_of_childrens_services"),
])
def test_the_parse_links_roles_the_surface_rules_miss(tmp_path, sentence, person, role):
    p = _write(tmp_path, "a.md", sentence + "\n", title="t", published="2020-05-01")
    assert (person, role, "Wigan") in _tenures(p)
    assert (person, role, "Wigan") not in _tenures(p, use_parse=False)


def test_replaced_y_as_role_gives_the_role_to_the_subject(tmp_path):
    p = _write(tmp_path, "a.md", "Wigan Council confirmed that Lee Shaw, who replaced Ann Cole as director of "
               "children's services, starts next month.\n", title="t", published="2020-05-01")
    found = _tenures(p)
    assert ("Lee Shaw", "director_of_childrens_services", "Wigan") in found


def test_group_leaders_and_committee_chairs_are_posts(tmp_path):
    p = _write(tmp_path, "a.md", "Labour group leader Sam Hill criticised the plan. Councillor Jo Ray, chair of "
               "the council's children's services committee, defended it at Wigan Council.\n",
               title="t", published="2020-05-01")
    found = _tenures(p)
    assert ("Sam Hill", "other", "Wigan") in found
    assert ("Jo Ray", "lead_member_children", "Wigan") in found


# -- documents dated from what they carry ---------------------------------------------------

@pytest.mark.parametrize("url,expect", [
    ("https://example.org/2021/11/18/council-news/", "2021-11-18"),
    ("https://example.org/news/2023/01/story", "2023-01"),
    ("https://example.org/news/2023/story", "2023"),
])
def test_publication_date_from_the_url_path(tmp_path, url, expect):
    p = _write(tmp_path, "a.md", "Text.\n", url=url, title="t")
    art = read_article(p)
    assert str(art.published) == expect and any("URL" in w for w in art.warnings)


def test_published_today_takes_the_year_from_a_known_date(tmp_path):
    p = _write(tmp_path, "a.md", "The report, published today (April 23), says more.\n",
               url="https://example.org/news/2022/story", title="t")
    assert str(read_article(p).published) == "2022-04-23"
    undated = _write(tmp_path, "b.md", "The report, published today (April 23), looks back at 2019.\n", title="t")
    assert read_article(undated).published is None  # the years a text names are not its date


def test_a_year_only_publication_keeps_its_precision():
    found = find_dates("She joined in June this year.", PartialDate.parse("2021"))
    assert [str(d.first) for d in found if d.resolved][0] == "2021-06"  # not June 2020


@pytest.mark.parametrize("text,pub,first,last", [
    ("at the start of October last", "2019-03-02", "2018-10", "2018-10"),
    ("an inspection last summer", "2019-03-02", "2018-06", "2018-08"),
    ("visited in autumn 2017", None, "2017-09", "2017-11"),
])
def test_seasons_and_month_last(text, pub, first, last):
    [d] = [d for d in find_dates(text, PartialDate.parse(pub) if pub else None) if d.resolved]
    assert (str(d.first), str(d.last)) == (first, last)


# -- one event per story ----------------------------------------------------------------------

def _judgements(path: Path) -> set[tuple]:
    return {(f["overall"], (f["inspection_start"] or f["published"] or "")[:4])
            for f in extract_files([path])["facts"] if f["kind"] == "judgement"}


def test_the_later_grade_of_a_change_is_kept(tmp_path):
    p = _write(tmp_path, "a.md", "Ofsted has lifted Wigan Council's children's services out of inadequate and "
               "judged them requires improvement after an inspection in March 2022.\n", title="t",
               published="2022-05-01")
    assert ("requires_improvement", "2022") in _judgements(p)
    assert ("inadequate", "2022") not in _judgements(p)


def test_the_lowest_rating_is_inadequate(tmp_path):
    p = _write(tmp_path, "a.md", "Ofsted gave Wigan Council's children's services the lowest rating after an "
               "inspection in March 2022.\n", title="t", published="2022-05-01")
    assert ("inadequate", "2022") in _judgements(p)


def test_again_in_a_later_year_is_a_second_inspection(tmp_path):
    p = _write(tmp_path, "a.md", "Ofsted judged Wigan Council's children's services inadequate in 2013 and again "
               "in 2015.\n", title="t", published="2017-05-01")
    assert {("inadequate", "2013"), ("inadequate", "2015")} <= _judgements(p)


def test_years_later_counts_from_the_year_named_before(tmp_path):
    p = _write(tmp_path, "a.md", "In 2014 Ofsted rated Wigan Council's children's services inadequate. Three "
               "years later the Ofsted rating was requires improvement.\n", title="t", published="2022-05-01")
    assert ("requires_improvement", "2017") in _judgements(p)


def test_a_future_inspection_does_not_date_a_grade(tmp_path):
    p = _write(tmp_path, "a.md", "Wigan Council hopes its next full Ofsted inspection, due this autumn, will "
               "improve on its inadequate rating.\n", title="t", published="2022-03-01")
    facts = [f for f in extract_files([p])["facts"] if f["kind"] == "judgement"]
    assert facts and not any((f["inspection_start"] or "").startswith("2022-09") for f in facts)


# -- the scored sets -------------------------------------------------------------------------

def _score(shared: Path, files: list[Path], gold: Path, tmp_path: Path, subset: str | None = None) -> dict:
    from graph.model import DATA_DIR
    from loaders.articles.extract import extract_with_data

    pred = tmp_path / "pred.json"
    pred.write_text(json.dumps({"facts": extract_with_data(files, DATA_DIR)["facts"]}), encoding="utf-8")
    args = [sys.executable, str(SCORER), str(gold), str(pred)] + (["--set", subset] if subset else [])
    last = subprocess.run(args, capture_output=True, text=True, check=True).stdout.strip().splitlines()[-1].split()
    return {"tenure_P": float(last[1][2:]), "tenure_R": float(last[2][2:]), "judgement_P": float(last[4][2:]),
            "judgement_R": float(last[5][2:]), "dated": float(last[6].split("=")[1])}


def test_corpus2_scores_hold(shared, tmp_path):
    """The second set (other councils, read before any extractor ran on them): measured levels, a little below.

    Measured when written: tenure P 0.98 R 0.71, judgement P 0.83 R 0.88, dated 0.56; after the event
    rules (events branch): judgement P 1.00 R 0.97, dated 0.78. Below the issue's targets (0.90/0.85, 85%
    dated) for tenure recall and dating: see the report on issue 14.
    """
    s = _score(shared, sorted((shared / "corpus2").glob("[0-9]*.md")), shared / "corpus2" / "gold_facts.yaml",
               tmp_path)
    assert s["tenure_P"] >= 0.95 and s["tenure_R"] >= 0.84  # tenure measured 1.00 / 0.86 after the parse rules
    assert s["judgement_P"] >= 0.95 and s["judgement_R"] >= 0.93
    assert s["dated"] >= 0.70  # 0.73 measured after merging both halves of issue 14 (target 0.85: not met)


def test_corpus_scores_with_the_parse(shared, tmp_path):
    s = _score(shared, sorted((shared / "corpus").glob("*.md")), shared / "corpus" / "gold_facts.yaml", tmp_path,
               "dev")
    assert s["tenure_P"] >= 0.92 and s["tenure_R"] >= 0.85
    assert s["judgement_P"] >= 0.95 and s["judgement_R"] >= 0.97 and s["dated"] >= 0.88


def test_the_new_role_then_the_next_sentences_subject(tmp_path):
    p = _write(tmp_path, "a.md", "Wigan Council has welcomed its new interim director of children's services. "
               "Chris Dale will lead the service until a permanent appointment is made.\n",
               title="t", published="2020-05-11")
    facts = [f for f in extract_files([p])["facts"] if f["kind"] == "tenure"]
    assert [(f["person"], f["role"], f["authority"], f["interim"], f["start"]) for f in facts] == [
        ("Chris Dale", "director_of_childrens_services", "Wigan", True, "2020-05")]
    text = p.read_text(encoding="utf-8")
    assert "Chris Dale" in text[facts[0]["char_start"]:facts[0]["char_end"]]


def test_date_notes_and_the_publication_note_reach_the_store(tmp_path):
    from graph.model import DATA_DIR
    from graph.pipeline import load_all

    arts = tmp_path / "arts"
    arts.mkdir()
    _write(arts, "a.md", "Wigan Council appointed Chris Dale as its director of children's services last "
           "October.\n", url="https://example.org/2020/03/02/story/", title="t")
    kb, problems, _ = load_all(DATA_DIR, [arts])
    assert not problems
    [t] = [t for t in kb.tenures if kb.people[t.person_id].name == "Chris Dale"]
    assert str(t.start) == "2019-10"
    note = t.cites[0].note or ""
    assert note.startswith("extracted") and "October" in note and "publication date" in note
    src = kb.sources[t.cites[0].source_id]
    assert src.id == "article:a.md" and "URL" in (src.published_note or "")
