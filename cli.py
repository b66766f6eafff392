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

app = typer.Typer(add_completion=True, no_args_is_help=True, rich_markup_mode=None, pretty_exceptions_enable=False,
                  help="tenure: who led English children's services, when, and what Ofsted said - with sources.")

_STATE = {"json": False}


def _note_json(value: bool) -> bool:
    """Remember --json while parsing, so that errors raised later can be printed as JSON too."""
    _STATE["json"] = bool(value)
    return value


JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON (a stable shape for scripts).",
                                       callback=_note_json)]
DbOpt = Annotated[Optional[Path], typer.Option("--db", help="Store directory (default: built from the bundled data/).")]
DataOpt = Annotated[Optional[Path], typer.Option("--data", help="Curated data directory (default: bundled data/).")]
SourcesOpt = Annotated[Optional[Path], typer.Option(
    "--sources", help="Folder with the archived source texts (default: $TENURE_SOURCES or ../shared).")]
ArticlesOpt = Annotated[Optional[list[Path]], typer.Option(
    "--articles", help="Folder (or file) of articles to extract facts from; repeatable.")]


CsvOpt = Annotated[bool, typer.Option("--csv", help="Print the rows as CSV.")]
TsvOpt = Annotated[bool, typer.Option("--tsv", help="Print the rows as tab-separated values.")]
WhyOpt = Annotated[bool, typer.Option("--why", help="List the deciding facts (ids and sources) under each verdict.")]


def _json_wanted() -> bool:
    return _STATE["json"]


def _fail(message: str, code: int = 2) -> None:
    """An error a user can act on: a message (JSON on stdout when --json was given) and an exit code."""
    if _json_wanted():
        sys.stdout.write(json.dumps({"error": {"message": message, "exit_code": code}}, ensure_ascii=False) + "\n")
    else:
        typer.echo(f"error: {message}", err=True)
    raise typer.Exit(code)


def _emit(data: Any, as_json: bool, render: Callable[[Any], None],
          table: Optional[Callable[[Any], tuple[list[str], list[list[Any]]]]] = None,
          as_csv: bool = False, as_tsv: bool = False) -> None:
    if as_json:
        sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=False, default=str) + "\n")
    elif (as_csv or as_tsv) and table is not None:
        from queries.output import delimited

        columns, rows = table(data)
        sys.stdout.write(delimited(columns, rows, "," if as_csv else "\t"))
    else:
        render(data)


def _version(value: bool) -> None:
    if value:
        from importlib.metadata import PackageNotFoundError, version

        try:
            v = version("tenure")
        except PackageNotFoundError:
            import tomllib

            v = tomllib.loads((Path(__file__).resolve().parent / "pyproject.toml").read_text())["project"]["version"]
        typer.echo(f"tenure {v}")
        raise typer.Exit()


@app.callback()
def _main(version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                                help="Print the version and exit.")] = False) -> None:
    """tenure: who led English children's services, when, and what Ofsted said - with sources."""


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
    if item.get("when"):
        return str(item["when"])
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
        if db is None and (data or articles):
            typer.echo("note: this is the default store now: commands without --db read it (and rebuild it from "
                       "these inputs when they change); `tenure build` alone goes back to the bundled data", err=True)

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
            rating: Annotated[Optional[str], typer.Option(
                help="Only judgements with this overall grade (e.g. inadequate, 'requires improvement', RI).")] = None,
            role: Annotated[str, typer.Option(
                help="Role (e.g. dcs, director, chief_executive), or 'any'.")] = "director_of_childrens_services",
            at: Annotated[str, typer.Option(help="Date judgements by: inspection, published or in-force.")] = "inspection",
            db: DbOpt = None, as_json: JsonOpt = False, as_csv: CsvOpt = False, as_tsv: TsvOpt = False) -> None:
    """Who held an authority's posts at each Ofsted judgement, with certainty and sources."""
    from queries.labels import role_label, type_label
    from queries.output import grade_text, judgement_dates, sources_line, wrap
    from queries.who_led import who_led as run

    out = _read(db, lambda reader: run(reader, authority, rating, role, at))

    def table(r: dict[str, Any]) -> tuple[list[str], list[list[Any]]]:
        rows = []
        for res in r["results"]:
            j = res["judgement"]
            base = [j["id"], grade_text(j), type_label(j["type"]), judgement_dates(j)]
            for h in res["holders"] or [None]:
                rows.append(base + ([h["person"], h["title"], h["start_text"], h["end_text"], h["certainty"], h["id"]]
                                    if h else ["", "", "", "", "none known", ""]))
        return ["judgement_id", "grade", "type", "dates", "person", "post", "start", "end", "certainty",
                "tenure_id"], rows

    def render(r: dict[str, Any]) -> None:
        who = role_label(r["role"]) if r["role"] != "any" else "post holders"
        typer.echo(wrap(f"{r['authority']} ({r['authority_id']}): {who} at each judgement, dated by {r['at']}"))
        if r.get("message"):
            typer.echo(wrap(r["message"], 0, 0))
        if r.get("note"):
            typer.echo(wrap(f"note: {r['note']}", 0, 0))
        for res in r["results"]:
            j = res["judgement"]
            typer.echo("")
            typer.echo(wrap(f"{grade_text(j)} - {type_label(j['type'])} ({judgement_dates(j)}) [{j['id']}]"))
            typer.echo(wrap(f"sources: {sources_line(j['sources'])}", 2))
            if res.get("note"):
                typer.echo(wrap(f"note: {res['note']}", 2))
            if not res["holders"]:
                typer.echo("  holders: none known from the sources")
            for h in res["holders"]:
                interim = " (interim)" if h["interim"] else ""
                typer.echo(wrap(f"- {h['person']}, {h['title']}{interim}: {h['certainty']}", 2))
                typer.echo(wrap(f"{h['when']} [{h['id']}]", 6))
                typer.echo(wrap(f"sources: {sources_line(h['sources'])}", 6))

    _emit(out, as_json, render, table, as_csv, as_tsv)


@app.command()
def person(name: Annotated[str, typer.Argument(help="Person's name, e.g. 'Diane Booth'.")],
           db: DbOpt = None, as_json: JsonOpt = False, as_csv: CsvOpt = False, as_tsv: TsvOpt = False) -> None:
    """A career: each post with the authority's ratings before, during and after it."""
    from queries.output import grade_text, sources_line, wrap
    from queries.person import career

    out = _read(db, lambda reader: career(reader, name))

    def grade(j: dict[str, Any] | None) -> str:
        return f"{grade_text(j)} ({j['published'] or j['inspection_start']})" if j else "-"

    def table(r: dict[str, Any]) -> tuple[list[str], list[list[Any]]]:
        rows = []
        for p in r["posts"]:
            rt = p["ratings"]
            during = ", ".join(f"{grade_text(d)} ({d['published'] or d['inspection_start']}, {d['certainty']})"
                               for d in rt["during"]) or "-"
            nxt = p.get("to_next")
            gap = "" if not nxt else ("?" if nxt["days"] is None else f"{nxt['days']} d {nxt['note']}")
            rows.append([p["authority"], f"{p['title']}{' (interim)' if p['interim'] else ''}", p["start_text"],
                         p["end_text"], grade(rt["before"]), during, grade(rt["after"]), gap, p["id"]])
        return ["authority", "post", "start", "end", "rating before", "during", "after", "to next post",
                "tenure_id"], rows

    def render(r: dict[str, Any]) -> None:
        typer.echo(wrap(f"{r['person']}: {len(r['posts'])} post(s) held in the sources"))
        if r.get("message"):
            typer.echo(wrap(r["message"], 0, 0))
        for p, row in zip(r["posts"], table(r)[1]):
            typer.echo("")
            typer.echo(wrap(f"{row[0]}: {row[1]} [{p['id']}]"))
            typer.echo(wrap(f"{p['when']}", 2))
            typer.echo(wrap(f"rating before: {row[4]}; during: {row[5]}; after: {row[6]}", 2))
            if row[7]:
                typer.echo(wrap(f"to next post: {row[7]}", 2))
            typer.echo(wrap(f"sources: {sources_line(p['sources'])}", 2))

    _emit(out, as_json, render, table, as_csv, as_tsv)


@app.command()
def authority(name: Annotated[str, typer.Argument(help="Authority name, e.g. York.")],
              db: DbOpt = None, as_json: JsonOpt = False, as_csv: CsvOpt = False, as_tsv: TsvOpt = False) -> None:
    """An authority's timeline: leaders, judgements and interventions, with sources."""
    from queries.authority import timeline
    from queries.labels import role_label, type_label
    from queries.output import grade_text, judgement_dates, print_table, wrap

    out = _read(db, lambda reader: timeline(reader, name))

    def table(r: dict[str, Any]) -> tuple[list[str], list[list[Any]]]:
        rows = []
        for e in r["events"]:
            if e["kind"] == "tenure":
                what = f"{e['person']}: {e['title']}{' (interim)' if e['interim'] else ''} ({role_label(e['role'])})"
                when = e["when"]
            elif e["kind"] == "judgement":
                what = f"Ofsted {type_label(e['type'])}: " + (grade_text(e) if e['overall'] else
                                                              'sub-judgements only' if e.get('subjudgements') else 'ungraded')
                what += f" ({e['predecessor']}, predecessor)" if e.get("predecessor") else ""
                when = judgement_dates(e)
            else:
                what = f"{e['relation'].replace('_', ' ')}: {e['subject']} -> {e['object']}"
                when = _when(e)
            rows.append([e["date"] or "?", e["kind"], what, when, e.get("id") or "",
                         ", ".join(s["id"] for s in e["sources"])])
        return ["date", "kind", "what", "when", "fact_id", "sources"], rows

    def render(r: dict[str, Any]) -> None:
        if r.get("message"):
            typer.echo(wrap(r["message"], 0, 0))
        cols, rows = table(r)
        if rows:
            print_table(f"{r['authority']} ({r['id']})", ["date", "what", "when", "fact id"],
                        [[x[0], x[2], x[3], x[4]] for x in rows])

    _emit(out, as_json, render, table, as_csv, as_tsv)


@app.command()
def moves(from_: Annotated[Optional[str], typer.Option("--from", help="Authority people left.")] = None,
          to: Annotated[Optional[str], typer.Option("--to", help="Authority people went to.")] = None,
          within: Annotated[float, typer.Option("--within", help="Years within which arrivals count as one team.")] = 3.0,
          role: Annotated[Optional[list[str]], typer.Option("--role", help="Only these roles (repeatable; e.g. dcs).")] = None,
          teams: Annotated[bool, typer.Option("--teams", help="Only the moves of people who moved as a team.")] = False,
          db: DbOpt = None, as_json: JsonOpt = False, as_csv: CsvOpt = False, as_tsv: TsvOpt = False) -> None:
    """People who held posts at one authority and later another, and teams who moved together."""
    from queries.moves import find_moves
    from queries.output import grade_text, print_table, wrap

    out = _read(db, lambda reader: find_moves(reader, from_, to, within, list(role or []), teams_only=teams))

    def grades(js: list[dict[str, Any]]) -> str:
        return ", ".join(f"{grade_text(j)} {j['published'] or j['inspection_start']} ({j['relative']})"
                         for j in js) or "-"

    def table(r: dict[str, Any]) -> tuple[list[str], list[list[Any]]]:
        rows = [[m["person"], m["from"]["authority"], m["from"]["title"], m["from"]["when"], m["to"]["authority"],
                 f"{m['to']['title']}{' (interim)' if m['to']['interim'] else ''}", m["to"]["when"],
                 "?" if m["gap_days"] is None else m["gap_days"], grades(m["from_judgements"]),
                 grades(m["to_judgements"]), m["from"]["id"], m["to"]["id"]] for m in r["moves"]]
        return ["person", "from", "from post", "from when", "to", "to post", "to when", "gap days",
                "ratings at origin", "ratings at destination", "from_tenure_id", "to_tenure_id"], rows

    def render(r: dict[str, Any]) -> None:
        if r.get("message"):
            typer.echo(wrap(r["message"], 0, 0))
            return
        typer.echo(f"{len(r['moves'])} move(s)")
        for row in table(r)[1]:
            typer.echo("")
            typer.echo(wrap(f"{row[0]}: {row[1]} -> {row[4]}" + ("" if row[7] == "?" else f", gap {row[7]} days")))
            typer.echo(wrap(f"from: {row[2]}, {row[3]} [{row[10]}]", 2))
            typer.echo(wrap(f"to: {row[5]}, {row[6]} [{row[11]}]", 2))
            typer.echo(wrap(f"ratings at origin: {row[8]}", 2))
            typer.echo(wrap(f"ratings at destination: {row[9]}", 2))
        typer.echo("")
        if r["teams"]:
            print_table("team moves", ["from", "to", "people", "arrivals"],
                        [[t["from"], t["to"], ", ".join(t["people"]), f"{t['first_start']} .. {t['last_start']}"]
                         for t in r["teams"]])
        else:
            typer.echo(f"no team moves (two or more people within {r['within_years']} years)")

    _emit(out, as_json, render, table, as_csv, as_tsv)


@app.command()
def check(claims: Annotated[Path, typer.Argument(help="YAML file of structured claims.")],
          why: WhyOpt = False, db: DbOpt = None, as_json: JsonOpt = False, as_csv: CsvOpt = False,
          as_tsv: TsvOpt = False) -> None:
    """Verdicts on structured claims (supported, partly_supported, refuted, insufficient_evidence)."""
    from queries.claims import ClaimError, check_claims, load_claims
    from queries.output import sources_line, wrap

    try:
        items = load_claims(claims)
    except ClaimError as exc:
        if _json_wanted():
            _fail("\n".join(exc.problems))
        for p in exc.problems:
            typer.echo(p, err=True)
        _fail(f"{len(exc.problems)} problem(s) in {claims}; no verdicts given")

    def go() -> Any:
        with _reader(db) as reader:
            return check_claims(reader, items, str(claims))

    out = _guard(go)

    def table(r: dict[str, Any]) -> tuple[list[str], list[list[Any]]]:
        return ["id", "verdict", "reason", "would_settle", "fact_ids", "source_ids"], [
            [c["id"], c["verdict"], c["reason"], c["would_settle"] or "",
             " ".join(e["id"] for e in c["evidence"]),
             " ".join(sorted({s["id"] for e in c["evidence"] for s in e["sources"]}))] for c in r["claims"]]

    def render(r: dict[str, Any]) -> None:
        for c in r["claims"]:
            typer.echo("")
            typer.echo(wrap(f"{c['verdict'].upper().replace('_', ' ')}  {c['id']}: {c['text']}", 0, 2))
            typer.echo(wrap(c["reason"], 2, 0))
            if c.get("would_settle"):
                typer.echo(wrap(f"would settle it: {c['would_settle']}", 2, 2))
            if why:
                for e in c["evidence"]:
                    typer.echo(wrap(f"- {e['why']}:", 4, 2))
                    for fid in e.get("ids") or [e["id"]]:
                        typer.echo(wrap(fid, 6, 2))
                    typer.echo(wrap(f"sources: {sources_line(e['sources'])}", 6, 2))
            else:
                ids = [e["id"] for e in c["evidence"]]
                if ids:
                    typer.echo(wrap(f"facts: {', '.join(ids)} (--why for sources)", 2, 2))

    _emit(out, as_json, render, table, as_csv, as_tsv)


@app.command()
def viz(out: Annotated[Path, typer.Option("--out", help="HTML file to write.")] = Path("graph.html"),
        authority: Annotated[Optional[list[str]], typer.Option("--authority", help="Draw this authority's neighbourhood (repeatable).")] = None,
        person: Annotated[Optional[str], typer.Option("--person", help="Draw this person's neighbourhood.")] = None,
        since: Annotated[Optional[int], typer.Option(help="Leave out posts that ended before this year.")] = None,
        until: Annotated[Optional[int], typer.Option(help="Leave out posts that began after this year.")] = None,
        view: Annotated[str, typer.Option(help="people (who held what where), movement (authorities, moves) or ratings (every authority x year, grade in force).")] = "people",
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
           timeout: Annotated[float, typer.Option(help="Stop the query after this many seconds (wall clock).")] = 30.0,
           max_memory: Annotated[str, typer.Option("--max-memory", help="Memory the query may use, e.g. 2G or 512M.")] = "2G",
           limit: Annotated[int, typer.Option("--limit", help="Print at most this many rows (the rest are counted).")] = 1000,
           db: DbOpt = None, as_json: JsonOpt = False) -> None:
    """Run a reading Cypher query (an allow-list: MATCH, WHERE, WITH, UNWIND, RETURN, ...) in a limited child process."""
    from queries.adhoc import parse_params, run_read_only

    out = _guard(lambda: run_read_only(query, parse_params(param or []), db=db, neo4j_uri=neo4j,
                                       database=database, timeout_s=timeout, max_memory=max_memory, limit=limit))

    def render(r: dict[str, Any]) -> None:
        _table(f"{len(r['rows'])} row(s)", r["columns"], [[json.dumps(v, ensure_ascii=False, default=str)
                                                           if isinstance(v, (dict, list)) else v
                                                           for v in row.values()] for row in r["rows"]])
        if r.get("more_rows"):
            typer.echo(f"{r['more_rows']} more row(s) not shown (--limit {limit})")

    _emit(out, as_json, render)


@app.command()
def conflicts(data: DataOpt = None, articles: ArticlesOpt = None, as_json: JsonOpt = False,
              as_csv: CsvOpt = False, as_tsv: TsvOpt = False) -> None:
    """Facts whose sources disagree (e.g. November vs December 2018); all are kept."""
    from graph.model import DATA_DIR
    from graph.pipeline import load_all
    from queries.conflicts import find_conflicts

    kb, problems, _ = load_all(data or DATA_DIR, list(articles or []))
    for p in problems:
        typer.echo(str(p), err=True)
    out = {"conflicts": find_conflicts(kb)}

    def table(r: dict[str, Any]) -> tuple[list[str], list[list[Any]]]:
        return ["fact", "field", "kept", "what each source says"], [
            [c["fact"], c["field"], c["kept"], "; ".join(f"{v['value']} ({v['source']})" for v in c["values"])]
            for c in r["conflicts"]]

    def render(r: dict[str, Any]) -> None:
        from queries.output import print_table

        cols, rows = table(r)
        print_table(f"{len(rows)} conflict(s)", cols, rows)

    _emit(out, as_json, render, table, as_csv, as_tsv)


@app.command()
def sources(fact: Annotated[Optional[str], typer.Argument(
                help="A fact id (as printed in any answer) or a source id: show the evidence words.")] = None,
            data: DataOpt = None, sources_dir: SourcesOpt = None, as_json: JsonOpt = False,
            as_csv: CsvOpt = False, as_tsv: TsvOpt = False) -> None:
    """List the sources, or show a fact's (or a source's) evidence read from the source texts."""
    from graph.model import DATA_DIR
    from graph.pipeline import default_sources
    from loaders.curated import load_curated
    from queries.evidence import evidence_for, source_detail, source_index
    from queries.output import print_table, wrap

    kb, _ = load_curated(data or DATA_DIR)
    table: Any = None
    if fact is None:
        out: Any = {"sources": source_index(kb)}

        def table(r: dict[str, Any]) -> tuple[list[str], list[list[Any]]]:
            return ["id", "publisher", "published", "facts", "title"], [
                [s["id"], s["publisher"], s["published"], s["facts"], s["title"]] for s in r["sources"]]

        def render(r: dict[str, Any]) -> None:
            cols, rows = table(r)
            print_table("sources", cols, rows)
    elif fact in kb.sources:
        out = {"source": fact, **source_detail(kb, fact, sources_dir or default_sources())}

        def table(r: dict[str, Any]) -> tuple[list[str], list[list[Any]]]:
            return ["fact", "kind", "spans", "evidence"], [
                [f["fact"], f["kind"], f["spans"], " ... ".join(f["evidence"] or [])] for f in r["facts"]]

        def render(r: dict[str, Any]) -> None:
            s = r["source"]
            typer.echo(wrap(f"{s['id']}: {s['title'] or '(untitled)'} - {s['publisher'] or '?'}, "
                            f"{s['published'] or 'undated'}", 0, 2))
            if s.get("url"):
                typer.echo(f"  {s['url']}")
            if r["evidence_note"]:
                typer.echo(wrap(f"note: {r['evidence_note']}", 2, 2))
            for f in r["facts"]:
                typer.echo("")
                typer.echo(wrap(f"{f['fact']} ({f['kind']})", 2, 2))
                for w in f["evidence"] or []:
                    typer.echo(wrap(f'"{w}"', 4, 1))
                if f["note"]:
                    typer.echo(wrap(f"note: {f['note']}", 4, 2))
    else:
        out = {"fact": fact, "citations": _guard(lambda: evidence_for(kb, fact, sources_dir or default_sources()))}

        def table(r: dict[str, Any]) -> tuple[list[str], list[list[Any]]]:
            return ["source", "spans", "says", "evidence"], [
                [c["source"]["id"], c["spans"], json.dumps(c["says"]) if c["says"] else "",
                 " ... ".join(c["evidence"] or [])] for c in r["citations"]]

        def render(r: dict[str, Any]) -> None:
            typer.echo(wrap(r["fact"], 0, 2))
            for c in r["citations"]:
                s = c["source"]
                typer.echo("")
                typer.echo(wrap(f"{s['id']}: {s['title'] or ''} - {s['publisher'] or '?'}, "
                                f"{s['published'] or 'undated'}", 2, 2))
                if c["says"]:
                    typer.echo(wrap("says: " + ", ".join(f"{k} {v}" for k, v in c["says"].items()), 4, 2))
                for w in c["evidence"] or [c["evidence_note"]]:
                    typer.echo(wrap(f'"{w}"' if c["evidence"] else str(w), 4, 1))
                if c["note"]:
                    typer.echo(wrap(f"note: {c['note']}", 4, 2))

    _emit(out, as_json, render, table, as_csv, as_tsv)


@app.command()
def extract(files: Annotated[list[Path], typer.Argument(help="Article files or folders (.md/.txt).")],
            as_yaml: Annotated[bool, typer.Option("--yaml", help="Write candidates in the curated-data format.")] = False,
            data: DataOpt = None, as_json: JsonOpt = False, as_csv: CsvOpt = False, as_tsv: TsvOpt = False) -> None:
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

    def table(r: dict[str, Any]) -> tuple[list[str], list[list[Any]]]:
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
        return ["source", "kind", "fact", "when", "conf"], rows

    def render(r: dict[str, Any]) -> None:
        from queries.output import print_table

        cols, rows = table(r)
        print_table(f"{len(rows)} candidate fact(s)", cols, rows)

    _emit({"facts": out["facts"], "errors": out["errors"], "warnings": out["warnings"]}, as_json, render, table,
          as_csv, as_tsv)
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


@app.command()
def trail(after_rated: Annotated[str, typer.Option("--after-rated", help="The grade to follow leaders from.")] = "inadequate",
          since: Annotated[Optional[int], typer.Option(help="Judgements from this year on (inspection, else publication).")] = 2013,
          role: Annotated[str, typer.Option(help="Role held at the judgement, or 'any'.")] = "director_of_childrens_services",
          db: DbOpt = None, as_json: JsonOpt = False) -> None:
    """Leaders in post when councils got a grade, where they went next, and the grades there."""
    from queries.trail import trail as run

    out = _read(db, lambda reader: run(reader, after_rated, since, role))

    def render(r: dict[str, Any]) -> None:
        s = r["summary"]
        typer.echo(f"{s['judgements']} {r['rating']} judgements since {r['since']}; a named {r['role']} is held for "
                   f"{s['with_named_holder']} ({s['with_certain_named_holder']} certain, "
                   f"{s['with_named_holder_seen_within_a_year']} certain or seen within a year), only Ofsted's unnamed "
                   f"statement for {s['with_unnamed_holder_only']}; searched and not found: {s['searched_not_found']}; "
                   f"not searched: {s['not_searched']}")
        for res in r["results"]:
            j = res["judgement"]
            typer.echo(f"\n{j['authority']}: {j['overall']} {j['type']} (inspected {j['inspection_start'] or '?'}, "
                       f"published {j['published'] or '?'}) [{j['id']}]")
            if not res["holders"]:
                gap = res.get("gap") or {}
                typer.echo(f"  no holder in the sources ({'searched, not found' if gap.get('searched') else gap.get('note')})")
            for h in res["holders"]:
                gap = h.get("evidence_gap_days")
                near = "" if h["certainty"] == "certain" or gap is None else f", nearest evidence {gap} days away"
                typer.echo(f"  - {h['person']} ({h['title']}, {_when(h)}): {h['certainty']}{near}")
                for p in h.get("next_posts") or []:
                    during = ", ".join(f"{d['overall']} {d['published'] or d['inspection_start']} ({d['certainty']})"
                                       for d in p["ratings_during"]) or "no graded judgement held"
                    typer.echo(f"      then {p['authority']}, {p['title']} ({_when(p)}): {during}")
        typer.echo(f"\nMoved on to lead another authority: {', '.join(s['moved_on_to_lead_another_authority']) or 'none shown'}")
        typer.echo(f"Grades during those later posts: {s['ratings_during_later_lead_posts'] or 'none held'}")
        typer.echo(f"Caveat: {s['caveat']}")

    _emit(out, as_json, render)


from cli_national import register as _register_national  # noqa: E402  (import ofsted, ratings, coverage)

_register_national(app, _read, _emit, _table, _fail)


def _err_console() -> Any:
    from rich.console import Console

    return Console(stderr=True)


def _secrets() -> list[str]:
    """Text that must never be printed: the Neo4j password and any password inside a URI argument."""
    import os
    import re

    out = [os.environ.get("NEO4J_PASSWORD") or ""]
    for arg in sys.argv[1:]:
        m = re.match(r"^[A-Za-z][A-Za-z0-9+.-]*://([^@/?#]*)@", arg)
        if m and ":" in m.group(1):
            from urllib.parse import unquote

            pw = m.group(1).partition(":")[2]
            out += [pw, unquote(pw), m.group(1)]
    return sorted({s for s in out if s}, key=len, reverse=True)


def _one_line(exc: BaseException) -> str:
    """An unexpected error as one line a user can act on, with no secret in it."""
    import errno as errno_

    if isinstance(exc, OSError) and exc.errno is not None:
        where = f" ({exc.filename})" if exc.filename else ""
        known = {errno_.ENOSPC: "the disk is full", errno_.EROFS: "the file system is read-only",
                 errno_.EACCES: "permission denied", errno_.EPERM: "operation not permitted",
                 errno_.EISDIR: "is a folder, not a file", errno_.ENOTDIR: "a part of the path is not a folder",
                 errno_.ENOENT: "no such file or folder", errno_.EDQUOT: "the disk quota is exceeded"}
        text = f"{known.get(exc.errno, exc.strerror or 'system error')}{where}"
    elif isinstance(exc, MemoryError):
        text = "out of memory"
    else:
        first = (str(exc).strip().splitlines() or [""])[0]
        text = f"{type(exc).__name__}: {first}" if first else type(exc).__name__
    for secret in _secrets():
        text = text.replace(secret, "***")
    return text[:400]


def main() -> None:
    """Run the app; every unexpected error becomes one line (the traceback only with --debug)."""
    debug = "--debug" in sys.argv[1:]
    if debug:
        sys.argv = [a for a in sys.argv if a != "--debug"]
    try:
        app(standalone_mode=True)
    except SystemExit:
        raise
    except BrokenPipeError:
        sys.stderr.close()
    except KeyboardInterrupt:
        sys.stderr.write("error: interrupted\n")
        sys.exit(130)
    except BaseException as exc:  # noqa: BLE001 - the one place an unexpected error is turned into a message
        if debug:
            import traceback

            text = "".join(traceback.format_exception(exc))
            for secret in _secrets():
                text = text.replace(secret, "***")
            sys.stderr.write(text)
        sys.stderr.write(f"error: {_one_line(exc)} (rerun with --debug for the details)\n")
        sys.exit(1)


if __name__ == "__main__":
    main()
