"""Ofsted's statements of how long a leader had been in post, read from the report texts.

SIF reports (2013-17) say "the director of children's services has been in post
since May 2012"; ILACS reports say "the DCS, appointed in March 2022" or
"appointed 17 months ago". None of them names the person. Each statement becomes
unnamed *seat evidence*: a post (authority + role), the date the holder started
(with its precision, and a note when it was counted back), the day the report
speaks for (the inspection's last day, else publication) and the character span
of the statement in the report text. `loaders/seats.py` then links it to a named
tenure where the dates agree.

Run `python -m loaders.ofsted_seats DIR > data/facts/ofsted-seats.yaml` (DIR is
Ofsted's `reference/ofsted` folder) to regenerate the bundled file.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from graph.dates import PartialDate

MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
          "november", "december")
_MONTH = r"(?:" + "|".join(m.capitalize() for m in MONTHS) + "|" + "|".join(MONTHS) + r")"
_WORD_NUMBERS = {w: i for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
    "seventeen eighteen nineteen twenty".split())}
_NUM = r"(?:\d{1,2}|" + "|".join(_WORD_NUMBERS) + r")"
_S = r"[\s\u00a0]+"  # line breaks and hard spaces from the PDF text
_APOS = r"[’']"
_ROLE = (r"(?P<role>(?:(?:current|new|newly" + _S + r"appointed|interim|acting|permanent|substantive)" + _S + r")*"
         r"(?:director" + _S + r"of" + _S + r"children" + _APOS + r"s" + _S + r"services(?:" + _S + r"\(DCS\))?"
         r"|DCS|chief" + _S + r"executive(?:" + _S + r"officer)?))")
_DATE = (r"(?P<date>(?:(?P<day>\d{1,2})" + _S + r")?(?P<month>" + _MONTH + r")" + _S + r"(?P<year>(?:19|20)\d\d)"
         r"|(?P<yonly>(?:19|20)\d\d)"
         r"|(?P<n>" + _NUM + r")" + _S + r"(?P<unit>months?|years?)" + _S + r"ago)")
_VERB = (r"(?:,?" + _S + r"who" + _S + r")?,?" + _S + r"(?P<verb>has" + _S + r"been" + _S + r"in" + _S + r"post"
         + _S + r"since|(?:was" + _S + r")?appointed(?:" + _S + r"in)?|has" + _S + r"been" + _S + r"in" + _S
         + r"post" + _S + r"for)")
STATEMENT = re.compile(r"\b" + _ROLE + _VERB + _S + _DATE, re.I)
_DURATION = re.compile(r"(?P<n>" + _NUM + r")" + _S + r"(?P<unit>months?|years?)\b", re.I)
_INSPECTED = re.compile(r"Inspection" + _S + r"dates?:?" + _S + r"(?P<a>[^\n]{4,40}?)" + _S
                        + r"(?:to|–|-)" + _S + r"(?P<b>\d{1,2}" + _S + _MONTH + _S + r"\d{4})", re.I)
_INTERIM = re.compile(r"\b(interim|acting)\b", re.I)


@dataclass(frozen=True, slots=True)
class SeatStatement:
    """One report's statement of how long the holder of a post had been in it."""

    report: str          # path of the text, relative to the Ofsted folder
    url: str
    urn: str
    authority_code: str  # GSS code
    authority_name: str
    published: PartialDate
    as_of: PartialDate   # the day the statement speaks for
    as_of_basis: str     # "inspection end" or "publication"
    role: str
    since: PartialDate
    counted_back: str | None  # how `since` was derived, when it was not stated
    interim: bool
    char_start: int
    char_end: int


def _day(text: str) -> dt.date | None:
    for fmt in ("%d %B %Y", "%d %b %Y"):
        try:
            return dt.datetime.strptime(re.sub(r"\s+", " ", text.strip()), fmt).date()
        except ValueError:
            continue
    return None


def inspection_end(text: str) -> dt.date | None:
    """The inspection's last day, from the report's cover ("Inspection dates: 2 July 2014 – 23 July 2014")."""
    m = _INSPECTED.search(text[:4000])
    return _day(m.group("b")) if m else None


def _months_back(day: dt.date, months: int) -> PartialDate:
    index = day.year * 12 + day.month - 1 - months
    return PartialDate.parse(f"{index // 12:04d}-{index % 12 + 1:02d}")


def _number(word: str) -> int:
    return int(word) if word.isdigit() else _WORD_NUMBERS[word.lower()]


def statements(text: str, anchor: dt.date) -> Iterator[tuple[str, PartialDate, str | None, bool, int, int]]:
    """(role, since, how it was counted, interim, start, end) for each statement in a report's text."""
    for m in STATEMENT.finditer(text):
        role_words = re.sub(r"\s+", " ", m.group("role")).lower()
        role = "chief_executive" if "chief executive" in role_words else "director_of_childrens_services"
        verb = re.sub(r"\s+", " ", m.group("verb")).lower()
        note: str | None = None
        if m.group("n"):
            months = _number(m.group("n")) * (12 if m.group("unit").lower().startswith("year") else 1)
            since = _months_back(anchor, months)
            note = f"counted back {months} months from {anchor.isoformat()}"
        elif verb.endswith(" for"):
            continue  # "in post for" + a date is not a duration we can read
        elif m.group("yonly"):
            since = PartialDate.parse(m.group("yonly"))
        else:
            month = MONTHS.index(m.group("month").lower()) + 1
            day = m.group("day")
            since = PartialDate.parse(f"{m.group('year')}-{month:02d}" + (f"-{int(day):02d}" if day else ""))
        if since.first() > anchor:
            continue
        tail = text[m.end(): m.end() + 60]
        interim = bool(_INTERIM.search(role_words)) or bool(_INTERIM.search(tail.split(".")[0]))
        yield role, since, note, interim, m.start(), m.end()
    for m in re.finditer(r"\b" + _ROLE + r"(?:" + _S + r"has)?" + _S + r"been" + _S + r"in" + _S + r"post" + _S
                         + r"for" + _S + r"(?:(?:just|only|almost|nearly|over|around)" + _S + r")?"
                         + r"(?P<n>" + _NUM + r")" + _S + r"(?P<unit>months?|years?)\b", text, re.I):
        role_words = re.sub(r"\s+", " ", m.group("role")).lower()
        role = "chief_executive" if "chief executive" in role_words else "director_of_childrens_services"
        months = _number(m.group("n")) * (12 if m.group("unit").lower().startswith("year") else 1)
        yield (role, _months_back(anchor, months), f"counted back {months} months from {anchor.isoformat()}",
               bool(_INTERIM.search(role_words)), m.start(), m.end())


def read_index(ofsted_dir: Path) -> list[dict[str, str]]:
    with open(ofsted_dir / "reports" / "index.csv", encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def gss_by_urn(ofsted_dir: Path) -> dict[str, tuple[str, str]]:
    """Ofsted URN -> (GSS code, ONS name), from the scrape tool's lookup."""
    with open(ofsted_dir / "scraped" / "Provider_data_lookup.csv", encoding="utf-8-sig", newline="") as fh:
        return {r["urn"]: (r["la_code_new"], r["local_authority_ons_name"]) for r in csv.DictReader(fh)}


def report_source_id(link: str) -> str:
    """The source id of one Ofsted report, from its file link (the national record's loader uses the same)."""
    return f"ofsted-report:{link.rstrip('/').rsplit('/', 1)[-1]}"


def seat_statements(ofsted_dir: Path) -> list[SeatStatement]:
    """Every statement of a DCS's or chief executive's time in post in the report texts."""
    lookup = gss_by_urn(ofsted_dir)
    out: list[SeatStatement] = []
    for row in read_index(ofsted_dir):
        if not row.get("text_extracted", "").startswith("yes") or row["urn"] not in lookup:
            continue
        path = ofsted_dir / row["text_file"]
        if not path.is_file():
            continue
        text = path.read_text(encoding="utf-8")
        published = dt.date.fromisoformat(path.stem)
        end = inspection_end(text)
        anchor, basis = (end, "inspection end") if end and end <= published else (published, "publication")
        code, name = lookup[row["urn"]]
        seen: set[tuple[str, str]] = set()
        for role, since, note, interim, a, b in statements(text, anchor):
            if (role, str(since)) in seen:
                continue
            seen.add((role, str(since)))
            out.append(SeatStatement(row["text_file"], row["inspection_link"], row["urn"], code, name,
                                     PartialDate.parse(path.stem), PartialDate.parse(anchor.isoformat()), basis,
                                     role, since, note, interim, a, b))
    return out


def to_yaml(found: list[SeatStatement], with_sources: bool = True) -> str:
    """The bundled fact file: one seat per statement (and the reports as sources, unless the national
    record already lists them)."""
    import yaml

    sources, seats = {}, []
    for s in found:
        sid = report_source_id(s.url)
        sources[sid] = {"id": sid, "url": s.url,
                        "title": f"Children's services inspection report: {s.authority_name} (published {s.published})",
                        "publisher": "Ofsted", "published": str(s.published),
                        "file": f"reference/ofsted/{s.report}"}
        what = "director of children's services" if s.role != "chief_executive" else "chief executive"
        note = f"the report gives the {what}'s time in post, without a name; as at the {s.as_of_basis}"
        if s.counted_back:
            note += f"; start {s.counted_back}"
        seats.append({"authority": s.authority_name, "role": s.role, "since": str(s.since),
                      "interim": s.interim, "as_of": str(s.as_of),
                      "cites": [{"source": sid, "at": [[s.char_start, s.char_end]], "note": note}]})
    head = ("# Generated by `python -m loaders.ofsted_seats ../shared/reference/ofsted` from Ofsted's report\n"
            "# texts (Open Government Licence v3.0): statements of how long the director of children's\n"
            "# services or chief executive had been in post. Spans point into the report texts; no text is copied.\n")
    doc: dict = {"sources": sorted(sources.values(), key=lambda s: s["id"])} if with_sources else {}
    doc["seats"] = seats
    body = yaml.safe_dump(doc, sort_keys=False, allow_unicode=True, width=120)
    return head + body


def main(argv: list[str]) -> int:
    args = [a for a in argv if a != "--no-sources"]
    if len(args) != 1:
        print("usage: python -m loaders.ofsted_seats OFSTED_DIR [--no-sources] > data/facts/ofsted-seats.yaml",
              file=sys.stderr)
        return 2
    sys.stdout.write(to_yaml(seat_statements(Path(args[0])), with_sources="--no-sources" not in argv))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
