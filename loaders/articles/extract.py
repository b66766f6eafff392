"""One article -> candidate facts, and many files -> candidate facts linked to the known record."""

from __future__ import annotations

import re
from bisect import bisect_left
from pathlib import Path
from typing import Any, Iterable

from graph.dates import PartialDate
from loaders import lexicon as lx
from loaders.articles.events import EventFinder, JudgementCandidate, _merge_judgements
from loaders.articles.mentions import Mention, MentionFinder, _trie_pattern
from loaders.articles.reading import Article, ArticleError, input_files, read_article, sentence_spans
from loaders.articles.roles import _HELD_FOR, RoleLinker, _count, _date_role
from loaders.articles.tenures import TenureCandidate
from loaders.linking import Known, link_undated
from loaders.register import Register, load_register
from loaders.textdates import DateMention, find_dates


_YEARS_LATER = re.compile(r"\b(?P<n>\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten)\s+years?\s+"
                          r"(?:later|on|afterwards)\b", re.I)
_CHILDRENS_SERVICES = re.compile(r"\bchildren['’]?s\s+(?:services|social\s+care)\b", re.I)
_OFSTED = re.compile(r"\bOfsted\b")


class Extractor(MentionFinder, RoleLinker, EventFinder):
    """Extracts candidate facts from one article at a time."""

    def __init__(self, register: Register | None = None, known_people: dict[str, str] | None = None,
                 use_parse: bool = True) -> None:
        self.register = register or load_register()
        self.use_parse = use_parse  # the dependency parse for roles the surface rules leave unlinked
        self.known = known_people or {}
        names: dict[str, str] = {}
        # current authorities first; an abolished one (Cumbria, Northamptonshire) keeps the names no current one took
        for a in sorted(self.register.authorities.values(), key=lambda a: bool(a.valid_to and a.id.startswith("E"))):
            for n in [a.name, *a.aliases]:
                names.setdefault(n, a.name)
        self.auth_names = names
        self.auth_re = re.compile(
            r"(?<![\w-])(?:" + _trie_pattern(names) + r")"
            r"(?:\s+(?:(?i:county\s+council|borough\s+council|city\s+council|council)|CC|BC|MBC|DC))?(?:['’]s)?(?![\w-])")
        self.auth_single = {a.name.lower() for a in self.register.authorities.values()}

    # ---- public

    def extract(self, art: Article) -> list[dict[str, Any]]:
        """The article's candidate facts as JSON dicts (judgements not yet linked to the known record)."""
        facts, judgements = self.extract_candidates(art)
        return facts + [j.to_fact() for j in judgements]

    def extract_candidates(self, art: Article) -> tuple[list[dict[str, Any]], list[JudgementCandidate]]:
        """Tenure and relation facts, and judgement candidates (typed, for linking before output)."""
        text = art.text
        self._last_grade: str | None = None
        self._sentence_people: list[Mention] = []
        self._prev_line_person: Mention | None = None
        self._pending_new = None
        self._successions = []
        self._full_titles = {}
        self._dates: list[DateMention] = []
        self._article_cue = bool(lx.ARTICLE_CUE.search(text))  # once per article, not per sentence
        # about children's services: said twice, or said once in a story about an Ofsted inspection
        head = text[:50_000]
        said = len(_CHILDRENS_SERVICES.findall(head))
        self._childrens_story = said >= 2 or (said == 1 and bool(_OFSTED.search(head)))
        spans = sentence_spans(text, art.body_start)
        auths = self._authorities(text, art.body_start)
        main = self._main_authority(auths, art)
        people = self._people(text, art.body_start, auths)
        p_starts, a_starts = [p.start for p in people], [a.start for a in auths]
        facts: list[dict[str, Any]] = []
        tenures: dict[tuple[str, str, str], TenureCandidate] = {}
        judgements: list[JudgementCandidate] = []
        pending_dates: list[tuple[Mention, DateMention, str, int, int]] = []
        self.latest_year: int | None = None  # the latest year the article mentions (for linking)
        last_year: int | None = None  # the last year named, for "three years later"
        latest_day: PartialDate | None = None
        for s, e in spans:
            sent = text[s:e]
            dates = find_dates(sent, art.published, base=s)
            later = _YEARS_LATER.search(sent)
            if later and last_year is not None:  # "Three years later": counted from the year last named
                y = last_year + _count(later.group("n"))
                dates.append(DateMention(s + later.start(), s + later.end(), later.group(0), PartialDate(y), None,
                                         f"{later.group(0)!r} counted from {last_year}, the year named before it",
                                         True))
                dates.sort(key=lambda d: d.start)
            for d in dates:
                if d.first and not d.relative and re.search(r"\d{4}", d.text):
                    last_year = d.first.year
                if (not art.published and d.first and d.first.precision.value == "day"
                        and not d.relative and (latest_day is None or d.first.first() > latest_day.first())):
                    latest_day = d.first  # an undated article's latest full date (minutes name their meeting)
            for d in dates:
                if d.last and (self.latest_year is None or d.last.year > self.latest_year):
                    self.latest_year = d.last.year
            # mentions inside the sentence, found by bisection: linear in the text overall
            s_people = [p for p in people[bisect_left(p_starts, s):bisect_left(p_starts, e)] if p.end <= e]
            s_auths = [a for a in auths[bisect_left(a_starts, s):bisect_left(a_starts, e)] if a.end <= e]
            linked = self._tenures_in(art, sent, s, s_people, s_auths, dates, main, people)
            for t in linked:
                if t.key in tenures:
                    tenures[t.key].merge(t)
                else:
                    tenures[t.key] = t
            linked_names = {t.person for t in linked if not t.former}
            pending_dates.extend(_clause_dates(sent, s, e, s_people, dates))
            free = [p for p in s_people if p.name not in linked_names]
            for d in dates:
                kind = _date_role(sent, d.start - s, d.end - s) if free else None
                if kind:  # the date is said of the person named nearest before it (else the first after):
                    # "Her successor, NAME, starts in June" starts NAME, not the holder "her" stands for
                    before = [p for p in free if p.end <= d.start]
                    who = max(before, key=lambda p: p.end) if before else min(free, key=lambda p: p.start)
                    pending_dates.append((who, d, kind, s, e))
            held = _HELD_FOR.search(sent)
            named = {p.name for p in s_people}
            if held and art.published and len(named) == 1 and not linked:
                n = _count(held.group("n"))
                d = DateMention(s + held.start(), s + held.end(), held.group(0),
                                PartialDate(art.published.year - n), None,
                                f"{held.group(0)!r} counted back from the publication date", True)
                pending_dates.append((s_people[0], d, "start", s, e))
            self._sentence_people = only = [p for p in s_people if not p.pronoun]
            self._prev_line_person = only[0] if len(only) == 1 and re.sub(
                r"^(?:Ms|Mr|Mrs|Dr|Cllr|Coun)\.?\s+", "", sent.strip()) == text[only[0].start:only[0].end] else None
            judgements.extend(self._judgements_in(art, sent, s, s_auths, dates, main))
            facts.extend(self._relations_in(art, sent, s, s_auths, dates, main))
        self._apply_successions(art, tenures)
        self._apply_pending(art, tenures, pending_dates, main)
        facts.extend(t.to_json() for t in tenures.values())  # the JSON shape only at output
        merged = _merge_judgements(judgements, art.published, latest_day)
        return facts, merged

    # ---- authorities and people


# a date that opens the sentence ("In March, ...") and the one appointed later in it ("... appointed NAME as")
_OPENS = re.compile(r"\s*(?:(?:In|On|From|By|Back\s+in)\s+)?(?:(?:early|late|mid-?)\s*)?", re.I)
_APPOINTS = re.compile(r"\b(?:appointed|appoints|named|names|hired|recruited|promoted|chose|picked)\s+"
                       r"(?:(?:Ms|Mr|Mrs|Dr|Cllr|Coun)\.?\s+)?$", re.I)
# "NAME, who has been ROLE since Y's departure in May": the date starts NAME's time in post, whoever Y is
_SINCE_OF = re.compile(r"\s*,?\s*who\s+(?:has|had|have)\s+(?:been|served|led)\b[^.;()]{0,80}?\bsince\b[^.;()]{0,50}?"
                       r"(?:\b(?:in|on)\s+)?$", re.I)


def _clause_dates(sent: str, s: int, e: int, people: list[Mention],
                  dates: list[DateMention]) -> list[tuple[Mention, DateMention, str, int, int]]:
    """Start dates the sentence's grammar gives to a person other than the one named nearest the date.

    "In March, the chief executive, who joined in 2017, appointed NAME as ROLE": the opening date is
    the appointment's, so NAME's start. "NAME, who has been ROLE since Y's departure in May": the
    date is Y's leaving and NAME's start.
    """
    out = []
    named = [p for p in people if not p.pronoun]
    for d in dates:
        if not d.resolved:
            continue
        if _OPENS.fullmatch(sent[:d.start - s]) and sent[d.end - s:d.end - s + 2].startswith(","):
            head = re.split(r"[;:]", sent[d.end - s:])[0]
            for p in named:
                if d.end <= p.start <= d.end + len(head) and _APPOINTS.search(sent[max(0, p.start - s - 30):p.start - s]):
                    out.append((p, d, "start", s, e))
                    break
        for p in named:
            gap = sent[p.end - s:d.start - s]
            if p.end <= d.start and _SINCE_OF.fullmatch(gap) and not re.search(r"\band\b", gap[gap.find("since"):]) \
                    and not any(p.end <= o.start < d.start for o in dates):
                out.append((p, d, "start", s, e))
    return out


def known_people_from(kb: Any) -> dict[str, str]:
    from graph.names import person_key

    out: dict[str, str] = {}
    for p in kb.people.values():
        for n in [p.name, *p.aliases]:
            out[person_key(n)] = p.name
    return out


def extract_with_data(paths: Iterable[Path], data_dir: Path) -> dict[str, Any]:
    """What `tenure extract --data DIR` does: the register, people and judgements of that data are known."""
    from graph.model import DATA_DIR
    from loaders.curated import load_curated
    from loaders.linking import known_from_kb

    register = load_register(data_dir if (data_dir / "authorities.csv").exists() else DATA_DIR)
    kb, _ = load_curated(data_dir, register=register)
    return extract_files(paths, Extractor(register, known_people_from(kb)), known_from_kb(kb))


def extract_files(paths: Iterable[Path], extractor: Extractor | None = None,
                  known: list[Known] | None = None) -> dict[str, Any]:
    """Candidate facts from every file; a bad file is reported and skipped, never fatal.

    Undated judgement mentions are then linked to the one known inspection that fits, if
    there is exactly one (`loaders/linking.py`), among `known` only (the curated and
    national record): never other files of the same run, so that a file gives the same
    facts alone or in a batch.
    """
    extractor = extractor or Extractor()
    per_file: list[tuple[list[dict[str, Any]], list[JudgementCandidate]]] = []
    errors: list[str] = []
    warnings: list[str] = []
    articles: list[dict[str, Any]] = []
    published: dict[str, PartialDate | None] = {}
    latest_year: dict[str, int | None] = {}
    for kind, got in _each_file(extractor, input_files(paths)):
        if kind == "error":
            errors.append(got)
            continue
        art, found, found_j, latest = got
        warnings.extend(art.warnings)
        articles.append({"source": art.name, "path": str(art.path), "url": art.url, "title": art.title,
                         "publisher": art.publisher, "published": str(art.published) if art.published else None,
                         "published_note": art.published_note})
        per_file.append((found, found_j))
        published[art.name] = art.published
        latest_year[art.name] = latest
    link_undated([j for _, js in per_file for j in js], list(known or []), published, latest_year)
    # background the story puts in the past ("six months after it was branded inadequate") that neither the
    # text nor the known record dates is no fact: it says only that some inspection, some time, had that grade
    per_file = [(found, [j for j in js if j.news or j.dates()]) for found, js in per_file]
    facts = [f for found, js in per_file for f in [*found, *(j.to_fact() for j in js)]]
    return {"facts": facts, "errors": errors, "warnings": warnings, "articles": articles}


# Files are read in worker processes when there are enough of them to pay for the workers (each
# file's facts depend on that file alone, so the output is the same; a test checks it). On this
# 2-core machine two workers read 1,000 articles at 1.65x the speed of one (bench/extract_speed.py).
PARALLEL_MIN_FILES = 64
_worker_extractor: list[Extractor] = []


def _workers(n_files: int) -> int:
    import os

    want = os.environ.get("TENURE_WORKERS")
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    n = int(want) if want and want.isdigit() else min(cores, 4)
    return max(1, min(n, n_files // (PARALLEL_MIN_FILES // 2))) if n_files >= PARALLEL_MIN_FILES else 1


def _read_one(extractor: Extractor, path: Path, label: str) -> tuple[str, Any]:
    """("ok", (article, facts, judgements, latest year)) or ("error", message): one file never stops a run."""
    try:
        art = read_article(path, label)
        found, found_j = extractor.extract_candidates(art)
    except ArticleError as exc:
        return "error", str(exc)
    except RecursionError:
        return "error", f"{path}: text too deeply nested to read"
    except Exception as exc:  # noqa: BLE001 - one file's failure never stops the run; it is reported by name
        return "error", f"{path}: could not be read as an article ({type(exc).__name__}); skipped"
    return "ok", (art, found, found_j, extractor.latest_year)


def _read_in_worker(item: tuple[Path, str]) -> tuple[str, Any]:
    kind, got = _read_one(_worker_extractor[0], *item)
    if kind == "ok":
        got[0].text = ""  # not needed past this point: it need not travel back
    return kind, got


def _each_file(extractor: Extractor, files: list[tuple[Path, str]]) -> Iterable[tuple[str, Any]]:
    """Each file's result, in input order: in this process, or in forked workers for many files."""
    import multiprocessing

    n = _workers(len(files))
    if n == 1 or "fork" not in multiprocessing.get_all_start_methods():
        for path, label in files:
            yield _read_one(extractor, path, label)
        return
    _worker_extractor[:] = [extractor]  # the workers inherit it (fork): nothing to pickle or reload
    try:
        with multiprocessing.get_context("fork").Pool(n) as pool:
            yield from pool.imap(_read_in_worker, files, chunksize=8)
    finally:
        _worker_extractor.clear()
