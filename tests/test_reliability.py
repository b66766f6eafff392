"""Hardening: fuzzed fact files and articles, killed and concurrent builds, timeouts, hostile strings.

The soak version (10,000 cases) is bench/soak.py; these run in CI within a couple of minutes.
"""

import json
import random
import signal
import subprocess
import sys
import time

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from graph.embedded import Store
from graph.model import ROOT
from helpers import make_data
from loaders.articles import extract_files
from loaders.curated import load_curated

VALID = ('- {{person: "{name}", role: other, title: "t", authority: York, start: "{year}", '
         'cites: [{{source: s1, at: [[0, 5]]}}]}}')
GARBAGE = st.sampled_from([
    '- {person: "X", role: chief_exec, authority: York, cites: [{source: s1, at: [[0, 5]]}]}',
    '- {person: "X", role: other, authority: Atlantis, cites: [{source: s1, at: [[0, 5]]}]}',
    '- {person: "X", role: other, authority: York, start: "2019-13", cites: [{source: s1, at: [[0, 5]]}]}',
    '- {person: "X", role: other, authority: York, start: "2019-02-30", cites: [{source: s1, at: [[0, 5]]}]}',
    '- {person: "X", role: other, authority: York, start: "0", cites: [{source: s1, at: [[0, 5]]}]}',
    '- {person: "X", role: other, authority: York, start: "99999", cites: [{source: s1, at: [[0, 5]]}]}',
    '- {person: "X", role: other, authority: York, start: "2019", end: "2010", cites: [{source: s1, at: [[0, 5]]}]}',
    '- {person: "X", role: other, authority: York}',
    '- {person: [1, 2], role: other, authority: York, cites: [{source: s1, at: [[0, 5]]}]}',
    '- {person: "X", role: other, authority: York, cites: [{source: nope, at: [[0, 5]]}]}',
    '- {person: "X", role: other, authority: York, cites: [{source: s1, at: [[5, 1]]}]}',
    '- {person: "X", role: other, authority: York, interim: maybe, cites: [{source: s1, at: [[0, 5]]}]}',
    '- 42',
    '- [a, b]',
    '- {person: "' + "x" * 5000 + '", role: other, authority: York, cites: [{source: s1, at: [[0, 5]]}]}',
    '- {person: "X", person: "Y", role: other, authority: York, cites: [{source: s1, at: [[0, 5]]}]}',
    '-\t{person: "X"}',
])


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.one_of(st.tuples(st.just("ok"), st.integers(1990, 2024)), st.tuples(st.just("bad"), GARBAGE)),
                min_size=1, max_size=12), st.randoms())
def test_bad_neighbours_never_cost_a_valid_fact(tmp_path_factory, items, rnd):
    root = tmp_path_factory.mktemp("fuzz")
    lines, n_ok = [], 0
    for i, (kind, value) in enumerate(items):
        if kind == "ok":
            lines.append(VALID.format(name=f"Valid Person {i}", year=value))
            n_ok += 1
        else:
            lines.append(value)
    data = make_data(root, "tenures:\n" + "\n".join(lines) + "\n")
    t0 = time.perf_counter()
    kb, problems = load_curated(data)
    assert time.perf_counter() - t0 < 10
    if any("malformed YAML" in p.message or "duplicate key" in p.message for p in problems):
        assert all(p.file.endswith("test.yaml") for p in problems)
        return  # a file YAML cannot parse is refused whole, with its line
    assert len(kb.tenures) == n_ok
    n_bad = sum(1 for k, _ in items if k == "bad")
    assert len(problems) >= n_bad
    assert all(p.file.endswith("test.yaml") and p.line >= 1 for p in problems)


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=3000))
def test_random_unicode_articles_never_crash(tmp_path_factory, text):
    p = tmp_path_factory.mktemp("art") / "a.md"
    p.write_bytes(text.encode("utf-8", errors="replace"))
    out = extract_files([p])
    assert isinstance(out["facts"], list)


@settings(max_examples=40, deadline=None)
@given(st.binary(max_size=4000))
def test_random_bytes_articles_never_crash(tmp_path_factory, blob):
    p = tmp_path_factory.mktemp("bin") / "b.txt"
    p.write_bytes(blob)
    out = extract_files([p])
    assert len(out["errors"]) + len(out["facts"]) >= 0 and all("b.txt" in e for e in out["errors"])


def test_header_only_and_no_header_articles(tmp_path):
    (tmp_path / "h.md").write_text("---\ntitle: x\npublished: 2020-01-01\n---\n")
    (tmp_path / "n.txt").write_text("York Council has appointed Ann Lee as director of children's services.")
    out = extract_files([tmp_path])
    assert any(f["person"] == "Ann Lee" for f in out["facts"] if f["kind"] == "tenure")


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory):
    sys.path.insert(0, str(ROOT / "bench"))
    from synth import generate

    root = tmp_path_factory.mktemp("syn")
    generate(300, root / "a", seed=1)
    generate(300, root / "b", seed=2)
    return root


def tenure_cmd(*args: str) -> list[str]:
    return [sys.executable, "-m", "cli", *args]


def test_killed_builds_leave_the_last_store_intact(synthetic):
    db = synthetic / "db"
    subprocess.run(tenure_cmd("build", "--data", str(synthetic / "a"), "--db", str(db)), cwd=ROOT, check=True,
                   capture_output=True)
    good = Store(db).meta()
    rng = random.Random(5)
    for i in range(20):
        data = synthetic / ("b" if i % 2 == 0 else "a")
        proc = subprocess.Popen(tenure_cmd("build", "--force", "--data", str(data), "--db", str(db)), cwd=ROOT,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.05, 2.5))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        meta = Store(db).meta()
        assert meta is not None and meta["counts"]["Person"] > 0
        out = subprocess.run(tenure_cmd("cypher", "MATCH (p:Person) RETURN count(p) AS n", "--json", "--db", str(db)),
                             cwd=ROOT, capture_output=True, text=True, check=True)
        assert json.loads(out.stdout)["rows"][0]["n"] == meta["counts"]["Person"]
    assert good["hash"]
    assert len([p for p in db.glob("gen-*") if p.is_dir() and not p.name.endswith(".partial")]) <= 3


def test_two_builds_at_once_and_reads_during_a_build(synthetic):
    db = synthetic / "db2"
    subprocess.run(tenure_cmd("build", "--data", str(synthetic / "a"), "--db", str(db)), cwd=ROOT, check=True,
                   capture_output=True)
    before = Store(db).meta()["counts"]["Person"]
    procs = [subprocess.Popen(tenure_cmd("build", "--force", "--data", str(synthetic / d), "--db", str(db)), cwd=ROOT,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE) for d in ("b", "a")]
    reads = []
    while any(p.poll() is None for p in procs):
        out = subprocess.run(tenure_cmd("cypher", "MATCH (p:Person) RETURN count(p) AS n", "--json", "--db", str(db)),
                             cwd=ROOT, capture_output=True, text=True)
        if out.returncode == 0:
            reads.append(json.loads(out.stdout)["rows"][0]["n"])
    assert all(p.wait() == 0 for p in procs), [p.stderr.read() for p in procs]
    assert before > 0 and Store(db).meta()["counts"]["Person"] > 0
    assert all(n > 0 for n in reads)  # every read during the builds saw a whole store


def test_query_timeout_is_a_clear_message(synthetic):
    db = synthetic / "db"
    if Store(db).current is None:
        subprocess.run(tenure_cmd("build", "--data", str(synthetic / "a"), "--db", str(db)), cwd=ROOT, check=True)
    q = "MATCH (a:Person), (b:Person), (c:Post) WHERE a.name < b.name RETURN count(*) AS n"
    out = subprocess.run(tenure_cmd("cypher", q, "--timeout", "0.2", "--db", str(db)), cwd=ROOT, capture_output=True,
                         text=True, timeout=120)
    assert out.returncode == 2 and "--timeout" in out.stderr


def test_hostile_strings_survive_the_store(tmp_path):
    from graph.pipeline import build
    from queries import Reader
    from queries.who_led import who_led

    names = ["O'Brien \\ back", "'}) DETACH DELETE n //", "Line\nBreak", "\u202eRTL mark", "Emoji 😀 Person",
             "<script>alert(1)</script>"]
    facts = "tenures:\n" + "".join(
        f"- {{person: {json.dumps(n, ensure_ascii=False)}, role: other, title: {json.dumps(n, ensure_ascii=False)}, "
        f"authority: York, start: \"20{10 + i}\", cites: [{{source: s1, at: [[0, 5]]}}]}}\n" for i, n in enumerate(names))
    data = make_data(tmp_path, facts)
    assert not build(data, tmp_path / "db").problems
    with Reader(tmp_path / "db") as r:
        rows = r.raw("MATCH (p:Person)-[h:HELD]->() RETURN p.name, h.title")[1]
        assert {row[0] for row in rows} == set(names) and {row[1] for row in rows} == set(names)
        assert r.raw("MATCH (p:Person) WHERE p.name = $n RETURN count(p)", {"n": names[1]})[1][0][0] == 1
        assert r.raw("MATCH (p:Person) RETURN count(p)")[1][0][0] == len(names)
        assert who_led(r, "York", role="any")["authority"] == "York"
