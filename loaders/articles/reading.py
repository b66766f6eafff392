"""Reading one article file: size and header checks, publication date, sentences, the list of input files."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

from graph.dates import DateError, PartialDate
from loaders.textdates import find_dates

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
    warnings: list[str] = field(default_factory=list)


def read_article(path: Path) -> Article:
    """Read a text/Markdown article with an optional YAML front-matter header."""
    try:
        raw = path.read_bytes()
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
        warnings.append(f"{path.name}: invalid UTF-8 at byte {exc.start}; undecodable bytes replaced")
    if not text.strip():
        raise ArticleError(f"{path}: empty file")
    art = Article(path.name, path, text, warnings=warnings)
    m = re.match(r"\A---[ \t]*\r?\n(.*?)\r?\n---[ \t]*\r?\n", text, re.S)
    if m:
        art.body_start = m.end()
        import yaml

        try:  # libyaml's parser when present: the header is small but there may be thousands of files
            meta = yaml.load(m.group(1), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)) or {}
        except yaml.YAMLError:
            meta = {}
            warnings.append(f"{path.name}: front-matter header is not valid YAML; read as plain text")
        if isinstance(meta, dict):
            art.url = _text(meta.get("url"))
            art.title = (_text(meta.get("title")) or "").strip("[]") or None
            art.publisher = _text(meta.get("publisher"))
            if meta.get("published"):
                art.published = _published(meta["published"])
                if art.published is None:
                    warnings.append(f"{path.name}: `published` {meta['published']!r} is not a date; ignored")
    if art.published is None:
        art.published = _dateline(text[art.body_start:])
        if art.published is not None:
            warnings.append(f"{path.name}: publication date {art.published} read from a dateline near the top")
    if art.published is None:
        warnings.append(f"{path.name}: no publication date, so relative dates stay unresolved")
    return art


def _published(value: Any) -> PartialDate | None:
    """A header's publication date: ISO, or as a site prints it ("Tuesday, 23rd July 2019").

    Written-out dates go to dateparser (day-month order, as in the British press),
    keeping the precision it reports; a value without a year ("yesterday") is refused.
    """
    try:
        return PartialDate.parse(value)
    except DateError:
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


def _latest_full_date(body: str) -> PartialDate | None:
    """The latest day-precise date an undated article mentions (minutes name their last meeting, say)."""
    days = [d.first for d in find_dates(body[:200_000], None) if d.first and d.first.precision.value == "day"]
    return max(days, key=lambda d: d.first()) if days else None


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
            if _abbrev(line[:m.start()]):
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
    return bool(re.search(r"\b(?:Mr|Mrs|Ms|Dr|Coun|Cllr|St|No|Prof|Rev|Sgt|Insp|Supt)\.$", before))



def article_paths(inputs: Iterable[Path]) -> list[Path]:
    out: list[Path] = []
    for p in inputs:
        if p.is_dir():
            out.extend(sorted(q for q in p.rglob("*") if q.is_file() and q.suffix.lower() in (".md", ".txt")
                              and not q.name.startswith(".")))
        else:
            out.append(p)
    return out

