"""The columnar bulk build gives the same tables as the row loader, and refused files keep their file:line messages."""

from __future__ import annotations

import json
import re
import shutil
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from graph.model import DATA_DIR, ROOT

PERSON_WITH_ALIAS = "Victoria Gent"  # has an alias in data/facts/blackpool.yaml

sys.path.insert(0, str(ROOT / "bench"))


def _canon(table: Any) -> list[str]:
    return sorted(json.dumps(r, sort_keys=True, default=str) for r in table.to_pylist())


def _plain_yaml() -> list[Path]:
    """The bundled YAML fact files the bulk path can build: no seats, searches or own sources, and no citation of
    the generated sources (data/sources-*.jsonl, which send the build to the row loader)."""
    generated = [json.loads(x)["id"] for f in DATA_DIR.glob("sources-*.jsonl")
                 for x in f.read_text(encoding="utf-8").splitlines() if x.strip()]
    out = []
    for f in sorted((DATA_DIR / "facts").glob("*.yaml")):
        text = f.read_text(encoding="utf-8")
        if re.search(r"^(seats|searched|sources):", text, re.M) or any(g in text for g in generated):
            continue
        out.append(f)
    return out


def _plain_data(data: Path) -> Path:
    """A data folder of the register, sources.yaml and the plain bundled YAML fact files."""
    (data / "facts").mkdir(parents=True)
    for name in ("authorities.csv", "aliases.yaml", "sources.yaml"):
        if (DATA_DIR / name).exists():
            shutil.copy(DATA_DIR / name, data / name)
    for f in _plain_yaml():
        shutil.copy(f, data / "facts" / f.name)
    return data


def _compare(data: Path) -> dict[str, int]:
    """Every table of both paths, row by row (as sorted multisets); returns the row counts."""
    from graph.bulk import load_tables
    from graph.embedded import _arrow_table
    from graph.schema import NODES, RELS, rows
    from loaders.curated import load_curated

    kb, problems = load_curated(data)
    assert not problems, problems[:3]
    expected = rows(kb)
    got = load_tables(data)
    assert got is not None
    counts = {}
    for label, cols in NODES.items():
        want = _canon(_arrow_table(cols, expected.nodes[label])) if len(expected.nodes[label]) else []
        have = _canon(got.nodes[label]) if label in got.nodes else []
        assert have == want, f"{label}: {len(have)} rows vs {len(want)}; first difference: " \
            f"{next((a, b) for a, b in zip(have + [''] * len(want), want + [''] * len(have)) if a != b)}"
        counts[label] = len(want)
    for key, table in expected.rels.items():
        want = _canon(_arrow_table(RELS[key[0]][1], table, ends=True))
        have = _canon(got.rels[key]) if key in got.rels else []
        assert have == want, f"{key}: {len(have)} rows vs {len(want)}"
        counts["/".join(key)] = len(want)
    assert set(got.rels) <= set(expected.rels) | {k for k, t in got.rels.items() if t.num_rows == 0}
    return counts


def _odd_facts() -> list[dict[str, Any]]:
    """Lines that exercise what the synthetic generator does not: aliases, sightings, says, several citations,
    inspectors, sub-judgements, explicit ids, non-ASCII names, starts known only from sightings."""
    cite = {"source": "syn-E06000001", "at": [[5, 40], [60, 80]]}
    return [
        {"kind": "tenure", "person": "Zoë  Ñandú", "aliases": ["Zoe Nandu", "Dr Z. Nandu"], "role": "chief_executive",
         "authority": "Blackpool", "start": "2001", "cites": [cite]},
        {"kind": "tenure", "person": "Ann Other", "role": "chief_executive", "authority": "Blackpool Council",
         "cites": [{"source": "syn-E06000001", "at": [[1, 2]], "as_of": "2004-05"},
                   {"source": "syn-E06000001", "at": [[3, 4]], "as_of": "2003"}]},
        {"kind": "tenure", "person": "Zoe Nandu", "role": "director_of_childrens_services", "authority": "E06000009",
         "start": "1999-02-28", "end": "2000", "interim": True, "id": "tenure:explicit-1",
         "cites": [{"source": "syn-E06000001", "at": [[1, 9]],
                    "says": {"start": "1999-02-28", "end": "2000"}, "note": "a note"}]},
        {"kind": "tenure", "person": "Pat Commish", "role": "commissioner", "title": "Children's commissioner",
         "authority": "York", "start": "1998-07", "cites": [cite]},
        {"kind": "judgement", "authority": "Blackpool", "type": "sif", "inspection_start": "1999-03-02",
         "inspection_end": "1999-03-20", "published": "1999-05", "overall": "inadequate",
         "help_and_protection": "inadequate", "leadership": "requires_improvement", "inspectors": ["Ivy Inspector"],
         "cites": [{"source": "syn-E06000001", "at": [[0, 3]],
                    "says": {"overall": "inadequate", "published": "1999-05"}}, cite]},
        {"kind": "judgement", "authority": "Blackpool", "type": "monitoring_visit", "published": "1999-08",
         "cites": [cite]},
        # a person of the bundled YAML facts, met again with another alias: the YAML aliases come first
        {"kind": "tenure", "person": PERSON_WITH_ALIAS, "aliases": ["V. Gent", "Vicky Gent"], "role": "other",
         "title": "Adviser", "authority": "York", "start": "1990", "cites": [cite]},
    ]


def _loosen(i: int, fact: dict[str, Any]) -> dict[str, Any]:
    """Some generated tenures open-ended, some known only by a sighting: bounds for the rules to infer
    (next holders' evidence, and the same person's moves between authorities). Only a person's one stint
    in a post is loosened: two with open dates would be one tenure to the row loader."""
    if fact["kind"] != "tenure":
        return fact
    if i % 5 == 0:
        fact["end"] = None
    elif i % 7 == 3 and fact["end"]:  # seen in post in its last month
        del fact["start"]
        fact["cites"] = [{**fact["cites"][0], "as_of": fact["end"]}]
    return fact


@pytest.fixture(scope="module")
def mixed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Synthetic JSONL facts beside the bundled YAML facts and sources."""
    from synth import generate

    data = tmp_path_factory.mktemp("bulk") / "data"
    generate(40, data, per_file=15)
    sources = (data / "sources.yaml").read_text(encoding="utf-8")
    (data / "sources.yaml").write_text(sources + (DATA_DIR / "sources.yaml").read_text(encoding="utf-8"),
                                       encoding="utf-8")
    from loaders.curated import load_curated

    plain = _plain_data(tmp_path_factory.mktemp("plain") / "data")
    bundled, problems = load_curated(plain)
    assert not problems, problems[:3]
    taken = {t.authority_id for t in bundled.tenures} | {j.authority_id for j in bundled.judgements}
    for f in _plain_yaml():
        shutil.copy(f, data / "facts" / f.name)
    files = {f: [json.loads(x) for x in f.read_text(encoding="utf-8").splitlines()]
             for f in (data / "facts").glob("synth-*.jsonl")}
    posts = Counter((x.get("person"), x["authority"], x.get("role")) for lines in files.values() for x in lines)
    for f, lines in files.items():  # the bundled facts' authorities keep their own history
        lines = [_loosen(i, x) if posts[(x.get("person"), x["authority"], x.get("role"))] == 1 else x
                 for i, x in enumerate(lines)]
        f.write_text("\n".join(json.dumps(x) for x in lines if x["authority"] not in taken) + "\n", encoding="utf-8")
    (data / "facts" / "odd.jsonl").write_text("\n".join(json.dumps(x, ensure_ascii=False) for x in _odd_facts())
                                              + "\n\n", encoding="utf-8")
    # clean, but only the row loader reads it: a single [start, end] pair, and a number as a title
    (data / "facts" / "refused.jsonl").write_text(json.dumps(
        {"kind": "tenure", "person": "Row Loader", "role": "other", "title": 42, "authority": "York",
         "start": "2010", "cites": [{"source": "syn-E06000001", "at": [3, 9]}]}) + "\n", encoding="utf-8")
    return data


def test_bulk_tables_equal_row_loader_on_generated_and_bundled_data(mixed: Path) -> None:
    from loaders.columnar import read_columnar
    from loaders.register import load_register

    register = load_register(mixed)
    sources = {"syn-E06000001"}
    assert read_columnar(mixed / "facts" / "odd.jsonl", register, sources) is not None  # the columnar path
    assert read_columnar(mixed / "facts" / "refused.jsonl", register, sources) is None  # the row loader's
    counts = _compare(mixed)
    assert counts["HELD/Person/Post"] > 1000 and counts["Judgement"] > 200
    from loaders.curated import load_curated

    kb, _ = load_curated(mixed)  # the generated movers exercise careers.bound_by_moves, not just infer_bounds
    notes = [n for t in kb.tenures for n in (t.start_note, t.end_note) if n]
    assert sum("the same person" in n for n in notes) >= 10 and sum("next holder" in n for n in notes) >= 20
    assert any("earlier holder" in n for n in notes) and any("last placed at" in n for n in notes)
    assert counts["COMMISSIONER_FOR/Person/Authority"] >= 1 and counts["INSPECTED/Person/Judgement"] >= 1


def test_bulk_tables_equal_row_loader_on_plain_bundled_data(tmp_path: Path) -> None:
    data = _plain_data(tmp_path / "data")
    assert len(list((data / "facts").glob("*.yaml"))) >= 4
    counts = _compare(data)
    assert counts["HELD/Person/Post"] > 20 and counts["Judgement"] > 10


def test_bulk_merges_a_yaml_facts_citations_of_one_page_like_the_row_loader(tmp_path: Path) -> None:
    data = _plain_data(tmp_path / "data")
    sid = _a_source(data)
    (data / "facts" / "zz-locators.yaml").write_text(
        "tenures:\n  - person: Lou Cator\n    role: chief_executive\n    authority: York\n    start: '1991'\n"
        f"    cites:\n      - {{source: {sid}, locator: paragraph 4, as_of: '1992'}}\n"
        f"      - {{source: {sid}, locator: paragraph 9, note: a note}}\n", encoding="utf-8")
    _compare(data)
    from loaders.curated import load_curated

    kb, _ = load_curated(data)
    assert [c.locator for t in kb.tenures if t.person_id == "person:lou-cator" for c in t.cites] == \
        ["paragraph 4; paragraph 9"]


def test_bulk_falls_back_on_the_bundled_data() -> None:
    from graph.bulk import load_tables

    assert list(DATA_DIR.glob("sources-*.jsonl"))  # the bundled data has generated sources: the row loader's
    assert load_tables(DATA_DIR) is None


def _a_source(data: Path) -> str:
    from loaders.curated import load_curated

    kb, _ = load_curated(data)
    return next(iter(kb.sources))


def _jsonl(person: str, **extra: Any) -> dict[str, Any]:
    return {"kind": "tenure", "person": person, "role": "director_of_childrens_services", "authority": "York",
            "start": "1991", "end": "1993", **extra}


FALLBACKS: dict[str, Any] = {
    "generated_sources": lambda data, sid: [shutil.copy(f, data / f.name) for f in DATA_DIR.glob("sources-*.jsonl")],
    "seats": lambda data, sid: (data / "facts" / "zz.yaml").write_text(
        "seats:\n  - authority: York\n    role: director_of_childrens_services\n    since: '1990'\n"
        f"    as_of: '1991'\n    cites: [{{source: {sid}, at: [[0, 5]]}}]\n", encoding="utf-8"),
    "searched": lambda data, sid: (data / "facts" / "zz.yaml").write_text(
        "searched:\n  - authority: York\n    role: chief_executive\n    published: '2020'\n"
        "    queries: [york chief executive 2019]\n", encoding="utf-8"),
    "own_sources": lambda data, sid: (data / "facts" / "zz.yaml").write_text(
        "sources:\n  - id: zz-own\n    title: A page of its own\ntenures:\n  - person: Own Source\n"
        "    role: other\n    title: Adviser\n    authority: York\n    cites: [{source: zz-own, at: [[0, 5]]}]\n",
        encoding="utf-8"),
    "official_origin": lambda data, sid: (data / "facts" / "zz.jsonl").write_text(json.dumps(
        {"kind": "judgement", "origin": "official", "authority": "York", "type": "sif", "published": "1990-05",
         "overall": "good", "cites": [{"source": sid, "at": [[0, 5]]}]}) + "\n", encoding="utf-8"),
    "same_tenure_twice": lambda data, sid: (data / "facts" / "zz.jsonl").write_text("".join(json.dumps(
        _jsonl("Two Entries", start=s, cites=[{"source": sid, "at": [[0, n]]}])) + "\n"
        for s, n in (("1991", 5), ("1991-03", 6))), encoding="utf-8"),
    "same_citation_twice": lambda data, sid: (data / "facts" / "zz.jsonl").write_text(json.dumps(
        _jsonl("Cited Twice", cites=[{"source": sid, "at": [[0, 5]], "as_of": "1992"},
                                     {"source": sid, "at": [[0, 5]], "note": "again"}])) + "\n", encoding="utf-8"),
    "sighting_before_start": lambda data, sid: (data / "facts" / "zz.jsonl").write_text(json.dumps(
        _jsonl("Seen Early", cites=[{"source": sid, "at": [[0, 5]], "as_of": "1989"}])) + "\n", encoding="utf-8"),
}


@pytest.mark.parametrize("feature", sorted(FALLBACKS))
def test_bulk_falls_back_for_what_only_the_row_loader_does(feature: str, tmp_path: Path) -> None:
    from graph.bulk import load_tables
    from loaders.curated import load_curated

    data = _plain_data(tmp_path / "data")
    assert load_tables(data) is not None
    FALLBACKS[feature](data, _a_source(data))
    kb, problems = load_curated(data)
    if feature == "sighting_before_start":
        assert any("is before the stated start" in str(p) for p in problems), problems
    else:
        assert not problems, problems[:3]
    assert load_tables(data) is None, feature


def test_columnar_reader_refuses_what_only_the_row_loader_can_report(tmp_path: Path) -> None:
    from loaders.columnar import read_columnar
    from loaders.register import load_register

    register = load_register()
    good = {"kind": "tenure", "person": "A B", "role": "chief_executive", "authority": "York", "start": "2001",
            "cites": [{"source": "s", "at": [[0, 1]]}]}
    line = json.dumps(good)
    cases = {
        "dup": line[:-1] + ', "start": "2002"}',
        "null_foreign_key": line[:-1] + ', "overall": null}',
        "null_interim": line[:-1] + ', "interim": null}',
        "two_objects": line + " " + line,
        "bad_date": line.replace('"2001"', '"2001-02-30"'),
        "end_first": line[:-1] + ', "end": "2000"}',
        "unknown_role": line.replace("chief_executive", "chief_exec"),
        "unknown_source": line.replace('"s"', '"nope"'),
        "bad_span": line.replace("[[0, 1]]", "[[2, 1]]"),
        "no_cites": line.replace('[{"source": "s", "at": [[0, 1]]}]', "[]"),
        "unknown_authority": line.replace("York", "Atlantis"),
        "long": line.replace('"A B"', json.dumps("x" * 501)),
        "bool_text": line.replace('"A B"', "true"),
        "says_null": line.replace('"at": [[0, 1]]', '"at": [[0, 1]], "says": {"start": null}'),
        "lone_cr": line + "\r" + line,
        "empty_person": line.replace('"A B"', '""'),
        "space_person": line.replace('"A B"', '"   "'),
        "empty_role": line.replace('"chief_executive"', '" "'),
        "null_far_key": line[:-1] + ', "note": "x: null"}',
        "bad_month": line.replace('"2001"', '"2001-13"'),
        "bad_as_of": line.replace('"at": [[0, 1]]', '"at": [[0, 1]], "as_of": "20x1"'),
        "empty_sub": json.dumps({"kind": "judgement", "authority": "York", "type": "sif", "published": "2001",
                                 "leadership": "", "cites": [{"source": "s", "at": [[0, 1]]}]}),
        "unknown_sub": json.dumps({"kind": "judgement", "authority": "York", "type": "sif", "published": "2001",
                                   "leadership": "great", "cites": [{"source": "s", "at": [[0, 1]]}]}),
        "tenure_with_type": line[:-1] + ', "type": "sif"}',
    }
    path = tmp_path / "f.jsonl"
    path.write_text(line + "\n", encoding="utf-8")
    assert read_columnar(path, register, {"s"}) is not None
    # blank and all-space lines, CRLF endings, padded text and explicit nulls of the fact's own keys are clean
    path.write_text(" \t\n" + line + "\r\n\n  \n" + line.replace('"A B"', '"  A B "')[:-1] + ', "end": null}\n',
                    encoding="utf-8")
    cols = read_columnar(path, register, {"s"})
    assert cols is not None and cols.tenures["line"].to_pylist() == [2, 5]
    assert cols.tenures["person"].to_pylist() == ["A B", "A B"]
    for name, text in cases.items():
        path.write_text(line + "\n" + text + "\n", encoding="utf-8")
        assert read_columnar(path, register, {"s"}) is None, name


def test_bulk_falls_back_on_a_duplicate_fact_id(tmp_path: Path) -> None:
    from graph.bulk import load_tables
    from loaders.curated import load_curated

    data = _plain_data(tmp_path / "data")
    sid = _a_source(data)
    for name, person in (("a.jsonl", "One Id"), ("b.jsonl", "Same Id")):
        (data / "facts" / name).write_text(json.dumps(_jsonl(person, id="tenure:twice", cites=[
            {"source": sid, "at": [[0, 5]]}])) + "\n", encoding="utf-8")
    _, problems = load_curated(data)
    assert any("tenure:twice" in str(p) for p in problems), problems
    assert load_tables(data) is None


def test_build_with_a_bad_jsonl_line_reports_file_and_line(mixed: Path, tmp_path: Path) -> None:
    from graph.pipeline import build

    data = tmp_path / "data"
    shutil.copytree(mixed, data)
    target = sorted((data / "facts").glob("synth-*.jsonl"))[1]
    lines = target.read_text(encoding="utf-8").splitlines()
    lines[6] = lines[6].replace('"role": "', '"role": "x', 1)
    lines[9] = lines[9][:-1] + ', "role": "other"}'
    target.write_text("\n".join(lines) + "\n", encoding="utf-8")
    report = build(data, tmp_path / "db")
    messages = [str(p) for p in report.problems]
    assert any(m.startswith(f"{target.name}:7:") or f"/{target.name}:7:" in m for m in messages), messages
    assert any(":10:" in m and "duplicate key" in m for m in messages), messages
    assert not (tmp_path / "db" / "current").exists()


def test_bulk_build_answers_lookups_by_key(mixed: Path, tmp_path: Path) -> None:
    from graph.pipeline import build
    from queries import Reader
    from queries.who_led import who_led

    report = build(mixed, tmp_path / "db")
    assert not report.problems and {"parse", "validate", "rows", "parquet", "copy"} <= set(report.phases)
    with Reader(tmp_path / "db") as reader:
        assert reader.person("zoe nandu")["name"] == "Zoë  Ñandú"
        assert reader.person("Dr Z. Nandu")["id"] == reader.person("Zoë Ñandú")["id"]
        assert reader.authority("blackpool council").id == "E06000009"
        assert reader.authority("E06000009").name == "Blackpool"
        answer = who_led(reader, "Blackpool", "inadequate", role="any")
        held = {h["person"] for r in answer["results"] for h in r["holders"]}
        assert "Zoë  Ñandú" in held


def test_spans_past_the_end_of_a_source_send_the_build_to_the_row_loader(mixed: Path, tmp_path: Path) -> None:
    from graph.bulk import load_tables
    from graph.pipeline import default_sources
    from loaders.curated import load_curated

    texts = default_sources()
    assert texts is not None
    bundled, _ = load_curated(DATA_DIR)
    sid = next(s.id for s in bundled.sources.values() if s.file and (texts / s.file).is_file())
    assert load_tables(mixed, texts) is not None  # the bundled spans all fall inside their texts
    data = tmp_path / "data"
    shutil.copytree(mixed, data)
    (data / "facts" / "zz-long.jsonl").write_text(json.dumps(
        {"kind": "tenure", "person": "Far Span", "role": "other", "authority": "York", "start": "2011",
         "cites": [{"source": sid, "at": [[0, 10**7]]}]}) + "\n", encoding="utf-8")
    assert load_tables(data, texts) is None
    _, problems = load_curated(data, texts)
    assert any("zz-long.jsonl:1:" in str(p) and "past the end" in str(p) for p in problems), problems


def test_plain_sources_reader_gives_what_load_yaml_gives(tmp_path: Path) -> None:
    from synth import generate

    from loaders.yamlfast import read_plain_list
    from loaders.yamlsrc import load_yaml

    generate(30, tmp_path / "gen")
    for path in (DATA_DIR / "sources.yaml", tmp_path / "gen" / "sources.yaml"):
        fast, (slow, problems) = read_plain_list(path), load_yaml(path)
        assert fast is not None and not problems and fast == slow
        assert [(d.line, d.key_lines) for d in fast] == [(d.line, d.key_lines) for d in slow]
    plain = '- id: a-1\n  title: "A \\u00e9 title: with # and &"\n  url: null\n\n# note\n- id: b\n  publisher: Some\n'
    path = tmp_path / "s.yaml"
    path.write_text(plain.replace("\\u00e9", "\u00e9"), encoding="utf-8")
    fast, (slow, _) = read_plain_list(path), load_yaml(path)
    assert fast == slow == [{"id": "a-1", "title": "A \u00e9 title: with # and &", "url": None},
                            {"id": "b", "publisher": "Some"}]
    assert [d.key_lines for d in fast] == [d.key_lines for d in slow]
    # anything else is load_yaml's to read (and to word, when it is a problem)
    others = ["- id: 'single'\n", "- id: a\n  published: 2020\n", "- id: a\n  id: b\n", "- id: a  # c\n",
              "- id: a\n  on: x\n", "\ufeff- id: a\n", "- id: a\r\n", "- id: yes\n", "- id: a\n   title: x\n",
              "id: a\n", "- id: a\n  title: \"x\\\"y\"\n", "- id: a\n  note: \"" + "*b " * 60 + "\"\n"]
    for text in others:
        path.write_text(text, encoding="utf-8")
        assert read_plain_list(path) is None, text


def test_bulk_falls_back_on_a_bad_plain_sources_file(tmp_path: Path) -> None:
    from graph.bulk import load_tables
    from loaders.curated import load_curated

    data = _plain_data(tmp_path / "data")
    text = (data / "sources.yaml").read_text(encoding="utf-8")
    (data / "sources.yaml").write_text(text + '- id: extra\n  colour: "red"\n', encoding="utf-8")
    _, problems = load_curated(data)
    assert any("sources.yaml" in str(p) and "colour" in str(p) for p in problems), problems
    assert load_tables(data) is None


def test_register_keys_of_derived_council_names_are_those_of_the_names() -> None:
    from graph.model import Authority
    from loaders.register import _derived_keys, derived_aliases, name_keys

    names = ["York", "City of London", "St. Helens", "Kingston upon Hull, City of", "Bristol & Bath ", "O'Neill's",
             "Zoë’s Borough", " -Odd- ", "", "Σ", "İstanbul", "The County of X", "a\tb\u00a0c"]
    for name in names:
        for council in (True, False):
            a = Authority(id="x", name=name, kind="unitary")
            a.aliases = (derived_aliases(name) if council else []) + ["Extra Name"]
            assert _derived_keys(name, council, ["Extra Name"]) == name_keys(a), name
