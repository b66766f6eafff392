"""The CLI is a thin layer: shapes, exit codes and messages, run as a user would."""

import json
import re
import subprocess
import sys

from typer.testing import CliRunner

from cli import app
from graph.embedded import Store
from graph.model import ROOT

runner = CliRunner()


def run(*args: str):
    return runner.invoke(app, list(args))


def test_who_led_json_shape(store):
    res = run("who-led", "Blackpool", "--rating", "inadequate", "--json", "--db", str(store))
    assert res.exit_code == 0, res.output
    out = json.loads(res.stdout)
    assert set(out) >= {"authority", "role", "at", "results"}
    assert out["role"] == "director_of_childrens_services" and out["at"] == "inspection"
    first = out["results"][0]
    assert set(first["judgement"]) >= {"id", "type", "overall", "inspection_start", "inspection_end",
                                       "published", "sources"}
    holder = next(h for r in out["results"] for h in r["holders"] if h["person"] == "Diane Booth")
    assert set(holder) >= {"person", "role", "title", "start", "end", "certainty", "sources"}
    assert {"url", "title"} <= set(holder["sources"][0])


def test_cypher_answers_and_refuses_writes(store):
    q = "MATCH (p:Person)-[:HELD]->(:Post)-[:AT]->(a:Authority {name: 'Blackpool'}) RETURN DISTINCT p.name AS name"
    res = run("cypher", q, "--json", "--db", str(store))
    assert res.exit_code == 0, res.output
    names = {r["name"] for r in json.loads(res.stdout)["rows"]}
    assert {"Diane Booth", "Victoria Gent", "Delyth Curtis"} <= names
    res = run("cypher", "CREATE (:Person {id: 'x', name: 'x'})", "--db", str(store))
    assert res.exit_code == 2 and "read-only" in res.output
    res = run("cypher", "MATCH (p:Person) WHERE p.name = $n RETURN p.id AS id", "--param", "n=Diane Booth",
              "--json", "--db", str(store))
    assert json.loads(res.stdout)["rows"] == [{"id": "person:diane-booth"}]


def test_validate_broken_copy_names_file_and_line(data_copy, store):
    path = data_copy / "facts" / "york.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace('overall: "outstanding"', 'overall: "stellar"', 1),
                    encoding="utf-8")
    meta = Store(store).meta()
    res = run("validate", "--data", str(data_copy))
    assert res.exit_code == 1
    assert re.search(r"york\.yaml:\d+: unknown rating 'stellar'", res.output)
    res = run("build", "--data", str(data_copy), "--db", str(store))
    assert res.exit_code == 1 and "was not changed" in res.output
    assert Store(store).meta() == meta


def test_unknown_authority_lists_matches(store):
    res = run("who-led", "Blackpol", "--db", str(store))
    assert res.exit_code == 2 and "did you mean: Blackpool" in res.output


def test_conflicts_lists_disagreeing_sources():
    res = run("conflicts", "--json")
    assert res.exit_code == 0
    found = {(c["fact"], c["field"]) for c in json.loads(res.stdout)["conflicts"]}
    # the same inspections, now one node each with Ofsted's record (ids from its framework and first day)
    assert ("judgement:E06000009:ilacs:2018-11-26", "inspection_start") in found  # November vs December 2018
    assert ("judgement:E06000014:sif:2016-11-14", "overall") in found  # good vs requires improvement
    assert any(f.startswith("tenure:victoria-gent") and k == "start" for f, k in found)


def test_sources_show_evidence_read_at_run_time(shared):
    res = run("sources", "tenure:diane-booth:E06000009:director_of_childrens_services:2017-04-24",
              "--sources", str(shared), "--json")
    assert res.exit_code == 0, res.output
    cites = json.loads(res.stdout)["citations"]
    assert any("April 24" in " ".join(c["evidence"]) for c in cites)
    res = run("sources", "tenure:diane-booth:E06000009:director_of_childrens_services:2017-04-24",
              "--sources", "/nonexistent", "--json")
    cites = json.loads(res.stdout)["citations"]
    assert all(c["evidence"] is None and "--sources" in c["evidence_note"] for c in cites if c["spans"])
    # pages with no archived text say where to read them instead
    assert all(c["locator"] in c["evidence_note"] for c in cites if not c["spans"])


def test_every_command_has_help_and_is_in_readme():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    import typer.main

    group = typer.main.get_command(app)
    for name, cmd in group.commands.items():
        assert cmd.help, name
        assert f"tenure {name}" in readme, f"README does not show `tenure {name}`"


def test_help_is_quick_and_imports_nothing_heavy():
    code = ("import sys, cli; from typer.testing import CliRunner; CliRunner().invoke(cli.app, ['--help']); "
            "print(','.join(m for m in ('ladybug','networkx','pyvis','neo4j','pyarrow','spacy') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert out.stdout.strip() == ""
