"""Judgement events: grades, inspection kinds and their dates, merged into one fact per inspection."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from graph.dates import PartialDate, near
from loaders import lexicon as lx
from loaders.articles.mentions import AuthMention, Mention
from loaders.articles.reading import Article
from loaders.articles.textutil import CONF_JUDGEMENT, CONF_LOOSE, _clean, _first_pos, _last_pos, _more_precise
from loaders.articles.roles import _date_role
from loaders.linking import JUDGEMENT_DATES, VISITS
from loaders.textdates import DateMention


@dataclass
class JudgementCandidate:
    """One judgement mention (or a merged cluster of them), before it becomes a JSON fact.

    The fields up to `date_notes` are the fact (DESIGN.md fixes their JSON shape); the rest
    are what merging and linking need and never reach the output.
    """

    authority: str
    inspection_type: str
    inspection_start: str | None
    inspection_end: str | None
    published: str | None
    overall: str | None
    subjudgements: dict[str, str]
    source: str
    evidence: str
    char_start: int
    char_end: int
    confidence: float
    date_notes: list[str] = field(default_factory=list)
    linked_to: dict[str, Any] | None = None  # set by linking: the known inspection that dated it
    past: bool = False  # the text puts it in the past ("previously", "the last inspection")
    clues: list[tuple[str, int, str]] = field(default_factory=list)  # months without a year, for linking
    dated: bool = False  # a visit named with a date of its own
    news: bool = False  # the story's news, not its background (set when merged)
    members: list[JudgementCandidate] = field(default_factory=list)  # the mentions merged into it

    def dates(self) -> list[PartialDate]:
        return [PartialDate.parse(v) for v in (getattr(self, k) for k in JUDGEMENT_DATES) if v]

    def to_fact(self) -> dict[str, Any]:
        """The JSON fact of `tenure extract --json`."""
        out: dict[str, Any] = {"kind": "judgement", "authority": self.authority,
                               "inspection_type": self.inspection_type, "inspection_start": self.inspection_start,
                               "inspection_end": self.inspection_end, "published": self.published,
                               "overall": self.overall, "subjudgements": dict(self.subjudgements),
                               "source": self.source, "evidence": self.evidence, "char_start": self.char_start,
                               "char_end": self.char_end, "confidence": self.confidence,
                               "date_notes": list(self.date_notes)}
        if self.linked_to is not None:
            out["linked_to"] = self.linked_to
        return out


# a date said of an inspection still to come is not the date of a grade already given
_FUTURE_EVENT = re.compile(r"\b(?:next|upcoming|forthcoming|future)\s+(?:(?:full|ofsted|formal|standard)\s+){0,2}"
                           r"(?:inspection|visit)\b[^.;]*"
                           r"$|\b(?:due|expected|scheduled|planned)\s+(?:to\s+\w+\s+)?(?:in\s+|by\s+)?$", re.I)


# "by 30 September" in a sentence about what will happen: a deadline, not an inspection date
_DEADLINE = re.compile(r"\b(?:by|before|no\s+later\s+than)\s+(?:the\s+end\s+of\s+)?$", re.I)
_WILL = re.compile(r"\b(?:will|must|should|shall|is\s+to|are\s+to|has\s+until|have\s+until|deadline)\b", re.I)

# a grade the authority left ("lifted out of inadequate", "no longer inadequate", "moved from inadequate")
_OLD_GRADE = re.compile(r"\b(?:out\s+of|(?:up|down|moved|improved|rose|risen)\s+from|from\s+(?:being\s+)?|no\s+longer|"
                        r"previously|formerly)\s*(?:the\s+|an?\s+|its\s+)?(?:['‘’\"“]\s*)?$", re.I)
_EXTREME = re.compile(r"\b(?:the|its)\s+(lowest|worst|bottom|highest|top|best)\s+(?:possible\s+)?(?:ofsted\s+)?"
                      r"(?:rating|grade|grading|judgement|judgment|category)\b", re.I)


# a grade of some parts, not of the whole ("five of the nine measures", "many of the areas", "the other four")
_PART_OF = re.compile(r"\b(?:(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|many|most|some|several|few|"
                      r"half|none|a\s+number|a\s+third|a\s+quarter)\s+of\s+(?:the\s+|its\s+|their\s+)?(?:\w+\s+)?"
                      r"(?:measures|areas|judgements|judgments|categories|aspects|elements|strands|services|"
                      r"sections|headings)|the\s+(?:other|remaining)\s+(?:\d+|two|three|four|five|six|seven|eight)"
                      r"(?:\s+\w+)?)\b[^.;]{0,50}$", re.I)
# a grade said of other places ("no authorities in the region currently rated", "other councils judged")
_OTHERS = re.compile(r"(?<!one\sof\s)(?<!one\sof\sthe\s)(?<!one\sof\sonly\s)\b(?:no|other|some|many|most|few|"
                     r"several|all|\d+|two|three|four|five|six|seven|eight|nine|ten)\s+(?:[\w-]+\s+){0,3}?"
                     r"(?:authorities|councils|LAs|areas|boroughs|counties)\s+(?:\w+\s+){0,4}?"
                     r"(?:rated|judged|graded|with|are|were|that\s+are|which\s+are)\s*(?:as\s+)?[\'‘’\"“]?\s*$", re.I)
# an aim, not a grade: "we won't rest until all children receive outstanding services"
_UNTIL = re.compile(r"\buntil\b[^.;]{0,50}$|\bwon['’]?t\s+rest\b[^.;]{0,80}$", re.I)
# the pre-2013 grade: only where it is plainly a grade ("graded as being adequate", "'adequate'")
_ADEQUATE = re.compile(r"(?:\b(?:rated|judged|graded|assessed|found)\s+(?:as\s+)?(?:being\s+|to\s+be\s+)?|[‘'\"“])"
                       r"(?P<g>adequate)\b(?![’'\"”]?\s+(?:support|resources?|staff\w*|funding|levels?|provision)\b)",
                       re.I)
# the area a grade is given for, named after it ("a 'good' rating for the experiences of children in care")
_FOR_AREA = re.compile(r"[’'\"”]?\s*(?:(?:rating|grade|grading|judgement|judgment)[’'\"”]?\s*)?(?:for|in)\s+(?:the\s+|its\s+)?"
                       r"(?P<rest>[^.;,]{0,60})", re.I)


# a sentence can give a judgement only with a grade (GRADE, _ADEQUATE, _EXTREME), a visit, an inspection,
# a report or "the same rating": one search for a word each of those needs (most sentences have none)
_MAY_JUDGE = re.compile(r"adequate|outstanding|good|improvement|rating|grad|judg|category|inspect|report|same|visit|"
                        r"JTAI", re.I)


class EventFinder:
    """Judgement and relation mentions sentence by sentence; mixed into the Extractor."""

    _last_grade: str | None
    _article_cue: bool
    _sentence_people: list[Mention]

    def _judgements_in(self, art: Article, sent: str, s: int, auths: list[AuthMention], dates: list[DateMention],
                       main: str | None) -> list[JudgementCandidate]:
        """Judgement mentions, clause by clause: a grade takes the dates of its own clause."""
        if not _MAY_JUDGE.search(sent) or lx.NOT_CHILDRENS_SERVICES.search(sent):
            return []
        authority = next((a.name for a in auths if a.name not in ("Ofsted", "Department for Education")), None) or main
        if authority is None:
            return []
        article_cue = self._article_cue
        framework = next((kind for kind, pat in lx.FRAMEWORKS if pat.search(sent)), None)
        # dates that start or end someone's tenure are not inspection dates
        has_person = bool(self._sentence_people)
        month_clues = [d for d in dates if not d.resolved and d.month]
        dates = [d for d in dates if d.resolved and not (has_person and _date_role(sent, d.start - s, d.end - s))
                 and not _FUTURE_EVENT.search(sent[max(0, d.start - s - 60):d.start - s])
                 and not (_DEADLINE.search(sent[max(0, d.start - s - 30):d.start - s]) and _WILL.search(sent))]
        out: list[JudgementCandidate] = []
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
                    j.dated = bool(near)
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
                                           r"(?:\w+\s+)?visited\b|(?<!will\s)(?<!to\s)(?<!would\s)(?<!must\s)"
                                           r"(?<!should\s)(?<!shall\s)\breport\b", clause, re.I)
                if not (has_inspection and (any(d.first and d.first.precision.value != "year" for d in c_dates)
                                            or any(c0 <= d.start - s < c1 for d in month_clues))):
                    continue
            insp: list[DateMention] = []
            pub: list[DateMention] = []
            for d in c_dates:
                (pub if _published_role(sent, s, d) else insp).append(d)
            overall = next((g for area, g in grades if area == "overall"), None)
            sub = {area: g for area, g in grades if area != "overall"}
            groups = self._split_years(insp, sent, s)
            if len(groups) == 1 and grades:
                insp = groups[0] = _nearest_year(insp, clause, c0, s)
            for extra in groups[1:]:
                k = self._judgement(art, sent, s, authority, framework or "other", overall, sub, extra, [],
                                    CONF_JUDGEMENT)
                if k:
                    k.past = True
                    out.append(k)
            insp = groups[0]
            j = self._judgement(art, sent, s, authority, framework or "other", overall, sub, insp, pub,
                                CONF_JUDGEMENT)
            if j:
                j.past = bool(lx.PAST_CUE.search(clause))
                # months without a year ("last September" in an undated article): kept for linking
                j.clues = [("published" if _published_role(sent, s, d) else "inspection_start", d.month, d.text)
                           for d in month_clues if d.month is not None and c0 <= d.start - s < c1]
                out.append(j)
                if overall and lx.RETAINED.search(clause):
                    out.extend(self._retained(art, sent, s, authority, overall, dates, used))
        return out

    def _retained(self, art: Article, sent: str, s: int, authority: str, grade: str, dates: list[DateMention],
                  used: set[int]) -> list[JudgementCandidate]:
        """The earlier inspection a kept rating implies, when the sentence dates it ("last visit in 2012")."""
        for d in dates:
            if id(d) not in used and lx.LAST_VISIT.search(sent[max(0, d.start - s - 50):d.start - s]):
                used.add(id(d))
                j = self._judgement(art, sent, s, authority, "other", grade, {}, [d], [], CONF_LOOSE)
                if j:
                    j.past = True
                    j.date_notes.append(f"an earlier inspection with the same grade, implied by a rating kept "
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
            if lx.AIM_BEFORE.search(before) or _UNTIL.search(sent[:m.start()]):
                continue  # an aim, not a grade
            if _PART_OF.search(sent[max(0, m.start() - 110):m.start()]) and _area_after(after) is None:
                continue  # the grade of some parts ("five of the nine measures ... 'good'"), not of the whole
            if _OTHERS.search(sent[max(0, m.start() - 90):m.start()]):
                continue  # other places' grade
            if re.match(r"['’\"”]?\s+(?:local\s+)?(?:authority\s+)?(?:authorities|councils|areas)\b", after, re.I):
                continue  # a label for other places ("other 'inadequate' local authority areas")
            old = bool(_OLD_GRADE.search(before))
            out.append((_area_after(after) or _area(sent, m.start()), lx.normal_grade(word), old))
        for m in _ADEQUATE.finditer(sent):
            before = sent[max(0, m.start() - 110):m.start()]
            if _PART_OF.search(before) and _area_after(sent[m.end():]) is None or _OTHERS.search(before):
                continue
            out.append((_area_after(sent[m.end():]) or _area(sent, m.start("g")), "adequate",
                        bool(_OLD_GRADE.search(sent[max(0, m.start() - 40):m.start()]))))
        for m in _EXTREME.finditer(sent):  # "the lowest rating" is inadequate, "the top rating" outstanding
            grade = "inadequate" if m.group(1).lower() in ("lowest", "worst", "bottom") else "outstanding"
            out.append(("overall", grade, bool(_OLD_GRADE.search(sent[max(0, m.start() - 40):m.start()]))))
        out.sort(key=lambda g: g[2])  # a grade left behind ("lifted out of inadequate") yields to the new one
        merged: dict[str, str] = {}
        for area, grade, _ in out:
            merged.setdefault(area, grade)
        if "overall" not in merged and len(out) >= 3 and len({g for _, g, _ in out}) == 1:
            merged["overall"] = out[0][1]
        return list(merged.items())

    @staticmethod
    def _split_years(insp: list[DateMention], sent: str, s: int) -> list[list[DateMention]]:
        """'inadequate in 2013 and again in 2015': two inspections with one grade, not one from 2013 to 2015."""
        if len(insp) < 2 or any(not d.first or d.first.precision.value != "year" for d in insp):
            return [insp]
        groups = [[insp[0]]]
        for prev, d in zip(insp, insp[1:]):
            gap = sent[prev.end - s:d.start - s]
            if re.fullmatch(r"\s*(?:,|and|,\s*and|then|and\s+then)\s+(?:again\s+|once\s+more\s+|later\s+)?(?:in\s+)?",
                            gap, re.I) and re.search(r"again|once\s+more", gap + sent[d.end - s:d.end - s + 12], re.I):
                groups.append([d])
            else:
                groups[-1].append(d)
        return groups

    def _judgement(self, art: Article, sent: str, s: int, authority: str, kind: str, overall: str | None,
                   sub: dict[str, str], insp: list[DateMention], pub: list[DateMention],
                   conf: float) -> JudgementCandidate | None:
        i_start = min((d.first for d in insp if d.first), default=None, key=lambda d: d.first())
        i_end = max((d.last for d in insp if d.last), default=None, key=lambda d: d.last())
        published = max((d.last for d in pub if d.last), default=None, key=lambda d: d.last())
        notes = [f"{d.text!r}: {d.note}" for d in [*insp, *pub] if d.note]
        return JudgementCandidate(authority, kind, str(i_start) if i_start else None, str(i_end) if i_end else None,
                                  str(published) if published else None, overall, sub, art.name, _clean(sent), s,
                                  s + len(sent), conf, notes)


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



def _merge_judgements(items: list[JudgementCandidate], published: PartialDate | None,
                      reference: PartialDate | None = None) -> list[JudgementCandidate]:
    """Mentions of one inspection within an article become one fact.

    Dated mentions merge when their dates are within about three months and their
    grades agree; an undated grade joins the cluster with the same grade, else an
    ungraded inspection named just before it ("... in November 2016. At this time
    York was judged good"). The article's first graded judgement that has no date
    and no sign of being in the past is taken as the news of the day: published
    in the article's month, with a note saying so.
    """
    visits = [j for j in items if j.inspection_type in VISITS]
    full = [j for j in items if j.inspection_type not in VISITS]
    clusters: list[JudgementCandidate] = []
    for j in [j for j in full if j.dates()] + [j for j in full if not j.dates()]:
        target = _cluster_for(clusters, j, published)
        if target is None:
            clusters.append(_cluster(j))
        else:
            _absorb(target, j)
    peg = (str(PartialDate(published.year, published.month)), "no date in the text: taken as published in the "
           "article's month") if published else (str(PartialDate(reference.year)), "article undated and no date in "
           f"the text: taken as published in the year of the latest date the article mentions ({reference})") \
        if reference else None
    if peg is not None:
        for c in sorted(clusters, key=lambda c: (c.char_start, all(m.past for m in c.members))):
            if c.overall or c.subjudgements:
                if not c.dates() and not any(m.past for m in c.members):
                    c.published = peg[0]
                    c.date_notes.append(peg[1])
                break
    out = [c for c in clusters if c.overall or c.subjudgements or _precise(c)]
    out = [c for c in out if c.overall or c.subjudgements or c.inspection_start]
    vclusters: list[JudgementCandidate] = []
    for v in visits:
        vtarget = next((c for c in vclusters if c.inspection_type == v.inspection_type
                        and near(c.dates(), v.dates())), None)
        if vtarget is None:
            vclusters.append(_cluster(v))
        else:
            _absorb(vtarget, v)
    out += [v for v in vclusters if v.dates()]
    for c in out:
        c.news = not all(m.past for m in c.members)  # for linking: news, not history
    return sorted(out, key=lambda c: c.char_start)


def _cluster(j: JudgementCandidate) -> JudgementCandidate:
    """A new cluster that starts from one mention (a copy: the mention itself stays a member)."""
    from dataclasses import replace

    c = replace(j, subjudgements=dict(j.subjudgements), date_notes=list(j.date_notes), clues=list(j.clues))
    c.members = [j]
    return c


def _nearest_year(insp: list[DateMention], clause: str, c0: int, s: int) -> list[DateMention]:
    """Several bare years in one graded clause are several events ("improved since 2018 ... first judged
    inadequate in 2015"): the grade takes the year said of it, not the span between them."""
    years = {d.first.year for d in insp if d.first}
    if len(insp) < 2 or len(years) < 2 or any(not d.first or d.first.precision.value != "year" for d in insp):
        return insp
    said = []
    for m in [*lx.GRADE.finditer(clause), *_EXTREME.finditer(clause)]:
        g0, g1 = m.start() + c0, m.end() + c0
        for d in insp:
            ds, de = d.start - s, d.end - s
            if ds >= g1 and _YEAR_AFTER_GRADE.fullmatch(clause[g1 - c0:ds - c0]):
                said.append(d)  # "judged inadequate in 2015"
            elif de <= g0 and _YEAR_BEFORE_GRADE.fullmatch(clause[de - c0:g0 - c0]):
                said.append(d)  # "in 2015, when it was rated inadequate"
    return said[:1] if len({id(d) for d in said}) == 1 else insp


_YEAR_AFTER_GRADE = re.compile(r"[’'\"”]?\s*(?:(?:rating|grade|overall)\s+)?(?:in|during)\s+", re.I)
_YEAR_BEFORE_GRADE = re.compile(r"\s*,?\s*(?:when|where)\s+(?:it|they|the\s+\w+|services|its\s+\w+)\s+(?:was|were)\s+"
                                r"(?:\w+\s+)?(?:rated|judged|graded|branded|found|deemed)\s+(?:as\s+)?[‘'\"“]?", re.I)


def _published_role(sent: str, s: int, d: DateMention) -> bool:
    """Whether a date in a judgement sentence is the report's publication (else the inspection's)."""
    before = sent[max(0, d.start - s - 60):d.end - s]
    p_pos, i_pos = _last_pos(lx.PUBLISH_CUE, before), _last_pos(lx.INSPECT_CUE, before)
    if p_pos < 0 and i_pos < 0:  # no cue before: look just after ("2017 inspection", "report published")
        after = sent[d.end - s:d.end - s + 20]
        p_pos, i_pos = (-_first_pos(lx.PUBLISH_CUE, after), -_first_pos(lx.INSPECT_CUE, after))
    return p_pos > i_pos


def _precise(j: JudgementCandidate) -> bool:
    return bool(j.inspection_start) and PartialDate.parse(j.inspection_start).precision.value != "year"


def _cluster_for(clusters: list[JudgementCandidate], j: JudgementCandidate,
                 published: PartialDate | None = None) -> JudgementCandidate | None:
    dj = j.dates()
    fits = [c for c in clusters if c.authority == j.authority
            and not (c.overall and j.overall and c.overall != j.overall)]
    if dj:
        return next((c for c in fits if near(c.dates(), dj) or not c.dates()), None)
    if not j.past:
        # news of the day does not join a judgement the article itself puts in the past
        fits = [c for c in fits if not (c.overall and c.dates() and all(m.past for m in c.members))]
    same = [c for c in fits if j.overall and c.overall == j.overall]
    if same:  # the most recent judgement with that grade
        return max(same, key=lambda c: max((d.first().toordinal() for d in c.dates()), default=0))
    open_ = [c for c in fits if not c.overall or not j.overall]
    if open_:  # the nearest mention in the text that leaves the grade open
        return min(open_, key=lambda c: abs(c.char_start - j.char_start))
    return None


def _absorb(target: JudgementCandidate, j: JudgementCandidate) -> None:
    target.members.append(j)
    target.overall = target.overall or j.overall
    target.subjudgements = {**j.subjudgements, **target.subjudgements}
    if j.inspection_start and (not target.inspection_start or j.inspection_start < target.inspection_start):
        target.inspection_start = j.inspection_start
    if j.inspection_end and (not target.inspection_end or j.inspection_end > target.inspection_end):
        target.inspection_end = j.inspection_end
    if j.published and (not target.published or _more_precise(j.published, target.published)):
        target.published = j.published
    if target.inspection_type == "other" and j.inspection_type != "other":
        target.inspection_type = j.inspection_type
    target.date_notes = target.date_notes + [n for n in j.date_notes if n not in target.date_notes]
    target.clues = target.clues + [c for c in j.clues if c not in target.clues]


def _area_after(after: str) -> str | None:
    """The area named just after a grade ("... for the experiences of children in care"), if any."""
    m = _FOR_AREA.match(after)
    if not m:
        return None
    rest = m.group("rest")
    if re.match(r"(?:all\s+)?(?:\d+|two|three|four|five|six|seven|several|many)\s+(?:\w+\s+)?areas\b", rest, re.I):
        return None  # "in three key areas - A, B and C": a list, read by the sentence's own rules
    for area, pat in lx.AREAS:
        am = pat.search(rest)
        if am and am.start() <= 25:
            return area
    return None


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


def _dates(f: dict[str, Any]) -> list[PartialDate]:
    """The dates of a judgement fact (the JSON dict), as merged into the knowledge base."""
    return [PartialDate.parse(f[k]) for k in JUDGEMENT_DATES if f.get(k)]
