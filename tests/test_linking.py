"""Undated judgement mentions dated by the one known inspection that fits, and only then."""

from __future__ import annotations

from pathlib import Path

from graph.dates import PartialDate
from graph.model import DATA_DIR
from loaders.articles import extract_files
from loaders.curated import load_curated
from loaders.linking import Known, known_from_kb


def _article(tmp: Path, name: str, body: str, published: str | None = None) -> Path:
    p = tmp / name
    head = f"---\ntitle: t\npublished: {published}\n---\n" if published else ""
    p.write_text(head + body, encoding="utf-8")
    return p


def _known(ref: str, authority: str, overall: str, *dates: str | None, files: tuple[str, ...] = ("other.md",)) -> Known:
    ds = tuple(PartialDate.parse(d) if d else None for d in dates)
    return Known(ref, authority, overall, (), ds, frozenset(files), (ref,))  # type: ignore[arg-type]


def _judgements(out: dict) -> list[dict]:
    return [f for f in out["facts"] if f["kind"] == "judgement"]


UNDATED = ("Inspectors from Ofsted made an unannounced inspection of Rochdale Borough Council last March. "
           "The watchdog judged the council's children's services inadequate.\n")


def test_month_clue_and_one_known_inspection_date_the_mention(tmp_path):
    art = _article(tmp_path, "undated.md", UNDATED)
    known = [_known("j:rochdale:2016", "Rochdale", "inadequate", "2016", None, "2016-05")]
    [j] = _judgements(extract_files([art], known=known))
    assert j["inspection_start"] == "2016-03"  # month from the text, year from the known inspection
    assert j["linked_to"]["judgement"] == "j:rochdale:2016"
    assert any("no year" in n for n in j["date_notes"]) and j["confidence"] < 0.8


def test_two_fitting_inspections_leave_the_mention_undated(tmp_path):
    art = _article(tmp_path, "undated.md", UNDATED)
    known = [_known("a", "Rochdale", "inadequate", "2012", None, None),
             _known("b", "Rochdale", "inadequate", "2019-03", None, "2019-05")]
    [j] = _judgements(extract_files([art], known=known))
    assert not (j["inspection_start"] or j["published"]) and "linked_to" not in j


def test_the_month_rules_out_a_candidate(tmp_path):
    art = _article(tmp_path, "undated.md", UNDATED)
    known = [_known("june", "Rochdale", "inadequate", "2012-06", "2012-06", "2012-08"),  # no date in March
             _known("march", "Rochdale", "inadequate", "2019-03", None, "2019-05")]
    [j] = _judgements(extract_files([art], known=known))
    assert j["linked_to"]["judgement"] == "march" and j["inspection_start"] == "2019-03"


def test_grade_and_authority_must_agree(tmp_path):
    art = _article(tmp_path, "undated.md", UNDATED)
    known = [_known("good", "Rochdale", "good", "2016", None, None),
             _known("elsewhere", "Oldham", "inadequate", "2016", None, None)]
    [j] = _judgements(extract_files([art], known=known))
    assert "linked_to" not in j


def test_an_article_cannot_date_itself(tmp_path):
    art = _article(tmp_path, "undated.md", UNDATED)
    only_here = _known("self", "Rochdale", "inadequate", "2016-03", None, None, files=("undated.md",))
    [j] = _judgements(extract_files([art], known=[only_here]))
    assert "linked_to" not in j
    # cited by this article and another: the year is used, never this article's own month or day
    shared = _known("both", "Rochdale", "inadequate", "2016-02-20", None, "2016-05-02",
                    files=("undated.md", "other.md"))
    [j] = _judgements(extract_files([art], known=[shared]))
    assert j["inspection_start"] == "2016-03" and j["published"] == "2016"


def test_a_dated_article_cannot_report_a_later_inspection(tmp_path):
    art = _article(tmp_path, "dated.md", "Rochdale Borough Council was rated inadequate by Ofsted, it was recalled "
                   "before the meeting.\n", published="2015-01-10")
    known = [_known("later", "Rochdale", "inadequate", "2016-03", None, None)]
    facts = _judgements(extract_files([art], known=known))
    assert all(f.get("linked_to") is None for f in facts)


def test_a_file_gives_the_same_facts_alone_or_in_a_batch(tmp_path):
    """Linking is against the known record only, never other files of the same run (issue 14)."""
    dated = _article(tmp_path, "a_dated.md", "Ofsted has rated Rochdale Borough Council's children's services "
                     "inadequate in a report published on 14 May 2016.\n", published="2016-05-14")
    undated = _article(tmp_path, "b_undated.md", UNDATED)
    known = [_known("k", "Rochdale", "inadequate", "2016-03", None, "2016-05")]
    batch = extract_files([tmp_path], known=known)["facts"]
    for path in (dated, undated):
        alone = extract_files([path], known=known)["facts"]
        assert alone == [f for f in batch if f["source"] == path.name]
    # without a known inspection the undated mention stays undated, whatever else is in the run
    [j] = [j for j in _judgements(extract_files([tmp_path])) if j["source"] == "b_undated.md"]
    assert not (j["inspection_start"] or j["published"]) and "linked_to" not in j


def test_corpus_files_give_the_same_facts_alone_or_in_a_batch(shared):
    from loaders.articles import Extractor, known_people_from

    kb, _ = load_curated(DATA_DIR)
    ex, known = Extractor(known_people=known_people_from(kb)), known_from_kb(kb)
    files = sorted((shared / "corpus2").glob("[0-9]*.md"))[:8] + sorted((shared / "corpus").glob("*.md"))[:8]
    batch = extract_files(files, ex, known)["facts"]
    for path in files:
        assert extract_files([path], ex, known)["facts"] == [f for f in batch if f["source"] == path.name], path.name


def test_curated_judgements_are_known(shared):
    kb, _ = load_curated(DATA_DIR)
    known = known_from_kb(kb)
    lancashire = [k for k in known if k.authority == "Lancashire" and k.overall == "inadequate"]
    assert lancashire and all(k.when() for k in lancashire)
    assert all(k.files for k in lancashire)


def test_a_kept_rating_implies_the_earlier_inspection(tmp_path):
    art = _article(tmp_path, "kept.md", "Oldham Council has kept its 'good' rating from Ofsted, although "
                   "inspectors found practice weaker than at their last inspection in 2014.\n",
                   published="2019-03-02")
    grades = {(j["overall"], j["inspection_start"] or j["published"]) for j in _judgements(extract_files([art]))}
    assert ("good", "2014") in grades and ("good", "2019-03") in grades


def test_extracted_holder_clashing_with_a_curated_one_is_left_out(tmp_path):
    """Curated facts win a single-holder post: the article's second director is reported, not added."""
    from graph.pipeline import load_all
    from tests.helpers import make_data

    data = make_data(tmp_path, """\
        tenures:
        - person: Ann Curated
          role: director_of_childrens_services
          authority: Rochdale
          start: "2017-01"
          end: "2021-12"
          cites:
          - {source: s1, at: [[0, 10]]}
        """)
    arts = tmp_path / "articles"
    arts.mkdir()
    _article(arts, "other.md", "Rochdale Borough Council has appointed Bob Extracted as its new director of "
             "children's services. He starts on 1 March.\n", published="2019-01-10")
    kb, problems, notes = load_all(data, [arts])
    assert not problems
    holders = {kb.people[t.person_id].name for t in kb.tenures if t.role == "director_of_childrens_services"}
    assert holders == {"Ann Curated"}
    assert any("Bob Extracted" in n and "not added" in n and "Ann Curated" in n for n in notes)


def test_news_of_a_judgement_is_not_linked_to_one_older_than_the_article_looks_back(tmp_path):
    """An undated report of a new inadequate rating that recalls 2018 is not the 2015 one."""
    art = _article(tmp_path, "undated.md", "The watchdog judged Rochdale Borough Council's children's services "
                   "inadequate after an inspection last March. Services had been rated good by Ofsted in 2018.\n")
    known = [_known("old", "Rochdale", "inadequate", "2015-03", None, "2015-05")]
    facts = [j for j in _judgements(extract_files([art], known=known)) if j["overall"] == "inadequate"]
    assert facts and all("linked_to" not in j for j in facts)


def test_a_full_known_date_is_kept_when_the_month_agrees(tmp_path):
    art = _article(tmp_path, "undated.md", UNDATED)
    known = [_known("k", "Rochdale", "inadequate", "2016-03-14", "2016-03-25", "2016-05-02")]
    [j] = _judgements(extract_files([art], known=known))
    assert (j["inspection_start"], j["inspection_end"], j["published"]) == ("2016-03-14", "2016-03-25", "2016-05-02")
