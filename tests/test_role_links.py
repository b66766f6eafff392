"""Person-role links on general English constructions (issue 14), on sentences written for these tests.

Every name and sentence here is invented; none is taken from an article. Each case states one
construction the reader must join (or must not join) whatever the wording around it.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from loaders.articles import Extractor, extract_files
from loaders.articles.tenures import TenureCandidate

DCS = "director_of_childrens_services"


def _tenures(tmp: Path, body: str, **kw) -> set[tuple[str, str, str]]:
    p = tmp / "a.md"
    p.write_text("---\ntitle: t\npublished: 2021-06-10\n---\nWigan Council published a report today.\n" + body + "\n",
                 encoding="utf-8")
    facts = extract_files([p], Extractor(**kw))["facts"]
    return {(f["person"], f["role"], f["authority"]) for f in facts if f["kind"] == "tenure"}


@pytest.mark.parametrize("body,expect", [
    # names: a surname particle, a common word as the surname
    ("Anna van der Velt, the chief executive, apologised.", ("Anna van der Velt", "chief_executive", "Wigan")),
    ("Carl Young, the chief executive, apologised.", ("Carl Young", "chief_executive", "Wigan")),
    ("Carl J Young, the chief executive, apologised.", ("Carl Young", "chief_executive", "Wigan")),
    # the service someone runs is the post
    ("Mina Oduya heads children's services at the council.", ("Mina Oduya", DCS, "Wigan")),
    ("Mina Oduya, who is moving north, is also in charge of children's services in the borough.",
     ("Mina Oduya", DCS, "Wigan")),
    ("Councillor Rhys Penhale, who holds the children's services portfolio, spoke first.",
     ("Rhys Penhale", "lead_member_children", "Wigan")),
    # noun-first titles
    ("Wigan's children's services director Mina Oduya welcomed the report.", ("Mina Oduya", DCS, "Wigan")),
    # nominal appointments, even when the parser hangs "to the post" on the main verb
    ("The change comes a year after the appointment of Mina Oduya, a former nurse, to the post of director of "
     "children's services.", ("Mina Oduya", DCS, "Wigan")),
    ("Mina Oduya's appointment as chief executive was confirmed on Monday.", ("Mina Oduya", "chief_executive", "Wigan")),
    # copular and raising verbs, either way round
    ("Mina Oduya is to be the new director of children's services.", ("Mina Oduya", DCS, "Wigan")),
    ("The new director of children's services is Mina Oduya.", ("Mina Oduya", DCS, "Wigan")),
    ("Mina Oduya has been brought in to run children's services.", ("Mina Oduya", DCS, "Wigan")),
    ("Mina Oduya stepped into the chief executive role in May.", ("Mina Oduya", "chief_executive", "Wigan")),
    # an empty post and who left it
    ("The council was without a director of children's services following the departure of Olu Brenner in "
     "March.", ("Olu Brenner", DCS, "Wigan")),
    ("Mina Oduya took up the post of director of children's services in May.", ("Mina Oduya", DCS, "Wigan")),
    ("Mina Oduya - director of children's services - opened the meeting.", ("Mina Oduya", DCS, "Wigan")),
    ("The children's services department, headed by Mina Oduya, improved.", ("Mina Oduya", DCS, "Wigan")),
    ("Wigan's children's boss Mina Oduya said so.", ("Mina Oduya", DCS, "Wigan")),
    ("Councillor Rhys Penhale, who chairs the scrutiny committee for children's services, spoke.",
     ("Rhys Penhale", "other", "Wigan")),
    ("Mina Oduya, chief executive of Wigan Children's Services Trust, spoke.", ("Mina Oduya", "other", "Wigan")),
    ("The council's improvement board, chaired by Mina Oduya, met on Monday.", ("Mina Oduya", "other", "Wigan")),
    ("The children's services committee, chaired by Councillor Rhys Penhale, agreed.",
     ("Rhys Penhale", "lead_member_children", "Wigan")),
    ("The chief executive post has been vacant since Olu Brenner retired in March.",
     ("Olu Brenner", "chief_executive", "Wigan")),
    # a bracketed title after a name
    ("We thank Olu Brenner [chief executive] for the work.", ("Olu Brenner", "chief_executive", "Wigan")),
])
def test_constructions_join_the_name_and_the_post(tmp_path, body, expect):
    assert expect in _tenures(tmp_path, body)


def test_respectively_pairs_people_and_posts_in_order(tmp_path):
    found = _tenures(tmp_path, "Mina Oduya and Olu Brenner are the director of children's services and the chief "
                               "executive respectively.")
    assert {("Mina Oduya", DCS, "Wigan"), ("Olu Brenner", "chief_executive", "Wigan")} <= found
    assert ("Olu Brenner", DCS, "Wigan") not in found


@pytest.mark.parametrize("body", [
    "Olu Brenner, director of children's services, left in May. He was replaced by Mina Oduya last October.",
    "Olu Brenner was director of children's services until May. Mina Oduya took over from him in June.",
    "Olu Brenner is director of children's services. Mina Oduya, who moved from Leeds to replace Olu Brenner, "
    "starts soon.",
])
def test_a_successor_holds_the_post_the_article_gives_the_predecessor(tmp_path, body):
    found = _tenures(tmp_path, body)
    assert ("Mina Oduya", DCS, "Wigan") in found
    assert ("Mina Oduya", DCS, "Wigan") not in _tenures(tmp_path, body, use_parse=False)


def test_a_successor_who_already_holds_one_of_two_posts_gets_no_other(tmp_path):
    found = _tenures(tmp_path, "Mina Oduya, who is the new director of children's services, replaces the deputy "
                               "chief executive and director of children's services Olu Brenner.")
    assert ("Mina Oduya", DCS, "Wigan") in found
    assert ("Mina Oduya", "deputy_chief_executive", "Wigan") not in found


def test_the_predecessor_named_by_a_departure_holds_the_post_before(tmp_path):
    found = _tenures(tmp_path, "She takes over from Olu Brenner, who has been interim director of children's "
                               "services since Kai Lund's departure in May.")
    assert ("Kai Lund", DCS, "Wigan") in found


@pytest.mark.parametrize("body,absent", [
    ("Olu Brenner, an adviser to Lord Pimm during the inquiry, spoke.", ("Olu Brenner", "improvement_adviser", "Wigan")),
    ("Young people and Green councillors met the chief executive.", None),
])
def test_what_is_not_a_post_or_a_name(tmp_path, body, absent):
    found = _tenures(tmp_path, body)
    if absent is None:
        assert not found
    else:
        assert absent not in found


def test_abolished_councils_are_still_read(tmp_path):
    p = tmp_path / "a.md"
    p.write_text("---\ntitle: t\npublished: 2015-06-10\n---\nCumbria County Council's director of children's "
                 "services, Mina Oduya, said the report was fair.\n", encoding="utf-8")
    facts = extract_files([p], Extractor())["facts"]
    assert ("Mina Oduya", DCS, "Cumbria") in {(f["person"], f["role"], f["authority"]) for f in facts}


def test_a_council_page_names_its_council_by_address(tmp_path):
    p = tmp_path / "a.md"
    p.write_text("---\ntitle: t\nurl: https://www.wigan.gov.uk/news/item\npublished: 2021-06-10\n---\n"
                 "Mina Oduya, the council's director of children's services, said the report was fair.\n",
                 encoding="utf-8")
    facts = extract_files([p], Extractor())["facts"]
    assert ("Mina Oduya", DCS, "Wigan") in {(f["person"], f["role"], f["authority"]) for f in facts}


def test_a_tenure_candidate_is_typed_and_written_in_the_design_shape():
    t = TenureCandidate("Mina Oduya", DCS, "director of children's services", "Wigan", "2021-06", None, False,
                        "a.md", "...", 0, 10, 0.9, "name then role", ["start: x"], former=True)
    later = t.but(start="2021-06-14", former=False, date_notes=["start: y"])
    t.merge(later)
    assert (t.start, t.former, t.date_notes) == ("2021-06-14", False, ["start: x", "start: y"])
    out = t.to_json()
    assert list(out) == ["kind", "person", "role", "title", "authority", "start", "end", "interim", "source",
                         "evidence", "char_start", "char_end", "confidence", "how", "date_notes"]
    assert "former" not in out and "_former" not in out


def test_a_short_title_stands_for_the_full_one_named_before(tmp_path):
    found = _tenures(tmp_path, "The council has advertised for a director of children's services. The interim "
                               "director, Olu Brenner, will stay until the post is filled.")
    assert ("Olu Brenner", DCS, "Wigan") in found


def test_a_short_title_with_two_possible_full_ones_is_left_alone(tmp_path):
    found = _tenures(tmp_path, "The director of children's services and the director of public health met. "
                               "The director, Olu Brenner, said little.")
    assert not any(p == "Olu Brenner" for p, _, _ in found)


def test_a_post_held_before_takes_no_date_from_the_news(tmp_path):
    p = tmp_path / "a.md"
    p.write_text("---\ntitle: t\npublished: 2021-06-10\n---\nWigan Council named its new chief executive today. "
                 "Mina Oduya, previously director of children's services at Bolton Council, joins in May.\n",
                 encoding="utf-8")
    facts = [f for f in extract_files([p], Extractor())["facts"] if f["kind"] == "tenure"]
    bolton = [f for f in facts if f["authority"] == "Bolton"]
    assert bolton and bolton[0]["start"] is None


@pytest.mark.parametrize("body", [
    "Olu Brenner, director of children's services, retires in May. Mina Oduya, his successor, starts in June.",
    "Olu Brenner is director of children's services. Mina Oduya will be his successor.",
    "Olu Brenner is director of children's services. His successor, Mina Oduya, starts in June.",
])
def test_the_successor_named_with_a_possessive(tmp_path, body):
    assert ("Mina Oduya", DCS, "Wigan") in _tenures(tmp_path, body)


def test_a_pronoun_skips_people_of_the_other_gender_the_article_names(tmp_path):
    found = _tenures(tmp_path, "Mrs Ada Quist is director of children's services, Mr Olu Brenner said. "
                               "Mina Oduya will be her successor.")
    assert ("Mina Oduya", DCS, "Wigan") in found


def test_a_post_after_a_copula_is_the_subjects_not_the_speakers(tmp_path):
    found = _tenures(tmp_path, "Ada Quist is the new director of children's services, Olu Brenner said.")
    assert ("Ada Quist", DCS, "Wigan") in found and ("Olu Brenner", DCS, "Wigan") not in found


def test_a_role_that_opens_a_clause_is_not_the_name_before_it(tmp_path):
    got = _tenures(tmp_path, "Following the departure of Owen Brisk, the chief executive said the council would "
                             "recruit quickly.")
    assert not any(p == "Owen Brisk" for p, _, _ in got)
    assert ("Owen Brisk", "chief_executive", "Wigan") in _tenures(
        tmp_path, "The plan was agreed by Owen Brisk, the chief executive, on Monday.")
    assert ("Owen Brisk", "lead_member_children", "Wigan") in _tenures(  # a press release's missing comma
        tmp_path, "Owen Brisk, cabinet member for children's services said the plan was sound.")


def test_a_post_at_an_unnamed_body_is_not_the_councils(tmp_path):
    got = _tenures(tmp_path, "Tara Finch was chief executive of a housing trust in Leeds before she joined.")
    assert not any(p == "Tara Finch" and a in ("Leeds", "Wigan") for p, _, a in got)


def test_a_date_goes_to_the_person_named_nearest_before_it(tmp_path):
    p = tmp_path / "b.md"
    p.write_text("---\ntitle: t\npublished: 2021-06-10\n---\nWigan Council's director of children's services, "
                 "Ruth Aske, is to retire. Her successor, Dev Marle, starts in September.\n", encoding="utf-8")
    facts = {f["person"]: f for f in extract_files([p], Extractor())["facts"] if f["kind"] == "tenure"}
    assert facts["Dev Marle"]["start"] == "2021-09"
    assert facts["Ruth Aske"]["start"] is None


@pytest.mark.parametrize("body,expect,not_expect", [
    # a place's name inside the title, and a dash between title and domain
    ("Mina Oduya has been appointed interim director of Bolton Council's children's services.",
     ("Mina Oduya", DCS, "Bolton"), None),
    ("A letter from Mina Oduya, Strategic Director - Children's Services, was read out.",
     ("Mina Oduya", DCS, "Wigan"), None),
    # "appointed X to replace Y as ROLE": the role is X's
    ("The council appointed Mina Oduya to replace Rhys Penhale as director of children's services.",
     ("Mina Oduya", DCS, "Wigan"), ("Rhys Penhale", DCS, "Wigan")),
])
def test_titles_with_places_and_replacements(tmp_path, body, expect, not_expect):
    found = _tenures(tmp_path, body)
    assert expect in found
    assert not_expect is None or not_expect not in found


def test_a_capitalised_word_before_a_domain_the_title_does_not_name_is_no_place(tmp_path):
    """"Director of Public Health": no children's post hides in it."""
    assert not any(r == DCS for _, r, _ in _tenures(tmp_path, "Mina Oduya, the Director of Public Health, spoke."))


def test_a_bare_interim_director_in_a_story_about_an_ofsted_inspection_of_childrens_services(tmp_path):
    p = tmp_path / "a.md"
    p.write_text("---\ntitle: t\npublished: 2021-06-10\n---\nOfsted has inspected Wigan Council's children's services "
                 "again. The department is advertising for a new head, with current interim director Mina Oduya "
                 "ruling herself out.\n", encoding="utf-8")
    found = {(f["person"], f["role"]) for f in extract_files([p])["facts"] if f["kind"] == "tenure"}
    assert ("Mina Oduya", DCS) in found
    q = tmp_path / "b.md"  # a story that is not about children's services: the bare title says nothing
    q.write_text("---\ntitle: t\npublished: 2021-06-10\n---\nWigan Council's museum reopened, with current interim "
                 "director Mina Oduya at the door.\n", encoding="utf-8")
    assert not any(f["kind"] == "tenure" and f["role"] == DCS for f in extract_files([q])["facts"])


def test_responsible_for_childrens_services_is_the_post_of_the_person_not_the_council(tmp_path):
    assert ("Mina Oduya", DCS, "Wigan") in _tenures(tmp_path, "Mina Oduya is responsible for children's services in "
                                                              "the borough.")
    assert not any(r == DCS for _, r, _ in _tenures(tmp_path, "The council is responsible for children's services "
                                                               "in the borough."))


def test_will_become_role_is_the_named_persons_next_post(tmp_path):
    found = _tenures(tmp_path, "The council said its acting director of children's care, Mina Oduya, will become "
                               "director of children's services on an interim basis.")
    assert ("Mina Oduya", DCS, "Wigan") in found and ("Mina Oduya", "head_of_childrens_social_care", "Wigan") in found


def test_a_plain_director_before_a_name_in_a_childrens_services_story(tmp_path):
    story = ("Wigan Council's children's services have been criticised again. Children's services staff spoke of "
             "the suspension of director Mina Oduya and two resignations.")
    assert ("Mina Oduya", DCS, "Wigan") in _tenures(tmp_path, story)
    # not where the story is about something else, and not after a word naming another kind of director
    assert not any(r == DCS for _, r, _ in _tenures(tmp_path, "The museum announced the suspension of director Mina "
                                                               "Oduya."))
    assert not any(r == DCS for _, r, _ in _tenures(tmp_path, story.replace("of director", "of finance director")))
