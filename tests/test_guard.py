"""The Cypher allow-list (queries/guard.py) on its own: reading queries pass, everything else is refused."""

import time

import pytest

from queries import QUERY_DIR
from queries.guard import MAX_DEPTH, QueryRefused, check_query

READING = [
    "MATCH (p:Person)-[:HELD]->(:Post)-[:AT]->(a:Authority {name: 'Blackpool'}) RETURN DISTINCT p.name AS name",
    "MATCH (j:Judgement)-[:OF]->(a:Authority) WHERE j.overall = $r RETURN a.name, j.published",
    "OPTIONAL MATCH (n:Person) RETURN n.name ORDER BY n.name DESC SKIP 1 LIMIT 3",
    "UNWIND range(1, 10) AS x WITH x WHERE x % 2 = 0 RETURN collect(x) AS xs",
    "RETURN 1 AS x UNION RETURN 2 AS x",
    "MATCH (n) RETURN n.name UNION ALL MATCH (m) RETURN m.name",
    "MATCH (a)-[*1..3]->(b) RETURN count(*)",
    "MATCH (p:Person)-[h:HELD]->() RETURN h.`end`, toLower(p.name), size(p.aliases)",
    "MATCH (n:Person) WHERE EXISTS { (n)-[:HELD]->() } RETURN count(n)",
    "RETURN CASE WHEN 1 > 0 THEN 'a' ELSE 'b' END, [x IN range(1, 3) | x * 2], {a: 1}.a",
    "RETURN 'a\\'; COPY (RETURN 1) TO \\'x.csv\\''",  # a string, not a second statement
    "// a comment; COPY\nRETURN 1;",
]

HOSTILE = [
    ("COPY (RETURN 'x' AS a) TO 'data/authorities.csv'", "not a single openCypher query"),
    ("LOAD FROM '/etc/shadow' (file_format='csv', header=false) RETURN *", "not a single openCypher query"),
    ("LOAD EXTENSION './evil.so'", "not a single openCypher query"),
    ("INSTALL json", "not a single openCypher query"),
    ("UNINSTALL json", "not a single openCypher query"),
    ("CALL home_directory='/tmp'", "not a single openCypher query"),
    ("CALL timeout=0", "not a single openCypher query"),
    ("CALL timeout=0; MATCH (n) RETURN n", "more than one statement"),
    ("RETURN 1; COPY (RETURN 1) TO 'x.csv'", "more than one statement"),
    ("RETURN 1;;", "more than one statement"),
    ("CHECKPOINT", "not a single openCypher query"),
    ("ATTACH '/tmp/x.lbdb' AS x (dbtype lbug)", "not a single openCypher query"),
    ("DETACH x", "not a single openCypher query"),
    ("EXPORT DATABASE '/tmp/e'", "not a single openCypher query"),
    ("IMPORT DATABASE '/tmp/e'", "not a single openCypher query"),
    ("BEGIN TRANSACTION", "not a single openCypher query"),
    ("CREATE MACRO m(x) AS x", "not a single openCypher query"),
    ("DROP TABLE Person", "not a single openCypher query"),
    ("ALTER TABLE Person ADD x INT64", "not a single openCypher query"),
    ("USE other MATCH (n) RETURN n", "not a single openCypher query"),
    ("CALL read_csv_serial('/etc/passwd') RETURN *", "CALL"),
    ("CALL show_tables() RETURN *", "CALL"),
    ("MATCH (n) CALL db.labels() YIELD label RETURN label", "CALL"),
    ("MATCH (n) DETACH DELETE n", "write"),
    ("CREATE (:Person {id: 'x', name: 'x'})", "write"),
    ("MATCH (n:Person) SET n.name = 'x'", "write"),
    ("MERGE (n:Person {id: 'x'})", "write"),
    ("MATCH (n:Person) REMOVE n.name", "write"),
    ("RETURN nextval('seq')", "function 'nextval'"),
    ("RETURN `nextval`('seq')", "function 'nextval'"),
    ("RETURN current_setting('timeout')", "function 'current_setting'"),
    ("RETURN read_csv('x')", "function 'read_csv'"),
    ("RETURN gen_random_uuid()", "function 'gen_random_uuid'"),
    ("RETURN " + "(" * 1500 + "1" + ")" * 1500, "nested deeper"),
    ("RETURN " + "[" * (MAX_DEPTH + 1) + "1" + "]" * (MAX_DEPTH + 1), "nested deeper"),
    ("RETURN " + "1+" * 5000 + "1", "tokens"),
    ("RETURN '" + "a" * 30000 + "'", "longer than"),
    ("", "empty"),
    ("   \n", "empty"),
    ("RETURN 1\x00; CHECKPOINT", "NUL"),
    ("RETURN 1 /* unterminated", "openCypher"),
    ("MATCH (n RETURN n", "openCypher"),
]


@pytest.mark.parametrize("query", READING)
def test_reading_queries_pass(query):
    check_query(query)


@pytest.mark.parametrize("path", sorted(QUERY_DIR.glob("*.cypher")), ids=lambda p: p.name)
def test_every_named_query_passes(path):
    check_query(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize("query,why", HOSTILE, ids=lambda q: repr(q)[:40])
def test_hostile_queries_are_refused_quickly_and_say_what_is_allowed(query, why):
    t0 = time.perf_counter()
    with pytest.raises(QueryRefused) as info:
        check_query(query)
    assert time.perf_counter() - t0 < 5
    assert why in info.value.why
    message = str(info.value)
    assert "\n" not in message and "read-only" in message
    assert "MATCH" in message and "RETURN" in message  # says what is allowed
