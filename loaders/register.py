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

from graph.model import DATA_DIR, Authority

_SUFFIXES = ("council", "county council", "borough council", "city council",
             "metropolitan borough council", "district council")
_DROP = re.compile(r"\b(the|council|county|borough|metropolitan|district|city of|city|of)\b")


_FOLD = re.compile(r"[^a-z0-9' ]+")


def normalise(name: str) -> str:
    """Lower case, '&' as 'and', punctuation folded: the form names are compared in."""
    s = _FOLD.sub(" ", name.lower().replace("&", " and ").replace("’", "'")).replace("'", "")
    return " ".join(s.split())  # only spaces are left: the same as collapsing whitespace and stripping


def core(name: str) -> str:
    """The name without council words ('City of York Council' -> 'york')."""
    return " ".join(_DROP.sub(" ", normalise(name)).split())


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
            own = list(extra.get(a.name, []))
            a.aliases = (derived_aliases(a.name) if council else []) + own
            keys = _derived_keys(a.name, council, own)
        else:
            keys = name_keys(a)
        for key in keys:
            add(key, a.id)
    return Register(authorities, index)


def _derived_keys(name: str, council: bool, extra: list[str]) -> list[str]:
    """name_keys of an authority whose aliases are derived_aliases(name) (when a council) + extra, without
    normalising each derived alias: normalise folds characters one at a time and a space parts them, so
    normalise(f"{name} County Council") is normalise(name) + " county council" (spaces collapsed)."""
    n = normalise(name)
    keys = {n, core(name), *(normalise(x) for x in extra)}
    if council:
        keys.update(" ".join(f"{n} {suffix}".split()) for suffix in _SUFFIXES)
        keys.update((" ".join(f"city of {n} council".split()), " ".join(f"city of {n}".split())))
    return sorted(keys)


REGISTER_COLUMNS = ("gss_code", "name", "kind", "region", "dfe_la_code", "valid_from", "valid_to")


class RegisterError(ValueError):
    """authorities.csv or aliases.yaml cannot be used; the message lists file:line problems."""


def load_register(data_dir: Path = DATA_DIR) -> Register:
    """Read data/authorities.csv and data/aliases.yaml; RegisterError (file:line) when either is broken."""
    register, problems = read_register(data_dir)
    if problems:
        raise RegisterError("; ".join(str(p) for p in problems[:5]) + (f" (and {len(problems) - 5} more)"
                                                                        if len(problems) > 5 else ""))
    return register


def read_register(data_dir: Path = DATA_DIR) -> tuple[Register, list]:
    """The register and every problem in its two files (file and line each); bad rows are left out."""
    from loaders.curated import _display
    from loaders.yamlsrc import LineDict, Problem, load_yaml

    problems: list[Problem] = []
    authorities = _read_authorities(data_dir / "authorities.csv", problems)
    extra: dict[str, list[str]] = {}
    alias_file = data_dir / "aliases.yaml"
    if alias_file.exists():
        name = _display(alias_file)
        data, errs = load_yaml(alias_file, name)
        problems.extend(errs)
        known = {a.name for a in authorities.values()}
        if data is not None and not isinstance(data, LineDict):
            problems.append(Problem(name, 1, "aliases.yaml must map an authority's name to a list of other names"))
        elif data is not None:
            for key, value in data.items():
                line = data.key_lines.get(str(key), data.line)
                if not isinstance(key, str) or key not in known:
                    problems.append(Problem(name, line, f"{key!r} is not an authority in authorities.csv"))
                    continue
                if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
                    got = type(value).__name__ if not isinstance(value, list) else "a list with a non-text item"
                    problems.append(Problem(name, line, f"the aliases of {key!r} must be a list of names "
                                                        f"(e.g. [\"{key} BC\"]), not {got}"))
                    continue
                extra[key] = [v.strip() for v in value]
    return index_authorities(authorities, extra), problems


def _read_authorities(path: Path, problems: list) -> dict[str, Authority]:
    from loaders.curated import _display
    from loaders.yamlsrc import MAX_FILE_BYTES, Problem

    name = _display(path)
    authorities: dict[str, Authority] = {}
    try:
        raw = path.read_bytes()
    except OSError as exc:
        problems.append(Problem(name, 0, f"cannot read file: {exc.strerror or exc}"))
        return authorities
    if len(raw) > MAX_FILE_BYTES:
        problems.append(Problem(name, 0, f"file is larger than {MAX_FILE_BYTES // 2**20} MiB: refused"))
        return authorities
    lines = raw.split(b"\n")
    texts: list[str | None] = []
    for i, line in enumerate(lines, 1):  # a bad byte is reported on its own line; the other rows still load
        try:
            texts.append(line.decode("utf-8"))
        except UnicodeDecodeError as exc:
            problems.append(Problem(name, i, f"not valid UTF-8 text (byte {exc.start + 1} of the line)"))
            texts.append(None)
    header = texts[0].lstrip("\ufeff").rstrip("\r").split(",") if texts and texts[0] is not None else []
    missing = [c for c in REGISTER_COLUMNS if c not in header]
    if missing:
        problems.append(Problem(name, 1, f"the header must name the columns {', '.join(REGISTER_COLUMNS)}; "
                                         f"missing: {', '.join(missing)}"))
        return authorities
    for i, text in enumerate(texts[1:], 2):
        if text is None or not text.strip():
            continue
        try:
            cells = next(csv.reader([text]))
        except (csv.Error, StopIteration) as exc:
            problems.append(Problem(name, i, f"malformed CSV row: {exc}"))
            continue
        if len(cells) != len(header):
            problems.append(Problem(name, i, f"{len(cells)} fields where the header has {len(header)}"))
            continue
        row = dict(zip(header, (c.strip() for c in cells)))
        if not row["gss_code"] or not row["name"]:
            problems.append(Problem(name, i, "a row needs a gss_code and a name"))
            continue
        if row["gss_code"] in authorities:
            problems.append(Problem(name, i, f"duplicate gss_code {row['gss_code']!r}"))
            continue
        authorities[row["gss_code"]] = Authority(
            id=row["gss_code"], name=row["name"], kind=row["kind"], region=row["region"],
            dfe_code=row["dfe_la_code"], valid_from=row["valid_from"], valid_to=row["valid_to"])
    return authorities
