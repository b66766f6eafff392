"""Reading article files safely: bounded size, capped YAML, per-file date warnings, unique source ids, linear time."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from loaders.articles import Extractor, extract_files, read_article
from loaders.articles.reading import input_files


def test_a_device_is_refused_without_reading_it_all():
    zero = Path("/dev/zero")
    if not zero.exists():
        pytest.skip("no /dev/zero on this system")
    import resource

    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    t0 = time.perf_counter()
    out = extract_files([zero])
    assert time.perf_counter() - t0 < 5
    assert any("/dev/zero" in e and "larger than" in e for e in out["errors"]) and not out["facts"]
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before < 200_000  # KiB: nothing like GBs read


def test_cli_extract_dev_zero_is_a_message(tmp_path):
    from typer.testing import CliRunner

    from cli import app

    res = CliRunner().invoke(app, ["extract", "/dev/zero"])
    assert res.exit_code == 1 and "larger than" in res.output and "Traceback" not in res.output


def test_front_matter_alias_bomb_is_refused_quickly(tmp_path):
    lines = ['a: &a ["x","x","x","x","x","x","x","x","x"]']
    for i in range(1, 10):
        prev = chr(ord("a") + i - 1)
        cur = chr(ord("a") + i)
        lines.append(f"{cur}: &{cur} [{','.join('*' + prev for _ in range(9))}]")
    p = tmp_path / "bomb.md"
    p.write_text("---\n" + "\n".join(lines) + "\n---\nBlackpool Council appointed Jo Bloggs as director of "
                 "children's services.\n", encoding="utf-8")
    t0 = time.perf_counter()
    art = read_article(p)
    assert time.perf_counter() - t0 < 2
    assert any("bomb.md" in w and "aliases" in w for w in art.warnings)
    assert "Jo Bloggs" in art.text[art.body_start:]


def test_impossible_front_matter_date_is_a_warning_naming_the_file(tmp_path):
    bad = tmp_path / "bad.md"
    bad.write_text("---\ntitle: t\npublished: 2019-02-30\n---\nBlackpool Council appointed Jo Bloggs as its "
                   "director of children's services.\n", encoding="utf-8")
    good = tmp_path / "good.md"
    good.write_text("---\ntitle: t\npublished: 2019-02-28\n---\nYork Council appointed Ann Lee as its "
                    "director of children's services.\n", encoding="utf-8")
    out = extract_files([tmp_path])
    assert not out["errors"]
    assert any(w.startswith("bad.md") and "2019-02-30" in w for w in out["warnings"])
    assert {f["person"] for f in out["facts"] if f["kind"] == "tenure"} == {"Jo Bloggs", "Ann Lee"}


def test_build_with_an_impossible_date_names_the_file(tmp_path):
    from graph.model import DATA_DIR
    from graph.pipeline import load_all

    arts = tmp_path / "arts"
    arts.mkdir()
    (arts / "bad.md").write_text("---\npublished: 2019-02-30\n---\nBlackpool Council appointed Jo Bloggs as its "
                                 "director of children's services.\n", encoding="utf-8")
    kb, problems, notes = load_all(DATA_DIR, [arts])
    assert not problems and any(t.file == "bad.md" for t in kb.tenures)


def test_same_stem_files_get_distinct_labels_and_sources(tmp_path):
    from graph.model import DATA_DIR
    from graph.pipeline import load_all

    arts = tmp_path / "arts"
    for sub, person in (("a", "Jo Bloggs"), ("b", "Ann Lee")):
        (arts / sub).mkdir(parents=True)
        (arts / sub / "story.md").write_text(f"---\ntitle: {sub}\npublished: 2019-02-01\n---\nBlackpool Council "
                                             f"appointed {person} as its director of children's services.\n")
    (arts / "story.txt").write_text("York Council appointed Sam Patel as its director of children's services.\n")
    # a file named like a curated source id must not replace that source
    kb0, _, _ = load_all(DATA_DIR)
    curated_id, curated = next(iter(kb0.sources.items()))
    (arts / f"{curated_id}.md").write_text("Leeds City Council appointed Kim Wu as its director of children's "
                                           "services.\n")
    labels = [label for _, label in input_files([arts])]
    assert len(set(labels)) == len(labels) and {"a/story.md", "b/story.md", "story.txt"} <= set(labels)
    kb, problems, _ = load_all(DATA_DIR, [arts])
    assert not problems
    assert kb.sources[curated_id] == curated
    texts = {}
    for t in kb.tenures:
        if t.origin == "extracted":
            for c in t.cites:
                src = kb.sources[c.source_id]
                text = (arts / src.file).read_text(encoding="utf-8")
                assert c.char_end <= len(text)
                texts[kb.people[t.person_id].name] = (src.id, text[c.char_start:c.char_end])
    assert {n for n in texts} >= {"Jo Bloggs", "Ann Lee", "Sam Patel", "Kim Wu"}
    assert len({sid for sid, _ in texts.values()}) == len(texts)
    assert all(name in span for name, (_, span) in texts.items())


def test_two_files_named_alike_given_directly_stay_apart(tmp_path):
    for sub in ("x", "y"):
        (tmp_path / sub).mkdir()
        (tmp_path / sub / "story.md").write_text("Text.\n")
    labels = [label for _, label in input_files([tmp_path / "x" / "story.md", tmp_path / "y" / "story.md"])]
    assert labels == ["story.md", "y/story.md"]


ADVERSARIAL = {
    "short sentences on one line": "a. B ",
    "one sentence repeated": "Blackpool Council appointed Diane Booth as director of children's services in April 2017. ",
    "repeated years": "Ofsted rated Blackpool inadequate in 2018 and good in 2019, ",
    "names and surnames": "Ann Lee said. Lee added. ",
}


@pytest.mark.parametrize("kind", list(ADVERSARIAL))
def test_extraction_time_is_linear_in_the_text(tmp_path, kind):
    """Doubling a 200 KB adversarial text at most about doubles the time (ratio with slack for a busy machine)."""
    ex = Extractor()
    unit = ADVERSARIAL[kind]

    def timed(size: int) -> float:
        p = tmp_path / f"{size}.md"
        p.write_text((unit * (size // len(unit) + 1))[:size], encoding="utf-8")
        best = float("inf")
        for _ in range(2):
            t0 = time.process_time()
            extract_files([p], ex)
            best = min(best, time.process_time() - t0)
        return best

    small, large = timed(200_000), timed(400_000)
    assert large / small <= 3.0, (small, large)


def test_many_files_read_in_workers_give_what_one_process_gives(tmp_path, shared, monkeypatch):
    """Enough files for worker processes: the same facts, errors, warnings and articles, in the same order."""
    from loaders.articles import extract as ex_mod

    sources = sorted((shared / "corpus").glob("*.md")) + sorted((shared / "corpus2").glob("[0-9]*.md"))
    paths = []
    for i in range(ex_mod.PARALLEL_MIN_FILES + 6):
        p = tmp_path / f"{i:03d}_{sources[i % len(sources)].name}"
        p.write_bytes(sources[i % len(sources)].read_bytes())
        paths.append(p)
    bad = tmp_path / "050_broken.md"
    bad.write_bytes(b"")  # a file the reader refuses (empty), among the others
    paths.append(bad)
    import multiprocessing

    contexts = []
    real = multiprocessing.get_context
    monkeypatch.setattr(multiprocessing, "get_context", lambda method=None: contexts.append(method) or real(method))
    monkeypatch.setenv("TENURE_WORKERS", "2")
    assert ex_mod._workers(len(paths)) == 2
    pooled = extract_files(paths)
    assert contexts == ["fork"]  # the workers were used
    monkeypatch.setenv("TENURE_WORKERS", "1")
    assert ex_mod._workers(len(paths)) == 1
    alone = extract_files(paths)
    assert pooled == alone
    assert len(pooled["articles"]) == len(paths) - 1 and any("050_broken.md" in e for e in pooled["errors"])
    assert {a["source"] for a in pooled["articles"]} == {p.name for p in paths if p != bad}


def test_few_files_are_read_in_this_process(monkeypatch):
    from loaders.articles import extract as ex_mod

    monkeypatch.delenv("TENURE_WORKERS", raising=False)
    assert ex_mod._workers(ex_mod.PARALLEL_MIN_FILES - 1) == 1
    assert ex_mod._workers(1) == 1
