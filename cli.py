"""The `tenure` command line: parse arguments, call one library function, print.

No query text or business logic lives here. Heavy modules are imported inside
commands so that `tenure --help` stays quick.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Any, Callable, Optional

import typer

app = typer.Typer(add_completion=False, no_args_is_help=True, rich_markup_mode=None, pretty_exceptions_enable=False,
                  help="tenure: who led English children's services, when, and what Ofsted said - with sources.")

JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON (a stable shape for scripts).")]
DbOpt = Annotated[Optional[Path], typer.Option("--db", help="Store directory (default: built from the bundled data/).")]
DataOpt = Annotated[Optional[Path], typer.Option("--data", help="Curated data directory (default: bundled data/).")]
SourcesOpt = Annotated[Optional[Path], typer.Option(
    "--sources", help="Folder with the archived source texts (default: $TENURE_SOURCES or ../shared).")]
ArticlesOpt = Annotated[Optional[list[Path]], typer.Option(
    "--articles", help="Folder (or file) of articles to extract facts from; repeatable.")]


def _fail(message: str, code: int = 2) -> None:
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(code)


def _emit(data: Any, as_json: bool, render: Callable[[Any], None]) -> None:
    if as_json:
        sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=False, default=str) + "\n")
    else:
        render(data)


def _console() -> Any:
    from rich.console import Console

    return Console(highlight=False, soft_wrap=False, width=None if sys.stdout.isatty() else 200)


def _table(title: str, columns: list[str], rows: list[list[Any]]) -> None:
    from rich.table import Table

    table = Table(title=title, title_justify="left", show_lines=False)
    for c in columns:
        table.add_column(c, overflow="fold")
    for r in rows:
        table.add_row(*["" if v is None else str(v) for v in r])
    _console().print(table)


def _sources_line(sources: list[dict[str, Any]]) -> str:
    return "; ".join(f"{s.get('publisher') or '?'} {s.get('published') or 'undated'} [{s['id']}]" for s in sources)


def _when(item: dict[str, Any]) -> str:
    start = item.get("start") or "?"
    end = item.get("end") or "open"
    if item.get("end_inferred"):
        end += " (inferred)"
    return f"{start} .. {end}"


def _reader(db: Optional[Path]) -> Any:
    from graph.pipeline import ensure_built
    from queries import Reader

    return Reader(ensure_built(db))


def _read(db: Optional[Path], fn: Callable[[Any], Any]) -> Any:
    """Open the store read-only, run one library function on it, turn user errors into messages."""
    def go() -> Any:
        with _reader(db) as reader:
            return fn(reader)

    return _guard(go)


def _guard(fn: Callable[[], Any]) -> Any:
    """Turn the errors a user can act on into a message and exit code 2."""
    from graph.embedded import StoreError
    from loaders.register import NameError_

    try:
        return fn()
    except (NameError_, StoreError, ValueError, LookupError) as exc:
        _fail(str(exc))
    except RuntimeError as exc:  # an engine error on a query we sent: say so plainly
        _fail(f"the store could not answer: {exc}")


# -- build and validate -------------------------------------------------------------


@app.command()
def build(data: DataOpt = None, articles: ArticlesOpt = None, db: DbOpt = None, sources: SourcesOpt = None,
          force: Annotated[bool, typer.Option("--force", help="Rebuild even if nothing changed.")] = False,
          as_json: JsonOpt = False) -> None:
    """Load and validate the facts (and articles), then write the store atomically; prints counts."""
    from graph.model import DATA_DIR
    from graph.pipeline import build as run_build, default_sources

    report = _guard(lambda: run_build(data or DATA_DIR, db, list(articles or []), force,
                                      sources or default_sources()))
    if report.problems:
        for p in report.problems:
            typer.echo(str(p), err=True)
        _fail(f"{len(report.problems)} problem(s); the store at {report.db} was not changed", 1)

    def render(r: dict[str, Any]) -> None:
        state = "unchanged (content hash matches)" if r["skipped"] else f"built in {r['seconds']:.2f} s"
        typer.echo(f"store {r['db']}: {state}")
        for note in r["article_problems"]:
            typer.echo(f"  article: {note}", err=True)
        _table("counts", ["table", "rows"], [[k, v] for k, v in sorted(r["counts"].items())])

    _emit(report.as_json(), as_json, render)


@app.command()
def validate(data: DataOpt = None, sources: SourcesOpt = None, as_json: JsonOpt = False) -> None:
    """Check the curated data: every problem with file and line; exit 1 if any."""
    from graph.model import DATA_DIR
    from graph.pipeline import default_sources
    from loaders.curated import load_curated

    kb, problems = load_curated(data or DATA_DIR, sources or default_sources())
    out = {"ok": not problems, "problems": [str(p) for p in problems],
           "counts": {"tenures": len(kb.tenures), "judgements": len(kb.judgements),
                      "relations": len(kb.relations), "people": len(kb.people), "sources": len(kb.sources)}}

    def render(r: dict[str, Any]) -> None:
        for p in r["problems"]:
            typer.echo(p, err=True)
        c = r["counts"]
        state = "ok" if r["ok"] else f"{len(r['problems'])} problem(s)"
        typer.echo(f"{state}: {c['tenures']} tenures, {c['judgements']} judgements, {c['relations']} relations, "
                   f"{c['people']} people, {c['sources']} sources")

    _emit(out, as_json, render)
    if problems:
        raise typer.Exit(1)


# -- lookups ----------------------------------------------------------------------


@app.command("who-led")
def who_led(authority: Annotated[str, typer.Argument(help="Authority name, e.g. Blackpool.")],
            rating: Annotated[Optional[str], typer.Option(help="Only judgements with this overall grade.")] = None,
            role: Annotated[str, typer.Option(help="Role from the vocabulary, or 'any'.")] = "director_of_childrens_services",
            at: Annotated[str, typer.Option(help="Date judgements by: inspection, published or in-force.")] = "inspection",
            db: DbOpt = None, as_json: JsonOpt = False) -> None:
    """Who held an authority's posts at each Ofsted judgement, with certainty and sources."""
    from queries.who_led import who_led as run

    out = _read(db, lambda reader: run(reader, authority, rating, role, at))

    def render(r: dict[str, Any]) -> None:
        typer.echo(f"{r['authority']} ({r['authority_id']}): role {r['role']}, judgements dated by {r['at']}")
        for res in r["results"]:
            j = res["judgement"]
            dates = f"inspected {j['inspection_start'] or '?'}..{j['inspection_end'] or '?'}, published {j['published'] or '?'}"
            typer.echo(f"\n{(j['overall'] or 'ungraded').upper()} {j['type']} ({dates})")
            typer.echo(f"  sources: {_sources_line(j['sources'])}")
            if res.get("note"):
                typer.echo(f"  note: {res['note']}")
            if not res["holders"]:
                typer.echo("  holders: none known from the sources")
            for h in res["holders"]:
                interim = " (interim)" if h["interim"] else ""
                typer.echo(f"  - {h['person']}, {h['title']}{interim} [{h['role']}], {_when(h)}: {h['certainty']}")
                typer.echo(f"      sources: {_sources_line(h['sources'])}")

    _emit(out, as_json, render)


@app.command()
def person(name: Annotated[str, typer.Argument(help="Person's name, e.g. 'Diane Booth'.")],
           db: DbOpt = None, as_json: JsonOpt = False) -> None:
    """A career: each post with the authority's ratings before, during and after it."""
    from queries.person import career

    out = _read(db, lambda reader: career(reader, name))

    def grade(j: dict[str, Any] | None) -> str:
        return f"{j['overall']} ({j['published'] or j['inspection_start']})" if j else "-"

    def render(r: dict[str, Any]) -> None:
        rows = []
        for p in r["posts"]:
            rt = p["ratings"]
            during = ", ".join(f"{d['overall']} ({d['published'] or d['inspection_start']}, {d['certainty']})"
                               for d in rt["during"]) or "-"
            nxt = p.get("to_next")
            gap = "" if not nxt else ("?" if nxt["days"] is None else f"{nxt['days']} d {nxt['note']}")
            rows.append([p["authority"], f"{p['title']}{' (interim)' if p['interim'] else ''}", _when(p),
                         grade(rt["before"]), during, grade(rt["after"]), gap])
        _table(f"{r['person']}", ["authority", "post", "when", "rating before", "during", "after", "to next post"], rows)
        for p in r["posts"]:
            typer.echo(f"  {p['authority']} {p['role']}: {_sources_line(p['sources'])}")

    _emit(out, as_json, render)


@app.command()
def authority(name: Annotated[str, typer.Argument(help="Authority name, e.g. York.")],
              db: DbOpt = None, as_json: JsonOpt = False) -> None:
    """An authority's timeline: leaders, judgements and interventions, with sources."""
    from queries.authority import timeline

    out = _read(db, lambda reader: timeline(reader, name))

    def render(r: dict[str, Any]) -> None:
        rows = []
        for e in r["events"]:
            if e["kind"] == "tenure":
                what = f"{e['person']}: {e['title']}{' (interim)' if e['interim'] else ''}"
                when = _when(e) + (f"; seen {', '.join(e['as_of'])}" if e["as_of"] else "")
            elif e["kind"] == "judgement":
                what = f"Ofsted {e['type']}: {e['overall'] or 'ungraded'}"
                when = f"inspected {e['inspection_start'] or '?'}..{e['inspection_end'] or '?'}, published {e['published'] or '?'}"
            else:
                what = f"{e['relation']}: {e['subject']} -> {e['object']}"
                when = _when(e)
            rows.append([e["date"] or "?", e["kind"], what, when, ", ".join(s["id"] for s in e["sources"])])
        _table(f"{r['authority']} ({r['id']})", ["date", "kind", "what", "when", "sources"], rows)

    _emit(out, as_json, render)


@app.command()
def moves(from_: Annotated[Optional[str], typer.Option("--from", help="Authority people left.")] = None,
          to: Annotated[Optional[str], typer.Option("--to", help="Authority people went to.")] = None,
          within: Annotated[float, typer.Option("--within", help="Years within which arrivals count as one team.")] = 3.0,
          role: Annotated[Optional[list[str]], typer.Option("--role", help="Only these roles (repeatable).")] = None,
          db: DbOpt = None, as_json: JsonOpt = False) -> None:
    """People who held posts at one authority and later another, and teams who moved together."""
    from queries.moves import find_moves

    out = _read(db, lambda reader: find_moves(reader, from_, to, within, list(role or [])))

    def grades(js: list[dict[str, Any]]) -> str:
        return ", ".join(f"{j['overall']} {j['published'] or j['inspection_start']} ({j['relative']})" for j in js) or "-"

    def render(r: dict[str, Any]) -> None:
        rows = [[m["person"], f"{m['from']['authority']}: {m['from']['title']}", _when(m["from"]),
                 f"{m['to']['authority']}: {m['to']['title']}{' (interim)' if m['to']['interim'] else ''}",
                 _when(m["to"]) + ("" if m["to"]["basis"] == "start" else f"; first seen {m['to']['first_evidence']}"),
                 "?" if m["gap_days"] is None else m["gap_days"], grades(m["from_judgements"]),
                 grades(m["to_judgements"])] for m in r["moves"]]
        _table(f"{len(rows)} move(s)", ["person", "from", "when", "to", "when", "gap days", "ratings at origin",
                                        "ratings at destination"], rows)
        if r["teams"]:
            _table("team moves", ["from", "to", "people", "arrivals"],
                   [[t["from"], t["to"], ", ".join(t["people"]), f"{t['first_start']} .. {t['last_start']}"]
                    for t in r["teams"]])
        else:
            typer.echo(f"no team moves (two or more people within {r['within_years']} years)")

    _emit(out, as_json, render)


@app.command()
def check(claims: Annotated[Path, typer.Argument(help="YAML file of structured claims.")],
          db: DbOpt = None, as_json: JsonOpt = False) -> None:
    """Verdicts on structured claims (supported, partly_supported, refuted, insufficient_evidence)."""
    from queries.claims import check_claims, load_claims

    def go() -> Any:
        items = load_claims(claims)
        with _reader(db) as reader:
            return check_claims(reader, items, str(claims))

    out = _guard(go)

    def render(r: dict[str, Any]) -> None:
        for c in r["claims"]:
            typer.echo(f"{c['verdict'].upper():22} {c['id']}: {c['text']}")
            typer.echo(f"{'':22} {c['reason']}")
            ids = sorted({s['id'] for e in c["evidence"] for s in e["sources"]})
            if ids:
                typer.echo(f"{'':22} sources: {', '.join(ids)}")

    _emit(out, as_json, render)


@app.command()
def viz(out: Annotated[Path, typer.Option("--out", help="HTML file to write.")] = Path("graph.html"),
        authority: Annotated[Optional[list[str]], typer.Option("--authority", help="Draw this authority's neighbourhood (repeatable).")] = None,
        person: Annotated[Optional[str], typer.Option("--person", help="Draw this person's neighbourhood.")] = None,
        since: Annotated[Optional[int], typer.Option(help="Leave out posts that ended before this year.")] = None,
        until: Annotated[Optional[int], typer.Option(help="Leave out posts that began after this year.")] = None,
        view: Annotated[str, typer.Option(help="people (who held what where) or movement (authorities, moves).")] = "people",
        db: DbOpt = None, as_json: JsonOpt = False) -> None:
    """Write an interactive HTML graph (offline, one file) with a year control and sources in tooltips."""
    from graph.viz import write_viz

    result = _read(db, lambda reader: write_viz(reader, out, list(authority or []), person, since, until, view))
    if result.get("warning"):
        typer.echo(f"warning: {result['warning']}", err=True)
    _emit(result, as_json, lambda r: typer.echo(f"wrote {r['out']} ({r['view']} view: {r['nodes']} nodes, "
                                               f"{r['edges']} edges)"))


@app.command()
def cypher(query: Annotated[str, typer.Argument(help="A read-only Cypher query.")],
           param: Annotated[Optional[list[str]], typer.Option("--param", help="k=v (v parsed as JSON if it can be).")] = None,
           neo4j: Annotated[Optional[str], typer.Option("--neo4j", help="Run on a Neo4j server instead (bolt:// or neo4j:// URI).")] = None,
           database: Annotated[Optional[str], typer.Option(help="Neo4j database name.")] = None,
           timeout: Annotated[float, typer.Option(help="Stop the query after this many seconds.")] = 30.0,
           db: DbOpt = None, as_json: JsonOpt = False) -> None:
    """Run a read-only Cypher query on the embedded store (or Neo4j); writes are refused."""
    from queries.adhoc import parse_params, run_read_only

    out = _guard(lambda: run_read_only(query, parse_params(param or []), db=db, neo4j_uri=neo4j,
                                       database=database, timeout_s=timeout))

    def render(r: dict[str, Any]) -> None:
        _table(f"{len(r['rows'])} row(s)", r["columns"], [[json.dumps(v, ensure_ascii=False, default=str)
                                                           if isinstance(v, (dict, list)) else v
                                                           for v in row.values()] for row in r["rows"]])

    _emit(out, as_json, render)


@app.command()
def conflicts(data: DataOpt = None, articles: ArticlesOpt = None, as_json: JsonOpt = False) -> None:
    """Facts whose sources disagree (e.g. November vs December 2018); all are kept."""
    from graph.model import DATA_DIR
    from graph.pipeline import load_all
    from queries.conflicts import find_conflicts

    kb, problems, _ = load_all(data or DATA_DIR, list(articles or []))
    for p in problems:
        typer.echo(str(p), err=True)
    out = {"conflicts": find_conflicts(kb)}

    def render(r: dict[str, Any]) -> None:
        rows = [[c["fact"], c["field"], c["kept"], "; ".join(f"{v['value']} ({v['source']})" for v in c["values"])]
                for c in r["conflicts"]]
        _table(f"{len(rows)} conflict(s)", ["fact", "field", "kept", "what each source says"], rows)

    _emit(out, as_json, render)


@app.command()
def sources(fact: Annotated[Optional[str], typer.Argument(help="A fact id: show its evidence words.")] = None,
            data: DataOpt = None, sources_dir: SourcesOpt = None, as_json: JsonOpt = False) -> None:
    """List the sources, or show a fact's evidence read from the source texts."""
    from graph.model import DATA_DIR
    from graph.pipeline import default_sources
    from loaders.curated import load_curated
    from queries.evidence import evidence_for, source_index

    kb, _ = load_curated(data or DATA_DIR)
    if fact is None:
        out: Any = {"sources": source_index(kb)}

        def render(r: dict[str, Any]) -> None:
            _table("sources", ["id", "publisher", "published", "facts", "title"],
                   [[s["id"], s["publisher"], s["published"], s["facts"], s["title"]] for s in r["sources"]])
    else:
        out = {"fact": fact, "citations": _guard(lambda: evidence_for(kb, fact, sources_dir or default_sources()))}

        def render(r: dict[str, Any]) -> None:
            for c in r["citations"]:
                typer.echo(f"{c['source']['id']} {c['spans']} {c['says'] or ''} {c['note'] or ''}")
                for w in c["evidence"] or [c["evidence_note"]]:
                    typer.echo(f"    {w}")

    _emit(out, as_json, render)


@app.command()
def extract(files: Annotated[list[Path], typer.Argument(help="Article files or folders (.md/.txt).")],
            as_yaml: Annotated[bool, typer.Option("--yaml", help="Write candidates in the curated-data format.")] = False,
            data: DataOpt = None, as_json: JsonOpt = False) -> None:
    """Candidate facts from article text, for review; nothing is added to the curated data."""
    from graph.model import DATA_DIR
    from loaders.articles.extract import extract_with_data

    out = extract_with_data(files, data or DATA_DIR)
    for msg in out["errors"]:
        typer.echo(f"error: {msg}", err=True)
    for msg in out["warnings"]:
        typer.echo(f"warning: {msg}", err=True)
    if as_yaml:
        from loaders.review import to_curated_yaml

        sys.stdout.write(to_curated_yaml(out))
        return

    def render(r: dict[str, Any]) -> None:
        rows = []
        for f in r["facts"]:
            if f["kind"] == "tenure":
                what = f"{f['person']}: {f['role']} ({f['title']}) at {f['authority']}"
                when = f"{f['start'] or '?'} .. {f['end'] or '?'}"
            elif f["kind"] == "judgement":
                what = f"{f['authority']}: {f['inspection_type']} {f['overall'] or 'ungraded'} {f['subjudgements'] or ''}"
                when = f"inspected {f['inspection_start'] or '?'}..{f['inspection_end'] or '?'} published {f['published'] or '?'}"
            else:
                what = f"{f['relation']}: {f['subject']} -> {f['object']}"
                when = f["start"] or "?"
            rows.append([f["source"], f["kind"], what, when, f"{f['confidence']:.1f}"])
        _table(f"{len(rows)} candidate fact(s)", ["source", "kind", "fact", "when", "conf"], rows)

    _emit({"facts": out["facts"], "errors": out["errors"], "warnings": out["warnings"]}, as_json, render)
    if out["errors"] and not out["facts"]:
        raise typer.Exit(1)


@app.command()
def export(fmt: Annotated[str, typer.Option("--format", help="cypher (for cypher-shell), graphml or json.")] = "cypher",
           out: Annotated[Optional[Path], typer.Option("--out", help="File to write (default: standard output).")] = None,
           data: DataOpt = None) -> None:
    """Export the graph: a Cypher script for Neo4j, GraphML for Gephi/yEd, or JSON."""
    from graph.model import DATA_DIR
    from graph.neo4j import cypher_script, graphml_export, json_export
    from graph.pipeline import load_all
    from graph.schema import rows

    if fmt not in ("cypher", "graphml", "json"):
        _fail(f"--format must be cypher, graphml or json, not {fmt!r}")
    kb, problems, _ = load_all(data or DATA_DIR)
    if problems:
        for p in problems:
            typer.echo(str(p), err=True)
        _fail(f"{len(problems)} problem(s) in the data; nothing exported", 1)
    table_rows = rows(kb)
    if fmt == "graphml":
        graphml_export(table_rows, str(out) if out else sys.stdout.buffer)
    elif fmt == "json":
        text = json.dumps(json_export(table_rows), ensure_ascii=False, indent=1, default=str)
        (out.write_text(text, encoding="utf-8") if out else sys.stdout.write(text + "\n"))
    else:
        fh = open(out, "w", encoding="utf-8") if out else sys.stdout
        try:
            for chunk in cypher_script(table_rows):
                fh.write(chunk)
        finally:
            if out:
                fh.close()
    if out:
        typer.echo(f"wrote {out}", err=True)


@app.command()
def push(neo4j: Annotated[str, typer.Option("--neo4j", help="Neo4j URI, e.g. neo4j://localhost:7687.")],
         database: Annotated[Optional[str], typer.Option(help="Neo4j database name.")] = None,
         wipe: Annotated[bool, typer.Option("--wipe", help="Delete everything in the database first.")] = False,
         yes: Annotated[bool, typer.Option("--yes", help="Do not ask before --wipe.")] = False,
         data: DataOpt = None, as_json: JsonOpt = False) -> None:
    """Push the graph to Neo4j (constraints, batched MERGE, idempotent); credentials from NEO4J_USER/NEO4J_PASSWORD."""
    from graph.model import DATA_DIR
    from graph.neo4j import Neo4jError, push_to, safe_uri
    from graph.pipeline import load_all
    from graph.schema import rows

    if wipe and not yes and not typer.confirm(f"Delete every node in {safe_uri(neo4j)} first?"):
        raise typer.Exit(1)
    kb, problems, _ = load_all(data or DATA_DIR)
    if problems:
        _fail(f"{len(problems)} problem(s) in the data; run `tenure validate`", 1)
    table_rows = rows(kb)
    from rich.progress import Progress

    total = sum(len(v) for v in table_rows.nodes.values()) + sum(len(v) for v in table_rows.rels.values())
    try:
        with Progress(transient=True, console=_err_console()) as bar:
            task = bar.add_task("pushing", total=total)
            result = push_to(neo4j, table_rows, database, wipe,
                             progress=lambda what, n: bar.update(task, advance=n, description=what),
                             prompt=lambda msg: typer.prompt(msg, hide_input=True))
    except Neo4jError as exc:
        _fail(str(exc))
    _emit(result, as_json, lambda r: typer.echo(f"pushed {r['total']} rows to {r['uri']}: "
                                               + ", ".join(f"{k} {v}" for k, v in r["written"].items())))


def _err_console() -> Any:
    from rich.console import Console

    return Console(stderr=True)


def main() -> None:
    try:
        app()
    except BrokenPipeError:
        sys.stderr.close()


if __name__ == "__main__":
    main()
