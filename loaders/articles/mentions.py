"""Finding mentions: authorities (from the register) and people (names, pronouns) in an article."""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from typing import Any, Iterable

from loaders import lexicon as lx
from loaders.articles.reading import Article
from loaders.register import Register

_GENDERED = re.compile(r"\b(Mr|Mrs|Ms|Miss|Sir|Dame|Lord|Lady)\.?\s+$")
PRONOUNS = re.compile(r"\b(she|he|her|his|him)\b", re.I)
_CAP = r"(?:Mc|Mac|O['’])?[A-Z][a-z]+(?:[-'’][A-Z]?[a-z]+)*"
# runs of capitalised words, with the lower-case particles of surnames inside them ("Anna van der Berg")
_NAME_RUN = re.compile(rf"{_CAP}(?:[ \t]+(?:[A-Z]\.?[ \t]+)?(?:(?:de|da|di|du|del|della|van|von|der|den|le|la|ter|ten)[ \t]+)*"
                       rf"{_CAP})*")
_INITIAL = re.compile(r"[A-Z]\.?")  # a middle initial inside a name ("Ann B. Cole"): skipped, the name kept


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





@dataclass
class Mention:
    start: int
    end: int
    name: str  # canonical full name
    councillor: bool = False
    pronoun: bool = False
    other: str = ""  # a pronoun's second reading: the person named before the one it is read as


@dataclass
class AuthMention:
    start: int
    end: int
    name: str



class MentionFinder:
    """Authority and person mentions; mixed into the Extractor."""

    register: Register
    known: dict[str, str]
    auth_names: dict[str, str]
    auth_re: re.Pattern[str]
    auth_single: set[str]
    _squashed: dict[str, str] | None

    def _authorities(self, text: str, start: int) -> list[AuthMention]:
        out = []
        for m in self.auth_re.finditer(text, start):
            core_name = re.sub(r"(?:['’]s)$", "", m.group(0))
            core_name = re.sub(r"\s+(?:(?i:county\s+council|borough\s+council|city\s+council|council)|CC|BC|MBC|DC)$", "",
                               core_name)
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
        for name in self._councils_named(art.title):
            counts[name] = counts.get(name, 0) + 3
        for name in self._header_authorities(art):  # a council's own page: its publisher or its gov.uk address
            counts[name] = counts.get(name, 0) + 2
        if not counts:
            return None
        first = {a.name: a.start for a in reversed(auths)}
        return max(counts, key=lambda n: (counts[n], -first.get(n, 10**9)))

    def _councils_named(self, header: str | None) -> list[str]:
        """The councils a header field (title, publisher) names, by their register names."""
        out = []
        for m in self.auth_re.finditer(header or ""):
            name = self.auth_names.get(re.sub(r"(?:['’]s)$|\s+(?i:county\s+council|borough\s+council|city\s+council|"
                                              r"council)$", "", m.group(0)))
            if name and name not in ("Ofsted", "Department for Education"):
                out.append(name)
        return out

    def _header_authorities(self, art: Article) -> list[str]:
        out = self._councils_named(art.publisher)
        host = re.match(r"(?:https?://)?(?:www\.)?([a-z0-9.-]+)\.gov\.uk\b", (art.url or "").lower())
        if host:
            squashed = getattr(self, "_squashed", None)
            if squashed is None:
                squashed = {}
                for n, canonical in self.auth_names.items():
                    squashed.setdefault(re.sub(r"[^a-z]", "", n.lower()), canonical)
                self._squashed = squashed
            label = re.sub(r"[^a-z]", "", host.group(1).split(".")[-1])
            if label in squashed and squashed[label] not in ("Ofsted", "Department for Education"):
                out.append(squashed[label])
        return out

    def _canonical(self, name: str) -> str:
        from graph.names import person_key

        return self.known.get(person_key(name), name)

    def _people(self, text: str, start: int, auths: list[AuthMention]) -> list[Mention]:
        in_auth = bytearray(len(text) + 1)  # positions inside an authority's name (a lookup, not a scan)
        for a in auths:
            in_auth[a.start:a.end] = b"\x01" * (a.end - a.start)
        runs: list[tuple[int, int, list[tuple[int, int, str]]]] = []
        for m in _NAME_RUN.finditer(text[start:]):
            toks = [(start + t.start() + m.start(), start + t.end() + m.start(), t.group(0))
                    for t in re.finditer(r"\S+", m.group(0))]
            runs.append((start + m.start(), start + m.end(), toks))
        full: list[Mention] = []
        singles: list[tuple[int, int, str, bool]] = []
        for _, _, toks in runs:
            group: list[tuple[int, int, str]] = []
            for k, tok in enumerate(toks + [(0, 0, "")]):
                if group and _INITIAL.fullmatch(tok[2]):
                    continue
                word = re.sub(r"['’]s$", "", tok[2])
                if tok[2] and (lx.is_name_token(word) or (word in lx.NAME_PARTICLES and group)) and not any(
                        in_auth[tok[0]:tok[1]]):
                    group.append((tok[0], tok[1], word))
                    continue
                if (len(group) == 1 and k == len(toks) - 1 and word.lower() in lx.SURNAME_WORDS
                        and not any(in_auth[tok[0]:tok[1]])):
                    group.append((tok[0], tok[1], word))  # "Ann Young said": a common word as the surname
                    continue
                while group and group[-1][2] in lx.NAME_PARTICLES:
                    group.pop()
                if group:
                    s0, e0 = group[0][0], group[-1][1]
                    before = text[max(0, s0 - 22):s0]
                    honorific = lx.HONORIFIC.search(before)
                    councillor = bool(honorific and honorific.group("cllr"))
                    size = len([g for g in group if g[2] not in lx.NAME_PARTICLES])
                    if 2 <= size <= 3 and group[0][2].lower() not in self.auth_single:
                        full.append(Mention(s0, e0, self._canonical(" ".join(g[2] for g in group)), councillor))
                    elif len(group) == 1:
                        singles.append((s0, e0, group[0][2], bool(honorific)))
                group = []
        out = list(full)
        index = _name_index(full)
        for s0, e0, word, _ in singles:
            match = _resolve_single(word, index, s0)
            if match:
                out.append(Mention(s0, e0, match.name, match.councillor))
        for m in PRONOUNS.finditer(text, start):
            out.append(Mention(m.start(), m.end(), "", pronoun=True))
        out.sort(key=lambda p: p.start)
        gender: dict[str, str] = {}  # from the honorifics the article gives each person ("Mrs Shoesmith")
        for p in out:
            h = _GENDERED.search(text, max(0, p.start - 8), p.start) if not p.pronoun else None
            if h:
                g = "m" if h.group(1).lower() in ("mr", "sir", "lord") else "f"
                gender[p.name] = g if gender.get(p.name, g) == g else "?"
        recent: list[Mention] = []  # people named so far, the latest first, one mention each
        for p in out:
            if not p.pronoun:
                recent = [p] + [q for q in recent if q.name != p.name]
                continue
            want = "f" if text[p.start:p.end].lower() in ("she", "her") else "m"
            fits = [q for q in recent if gender.get(q.name, want) in (want, "?")]
            first, second = (fits + [None, None])[:2]
            # "NAME took over from him": an object pronoun is not the subject named earlier in its sentence
            if (first and second and text[p.start:p.end].lower() == "him"
                    and not re.search(r"[.!?]", text[first.end:p.start])):
                first, second = second, None
            # "... appointed NAME in the wake of X's departure. She is ...": a possessive is seldom the one meant
            if first and _possessive(text, first):
                alt = next((q for q in fits[1:]
                            if not _possessive(text, q) and _sentence_ends(text, q.end, p.start) <= 1), None)
                if alt is not None:
                    first, second = alt, first
            p.name = first.name if first else ""
            # the second reading only from this sentence or the one before
            near = second is not None and _sentence_ends(text, second.end, p.start) <= 1
            p.other = second.name if second and near else ""
        return [p for p in out if p.name]

    # ---- tenures


def _sentence_ends(text: str, start: int, end: int) -> int:
    """How many sentences end between two offsets."""
    return len(_SENTENCE_END.findall(text, start, end))


_SENTENCE_END = re.compile(r"[.!?](?:\s|$)")


def _possessive(text: str, m: Mention) -> bool:
    """'Chew's departure': the name stands before 's (inside the mention or just after it)."""
    return text[max(m.start, m.end - 2):m.end] in ("'s", "’s") or text[m.end:m.end + 2] in ("'s", "’s")


def _name_index(full: list[Mention]) -> dict[str, tuple[list[int], list[Mention]]]:
    """Full names by the single words that may stand for them: surname, first name, a first name's start."""
    index: dict[str, tuple[list[int], list[Mention]]] = {}
    for m in full:  # `full` is in text order
        parts = m.name.split()
        keys = {parts[-1], parts[0], *(parts[0][:n] for n in range(3, len(parts[0])))}
        for k in keys:
            starts, ms = index.setdefault(k, ([], []))
            starts.append(m.start)
            ms.append(m)
    return index


def _resolve_single(word: str, index: dict[str, tuple[list[int], list[Mention]]], pos: int) -> Mention | None:
    """'Booth', 'Diane' or 'Del' -> the full name in the article it stands for (nearest before, else after)."""
    if word not in index:
        return None
    starts, ms = index[word]
    i = bisect_left(starts, pos)
    return ms[i - 1] if i > 0 else ms[0]
