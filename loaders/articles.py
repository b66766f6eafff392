"""News articles and Ofsted letters -> candidate facts (tenures, judgements, relations).

Rule-based and offline: a sentence splitter, the role/grade lexicon
(`loaders/lexicon.py`), date expressions resolved against the publication
date (`loaders/textdates.py`), and the register for authority names. Each fact
carries the file name, the evidence sentence, character offsets into the file
and a confidence. Article text is untrusted: it is only ever data.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

from graph.dates import DateError, PartialDate, near
from loaders import lexicon as lx
from loaders.linking import JUDGEMENT_DATES, VISITS, Known, known_from_facts, known_from_kb, link_undated
from loaders.register import Register, load_register
from loaders.textdates import DateMention, find_dates

MAX_ARTICLE_BYTES = 2 * 1024 * 1024
MAX_SENTENCE = 1500
CONF_DIRECT, CONF_LOOSE, CONF_JUDGEMENT = 0.9, 0.6, 0.8
PRONOUNS = re.compile(r"\b(she|he|her|his)\b", re.I)


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


def _trie_pattern(words: Iterable[str]) -> str:
    """One regex alternation, factored by shared prefixes, that prefers the longest word.

    Python's `re` tries a flat alternation of a few hundred names one by one at every
    position; the factored form tries one branch per character.
    """
    trie: dict[str, Any] = {}
    for w in words:
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def walk(node: dict[str, Any]) -> str:
        branches = [re.escape(ch) + walk(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if "" in node else body

    return walk(trie)


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


# -- mentions ----------------------------------------------------------------------


@dataclass
class Mention:
    start: int
    end: int
    name: str  # canonical full name
    councillor: bool = False
    pronoun: bool = False


@dataclass
class AuthMention:
    start: int
    end: int
    name: str


class Extractor:
    """Extracts candidate facts from one article at a time."""

    def __init__(self, register: Register | None = None, known_people: dict[str, str] | None = None) -> None:
        self.register = register or load_register()
        self.known = known_people or {}
        names: dict[str, str] = {}
        for a in self.register.authorities.values():
            if a.valid_to and a.id.startswith("E"):
                continue
            for n in [a.name, *a.aliases]:
                names.setdefault(n, a.name)
        self.auth_names = names
        self.auth_re = re.compile(
            r"(?<![\w-])(?:" + _trie_pattern(names) + r")"
            r"(?:\s+(?i:county\s+council|borough\s+council|city\s+council|council))?(?:['’]s)?(?![\w-])")
        self.auth_single = {a.name.lower() for a in self.register.authorities.values()}

    # ---- public

    def extract(self, art: Article) -> list[dict[str, Any]]:
        text = art.text
        self._last_grade: str | None = None
        self._sentence_people: list[Mention] = []
        self._prev_line_person: Mention | None = None
        self._dates: list[DateMention] = []
        spans = sentence_spans(text, art.body_start)
        auths = self._authorities(text, art.body_start)
        main = self._main_authority(auths, art)
        people = self._people(text, art.body_start, auths)
        facts: list[dict[str, Any]] = []
        tenures: dict[tuple[str, str, str], dict[str, Any]] = {}
        judgements: list[dict[str, Any]] = []
        pending_dates: list[tuple[Mention, DateMention, str, int, int]] = []
        self.latest_year: int | None = None  # the latest year the article mentions (for linking)
        for s, e in spans:
            sent = text[s:e]
            dates = find_dates(sent, art.published, base=s)
            for d in dates:
                if d.last and (self.latest_year is None or d.last.year > self.latest_year):
                    self.latest_year = d.last.year
            s_people = [p for p in people if s <= p.start and p.end <= e]
            s_auths = [a for a in auths if s <= a.start and a.end <= e]
            linked = self._tenures_in(art, sent, s, s_people, s_auths, dates, main, people)
            for t in linked:
                key = (t["person"], t["role"], t["authority"])
                if key in tenures:
                    _merge_tenure(tenures[key], t)
                else:
                    tenures[key] = t
            linked_names = {t["person"] for t in linked if not t["_former"]}
            if True:
                for p in [p for p in s_people if p.name not in linked_names]:
                    for d in dates:
                        kind = _date_role(sent, d.start - s)
                        if kind:
                            pending_dates.append((p, d, kind, s, e))
                held = _HELD_FOR.search(sent)
                named = {p.name for p in s_people}
                if held and art.published and len(named) == 1 and not linked:
                    n = _count(held.group("n"))
                    d = DateMention(s + held.start(), s + held.end(), held.group(0),
                                    PartialDate(art.published.year - n), None,
                                    f"{held.group(0)!r} counted back from the publication date", True)
                    pending_dates.append((s_people[0], d, "start", s, e))
            self._sentence_people = [p for p in s_people if not p.pronoun]
            only = [p for p in s_people if not p.pronoun]
            self._prev_line_person = only[0] if len(only) == 1 and re.sub(
                r"^(?:Ms|Mr|Mrs|Dr|Cllr|Coun)\.?\s+", "", sent.strip()) == text[only[0].start:only[0].end] else None
            judgements.extend(self._judgements_in(art, sent, s, s_auths, dates, main))
            facts.extend(self._relations_in(art, sent, s, s_auths, dates, main))
        self._apply_pending(art, tenures, pending_dates, main)
        for t in tenures.values():
            t.pop("_former", None)
            facts.append(t)
        facts.extend(_merge_judgements(judgements, art.published, None if art.published else _latest_full_date(
            text[art.body_start:])))
        return facts

    # ---- authorities and people

    def _authorities(self, text: str, start: int) -> list[AuthMention]:
        out = []
        for m in self.auth_re.finditer(text, start):
            core_name = re.sub(r"(?:['’]s)$", "", m.group(0))
            core_name = re.sub(r"\s+(?i:county\s+council|borough\s+council|city\s+council|council)$", "", core_name)
            canonical = self.auth_names.get(core_name) or self.auth_names.get(m.group(0).rstrip("'’s"))
            if canonical is None:
                continue
            before = text[max(start, m.start() - 25):m.start()]
            after = text[m.end():m.end() + 25]
            # part of a longer proper name: "Education Leeds", "York Cultural Education Partnership"
            if re.search(r"[A-Z][a-z]+\s+$", before) and not re.search(
                    r"(?:^|[.!?:\n]\s*|\b(?:The|In|At|Of|For|From|To|And|With|By|On|Across|Since|Following|Both)\s+)"
                    r"[A-Z][a-z]+\s+$|(?:^|\n)\S*\s*$", before):
                continue
            if (re.match(r"\s+(?!Council|County|Borough|City|Children|Council's)[A-Z][a-z]+", after)
                    and not m.group(0).lower().endswith("council")):
                continue
            out.append(AuthMention(m.start(), m.end(), canonical))
        return out

    def _main_authority(self, auths: list[AuthMention], art: Article) -> str | None:
        counts: dict[str, float] = {}
        for a in auths:
            if a.name in ("Ofsted", "Department for Education"):
                continue
            counts[a.name] = counts.get(a.name, 0) + 1
        for m in self.auth_re.finditer(art.title or ""):
            name = self.auth_names.get(re.sub(r"(?:['’]s)$|\s+(?i:county\s+council|borough\s+council|city\s+council|"
                                              r"council)$", "", m.group(0)))
            if name and name not in ("Ofsted", "Department for Education"):
                counts[name] = counts.get(name, 0) + 3
        if not counts:
            return None
        first = {a.name: a.start for a in reversed(auths)}
        return max(counts, key=lambda n: (counts[n], -first.get(n, 10**9)))

    def _canonical(self, name: str) -> str:
        from queries import person_key

        return self.known.get(person_key(name), name)

    def _people(self, text: str, start: int, auths: list[AuthMention]) -> list[Mention]:
        auth_spans = [(a.start, a.end) for a in auths]
        runs: list[tuple[int, int, list[tuple[int, int, str]]]] = []
        for m in re.finditer(r"(?:(?:Mc|Mac|O['’])?[A-Z][a-z]+(?:[-'’][A-Z]?[a-z]+)*)"
                             r"(?:[ \t]+(?:(?:Mc|Mac|O['’])?[A-Z][a-z]+(?:[-'’][A-Z]?[a-z]+)*))*", text[start:]):
            toks = [(start + t.start() + m.start(), start + t.end() + m.start(), t.group(0))
                    for t in re.finditer(r"\S+", m.group(0))]
            runs.append((start + m.start(), start + m.end(), toks))
        full: list[Mention] = []
        singles: list[tuple[int, int, str, bool]] = []
        for _, _, toks in runs:
            group: list[tuple[int, int, str]] = []
            for tok in toks + [(0, 0, "")]:
                word = re.sub(r"['’]s$", "", tok[2])
                if tok[2] and lx.is_name_token(word) and not any(s < tok[1] and tok[0] < e for s, e in auth_spans):
                    group.append((tok[0], tok[1], word))
                    continue
                if group:
                    s0, e0 = group[0][0], group[-1][1]
                    before = text[max(0, s0 - 22):s0]
                    honorific = lx.HONORIFIC.search(before)
                    councillor = bool(honorific and honorific.group("cllr"))
                    if 2 <= len(group) <= 3 and group[0][2].lower() not in self.auth_single:
                        full.append(Mention(s0, e0, self._canonical(" ".join(g[2] for g in group)), councillor))
                    elif len(group) == 1:
                        singles.append((s0, e0, group[0][2], bool(honorific)))
                group = []
        out = list(full)
        for s0, e0, word, _ in singles:
            match = self._resolve_single(word, full, s0)
            if match:
                out.append(Mention(s0, e0, match.name, match.councillor))
        for m in PRONOUNS.finditer(text, start):
            out.append(Mention(m.start(), m.end(), "", pronoun=True))
        out.sort(key=lambda p: p.start)
        last = None
        for p in out:
            if p.pronoun:
                p.name = last.name if last else ""
            else:
                last = p
        return [p for p in out if p.name]

    @staticmethod
    def _resolve_single(word: str, full: list[Mention], pos: int) -> Mention | None:
        """'Booth', 'Diane' or 'Del' -> the full name in the article it stands for (nearest before, else after)."""
        def fits(m: Mention) -> bool:
            parts = m.name.split()
            return word == parts[-1] or word == parts[0] or (len(word) >= 3 and parts[0].startswith(word))
        before = [m for m in full if m.start < pos and fits(m)]
        if before:
            return before[-1]
        after = [m for m in full if fits(m)]
        return after[0] if after else None

    # ---- tenures

    def _tenures_in(self, art: Article, sent: str, s: int, people: list[Mention], auths: list[AuthMention],
                    dates: list[DateMention], main: str | None, all_people: list[Mention]) -> list[dict[str, Any]]:
        self._dates = dates
        cllr_spans = [(p.start - s, p.end - s) for p in people if p.councillor]
        roles = lx.find_roles(sent, cllr_spans)
        out: list[dict[str, Any]] = []
        links: dict[int, tuple[Mention, float, str]] = {}
        for i, r in enumerate(roles):
            rs, re_ = s + r.start, s + r.end
            hit = self._link_after(sent, s, rs, re_, people, auths) or self._link_before(sent, s, rs, people, auths)
            if hit:
                links[i] = hit
        for i, r in enumerate(roles):  # "NAME has been ROLE1 ..., having previously been ROLE2"
            if i not in links and i > 0 and (i - 1) in links:
                gap = _strip_spans(sent[roles[i - 1].end:r.start], s + roles[i - 1].end, dates)
                if re.fullmatch(r"[\s,]*(?:and\s+)?(?:having\s+|had\s+|has\s+)?(?:previously|formerly|before\s+that|"
                                r"earlier|also)?\s*(?:been|was|served\s+as|worked\s+as)\s+(?:the\s+|a\s+|an\s+|its\s+)?",
                                gap, re.I) and re.search(r"previously|formerly|before|earlier|been|was|served|worked", gap):
                    person, conf, _ = links[i - 1]
                    links[i] = (person, conf, "same person, earlier post")
        for i, r in enumerate(roles):  # "ROLE1 and ROLE2 NAME": both roles are the person's
            if i not in links:
                for j in (i + 1, i - 1):
                    if 0 <= j < len(roles) and j in links:
                        a, b = sorted((i, j))
                        if re.fullmatch(r"\s*(?:and|&|,)\s*(?:the\s+)?", sent[roles[a].end:roles[b].start], re.I):
                            links[i] = links[j]
        for i, r in enumerate(roles):  # "appointed NAME, ..., (jointly) as ROLE"
            if i in links or not re.search(r"\bas\s+(?:the\s+|its\s+|joint\s+)?$", sent[:r.start], re.I):
                continue
            verb = None
            for m in re.finditer(r"\b(?:appointed|appoints|named|names)\s+", sent[:r.start], re.I):
                verb = m
            if verb is not None:
                obj = next((p for p in people if p.start == s + verb.end() and not p.pronoun), None)
                if obj is not None:
                    links[i] = (obj, CONF_LOOSE + 0.1, "object of an appointment")
        prev = self._prev_line_person
        if prev is not None and roles and 0 not in links and not sent[:roles[0].start].strip():
            links[0] = (prev, CONF_LOOSE, "name line above a title line")
        unlinked = [i for i in range(len(roles)) if i not in links]
        named = {p.name for p in people if not p.pronoun}
        if unlinked and len(named) == 1:
            person = next(p for p in people if not p.pronoun)
            for i in unlinked:
                between = sent[person.end - s:roles[i].start] if person.end - s <= roles[i].start else ""
                if (not roles[i].former and re.search(r"\b(appointed|appoints|named|handed\s+the\s+role\s+of|"
                                                      r"to\s+become|to\s+take\s+over\s+as)\b(?!\s+by\b)", between, re.I)):
                    links[i] = (person, CONF_LOOSE, "appointment sentence")
        for i, (person, conf, how) in links.items():
            r = roles[i]
            authority = r.fixed_authority or self._role_authority(sent, s, s + r.start, s + r.end, auths, people, main)
            if authority is None or authority == "":
                continue
            if person.councillor and r.role == "director_of_childrens_services" and "boss" in r.title.lower():
                continue
            origin = bool(re.search(r"\b(?:joins|joined|join|joining|moves|moving|comes|coming)\s+from\b[^.]{0,90}$|"
                                    r"(?:her|his)\s+(?:current\s+)?(?:position|post|role|job)\s+as\s+(?:the\s+|a\s+)?$",
                                    sent[:r.start], re.I))
            start, end, notes = _tenure_dates(sent, s, person, dates, art, people)
            if origin:  # the post someone is leaving: a start date in the sentence is the new post's
                start, notes = None, [n for n in notes if not n.startswith("start")]
            verb = _APPOINTED_NOW.search(sent)
            if (start is None and not r.former and not origin and art.published and verb and verb.start() < r.start
                    and not any(verb.start() < o.start < r.start for o in roles)):
                start = str(PartialDate(art.published.year, art.published.month))
                notes.append("start: reported as a new appointment; taken as the publication month")
            title = r.title
            out.append({"kind": "tenure", "person": person.name, "role": r.role, "title": title,
                        "authority": authority, "start": start, "end": end, "interim": r.interim,
                        "source": art.name, "evidence": _clean(sent), "char_start": s, "char_end": s + len(sent),
                        "confidence": conf, "how": how, "date_notes": notes, "_former": r.former or origin})
            pred = re.search(r"\b(?:who\s+)?(?:replaced|replaces|succeeded|succeeds|took\s+over\s+from)\s+"
                             r"(?:the\s+outgoing\s+|the\s+former\s+)?$", sent[:max(0, person.start - s)] + " ")
            after_person = sent[person.end - s:]
            pm = re.match(r"\s*,?\s*(?:who\s+)?(?:replaced|replaces|succeeded|succeeds|took\s+over\s+from)\s+"
                          r"(?:(?:County\s+)?Councillor\s+|Coun\s+|Cllr\s+|Ms\s+|Mr\s+|Mrs\s+|Dr\s+)?", after_person)
            if pm and not pred:
                prev = next((p for p in people if p.start == person.end + pm.end() and not p.pronoun), None)
                if prev is not None and prev.name != person.name:
                    d_end = next((d for d in dates if d.resolved and d.start >= prev.end and d.start - prev.end < 15), None)
                    end_val = str(d_end.last) if d_end else start
                    out.append({**out[-1], "person": prev.name, "start": None, "end": end_val,
                                "title": re.sub(r"^(?:new|former|outgoing)\s+", "", title, flags=re.I),
                                "how": "named as predecessor", "date_notes": ["end: the successor's start"]
                                if end_val else [], "_former": True})
                    if d_end and out[-2]["start"] is None:
                        out[-2]["start"] = str(d_end.first)
            succ = re.match(r"\s+by\s+(?:(?:County\s+)?Councillor\s+|Coun\s+|Cllr\s+)?", sent[r.end:])
            if succ:
                nxt = next((p for p in people if p.start == s + r.end + succ.end()), None)
                if nxt is not None:
                    pub = str(art.published)[:7] if art.published else None
                    out.append({**out[-1], "person": nxt.name, "start": pub, "end": None,
                                "how": "named as successor", "date_notes": ["start taken as the publication month"]
                                if pub else [], "_former": False})
                    if pub and out[-2]["end"] is None:
                        out[-2]["end"] = pub
        return out

    def _link_after(self, sent: str, s: int, rs: int, re_: int, people: list[Mention],
                    auths: list[AuthMention]) -> tuple[Mention, float, str] | None:
        """ROLE [at AUTH][,] [Coun] NAME."""
        for p in people:
            if p.start < re_ or p.pronoun:
                continue
            between = _strip_spans(sent[re_ - s:p.start - s], re_, auths)
            if len(between) <= 70 and re.fullmatch(
                    r"(?:[\s,()–-]|\b(?:at|of|for|in|the|council|county|borough|city|dcs|councillor|coun|cllr|cc|"
                    r"ms|mr|mrs|miss|dr|professor|sir|dame)\b\.?)*", between, re.I):
                return p, CONF_DIRECT, "role then name"
            return None
        return None

    def _link_before(self, sent: str, s: int, rs: int, people: list[Mention],
                     auths: list[AuthMention]) -> tuple[Mention, float, str] | None:
        """NAME, [the] ROLE / NAME is the ROLE / NAME, who joined X as ROLE / appointed NAME as ROLE."""
        before = [p for p in people if p.end <= rs]
        if not before:
            return None
        p = before[-1]
        between = _strip_spans(sent[p.end - s:rs - s], p.end, auths)
        between = re.sub(r"\s+(?:in|on|since)\s+(?=,|\s|$)", " ", _strip_spans(between, p.end, self._dates))
        if len(between) > 90:
            return None
        patterns = [
            r"\s*,\s*(?:now|currently|formerly|previously|also)?\s*(?:the|its|a|an|their|our)?\s*",
            r"[ \t]+(?=[A-Z])",  # a letter's address block: "Diane Booth Director, Children's Services"
            r"\s+(?:current\s+|previous\s+|former\s+|new\s+)?(?:position|post|role|job)\s+as\s+(?:the\s+|a\s+|an\s+)?",
            r"\s*,?\s*(?:who\s+)?(?:has\s+been\s+|was\s+|is\s+|had\s+been\s+|will\s+be\s+)?(?:unanimously\s+)?"
            r"(?:re-?elected|elected|appointed|promoted|named|confirmed|installed|chosen)\s+(?:to\s+the\s+(?:position|post|"
            r"role)\s+of\s+|as\s+)?(?:the\s+|its\s+|a\s+)?(?:new\s+)?",
            r"\s*['’]s\s+(?:new\s+)?",
            r"\s*,?\s*(?:who\s+)?(?:is|was|has\s+been|had\s+been|will\s+be|would\s+be|becomes|became|is\s+currently|"
            r"was\s+previously|is\s+now|currently|now|previously|formerly|remains)\s+(?:the\s+|its\s+|a\s+|an\s+|their\s+)?"
            r"(?:new\s+)?",
            r"\s*,?\s*(?:who\s+)?(?:joined|joins|will\s+join|has\s+joined|returned\s+to)\s*(?:the\s+council|the\s+authority)?"
            r"\s*as\s+(?:its\s+|the\s+|a\s+|an\s+)?(?:new\s+)?",
            r"\s+as\s+(?:its\s+|the\s+|a\s+|an\s+|their\s+)?(?:new\s+|interim\s+)?",
            r"\s*\(\s*",
            r"\s+will\s+be\s+replaced\s+as\s+",
            r"\s*,?\s*(?:who\s+)?(?:was\s+|has\s+been\s+|is\s+)?(?:appointed|named|confirmed)\s+(?:as\s+)?(?:the\s+|its\s+)?"
            r"(?:new\s+)?",
            r"[^.;]{0,60}?\b(?:her|his)\s+(?:current\s+|previous\s+|former\s+|new\s+)?(?:position|post|role|job)\s+as\s+"
            r"(?:the\s+|a\s+|an\s+)?",
            r"\s*,?\s*having\s+(?:previously\s+|formerly\s+)?been\s+(?:the\s+|a\s+|an\s+)?",
            r"\s+(?:works|worked|serves|served)\s+as\s+(?:the\s+|a\s+|an\s+)?",
            r"\s+(?:is|was)\s+(?:the\s+|a\s+|an\s+|its\s+)?",
        ]
        for pat in patterns:
            if pat.startswith("[ \\t]+(?=[A-Z])"):
                if re.fullmatch(r"[ \t]+", between) and sent[rs - s:rs - s + 1].isupper():
                    return p, CONF_LOOSE, "name above title"
                continue
            if re.fullmatch(pat, between, re.I):
                return p, CONF_DIRECT if not p.pronoun else CONF_LOOSE + 0.2, "name then role"
        return None

    def _role_authority(self, sent: str, s: int, rs: int, re_: int, auths: list[AuthMention],
                        people: list[Mention], main: str | None) -> str | None:
        after = sent[re_ - s:]
        org = re.match(r"\s*(?:\(DCS\))?\s*,?\s*(?:at|of|for|in|with|on)\s+(?:the\s+)?(?P<rest>[^.;:]{0,90})", after)
        if org:
            for a in auths:
                if a.start >= re_ and a.start - re_ <= 90:
                    gap = sent[re_ - s:a.start - s]
                    if (re.search(r"\b(?:at|of|for|in|with|on)\s+(?:the\s+)?$", gap)
                            and not any(re_ <= p.start < a.start and not p.pronoun for p in people)):
                        return a.name
            if re.match(r"(?:council|authority|local\s+authority|county\s+council|resort|town|city|borough)\b",
                        org.group("rest"), re.I):
                return main
            if re.match(r"(?:[A-Z][\w'’&-]*\s+){1,4}", org.group("rest")) and not re.match(r"DCS\b", org.group("rest")):
                return ""  # a post at another organisation ("chief executive of Education Leeds")
        for a in auths:
            gap_before: str | None = sent[a.end - s:rs - s] if a.end <= rs else None
            if gap_before is not None and len(gap_before) <= 30 and re.fullmatch(
                    r"(?:['’]s)?\s+(?:new\s+|interim\s+|former\s+|acting\s+|outgoing\s+|council\s+)*", gap_before, re.I):
                return a.name
            if gap_before is not None and re.fullmatch(r",?\s+where\s+(?:she|he)\s+(?:is|was|works|worked|serves|served)"
                                                r"(?:\s+as)?\s+(?:the\s+|a\s+|an\s+|its\s+)?", gap_before, re.I):
                return a.name
        return main

    def _apply_pending(self, art: Article, tenures: dict[tuple[str, str, str], dict[str, Any]],
                       pending: list[tuple[Mention, DateMention, str, int, int]], main: str | None) -> None:
        """Dates said of a person in a sentence without a role ("who took over her role on May 1")."""
        for person, d, kind, s, e in pending:
            if not d.resolved:
                continue
            mine = [t for t in tenures.values() if t["person"] == person.name and not t.get("_former")]
            if not mine:
                continue
            mine.sort(key=lambda t: (t["authority"] != main, t["confidence"] < CONF_DIRECT))
            t = mine[0]
            value = str(d.first) if kind == "start" else str(d.last)
            if t[kind] is None or _more_precise(value, t[kind]):
                t[kind] = value
                t["date_notes"].append(f"{kind} from another sentence: {d.text!r}"
                                       + (f" ({d.note})" if d.note else ""))

    # ---- judgements

    def _judgements_in(self, art: Article, sent: str, s: int, auths: list[AuthMention], dates: list[DateMention],
                       main: str | None) -> list[dict[str, Any]]:
        """Judgement mentions, clause by clause: a grade takes the dates of its own clause."""
        if lx.NOT_CHILDRENS_SERVICES.search(sent):
            return []
        authority = next((a.name for a in auths if a.name not in ("Ofsted", "Department for Education")), None) or main
        if authority is None:
            return []
        article_cue = bool(lx.ARTICLE_CUE.search(art.text))
        framework = next((kind for kind, pat in lx.FRAMEWORKS if pat.search(sent)), None)
        # dates that start or end someone's tenure are not inspection dates
        has_person = bool(self._sentence_people)
        month_clues = [d for d in dates if not d.resolved and d.month]
        dates = [d for d in dates if d.resolved and not (has_person and _date_role(sent, d.start - s))]
        out: list[dict[str, Any]] = []
        used: set[int] = set()
        for kind, pat in lx.VISIT_TYPES:  # each visit named, with its nearest date
            for m in pat.finditer(sent):
                near = [d for d in dates if id(d) not in used and -5 <= d.start - s - m.end() <= 45
                        and not lx.GRADE.search(sent[m.end():d.start - s])]
                near = near or [d for d in dates if id(d) not in used and 0 <= m.start() - (d.end - s) <= 60]
                for d in near[:1]:
                    used.add(id(d))
                j = self._judgement(art, sent, s, authority, kind, None, {}, near[:1], [], 0.7)
                if j:
                    j["_dated"] = bool(near)
                    out.append(j)
        pos = 0
        clauses = []
        for m in lx.CLAUSE_SPLIT.finditer(sent):
            clauses.append((pos, m.start()))
            pos = m.end()
        clauses.append((pos, len(sent)))
        for c0, c1 in clauses:
            clause = sent[c0:c1]
            grades = self._grades(clause)
            if not grades and self._last_grade and re.search(r"\b(?:the\s+)?same\s+(?:rating|grade|grading|judgement|"
                                                             r"judgment|verdict)\b", clause, re.I):
                grades = [("overall", self._last_grade)]
            overall_here = next((g for a, g in grades if a == "overall"), None)
            if overall_here:
                self._last_grade = overall_here
            c_dates = [d for d in dates if id(d) not in used and c0 <= d.start - s < c1]
            if grades and not (lx.CUE.search(clause) or lx.CUE.search(sent) or (
                    article_cue and re.search(r"\b(services|department|council|authority)\b", sent, re.I)
                    and any(g != "good" for _, g in grades))):
                continue
            if not grades:
                has_inspection = re.search(r"\binspection\b|\binspected\b|\bre-inspection\b|\binspectors?\s+"
                                           r"(?:\w+\s+)?visited\b|\breport\b", clause, re.I)
                if not (has_inspection and (any(d.first and d.first.precision.value != "year" for d in c_dates)
                                            or any(c0 <= d.start - s < c1 for d in month_clues))):
                    continue
            insp: list[DateMention] = []
            pub: list[DateMention] = []
            for d in c_dates:
                (pub if _published_role(sent, s, d) else insp).append(d)
            overall = next((g for area, g in grades if area == "overall"), None)
            sub = {area: g for area, g in grades if area != "overall"}
            j = self._judgement(art, sent, s, authority, framework or "other", overall, sub, insp, pub,
                                CONF_JUDGEMENT)
            if j:
                j["_past"] = bool(lx.PAST_CUE.search(clause))
                # months without a year ("last September" in an undated article): kept for linking
                j["_clues"] = [("published" if _published_role(sent, s, d) else "inspection_start", d.month, d.text)
                               for d in month_clues if c0 <= d.start - s < c1]
                out.append(j)
                if overall and lx.RETAINED.search(clause):
                    out.extend(self._retained(art, sent, s, authority, overall, dates, used))
        return out

    def _retained(self, art: Article, sent: str, s: int, authority: str, grade: str, dates: list[DateMention],
                  used: set[int]) -> list[dict[str, Any]]:
        """The earlier inspection a kept rating implies, when the sentence dates it ("last visit in 2012")."""
        for d in dates:
            if id(d) not in used and lx.LAST_VISIT.search(sent[max(0, d.start - s - 50):d.start - s]):
                used.add(id(d))
                j = self._judgement(art, sent, s, authority, "other", grade, {}, [d], [], CONF_LOOSE)
                if j:
                    j["_past"] = True
                    j["date_notes"].append(f"an earlier inspection with the same grade, implied by a rating kept "
                                           f"since {d.text!r}")
                    return [j]
        return []

    @staticmethod
    def _grades(sent: str) -> list[tuple[str, str]]:
        out = []
        for m in lx.GRADE.finditer(sent):
            word = m.group("g")
            before = sent[max(0, m.start() - 40):m.start()]
            after = sent[m.end():]
            if word.lower() == "good" and not (m.group("q") or lx.GOOD_CONTEXT.search(before)
                                               or re.match(r"\s*\)", after)):
                continue
            if word.lower() == "good" and not m.group("q") and re.match(
                    r"\s+(?:progress|practice|work|example|news|start|outcomes|improvements|relationships|"
                    r"experiences|quality|and|understanding|practitioners|support|reputation|care)\b", after, re.I):
                continue
            if word.lower() == "outstanding" and not m.group("q") and re.match(
                    r"\s+(?:feature|features|work|practice|examples?|service\s+to|issues?|debts?|cases?)\b", after, re.I):
                continue
            if lx.AIM_BEFORE.search(before):
                continue  # an aim, not a grade
            if re.match(r"['’\"”]?\s+(?:local\s+)?(?:authority\s+)?(?:authorities|councils|areas)\b", after, re.I):
                continue  # a label for other places ("other 'inadequate' local authority areas")
            out.append((_area(sent, m.start()), lx.normal_grade(word)))
        merged: dict[str, str] = {}
        for area, grade in out:
            merged.setdefault(area, grade)
        if "overall" not in merged and len(out) >= 3 and len({g for _, g in out}) == 1:
            merged["overall"] = out[0][1]
        return list(merged.items())

    def _judgement(self, art: Article, sent: str, s: int, authority: str, kind: str, overall: str | None,
                   sub: dict[str, str], insp: list[DateMention], pub: list[DateMention],
                   conf: float) -> dict[str, Any] | None:
        i_start = min((d.first for d in insp if d.first), default=None, key=lambda d: d.first())
        i_end = max((d.last for d in insp if d.last), default=None, key=lambda d: d.last())
        published = max((d.last for d in pub if d.last), default=None, key=lambda d: d.last())
        notes = [f"{d.text!r}: {d.note}" for d in [*insp, *pub] if d.note]
        return {"kind": "judgement", "authority": authority, "inspection_type": kind,
                "inspection_start": str(i_start) if i_start else None,
                "inspection_end": str(i_end) if i_end else None,
                "published": str(published) if published else None, "overall": overall, "subjudgements": sub,
                "source": art.name, "evidence": _clean(sent), "char_start": s, "char_end": s + len(sent),
                "confidence": conf, "date_notes": notes}


    # ---- relations

    def _relations_in(self, art: Article, sent: str, s: int, auths: list[AuthMention], dates: list[DateMention],
                      main: str | None) -> list[dict[str, Any]]:
        out = []
        kinds = [("improvement_notice", r"\bimprovement\s+notice\b"), ("statutory_direction", r"\bstatutory\s+direction\b"),
                 ("improvement_partner_of", r"\bimprovement\s+partner\b")]
        for kind, pat in kinds:
            if not re.search(pat, sent, re.I):
                continue
            if kind == "improvement_partner_of":
                others = [a.name for a in auths if a.name != main and a.name not in ("Ofsted", "Department for Education")]
                if not others or main is None:
                    continue
                subject, obj = others[0], main
            else:
                if main is None or re.search(r"\blift\w*\b", sent, re.I):
                    continue
                subject, obj = "Department for Education", main
            date = next((d for d in dates if d.resolved), None)
            out.append({"kind": "relation", "relation": kind, "subject": subject, "object": obj,
                        "start": str(date.first) if date else None, "source": art.name, "evidence": _clean(sent),
                        "char_start": s, "char_end": s + len(sent), "confidence": CONF_LOOSE})
        return out


# -- helpers -----------------------------------------------------------------------


_START_TRIGGER = re.compile(r"\b(appointed|appointment|joined|joins|join|joining|takes?\s+up|took\s+(?:up|over)|"
                            r"taking\s+up|started|starts|start|since|became|becomes|replac\w+|took\s+on|stepped\s+in|"
                            r"in\s+post\s+(?:since|from)|been\s+in\s+post|arrived|arrival)\b", re.I)
_END_TRIGGER = re.compile(r"\b(left|leaving|leaves|leave|retire\w*|retirement|stepped\s+down|steps\s+down|step\s+down|"
                          r"until|departure|departed|quit|resign\w*|moving|exit|replaced\s+(?:at|in|on))\b", re.I)
_HELD_FOR = re.compile(r"\bheld\s+(?:the|this|that|his|her)\s+(?:[\w-]+\s+){0,3}?(?:post|role|job|position|seat)\s+for\s+"
                       r"(?P<n>\d+|one|two|three|four|five|six|seven|eight|nine|ten)\s+years?\b", re.I)


def _count(word: str) -> int:
    return int(word) if word.isdigit() else {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
                                             "seven": 7, "eight": 8, "nine": 9, "ten": 10}[word.lower()]


def _date_role(sent: str, d_rel: int) -> str | None:
    """Is a date in this sentence the start or the end of something the person did?"""
    before = sent[max(0, d_rel - 90):d_rel]
    before = re.split(r"[;:]|\b(?:and|but)\s+(?:the|it|its|a)\b", before)[-1]
    trigger = max(_last_pos(_START_TRIGGER, before), _last_pos(_END_TRIGGER, before))
    if trigger >= 0 and max(_last_pos(lx.INSPECT_CUE, before), _last_pos(lx.PUBLISH_CUE, before)) > trigger:
        return None  # "appointed 18 months ago, progress by the time of the inspection in December 2018"
    if _END_TRIGGER.search(before) and _last_pos(_END_TRIGGER, before) > _last_pos(_START_TRIGGER, before):
        return "end"
    if _START_TRIGGER.search(before):
        return "start"
    return None


_APPOINTED_NOW = re.compile(r"\b(?:has|have)\s+(?:just\s+)?(?:been\s+)?(?:appointed|named|handed|chosen|confirmed|"
                            r"recruited)\b|\b(?:is|are)\s+(?:to\s+)?join\w*\b|\bwill\s+join\b|\bnewly[\s-]appointed\b|"
                            r"\bhas\s+joined\b|\bis\s+now\s+being\s+brought\s+in\b|\bhas\s+been\s+brought\s+in\b", re.I)


def _owner(d: DateMention, people: list[Mention]) -> str | None:
    """The person a date is said of: the last one named before it, else the first after."""
    before = [p for p in people if p.start < d.start]
    if before:
        return before[-1].name
    return people[0].name if people else None


def _tenure_dates(sent: str, s: int, person: Mention, dates: list[DateMention], art: Article,
                  people: list[Mention]) -> tuple[str | None, str | None, list[str]]:
    start = end = None
    notes: list[str] = []
    for d in dates:
        if _owner(d, people) not in (person.name, None):
            continue
        if not d.resolved:
            if d.note:
                notes.append(f"{d.text!r}: {d.note}")
            continue
        kind = _date_role(sent, d.start - s)
        if kind == "start" and start is None:
            start = str(d.first)
            notes.append(f"start from {d.text!r}" + (f" ({d.note})" if d.note else ""))
        elif kind == "end" and end is None:
            end = str(d.last)
            notes.append(f"end from {d.text!r}" + (f" ({d.note})" if d.note else ""))
    held = _HELD_FOR.search(sent)
    if start is None and held and art.published:
        start = str(art.published.year - _count(held.group("n")))
        notes.append(f"start: {held.group(0)!r} counted back from the publication date")
    return start, end, notes


def _merge_tenure(into: dict[str, Any], other: dict[str, Any]) -> None:
    for key in ("start", "end"):
        if other[key] and (into[key] is None or _more_precise(other[key], into[key])):
            into[key] = other[key]
    into["interim"] = into["interim"] or other["interim"]
    into["confidence"] = max(into["confidence"], other["confidence"])
    into["date_notes"] = into["date_notes"] + [n for n in other["date_notes"] if n not in into["date_notes"]]
    into["_former"] = into["_former"] and other["_former"]


def _more_precise(a: str, b: str) -> bool:
    return len(a) > len(b) and a.startswith(b[:4])


def _merge_judgements(items: list[dict[str, Any]], published: PartialDate | None,
                      reference: PartialDate | None = None) -> list[dict[str, Any]]:
    """Mentions of one inspection within an article become one fact.

    Dated mentions merge when their dates are within about three months and their
    grades agree; an undated grade joins the cluster with the same grade, else an
    ungraded inspection named just before it ("... in November 2016. At this time
    York was judged good"). The article's first graded judgement that has no date
    and no sign of being in the past is taken as the news of the day: published
    in the article's month, with a note saying so.
    """
    visits = [j for j in items if j["inspection_type"] in VISITS]
    full = [j for j in items if j["inspection_type"] not in VISITS]
    clusters: list[dict[str, Any]] = []
    for j in [j for j in full if _dates(j)] + [j for j in full if not _dates(j)]:
        target = _cluster_for(clusters, j, published)
        if target is None:
            clusters.append({**j, "_members": [j]})
        else:
            _absorb(target, j)
    peg = (str(PartialDate(published.year, published.month)), "no date in the text: taken as published in the "
           "article's month") if published else (str(PartialDate(reference.year)), "article undated and no date in "
           f"the text: taken as published in the year of the latest date the article mentions ({reference})") \
        if reference else None
    if peg is not None:
        for c in sorted(clusters, key=lambda c: (c["char_start"], all(m.get("_past") for m in c["_members"]))):
            if c["overall"] or c["subjudgements"]:
                if not _dates(c) and not any(m.get("_past") for m in c["_members"]):
                    c["published"] = peg[0]
                    c["date_notes"].append(peg[1])
                break
    out = [c for c in clusters if c["overall"] or c["subjudgements"] or _precise(c)]
    out = [c for c in out if c["overall"] or c["subjudgements"] or c["inspection_start"]]
    vclusters: list[dict[str, Any]] = []
    for v in visits:
        target = next((c for c in vclusters if c["inspection_type"] == v["inspection_type"]
                       and near(_dates(c), _dates(v))), None)
        if target is None:
            vclusters.append({**v, "_members": [v]})
        else:
            _absorb(target, v)
    out += [v for v in vclusters if _dates(v)]
    for c in out:
        c["_news"] = not all(m.get("_past") for m in c.get("_members", [c]))  # for linking: news, not history
        for k in ("_members", "_past", "_dated"):
            c.pop(k, None)
    return sorted(out, key=lambda c: c["char_start"])


def _published_role(sent: str, s: int, d: DateMention) -> bool:
    """Whether a date in a judgement sentence is the report's publication (else the inspection's)."""
    before = sent[max(0, d.start - s - 60):d.end - s]
    p_pos, i_pos = _last_pos(lx.PUBLISH_CUE, before), _last_pos(lx.INSPECT_CUE, before)
    if p_pos < 0 and i_pos < 0:  # no cue before: look just after ("2017 inspection", "report published")
        after = sent[d.end - s:d.end - s + 20]
        p_pos, i_pos = (-_first_pos(lx.PUBLISH_CUE, after), -_first_pos(lx.INSPECT_CUE, after))
    return p_pos > i_pos


def _precise(j: dict[str, Any]) -> bool:
    return bool(j["inspection_start"]) and PartialDate.parse(j["inspection_start"]).precision.value != "year"


def _cluster_for(clusters: list[dict[str, Any]], j: dict[str, Any],
                 published: PartialDate | None = None) -> dict[str, Any] | None:
    dj = _dates(j)
    fits = [c for c in clusters if c["authority"] == j["authority"]
            and not (c["overall"] and j["overall"] and c["overall"] != j["overall"])]
    if dj:
        return next((c for c in fits if near(_dates(c), dj) or not _dates(c)), None)
    if not j.get("_past"):
        # news of the day does not join a judgement the article itself puts in the past
        fits = [c for c in fits if not (c["overall"] and _dates(c) and all(m.get("_past") for m in c["_members"]))]
    same = [c for c in fits if j["overall"] and c["overall"] == j["overall"]]
    if same:  # the most recent judgement with that grade
        return max(same, key=lambda c: max((d.first().toordinal() for d in _dates(c)), default=0))
    open_ = [c for c in fits if not c["overall"] or not j["overall"]]
    if open_:  # the nearest mention in the text that leaves the grade open
        return min(open_, key=lambda c: abs(c["char_start"] - j["char_start"]))
    return None


def _absorb(target: dict[str, Any], j: dict[str, Any]) -> None:
    target["_members"].append(j)
    target["overall"] = target["overall"] or j["overall"]
    target["subjudgements"] = {**j["subjudgements"], **target["subjudgements"]}
    if j["inspection_start"] and (not target["inspection_start"] or j["inspection_start"] < target["inspection_start"]):
        target["inspection_start"] = j["inspection_start"]
    if j["inspection_end"] and (not target["inspection_end"] or j["inspection_end"] > target["inspection_end"]):
        target["inspection_end"] = j["inspection_end"]
    if j["published"] and (not target["published"] or _more_precise(j["published"], target["published"])):
        target["published"] = j["published"]
    if target["inspection_type"] == "other" and j["inspection_type"] != "other":
        target["inspection_type"] = j["inspection_type"]
    target["date_notes"] = target["date_notes"] + [n for n in j["date_notes"] if n not in target["date_notes"]]
    target["_clues"] = target.get("_clues", []) + [c for c in j.get("_clues", []) if c not in target.get("_clues", [])]


def _dates(j: dict[str, Any]) -> list[PartialDate]:
    return [PartialDate.parse(j[k]) for k in JUDGEMENT_DATES if j.get(k)]


def _area(sent: str, pos: int) -> str:
    window = sent[max(0, pos - 95):pos]
    best, best_pos = "overall", -1
    for area, pat in lx.AREAS:
        for m in pat.finditer(window):
            if m.start() > best_pos:
                best, best_pos = area, m.start()
    if best != "overall":
        clause = window[best_pos:]
        if re.search(r"[.;]|\bbut\b|\bwhile\b|\bwhereas\b", clause) and not re.search(r"\bwere\s+all\b", clause):
            return "overall"
    return best


def _first_pos(pattern: re.Pattern[str], text: str) -> int:
    """Position of the first match, or a large number when there is none (so that -pos ranks it last)."""
    m = pattern.search(text)
    return m.start() if m else 10**6


def _last_pos(pattern: re.Pattern[str], text: str) -> int:
    pos = -1
    for m in pattern.finditer(text):
        pos = m.start()
    return pos


def _strip_spans(between: str, offset: int, spans: Iterable[Any]) -> str:
    """`between` (text starting at `offset`) without the mentions (authorities, dates) inside it."""
    out = between
    for m in sorted(spans, key=lambda m: -m.start):
        rs, re_ = m.start - offset, m.end - offset
        if 0 <= rs and re_ <= len(between):
            out = out[:rs] + out[re_:]
    return out


def _clean(sentence: str) -> str:
    return re.sub(r"\s+", " ", sentence).strip()


# -- files ---------------------------------------------------------------------------


def article_paths(inputs: Iterable[Path]) -> list[Path]:
    out: list[Path] = []
    for p in inputs:
        if p.is_dir():
            out.extend(sorted(q for q in p.rglob("*") if q.is_file() and q.suffix.lower() in (".md", ".txt")
                              and not q.name.startswith(".")))
        else:
            out.append(p)
    return out


def known_people_from(kb: Any) -> dict[str, str]:
    from queries import person_key

    out: dict[str, str] = {}
    for p in kb.people.values():
        for n in [p.name, *p.aliases]:
            out[person_key(n)] = p.name
    return out


def extract_files(paths: Iterable[Path], extractor: Extractor | None = None,
                  known: list[Known] | None = None) -> dict[str, Any]:
    """Candidate facts from every file; a bad file is reported and skipped, never fatal.

    Undated judgement mentions are then linked to the one known inspection that fits, if
    there is exactly one (`loaders/linking.py`): `known` (the curated data) and dated
    judgements from the other files.
    """
    extractor = extractor or Extractor()
    facts: list[dict[str, Any]] = []
    errors: list[str] = []
    warnings: list[str] = []
    articles: list[dict[str, Any]] = []
    published: dict[str, PartialDate | None] = {}
    latest_year: dict[str, int | None] = {}
    for path in article_paths(paths):
        try:
            art = read_article(path)
            found = extractor.extract(art)
        except ArticleError as exc:
            errors.append(str(exc))
            continue
        except RecursionError:
            errors.append(f"{path}: text too deeply nested to read")
            continue
        warnings.extend(art.warnings)
        articles.append({"source": art.name, "url": art.url, "title": art.title, "publisher": art.publisher,
                         "published": str(art.published) if art.published else None})
        facts.extend(found)
        published[art.name] = art.published
        latest_year[art.name] = extractor.latest_year
    link_undated(facts, [*(known or []), *known_from_facts(facts)], published, latest_year)
    return {"facts": facts, "errors": errors, "warnings": warnings, "articles": articles}


# -- joining the graph ---------------------------------------------------------------


def merge_articles(kb: Any, inputs: list[Path], problems: list[Any]) -> list[str]:
    """Add extracted facts to a curated knowledge base; curated facts win.

    An extracted fact that matches a curated one becomes one more citation of it,
    with what the article says (`says`), so disagreements show in `tenure
    conflicts`; a new fact joins the graph marked `extracted` with its confidence.
    Returns notes for the user (bad files, facts that could not be placed).
    """
    from graph.model import ORIGIN_EXTRACTED, Citation, Judgement, Person, Post, Relation, Source, Tenure
    from loaders.curated import infer_bounds, set_in_force

    register = load_register()
    out = extract_files(inputs, Extractor(register, known_people_from(kb)), known_from_kb(kb))
    notes = [f"skipped {e}" for e in out["errors"]]
    by_file = {Path(s.file).name: s.id for s in kb.sources.values() if s.file}
    for a in out["articles"]:
        if a["source"] not in by_file:
            sid = Path(a["source"]).stem
            kb.sources[sid] = Source(sid, a["url"], a["title"], a["publisher"],
                                     PartialDate.parse(a["published"]) if a["published"] else None,
                                     "extracted from an article", a["source"])
            by_file[a["source"]] = sid
    for f in out["facts"]:
        sid = by_file[f["source"]]
        try:
            if f["kind"] == "tenure":
                _merge_tenure_fact(kb, f, sid, register, Citation, Person, Post, Tenure, ORIGIN_EXTRACTED)
            elif f["kind"] == "judgement":
                note = _merge_judgement_fact(kb, f, sid, register, Citation, Judgement, ORIGIN_EXTRACTED)
                if note:
                    notes.append(note)
            elif f["kind"] == "relation":
                _merge_relation_fact(kb, f, sid, register, Citation, Relation, ORIGIN_EXTRACTED)
        except (DateError, LookupError, ValueError) as exc:
            notes.append(f"{f['source']}: a {f['kind']} could not be added: {exc}")
    notes.extend(_drop_clashing(kb))
    infer_bounds(kb)
    set_in_force(kb)
    return notes


def _drop_clashing(kb: Any) -> list[str]:
    """Curated facts win a single-holder post.

    An extracted tenure is left out (and the user told) when, on a day the article
    puts that person in post (its certain span, or else its stated start), a curated
    tenure certainly has someone else in the same single-holder post.
    """
    from graph.dates import Window
    from graph.model import ORIGIN_EXTRACTED, single_holder

    curated: dict[str, list[Any]] = {}
    for t in kb.tenures:
        if t.origin != ORIGIN_EXTRACTED and single_holder(t.role) and not t.interim:
            curated.setdefault(t.post_id, []).append(t)
    drop: set[str] = set()
    notes = []
    for t in kb.tenures:
        if t.origin != ORIGIN_EXTRACTED or t.interim or t.post_id not in curated:
            continue
        mine = t.span.certain()
        if mine.empty:
            if t.start is None:
                continue
            mine = Window(t.start.last(), t.start.last())
        for other in curated[t.post_id]:
            theirs = other.span.certain()
            if other.person_id != t.person_id and not theirs.empty and theirs.overlaps(mine):
                drop.add(t.id)
                notes.append(f"{t.file}: {kb.people[t.person_id].name} as {t.role} of "
                             f"{kb.authorities[t.authority_id].name} not added: {kb.people[other.person_id].name} "
                             f"certainly held that post from {theirs.lo} to {theirs.hi} ({other.file}:{other.line})")
                break
    kb.tenures[:] = [t for t in kb.tenures if t.id not in drop]
    return notes


def _cite(Citation: Any, f: dict[str, Any], sid: str, says: dict[str, str]) -> Any:
    return Citation(sid, [(f["char_start"], f["char_end"])], {k: v for k, v in says.items() if v}, None, None,
                    f"extracted (confidence {f['confidence']:.1f})", f.get("evidence"))


def _merge_tenure_fact(kb: Any, f: dict[str, Any], sid: str, register: Register, Citation: Any, Person: Any,
                       Post: Any, Tenure: Any, origin: str) -> None:
    auth = register.resolve(f["authority"])
    pid = Person.make_id(f["person"])
    if pid not in kb.people:
        kb.people[pid] = Person(pid, f["person"])
    existing = [t for t in kb.tenures if t.person_id == pid and t.authority_id == auth.id and t.role == f["role"]]
    cite = _cite(Citation, f, sid, {"start": f["start"], "end": f["end"]})
    if existing:
        existing[0].cites.append(cite)
        return
    post_id = Post.make_id(auth.id, f["role"], f["title"])
    kb.posts.setdefault(post_id, Post(post_id, f["role"], f["title"], auth.id))
    start = PartialDate.parse(f["start"]) if f["start"] else None
    end = PartialDate.parse(f["end"]) if f["end"] else None
    if start and end and end.last() < start.first():
        end = None
    tid = Tenure.make_id(pid, post_id, start)
    if any(t.id == tid for t in kb.tenures):
        return
    kb.tenures.append(Tenure(id=tid, cites=[cite], origin=origin, confidence=f["confidence"], file=f["source"],
                             person_id=pid, post_id=post_id, role=f["role"], title=f["title"], authority_id=auth.id,
                             start=start, end=end, interim=f["interim"]))


def _merge_judgement_fact(kb: Any, f: dict[str, Any], sid: str, register: Register, Citation: Any, Judgement: Any,
                          origin: str) -> str | None:
    auth = register.resolve(f["authority"])
    dates = _dates(f)
    # a linked mention's dates come from the inspection it was linked to, not from the article
    says = {} if f.get("linked_to") else {k: f[k] for k in JUDGEMENT_DATES if f.get(k)}
    if f.get("overall"):
        says["overall"] = f["overall"]
    mine = [j for j in kb.judgements if j.authority_id == auth.id
            and (j.type in VISITS) == (f["inspection_type"] in VISITS)
            and (j.type == f["inspection_type"] or f["inspection_type"] not in VISITS)]
    def when(j: Any) -> list[PartialDate]:
        return [d for d in (j.inspection_start, j.inspection_end, j.published) if d]
    if dates:
        # the same inspection, whatever grade the article gives: a different grade becomes a conflict to show
        close = [j for j in mine if near(when(j), dates)]
        match = [j for j in close if not f["overall"] or j.overall in (None, f["overall"])] or close
    else:
        src = kb.sources.get(sid)
        limit = src.published.last() if src and src.published else None
        match = [j for j in mine if f["overall"] and j.overall == f["overall"] and when(j)
                 and (limit is None or min(d.first() for d in when(j)) <= limit)]
        match = sorted(match, key=lambda j: max(d.first() for d in when(j)))[-1:]
    if match:
        match[0].cites.append(_cite(Citation, f, sid, says))
        return None
    if not dates:
        return f"{f['source']}: an undated {f['overall'] or 'ungraded'} judgement of {auth.name} matches no known one; not added"
    kind = f["inspection_type"] if f["inspection_type"] in ("sif", "ilacs", "monitoring_visit", "focused_visit", "jtai") \
        else "other"
    i_start = PartialDate.parse(f["inspection_start"]) if f.get("inspection_start") else None
    i_end = PartialDate.parse(f["inspection_end"]) if f.get("inspection_end") else None
    pub = PartialDate.parse(f["published"]) if f.get("published") else None
    jid = Judgement.make_id(auth.id, kind, i_start or pub)
    if any(j.id == jid for j in kb.judgements):
        jid += f":{sid}"
    kb.judgements.append(Judgement(id=jid, cites=[_cite(Citation, f, sid, {})], origin=origin,
                                   confidence=f["confidence"], file=f["source"], authority_id=auth.id, type=kind,
                                   inspection_start=i_start, inspection_end=i_end, published=pub,
                                   overall=f.get("overall"), sub=dict(f.get("subjudgements") or {})))
    return None


def _merge_relation_fact(kb: Any, f: dict[str, Any], sid: str, register: Register, Citation: Any, Relation: Any,
                         origin: str) -> None:
    subject, obj = register.resolve(f["subject"]), register.resolve(f["object"])
    existing = [r for r in kb.relations if r.kind == f["relation"] and r.subject_id == subject.id
                and r.object_id == obj.id]
    cite = _cite(Citation, f, sid, {"start": f["start"]})
    if existing:
        existing[0].cites.append(cite)
        return
    start = PartialDate.parse(f["start"]) if f.get("start") else None
    rid = Relation.make_id(f["relation"], subject.id, obj.id, start)
    if any(r.id == rid for r in kb.relations):
        return
    kb.relations.append(Relation(id=rid, cites=[cite], origin=origin, confidence=f["confidence"], file=f["source"],
                                 kind=f["relation"], subject_id=subject.id, object_id=obj.id, start=start))
