"""Judgement events: typed candidates, and the rules that keep other things' grades and dates out.

Every sentence here is written for the test (invented councils' news, no article text copied).
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from loaders.articles import extract_files
from loaders.articles.events import JudgementCandidate

_FACT_KEYS = {"kind", "authority", "inspection_type", "inspection_start", "inspection_end", "published", "overall",
              "subjudgements", "source", "evidence", "char_start", "char_end", "confidence", "date_notes"}


def _judgements(tmp: Path, body: str, published: str = "2022-05-10") -> list[dict]:
    p = tmp / "story.md"
    p.write_text(f"---\ntitle: t\npublished: {published}\n---\n{body}\n", encoding="utf-8")
    return [f for f in extract_files([p])["facts"] if f["kind"] == "judgement"]


def _grades(tmp: Path, body: str, published: str = "2022-05-10") -> set[tuple]:
    return {(f["overall"], (f["inspection_start"] or f["published"] or "")[:4])
            for f in _judgements(tmp, body, published)}


# -- typed candidates -------------------------------------------------------------------------

def test_a_candidate_becomes_the_design_shape_and_keeps_its_working_fields_to_itself():
    c = JudgementCandidate("Wigan", "other", "2021-03", None, None, "good", {}, "a.md", "text", 0, 4, 0.8,
                           past=True, clues=[("published", 3, "in March")], news=True)
    fact = c.to_fact()
    assert set(fact) == _FACT_KEYS and fact["kind"] == "judgement" and fact["overall"] == "good"
    assert not any(k.startswith("_") for k in fact)
    c.linked_to = {"judgement": "j1", "sources": ["s1"]}
    assert c.to_fact()["linked_to"] == {"judgement": "j1", "sources": ["s1"]}
    assert {f.name for f in dataclasses.fields(c)} >= {"past", "clues", "news", "members", "dated"}


def test_extract_output_has_no_private_keys(tmp_path):
    facts = _judgements(tmp_path, "Ofsted rated Wigan Council's children's services good after an inspection "
                                  "in March.")
    assert facts and all(set(f) <= _FACT_KEYS | {"linked_to"} for f in facts)


# -- grades that are not the council's overall grade ---------------------------------------------

def test_a_grade_of_some_parts_is_not_the_overall_grade(tmp_path):
    assert ("good", "2022") not in _grades(tmp_path, "Ofsted inspected Wigan Council's children's services in "
                                                     "March: six of the eight areas looked at were judged 'good'.")
    assert not any(g == "inadequate" for g, _ in _grades(
        tmp_path, "Inspectors at Wigan Council found many of the services they saw 'inadequate' in March."))


def test_other_places_grades_are_not_the_councils(tmp_path):
    found = _grades(tmp_path, "Ofsted rated Wigan Council's children's services as good in March, and no other "
                              "councils in the county are currently rated 'outstanding'.")
    assert ("good", "2022") in found and not any(g == "outstanding" for g, _ in found)


def test_an_aim_introduced_by_until_is_not_a_grade(tmp_path):
    found = _grades(tmp_path, "Ofsted rated Wigan Council's children's services good in March. The council "
                              "said it would keep going until every family got outstanding support.")
    assert not any(g == "outstanding" for g, _ in found)


def test_an_area_named_after_the_grade_is_a_subjudgement(tmp_path):
    facts = _judgements(tmp_path, "Ofsted rated Wigan Council's children's services 'requires improvement' "
                                  "after an inspection in March, with a 'good' rating for its care leavers.")
    assert [f["overall"] for f in facts] == ["requires_improvement"]
    assert facts[0]["subjudgements"].get("care_leavers") == "good"


def test_adequate_is_read_only_where_it_is_plainly_a_grade(tmp_path):
    assert ("adequate", "2008") in _grades(tmp_path, "In 2008 Wigan Council was graded as being adequate for "
                                                     "overall effectiveness by Ofsted inspectors.", "2009-01-01")
    assert not any(g == "adequate" for g, _ in _grades(
        tmp_path, "Ofsted inspectors said Wigan Council had adequate staffing in 2008.", "2009-01-01"))


# -- dates that belong to something else ----------------------------------------------------------

def test_a_deadline_and_report_as_a_verb_make_no_inspection(tmp_path):
    assert _judgements(tmp_path, "The commissioner at Wigan Council will report to the minister on whether "
                                 "services should stay with the council by 30 September.") == []


def test_a_grade_takes_the_year_said_of_it_not_the_span_of_the_clause(tmp_path):
    facts = _judgements(tmp_path, "Ofsted said Wigan Council was no longer inadequate, although progress since "
                                  "2019 had been slow since it was first judged inadequate in 2016.")
    assert ("inadequate", "2016", "2016") in {(f["overall"], f["inspection_start"], f["inspection_end"])
                                             for f in facts}
    assert not any(f["inspection_start"] == "2016" and f["inspection_end"] == "2019" for f in facts)


@pytest.mark.parametrize("body", [
    "Staff turnover at Wigan Council rose from 8% in 2018 to 25% in 2019, with more agency staff too, on the back of its inadequate rating from Ofsted.",
])
def test_years_of_other_things_in_the_clause_keep_the_span(tmp_path, body):
    """No year is said of the grade itself: the rule does not pick one (the earlier behaviour stands)."""
    facts = _judgements(tmp_path, body)
    assert any(f["inspection_start"] == "2018" and f["inspection_end"] == "2019" for f in facts)


# -- start dates the grammar gives to someone other than the nearest name --------------------------

def _starts(tmp: Path, body: str, published: str = "2022-07-20") -> dict[str, str | None]:
    p = tmp / "story.md"
    p.write_text(f"---\ntitle: t\npublished: {published}\n---\n{body}\n", encoding="utf-8")
    return {f["person"]: f["start"] for f in extract_files([p])["facts"] if f["kind"] == "tenure"}


def test_an_opening_date_dates_the_appointment_not_the_first_name(tmp_path):
    starts = _starts(tmp_path, "In April, Wigan Council's chief executive, Robin Vale, who joined the council in "
                               "May 2019, appointed Nadia Fenwick as director of children's services.")
    assert starts.get("Nadia Fenwick") == "2022-04"


def test_since_someone_elses_departure_starts_the_subjects_time_in_post(tmp_path):
    starts = _starts(tmp_path, "Nadia Fenwick is the new head of Wigan Council's children's services. She takes "
                               "over from Omar Quinlan, who has been interim director of children's services since "
                               "Harriet Dene's departure in March.")
    assert starts.get("Omar Quinlan") == "2022-03"


def test_since_then_another_verb_does_not_move_the_date(tmp_path):
    starts = _starts(tmp_path, "Critics called on Omar Quinlan, who had been director of children's services at "
                               "Wigan Council since 2015 and was last week signed off sick, to resign.")
    assert starts.get("Omar Quinlan") in (None, "2015")


def test_undated_background_that_nothing_dates_is_dropped(tmp_path):
    """The news grade stays; a past grade that neither the text nor the record dates says nothing usable."""
    found = _grades(tmp_path, "Ofsted has rated Wigan Council's children's services as good. The council's "
                              "services had previously been rated 'inadequate'.")
    assert ("good", "2022") in found and not any(g == "inadequate" for g, _ in found)
    found = _grades(tmp_path, "Ofsted has rated Wigan Council's children's services as good. The council's "
                              "services had previously been rated 'inadequate' in 2016.")
    assert ("inadequate", "2016") in found


# -- start dates: verbs after the date, posts taken up, posts left, lists, asides -------------------

@pytest.mark.parametrize("body,person,start", [
    # the date stands before the verb it dates
    ("Commissioner Omar Quinlan was yesterday appointed to oversee Wigan Council's children's services.",
     "Omar Quinlan", "2022-07-19"),
    # "took up her post as" is the post taken, not one left
    ("Nadia Fenwick took up her post as director of children's services at Wigan Council on Monday (July 18).",
     "Nadia Fenwick", "2022-07-18"),
    # "joins from her post as ROLE in March": the post she leaves; March is the new post's
    ("Nadia Fenwick joins from her post as director of children's services at Wigan Council in March.",
     "Nadia Fenwick", None),
    ("Nadia Fenwick, director of children's services at Wigan Council, was drafted in in October 2021.",
     "Nadia Fenwick", "2021-10"),
    # a post left, dated by a later sentence about the person
    ("Nadia Fenwick has left her post as director of children's services at Wigan Council. Nadia Fenwick joined "
     "the council in March.", "Nadia Fenwick", "2022-03"),
    # each appointment of a list takes its own date
    ("Wigan Council appointed Nadia Fenwick as director of children's services last month and Omar Quinlan as "
     "chief executive in March.", "Nadia Fenwick", "2022-06"),
    ("Wigan Council appointed Nadia Fenwick as director of children's services last month and Omar Quinlan as "
     "chief executive in March.", "Omar Quinlan", "2022-03"),
    # an aside between the post joined and its year
    ("Nadia Fenwick joined Wigan Council as director of people - which takes in education and social care - in "
     "2019 from Bolton.", "Nadia Fenwick", "2019"),
    # a month in a longer future clause is the coming one
    ("Nadia Fenwick will start as executive director of children, families and lifelong learning at Wigan Council "
     "in March, moving from a similar post in Bolton.", "Nadia Fenwick", "2023-03"),
])
def test_start_dates_the_sentence_gives(tmp_path, body, person, start):
    assert _starts(tmp_path, body).get(person, "missing") == start


def _tenure_facts(tmp: Path, body: str) -> list[dict]:
    p = tmp / "story.md"
    p.write_text(f"---\ntitle: t\npublished: 2022-07-20\n---\n{body}\n", encoding="utf-8")
    return [f for f in extract_files([p])["facts"] if f["kind"] == "tenure"]


def test_she_after_a_possessive_is_the_person_named_plainly(tmp_path):
    holders = {(f["person"], f["title"]) for f in _tenure_facts(
        tmp_path, "Wigan Council has appointed Nadia Fenwick as interim director of children's services after Omar "
                  "Quinlan's departure. She is also the council's director of adult social care.")}
    assert not any(person == "Omar Quinlan" and "adult" in title for person, title in holders)
    assert any(person == "Nadia Fenwick" and "adult" in title for person, title in holders)


def test_an_undated_appointment_takes_the_year_of_the_sentence_before_it_labelled(tmp_path):
    [t] = _tenure_facts(tmp_path, "By the time the report came out in June, Wigan Council had changed its leaders. "
                                  "Nadia Fenwick was appointed interim director of children's services.")
    assert t["start"] == "2022" and any("inferred" in n for n in t["date_notes"])
    # with no dated sentence before it, an undated appointment stays undated
    assert _starts(tmp_path, "Nadia Fenwick was appointed interim director of children's services at Wigan "
                             "Council.").get("Nadia Fenwick") is None


def test_a_date_after_the_title_is_no_organisation(tmp_path):
    [t] = _tenure_facts(tmp_path, "The changes at Wigan Council followed the appointment of Omar Quinlan as "
                                  "permanent chief executive in February 2021.")
    assert (t["person"], t["role"], t["authority"], t["start"]) == ("Omar Quinlan", "chief_executive", "Wigan",
                                                                     "2021-02")
