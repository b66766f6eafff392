"""who-led, person and authority on the real data, through the library functions."""

import pytest

from loaders.register import NameError_
from queries.authority import timeline
from queries.person import career
from queries.who_led import who_led


def test_who_led_blackpool_inadequate(reader):
    out = who_led(reader, "Blackpool", rating="inadequate")
    assert out["authority"] == "Blackpool" and out["at"] == "inspection"
    by_year = {r["judgement"]["inspection_start"][:4]: r for r in out["results"]}
    assert set(by_year) == {"2012", "2018"}
    r2018 = by_year["2018"]
    # the articles said "January 2019"; Ofsted's record (now merged into the same judgement) gives the day
    assert r2018["judgement"]["overall"] == "inadequate" and r2018["judgement"]["published"] == "2019-01-17"
    assert r2018["judgement"]["type"] == "ilacs" and by_year["2012"]["judgement"]["type"] == "cpi"
    assert [(h["person"], h["certainty"]) for h in r2018["holders"]] == [("Diane Booth", "certain")]
    booth = r2018["holders"][0]
    assert booth["start"] == "2017-04-24" and booth["sources"] and booth["sources"][0]["title"]
    assert r2018["judgement"]["sources"]
    assert [(h["person"], h["certainty"]) for h in by_year["2012"]["holders"]] == [("Sue Harrison", "possible")]


def test_who_led_at_published_and_in_force(reader):
    out = who_led(reader, "Blackpool", rating="inadequate", at="in-force")
    r2018 = next(r for r in out["results"] if r["judgement"]["published"] == "2019-01-17")
    names = {h["person"] for h in r2018["holders"]}
    assert {"Diane Booth", "Victoria Gent"} <= names  # in force 2019-01 .. 2023-02-01


def test_who_led_any_role_lancashire_2015(reader):
    out = who_led(reader, "Lancashire County Council", rating="inadequate", role="any", at="published")
    holders = {h["person"]: h["certainty"] for h in out["results"][0]["holders"]}
    assert holders["Matthew Tomlinson"] == "certain"
    assert holders["Diane Booth"] == "possible"
    assert "Jacqui Old" not in holders  # her predecessor was in post later than 2015


def test_bad_inputs_are_clear_errors(reader):
    with pytest.raises(NameError_, match="did you mean"):
        who_led(reader, "Blackpol")
    with pytest.raises(ValueError, match="unknown rating"):
        who_led(reader, "Blackpool", rating="terrible")
    with pytest.raises(ValueError, match="unknown role"):
        who_led(reader, "Blackpool", role="king")


def test_career_has_ratings_around_each_post(reader):
    out = career(reader, "Ms Booth")
    assert out["person"] == "Diane Booth"
    lanc, bpool = out["posts"]
    assert lanc["authority"] == "Lancashire" and bpool["authority"] == "Blackpool"
    assert any(d["overall"] == "inadequate" for d in lanc["ratings"]["during"])
    assert bpool["ratings"]["before"]["overall"] == "requires_improvement"
    assert [d["overall"] for d in bpool["ratings"]["during"]] == ["inadequate"]
    assert bpool["ratings"]["after"]["overall"] == "requires_improvement"
    assert lanc["to_next"]["days"] is not None


def test_person_lookup_by_alias_and_ambiguity(reader):
    assert career(reader, "Vicky Gent")["person"] == "Victoria Gent"
    assert career(reader, "Booth")["person"] == "Diane Booth"  # a unique surname is enough
    with pytest.raises(NameError_, match="did you mean"):
        career(reader, "Diane Boothe")


def test_york_timeline(reader):
    out = timeline(reader, "City of York Council")
    kinds = {e["kind"] for e in out["events"]}
    assert {"tenure", "judgement"} <= kinds
    graded = [e for e in out["events"] if e["kind"] == "judgement" and e["overall"]]
    # Ofsted's record adds the 2012 safeguarding and looked after children inspection (good) to the
    # three the articles give (SIF 2016 good, ILACS 2022 requires improvement, ILACS 2025 outstanding)
    assert [(e["type"], e["overall"]) for e in graded] == [
        ("slac", "good"), ("sif", "good"), ("ilacs", "requires_improvement"), ("ilacs", "outstanding")]
    assert all(e["sources"] for e in out["events"])
