"""Attack run: generated hostile queries and hostile articles; prints crashes, hangs, stores changed, files changed.

Queries go through the library path `tenure cypher` uses (queries.adhoc.run_read_only:
allow-list, child process, limits) against a store built for the run; articles go
through the CLI (`tenure extract DIR --json` and `tenure build --articles DIR --db
NEW`) in batches. Watched for changes: the store, the bundled data/, a "victim"
folder the queries aim at (COPY TO, LOAD FROM, EXPORT ...), the article folders
themselves, and the checkout's top level.

A crash is an exception other than a user error, a child killed by a signal or
a traceback on stderr; a hang is a query over its timeout plus a grace, or a
batch over its bound.
Usage: python bench/attack.py [--queries 1000] [--articles 1000] [--seed 1] [--workers 2]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

QUERY_TIMEOUT_S = 3.0
GRACE_S = 20.0
BATCH = 100
BATCH_BOUND_S = 600.0


def checksum(root: Path) -> str:
    h = hashlib.sha256()
    for p in sorted(root.rglob("*")):
        if "__pycache__" in p.parts:
            continue
        h.update(str(p.relative_to(root)).encode())
        if p.is_symlink():
            h.update(os.readlink(p).encode())
        elif p.is_file():
            h.update(p.read_bytes())
    return h.hexdigest()


_TOOL_CACHES = {".mypy_cache", ".ruff_cache", ".pytest_cache", ".hypothesis", "__pycache__"}


def top_level(root: Path) -> set[str]:
    """Names at the checkout's top level (developer tools' caches aside)."""
    return {p.name for p in root.iterdir()} - _TOOL_CACHES


# -- hostile queries -------------------------------------------------------------------------------

def query_cases(rng: random.Random, n: int, victim: Path) -> list[str]:
    v = str(victim)
    engine = [
        f"COPY (RETURN 'x' AS a) TO '{v}/authorities.csv'", f"COPY (MATCH (n) RETURN n.id) TO '{v}/out.parquet'",
        f"COPY Person FROM '{v}/people.csv'", f"LOAD FROM '{v}/secret.txt' (header=false) RETURN *",
        "LOAD FROM '/etc/passwd' (file_format='csv', delim=':') RETURN *", f"LOAD EXTENSION '{v}/evil.so'",
        "INSTALL json", "UNINSTALL json", "LOAD json", f"ATTACH '{v}/other.lbdb' AS o (dbtype lbug)", "DETACH o",
        f"EXPORT DATABASE '{v}/exp'", f"IMPORT DATABASE '{v}/exp'", "CHECKPOINT", "CALL timeout=0",
        f"CALL home_directory='{v}'", f"CALL extension_directory='{v}'", "CALL threads=64",
        "CALL spill_to_disk=true", f"CALL read_csv_serial('{v}/secret.txt') RETURN *", "CALL show_tables() RETURN *",
        "CALL current_setting('home_directory') RETURN *", "CALL db_version() RETURN *",
        "CREATE (:Person {id: 'x', name: 'x'})", "MERGE (:Person {id: 'y'})", "MATCH (n:Person) SET n.name = 'x'",
        "MATCH (n) DETACH DELETE n", "MATCH (n:Person) REMOVE n.name", "DROP TABLE Person",
        "ALTER TABLE Person ADD evil STRING", "CREATE NODE TABLE T(id STRING, PRIMARY KEY(id))",
        "BEGIN TRANSACTION", "COMMIT", "ROLLBACK", "CREATE MACRO m(x) AS x", "CREATE SEQUENCE s",
        "RETURN nextval('s')", "USE o MATCH (n) RETURN n", "PROJECT GRAPH g (Person)",
        "CALL project_graph('g', ['Person'], []) RETURN *",
    ]
    reads = [
        "MATCH (p:Person) RETURN p.name LIMIT 3", "MATCH (n) RETURN count(n)",
        "MATCH (j:Judgement)-[:OF]->(a:Authority) RETURN a.name, j.overall LIMIT 5",
        "UNWIND range(1, 100) AS x RETURN sum(x)", "RETURN 1 AS a UNION RETURN 2 AS a",
        "OPTIONAL MATCH (p:Person)-[:HELD]->(q:Post) RETURN p.name, count(q) ORDER BY p.name LIMIT 3",
    ]
    resource = [
        "UNWIND range(1, 10000000000) AS x RETURN count(x)", "UNWIND range(1, 100000000) AS x RETURN collect(x)",
        "MATCH (a)-[*1..30]-(b) RETURN count(*)", "MATCH (a), (b), (c), (d), (e) RETURN count(*)",
        "RETURN size(repeat('x', 2000000000))", "UNWIND range(1, 1000000) AS x RETURN repeat('ab', 1000) LIMIT 1",
        "RETURN regexp_matches(repeat('a', 100000), '(a+)+$')",
        "UNWIND range(1, 100000) AS a UNWIND range(1, 100000) AS b RETURN count(*)",
    ]

    def smuggle(stmt: str) -> str:
        read = rng.choice(reads)
        forms = [
            f"{read}; {stmt}", f"{read};\n{stmt}", f"{stmt};", f"/* x */ {stmt}", f"// c\n{stmt}",
            f"{read} /* ; */ ; {stmt}", f"RETURN 'a\\'; {stmt}; \\''", f"RETURN \"\\\"; {stmt}\"",
            stmt.lower(), stmt.swapcase(), stmt.replace(" ", "\t"), stmt.replace(" ", "\n"),
            stmt.replace(" ", "\u00a0"), stmt.replace(" ", " /**/ "), f"{stmt}\x00", f"\ufeff{stmt}",
            f"MATCH (n) WHERE EXISTS {{ {stmt} }} RETURN n", f"WITH 1 AS x {stmt}", f"{read} UNION {stmt}",
            f"RETURN [x IN [1] | {stmt}]", f"MATCH (n) CALL {{ {stmt} }} RETURN n", f"`{stmt}`",
            f"RETURN 1 AS x\u2028{stmt}", f"{stmt} RETURN 1", "EXPLAIN " + stmt, "PROFILE " + stmt,
        ]
        return rng.choice(forms)

    def nested() -> str:
        d = rng.choice([10, 20, 30, 100, 1000, 3000])
        o, c = rng.choice([("(", ")"), ("[", "]"), ("{a: ", "}"), ("size([", "])"), ("CASE WHEN true THEN ", " END")])
        return "RETURN " + o * d + "1" + c * d

    words = ["MATCH", "RETURN", "CALL", "COPY", "LOAD", "FROM", "TO", "(", ")", "[", "]", "{", "}", ";", "'", '"',
             "`", "/*", "*/", "//", "n", ":", "Person", "-[", "]->", "*", "..", "1", "$p", ",", "AS", "WITH", "UNWIND",
             "WHERE", "=", "ATTACH", "INSTALL", "CHECKPOINT", "EXPORT", "\\", "\n", "\x00", "ñ", "\U0001F600"]
    out: list[str] = []
    while len(out) < n:
        r = rng.random()
        if r < 0.45:
            out.append(smuggle(rng.choice(engine)))
        elif r < 0.6:
            out.append(rng.choice(engine))
        elif r < 0.7:
            out.append(rng.choice(resource))
        elif r < 0.78:
            out.append(nested())
        elif r < 0.88:
            out.append(" ".join(rng.choice(words) for _ in range(rng.randint(1, 40))))
        elif r < 0.93:
            out.append(bytes(rng.randrange(256) for _ in range(rng.randint(1, 200))).decode("utf-8", "replace"))
        else:
            out.append(rng.choice(reads))
    return out


def run_queries(n: int, seed: int, workers: int, work: Path) -> dict[str, int]:
    from graph.embedded import StoreError
    from graph.pipeline import build
    from graph.model import DATA_DIR
    from queries.adhoc import run_read_only
    from queries.sandbox import QueryError

    db = work / "db"
    report = build(DATA_DIR, db)
    assert not report.problems
    victim = work / "victim"
    victim.mkdir()
    (victim / "secret.txt").write_text("secret,1\n", encoding="utf-8")
    shutil.copy(DATA_DIR / "authorities.csv", victim / "authorities.csv")
    watched = {"store": db, "victim": victim, "data": DATA_DIR}
    before = {k: checksum(p) for k, p in watched.items()}
    top_before = top_level(ROOT)
    cases = query_cases(random.Random(seed), n, victim)
    counts = {"queries": len(cases), "ok": 0, "refused": 0, "errors": 0, "limits": 0, "crashes": 0, "hangs": 0}
    crashes: list[str] = []

    def one(q: str) -> tuple[str, str]:
        t0 = time.monotonic()
        try:
            run_read_only(q, {"p": 1}, db=db, timeout_s=QUERY_TIMEOUT_S, max_memory="1G", limit=100)
            kind = "ok"
            msg = ""
        except QueryError as exc:
            msg = str(exc)
            kind = ("refused" if msg.startswith("query refused") else
                    "crashes" if "crashed" in msg or "without an answer" in msg else
                    "limits" if "--timeout" in msg or "--max-memory" in msg else "errors")
        except (StoreError, ValueError) as exc:
            kind, msg = "errors", str(exc)
        except Exception as exc:  # noqa: BLE001 - anything else is a crash of ours
            kind, msg = "crashes", f"{type(exc).__name__}: {exc}"
        if time.monotonic() - t0 > QUERY_TIMEOUT_S + GRACE_S:
            kind = "hangs"
        return kind, msg

    t0 = time.perf_counter()
    with ThreadPoolExecutor(max_workers=workers) as pool:
        for q, (kind, msg) in zip(cases, pool.map(one, cases)):
            counts[kind] += 1
            if kind in ("crashes", "hangs"):
                crashes.append(f"{kind}: {q[:120]!r}: {msg[:200]}")
    counts["seconds"] = round(time.perf_counter() - t0)
    after = {k: checksum(p) for k, p in watched.items()}
    counts["stores_changed"] = int(before["store"] != after["store"])
    counts["files_changed"] = _changed(before, after, ("victim", "data"), top_before)
    for line in crashes[:20]:
        print("  " + line)
    return counts


def _changed(before: dict[str, str], after: dict[str, str], keys: tuple[str, ...], top_before: set[str]) -> int:
    """How many watched things changed, each one named on stdout."""
    changed = [k for k in keys if before[k] != after[k]]
    new_top = sorted(top_level(ROOT) ^ top_before)
    for k in changed:
        print(f"  changed: {k}")
    for name in new_top:
        print(f"  changed: {ROOT / name} appeared or went (another process in the checkout?)")
    return len(changed) + len(new_top)


# -- hostile articles ---------------------------------------------------------------------------------

def article_case(rng: random.Random, i: int) -> tuple[str, bytes]:
    body = ("Jane Doe{n} was appointed director of children's services at Blackpool Council in {m} 2019. "
            "Ofsted judged the council inadequate in December 2018. ").format(n=i, m=rng.choice(["May", "June"]))
    kind = rng.randrange(14)
    name = f"a{i:05d}.md"
    if kind == 0:
        return name, f"---\ntitle: x\npublished: {rng.choice(['2019-02-30', '2019-13-01', '0000-00-00', '9999-99-99'])}\n---\n{body}".encode()
    if kind == 1:  # alias bomb in the front matter
        lines = ["a: &a [x, x, x, x, x, x, x, x, x]"] + [f"{chr(98 + k)}: &{chr(98 + k)} [*{chr(97 + k)}, *{chr(97 + k)}, "
                                                        f"*{chr(97 + k)}, *{chr(97 + k)}]" for k in range(8)]
        return name, ("---\n" + "\n".join(lines) + "\ntitle: bomb\n---\n" + body).encode()
    if kind == 2:
        return name, b"---\ntitle: \xff\xfe\n---\n" + body.encode() + b"\xc3\x28 \x00 \xed\xa0\x80"
    if kind == 3:
        return name, ("---\ntitle: [1, 2]\npublished: {a: 1}\nurl: !!python/object/apply:os.system ['touch x']\n---\n"
                      + body).encode()
    if kind == 4:
        return name, ("---\n" + "x: " + "[" * 2000 + "]" * 2000 + "\n---\n" + body).encode()
    if kind == 5:
        return name, ("a. B " * rng.randint(100, 1000)).encode()
    if kind == 6:
        return name, (body + " 2019 2018 2017" * rng.randint(100, 500)).encode()
    if kind == 7:
        return name, (body * rng.randint(10, 100)).encode()
    if kind == 8:
        return name, bytes(rng.randrange(256) for _ in range(rng.randint(0, 4000)))
    if kind == 9:
        return name, ("<script>alert(1)</script><!--<script> " + body + " '\"; MATCH (n) DETACH DELETE n //").encode()
    if kind == 10:
        return name, ("---\ntitle: x\n" + "---\n" * 50 + body).encode()
    if kind == 11:
        return name, ("\u202e\u200b" + body.replace(" ", "\u00a0") + "\U0001F600" * 100).encode()
    if kind == 12:
        return name, ("---\npublished: Tuesday, 31st February 2019\ntitle: " + "x" * 50_000 + "\n---\n" + body).encode()
    return name, ("---\npublished: 2019-05-01\n---\n" + body + "\n" * 5000 + body).encode()


def run_articles(n: int, seed: int, work: Path) -> dict[str, int]:
    from graph.model import DATA_DIR

    rng = random.Random(seed)
    arts = work / "articles"
    for i in range(n):
        batch = arts / f"batch-{i // BATCH:03d}"
        batch.mkdir(parents=True, exist_ok=True)
        name, data = article_case(rng, i)
        (batch / name).write_bytes(data)
    before = {"articles": checksum(arts), "data": checksum(DATA_DIR)}
    top_before = top_level(ROOT)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    counts = {"articles": n, "batches": 0, "crashes": 0, "hangs": 0, "stores_changed": 0, "seconds": 0}
    t0 = time.perf_counter()
    for batch in sorted(arts.iterdir()):
        counts["batches"] += 1
        for args in (["extract", str(batch), "--json"], ["build", "--articles", str(batch), "--db", str(work / f"db-{batch.name}")]):
            try:
                out = subprocess.run([sys.executable, "-m", "cli", *args], cwd=ROOT, capture_output=True, text=True,
                                     timeout=BATCH_BOUND_S, env=env)
            except subprocess.TimeoutExpired:
                counts["hangs"] += 1
                print(f"  hang: {' '.join(args[:2])} {batch.name}")
                continue
            bad = out.returncode < 0 or out.returncode > 2 or "Traceback" in out.stderr
            if args[0] == "extract" and not bad and out.returncode == 0:
                try:
                    json.loads(out.stdout)
                except ValueError:
                    bad = True
            if bad:
                counts["crashes"] += 1
                print(f"  crash: {args[0]} {batch.name}: rc {out.returncode}: {out.stderr.strip()[-300:]}")
    counts["seconds"] = round(time.perf_counter() - t0)
    after = {"articles": checksum(arts), "data": checksum(DATA_DIR)}
    counts["files_changed"] = _changed(before, after, tuple(before), top_before)
    return counts


def main(argv: list[str] | None = None) -> dict[str, dict[str, int]]:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--queries", type=int, default=1000)
    ap.add_argument("--articles", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--workers", type=int, default=2)
    args = ap.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="tenure-attack-"))
    try:
        q = run_queries(args.queries, args.seed, args.workers, work) if args.queries else {}
        print("queries: " + ", ".join(f"{k} {v}" for k, v in q.items()))
        a = run_articles(args.articles, args.seed, work) if args.articles else {}
        print("articles: " + ", ".join(f"{k} {v}" for k, v in a.items()))
        return {"queries": q, "articles": a}
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    result = main()
    bad = sum(r.get(k, 0) for r in result.values() for k in ("crashes", "hangs", "stores_changed", "files_changed"))
    sys.exit(1 if bad else 0)
