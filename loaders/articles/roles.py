"""Linking people to roles: who holds which post, at which authority, from when to when."""

from __future__ import annotations

import re
from dataclasses import replace

from graph.dates import PartialDate
from loaders import lexicon as lx
from loaders.articles.mentions import AuthMention, Mention
from loaders.articles.reading import Article
from loaders.articles.tenures import TenureCandidate
from loaders.articles.textutil import CONF_DIRECT, CONF_LOOSE, _clean, _first_pos, _last_pos, _more_precise, _strip_spans
from loaders.textdates import DateMention


# a post still to come ("NAME, ROLE1, will become ROLE2"): said before a role as "is" is
_BECOME = r"(?:will|would|is\s+to|is\s+set\s+to|was\s+to)\s+become"


class RoleLinker:
    """Person-role links sentence by sentence; mixed into the Extractor."""

    _dates: list[DateMention]
    _prev_dates: list[DateMention]  # the dates of the sentence before
    use_parse: bool
    _pending_new: tuple[lx.RoleHit, str, int, str] | None
    _childrens_story: bool
    _prev_line_person: Mention | None
    _successions: list[tuple[Mention, Mention, str, int, str]]
    _full_titles: dict[str, lx.RoleHit | None]  # head word -> the article's full title with it (None: ambiguous)

    def _tenures_in(self, art: Article, sent: str, s: int, people: list[Mention], auths: list[AuthMention],
                    dates: list[DateMention], main: str | None, all_people: list[Mention]) -> list[TenureCandidate]:
        self._prev_dates, self._dates = self._dates, dates
        cllr_spans = [(p.start - s, p.end - s) for p in people if p.councillor]
        roles = lx.find_roles(sent, cllr_spans, self._childrens_story)
        roles = self._short_titles(sent, roles)
        out: list[TenureCandidate] = []
        links: dict[int, tuple[Mention, float, str]] = {}
        listed = [p for p in people if not p.pronoun]
        if (len(roles) >= 2 and len(listed) == len(roles) and _RESPECTIVELY.search(sent)
                and listed[-1].end - s <= roles[0].start):
            # "A and B now head X and Y respectively": the n-th role is the n-th person's
            links = {i: (listed[i], CONF_LOOSE + 0.1, "respectively") for i in range(len(roles))}
        for i, r in enumerate(roles):
            if i in links:
                continue
            rs, re_ = s + r.start, s + r.end
            if _COPULA_BEFORE.search(sent, 0, r.start):  # "A is ROLE, B said": the role is the subject's
                hit = self._link_before(sent, s, rs, people, auths, re_) or self._link_after(sent, s, rs, re_, people, auths)
            else:
                hit = self._link_after(sent, s, rs, re_, people, auths) or self._link_before(sent, s, rs, people, auths, re_)
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
        for i in [i for i in range(len(roles)) if i not in links]:
            # "without a ROLE since the departure of NAME", "the ROLE post has been vacant since NAME left":
            # the post is empty because NAME left it
            empty = _POST_EMPTY.search(sent[:roles[i].start]) or _POST_EMPTY_AFTER.match(sent, roles[i].end)
            if not empty or len({p.name for p in people if not p.pronoun}) != 1:
                continue
            leaver = next((p for p in people if not p.pronoun and (
                _DEPARTURE_OF.search(sent[:p.start - s]) or (_SINCE_BEFORE.search(sent[:p.start - s])
                                                              and _LEFT_AFTER.match(sent, p.end - s)))), None)
            if leaver is not None:
                links[i] = (leaver, CONF_LOOSE, _LEFT_IT)
        # only roles that would be kept are worth a parse: a post with no authority is dropped anyway
        unlinked = [i for i in range(len(roles)) if i not in links and (roles[i].fixed_authority or self._role_authority(
            sent, s, s + roles[i].start, s + roles[i].end, auths, people, main))]
        if unlinked and people and self.use_parse:
            from loaders.articles import syntax

            found = syntax.link_roles(sent, [(roles[i].start, roles[i].end) for i in unlinked],
                                      [(p.start - s, p.end - s) for p in people])
            for k, (j, how) in found.items():
                links[unlinked[k]] = (people[j], CONF_LOOSE + (0.0 if people[j].pronoun else 0.1), "parse: " + how)
        if self.use_parse and len({p.name for p in people} | {p.other for p in people if p.other}) >= 2 \
                and _SUCCESSION_WORD.search(sent):
            from loaders.articles import syntax

            for a, b, how in syntax.successions(sent, [(p.start - s, p.end - s) for p in people]):
                later, earlier = people[a], people[b]
                if earlier.pronoun and earlier.name == later.name and earlier.other:
                    earlier = replace(earlier, name=earlier.other)  # "NAME, his successor": nobody succeeds themselves
                if later.name != earlier.name:
                    self._successions.append((later, earlier, how, s, sent))
        pend, self._pending_new = self._pending_new, None
        if pend is not None:
            out.extend(self._new_role_named_next(art, sent, s, people, pend))
        if not any(not p.pronoun for p in people):
            # "... welcomed the new interim ROLE." and the next sentence opens with the name
            for i, r in enumerate(roles):
                if i not in links and not r.former and re.match(r"new\b", r.title, re.I):
                    authority = r.fixed_authority or self._role_authority(sent, s, s + r.start, s + r.end, auths,
                                                                          people, main)
                    if authority:
                        self._pending_new = (r, authority, s, sent)
        for i, (person, conf, how) in sorted(links.items()):
            r = roles[i]
            authority = r.fixed_authority or self._role_authority(sent, s, s + r.start, s + r.end, auths, people, main)
            if authority is None or authority == "":
                continue
            if person.councillor and r.role == "director_of_childrens_services" and "boss" in r.title.lower():
                continue
            role = r.role
            if not r.fixed_authority and _OF_A_BODY.match(sent, r.end):
                role = "other"  # "chief executive of Wigan Children's Trust": a post at a body, not the council's
            origin = bool(re.search(r"\b(?:joins|joined|join|joining|moves|moving|comes|coming)\s+from\b[^.]{0,90}$|"
                                    r"(?<!\bup\s)(?<!\bstarted\s)(?<!\bstarts\s)(?<!\bbegan\s)(?<!\bbegins\s)"
                                    r"(?<!\bassumed\s)(?<!\bassumes\s)(?:her|his)\s+(?:current\s+)?(?:position|post|role|job)"
                                    r"\s+as\s+(?:the\s+|a\s+)?$",  # "joins from her post as": the post left, but
                                    sent[:r.start], re.I))         # "took up her post as" is the new one
            start, end, notes = _tenure_dates(sent, s, person, dates, art, people)
            between = sent[person.end - s:r.start] if person.end - s <= r.start else ""
            origin = origin or how == _LEFT_IT or bool(_PRIOR_POST.search(between))
            if origin:  # the post someone is leaving: a start date in the sentence is the new post's
                start, notes = None, [n for n in notes if not n.startswith("start")]
            verb = _APPOINTED_NOW.search(sent)
            if (start is None and not r.former and not origin and art.published and verb and verb.start() < r.start
                    and not any(verb.start() < o.start < r.start for o in roles)):
                start = str(PartialDate(art.published.year, art.published.month))
                notes.append("start: reported as a new appointment; taken as the publication month")
            elif (start is None and not r.former and not origin and art.published
                  and art.published.precision.value != "year" and re.match(r"new\b", r.title, re.I)
                  and not re.search(r"\b(?:will|to\s+be|would)\b", sent[:r.start], re.I)):
                start = str(PartialDate(art.published.year, art.published.month))
                notes.append("start: named as the new holder; taken as the publication month")
            elif (start is None and not r.former and not origin and art.published and _APPOINTED_PAST.search(sent)
                  and not _PRIOR_POST.search(sent) and not any(d.resolved for d in dates)):
                # "By the time the report was published in June, the council had changed its leaders. NAME was
                # appointed interim ROLE": an undated appointment told in the time of the sentence before it
                told = [d for d in self._prev_dates if d.resolved and d.last and d.last.year == art.published.year]
                if told:
                    start = str(PartialDate(art.published.year))
                    notes.append(f"start: reported as appointed, with no date, after a sentence set in "
                                 f"{told[-1].text!r}; taken as that year (inferred)")
            title = r.title
            out.append(TenureCandidate(person.name, role, title, authority, start, end, r.interim, art.name,
                                       _clean(sent), s, s + len(sent), conf, how, notes, r.former or origin))
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
                    out.append(out[-1].but(person=prev.name, start=None, end=end_val,
                                           title=re.sub(r"^(?:new|former|outgoing)\s+", "", title, flags=re.I),
                                           how="named as predecessor", former=True,
                                           date_notes=["end: the successor's start"] if end_val else []))
                    if d_end and out[-2].start is None:
                        out[-2].start = str(d_end.first)
            succ = re.match(r"\s+by\s+(?:(?:County\s+)?Councillor\s+|Coun\s+|Cllr\s+)?", sent[r.end:])
            if succ:
                nxt = next((p for p in people if p.start == s + r.end + succ.end()), None)
                if nxt is not None:
                    pub = str(art.published)[:7] if art.published else None
                    out.append(out[-1].but(person=nxt.name, start=pub, end=None, how="named as successor",
                                           former=False,
                                           date_notes=["start taken as the publication month"] if pub else []))
                    if pub and out[-2].end is None:
                        out[-2].end = pub
        return out

    def _short_titles(self, sent: str, roles: list[lx.RoleHit]) -> list[lx.RoleHit]:
        """"The director" after "director of children's services": the short title stands for the full one.

        The article's full titles are remembered by their head word; a head word seen with two
        different posts is ambiguous and left alone.
        """
        for r in roles:
            word = "director" if re.search(r"\bdirector\b", r.title, re.I) else (
                "commissioner" if re.search(r"\bcommissioner\b", r.title, re.I) else None)
            if word and not r.fixed_authority:
                seen = self._full_titles.get(word, r)
                self._full_titles[word] = r if seen is not None and seen.role == r.role else None
        if "director" not in sent.lower() and "commissioner" not in sent.lower():
            return roles
        for m in re.finditer(r"\b(director|commissioner)\s+(?:of|for)\s", sent, re.I):
            if not any(r.start <= m.start() < r.end for r in roles):
                self._full_titles[m.group(1).lower()] = None  # another post of that name: "director of public health"
        extra = []
        for m in lx.SHORT_TITLE.finditer(sent):
            full = self._full_titles.get(m.group("word").lower())
            if full is None or any(r.start < m.end() and m.start() < r.end for r in roles):
                continue
            interim, former = lx._flags(m.group("pre"))
            extra.append(lx.RoleHit(m.start(), m.end(), full.role, full.title, interim, former))
        return sorted(roles + extra, key=lambda h: h.start) if extra else roles

    def _new_role_named_next(self, art: Article, sent: str, s: int, people: list[Mention],
                             pend: tuple[lx.RoleHit, str, int, str]) -> list[TenureCandidate]:
        """The person a sentence opens with holds the new role the sentence before announced."""
        first = next((p for p in people if not p.pronoun), None)
        if first is None or not re.fullmatch(r"\s*[\"“]?\s*(?:(?:Ms|Mr|Mrs|Dr|Cllr|Coun|Councillor)\.?\s+)?",
                                             sent[:first.start - s]):
            return []
        r, authority, s0, sent0 = pend
        start, notes = None, []
        if art.published and art.published.precision.value != "year":
            start = str(PartialDate(art.published.year, art.published.month))
            notes.append("start: named as the new holder; taken as the publication month")
        return [TenureCandidate(first.name, r.role, r.title, authority, start, None, r.interim, art.name,
                                _clean(sent0 + " " + sent), s0, s + len(sent), CONF_LOOSE,
                                "the new ROLE, then the next sentence's subject", notes)]

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
                     auths: list[AuthMention], re_: int | None = None) -> tuple[Mention, float, str] | None:
        """NAME, [the] ROLE / NAME is the ROLE / NAME, who joined X as ROLE / appointed NAME as ROLE."""
        before = [p for p in people if p.end <= rs]
        if not before:
            return None
        p = before[-1]
        if len(before) >= 2 and _REPLACED_BEFORE.search(sent[max(0, p.start - s - 40):p.start - s]) and re.fullmatch(
                r"\s+as\s+(?:the\s+|its\s+)?", sent[p.end - s:rs - s]):
            p = before[-2]  # "X, who replaced Y as ROLE": the role is X's; Y is named as the predecessor
        between = _strip_spans(sent[p.end - s:rs - s], p.end, auths)
        between = re.sub(r"\s+(?:in|on|since)\s+(?=,|\s|$)", " ", _strip_spans(between, p.end, self._dates))
        if len(between) > 90:
            return None
        appositive = r"\s*,\s*(?:now|currently|formerly|previously|also)?\s*(?:the|its|a|an|their|our)?\s*"
        patterns = [
            appositive,
            r"\s+[-–—]\s+(?:the\s+)?",  # "NAME – Director of ..."
            r"[ \t]+(?=[A-Z])",  # a letter's address block: "Diane Booth Director, Children's Services"
            r"\s+(?:current\s+|previous\s+|former\s+|new\s+)?(?:position|post|role|job)\s+as\s+(?:the\s+|a\s+|an\s+)?",
            r"\s*,?\s*(?:who\s+)?(?:has\s+been\s+|was\s+|is\s+|had\s+been\s+|will\s+be\s+)?(?:unanimously\s+)?"
            r"(?:re-?elected|elected|appointed|promoted|named|confirmed|installed|chosen)\s+(?:to\s+the\s+(?:position|post|"
            r"role)\s+of\s+|as\s+)?(?:the\s+|its\s+|a\s+)?(?:new\s+)?",
            r"\s*['’]s\s+(?:new\s+)?",
            r"\s*,?\s*(?:who\s+)?(?:is|was|has\s+been|had\s+been|will\s+be|would\s+be|becomes|became|is\s+currently|"
            rf"{_BECOME}|"
            r"was\s+previously|is\s+now|currently|now|previously|formerly|remains)\s+(?:the\s+|its\s+|a\s+|an\s+|their\s+)?"
            r"(?:new\s+)?",
            r"\s*,?\s*(?:who\s+)?(?:joined|joins|will\s+join|has\s+joined|returned\s+to)\s*(?:the\s+council|the\s+authority)?"
            r"\s*as\s+(?:its\s+|the\s+|a\s+|an\s+)?(?:new\s+)?",
            r"\s+as\s+(?:its\s+|the\s+|a\s+|an\s+|their\s+)?(?:new\s+|interim\s+)?",
            r"\s*[(\[]\s*",
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
                if pat == appositive and re_ is not None and lx.role_opens_clause(sent, p.start - s, re_ - s):
                    return None  # "After NAME left, the ROLE said": the role opens a clause, it is not NAME's
                return p, CONF_DIRECT if not p.pronoun else CONF_LOOSE + 0.2, "name then role"
        return None

    def _role_authority(self, sent: str, s: int, rs: int, re_: int, auths: list[AuthMention],
                        people: list[Mention], main: str | None) -> str | None:
        inside = [a for a in auths if rs <= a.start and a.end <= re_]
        if len(inside) == 1:  # "director of Bolton Council's children's services": the place the title names
            return inside[0].name
        after = sent[re_ - s:]
        org = re.match(r"\s*(?:\(DCS\))?\s*,?\s*(?:at|of|for|in|with|on)\s+(?:the\s+)?(?P<rest>[^.;:]{0,90})", after)
        if org and any(d.start <= re_ + org.start("rest") < d.end or re_ <= d.start <= re_ + org.start("rest")
                       for d in self._dates):
            org = None  # "ROLE in February 2015": a date, not a place
        if org:
            if _UNNAMED_BODY.match(org.group("rest")):
                return ""  # "chief executive of a trust in Leeds": a post at a body the text does not name
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

    def _apply_successions(self, art: Article, tenures: dict[tuple[str, str, str], TenureCandidate]) -> None:
        """"X replaced Y" said in a sentence without the post: X holds the post the article gives Y."""
        for succ, pred, how, s, sent in self._successions:
            held = {(t.role, t.authority) for t in tenures.values() if t.person == succ.name}
            posts = {(t.role, t.authority): t for t in tenures.values() if t.person == pred.name}
            mine = [t for t in tenures.values() if t.person == succ.name]
            if not posts and len(held) == 1 and mine[0].char_start == s:
                # the post the same sentence gives the successor was the predecessor's before
                (role, authority), t = next(iter(held)), mine[0]
                person, how, former = pred.name, f"predecessor ({how}) of the holder named elsewhere", True
            elif len(posts) != 1 or any(post in held for post in posts):
                continue  # none, more than one the successor might have taken, or already linked
            else:
                (role, authority), t = next(iter(posts.items()))
                person, how, former = succ.name, f"successor ({how}) to the holder named elsewhere", False
            title = re.sub(r"^(?:(?:new|former|outgoing|interim|acting)\s+)+", "", t.title, flags=re.I)
            tenures[(person, role, authority)] = TenureCandidate(
                person, role, title, authority, None, None, False, art.name, _clean(sent), s, s + len(sent),
                CONF_LOOSE, how, [], former)

    def _apply_pending(self, art: Article, tenures: dict[tuple[str, str, str], TenureCandidate],
                       pending: list[tuple[Mention, DateMention, str, int, int]], main: str | None) -> None:
        """Dates said of a person in a sentence without a role ("who took over her role on May 1")."""
        by_person: dict[str, list[TenureCandidate]] = {}
        for t in tenures.values():
            if not t.former:
                by_person.setdefault(t.person, []).append(t)
        for t in tenures.values():  # "NAME has left her post as ROLE ... NAME joined the council in July":
            if t.former and t.authority == main and t.person not in by_person:  # a post left here is still
                by_person.setdefault(f"former:{t.person}", []).append(t)      # dated by what is said of it
        for person, d, kind, s, e in pending:
            if not d.resolved:
                continue
            mine = list(by_person.get(person.name, [])
                        # a post left, from another sentence ("joins from her post as ROLE in March": the new post's)
                        or [t for t in by_person.get(f"former:{person.name}", []) if t.char_start != s])
            if not mine:
                continue
            mine.sort(key=lambda t: (t.authority != main, t.confidence < CONF_DIRECT))
            t = mine[0]
            value = str(d.first) if kind == "start" else str(d.last)
            if getattr(t, kind) is None or _more_precise(value, getattr(t, kind)):
                setattr(t, kind, value)
                t.date_notes.append(f"{kind} from another sentence: {d.text!r}"
                                       + (f" ({d.note})" if d.note else ""))

    # ---- judgements


_START_TRIGGER = re.compile(r"\b(appointed|appointment|joined|joins|join|joining|takes?\s+up|took\s+(?:up|over)|"
                            r"taking\s+up|started|starts|start|since|became|becomes|replac\w+|took\s+on|stepped\s+in|"
                            r"in\s+post\s+(?:since|from)|been\s+in\s+post|arrived|arrival|hired|recruited|"
                            r"(?:drafted|brought|parachuted)\s+in)\b", re.I)
_END_TRIGGER = re.compile(r"\b(left|leaving|leaves|leave|retire\w*|retirement|stepped\s+down|steps\s+down|step\s+down|"
                          r"until|departure|departed|quit|resign\w*|moving|exit|replaced\s+(?:at|in|on))\b", re.I)
_HELD_FOR = re.compile(r"\bheld\s+(?:the|this|that|his|her)\s+(?:[\w-]+\s+){0,3}?(?:post|role|job|position|seat)\s+for\s+"
                       r"(?P<n>\d+|one|two|three|four|five|six|seven|eight|nine|ten)\s+years?\b", re.I)


_UNNAMED_BODY = re.compile(r"an?\s+(?:[\w'’-]+\s+){0,3}?(?:trust|charity|company|foundation|partnership|hospital|"
                           r"academy|university|college|firm|agency|consultancy|organi[sz]ation|school|social\s+enterprise)"
                           r"\b", re.I)


def _count(word: str) -> int:
    return int(word) if word.isdigit() else {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
                                             "seven": 7, "eight": 8, "nine": 9, "ten": 10}[word.lower()]


_AS_ROLE_IN = re.compile(r"\bas\s+(?:the\s+|its\s+|an?\s+)?[\w'’ -]{2,80}?\s+(?:(?:in|on|from)\s+)?$", re.I)
_APPOINTING = re.compile(r"\b(?:appointed|appoints|appointing|named|hired|recruited|joined|joins)\b", re.I)
_VERB_AFTER_DATE = re.compile(r"\s+(?:(?:has|have|had)\s+)?(?:been\s+)?(?P<v>appointed|confirmed|hired|recruited|installed|"
                              r"joined|started|took\s+up|resigned|retired|left|quit|stepped\s+down)\b", re.I)


def _date_role(sent: str, d_rel: int, d_rel_end: int | None = None) -> str | None:
    """Is a date in this sentence the start or the end of something the person did?

    `d_rel_end` (where the date ends) lets a verb right after the date say it ("was yesterday appointed").
    """
    before = sent[max(0, d_rel - 90):d_rel]
    before = re.split(r"[;:]|\b(?:and|but)\s+(?:the|it|its|a)\b", before)[-1]
    trigger = max(_last_pos(_START_TRIGGER, before), _last_pos(_END_TRIGGER, before))
    if trigger >= 0 and max(_last_pos(lx.INSPECT_CUE, before), _last_pos(lx.PUBLISH_CUE, before)) > trigger:
        return None  # "appointed 18 months ago, progress by the time of the inspection in December 2018"
    if _END_TRIGGER.search(before) and _last_pos(_END_TRIGGER, before) > _last_pos(_START_TRIGGER, before):
        return "end"
    if _START_TRIGGER.search(before):
        return "start"
    as_role = _AS_ROLE_IN.search(sent, max(0, d_rel - 90), d_rel) if trigger < 0 else None
    if as_role and d_rel - as_role.end() < 1:  # "appointed A as ROLE1 last month and B as ROLE2 in March": the
        verb_at = _last_pos(_APPOINTING, sent[:as_role.start()])  # verb of a list of appointments, further back
        if verb_at >= 0 and not _END_TRIGGER.search(sent, verb_at, d_rel):
            return "start"
    verb = _VERB_AFTER_DATE.match(sent, d_rel_end) if d_rel_end is not None else None
    if verb:  # "NAME was yesterday appointed", "NAME last month resigned": the date dates the verb after it
        return "end" if _END_TRIGGER.match(verb.group("v")) else "start"
    if re.fullmatch(r"\s*(?:(?:In|On|From|Since|By|Back\s+in)\s+)?(?:(?:early|late|mid-?)\s*)?", sent[:d_rel], re.I):
        # a date that opens the sentence ("In March, the council appointed NAME as ROLE") dates its verb
        head = re.split(r"[;:]|\bwho\b|\bwhich\b", sent[d_rel:d_rel + 120])[0]
        end_at, start_at = _first_pos(_END_TRIGGER, head), _first_pos(_START_TRIGGER, head)
        if min(end_at, start_at) < 10**6:
            return "end" if end_at < start_at else "start"
    return None


_APPOINTED_PAST = re.compile(r"\b(?:was|were)\s+(?:appointed|hired|recruited|installed|drafted\s+in|brought\s+in)\b", re.I)
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
        kind = _date_role(sent, d.start - s, d.end - s)
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
    term = _TERM_YEAR.search(sent)
    if term and start is None:  # "for the municipal year 2017/2018": a council post held for that year
        y1 = int(term.group("y1"))
        y2 = int(term.group("y2")) if len(term.group("y2")) == 4 else y1 // 100 * 100 + int(term.group("y2"))
        if y1 <= y2 <= y1 + 1:
            start, end = str(y1), end or str(y2)
            notes.append(f"start and end: the term {term.group(0)!r}")
    return start, end, notes


_REPLACED_BEFORE = re.compile(r"\b(?:replaced|replaces|replacing|(?<=to )replace|succeeded|succeeds|succeeding|(?<=to )succeed|took\s+over\s+from|"
                              r"takes\s+over\s+from)\s+(?:(?:the\s+)?(?:outgoing|former)\s+)?"
                              r"(?:(?:Ms|Mr|Mrs|Dr|Cllr|Coun)\.?\s+)?$", re.I)
_SUCCESSION_WORD = re.compile(r"\b(?:replac|succe(?:ed|ss)|took\s+over|takes?\s+over|taking\s+over)", re.I)
_DEPARTURE_OF = re.compile(r"\b(?:departure|exit|resignation|retirement|dismissal|suspension|sacking|removal)\s+of\s+"
                           r"(?:(?:Ms|Mr|Mrs|Dr|Cllr|Coun|Councillor)\.?\s+)?$", re.I)
_COPULA_BEFORE = re.compile(rf"\b(?:is|was|are|were|has\s+been|had\s+been|will\s+be|became|becomes|remains|"
                            rf"{_BECOME})\s+"
                            r"(?:the\s+|its\s+|a\s+|an\s+|their\s+)?(?:new\s+|interim\s+|acting\s+)?$", re.I)
_LEFT_IT = "the post empty since NAME left"
# "NAME, previously ROLE at X, joins ...": a post held before; the news's dates are not its dates
_PRIOR_POST = re.compile(r"\b(?:previously|formerly|until\s+recently|before\s+that|having\s+been)\b", re.I)
_SINCE_BEFORE = re.compile(r"\b(?:since|after|following|when)\s+(?:(?:Ms|Mr|Mrs|Dr|Cllr|Coun|Councillor)\.?\s+)?$", re.I)
_LEFT_AFTER = re.compile(r"\s+(?:left|departed|retired|resigned|quit|stepped\s+down|moved\s+on)\b", re.I)
_POST_EMPTY_AFTER = re.compile(r"\s+(?:role\s+|post\s+|position\s+|job\s+)?(?:has|had)\s+(?:\w+\s+){0,2}?"
                               r"(?:lain|been|remained|stood|sat)\s+(?:\w+\s+)?(?:empty|vacant|unfilled)\b", re.I)
_POST_EMPTY = re.compile(r"\b(?:without|no|lacked|lacking)\s+(?:a\s+|an\s+)?(?:permanent\s+|substantive\s+)?$", re.I)
_OF_A_BODY = re.compile(r"\s*,?\s*(?:of|at|for)\s+(?:the\s+)?(?:[A-Z][\w'’&-]*\s+){1,6}(?:Trust|Partnership|Company|"
                        r"Foundation|Limited|Ltd|Group|Alliance|Agency|Charity|Academy|College|University|Hospital)\b")
_RESPECTIVELY = re.compile(r"\brespectively\b", re.I)
_TERM_YEAR = re.compile(r"\b(?:municipal|civic|council)\s+year\s+(?P<y1>(?:19|20)\d\d)\s*[/–-]\s*(?P<y2>(?:19|20)?\d\d)\b",
                        re.I)
