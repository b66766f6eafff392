"""Ofsted's unnamed statements of time in post, web sources with locators, and searched-for records."""

from __future__ import annotations

import datetime as dt
import textwrap
from pathlib import Path

import pytest

from graph.dates import PartialDate
from graph.model import DATA_DIR
from loaders.curated import load_curated
from loaders.ofsted_seats import inspection_end, seat_statements, statements

ANCHOR = dt.date(2018, 12, 7)


def found(text: str) -> list[tuple[str, str, str | None, bool]]:
    return [(role, str(since), note, interim) for role, since, note, interim, _, _ in statements(text, ANCHOR)]


def test_statement_shapes():
    assert found("Since then the Director of Children's Services has been in post since May 2012.") == [
        ("director_of_childrens_services", "2012-05", None, False)]
    assert found("Standards fell after the DCS was\nappointed 17 months ago, and then") == [
        ("director_of_childrens_services", "2017-07", "counted back 17 months from 2018-12-07", False)]
    assert found("The interim DCS, appointed in March 2018, leads a new team.") == [
        ("director_of_childrens_services", "2018-03", None, True)]
    assert found("The chief executive has been in post since 1 September 2014.") == [
        ("chief_executive", "2014-09-01", None, False)]
    assert found("The DCS has been in post since January 2015 on an interim basis.")[0][3] is True
    assert found("The chair of the LSCB has been in post since May 2013.") == []
    assert found("The DCS has been in post since May 2030.") == []  # after the report: not a start


def test_inspection_end_read_from_the_cover():
    assert inspection_end("Council\nInspection dates: 26 November 2018 to 7 December 2018\n") == ANCHOR
    assert inspection_end("Inspection date: 2 July 2014 – 23 July 2014") == dt.date(2014, 7, 23)
    assert inspection_end("no dates here") is None


def test_bundled_seats_are_up_to_date(shared):
    """data/facts/ofsted-seats.yaml holds exactly what the reports state (regenerate it if this fails)."""
    kb, problems = load_curated(DATA_DIR, shared)
    assert problems == []
    stated = seat_statements(shared / "reference" / "ofsted")
    assert len(stated) >= 150
    assert len(kb.seats) == len(stated)
    assert {(s.authority_id, s.role, str(s.since)) for s in kb.seats} == {
        (s.authority_code, s.role, str(s.since)) for s in stated}


def test_blackpool_statements_link_to_harrison_and_booth(shared):
    kb, _ = load_curated(DATA_DIR, shared)
    blackpool = {str(s.as_of[-1])[:4]: s for s in kb.seats
                 if s.authority_id == "E06000009" and s.role == "director_of_childrens_services"}
    assert blackpool["2014"].linked_to and "sue-harrison" in blackpool["2014"].linked_to
    assert blackpool["2014"].outcome == "linked"
    # 2019: "appointed 17 months ago" gives 2017-07; the Gazette says 24 April 2017 -> both kept
    assert "diane-booth" in (blackpool["2018"].linked_to or "")
    assert blackpool["2018"].outcome == "linked: start disagrees"
    booth = next(t for t in kb.tenures if t.id == blackpool["2018"].linked_to)
    assert str(booth.start) == "2017-04-24"
    assert {"start": "2017-07"} in [c.says for c in booth.cites if c.source_id.startswith("ofsted-report:")]


def test_unnamed_holders_are_labelled_and_never_named(shared):
    kb, _ = load_curated(DATA_DIR, shared)
    unnamed = [t for t in kb.tenures if t.person_id.startswith("person:unnamed-")]
    assert len(unnamed) > 100
    for t in unnamed:
        name = kb.people[t.person_id].name
        assert name.endswith("(not named in the sources)") and "in post since" in name
        assert all(c.source_id.startswith("ofsted-report:") for c in t.cites)


def write(tmp: Path, facts: str) -> Path:
    data = tmp / "data"
    (data / "facts").mkdir(parents=True)
    for name in ("authorities.csv", "aliases.yaml", "vocabulary.yaml"):
        if (DATA_DIR / name).exists():
            (data / name).write_bytes((DATA_DIR / name).read_bytes())
    (data / "facts" / "web.yaml").write_text(textwrap.dedent(facts), encoding="utf-8")
    return data


WEB = """\
sources:
- {id: web-one, url: "https://example.org/a", title: "A page", publisher: Example, published: "2015-03-10"}
- {id: web-report, url: "https://example.org/r", title: "A report", publisher: Ofsted, published: "2016-01-05"}
tenures:
- person: Ann Lee
  role: director_of_childrens_services
  authority: Torbay
  cites:
  - {source: web-one, locator: paragraph 3, as_of: "2015-03-10", note: responds to the report as director}
seats:
- authority: Torbay
  role: director_of_childrens_services
  since: "2014-06"
  as_of: "2015-11-20"
  cites:
  - {source: web-report, locator: page 5, note: time in post stated without a name}
- authority: Kent
  role: director_of_childrens_services
  since: "2013"
  as_of: "2015-11-20"
  cites:
  - {source: web-report, locator: page 6}
searched:
- authority: Sefton
  role: director_of_childrens_services
  published: "2022-05-09"
  queries: ["Sefton director of children's services 2022"]
  note: nothing found
"""


def test_locators_sources_in_fact_files_seats_and_searches(tmp_path):
    kb, problems = load_curated(write(tmp_path, WEB))
    assert problems == []
    ann = next(t for t in kb.tenures if kb.people[t.person_id].name == "Ann Lee")
    assert ann.cites[0].locator == "paragraph 3" and ann.cites[0].spans == []
    # Ann Lee is seen in post on 2015-03-10, inside the seat's window: the statement is hers
    torbay = next(s for s in kb.seats if s.authority_id == ann.authority_id)
    assert torbay.linked_to == ann.id and ann.start == PartialDate.parse("2014-06")
    kent = next(s for s in kb.seats if s is not torbay)
    assert kent.outcome == "unnamed"
    holder = next(t for t in kb.tenures if t.id == kent.linked_to)
    assert kb.people[holder.person_id].name.startswith("the director of children's services in post since 2013")
    assert [(s.role, str(s.published), s.queries) for s in kb.searches] == [
        ("director_of_childrens_services", "2022-05-09", ["Sefton director of children's services 2022"])]


@pytest.mark.parametrize("bad, message", [
    ("  - {source: web-one, as_of: '2015-03-10'}", "needs `at`"),
    ("  - {source: web-one, locator: 3}", "needs `at`"),
])
def test_a_citation_needs_a_span_or_a_locator(tmp_path, bad, message):
    facts = WEB.replace("  - {source: web-one, locator: paragraph 3, as_of: \"2015-03-10\", note: responds to the "
                        "report as director}", bad)
    _, problems = load_curated(write(tmp_path, facts))
    assert any(message in p.message and p.file.endswith("web.yaml") and p.line > 0 for p in problems), problems


def test_two_holders_in_the_window_leave_a_seat_unlinked(tmp_path):
    facts = WEB.replace("seats:", """\
- person: Bob Roe
  role: director_of_childrens_services
  authority: Torbay
  cites:
  - {source: web-one, locator: paragraph 9, as_of: "2015-06-01"}
seats:""")
    kb, problems = load_curated(write(tmp_path, facts))
    torbay = next(s for s in kb.seats if s.authority_id.startswith("E06000027"))
    assert torbay.linked_to is None and "Ann Lee" in torbay.outcome and "Bob Roe" in torbay.outcome
