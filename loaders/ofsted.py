"""Ofsted's own record: the official statistics, the scraped report table and the report texts.

Reads the files described in ../shared/reference/ofsted/README.md and turns them into one
judgement per inspection, whichever files mention it; every file that states an inspection
is a citation of it, with what that file says (grade, dates) so disagreements stay visible.

ODS workbooks are read with python-calamine (Rust calamine): it reads a 2 MB ODS in well
under a second, with no pandas/odfpy stack (odfpy takes tens of seconds on the 2023 workbook).

Pre-2013 frameworks (SLAC, CPI, TLAC) graded "adequate"; the 2023 workbook prints that
grade with the later wording "Requires improvement to be good". For those frameworks it is
stored as `adequate`, and the citation's note says so.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

from graph.model import Authority
from loaders.register import Register, normalise

OGL = "Contains public sector information licensed under the Open Government Licence v3.0."
RELEASE_URL = "https://www.gov.uk/government/collections/childrens-social-care-statistics"
SCRAPE_REPO = "https://github.com/JT-39/ofsted-ilacs-scrape-tool"
PRE_2013 = ("slac", "cpi", "tlac")
VISIT_TYPES = ("focused_visit", "monitoring_visit")
GRADES = {"outstanding": "outstanding", "good": "good", "requires improvement to be good": "requires_improvement",
          "requires improvement": "requires_improvement", "inadequate": "inadequate", "adequate": "adequate"}
SUBS = ("help_and_protection", "children_in_care", "care_leavers", "leadership", "adoption")
FIELDS = ("inspection_start", "inspection_end", "published", "overall", *SUBS)


class OfstedError(Exception):
    """A file that is missing or not shaped as expected (names the file)."""


def grade(value: Any, type_: str | None = None) -> str | None:
    """A cell's grade in the vocabulary; None for blanks and the scrape tool's markers."""
    if not isinstance(value, str):
        return None
    g = GRADES.get(re.sub(r"\s+", " ", value).strip().lower())
    if g == "requires_improvement" and type_ in PRE_2013:
        return "adequate"
    return g


def day(value: Any) -> str | None:
    """ISO day from a spreadsheet date cell (datetime) or dd/mm/yy(yy) text."""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, str) and value.strip():
        for fmt in ("%d/%m/%Y", "%d/%m/%y", "%Y-%m-%d"):
            try:
                return dt.datetime.strptime(value.strip(), fmt).date().isoformat()
            except ValueError:
                continue
    return None


def _days(a: str, b: str) -> int:
    return abs((dt.date.fromisoformat(a) - dt.date.fromisoformat(b)).days)


@dataclass
class Statement:
    """One file's statement of one inspection."""

    authority_id: str
    type: str | None  # None: the file does not say which framework for sure (the scraped rows)
    title: str
    source_id: str
    values: dict[str, str]  # FIELDS -> value, only those the file states
    spans: list[list[int]] = field(default_factory=list)
    note: str | None = None
    hint: str | None = None  # the framework to assume when no other file states the inspection


@dataclass
class Inspection:
    """One inspection, merged from every statement of it."""

    authority_id: str
    type: str
    title: str
    values: dict[str, str] = field(default_factory=dict)
    statements: list[Statement] = field(default_factory=list)

    def add(self, s: Statement) -> None:
        self.statements.append(s)
        if self.type == "other" and s.type:
            self.type = s.type
        if s.title and not self.title:
            self.title = s.title
        for k, v in s.values.items():
            self.values.setdefault(k, v)  # files are added most authoritative first

    def matches(self, s: Statement, tolerance: int = 14) -> int | None:
        """How far apart (days) this inspection and a statement are, or None if they are not the same one."""
        if s.authority_id != self.authority_id:
            return None
        visit = self.type in VISIT_TYPES
        if s.type is not None and s.type != self.type and not (s.type == "other" and not visit):
            return None
        if s.type is None and visit:
            return None
        mine, theirs = self.values, s.values
        if mine.get("inspection_start") and theirs.get("inspection_start"):
            d = _days(mine["inspection_start"], theirs["inspection_start"])
            return d if d <= 7 else None
        if mine.get("published") and theirs.get("published"):
            d = _days(mine["published"], theirs["published"])
            return d if d <= tolerance else None
        return None


@dataclass
class SourceRecord:
    id: str
    url: str
    title: str
    publisher: str
    published: str | None
    file: str | None = None
    note: str | None = None

    def as_json(self) -> dict[str, Any]:
        out = {"id": self.id, "url": self.url, "title": self.title, "publisher": self.publisher,
               "published": self.published, "file": self.file}
        if self.note:
            out["published_note"] = self.note
        return out


class Authorities:
    """Names and codes in the files -> register authorities (former ones when the file says so)."""

    def __init__(self, register: Register) -> None:
        self.register = register
        self.by_dfe: dict[str, list[Authority]] = {}
        for a in register.authorities.values():
            if a.dfe_code:
                self.by_dfe.setdefault(a.dfe_code, []).append(a)

    def by_code(self, gss: str) -> Authority | None:
        """The authority of a GSS code; a code that only changed (same council, same DfE number and name,
        e.g. Barnsley's in 2025) is read as the current code, so one council's inspections stay together."""
        auth = self.register.authorities.get(gss.strip()) if gss else None
        if auth is not None and auth.valid_to and auth.dfe_code:
            same = [a for a in self.by_dfe.get(auth.dfe_code, [])
                    if not a.valid_to and normalise(a.name) == normalise(auth.name)]
            if len(same) == 1:
                return same[0]
        return auth

    def by_name(self, name: str, former: bool = False, kind: str = "") -> Authority | None:
        ids = self.register._index.get(normalise(name)) or []
        cands = [self.register.authorities[i] for i in ids]
        if not cands:
            return self.register.find(name)
        if former:
            old = [a for a in cands if a.valid_to]
            cands = old or cands
        else:
            cands = [a for a in cands if not a.valid_to] or cands
        if len(cands) > 1 and kind:
            want = "county" if "county" in kind.lower() else "unitary"
            cands = [a for a in cands if a.kind == want] or cands
        return sorted(cands, key=lambda a: a.valid_to or "9999")[-1] if len(cands) > 1 else cands[0]


# -- reading ODS -------------------------------------------------------------------------------------------

def _workbook(path: Path) -> Any:
    try:
        from python_calamine import CalamineWorkbook

        return CalamineWorkbook.from_path(str(path))
    except Exception as exc:  # calamine raises its own error types for unreadable files
        raise OfstedError(f"{path}: cannot read the workbook ({exc})") from exc


def _sheet(wb: Any, path: Path, *words: str) -> list[list[Any]]:
    for name in wb.sheet_names:
        low = name.lower()
        if all(w in low for w in words):
            return wb.get_sheet_by_name(name).to_python()
    raise OfstedError(f"{path}: no sheet whose name has {', '.join(words)} (sheets: {', '.join(wb.sheet_names)})")


def _tables(rows: list[list[Any]]) -> list[tuple[int, list[str], list[list[Any]]]]:
    """Each table in a sheet: (header row number, header, data rows); a header row starts 'Web link'."""
    out = []
    i = 0
    while i < len(rows):
        if rows[i] and isinstance(rows[i][0], str) and rows[i][0].strip().lower() == "web link":
            header = [str(c).strip() for c in rows[i]]
            data = []
            j = i + 1
            while j < len(rows) and any(str(c).strip() for c in rows[j]) and not (
                    isinstance(rows[j][0], str) and rows[j][0].strip().lower() == "web link"):
                if str(rows[j][1]).strip():
                    data.append(rows[j])
                j += 1
            out.append((i + 1, header, data))
            i = j
        else:
            i += 1
    return out


def _col(header: list[str], *words: str, exclude: tuple[str, ...] = ()) -> int | None:
    for i, h in enumerate(header):
        low = re.sub(r"\s+", " ", h).lower()
        if all(w in low for w in words) and not any(x in low for x in exclude):
            return i
    return None


def _cover(wb: Any, path: Path) -> tuple[str, str | None]:
    rows = _sheet(wb, path, "cover")
    title = str(rows[0][0]).strip() if rows and rows[0] else path.stem
    if title.lower().startswith("cover sheet"):
        policy = next((r[1] for r in rows if r and str(r[0]).lower().startswith("policy area")), None)
        title = str(policy).strip() if policy else path.stem
    published = next((day(r[1]) for r in rows if len(r) > 1 and str(r[0]).lower().startswith("published")), None)
    return title, published


def _release_source(wb: Any, path: Path) -> SourceRecord:
    title, published = _cover(wb, path)
    year = (published or "x")[:4]
    slug = re.sub(r"[^a-z0-9]+", "-", path.stem.lower()).strip("-")
    return SourceRecord(f"ofsted-stats:{slug}", RELEASE_URL, f"{title} (official statistics, {path.name})", "Ofsted",
                        published, note=f"Crown copyright {year}. {OGL}")


ILACS_TYPES = {"standard": "ILACS standard inspection", "short": "ILACS short inspection"}


def _ilacs_kind(text: Any) -> tuple[str, str] | None:
    """A workbook's 'Inspection type' cell -> (type, title)."""
    low = str(text or "").lower()
    if "focused" in low:
        return "focused_visit", "ILACS focused visit"
    if "monitoring" in low:
        return "monitoring_visit", "monitoring visit"
    for key, title in ILACS_TYPES.items():
        if key in low:
            return "ilacs", title
    return None


def read_outcomes(path: Path, auths: Authorities) -> tuple[SourceRecord, list[Statement]]:
    """An 'LA inspection outcomes as at 31 March' workbook: ILACS history and the year's visits."""
    wb = _workbook(path)
    src = _release_source(wb, path)
    out: list[Statement] = []
    history = _sheet(wb, path, "ilacs")
    for hdr_row, header, data in _tables(history):
        name_c, code_c, status_c = _col(header, "name"), _col(header, "area code"), _col(header, "status")
        if _col(header, "first ilacs") is not None:  # the 2024 layout: first and second ILACS side by side
            blocks = [(p, _col(header, p, "publication"), _col(header, p, "type"), _col(header, p, "overall"),
                       _col(header, p, "leaders"), _col(header, p, "help and protection"),
                       _col(header, p, "children in care"), _col(header, p, "care leavers", exclude=("in care",)))
                      for p in ("first", "second")]
        else:
            blocks = [("", _col(header, "publication"), _col(header, "type"), _col(header, "overall"),
                       _col(header, "leaders"), _col(header, "help and protection"), _col(header, "children in care"),
                       _col(header, "care leavers", exclude=("in care",)))]
        insp_c = _col(header, "inspection date")
        if name_c is None:
            raise OfstedError(f"{path}: the ILACS sheet's table at row {hdr_row} has no 'Local authority name' column")
        former_table = hdr_row > 10  # the second table: authorities that no longer exist
        for row in data:
            former = former_table or (status_c is not None and "no longer" in str(row[status_c]).lower())
            auth = (auths.by_code(str(row[code_c])) if code_c is not None else None) or \
                auths.by_name(str(row[name_c]), former=former)
            if auth is None:
                raise OfstedError(f"{path}: sheet ILACS, row {data.index(row) + hdr_row + 1}: unknown authority "
                                  f"{row[name_c]!r}")
            for _, pub_c, type_c, oe_c, lead_c, hp_c, cic_c, cl_c in blocks:
                pub = day(row[pub_c]) if pub_c is not None else None
                kind = _ilacs_kind(row[type_c]) if type_c is not None else None
                if not pub or kind is None:
                    continue
                values = {"published": pub}
                if insp_c is not None and day(row[insp_c]):
                    values["inspection_start"] = day(row[insp_c])  # type: ignore[assignment]
                for key, c in (("overall", oe_c), ("leadership", lead_c), ("help_and_protection", hp_c),
                               ("children_in_care", cic_c), ("care_leavers", cl_c)):
                    g = grade(row[c]) if c is not None else None
                    if g:
                        values[key] = g
                out.append(Statement(auth.id, kind[0], kind[1], src.id, values))
    in_year = _sheet(wb, path, "year")
    for hdr_row, header, data in _tables(in_year):
        name_c, code_c = _col(header, "name"), _col(header, "area code")
        date_c, pub_c, type_c = _col(header, "visit date"), _col(header, "publication"), _col(header, "type")
        theme_c = _col(header, "theme")
        if name_c is None:
            raise OfstedError(f"{path}: the in-year sheet's table at row {hdr_row} has no 'Local authority name' column")
        cols = {"overall": _col(header, "overall"), "leadership": _col(header, "leaders"),
                "help_and_protection": _col(header, "help and protection"),
                "children_in_care": _col(header, "children in care"),
                "care_leavers": _col(header, "care leavers", exclude=("in care",))}
        for row in data:
            auth = (auths.by_code(str(row[code_c])) if code_c is not None else None) or auths.by_name(str(row[name_c]))
            kind = _ilacs_kind(row[type_c]) if type_c is not None else None
            if auth is None or kind is None:
                continue
            values = {}
            d = day(row[date_c]) if date_c is not None else None
            p = day(row[pub_c]) if pub_c is not None else None
            if d:
                values["inspection_start"] = d
            if p:
                values["published"] = p
            if not values:
                continue
            for key, c in cols.items():
                g = grade(row[c]) if c is not None else None
                if g:
                    values[key] = g
            title = kind[1]
            if kind[0] in VISIT_TYPES and theme_c is not None and str(row[theme_c]).strip():
                title = f"{title}: {str(row[theme_c]).strip()}"
            out.append(Statement(auth.id, kind[0], title, src.id, values))  # type: ignore[arg-type]
    return src, out


# The 2009-2023 table: (type, title, publication column words, overall column words, sub-judgement columns)
_HISTORY_BLOCKS: list[tuple[str, str, tuple[str, ...], tuple[str, ...], dict[str, tuple[str, ...]]]] = [
    ("slac", "safeguarding and looked after children inspection", ("(slac) inspection publication",),
     ("slac safeguarding overall",), {"children_in_care": ("slac looked after children overall",)}),
    ("slac", "re-inspection of safeguarding (SLAC)", ("slac re-inspection of safeguarding publication",),
     ("slac re-inspection safeguarding oe",), {}),
    ("slac", "re-inspection of services for looked after children (SLAC)",
     ("slac re-inspection of services for children looked after publication",), (),
     {"children_in_care": ("slac re-inspection of services children looked after oe",)}),
    ("cpi", "inspection of child protection arrangements", ("(cpi) publication",), ("cpi overall",), {}),
    ("cpi", "child protection re-inspection", ("(cpri) publication",), ("cpri overall",), {}),
    ("tlac", "targeted inspection of services for looked after children", ("(tlac) inspection publication",),
     ("tlac overall",), {}),
    ("sif", "single inspection framework (SIF)", ("first sif publication",), ("first sif overall",),
     {"help_and_protection": ("first sif children who need help",),
      "children_in_care": ("first sif children looked after and achieving",),
      "adoption": ("first sif cla sub: adoption",), "care_leavers": ("first sif cla sub: experiences",),
      "leadership": ("first sif leadership",)}),
    ("sif", "SIF re-inspection", ("sif re-inspection publication",), ("sif re-inspection overall",),
     {"help_and_protection": ("sif re-inspection children who need help",),
      "children_in_care": ("sif re-inspection children looked after and achieving",),
      "adoption": ("sif re-inspection cla sub: adoption",), "care_leavers": ("sif re-inspection cla sub: experiences",),
      "leadership": ("sif re-inspection leadership",)}),
]
_ILACS_BLOCKS: list[tuple[str, tuple[str, ...], tuple[str, ...], dict[str, tuple[str, ...]]]] = [(p, (f"{p}ilacs framework publication",), (f"{p}ilacs framework overall",),
                  {"leadership": (f"{p}ilacs framework impact of leaders",),
                   "help_and_protection": (f"{p}ilacs framework experiences and progress of children who need",),
                   "children_in_care": (f"{p}ilacs framework experiences and progress of children in care",),
                   "care_leavers": (f"{p}ilacs framework experiences and progress of care leavers",)})
                 for p in ("first ", "second ", "")]
ADEQUATE_NOTE = ("the workbook prints this pre-2013 grade as 'Requires improvement to be good', the wording that "
                 "replaced 'adequate' in 2013; stored as adequate")


def read_history(path: Path, auths: Authorities) -> tuple[SourceRecord, list[Statement]]:
    """The 2023 underlying data, sheet LA_inspections_2009-2023 (and its table for restructured authorities)."""
    wb = _workbook(path)
    src = _release_source(wb, path)
    rows = _sheet(wb, path, "la_inspections_2009")
    out: list[Statement] = []
    tables = _tables(rows)
    if not tables:
        raise OfstedError(f"{path}: sheet LA_inspections_2009-...: no table header ('Web link') found")
    for n, (hdr_row, header, data) in enumerate(tables):
        low = [re.sub(r"\s+", " ", h).strip().lower() for h in header]

        def find(words: tuple[str, ...]) -> int | None:
            for w in words:
                for i, h in enumerate(low):
                    if w in h:
                        return i
            return None

        name_c, kind_c = find(("local authority name",)), find(("authority type",))
        if name_c is None:
            raise OfstedError(f"{path}: the table at row {hdr_row} has no 'Local authority name' column")
        ilacs_type_cs = [(p, find((f"{p}ilacs framework inspection type",))) for p in ("first ", "second ", "")]
        for row in data:
            auth = auths.by_name(str(row[name_c]), former=n > 0, kind=str(row[kind_c]) if kind_c is not None else "")
            if auth is None:
                raise OfstedError(f"{path}: row {hdr_row + data.index(row) + 1}: unknown authority {row[name_c]!r}")
            for type_, title, pub_w, oe_w, sub_w in _HISTORY_BLOCKS:
                pc = find(pub_w)
                pub = day(row[pc]) if pc is not None else None
                if not pub:
                    continue
                values: dict[str, str] = {"published": pub}
                oc = find(oe_w) if oe_w else None
                shown_ri = False
                if oc is not None and grade(row[oc], type_):
                    values["overall"] = grade(row[oc], type_)  # type: ignore[assignment]
                    shown_ri |= values["overall"] == "adequate"
                for key, words in sub_w.items():
                    c = find(words)
                    if c is not None and grade(row[c], type_):
                        values[key] = grade(row[c], type_)  # type: ignore[assignment]
                        shown_ri |= values[key] == "adequate"
                out.append(Statement(auth.id, type_, title, src.id, values, note=ADEQUATE_NOTE if shown_ri else None))
            for (prefix, pub_w, oe_w, sub_w), (_, tc) in zip(_ILACS_BLOCKS, ilacs_type_cs):
                pc = find(pub_w)
                if pc is None or tc is None or not day(row[pc]) or _ilacs_kind(row[tc]) is None:
                    continue
                kind = _ilacs_kind(row[tc])
                assert kind is not None
                values = {"published": day(row[pc])}  # type: ignore[dict-item]
                oc = find(oe_w)
                if oc is not None and grade(row[oc]):
                    values["overall"] = grade(row[oc])  # type: ignore[assignment]
                for key, words in sub_w.items():
                    c = find(words)
                    if c is not None and grade(row[c]):
                        values[key] = grade(row[c])  # type: ignore[assignment]
                out.append(Statement(auth.id, kind[0], kind[1], src.id, values))
    return src, out


# -- the scraped table, the lookup and the report texts ----------------------------------------------------

_MONTHS = {m.lower(): i for i, m in enumerate(
    ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November",
     "December"], 1)}
_MONTH = r"(January|February|March|April|May|June|July|August|September|October|November|December)"
_DATES = re.compile(
    rf"Inspection dates?:?\s+(\d{{1,2}})(?:\s+{_MONTH})?(?:\s+(\d{{4}}))?\s*(?:to|–|-|and)\s*(\d{{1,2}})\s+{_MONTH}\s+(\d{{4}})",
    re.IGNORECASE)
_GRADE_WORDS = r"(Outstanding|Good|Requires improvement to be good|Requires improvement|Inadequate)"
_OVERALL = re.compile(rf"Overall\s+effectiveness\s*:?\s*{_GRADE_WORDS}", re.IGNORECASE)
_SIF_OVERALL = re.compile(
    r"The overall judgement is that children.s services\s+(are\s+outstanding|are\s+good|require\s+improvement|"
    r"are\s+inadequate)", re.IGNORECASE)


def read_report(text: str) -> dict[str, Any]:
    """Inspection dates and the span where the overall grade is stated, when the text has them."""
    out: dict[str, Any] = {}
    head = text[:6000]
    m = _DATES.search(head)
    if m:
        d1, m1, y1, d2, m2, y2 = m.groups()
        try:
            end = dt.date(int(y2), _MONTHS[m2.lower()], int(d2))
            start = dt.date(int(y1 or y2), _MONTHS[(m1 or m2).lower()], int(d1))
            if start <= end and (end - start).days < 120:
                out["inspection_start"], out["inspection_end"] = start.isoformat(), end.isoformat()
                out["date_span"] = [m.start(), m.end()]
        except (ValueError, KeyError):
            pass
    g = _OVERALL.search(head)
    if g:
        out["overall"] = grade(re.sub(r"\s+", " ", g.group(1)))
        out["grade_span"] = [g.start(), g.end()]
    else:
        s = _SIF_OVERALL.search(head)
        if s:
            words = re.sub(r"\s+", " ", s.group(1)).lower()
            out["overall"] = {"are outstanding": "outstanding", "are good": "good",
                              "require improvement": "requires_improvement", "are inadequate": "inadequate"}[words]
            out["grade_span"] = [s.start(), s.end()]
    return out


def _scraped_grade(value: str) -> str | None:
    return grade(value.replace("_", " ")) if value else None


def read_scraped(root: Path, auths: Authorities, with_texts: bool = True
                 ) -> tuple[list[SourceRecord], list[Statement], list[str]]:
    """scraped/ofsted_csc_ilacs_history.csv (+ the URN lookup and report texts): one statement per report."""
    table, lookup = root / "scraped" / "ofsted_csc_ilacs_history.csv", root / "scraped" / "Provider_data_lookup.csv"
    for p in (table, lookup):
        if not p.is_file():
            raise OfstedError(f"{p}: not found")
    urn_gss: dict[str, str] = {}
    with open(lookup, encoding="utf-8-sig", newline="") as fh:
        for row in csv.DictReader(fh):
            urn_gss[row["urn"].strip()] = row["la_code_new"].strip()
    texts: dict[str, str] = {}
    index = root / "reports" / "index.csv"
    if index.is_file():
        with open(index, encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh):
                if row.get("text_extracted") == "yes":
                    texts[row["inspection_link"]] = row["text_file"]
    sources: list[SourceRecord] = []
    out: list[Statement] = []
    notes: list[str] = []
    with open(table, encoding="utf-8", newline="") as fh:
        for lineno, row in enumerate(csv.DictReader(fh), 2):
            auth = auths.by_code(urn_gss.get(row["urn"].strip(), ""))
            if auth is None:
                notes.append(f"{table.name}:{lineno}: URN {row['urn']} is not in the lookup; row skipped")
                continue
            link = row["inspection_link"].strip()
            pub = day(row["publication_date"])
            fid = link.rstrip("/").rsplit("/", 1)[-1]
            text_file = texts.get(link)
            sid = f"ofsted-report:{fid}"
            name = auth.name
            sources.append(SourceRecord(
                sid, link, f"Children's services inspection report: {name} (published {pub})", "Ofsted", pub,
                file=f"reference/ofsted/{text_file}" if text_file else None,
                note=f"report link and dates from {SCRAPE_REPO} (commit 54af59b). {OGL}"))
            framework = row["inspection_framework"].strip().lower()
            values: dict[str, str] = {}
            if pub:
                values["published"] = pub
            for key, col in (("inspection_start", "inspection_start_date"), ("inspection_end", "inspection_end_date")):
                if day(row[col]):
                    values[key] = day(row[col])  # type: ignore[assignment]
            for key, col in (("overall", "overall_effectiveness_grade"), ("leadership", "impact_of_leaders_grade"),
                             ("help_and_protection", "help_and_protection_grade"),
                             ("children_in_care", "in_care_grade"), ("care_leavers", "care_leavers_grade")):
                g = _scraped_grade(row[col].strip())
                if g:
                    values[key] = g
            # the scrape tool's framework column is not reliable before ILACS (a 2018 SIF re-inspection reads
            # "standard"), so the type comes from the workbooks; it is only a hint for reports they lack
            hint = "ilacs" if framework and pub and pub >= "2018-04-01" else None
            title = ILACS_TYPES.get(framework, "ILACS inspection") if hint else ""
            note = None
            if row["overall_effectiveness_grade"].strip() == "not_reported_post_reform":
                note = "after April 2026 Ofsted gives no overall effectiveness grade: only the sub-judgements"
            spans: list[list[int]] = []
            if with_texts and text_file and (root / text_file).is_file():
                found = read_report((root / text_file).read_text(encoding="utf-8"))
                for key in ("inspection_start", "inspection_end"):
                    if key in found and key not in values:
                        values[key] = found[key]
                if found.get("overall") and "overall" not in values:
                    values["overall"] = found["overall"]
                spans = [s for s in (found.get("grade_span"), found.get("date_span")) if s]
            out.append(Statement(auth.id, None, title, sid, values, spans, note, hint))
    return sources, out, notes


# -- merging ------------------------------------------------------------------------------------------------

def merge(statements: Iterable[Statement]) -> list[Inspection]:
    """One inspection per group of statements that agree on authority, framework and dates."""
    by_auth: dict[str, list[Inspection]] = {}
    for s in statements:
        cands = by_auth.setdefault(s.authority_id, [])
        best: tuple[int, Inspection] | None = None
        for insp in cands:
            d = insp.matches(s)
            if d is not None and (best is None or d < best[0]):
                best = (d, insp)
        if best is None:
            insp = Inspection(s.authority_id, s.type or s.hint or "other",
                              s.title or ("" if s.type or s.hint else "report published by Ofsted; the files do not "
                                          "state its framework"))
            cands.append(insp)
            insp.add(s)
        else:
            best[1].add(s)
    return [i for group in by_auth.values() for i in group]


def _fact(insp: Inspection, ids: set[str]) -> dict[str, Any]:
    from graph.dates import PartialDate
    from graph.model import Judgement

    v = insp.values
    date = v.get("inspection_start") or v.get("published")
    jid = Judgement.make_id(insp.authority_id, insp.type, PartialDate.parse(date) if date else None)
    if jid in ids:
        jid = f"{jid}:{re.sub(r'[^a-z0-9]+', '-', insp.title.lower()).strip('-')}"
    ids.add(jid)
    fact: dict[str, Any] = {"kind": "judgement", "origin": "official", "id": jid, "authority": insp.authority_id,
                            "type": insp.type}
    if insp.title:
        fact["title"] = insp.title
    for k in FIELDS:
        if v.get(k):
            fact[k] = v[k]
    if fact.get("inspection_start") and fact.get("inspection_end") and fact["inspection_end"] < fact["inspection_start"]:
        fact.pop("inspection_end")
    # every citation says what its file states (dates, grades), so a curated or extracted source that
    # disagrees shows beside Ofsted's own files in `tenure conflicts`
    cites = []
    for s in _one_per_source(insp.statements):
        c: dict[str, Any] = {"source": s.source_id, "at": s.spans}
        if s.values:
            c["says"] = dict(s.values)
        if s.note:
            c["note"] = s.note
        cites.append(c)
    fact["cites"] = cites
    return fact


def _one_per_source(statements: list[Statement]) -> list[Statement]:
    """One citation per source: a workbook that states an inspection on two sheets is cited once."""
    out: dict[str, Statement] = {}
    for s in statements:
        first = out.get(s.source_id)
        if first is None:
            out[s.source_id] = Statement(s.authority_id, s.type, s.title, s.source_id, dict(s.values),
                                         list(s.spans), s.note, s.hint)
            continue
        for k, v in s.values.items():
            if k not in first.values:
                first.values[k] = v
            elif first.values[k] != v:
                extra = f"another sheet of this file gives {k.replace('_', ' ')} {v}"
                first.note = f"{first.note}; {extra}" if first.note else extra
        first.spans += [sp for sp in s.spans if sp not in first.spans]
        if s.note and s.note not in (first.note or ""):
            first.note = f"{first.note}; {s.note}" if first.note else s.note
    return list(out.values())


DEFAULT_FILES = {
    "outcomes": ["official/LA_Inspection_Outcomes_as_at_31_March_2025.ods",
                 "official/LA_Inspection_Outcomes_as_at_March_2024.ods"],
    "history": ["official/Childrens_social_care_in_England_2023_underlying_data.ods"],
}


def find_files(root: Path) -> tuple[list[Path], list[Path]]:
    """Outcome workbooks (newest first) and the 2009- history workbook(s) in a folder laid out like ../shared's."""
    official = root / "official" if (root / "official").is_dir() else root
    outcomes = sorted(official.glob("LA_Inspection_Outcomes*.ods"), key=lambda p: _edition_key(p.name), reverse=True)
    history = sorted(official.glob("*underlying_data*.ods"), reverse=True)
    if not outcomes and not history:
        raise OfstedError(f"{official}: no LA_Inspection_Outcomes*.ods or *underlying_data*.ods workbook found")
    return outcomes, history


def _edition_key(name: str) -> str:
    m = re.search(r"(20\d\d)", name)
    return m.group(1) if m else name


@dataclass
class National:
    facts: list[dict[str, Any]]
    sources: list[SourceRecord]
    notes: list[str]


def load_national(root: Path, register: Register, with_texts: bool = True) -> National:
    """Read every file under `root` and merge: the facts and sources `tenure import ofsted` writes."""
    auths = Authorities(register)
    outcomes, history = find_files(root)
    sources: list[SourceRecord] = []
    statements: list[Statement] = []
    for p in outcomes:  # newest edition first: it corrects the older ones
        src, rows = read_outcomes(p, auths)
        sources.append(src)
        statements += rows
    for p in history:
        src, rows = read_history(p, auths)
        sources.append(src)
        statements += rows
    notes: list[str] = []
    if (root / "scraped").is_dir():
        reports, rows, notes = read_scraped(root, auths, with_texts)
        sources += reports
        statements += rows
    inspections = merge(statements)
    inspections.sort(key=lambda i: (i.authority_id, i.values.get("inspection_start") or i.values.get("published") or "",
                                    i.type))
    ids: set[str] = set()
    facts = [_fact(i, ids) for i in inspections]
    used = {c["source"] for f in facts for c in f["cites"]}
    seen: set[str] = set()
    unique = []
    for s in sources:
        if s.id in used and s.id not in seen:
            seen.add(s.id)
            unique.append(s)
    return National(facts, unique, notes)


def write_national(national: National, data_dir: Path) -> tuple[Path, Path]:
    """data/facts/ofsted-judgements.jsonl and data/sources-ofsted.jsonl, rewritten atomically."""
    import json
    import os

    facts_path = data_dir / "facts" / "ofsted-judgements.jsonl"
    sources_path = data_dir / "sources-ofsted.jsonl"
    for path, items in ((facts_path, national.facts), (sources_path, [s.as_json() for s in national.sources])):
        tmp = path.with_suffix(".jsonl.tmp")
        with open(tmp, "w", encoding="utf-8") as fh:
            for item in items:
                fh.write(json.dumps(item, ensure_ascii=False, sort_keys=False) + "\n")
        os.replace(tmp, path)
    return facts_path, sources_path
