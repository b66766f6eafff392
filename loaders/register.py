"""The local-authority register and the names people use for each authority.

Ids are GSS codes (`E06000009` is Blackpool); bodies that are not councils get
`org:` ids. Names are matched leniently: "Blackpool", "Blackpool Council" and
"blackpool" are one authority; an unknown or ambiguous name is an error that
lists close matches.
"""

from __future__ import annotations

import csv
import difflib
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from graph.model import DATA_DIR, Authority

_SUFFIXES = ("council", "county council", "borough council", "city council",
             "metropolitan borough council", "district council")
_DROP = re.compile(r"\b(the|council|county|borough|metropolitan|district|city of|city|of)\b")


def normalise(name: str) -> str:
    """Lower case, '&' as 'and', punctuation folded: the form names are compared in."""
    s = name.lower().replace("&", " and ").replace("’", "'")
    s = re.sub(r"[^a-z0-9' ]+", " ", s).replace("'", "")
    return re.sub(r"\s+", " ", s).strip()


def core(name: str) -> str:
    """The name without council words ('City of York Council' -> 'york')."""
    return re.sub(r"\s+", " ", _DROP.sub(" ", normalise(name))).strip()


def derived_aliases(name: str) -> list[str]:
    out = [f"{name} {suffix.title()}" for suffix in _SUFFIXES]
    out += [f"City of {name} Council", f"City of {name}"]
    return out


class NameError_(LookupError):
    """An unknown or ambiguous name, with suggestions."""

    def __init__(self, kind: str, name: str, suggestions: list[str], ambiguous: bool = False) -> None:
        self.kind, self.name, self.suggestions, self.ambiguous = kind, name, suggestions, ambiguous
        what = "is ambiguous" if ambiguous else "is not known"
        hint = f"; did you mean: {', '.join(suggestions)}?" if suggestions else ""
        super().__init__(f"{kind} {name!r} {what}{hint}")


@dataclass
class Register:
    authorities: dict[str, Authority]
    _index: dict[str, list[str]]

    def resolve(self, name: str) -> Authority:
        """The authority a name means; current codes win over replaced ones."""
        if name in self.authorities:
            return self.authorities[name]
        ids = self._index.get(normalise(name)) or self._index.get(core(name)) or []
        if len(ids) > 1:
            current = [i for i in ids if not self.authorities[i].valid_to]
            ids = current if len(current) == 1 else ids
        if len(ids) == 1:
            return self.authorities[ids[0]]
        names = sorted({self.authorities[i].name for i in ids})
        if len(names) > 1:
            raise NameError_("authority", name, names, ambiguous=True)
        if names:  # several codes, one name, none current: take the latest code
            return self.authorities[sorted(ids)[-1]]
        keys = difflib.get_close_matches(normalise(name), list(self._index), n=5, cutoff=0.6)
        suggestions = sorted({self.authorities[i].name for k in keys for i in self._index[k]})
        raise NameError_("authority", name, suggestions)

    def find(self, name: str) -> Authority | None:
        try:
            return self.resolve(name)
        except NameError_:
            return None


def name_keys(a: Authority) -> list[str]:
    """Every key the lenient lookup accepts for an authority (stored, so a store can answer by key)."""
    return sorted({normalise(n) for n in [a.name, *a.aliases]} | {core(a.name)})


def index_authorities(authorities: dict[str, Authority], extra: dict[str, list[str]] | None = None,
                      derive: bool = True) -> Register:
    """A name index over authorities: names, derived council names, extra aliases."""
    extra = extra or {}
    index: dict[str, list[str]] = {}

    def add(key: str, auth_id: str) -> None:
        ids = index.setdefault(key, [])
        if auth_id not in ids:
            ids.append(auth_id)

    for a in authorities.values():
        if derive:
            council = a.kind not in ("inspectorate", "government_department")
            a.aliases = (derived_aliases(a.name) if council else []) + list(extra.get(a.name, []))
        for key in name_keys(a):
            add(key, a.id)
    return Register(authorities, index)


def load_register(data_dir: Path = DATA_DIR) -> Register:
    """Read data/authorities.csv and data/aliases.yaml."""
    authorities: dict[str, Authority] = {}
    with open(data_dir / "authorities.csv", encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            authorities[row["gss_code"]] = Authority(
                id=row["gss_code"], name=row["name"], kind=row["kind"], region=row["region"],
                dfe_code=row["dfe_la_code"], valid_from=row["valid_from"], valid_to=row["valid_to"])
    extra: dict[str, list[str]] = {}
    alias_file = data_dir / "aliases.yaml"
    if alias_file.exists():
        extra = yaml.safe_load(alias_file.read_text(encoding="utf-8")) or {}
    return index_authorities(authorities, extra)
