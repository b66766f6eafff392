"""The bundled data validates; broken copies are reported with file and line."""

import re
from pathlib import Path

import yaml

from graph.model import DATA_DIR, ORIGIN_OFFICIAL
from loaders.curated import load_curated


def test_bundled_data_is_valid(shared):
    kb, problems = load_curated(DATA_DIR, shared)
    assert problems == []
    assert len(kb.tenures) >= 40 and len(kb.judgements) >= 20
    assert all(f.cites for f in kb.facts())


def test_every_span_points_into_its_source(shared):
    kb, _ = load_curated(DATA_DIR, shared)
    for f in kb.facts():
        for c in f.cites:
            if not c.spans:  # a table (statistics release, register) or a web page with no archived text
                src = kb.sources[c.source_id]
                assert (c.locator or not src.file or f.origin == ORIGIN_OFFICIAL) and src.url, (f.id, c.source_id)
                continue
            text = (shared / kb.sources[c.source_id].file).read_text(encoding="utf-8")
            for s, e in c.spans:
                assert 0 <= s < e <= len(text), (f.id, c.source_id)
                assert text[s:e].strip(), (f.id, c.source_id)


def test_spans_sit_next_to_the_person(shared):
    """Every tenure citation points at a passage that names its person (within a paragraph).

    Ofsted's statements of time in post name nobody: their spans must hold the
    role and the words "in post" or "appointed" instead. Citations of pages with
    no archived text carry a locator, not a span.
    """
    kb, _ = load_curated(DATA_DIR, shared)
    for t in kb.tenures:
        person = kb.people[t.person_id]
        names = [person.name.split()[-1], person.name[:3], *person.aliases]
        for c in t.cites:
            if not c.spans:
                assert c.locator, (t.id, c.source_id)
                continue
            text = (shared / kb.sources[c.source_id].file).read_text(encoding="utf-8")
            s, e = c.spans[0]
            if c.source_id.startswith("ofsted-report:"):
                said = re.sub(r"\s+", " ", text[s:e]).lower()
                assert re.search(r"director of children.s services|dcs|chief executive", said), (t.id, said)
                assert "in post" in said or "appointed" in said, (t.id, said)
                continue
            near = text[max(0, s - 600):e + 300]
            assert any(n in near for n in names), (t.id, c.source_id)


def _ours(value: object) -> list[str]:
    """Every string in a data file but titles (DESIGN: kept as written) and addresses (locators)."""
    if isinstance(value, dict):
        return [s for k, v in value.items() if k not in ("title", "url", "file") for s in _ours(v)]
    if isinstance(value, list):
        return [s for v in value for s in _ours(v)]
    return [str(value)] if isinstance(value, str) else []


def test_no_article_sentences_copied_into_data(shared):
    """Data files hold locators and our own notes, never a run of 9 words from any text in ../shared."""
    grams: dict[tuple[str, ...], str] = {}
    for path in [*DATA_DIR.glob("facts/*.yaml"), DATA_DIR / "aliases.yaml", DATA_DIR / "sources.yaml"]:
        for text in _ours(yaml.safe_load(path.read_text(encoding="utf-8"))):
            words = re.findall(r"\w+", text.lower())
            for i in range(len(words) - 8):
                grams[tuple(words[i:i + 9])] = path.name
    texts = [p for p in shared.rglob("*") if p.suffix in (".txt", ".md") and p.is_file()]
    assert len(texts) > 500  # seeds, both corpora and the Ofsted report texts
    for p in texts:
        words = re.findall(r"\w+", p.read_text(encoding="utf-8", errors="replace").lower())
        copied = [" ".join(words[i:i + 9]) for i in range(len(words) - 8) if tuple(words[i:i + 9]) in grams]
        assert not copied, (p.name, copied[:3])


def _break(data: Path, file: str, old: str, new: str) -> None:
    p = data / "facts" / file
    text = p.read_text(encoding="utf-8")
    assert old in text
    p.write_text(text.replace(old, new, 1), encoding="utf-8")


def _line_of(data: Path, file: str, needle: str) -> int:
    for i, line in enumerate((data / "facts" / file).read_text(encoding="utf-8").splitlines(), 1):
        if needle in line:
            return i
    raise AssertionError(needle)


def test_unknown_role_names_file_and_line(data_copy):
    _break(data_copy, "york.yaml", 'role: "chief_executive"', 'role: "chief_exec"')
    line = _line_of(data_copy, "york.yaml", "chief_exec")
    _, problems = load_curated(data_copy)
    assert any(p.file.endswith("york.yaml") and p.line == line and "unknown role 'chief_exec'" in p.message
               for p in problems), problems


def test_all_errors_in_one_run_and_good_facts_kept(data_copy):
    _break(data_copy, "york.yaml", 'role: "chief_executive"', 'role: "chief_exec"')
    _break(data_copy, "essex.yaml", 'overall: "good"', 'overall: "great"')
    _break(data_copy, "lancashire.yaml", 'end: "2018"', 'end: "2010"')
    kb, problems = load_curated(data_copy)
    files = {Path(p.file).name for p in problems}
    assert {"york.yaml", "essex.yaml", "lancashire.yaml"} <= files
    assert any("before `start`" in p.message or "before" in p.message for p in problems)
    good, _ = load_curated(DATA_DIR)
    # the two broken tenures are gone; the broken Essex judgement is gone as a curated fact, so the
    # official inspection it would have merged into is still there, without that article's citation
    assert len(kb.tenures) == len(good.tenures) - 2 and len(kb.relations) == len(good.relations)
    assert len(kb.judgements) == len(good.judgements)
    essex = {j.id: j for j in kb.judgements if j.authority_id == "E10000012"}
    good_essex = {j.id: j for j in good.judgements if j.authority_id == "E10000012"}
    lost = [i for i in good_essex if {c.source_id for c in good_essex[i].cites} - {c.source_id for c in essex[i].cites}]
    assert len(lost) == 1 and good_essex[lost[0]].overall == "good"


def test_fact_without_source_is_refused(data_copy):
    p = data_copy / "facts" / "extra.yaml"
    p.write_text("tenures:\n- person: A Person\n  role: other\n  title: x\n  authority: York\n  cites: []\n")
    _, problems = load_curated(data_copy)
    assert [(pr.line, "source" in pr.message) for pr in problems if pr.file.endswith("extra.yaml")] == [(2, True)]


def test_unknown_source_and_bad_span(data_copy):
    p = data_copy / "facts" / "extra.yaml"
    p.write_text("tenures:\n- person: A Person\n  role: other\n  title: x\n  authority: York\n  cites:\n"
                 "  - {source: nowhere, at: [[1, 5]]}\n  - {source: 01_booth-appointed-blackpool-dcs, at: [[9, 3]]}\n")
    _, problems = load_curated(data_copy)
    msgs = [(pr.line, pr.message) for pr in problems if pr.file.endswith("extra.yaml")]
    assert any(line == 7 and "unknown source" in m for line, m in msgs)
    assert any(line == 8 and "`at`" in m for line, m in msgs)


def test_malformed_yaml_and_duplicate_keys(data_copy):
    (data_copy / "facts" / "bad.yaml").write_text("tenures:\n- person: [unclosed\n")
    (data_copy / "facts" / "dup.yaml").write_text("tenures:\n- person: A\n  person: B\n")
    _, problems = load_curated(data_copy)
    assert any(p.file.endswith("bad.yaml") and "malformed YAML" in p.message for p in problems)
    assert any(p.file.endswith("dup.yaml") and p.line == 3 and "duplicate key" in p.message for p in problems)


def test_two_certain_holders_of_one_seat(data_copy):
    (data_copy / "facts" / "clash.yaml").write_text(
        "tenures:\n- person: Someone Else\n  role: director_of_childrens_services\n  title: DCS\n"
        "  authority: Blackpool\n  start: '2018-01'\n  end: '2018-06'\n"
        "  cites:\n  - {source: 01_booth-appointed-blackpool-dcs, at: [[0, 10]]}\n")
    _, problems = load_curated(data_copy)
    assert any("single-holder post" in p.message and p.file.endswith(".yaml") for p in problems), problems


def test_duplicate_fact_ids(data_copy):
    text = (data_copy / "facts" / "york.yaml").read_text(encoding="utf-8")
    (data_copy / "facts" / "york2.yaml").write_text(text, encoding="utf-8")
    _, problems = load_curated(data_copy)
    assert any("duplicate fact id" in p.message for p in problems)


def test_yaml_alias_bomb_is_refused(data_copy):
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{c}: &{c} [{', '.join(['*' + p] * 9)}]\n" for p, c in zip("abcdefgh", "bcdefghi"))
    (data_copy / "facts" / "bomb.yaml").write_text(bomb)
    _, problems = load_curated(data_copy)
    assert any(p.file.endswith("bomb.yaml") and "aliases" in p.message for p in problems)


def test_inferred_end_is_marked(shared):
    kb, _ = load_curated(DATA_DIR, shared)
    booth = next(t for t in kb.tenures if t.person_id == "person:diane-booth" and t.authority_id == "E06000009")
    assert booth.end_inferred and str(booth.end) == "2021-03"  # Victoria Gent's start
    assert yaml.safe_load("x: 1")  # yaml importable for the loader
