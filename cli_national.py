"""National commands (`tenure import ofsted`, `tenure ratings`, `tenure coverage`): parsing and printing only.

Kept in their own file so that cli.py gains one line; `register` adds them to the app
with cli.py's own helpers (printing, error handling, store opening).
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any, Callable, Optional

import typer


def register(app: typer.Typer, read: Callable[..., Any], emit: Callable[..., None], table: Callable[..., None],
             fail: Callable[..., None]) -> None:
    import_app = typer.Typer(no_args_is_help=True, rich_markup_mode=None,
                             help="Regenerate bundled facts from official files.")
    app.add_typer(import_app, name="import")

    @import_app.command("ofsted")
    def import_ofsted(
            folder: Annotated[Path, typer.Argument(help="Folder laid out like ../shared/reference/ofsted "
                                                        "(official/*.ods, scraped/*.csv, reports/).")],
            data: Annotated[Optional[Path], typer.Option("--data", help="Data directory to write into.")] = None,
            as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False) -> None:
        """Read Ofsted's files and rewrite data/facts/ofsted-judgements.jsonl and data/sources-ofsted.jsonl."""
        from graph.model import DATA_DIR
        from loaders.ofsted import OfstedError, load_national, write_national
        from loaders.register import load_register

        target = data or DATA_DIR
        if not folder.is_dir():
            fail(f"{folder}: not a folder")
        try:
            national = load_national(folder, load_register(target if (target / "authorities.csv").exists()
                                                           else DATA_DIR))
            facts_path, sources_path = write_national(national, target)
        except OfstedError as exc:
            fail(str(exc))
            return
        out = {"judgements": len(national.facts), "sources": len(national.sources),
               "authorities": len({f["authority"] for f in national.facts}),
               "written": [str(facts_path), str(sources_path)], "notes": national.notes}
        emit(out, as_json, lambda r: typer.echo(
            f"{r['judgements']} judgements of {r['authorities']} authorities, {r['sources']} sources -> "
            + ", ".join(r["written"]) + "".join(f"\n  note: {n}" for n in r["notes"])))

    @app.command()
    def ratings(at: Annotated[Optional[str], typer.Option("--at", help="Grade in force on this date (YYYY[-MM[-DD]]; "
                                                                          "default today).")] = None,
                rating: Annotated[Optional[str], typer.Option("--rating", help="Only this grade.")] = None,
                since: Annotated[Optional[int], typer.Option("--since", help="List the judgements published from this "
                                                                             "year on, instead of the grade in force.")] = None,
                role: Annotated[str, typer.Option(help="Role of the leaders to show, or 'any'.")] =
                "director_of_childrens_services",
                db: Annotated[Optional[Path], typer.Option("--db", help="Store directory.")] = None,
                as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False) -> None:
        """Every authority's grade in force (or the judgements since a year), with the leaders held for each."""
        from queries.national import national_ratings

        out = read(db, lambda reader: national_ratings(reader, at, rating, since, role))

        def render(r: dict[str, Any]) -> None:
            rows = []
            for item in r["rows"]:
                j = item["judgement"]
                grade = (j["overall"] or "no overall grade") if j else "none held"
                when = f"{j['type']} published {j['published'] or '?'}" if j else ""
                leaders = "; ".join(f"{h['person']} ({h['certainty']})" for h in item["leaders"]) or "none held"
                rows.append([item["authority"], grade, when, leaders])
            table(r["title"], ["authority", "grade", "judgement", "leaders"], rows)
            typer.echo(r["summary"])

        emit(out, as_json, render)

    @app.command()
    def coverage(rating: Annotated[Optional[str], typer.Option("--rating", help="Count only judgements with this "
                                                                                  "grade.")] = None,
                 since: Annotated[Optional[int], typer.Option(help="With --rating: the named-director share counts "
                                                                   "judgements from this year on.")] = None,
                 db: Annotated[Optional[Path], typer.Option("--db", help="Store directory.")] = None,
                 as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False) -> None:
        """Per authority: judgements held (by framework) and leaders held - what the data can answer."""
        from queries.coverage import coverage as run

        out = read(db, lambda reader: run(reader, rating, since))

        def render(r: dict[str, Any]) -> None:
            types = r["types"]
            rows = [[a["authority"], a["judgements"], a["graded"], *[a["by_type"].get(t, 0) for t in types],
                     a["leaders"], a["tenures"]] for a in r["authorities"]
                    if a["current"] or a["judgements"]]  # former codes of councils that only changed code: in --json
            table("coverage", ["authority", "judgements", "graded", *types, "leaders", "tenures"], rows)
            t = r["totals"]
            typer.echo(f"{t['authorities']} authorities ({t['current']} current): {t['judgements']} judgements, "
                       f"{t['with_leaders']} authorities with any leader held, "
                       f"{t['current_without_graded_ilacs']} current authorities without a graded ILACS judgement")
            n = r.get("named_directors")
            if n:
                typer.echo(f"\n{n['rating']} judgements{' since ' + str(n['since']) if n['since'] else ''}: a named "
                           f"director of children's services is held for {n['with_named']} of {n['judgements']} "
                           f"({n['with_certain_named']} certain, {n['with_named_seen_within_a_year']} certain or "
                           "seen within a year of the inspection); without one:")
                for m in n["without_named"]:
                    how = ("only Ofsted's unnamed statement: " + "; ".join(m["unnamed_holder"]) if m["unnamed_holder"]
                           else "")
                    tried = (f"searched, not found ({len(m['queries'])} queries)" if m["searched"]
                             else "no search recorded")
                    typer.echo(f"  {m['authority']} {m['type']} published {m['published']}: {tried}"
                               + (f"; {how}" if how else ""))

        emit(out, as_json, render)
