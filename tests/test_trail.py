"""trail: leaders at failing judgements, their later posts and the grades there (hand-built graphs)."""

from __future__ import annotations

import json
import subprocess
import sys

from queries import Reader
from queries.trail import trail
from tests.helpers import build_store

ROOT = __import__("pathlib").Path(__file__).resolve().parent.parent

FACTS = """\
judgements:
- {authority: Torbay, type: sif, inspection_start: "2015-10-05", inspection_end: "2015-10-28", published: "2016-01-05",
   overall: inadequate, cites: [{source: s1, at: [[0, 5]]}]}
- {authority: Slough, type: sif, inspection_start: "2015-11-02", published: "2016-02-17", overall: inadequate,
   cites: [{source: s1, at: [[0, 5]]}]}
- {authority: Kent, type: sif, inspection_start: "2014-06", published: "2014-09", overall: inadequate,
   cites: [{source: s1, at: [[0, 5]]}]}
- {authority: Devon, type: ilacs, inspection_start: "2019-01-14", published: "2019-03-01", overall: good,
   cites: [{source: s1, at: [[0, 5]]}]}
- {authority: Devon, type: sif, inspection_start: "2012-01", published: "2012-03", overall: inadequate,
   cites: [{source: s1, at: [[0, 5]]}]}
tenures:
- {person: Ann Lee, role: director_of_childrens_services, authority: Torbay, start: "2014-03", end: "2017-06",
   cites: [{source: s1, at: [[0, 5]]}]}
- {person: Ann Lee, role: director_of_childrens_services, authority: Devon, start: "2017-09",
   cites: [{source: s1, at: [[0, 5]], as_of: "2020-01-01"}]}
- {person: Bob Roe, role: director_of_childrens_services, authority: Slough,
   cites: [{source: s1, at: [[0, 5]], as_of: "2015"}]}
seats:
- {authority: Kent, role: director_of_childrens_services, since: "2013-02", as_of: "2014-07-01",
   cites: [{source: s1, at: [[0, 5]]}]}
searched:
- {authority: Slough, role: director_of_childrens_services, published: "2016-02-17", queries: ["slough dcs 2015"]}
"""


def test_trail_follows_named_leaders_and_counts_what_is_held(tmp_path):
    db = build_store(tmp_path, FACTS)
    with Reader(db) as reader:
        out = trail(reader, "inadequate", 2013)
    s = out["summary"]
    assert s["judgements"] == 3  # Devon 2012 is before --since
    by_auth = {r["judgement"]["authority"]: r for r in out["results"]}
    torbay = by_auth["Torbay"]["holders"]
    assert [(h["person"], h["certainty"]) for h in torbay] == [("Ann Lee", "certain")]
    nxt = torbay[0]["next_posts"]
    assert [(p["authority"], p["ratings_during"][0]["overall"]) for p in nxt] == [("Devon", "good")]
    # Slough: Bob Roe seen only in "2015", so possibly in post at the November 2015 inspection
    assert [(h["person"], h["certainty"]) for h in by_auth["Slough"]["holders"]] == [("Bob Roe", "possible")]
    kent = by_auth["Kent"]["holders"]
    assert len(kent) == 1 and kent[0]["unnamed"] and kent[0]["next_posts"] is None
    assert kent[0]["person"].startswith("the director of children's services in post since February 2013")
    assert s["with_named_holder"] == 2 and s["with_certain_named_holder"] == 1 and s["with_unnamed_holder_only"] == 1
    assert by_auth["Slough"]["holders"][0]["evidence_gap_days"] == 0  # seen in 2015, the inspection's year
    assert s["with_named_holder_seen_within_a_year"] == 2
    assert s["moved_on_to_lead_another_authority"] == ["Ann Lee"]
    assert s["ratings_during_later_lead_posts"] == {"good (certain)": 1}
    assert "2 of 3" in s["caveat"]


def test_a_possible_holder_seen_years_away_is_not_near(tmp_path):
    db = build_store(tmp_path, FACTS.replace('as_of: "2015"}]}', 'as_of: "2019"}]}'))
    with Reader(db) as reader:
        out = trail(reader, "inadequate", 2013)
    slough = next(r for r in out["results"] if r["judgement"]["authority"] == "Slough")
    bob = slough["holders"][0]
    assert bob["certainty"] == "possible" and bob["evidence_gap_days"] > 365
    assert out["summary"]["with_named_holder_seen_within_a_year"] == 1


def test_a_failing_judgement_with_nobody_held_says_whether_it_was_searched(tmp_path):
    db = build_store(tmp_path, FACTS.replace("{person: Bob Roe, role: director_of_childrens_services",
                                             "{person: Bob Roe, role: principal_social_worker"))
    with Reader(db) as reader:
        out = trail(reader, "inadequate", 2013)
    slough = next(r for r in out["results"] if r["judgement"]["authority"] == "Slough")
    assert slough["holders"] == []
    assert slough["gap"] == {"searched": True, "queries": ["slough dcs 2015"], "note": None}
    assert out["summary"]["searched_not_found"] == 1


def test_trail_cli_json(tmp_path):
    db = build_store(tmp_path, FACTS)
    res = subprocess.run([sys.executable, "-m", "cli", "trail", "--after-rated", "inadequate", "--json", "--db", str(db)],
                         capture_output=True, text=True, cwd=ROOT)
    assert res.returncode == 0, res.stderr
    out = json.loads(res.stdout)
    assert out["summary"]["judgements"] == 3
    assert all(src["id"] == "s1" for r in out["results"] for src in r["judgement"]["sources"])
    bad = subprocess.run([sys.executable, "-m", "cli", "trail", "--after-rated", "awful", "--db", str(db)],
                         capture_output=True, text=True, cwd=ROOT)
    assert bad.returncode == 2 and "unknown rating" in bad.stderr and "Traceback" not in bad.stderr
