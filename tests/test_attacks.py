"""Issue 16: every attack, run as a user would (`python -m cli` in a subprocess).

Each attack must end with a non-zero exit and one line on stderr, no traceback,
the store's checksum unchanged, no file outside the store changed, no secret
printed, and time and memory within the limits.
"""

from __future__ import annotations

import hashlib
import json
import os
import resource
import shutil
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from graph.embedded import MARKER, Store
from graph.model import DATA_DIR, ROOT

SECRET = "s3cret-Sentinel-9f1c"
TIME_BOUND_S = 60.0
MEMORY_BOUND_KB = 3 * 2**20  # 3 GB peak for any child (the query limit is 2 GB)


def tenure(*args: str, env: dict[str, str] | None = None, timeout: float = 120) -> subprocess.CompletedProcess:
    full_env = {**os.environ, "PYTHONPATH": str(ROOT), "NEO4J_PASSWORD": SECRET, **(env or {})}
    t0 = time.perf_counter()
    out = subprocess.run([sys.executable, "-m", "cli", *args], cwd=ROOT, capture_output=True, text=True,
                         timeout=timeout, env=full_env)
    out.seconds = time.perf_counter() - t0  # type: ignore[attr-defined]
    return out


def checksum(root: Path) -> str:
    """Every file's path, size and bytes under root (the store, a folder of the user's)."""
    h = hashlib.sha256()
    for p in sorted(root.rglob("*")):
        h.update(str(p.relative_to(root)).encode())
        if p.is_symlink():
            h.update(b"-> " + os.readlink(p).encode())
        elif p.is_file():
            h.update(p.read_bytes())
    return h.hexdigest()


def snapshot(*roots: Path) -> dict[str, str]:
    out = {}
    for r in roots:
        for p in sorted(r.rglob("*")):
            if "__pycache__" in p.parts or ".pytest_cache" in p.parts:
                continue
            if p.is_file() and not p.is_symlink():
                st = p.stat()
                out[str(p)] = f"{st.st_size}:{st.st_mtime_ns}"
    return out


def assert_refused(out: subprocess.CompletedProcess, *words: str) -> None:
    text = out.stdout + out.stderr
    assert out.returncode != 0, text
    assert "Traceback" not in text and SECRET not in text, text
    lines = [ln for ln in out.stderr.splitlines() if ln.strip()]
    assert len(lines) == 1 and lines[0].startswith("error: "), out.stderr
    for w in words:
        assert w in lines[0], lines[0]
    assert out.seconds < TIME_BOUND_S  # type: ignore[attr-defined]


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    """A store, a copy of the data as a user's files beside it, and the checksums to compare."""
    root = tmp_path_factory.mktemp("attacks")
    db = root / "db"
    out = tenure("build", "--db", str(db))
    assert out.returncode == 0, out.stderr
    user = root / "user"
    shutil.copytree(DATA_DIR, user / "data")
    (user / "notes.txt").write_text("mine\n", encoding="utf-8")
    return {"root": root, "db": db, "user": user}


@pytest.fixture()
def guarded(world):
    """Checks, after the test, that neither the store nor any other file changed."""
    before_store = checksum(world["db"])
    before = snapshot(world["user"], DATA_DIR)
    yield world
    assert checksum(world["db"]) == before_store, "the store changed"
    assert snapshot(world["user"], DATA_DIR) == before, "a file outside the store changed"


def cypher(world, query: str, *extra: str) -> subprocess.CompletedProcess:
    return tenure("cypher", query, "--db", str(world["db"]), *extra)


# -- 1. the allow-list, end to end ---------------------------------------------------------


def test_copy_to_cannot_overwrite_the_register(guarded):
    target = guarded["user"] / "data" / "authorities.csv"
    for q in [f"COPY (RETURN 'x' AS a) TO '{target}'", "COPY (RETURN 'x' AS a) TO 'data/authorities.csv'",
              f"RETURN 1; COPY (RETURN 'x' AS a) TO '{target}'"]:
        assert_refused(cypher(guarded, q), "read-only", "MATCH")


def test_load_from_cannot_read_other_files(guarded):
    out = cypher(guarded, "LOAD FROM '/etc/passwd' (file_format='csv', header=false, delim=':') RETURN *")
    assert_refused(out, "read-only")
    assert "root" not in out.stdout
    assert_refused(cypher(guarded, "CALL read_csv_serial('/etc/passwd') RETURN *"), "CALL")


def test_load_extension_runs_no_native_code(guarded, tmp_path):
    marker = tmp_path / "pwned"
    src = tmp_path / "evil.c"
    src.write_text(textwrap.dedent(f"""
        #include <stdio.h>
        __attribute__((constructor)) static void evil(void) {{ FILE *f = fopen("{marker}", "w"); if (f) fclose(f); }}
    """), encoding="utf-8")
    so = tmp_path / "evil.so"
    if shutil.which("cc") is None:
        pytest.skip("no C compiler to build the test library")
    subprocess.run(["cc", "-shared", "-fPIC", "-o", str(so), str(src)], check=True)
    for q in [f"LOAD EXTENSION '{so}'", f"LOAD '{so}'", "INSTALL json", "UNINSTALL json",
              f"CALL home_directory='{tmp_path}'", f"CALL extension_directory='{tmp_path}'"]:
        assert_refused(cypher(guarded, q), "read-only")
    assert not marker.exists()


def test_checkpoint_and_settings_are_refused_and_the_store_still_builds_unchanged(guarded):
    for q in ["CHECKPOINT", "CALL timeout=0", "CALL timeout=0; MATCH (n) RETURN count(n)",
              "ATTACH 'x.lbdb' AS x (dbtype lbug)", f"EXPORT DATABASE '{guarded['root'] / 'exp'}'",
              "BEGIN TRANSACTION", "CREATE (:Person {id: 'x', name: 'x'})", "MATCH (n) DETACH DELETE n"]:
        assert_refused(cypher(guarded, q), "read-only")
    assert not (guarded["root"] / "exp").exists()
    out = tenure("build", "--db", str(guarded["db"]), "--json")
    assert out.returncode == 0 and json.loads(out.stdout)["skipped"] is True


# -- 2. limits ---------------------------------------------------------------------------


def test_wall_clock_limit_covers_everything_and_cannot_be_changed(guarded):
    q = "MATCH (a)-[*1..30]-(b) RETURN count(*)"
    out = cypher(guarded, q, "--timeout", "2")
    assert_refused(out, "--timeout")
    assert out.seconds < 2 + 15  # startup of the CLI plus the limit


def test_memory_limit_stops_a_huge_unwind(guarded):
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    out = cypher(guarded, "UNWIND range(1, 10000000000) AS x RETURN count(x)", "--max-memory", "1G")
    assert_refused(out, "--max-memory")
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    assert max(before, peak) < MEMORY_BOUND_KB


def test_deep_nesting_is_refused_not_a_crash(guarded):
    assert_refused(cypher(guarded, "RETURN " + "(" * 3000 + "1" + ")" * 3000), "nested")
    assert_refused(cypher(guarded, "RETURN " + "[" * 3000 + "1" + "]" * 3000), "nested")


@pytest.mark.parametrize("args,word", [
    (("--timeout", "inf"), "--timeout"), (("--timeout", "nan"), "--timeout"), (("--timeout", "-1"), "--timeout"),
    (("--timeout", "0"), "--timeout"), (("--max-memory", "lots"), "--max-memory"),
    (("--max-memory", "1K"), "--max-memory"), (("--limit", "0"), "--limit")])
def test_bad_limits_are_refused_cleanly(guarded, args, word):
    assert_refused(cypher(guarded, "RETURN 1", *args), word)


def test_row_cap_says_how_many_more(guarded):
    out = cypher(guarded, "UNWIND range(1, 2500) AS x RETURN x")
    assert out.returncode == 0 and "1500 more row(s)" in out.stdout
    out = cypher(guarded, "UNWIND range(1, 2500) AS x RETURN x", "--json", "--limit", "10")
    data = json.loads(out.stdout)
    assert len(data["rows"]) == 10 and data["more_rows"] == 2490


def test_json_output_is_valid_json(guarded):
    out = cypher(guarded, "RETURN 1.0/0.0 AS inf, -1.0/0.0 AS ninf, 0.0/0.0 AS nan, 'x' AS s", "--json")
    assert out.returncode == 0, out.stderr

    def refuse(name):
        raise ValueError(name)

    data = json.loads(out.stdout, parse_constant=refuse)  # NaN/Infinity would raise here
    assert data["rows"] == [{"inf": None, "ninf": None, "nan": None, "s": "x"}]


# -- 3. store folders ----------------------------------------------------------------------


def test_build_refuses_a_users_folder_and_a_file(tmp_path):
    folder = tmp_path / "mine"
    (folder / "photos").mkdir(parents=True)
    (folder / "photos" / "cat.jpg").write_bytes(b"\xff\xd8cat")
    (folder / "current").write_text("my notes\n", encoding="utf-8")
    before = checksum(folder)
    assert_refused(tenure("build", "--db", str(folder)), "not a tenure store")
    assert checksum(folder) == before
    afile = tmp_path / "file.txt"
    afile.write_text("keep me\n", encoding="utf-8")
    assert_refused(tenure("build", "--db", str(afile)), "is a file")
    assert afile.read_text(encoding="utf-8") == "keep me\n"


def test_partial_generations_go_and_complete_ones_stay(tmp_path):
    db = tmp_path / "db"
    assert tenure("build", "--db", str(db)).returncode == 0
    assert (db / MARKER).is_file()
    first = Store(db).current
    leftover = db / "gen-0123456789ab-1.partial"
    (leftover / "graph.lbdb").parent.mkdir()
    (leftover / "graph.lbdb").write_bytes(b"half")
    time.sleep(0.01)
    assert tenure("build", "--db", str(db), "--force").returncode == 0
    second = Store(db).current
    assert not leftover.exists() and first.is_dir() and second != first
    assert tenure("build", "--db", str(db), "--force").returncode == 0
    third = Store(db).current
    gens = sorted(p.name for p in db.iterdir() if p.name.startswith("gen-"))
    assert gens == sorted([second.name, third.name])  # the new one and the one before it, never the current


# -- 4. the default store follows `build` ------------------------------------------------------


def test_build_with_articles_and_no_db_is_what_later_commands_read(tmp_path, shared):
    arts = tmp_path / "arts"
    arts.mkdir()
    shutil.copy(next(iter(sorted((shared / "corpus").glob("*.md")))), arts / "story.md")
    env = {"TENURE_DB": str(tmp_path / "default-store")}
    out = tenure("build", "--articles", str(arts), env=env)
    assert out.returncode == 0, out.stderr
    assert "default store" in out.stderr
    q = "MATCH (s:Source) WHERE s.file = 'story.md' RETURN count(s) AS n"
    out = tenure("cypher", q, "--json", env=env)
    assert out.returncode == 0 and json.loads(out.stdout)["rows"][0]["n"] == 1, out.stderr


# -- 5. secrets -----------------------------------------------------------------------------------


@pytest.mark.parametrize("uri", ["bolt://user:PASSWORD-xyz@host:99999", "bolt://user:PASSWORD-xyz@127.0.0.1:1",
                                 "neo4j://user:PASSWORD-xyz@[::1", "http://user:PASSWORD-xyz@h:1"])
def test_push_never_prints_a_password(guarded, uri):
    out = tenure("push", "--neo4j", uri, timeout=120)
    assert_refused(out)
    assert "PASSWORD-xyz" not in out.stdout + out.stderr
    out = tenure("cypher", "--neo4j", uri, "RETURN 1")
    assert_refused(out)
    assert "PASSWORD-xyz" not in out.stdout + out.stderr


# -- 8. every data file: file and line, all problems, no traceback ------------------------------------


def broken_copy(tmp_path: Path) -> Path:
    data = tmp_path / "data"
    shutil.copytree(DATA_DIR, data)
    return data


@pytest.mark.parametrize("name,content,expect", [
    ("aliases.yaml", b"Blackpool: \"Blackpool BC\"\n", r"aliases\.yaml:1: the aliases of 'Blackpool' must be a list"),
    ("aliases.yaml", b"- a\n- b\n", r"aliases\.yaml:1: aliases\.yaml must map"),
    ("aliases.yaml", b"York: [a, b\n", r"aliases\.yaml:2: malformed YAML"),
    ("aliases.yaml", b"York: [York\xff]\n", r"aliases\.yaml:1: not valid UTF-8"),
    ("authorities.csv", None, r"authorities\.csv:3: not valid UTF-8"),
    ("authorities.csv", b"a,b\n1,2\n", r"authorities\.csv:1: the header must name"),
    ("sources.yaml", b"- id: s1\n  title: [1, 2]\n", r"sources\.yaml:2: `title` must be text"),
    ("sources.yaml", b"- id: s1\n  file: ../../etc/passwd\n", r"sources\.yaml:2: `file` must be a path inside"),
])
def test_bad_data_files_name_file_and_line(tmp_path, name, content, expect):
    import re

    data = broken_copy(tmp_path)
    if content is None:  # a bad byte in one row of the register
        lines = (data / name).read_bytes().split(b"\n")
        lines[2] = lines[2] + b"\xff"
        content = b"\n".join(lines)
    (data / name).write_bytes(content)
    for cmd in (["validate", "--data", str(data)], ["build", "--data", str(data), "--db", str(tmp_path / "db")]):
        out = tenure(*cmd)
        assert out.returncode == 1, out.stderr
        assert "Traceback" not in out.stdout + out.stderr
        assert re.search(expect, out.stdout + out.stderr), out.stderr
    assert not (tmp_path / "db").exists()  # a failed build leaves nothing behind


def test_string_alias_does_not_make_every_letter_an_alias(tmp_path):
    data = broken_copy(tmp_path)
    (data / "aliases.yaml").write_text('Blackpool: "Blackpool BC"\n', encoding="utf-8")
    from loaders.register import read_register

    register, problems = read_register(data)
    assert problems and register.find("B") is None


def test_jsonl_bad_byte_is_on_its_line_and_the_rest_is_checked(tmp_path):
    data = broken_copy(tmp_path)
    good = json.dumps({"kind": "tenure", "person": "P Q", "role": "other", "title": "t", "authority": "York",
                       "cites": [{"source": next(iter(_source_ids(data))), "at": [[0, 1]]}]})
    lines = [good.replace("P Q", "A One"), good.replace("P Q", "B Two"), good.replace("P Q", "C \xff Three"),
             good.replace("P Q", "D Four"), "{not json", good.replace("P Q", "E Five")]
    raw = b"\n".join(ln.encode("utf-8") if "\xff" not in ln else ln.encode("latin-1") for ln in lines) + b"\n"
    (data / "facts" / "bulk.jsonl").write_bytes(raw)
    out = tenure("validate", "--data", str(data), "--json")
    problems = json.loads(out.stdout)["problems"]
    assert any(p.startswith("data/facts/bulk.jsonl:3: not valid UTF-8") or "bulk.jsonl:3: not valid UTF-8" in p
               for p in problems), problems
    assert any("bulk.jsonl:5: malformed JSON" in p for p in problems), problems


def _source_ids(data: Path) -> list[str]:
    import yaml

    return [s["id"] for s in yaml.safe_load((data / "sources.yaml").read_text(encoding="utf-8"))]


def test_non_utf8_source_text_is_a_problem_not_a_crash(tmp_path, shared):
    data = broken_copy(tmp_path)
    texts = tmp_path / "texts"
    shutil.copytree(shared / "seeds", texts / "seeds")
    shutil.copytree(shared / "corpus", texts / "corpus")
    victim = texts / "seeds" / "000_21e698d2416d9625.txt"
    raw = victim.read_bytes()
    victim.write_bytes(raw[:50] + b"\n\xff\xfe" + raw[50:])
    out = tenure("validate", "--data", str(data), "--sources", str(texts))
    assert out.returncode == 1 and "Traceback" not in out.stdout + out.stderr
    assert "000_21e698d2416d9625.txt:2: source text" in out.stderr and "not valid UTF-8" in out.stderr, out.stderr


def test_impossible_front_matter_date_names_the_file_and_the_rest_builds(tmp_path, shared):
    arts = tmp_path / "arts"
    arts.mkdir()
    shutil.copy(next(iter(sorted((shared / "corpus").glob("*.md")))), arts / "good.md")
    (arts / "bad.md").write_text("---\ntitle: x\npublished: 2019-02-30\n---\nSome text.\n", encoding="utf-8")
    out = tenure("build", "--articles", str(arts), "--db", str(tmp_path / "db"))
    assert out.returncode == 0, out.stderr
    assert "bad.md" in out.stderr and "Traceback" not in out.stderr


# -- viz, other options ------------------------------------------------------------------------------


def test_viz_out_on_a_folder_or_an_impossible_path(guarded, tmp_path):
    assert_refused(tenure("viz", "--out", str(tmp_path), "--db", str(guarded["db"])), "folder")
    afile = tmp_path / "f"
    afile.write_text("x", encoding="utf-8")
    assert_refused(tenure("viz", "--out", str(afile / "g.html"), "--db", str(guarded["db"])), "cannot write")
    assert afile.read_text(encoding="utf-8") == "x" and list(tmp_path.iterdir()) == [afile]


@pytest.mark.parametrize("errno_name,words", [("ENOSPC", "disk is full"), ("EROFS", "read-only")])
def test_full_disk_and_read_only_fs_are_clear_and_leave_nothing(tmp_path, monkeypatch, errno_name, words):
    import errno

    from graph import files

    target = tmp_path / "g.html"
    target.write_text("old", encoding="utf-8")

    def failing_fsync(fd):
        raise OSError(getattr(errno, errno_name), os.strerror(getattr(errno, errno_name)))

    monkeypatch.setattr(files.os, "fsync", failing_fsync)
    with pytest.raises(files.OutputError, match=words):
        files.write_text_atomic(target, "new")
    assert target.read_text(encoding="utf-8") == "old" and list(tmp_path.iterdir()) == [target]


def test_within_inf_is_a_message(guarded):
    assert_refused(tenure("moves", "--within", "inf", "--db", str(guarded["db"])), "--within")


def test_hostile_name_in_html_cannot_close_the_script(tmp_path):
    from graph.viz import render_html

    data = {"nodes": [{"id": "p1", "label": "<!--<script>", "name": "<!--<script>", "kind": "person",
                       "title": "<b>&lt;!--&lt;script&gt;</b>"}], "edges": []}
    try:
        page = render_html(data, "t")
    except (KeyError, TypeError):
        pytest.skip("render_html takes another shape here")
    body = page.split("</style>", 1)[-1]
    assert "<!--<script>" not in body and "\\u003c!--\\u003cscript\\u003e" in body


def test_attack_bench_small_run_finds_nothing():
    sys.path.insert(0, str(ROOT / "bench"))
    import attack

    result = attack.main(["--queries", "16", "--articles", "8", "--seed", "7"])
    for part in ("queries", "articles"):
        r = result[part]
        assert (r["crashes"], r["hangs"], r["stores_changed"], r["files_changed"]) == (0, 0, 0, 0), r
    assert result["queries"]["refused"] > 0


@pytest.mark.parametrize("script,words", [("kill -SEGV $$", "crashed the query process (SIGSEGV)"),
                                          ("kill -KILL $$", "crashed the query process (SIGKILL)"),
                                          ("sleep 30", "ran longer than 1 s"),
                                          ("echo '[\"ok\"'", "ended without an answer")])
def test_a_crashed_or_stuck_child_is_one_clear_error(world, tmp_path, monkeypatch, script, words):
    from queries import sandbox

    fake = tmp_path / "python"
    fake.write_text(f"#!/bin/sh\n{script}\n", encoding="utf-8")
    fake.chmod(0o755)
    monkeypatch.setattr(sandbox.sys, "executable", str(fake))
    db_file = Store(world["db"]).current / "graph.lbdb"
    t0 = time.perf_counter()
    with pytest.raises(sandbox.QueryError, match=words.replace("(", r"\(").replace(")", r"\)")):
        sandbox.run_query_sandboxed(db_file, "RETURN 1", {}, timeout_s=1)
    assert time.perf_counter() - t0 < 10
