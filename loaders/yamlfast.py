"""A fast reader for the plain shape of a list-of-mappings YAML file (sources.yaml), with line numbers.

`loaders.yamlsrc.load_yaml` builds a node per scalar through PyYAML's Python
constructors: about 2.5 s for the 15,000 sources of the large benchmark. Such a
file is almost always written in one plain shape: `- key: value` opening an item,
`  key: value` continuing it, values double-quoted without escapes, `null`, or a
plain word. `read_plain_list` reads exactly that shape, giving what load_yaml
gives (LineDicts with their lines and key lines), and returns None for anything
else (another shape, a duplicate key, a value YAML would read as a number, a
character YAML refuses), so the caller uses load_yaml, which also words any
problem with file and line.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from loaders.yamlsrc import MAX_FILE_BYTES, LineDict

_LINE = re.compile(r'(- |  )([A-Za-z_]+): (?:"([^"\\]*)"|([A-Za-z_][A-Za-z0-9_./-]*))', re.ASCII)
_SKIP = re.compile(r"(#.*)?")
# line breaks YAML knows and str.split("\n") does not, and a byte-order mark: left to the full parser
_AWKWARD = re.compile("[\r\x85\u2028\u2029\ufeff]")


def _plain(word: str) -> tuple[bool, Any]:
    """(accepted, value) of a plain scalar: YAML's own resolver says whether it is text, null or something else."""
    import yaml

    from loaders.yamlsrc import _Loader

    if word[:1] not in _Loader.yaml_implicit_resolvers:  # what the resolver itself looks up first
        return True, word
    tag = _Loader.resolve(_Loader, yaml.ScalarNode, word, (True, False))
    if tag == "tag:yaml.org,2002:str":
        return True, word
    if tag == "tag:yaml.org,2002:null":
        return True, None
    return False, None


def read_plain_list(path: Path) -> list[LineDict] | None:
    """The file's items as load_yaml would give them, or None when the file is not in the plain shape."""
    try:
        raw = path.read_bytes()
        if len(raw) > MAX_FILE_BYTES:
            return None
        text = raw.decode("utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    from yaml.reader import Reader

    from loaders.yamlsrc import _ALIAS, MAX_ALIASES

    if _AWKWARD.search(text) or Reader.NON_PRINTABLE.search(text) or len(_ALIAS.findall(text)) > MAX_ALIASES:
        return None  # load_yaml refuses an alias bomb even in text it would not read as aliases
    items: list[LineDict] = []
    words: dict[str, tuple[bool, Any]] = {}
    for number, line in enumerate(text.split("\n"), 1):
        m = _LINE.fullmatch(line)
        if m is None:
            if _SKIP.fullmatch(line):
                continue
            return None
        lead, key, quoted, word = m.groups()
        if key not in words:
            words[key] = _plain(key)
        if words[key] != (True, key):
            return None  # a key YAML reads as something else (`on`, `null`, ...)
        if quoted is not None:
            value: Any = quoted
        else:
            if word not in words:
                words[word] = _plain(word)
            ok, value = words[word]
            if not ok:
                return None
        if lead == "- ":
            item = LineDict()
            item.line, item.key_lines = number, {}
            items.append(item)
        elif not items:
            return None
        item = items[-1]
        if key in item:
            return None  # a duplicate key: load_yaml words it
        item[key] = value
        item.key_lines[key] = number
    return items if items else None
