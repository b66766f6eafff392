"""Reading one article file: size and header checks, publication date, sentences, the list of input files."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

from graph.dates import DateError, PartialDate

MAX_ARTICLE_BYTES = 2 * 1024 * 1024
MAX_SENTENCE = 1500


class ArticleError(ValueError):
    """A file that cannot be read as an article; the message names the file."""


@dataclass
class Article:
    name: str
    path: Path
    text: str
    body_start: int = 0
    url: str | None = None
    title: str | None = None
    publisher: str | None = None
    published: PartialDate | None = None
    published_note: str | None = None  # how the publication date was read, when not from the header
    warnings: list[str] = field(default_factory=list)


def read_article(path: Path, name: str | None = None) -> Article:
    """Read a text/Markdown article with an optional YAML front-matter header.

    `name` is the file's label in this run (its path relative to the folder it was
    found in); the size is checked before anything is read, so a device or a huge
    file is refused at once.
    """
    name = name or path.name
    try:
        with open(path, "rb") as fh:
            raw = fh.read(MAX_ARTICLE_BYTES + 1)
    except OSError as exc:
        raise ArticleError(f"{path}: cannot read: {exc.strerror or exc}") from None
    if len(raw) > MAX_ARTICLE_BYTES:
        raise ArticleError(f"{path}: larger than {MAX_ARTICLE_BYTES // 2**20} MiB; not read")
    if b"\x00" in raw[:8192]:
        raise ArticleError(f"{path}: binary data, not text")
    warnings = []
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        text = raw.decode("utf-8", errors="replace")
        warnings.append(f"{name}: invalid UTF-8 at byte {exc.start}; undecodable bytes replaced")
    if not text.strip():
        raise ArticleError(f"{path}: empty file")
    art = Article(name, path, text, warnings=warnings)
    m = re.match(r"\A---[ \t]*\r?\n(.{0,20000}?)\r?\n---[ \t]*\r?\n", text, re.S)
    meta: Any = None
    if m:
        art.body_start = m.end()
        from loaders.yamlsrc import parse_yaml_text

        # the fact loader's parser: safe semantics, dates kept as text, aliases capped (no alias bombs)
        meta, problems = parse_yaml_text(m.group(1), name)
        if problems:
            meta = {}
            pr = problems[0]
            warnings.append(f"{name}:{pr.line + 1 if pr.line else 1}: {pr.message}; front-matter header ignored")
        meta = meta or {}
    if isinstance(meta, dict):
        art.url = _text(meta.get("url"))
        art.title = (_text(meta.get("title")) or "").strip("[]") or None
        art.publisher = _text(meta.get("publisher"))
        if meta.get("published"):
            art.published = _published(meta["published"])
            if art.published is None:
                warnings.append(f"{name}: `published` {meta['published']!r} is not a date; ignored")
    _date_from_what_it_carries(art)
    if art.published_note:
        warnings.append(f"{name}: {art.published_note}")
    if art.published is None:
        warnings.append(f"{name}: no publication date, so relative dates stay unresolved")
    return art


_URL_DAY = re.compile(r"/((?:19|20)\d\d)[/-](0?[1-9]|1[0-2])[/-](0?[1-9]|[12]\d|3[01])(?:/|$)")
_URL_MONTH = re.compile(r"/((?:19|20)\d\d)/(0?[1-9]|1[0-2])(?:/|$)")
_URL_YEAR = re.compile(r"/((?:19|20)\d\d)(?:/|$)")
_TODAY_MD = re.compile(r"\b(?:published|released|issued|out)?\s*today\s*\((?:(?P<m>[A-Z][a-z]+)\s+(?P<d>\d{1,2})|"
                       r"(?P<d2>\d{1,2})\s+(?P<m2>[A-Z][a-z]+))\)")


def _date_from_what_it_carries(art: Article) -> None:
    """A publication date the header lacks (or gives to the year only), from the document itself.

    In order: the URL path (`/2021/11/18/`, `/2023/01/`, `/news/2023/`), a dateline near the
    top, then "published today (April 23)" with the year from the header or the URL (never
    guessed from the years the text names). The precision is kept: a year-only date stays a year.
    """
    from loaders.textdates import MONTHS

    notes = []
    if art.published is None and art.url:
        path = re.sub(r"^[a-z]+://[^/]*", "", art.url[:500])
        for pat in (_URL_DAY, _URL_MONTH, _URL_YEAR):
            m = pat.search(path)
            if m:
                try:
                    art.published = PartialDate(*(int(g) for g in m.groups()))
                except DateError:
                    continue
                notes.append(f"publication date {art.published} read from the URL path")
                break
    if art.published is None:
        art.published = _dateline(art.text[art.body_start:])
        if art.published is not None:
            notes.append(f"publication date {art.published} read from a dateline near the top")
    if art.published is None or art.published.precision.value != "day":
        body = art.text[art.body_start:art.body_start + 20_000]
        m = _TODAY_MD.search(body)
        month = MONTHS.get((m.group("m") or m.group("m2") or "").lower()) if m else None
        if m and month:
            day = int(m.group("d") or m.group("d2"))
            # the year only from a date already known (URL, header): the latest year a text names is
            # often earlier than the day it was published
            year = art.published.year if art.published else None
            if art.published is not None and year is not None and (
                    art.published.precision.value == "year" or art.published.month == month):
                try:
                    art.published = PartialDate(year, month, day)
                    notes.append(f"publication date {art.published} from {m.group(0).strip()!r}, the year from the "
                                 "date already known")
                except DateError:
                    pass
    art.published_note = "; ".join(notes) or None


def _published(value: Any) -> PartialDate | None:
    """A header's publication date: ISO, or as a site prints it ("Tuesday, 23rd July 2019").

    Written-out dates go to dateparser (day-month order, as in the British press),
    keeping the precision it reports; a value without a year ("yesterday") is refused.
    """
    try:
        return PartialDate.parse(value)
    except (DateError, ValueError):
        pass
    text = str(value)
    if len(text) > 100 or not re.search(r"\b(?:19|20)\d\d\b", text):
        return None
    from dateparser.date import DateDataParser

    data = DateDataParser(languages=["en"], settings={"DATE_ORDER": "DMY"}).get_date_data(text)
    if data.date_obj is None:
        return None
    d = data.date_obj
    return {"year": PartialDate(d.year), "month": PartialDate(d.year, d.month)}.get(
        data.period or "day", PartialDate(d.year, d.month, d.day))


_DATELINE = re.compile(r"^\s*(?:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day,?\s+)?(?:(?P<d>\d{1,2})(?:st|nd|rd|th)?\s+"
                       r"(?P<m>[A-Z][a-z]+)|(?P<m2>[A-Z][a-z]+)\s+(?P<d2>\d{1,2})(?:st|nd|rd|th)?,?)\s+(?P<y>(?:19|20)\d\d)\s*$")


def _dateline(body: str) -> PartialDate | None:
    """A line near the top that is only a date (a letter's date, a byline date) dates a plain-text article."""
    from loaders.textdates import MONTHS

    for line in body.splitlines()[:15]:
        m = _DATELINE.match(line)
        if m:
            month = MONTHS.get((m.group("m") or m.group("m2")).lower())
            day = int(m.group("d") or m.group("d2"))
            if month:
                try:
                    return PartialDate(int(m.group("y")), month, day)
                except DateError:
                    return None
    return None


def _text(value: Any) -> str | None:
    return None if value is None else str(value).strip() or None


def sentence_spans(text: str, start: int) -> list[tuple[int, int]]:
    """Sentences as (start, end) offsets: split at line breaks and at . ! ? before a capital."""
    out = []
    body = re.sub(r"(?<=[a-z,])(?:[ \t]+\n|(?<=,)\n)(?=[A-Za-z])", lambda m: " " * len(m.group(0)), text[start:])
    for block in re.finditer(r"[^\n]+", body):
        b0 = start + block.start()
        line = block.group(0)
        pos = 0
        for m in re.finditer(r"(?<=[.!?])[\"”’']?\s+(?=[\"“‘'(]?[A-Z0-9])", line):
            if _abbrev(line[max(0, m.start() - 8):m.start()]):  # a bounded window: linear in the line
                continue
            out.append((b0 + pos, b0 + m.start()))
            pos = m.end()
        out.append((b0 + pos, b0 + len(line)))
    spans = []
    for s, e in out:
        while e - s > MAX_SENTENCE:  # one huge "sentence" is cut, never scanned whole
            spans.append((s, s + MAX_SENTENCE))
            s += MAX_SENTENCE
        if text[s:e].strip():
            spans.append((s, e))
    return spans


def _abbrev(before: str) -> bool:
    return bool(_ABBREV.search(before))


_ABBREV = re.compile(r"(?<![A-Za-z])(?:Mr|Mrs|Ms|Dr|Coun|Cllr|St|No|Prof|Rev|Sgt|Insp|Supt)\.$")



ARTICLE_SUFFIXES = (".md", ".txt")


def input_files(inputs: Iterable[Path]) -> list[tuple[Path, str]]:
    """Every article file the inputs name, each with a label unique in this run.

    The one list of input files: the reader and the build's content hash both use
    it. A folder is searched recursively for .md/.txt files (hidden ones skipped);
    the label is the path relative to that folder, so `a/story.md` and `b/story.md`
    stay apart; a file named directly is labelled by its name, lengthened by its
    parent folders when another input already has that label.
    """
    found: list[tuple[Path, str]] = []
    for p in inputs:
        if p.is_dir():
            for q in sorted(p.rglob("*")):
                if q.is_file() and q.suffix.lower() in ARTICLE_SUFFIXES and not any(
                        part.startswith(".") for part in q.relative_to(p).parts):
                    found.append((q, q.relative_to(p).as_posix()))
        else:
            found.append((p, p.name))
    out: list[tuple[Path, str]] = []
    seen: set[str] = set()
    for path, label in found:
        parts = path.parts
        n = len(Path(label).parts)
        while label in seen and n < len(parts):
            n += 1
            label = Path(*parts[-n:]).as_posix()
        if label in seen:
            label = f"{label}#{len(seen)}"
        seen.add(label)
        out.append((path, label))
    return out


def article_paths(inputs: Iterable[Path]) -> list[Path]:
    return [p for p, _ in input_files(inputs)]
