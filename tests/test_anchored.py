"""Answers fetch what they show by key, never by scanning every citation (issue 15), and the fast
paths of team moves give the same answers as the full one."""

import pytest

from helpers import build_store
from queries import Reader, holders_of
from queries.authority import timeline
from queries.moves import find_moves
from queries.person import career
from queries.who_led import who_led


def _recording(reader: Reader) -> list[str]:
    """The names of the named queries the reader runs from now on."""
    seen: list[str] = []
    run = reader._run

    def spy(name, params):
        seen.append(name)
        return run(name, params)

    reader._run = spy  # type: ignore[method-assign]
    return seen


def _key(c):
    return (c["fact"], c["source_id"], c["spans"], c["says"], c["note"], c["as_of"], c["locator"])


def test_citations_by_key_are_the_citations_by_scan(store):
    with Reader(store) as r:
        tenures = r.run("all_tenures", roles=[])
        judgements = r.run("all_judgements")
        facts = [t["id"] for t in tenures] + [j["id"] for j in judgements]
        by_scan = sorted(_key(c) for c in r.run("citations", facts=facts))
    with Reader(store) as r:
        seen = _recording(r)
        r.prefetch_citations(facts, holders_of(tenures))
        by_key = sorted(_key(c) for f in facts for c in r._cites[f])
    assert len(by_scan) > 1000 and by_key == by_scan
    assert "citations" not in seen and {"citations_of_people", "citations_of_judgements"} <= set(seen)


def test_answers_never_scan_every_citation(store):
    with Reader(store) as r:
        seen = _recording(r)
        assert who_led(r, "Blackpool", rating="inadequate")["results"]
        assert career(r, "Diane Booth")["posts"]
        assert timeline(r, "Lancashire")["events"]
        assert find_moves(r)["moves"]
    assert "citations" not in seen, seen
    assert "all_tenures" not in seen  # the whole graph's moves read only the people who hold posts in two places


C = "cites: [{source: s1, at: [[0, 5]]}]"
TEAM = f"""
tenures:
- {{person: Ann Able, role: director_of_childrens_services, title: DCS, authority: Lancashire,
   start: "2014-01-01", end: "2016-06-30", {C}}}
- {{person: Ann Able, role: director_of_childrens_services, title: DCS, authority: Blackpool,
   start: "2016-09-01", end: "2019-12-31", {C}}}
- {{person: Bob Baker, role: assistant_director, title: AD, authority: Lancashire,
   start: "2013-05", end: "2016-07", {C}}}
- {{person: Bob Baker, role: assistant_director, title: AD, authority: Blackpool,
   start: "2016-10", {C}}}
- {{person: Dan Dale, role: director_of_childrens_services, title: DCS, authority: Essex,
   start: "2010", end: "2012", {C}}}
- {{person: Dan Dale, role: director_of_childrens_services, title: DCS, authority: Surrey,
   start: "2013", {C}}}
- {{person: Eve East, role: chief_executive, title: CEx, authority: Surrey, start: "2011", end: "2015", {C}}}
- {{person: Eve East, role: chief_executive, title: CEx, authority: York, start: "2015-06", {C}}}
judgements:
- {{authority: Lancashire, type: other, inspection_start: "2015-09-14", inspection_end: "2015-10-08",
   published: "2015-11-27", overall: inadequate, {C}}}
- {{authority: Blackpool, type: other, inspection_start: "2018-11", published: "2019-01", overall: inadequate, {C}}}
- {{authority: Essex, type: other, inspection_start: "2014-06", published: "2014-08", overall: good, {C}}}
"""


@pytest.fixture(scope="module")
def team_store(tmp_path_factory):
    return build_store(tmp_path_factory.mktemp("team"), TEAM)


def test_team_moves_alone_are_the_team_moves_of_the_full_answer(team_store):
    with Reader(team_store) as r:
        full = find_moves(r, within_years=5)
    with Reader(team_store) as r:
        teams = find_moves(r, within_years=5, teams_only=True)
    with Reader(team_store) as r:
        light = find_moves(r, within_years=5, detail=False)
    assert full["teams"] and teams["teams"] == full["teams"] == light["teams"]
    members = {(t["from"], t["to"], p) for t in full["teams"] for p in t["people"]}
    expected = [m for m in full["moves"] if (m["from"]["authority"], m["to"]["authority"], m["person"]) in members]
    assert expected and teams["moves"] == expected and len(teams["moves"]) < len(full["moves"])
    assert {m["person"] for m in teams["moves"]} == {"Ann Able", "Bob Baker"}
    assert teams["moves"][0]["from_judgements"] and teams["moves"][0]["to"]["sources"]  # in full
    # the light form is the full form less ratings, sources and date wording, move for move
    assert len(light["moves"]) == len(full["moves"])
    for lm, fm in zip(light["moves"], full["moves"]):
        assert {k: lm[k] for k in ("person", "direct", "gap_days", "order_basis")} == \
            {k: fm[k] for k in ("person", "direct", "gap_days", "order_basis")}
        for side in ("from", "to"):
            assert lm[side].items() <= fm[side].items()


def test_moves_teams_on_the_command_line(team_store):
    import json

    from typer.testing import CliRunner

    import cli

    out = CliRunner().invoke(cli.app, ["moves", "--teams", "--within", "5", "--json", "--db", str(team_store)])
    assert out.exit_code == 0, out.output
    got = json.loads(out.output)
    assert [t["people"] for t in got["teams"]] == [["Ann Able", "Bob Baker"]]
    assert {m["person"] for m in got["moves"]} == {"Ann Able", "Bob Baker"}
    none = CliRunner().invoke(cli.app, ["moves", "--teams", "--within", "0.01", "--db", str(team_store)])
    assert none.exit_code == 0 and "No two people moved between the same authorities" in none.output


def test_teams_only_on_generated_data_are_the_full_answers_teams(tmp_path):
    """At scale the teams are found among candidates worked out on ids (people sharing two authorities
    with someone else): on generated data with thousands of moves, the same teams and team moves."""
    import sys

    from graph.model import ROOT
    from graph.pipeline import build

    sys.path.insert(0, str(ROOT / "bench"))
    from synth import generate

    generate(300, tmp_path / "data")
    assert not build(tmp_path / "data", tmp_path / "db").problems
    with Reader(tmp_path / "db") as r:
        full = find_moves(r, within_years=4)
    with Reader(tmp_path / "db") as r:
        seen = _recording(r)
        teams = find_moves(r, within_years=4, teams_only=True)
    assert len(full["moves"]) > 1000 and len(full["teams"]) >= 2
    assert teams["teams"] == full["teams"]
    members = {(t["from"], t["to"], p) for t in full["teams"] for p in t["people"]}
    assert teams["moves"] == [m for m in full["moves"]
                              if (m["from"]["authority"], m["to"]["authority"], m["person"]) in members]
    assert seen.count("person_tenures") < len({m["person"] for m in full["moves"]}) / 5  # candidates only
