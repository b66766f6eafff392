"""Human labels for codes, and lenient reading of the values people type.

Tables show "requires improvement" and "DCS"; JSON keeps the codes. Users may
type "RI", "Requires Improvement", "dcs" or "director": each maps to one code,
or to a clear error that lists the choices.
"""

from __future__ import annotations

import re

RATING_LABELS = {"outstanding": "outstanding", "good": "good", "requires_improvement": "requires improvement",
                 "inadequate": "inadequate", "adequate": "adequate"}
RATING_ALIASES = {"ri": "requires_improvement", "requires improvement to be good": "requires_improvement",
                  "requires improvement": "requires_improvement", "outstanding": "outstanding", "good": "good",
                  "inadequate": "inadequate", "adequate": "adequate", "satisfactory": "adequate",
                  "1": "outstanding", "2": "good", "3": "requires_improvement", "4": "inadequate"}
ROLE_LABELS = {"director_of_childrens_services": "DCS", "assistant_director": "assistant director",
               "head_of_childrens_social_care": "head of children's social care",
               "chief_executive": "chief executive", "deputy_chief_executive": "deputy chief executive",
               "council_leader": "council leader", "lead_member_children": "lead member for children",
               "principal_social_worker": "principal social worker", "commissioner": "commissioner",
               "improvement_adviser": "improvement adviser", "inspector": "inspector", "other": "other post"}
ROLE_ALIASES = {"dcs": "director_of_childrens_services", "director": "director_of_childrens_services",
                "director of children's services": "director_of_childrens_services",
                "director of childrens services": "director_of_childrens_services",
                "ad": "assistant_director", "ceo": "chief_executive", "chief exec": "chief_executive",
                "leader": "council_leader", "lead member": "lead_member_children", "psw": "principal_social_worker",
                "head of social care": "head_of_childrens_social_care", "hmi": "inspector"}
TYPE_LABELS = {"sif": "SIF inspection", "ilacs": "ILACS inspection", "monitoring_visit": "monitoring visit",
               "focused_visit": "focused visit", "jtai": "JTAI", "other": "inspection"}


def _key(value: str) -> str:
    return re.sub(r"\s+", " ", value.strip().lower().replace("_", " ").replace("-", " ").replace("’", "'"))


def rating_label(code: str | None) -> str:
    return RATING_LABELS.get(code or "", code or "ungraded")


def role_label(code: str | None) -> str:
    return ROLE_LABELS.get(code or "", (code or "").replace("_", " "))


def type_label(code: str | None) -> str:
    return TYPE_LABELS.get(code or "", (code or "").replace("_", " "))


def parse_rating(value: object) -> str:
    """A rating code from "Inadequate", "requires improvement", "RI", "requires_improvement" ..."""
    from graph.model import ratings

    key = _key(str(value))
    code = RATING_ALIASES.get(key) or (key.replace(" ", "_") if key.replace(" ", "_") in ratings() else None)
    if code is None:
        raise ValueError(f"unknown rating {value!r}; expected one of: {', '.join(ratings())} "
                         f"(or 'RI', 'requires improvement')")
    return code


def parse_role(value: object) -> str | None:
    """A role code from "dcs", "director", "Chief Executive" ...; None for 'any'."""
    from graph.model import roles

    key = _key(str(value))
    if key in ("any", "", "none", "all"):
        return None
    code = ROLE_ALIASES.get(key) or (key.replace(" ", "_").replace("'", "") if key.replace(" ", "_").replace("'", "")
                                     in roles() else None)
    if code is None:
        raise ValueError(f"unknown role {value!r}; expected 'any', 'dcs', 'director' or one of: {', '.join(roles())}")
    return code
