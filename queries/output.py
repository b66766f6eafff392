"""Readable and scriptable output shared by the commands: tables in 80 columns, CSV/TSV, wrapped text.

Tables show human labels ("requires improvement", "DCS"); JSON keeps the codes.
Disagreements are shown where the value is shown: "good (one source: requires improvement)".
"""

from __future__ import annotations

import csv
import io
import sys
import textwrap
from typing import Any

from queries.labels import rating_label

WIDTH = 80


def dissent(value: str, disputes: list[dict[str, Any]] | None, label: Any = str) -> str:
    """`value` followed by what other sources say, if any: "good (one source: requires improvement)"."""
    if not disputes:
        return value
    said = sorted({label(d["value"]) for d in disputes})
    n = len({d["source"] for d in disputes})
    who = "one source" if n == 1 else f"{n} sources"
    return f"{value} ({who}: {', '.join(said)})"


def grade_text(j: dict[str, Any]) -> str:
    """A judgement's grade with any disagreement in place."""
    return dissent(rating_label(j.get("overall")), (j.get("disputed") or {}).get("overall"), rating_label)


def date_text(j: dict[str, Any], key: str) -> str:
    return dissent(str(j.get(key) or "?"), (j.get("disputed") or {}).get(key))


def judgement_dates(j: dict[str, Any]) -> str:
    ins = date_text(j, "inspection_start")
    if j.get("inspection_end") and j.get("inspection_end") != j.get("inspection_start"):
        ins += f"..{date_text(j, 'inspection_end')}"
    return f"inspected {ins}, published {date_text(j, 'published')}"


def sources_line(sources: list[dict[str, Any]]) -> str:
    return "; ".join(f"{s.get('publisher') or '?'} {s.get('published') or 'undated'} [{s['id']}]" for s in sources)


def wrap(text: str, indent: int = 0, hang: int = 4, width: int = WIDTH) -> str:
    """Wrap at word boundaries (never inside a word or id) to `width` columns."""
    pad = " " * indent
    return textwrap.fill(text, width=width, initial_indent=pad, subsequent_indent=pad + " " * hang,
                         break_long_words=False, break_on_hyphens=False)


def delimited(columns: list[str], rows: list[list[Any]], sep: str) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=sep, lineterminator="\n")
    w.writerow(columns)
    for r in rows:
        w.writerow(["" if v is None else (v if isinstance(v, str) else str(v)) for v in r])
    return buf.getvalue()


def print_table(title: str, columns: list[str], rows: list[list[Any]], width: int | None = None) -> None:
    """A table that fits the terminal (80 columns when not a terminal), wrapping between words.

    When the longest words of the columns cannot sit side by side in the width (long fact ids),
    each row is printed as a short record instead, so that no word or id is ever cut.
    """
    from rich.console import Console
    from rich.table import Table

    width = width or (None if sys.stdout.isatty() else WIDTH)
    console = Console(highlight=False, soft_wrap=False, width=width)
    cells = [["" if v is None else str(v) for v in r] for r in rows]
    longest = [max([len(w) for r in cells for w in r[i].split()] + [len(c)]) for i, c in enumerate(columns)]
    if sum(longest) + 2 * (len(columns) - 1) > console.width:
        print(wrap(title, 0, 2, console.width))
        for r in cells:
            print("")
            print(wrap(r[0], 0, 2, console.width))
            for c, v in zip(columns[1:], r[1:]):
                if v:
                    print(wrap(f"{c}: {v}", 2, 2, console.width))
        return
    table = Table(title=title, title_justify="left", show_lines=False, box=None, pad_edge=False,
                  header_style="bold")
    for c in columns:
        table.add_column(c, overflow="fold")
    for r in cells:
        table.add_row(*r)
    console.print(table)
