"""The words of the trade: role phrases, grades, inspection kinds, and words that are not names.

Patterns are written for the way English local news, council minutes and
Ofsted letters name posts; each maps to the DESIGN vocabulary. Nothing here
refers to a particular article.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterator

APOS = "['’]"


@dataclass(frozen=True)
class RoleHit:
    start: int
    end: int
    role: str
    title: str
    interim: bool
    former: bool
    fixed_authority: str | None = None  # "Ofsted" / "Department for Education" for inspectors and ministers


_PRE = r"(?P<pre>(?:(?:interim|acting|new|former|outgoing|statutory|corporate|executive|strategic|deputy|assistant|" \
       r"substantive|permanent|joint)\s+)*)"
_WORD = r"(?:children|child|young|people|families|family|education|communities|community|social|care|services|" \
        r"service|learning|skills|safeguarding|wellbeing|schools|adults?|adult|health|early|help|integration|" \
        r"inclusion|lifelong)(?:['’]s)?"
_DOMAIN = rf"{_WORD}(?:(?:,\s*|\s+and\s+|\s*&\s*|\s+){_WORD}){{0,7}}"
# a place's name may stand between (capitalised words, not the domain's): "director of Sunderland City
# Council's children's services", "Strategic Director of Bradford Children's Services"; a dash may join
# title and domain: "Strategic Director - Children's Services"
_CAP = rf"(?!{_WORD}\b)(?-i:[A-Z])[\w&-]*"
_PLACE_OPT = rf"(?:(?:{_CAP}\s+){{0,3}}{_CAP}(?:['’]s)?\s+)?"
DIRECTOR = re.compile(rf"\b{_PRE}director(?:,\s*|\s+[-–—]\s+|\s+of\s+|\s+for\s+)(?:the\s+)?{_PLACE_OPT}"
                      rf"(?P<dom>{_DOMAIN})\b", re.I)
DCS_ACRONYM = re.compile(r"\bDCS\b")
HEAD_CSC = re.compile(rf"\b{_PRE}head\s+of\s+children{APOS}?s?\s+social\s+care\b", re.I)
ASSISTANT = re.compile(rf"\b{_PRE}assistant\s+director\b", re.I)
LEAD_MEMBER = re.compile(rf"\b{_PRE}(?:lead|cabinet|executive|portfolio)[\s-](?:member|holder)(?:\s+responsible)?\s+for\s+"
                         rf"(?P<dom>{_DOMAIN})\b", re.I)
# the post named noun-first: "Kent's children's services director", "its new children's social care director"
SERVICE_DIRECTOR = re.compile(rf"\b{_PRE}(?P<dom>children{APOS}?s?\s+(?:social\s+care|services)|children\s+and\s+"
                              rf"(?:families|young\s+people{APOS}?s?)(?:\s+services)?|children{APOS}s)\s+director\b", re.I)
# "who holds the children's services portfolio"
PORTFOLIO = re.compile(rf"\b{_PRE}(?P<dom>children{APOS}?s?(?:\s+services)?|children\s+and\s+(?:families|young\s+people)|"
                       r"education(?:\s+and\s+(?:children|skills))?)\s+portfolio(?:[\s-]holder)?\b", re.I)
CHILDRENS_BOSS = re.compile(rf"\bchildren{APOS}?s\s+(?:services\s+)?(?:boss|chief)\b"
                            r"(?!\s+(?:executive|inspector|officer|social|constable|of\b))", re.I)
# the passive of SERVICE_LEAD: "the children's services department, headed by NAME"
SERVICE_LED_BY = re.compile(r"\b(?P<dom>children['’]?s\s+(?:services|social\s+care))(?:\s+(?:department|directorate))?"
                            r",?\s+(?:which\s+is\s+|is\s+|was\s+|has\s+been\s+)?(?:now\s+)?"
                            r"(?:headed|led|run|overseen)\s+by\b", re.I)
OTHER_FIXED = [
    (re.compile(rf"\b{_PRE}deputy\s+chief\s+executive\b", re.I), "deputy_chief_executive", None),
    (re.compile(rf"\b{_PRE}chief\s+executive\b", re.I), "chief_executive", None),
    (re.compile(rf"\b{_PRE}principal\s+social\s+worker\b", re.I), "principal_social_worker", None),
    (re.compile(rf"\b{_PRE}(?:children{APOS}?s\s+)?(?:services\s+)?commissioners?(?:\s+for\s+children{APOS}?s\s+services)?\b",
                re.I), "commissioner", None),
    # a bare "adviser to" someone is that person's adviser, not the government's improvement adviser
    (re.compile(rf"\b{_PRE}(?:(?:government\s+|dfe\s+|independent\s+)?improvement\s+adviser|(?:government|dfe)\s+adviser|"
                r"adviser(?!\s+to\b))\b", re.I),
     "improvement_adviser", None),
    (re.compile(rf"\bher\s+majesty{APOS}?s\s+inspector\b|\bHMI\b|\b(?:ofsted|lead|social\s+care)\s+inspector\b", re.I),
     "inspector", "Ofsted"),
    (re.compile(r"\bminister\s+for\s+children(?:\s+and\s+families)?\b|\bchildren['’]?s\s+(?:minister|secretary)\b|"
                r"\beducation\s+secretary\b|\bsecretary\s+of\s+state\s+for\s+education\b", re.I),
     "other", "Department for Education"),
    (re.compile(rf"\b{_PRE}cabinet\s+member\b(?!\s+(?:for|responsible))", re.I), "other", None),
    # posts below the statutory ones: "operations director", "service director", "improvement and operations director"
    (re.compile(rf"\b{_PRE}(?:(?:service|operations|operational|programme|improvement)\s+(?:and\s+|&\s+)?)+director\b", re.I),
     "other", None),
    (re.compile(rf"\b{_PRE}cabinet\s+secretary\b", re.I), "other", None),
]
# the word each of OTHER_FIXED cannot match without (a pattern runs only where its word occurs)
_OTHER_FIXED_KEYS = [("executive",), ("executive",), ("social",), ("commissioner",), ("adviser",),
                     ("inspector", "hmi"), ("minister", "secretary"), ("cabinet",), ("director",), ("cabinet",)]
LEADER = re.compile(r"\b(?P<pre>(?:(?:new|former|deputy|council)\s+)*)leader\b", re.I)
_GROUP_BEFORE = re.compile(r"(?:opposition|group|labour|conservative|tory|lib\s+dem|liberal\s+democrat|green|party|"
                           r"team|deputy|business|community|political|world|union|senior)\s*$", re.I)
_GROUP_AFTER = re.compile(r"^\s+of\s+(?:the\s+)?(?:[A-Z][\w-]*\s+)*(?:group|party|opposition)\b")
_RULING_AFTER = re.compile(r"^\s+of\s+the\s+ruling\b", re.I)
# a political group's leader is a post at the council too ("Labour group leader", "leader of the X Independents")
_PARTY_BEFORE = re.compile(r"\b(?:opposition|(?:labour|conservative|tory|lib\s+dem|liberal\s+democrats?|green|independent|"
                           r"reform|party|political)(?:\s+group)?|group)\s+$", re.I)
_PARTY_AFTER = re.compile(r"^\s+of\s+(?:the\s+)?(?:[A-Z][\w'’-]*\s+){0,4}(?:group|party|opposition|Independents|"
                          r"Councillors(?:['’]\s+Association)?|Association|Alliance)\b")
# chairs of committees and boards; a children's committee's chair is the lead member
CHAIR = re.compile(r"\b(?P<pre>(?:(?:new|former|deputy|vice|independent)[\s-]+)*)(?:chair(?:man|woman|person)?\s+of|"
                   r"chair(?:s|ed|ing))\s+"
                   r"(?:the\s+|its\s+|our\s+|(?:[A-Z][\w'’-]*\s+){1,3}(?:Council['’]s|council['’]s)\s+|"
                   r"the\s+council['’]s\s+)?(?P<dom>(?:[\w'’&-]+,?\s+){0,6}?)(?P<kind>committee|board|panel|forum)\b",
                   re.I)
# the passive: "the children's improvement board, chaired by NAME"
CHAIRED_BY = re.compile(r"\b(?P<kind>committee|board|panel|forum)\s*,?\s+(?:which\s+is\s+|is\s+|was\s+|has\s+been\s+)?"
                        r"(?:now\s+|independently\s+)?chaired\s+by\b", re.I)
HEAD_CS = re.compile(rf"\b{_PRE}head\s+of\s+(?:the\s+)?(?:council{APOS}s\s+)?children{APOS}?s?\s+services"
                     r"(?:\s+department)?\b", re.I)
# a bare "interim director" in a story about children's services is that post (checked by the caller)
BARE_DIRECTOR = re.compile(r"\b(?P<pre>(?:(?:the\s+)?(?:current|new|former|outgoing)\s+)?(?:interim|acting)\s+)director\b"
                           r"(?!\s+(?:of|for|general|at)\b|\s*[-–,]\s*[A-Z][a-z]+\s+(?:and|&|Services))", re.I)
# "the suspension of director NAME": a plain title right before a name, in a story about children's services
NAMED_DIRECTOR = re.compile(r"\b(?:of|by|and|with|from|the|its|council['’]s)\s+(?P<t>(?P<pre>)director)"
                            r"(?=\s+[A-Z][a-z]+\s+[A-Z][a-z])")
BARE_HEAD = re.compile(rf"\b{_PRE}head\s+of\s+services\b(?!\s+(?:for|of|at)\b)", re.I)
HEAD_OF_SERVICE = re.compile(rf"\b{_PRE}head\s+of\s+service\b(?!\s+(?:for\s+)?children)", re.I)
DEPUTY_MAYOR = re.compile(r"\b(?P<pre>)deputy\s+mayor\b", re.I)
DEPUTY_DIRECTOR = re.compile(r"\b(?P<pre>)Deputy\s+Director(?:,?\s+(?:of\s+|for\s+)?[A-Z][a-z]+)?\b")
COMMITTEE_CHAIR_FOR = re.compile(r"\b(?P<pre>)committee\s+chair(?:man|woman|person)?\s+for\s+(?P<dom>[A-Z][\w'’]*"
                                 r"(?:(?:,\s*|\s+and\s+|\s*&\s*|\s+)[A-Z][\w'’]*){0,6})", re.I)
MEMBER_FOR = re.compile(rf"\b(?i:{_PRE}(?:cabinet|executive|lead|portfolio)[\s-](?:member|holder)\s+for)\s+"
                        r"(?P<dom>[A-Z][\w'’-]*(?:(?:,\s*|\s+and\s+|\s*&\s*|\s+)[A-Z][\w'’-]*){0,6})")

# a service named as what someone runs: "she heads children's services", "who is in charge of children's social care"
_SERVICE = (r"(?P<dom>children['’]?s\s+(?:services|social\s+care)|adult\s+social\s+care|adults['’]?\s+services)"
            r"(?:\s+(?:department|directorate))?\b")
SERVICE_LEAD = re.compile(r"\b(?:(?:heads?|headed|heading|leads?|leading|led|runs?|running|ran|oversees|oversaw|"
                          r"overseeing)\s+|in\s+charge\s+of\s+|(?<=\bis\s)responsible\s+for\s+|"
                          r"(?<=\bwas\s)responsible\s+for\s+)(?:the\s+)?(?:(?:council|authority|county|city)['’]s\s+)?"
                          + _SERVICE, re.I)
_SERVICE_MORE = re.compile(r"(?:\s*,\s*|\s+and\s+|\s*,\s*and\s+)(?:the\s+)?" + _SERVICE, re.I)


def _service_role(dom: str, councillor: bool) -> str:
    dom = dom.lower()
    if "adult" in dom:
        return "other"
    if "social" in dom:
        return "head_of_childrens_social_care"
    return "lead_member_children" if councillor else "director_of_childrens_services"


# a short title that refers back to a full one named earlier: "the director", "its interim director"
SHORT_TITLE = re.compile(r"\b(?P<pre>(?:the|its|our|their|council['’]s|authority['’]s)\s+(?:(?:new|interim|acting|former|"
                         r"outgoing|permanent)\s+)*)(?P<word>director|commissioner)\b(?!\s+(?:of|for|general|at|to)\b|['’]s)",
                         re.I)
CHILD_WORD = re.compile(r"child|young\s+people", re.I)


def _chair_role(body: str, kind: str) -> str:
    """The chair of a children's committee (not its scrutiny committee) is the lead member; other chairs are other."""
    children = bool(re.search(r"child|young", body, re.I)) and not re.search(r"scrutiny", body, re.I)
    return "lead_member_children" if children and kind.lower() == "committee" else "other"


def _flags(pre: str) -> tuple[bool, bool]:
    pre = (pre or "").lower()
    return ("interim" in pre or "acting" in pre), ("former" in pre or "outgoing" in pre)


def _director_role(pre: str, dom: str) -> str | None:
    d, p = dom.lower(), (pre or "").lower()
    if re.search(r"social\s+care|children['’]?s\s+care", d) and "child" in d and "service" not in d:
        return "assistant_director" if ("deputy" in p or "assistant" in p) else "head_of_childrens_social_care"
    if "adult" in d and "child" not in d:
        return "other"
    if "child" in d or re.fullmatch(r"people(?:\s+services)?", d.strip()):
        return "assistant_director" if ("deputy" in p or "assistant" in p) else "director_of_childrens_services"
    return None


_OTHER_KEYS = re.compile(r"executive|social\s+worker|commissioner|adviser|inspector|hmi|minister|secretary|cabinet|"
                         r"(?:service|operations|operational|programme|improvement)\s+(?:and\s+|&\s+)?\w*\s*director")


def _find(pattern: re.Pattern[str], text: str, lower: str, *keys: str) -> Iterator[re.Match[str]]:
    """`pattern.finditer(text)`, skipped when none of its key words is in the lower-cased text."""
    return pattern.finditer(text) if any(k in lower for k in keys) else iter(())


# every key word of the patterns below (a sentence with none of them names no post)
_ANY_KEY = re.compile(r"\b(?:director|head|assistant|member|holder|boss|chief|executive|social\s+worker|commissioner|"
                      r"adviser|inspector|hmi|minister|secretary|cabinet|leader|chair|mayor|dcs|portfolio|lead|led|"
                      r"run|ran|charge|overs|responsible)")


def find_roles(text: str, councillor_spans: list[tuple[int, int]] | None = None,
               childrens_story: bool = False) -> list[RoleHit]:
    """Every role phrase in a sentence, longest first, without overlaps.

    `childrens_story`: the article is about children's services, so a bare "interim
    director" is read as that post.
    """
    hits: list[RoleHit] = []
    lower = text.lower()  # a pattern runs only where its key word occurs: most sentences name no post
    if not _ANY_KEY.search(lower):
        return hits

    def add(s: int, e: int, role: str | None, pre: str = "", fixed: str | None = None) -> None:
        if role is None:
            return
        interim, former = _flags(pre)
        title = re.sub(r"\s+", " ", text[s:e]).strip(" ,")
        hits.append(RoleHit(s, e, role, title, interim, former, fixed))

    for m in _find(DIRECTOR, text, lower, 'director'):
        add(m.start(), m.end(), _director_role(m.group("pre"), m.group("dom")), m.group("pre"))
    for m in _find(HEAD_CSC, text, lower, 'head'):
        add(m.start(), m.end(), "head_of_childrens_social_care", m.group("pre"))
    for m in _find(ASSISTANT, text, lower, 'assistant'):
        add(m.start(), m.end(), "assistant_director", m.group("pre"))
    for m in _find(LEAD_MEMBER, text, lower, 'member', 'holder'):
        role = "lead_member_children" if re.search(r"child|young|education|school", m.group("dom"), re.I) else "other"
        add(m.start(), m.end(), role, m.group("pre"))
    for m in _find(SERVICE_DIRECTOR, text, lower, 'director'):
        add(m.start(), m.end(), "head_of_childrens_social_care" if "social" in m.group("dom").lower()
            else "director_of_childrens_services", m.group("pre"))
    for m in _find(PORTFOLIO, text, lower, 'portfolio'):
        add(m.start(), m.end(), "lead_member_children", m.group("pre"))
    for m in _find(CHILDRENS_BOSS, text, lower, 'boss', 'chief'):
        councillor = any(0 <= m.start() - e <= 12 or 0 <= s - m.end() <= 12 for s, e in councillor_spans or [])
        add(m.start(), m.end(), "lead_member_children" if councillor else "director_of_childrens_services")
    other_keys = bool(_OTHER_KEYS.search(lower))
    for (pattern, role, fixed), keys in zip(OTHER_FIXED, _OTHER_FIXED_KEYS):
        for m in pattern.finditer(text) if other_keys and any(k in lower for k in keys) else ():
            pre = m.groupdict().get("pre") or ""
            if role == "commissioner" and (re.search(r"crime\s+$|police\s+(?:and\s+crime\s+)?$", text[:m.start()], re.I)
                                           or re.match(r"\s+for\s+england", text[m.end():], re.I)):
                continue
            add(m.start(), m.end(), role, pre, fixed)
    for m in _find(LEADER, text, lower, 'leader'):
        before, after = text[max(0, m.start() - 30):m.start()], text[m.end():m.end() + 60]
        pre = m.group("pre").lower()
        if "deputy" in pre:
            continue
        if _RULING_AFTER.match(after):
            ruling = re.match(r"\s+of\s+the\s+ruling\s+\w+\s+group", after, re.I)
            add(m.start(), m.end() + (ruling.end() if ruling else 0), "council_leader", pre)
            continue
        party_before, party_after = _PARTY_BEFORE.search(before), _PARTY_AFTER.match(after)
        if party_before or party_after:
            add(m.start() - (len(before) - party_before.start() if party_before else 0),
                m.end() + (party_after.end() if party_after else 0), "other", pre)
            continue
        if _GROUP_BEFORE.search(before) or _GROUP_AFTER.match(after):
            continue
        add(m.start(), m.end(), "council_leader", pre)
    for m in _find(CHAIR, text, lower, 'chair'):
        pre = m.group("pre") or ""
        add(m.start(), m.end(), "other" if re.search(r"deputy|vice", pre, re.I) else _chair_role(m.group("dom"),
                                                                                              m.group("kind")), pre)
    for m in _find(CHAIRED_BY, text, lower, 'chaired by'):
        body_m = re.match(r".*(?:[,;:(]|\b(?i:the|its|our|their|a|an)\s)([^,;:(]{0,60})$|([^,;:(]{0,60})$",
                          text[max(0, m.start() - 80):m.start()], re.S)
        dom = (body_m.group(1) or body_m.group(2) or "") if body_m else ""  # the words naming the body
        role = _chair_role(dom, m.group("kind"))
        body = re.sub(r"\s+", " ", dom + m.group("kind")).strip()
        hits.append(RoleHit(m.start(), m.end(), role, f"chair of the {body}", False, False))
    for m in _find(HEAD_CS, text, lower, 'head'):
        add(m.start(), m.end(), "director_of_childrens_services", m.group("pre"))
    if childrens_story:
        for m in _find(BARE_DIRECTOR, text, lower, 'director'):
            add(m.start(), m.end(), "director_of_childrens_services", m.group("pre"))
        for m in _find(NAMED_DIRECTOR, text, lower, 'director'):
            add(m.start("t"), m.end("t"), "director_of_childrens_services")
        for m in _find(BARE_HEAD, text, lower, 'head'):
            add(m.start(), m.end(), "director_of_childrens_services", m.group("pre"))
    for m in _find(HEAD_OF_SERVICE, text, lower, 'head'):
        add(m.start(), m.end(), "other", m.group("pre"))
    for m in _find(DEPUTY_MAYOR, text, lower, 'mayor'):
        add(m.start(), m.end(), "other")
    for m in _find(DEPUTY_DIRECTOR, text, lower, 'director'):
        add(m.start(), m.end(), "assistant_director")
    for m in _find(COMMITTEE_CHAIR_FOR, text, lower, 'chair'):
        add(m.start(), m.end(), "lead_member_children" if re.search(r"child|young", m.group("dom"), re.I) else "other")
    for m in _find(MEMBER_FOR, text, lower, 'member', 'holder'):
        add(m.start(), m.end(), "lead_member_children" if re.search(r"child|young|famil", m.group("dom"), re.I)
            else "other", m.group("pre"))
    for m in _find(SERVICE_LEAD, text, lower, 'head', 'lead', 'led', 'run', 'ran', 'charge', 'overs', 'responsible'):
        councillor = any(0 <= m.start() - e <= 60 for s, e in councillor_spans or [])
        add(m.start(), m.end(), _service_role(m.group("dom"), councillor))
        pos = m.end()
        while (more := _SERVICE_MORE.match(text, pos)):  # "head children's services and adult social care"
            add(more.start("dom"), more.end(), _service_role(more.group("dom"), councillor))
            pos = more.end()
    for m in _find(SERVICE_LED_BY, text, lower, ' by'):
        councillor = any(0 <= s - m.end() <= 20 for s, e in councillor_spans or [])
        add(m.start(), m.end(), _service_role(m.group("dom"), councillor))
    for m in _find(DCS_ACRONYM, text, lower, 'dcs'):
        add(m.start(), m.end(), "director_of_childrens_services")
    hits.sort(key=lambda h: (h.start, -(h.end - h.start)))
    out: list[RoleHit] = []
    for h in hits:
        if out and h.start < out[-1].end:
            continue
        if out and h.role == out[-1].role and re.fullmatch(r"\s*\(\s*", text[out[-1].end:h.start]):
            continue  # "director of children's services (DCS)"
        out.append(h)
    return out


# -- grades and inspections ------------------------------------------------------

GRADE = re.compile(rf"(?P<q>[{APOS[1:-1]}\"“‘])?\b(?P<g>inadequate|outstanding|good|"
                   r"requires?\s+improvement(?:\s+to\s+be\s+good)?|required\s+(?:\s*[\"“‘'’]?\s*)?improvement(?:\s+to\s+be\s+good)?)\b",
                   re.I)
GRADE_NORMAL = {"inadequate": "inadequate", "outstanding": "outstanding", "good": "good"}
CUE = re.compile(r"\b(ofsted|inspect\w*|rated|rating|ratings|judged|judgement|judgment|graded|grading|branded|labelled|"
                 r"watchdog|regulator|verdict|overall\s+effectiveness|monitoring\s+visit|focused\s+visit)\b", re.I)
GOOD_CONTEXT = re.compile(r"(?:rated|judged|graded|found\s+(?:it\s+)?to\s+be|as|be|been|overall|remains?|remained|"
                          r"its|an?|the|to|from|of|was|were|is|are|'|‘|“|\")\s*$", re.I)
NOT_CHILDRENS_SERVICES = re.compile(
    r"\b(school|schools|academy|academies|nursery|nurseries|college|youth\s+offending|probation|prison|police|"
    r"hospital|care\s+quality\s+commission|cqc|fire\s+service|children['’]s\s+homes?|sixth\s+form)\b", re.I)
AREAS = [
    ("help_and_protection", re.compile(r"help\s+and\s+protection|child\s+protection|protection\s+of\s+children|"
                                       r"need\s+help|in\s+need\s+of\s+help", re.I)),
    ("children_in_care", re.compile(r"children\s+in\s+care|looked[\s-]+after|children\s+looked|in\s+care\b", re.I)),
    ("care_leavers", re.compile(r"care\s+leavers|leaving\s+care|leave\s+care", re.I)),
    ("leadership", re.compile(r"leadership|impact\s+of\s+leaders|leaders\b|management\s+and\s+governance", re.I)),
    ("adoption", re.compile(r"adoption", re.I)),
    ("overall", re.compile(r"overall|all\s+areas|across\s+the\s+board|every\s+area|each\s+area", re.I)),
]
VISIT_TYPES = [
    ("monitoring_visit", re.compile(r"\bmonitoring\s+visits?\b", re.I)),
    ("focused_visit", re.compile(r"\bfocused\s+visits?\b", re.I)),
    ("jtai", re.compile(r"\bjoint\s+targeted\s+area\s+inspections?\b|\bJTAI\b", re.I)),
]
FRAMEWORKS = [
    ("ilacs", re.compile(r"\bILACS\b|inspection\s+of\s+local\s+authority\s+children['’]?s\s+services", re.I)),
    ("sif", re.compile(r"\bSIF\b|single\s+inspection\s+framework", re.I)),
]
PUBLISH_CUE = re.compile(r"\b(publish\w*|report\w*|released|today|letter)\b", re.I)
INSPECT_CUE = re.compile(r"\b(inspect\w*|visit\w*|carried\s+out|conducted|undert[oa]ok|took\s+place|between|"
                         r"inspectors?|re-inspection)\b", re.I)
RECENT_CUE = re.compile(r"\b(today|latest|new|has\s+been\s+(?:rated|judged|told|found|awarded)|have\s+(?:rated|judged|"
                        r"awarded|found)|has\s+(?:rated|awarded|found)|now|according\s+to|published|this\s+week|"
                        r"rated\s+as|has\s+been|have\s+been)\b", re.I)
PAST_CUE = re.compile(r"\b(previous|previously|last\s+(?:time|inspect\w*|full)|had\s+(?:\w+\s+)?(?:been|given|received|"
                      r"rated|judged|found|awarded)|earlier|"
                      r"former|since\s+(?:being|it\s+was)|before|when\s+it\s+was|"
                      r"(?:months|years|weeks)\s+(?:after|before|since|ago)|in\s+the\s+wake\s+of)\b", re.I)
AIM_BEFORE = re.compile(r"\b(?:aspir\w*|hop\w*|aim\w*|expect\w*|ambition\w*|achiev\w*|striv\w*|become|reach\w*|"
                        r"sights\s+set|target\w*|bid\s+for|push\w*\s+for|on\s+track|working\s+towards?|want\w*|"
                        r"plan\w*|threshold|short\s+of|goal|next\s+(?:inspection|step))\b[^.]{0,32}$", re.I)
CLAUSE_SPLIT = re.compile(r",\s+(?:after|following|while|having\s+been|up\s+from|down\s+from|improving\s+on)\s+|\s+(?:but|whereas|despite|although)\s+|"
                          r";\s+|:\s+|\s+[–—]\s+", re.I)
# "held onto its good rating": the inspection before had the same grade
RETAINED = re.compile(r"\b(?:retain(?:s|ed|ing)?|kept|keeps?|keeping|maintain(?:s|ed|ing)?|"
                      r"(?:held|holds?|holding)\s+on\s*to)\s+(?:its|their|the)\b", re.I)
# "... at their last visit in 2012": the words just before the date of that earlier inspection
LAST_VISIT = re.compile(r"\b(?:last|previous|prior|earlier)\s+(?:full\s+|standard\s+|ofsted\s+)?"
                        r"(?:inspection|visit|report|judgement|judgment)\s+(?:in|of|was\s+in|in\s+\w+)\s+$", re.I)
ARTICLE_CUE = re.compile(r"\b(ofsted|inspect\w*|inspectorate)\b", re.I)


def normal_grade(word: str) -> str:
    w = re.sub(r"[^a-z]+", " ", word.lower()).strip()
    if "improvement" in w:
        return "requires_improvement"
    return GRADE_NORMAL[w]


# -- names -------------------------------------------------------------------------

HONORIFIC = re.compile(r"\b(?:(?P<cllr>County\s+Councillor|Councillor|Coun|Cllr|CC)|Ms|Mr|Mrs|Miss|Dr|Prof|"
                       r"Professor|Sir|Dame)\.?\s+$")
NAME_TOKEN = re.compile(r"(?:Mc|Mac|O['’])?[A-Z][a-z]+(?:[-'’][A-Z]?[a-z]+)*")
STOP_WORDS = set("""
council councils county borough city district metropolitan children children's childrens services service social care
department education ofsted government director directors executive chief leader leaders deputy assistant head cabinet
member members secretary state minister commissioner commissioners inspector inspectors inspection chair chairman
board committee panel partnership trust hall town house street road square centre center court news gazette press
times echo bbc itv university college school schools academy primary report agenda minutes item labour conservative
conservatives liberal democrats democrat green greens party group north south west east northern southern england
english britain british uk united kingdom national local the a an and of in on at for to with from by but since after
before this that these those it its their his her our we they she he new former interim acting mr mrs ms dr
monday tuesday wednesday thursday friday saturday sunday january february march april may june july august september
october november december said says read more share picture photo credit related topics watch hide ad visit shots
freeview email tel pdf kb icon additional documents resolved apologies venue contact webcast home improvement notice
plan framework inspectorate probation police health nhs covid unesco arts cultural culture creative media business
economic regeneration finance housing welfare reform mental transport safeguarding partners practice families family
young people adult adults youth offending team teams management excellence achieving strategy model rock
strengthening listening learning progress stable workforce key areas latest leadership employer zone spotlight public
law outline agency hub care leavers looked help protection early assessment support section scrutiny corporate
parenting officer officers meeting annual full mayor town hall review serious case safeguarding multi inadequate good
outstanding requires improvement overall effectiveness impact experiences ilacs sif jtai what when where why how who
however meanwhile also although while despite under over its here there today yesterday tomorrow dear yours sincerely
her majesty's majesty inspector his lord lady county councillor coun cllr cc ms mrs miss sir dame professor prof
statutory director's leader's authority authorities secretary's education's
""".split())


# lower-case particles inside a surname ("de Groot", "van der Berg")
NAME_PARTICLES = frozenset("de da di du del della van von der den le la ter ten".split())
# stop words that are also common surnames: read as one when they end a run after a first name ("Ann Young said")
SURNAME_WORDS = frozenset("young green hall street law house north south west east".split())


def is_name_token(tok: str) -> bool:
    return tok.lower() not in STOP_WORDS and tok.lower().rstrip("s").rstrip("'’") not in STOP_WORDS


# A verb straight after a role ("..., the chief executive said"), when the name before it is the
# object of a preposition ("Following the departure of NAME, the chief executive said"): the role is
# the subject of a new clause, not an apposition to that name (but "NAME, cabinet member for X said").
NAME_IN_PHRASE = re.compile(r"\b(?:of|after|following|since|before|with|by|from|to|under|without|about|for)\s+"
                            r"(?:(?:Mr|Mrs|Ms|Miss|Dr|Cllr|Councillor|Coun)\.?\s+)?$", re.I)
CLAUSE_VERB = re.compile(r"\s+(?:said|says|told|added|explained|warned|admitted|insisted|stated|wrote|announced|"
                         r"agreed|responded|replied|commented|confirmed|has|have|had|is|was|will|would|must)\b", re.I)


def role_opens_clause(sent: str, name_start: int, role_end: int) -> bool:
    """Is the role after this name the subject of a new clause rather than the name's apposition?
    ("Following the departure of NAME, the chief executive said"; offsets within `sent`.)"""
    return bool(CLAUSE_VERB.match(sent[role_end:]) and NAME_IN_PHRASE.search(sent[:name_start]))
