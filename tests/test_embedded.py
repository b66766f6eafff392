"""The embedded store: a real LadybugDB database, built atomically and read-only for queries."""

import os

import pytest

from graph.embedded import Store
from graph.model import DATA_DIR
from graph.pipeline import build
from graph.schema import rows
from loaders.curated import load_curated
from queries import Reader


def test_store_counts_match_the_facts(store):
    kb, _ = load_curated(DATA_DIR)
    expected = rows(kb).counts()
    with Reader(store) as r:
        for label in ("Person", "Judgement", "Source", "Authority", "Post"):
            assert r.raw(f"MATCH (n:{label}) RETURN count(n)")[1][0][0] == expected[label]
        assert r.raw("MATCH ()-[h:HELD]->() RETURN count(h)")[1][0][0] == expected["HELD"]
        assert r.raw("MATCH ()-[c:CITES]->() RETURN count(c)")[1][0][0] == expected["CITES"]
    assert (Store(store).current / "graph.lbdb").exists()


def test_rows_fit_the_schema_and_round_trip_through_the_store(store):
    """Rows are positional tuples: every one must have a value per column, in the schema's order."""
    from graph.schema import NODES, RELS

    kb, _ = load_curated(DATA_DIR)
    table_rows = rows(kb)
    for label, t in table_rows.nodes.items():
        assert t.names == tuple(NODES[label]) and all(len(r) == len(t.names) for r in t.data)
    for (rel, _, _), t in table_rows.rels.items():
        assert t.names == ("_from", "_to", *RELS[rel][1]) and all(len(r) == len(t.names) for r in t.data)
    booth = next(r for r in table_rows.nodes["Person"] if r["name"] == "Diane Booth")
    held = [h for (rel, _, _), t in table_rows.rels.items() if rel == "HELD" for h in t if h["_from"] == booth["id"]]
    assert held and all(h["role"] and h["possible_from"] for h in held)
    with Reader(store) as r:
        stored = r.raw("MATCH (p:Person {id: $id})-[h:HELD]->(q:Post) RETURN h.id, h.role, q.id, h.possible_from "
                       "ORDER BY h.id", {"id": booth["id"]})[1]
    assert [list(x) for x in stored] == sorted([h["id"], h["role"], h["_to"], h["possible_from"]] for h in held)


def test_unchanged_data_skips_rebuild(tmp_path):
    db = tmp_path / "db"
    first = build(DATA_DIR, db)
    second = build(DATA_DIR, db)
    assert not first.skipped and second.skipped and first.hash == second.hash
    assert build(DATA_DIR, db, force=True).skipped is False


def test_failed_build_leaves_store_untouched(tmp_path, data_copy):
    db = tmp_path / "db"
    build(data_copy, db)
    before = Store(db).current
    meta = Store(db).meta()
    (data_copy / "facts" / "broken.yaml").write_text("tenures:\n- person: X\n  role: nope\n")
    report = build(data_copy, db)
    assert report.problems and Store(db).current == before and Store(db).meta() == meta
    with Reader(db) as r:
        assert r.raw("MATCH (p:Person) RETURN count(p)")[1][0][0] > 0


def test_reads_are_read_only_in_the_engine(store):
    with Reader(store) as r:
        with pytest.raises(RuntimeError, match="read-only"):
            r.raw("CREATE (:Person {id: 'x', name: 'x'})")


def test_parameters_carry_hostile_strings(store):
    hostile = "'}) DETACH DELETE n //"
    with Reader(store) as r:
        assert r.raw("MATCH (p:Person) WHERE p.name = $n RETURN count(p)", {"n": hostile})[1][0][0] == 0
        assert r.raw("MATCH (p:Person) RETURN count(p)")[1][0][0] > 0


def test_old_generations_are_pruned(tmp_path):
    db = tmp_path / "db"
    for _ in range(4):
        build(DATA_DIR, db, force=True)
    gens = [p for p in db.glob("gen-*") if p.is_dir()]
    assert 1 <= len(gens) <= 2
    assert os.path.islink(db / "current")


def test_store_from_another_version_is_a_clear_error(tmp_path):
    import json as _json

    from graph.embedded import StoreError
    from graph.pipeline import ensure_built

    db = tmp_path / "db"
    build(DATA_DIR, db)
    assert ensure_built(db) == db
    meta_path = Store(db).current / "meta.json"
    meta = _json.loads(meta_path.read_text())
    meta["schema"] = "an older layout"
    meta_path.write_text(_json.dumps(meta))
    with pytest.raises(StoreError, match="another version"):
        ensure_built(db)


def test_store_path_with_quotes_builds(tmp_path):
    """The bulk load names its Parquet files inside COPY '...': a quote in the store path must not break it."""
    db = tmp_path / "it's a \\ store" / "db"
    report = build(DATA_DIR, db)
    assert not report.problems and not report.skipped
    with Reader(db) as r:
        assert r.raw("MATCH (p:Person) RETURN count(p)")[1][0][0] == report.counts["Person"]
    assert not list(db.rglob("*.parquet")), "the Parquet files are removed after the copy"


def test_consuming_rows_frees_the_facts_and_gives_the_same_rows():
    kb, _ = load_curated(DATA_DIR)
    kept = rows(kb)
    kb2, _ = load_curated(DATA_DIR)
    drained = rows(kb2, consume=True)
    assert not kb2.tenures and not kb2.judgements and not kb2.relations
    assert {k: list(t) for k, t in kept.rels.items()} == {k: list(t) for k, t in drained.rels.items()}
    assert {k: list(t) for k, t in kept.nodes.items()} == {k: list(t) for k, t in drained.nodes.items()}
