"""Each claim type on small hand-built graphs: supported, refuted and insufficient cases."""


import pytest

from helpers import build_store
from queries import Reader
from queries.claims import ClaimError, check_claims, load_claims
from queries.moves import find_moves, movement_graph

C = "cites: [{source: s1, at: [[0, 5]]}]"
FACTS = f"""
tenures:
- {{person: Ann Able, role: director_of_childrens_services, title: DCS, authority: Lancashire,
   start: "2014-01-01", end: "2016-06-30", {C}}}
- {{person: Ann Able, role: director_of_childrens_services, title: DCS, authority: Blackpool,
   start: "2016-09-01", end: "2019-12-31", {C}}}
- {{person: Bob Baker, role: assistant_director, title: AD, authority: Lancashire,
   start: "2013-05", end: "2016-07", {C}}}
- {{person: Bob Baker, role: assistant_director, title: AD, authority: Blackpool,
   start: "2016-10", {C}}}
- {{person: Cat Cole, role: director_of_childrens_services, title: DCS, authority: York,
   start: "2015-01-01", end: "2018-12-31", {C}}}
- {{person: Dan Dale, role: director_of_childrens_services, title: DCS, authority: Essex,
   start: "2010", end: "2012", {C}}}
- {{person: Dan Dale, role: director_of_childrens_services, title: DCS, authority: Surrey,
   start: "2013", {C}}}
judgements:
- {{authority: Lancashire, type: other, inspection_start: "2015-09-14", inspection_end: "2015-10-08",
   published: "2015-11-27", overall: inadequate, {C}}}
- {{authority: York, type: other, inspection_start: "2016-11", published: "2017-01", overall: good, {C}}}
- {{authority: Essex, type: other, inspection_start: "2014-06", published: "2014-08", overall: good, {C}}}
"""


@pytest.fixture(scope="module")
def small(tmp_path_factory):
    db = build_store(tmp_path_factory.mktemp("small"), FACTS)
    with Reader(db) as r:
        yield r


def verdicts(reader, *claims):
    return [c["verdict"] for c in check_claims(reader, list(claims))["claims"]]


def test_held(small):
    assert verdicts(small,
                    {"type": "held", "person": "Ann Able", "role": "director_of_childrens_services",
                     "authority": "Blackpool", "at": "2018"},
                    {"type": "held", "person": "Ann Able", "authority": "Blackpool", "at": "2016"},
                    {"type": "held", "person": "Ann Able", "authority": "Blackpool", "at": "2021"},
                    {"type": "held", "person": "Bob Baker", "role": "director_of_childrens_services",
                     "authority": "York", "at": "2017"},
                    {"type": "held", "person": "Bob Baker", "role": "chief_executive",
                     "authority": "York", "at": "2017"},
                    ) == ["supported", "insufficient_evidence", "refuted", "refuted", "insufficient_evidence"]


def test_rated(small):
    assert verdicts(small,
                    {"type": "rated", "authority": "Lancashire", "rating": "inadequate", "at": "2016"},
                    {"type": "rated", "authority": "York", "rating": "inadequate", "at": "2017-06"},
                    {"type": "rated", "authority": "Blackpool", "rating": "inadequate", "at": "2017"},
                    {"type": "rated", "authority": "Essex", "rating": "good", "at": "2014",
                     "basis": "inspection"},
                    ) == ["supported", "refuted", "insufficient_evidence", "supported"]


def test_led_when_rated(small):
    assert verdicts(small,
                    {"type": "led_when_rated", "person": "Ann Able", "authority": "Lancashire",
                     "rating": "inadequate"},
                    {"type": "led_when_rated", "person": "Cat Cole", "authority": "Lancashire",
                     "rating": "inadequate"},
                    {"type": "led_when_rated", "person": "Dan Dale", "authority": "Essex",
                     "rating": "good"},
                    {"type": "led_when_rated", "person": "Ann Able", "authority": "Blackpool",
                     "rating": "inadequate"},
                    ) == ["supported", "refuted", "refuted", "insufficient_evidence"]


def test_team_move(small):
    assert verdicts(small,
                    {"type": "team_move", "from": "Lancashire", "to": "Blackpool", "min_people": 2,
                     "within_years": 1, "after_rated": "inadequate"},
                    {"type": "team_move", "from": "Lancashire", "to": "Blackpool", "min_people": 3},
                    {"type": "team_move", "from": "Lancashire", "to": "Blackpool", "min_people": 2,
                     "before": "2016-01"},
                    {"type": "team_move", "from": "York", "to": "Blackpool", "min_people": 2},
                    ) == ["supported", "partly_supported", "insufficient_evidence", "insufficient_evidence"]


def test_moves_and_teams(small):
    out = find_moves(small, "Lancashire", "Blackpool", within_years=1)
    assert sorted(m["person"] for m in out["moves"]) == ["Ann Able", "Bob Baker"]
    ann = next(m for m in out["moves"] if m["person"] == "Ann Able")
    assert ann["gap_days"] == 63  # 2016-06-30 -> 2016-09-01
    assert [j["overall"] for j in ann["from_judgements"]] == ["inadequate"]
    assert out["teams"] == [{"from": "Lancashire", "to": "Blackpool", "people": ["Ann Able", "Bob Baker"],
                             "first_start": "2016-09-01", "last_start": "2016-10-01", "basis": ["start"]}]
    assert find_moves(small, "Lancashire", "Blackpool", within_years=0.01)["teams"] == []
    g = movement_graph(find_moves(small)["moves"])
    assert g.edges["Lancashire", "Blackpool"]["weight"] == 2 and g.edges["Essex", "Surrey"]["weight"] == 1


def test_unknown_names_are_errors_not_verdicts(small):
    with pytest.raises(ClaimError, match="Nobody Known"):
        check_claims(small, [{"id": "x", "type": "held", "person": "Nobody Known", "authority": "York", "at": "2017"}])
    with pytest.raises(ClaimError, match="did you mean"):
        check_claims(small, [{"type": "rated", "authority": "Lancashir", "rating": "good", "at": "2017"}])


def test_claim_file_errors_name_the_line(tmp_path):
    p = tmp_path / "c.yaml"
    p.write_text("claims:\n- id: a\n  type: held\n- id: b\n  type: guess\n")
    with pytest.raises(ClaimError, match=r"c\.yaml:5"):
        load_claims(p)


def test_the_readers_claim_on_real_data(reader):
    from graph.model import DATA_DIR

    out = check_claims(reader, load_claims(DATA_DIR / "claims" / "blackpool-lancashire-york.yaml"))
    got = {c["id"]: c["verdict"] for c in out["claims"]}
    assert got == {"team-lancashire-to-blackpool": "partly_supported", "booth-leads-blackpool-at-comment": "supported",
                   "booth-at-lancashire-when-inadequate": "insufficient_evidence",
                   "lancashire-inadequate-before-move": "supported",
                   "team-blackpool-to-lancashire": "insufficient_evidence",
                   "team-lancashire-to-york": "insufficient_evidence"}
    assert all(c["evidence"] for c in out["claims"] if c["verdict"] != "insufficient_evidence")
    assert all(e["sources"] for c in out["claims"] for e in c["evidence"])
