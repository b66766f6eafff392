"""YAML with line numbers, duplicate-key errors and a cap on aliases.

Curated files are written by people; an error must name the file and line.
`safe_load` semantics only: no Python objects, and alias expansion is capped so
that a "billion laughs" file is refused instead of eating the machine.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

MAX_ALIASES = 50
MAX_FILE_BYTES = 20 * 1024 * 1024


@dataclass(frozen=True)
class Problem:
    """One error a user can act on: where, and what."""

    file: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.message}"


class LineDict(dict):
    """A mapping that remembers the line it started on (1-based)."""

    line: int = 0
    key_lines: dict[str, int]


_ALIAS = re.compile(r"(?<![\w*&])\*[^\s,\[\]{}]+")


class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """safe_load semantics; libyaml's C parser when present (10x faster), our constructors on top."""


def _construct_mapping(loader: _Loader, node: yaml.MappingNode) -> LineDict:
    loader.flatten_mapping(node)
    out = LineDict()
    out.line = node.start_mark.line + 1
    out.key_lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        try:
            hash(key)
        except TypeError:
            raise yaml.constructor.ConstructorError(
                None, None, "a mapping key must be a plain value", key_node.start_mark) from None
        if key in out:
            raise yaml.constructor.ConstructorError(
                None, None, f"duplicate key {key!r}", key_node.start_mark)
        out[key] = loader.construct_object(value_node, deep=True)
        out.key_lines[str(key)] = key_node.start_mark.line + 1
    return out


def _construct_timestamp_as_text(loader: _Loader, node: yaml.ScalarNode) -> str:
    """Dates stay text: `2017-04-24` is parsed by our own PartialDate, with its precision."""
    return str(loader.construct_scalar(node))


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_Loader.add_constructor("tag:yaml.org,2002:timestamp", _construct_timestamp_as_text)


def load_yaml(path: Path, display: str | None = None) -> tuple[Any, list[Problem]]:
    """Parse one YAML file; returns (data or None, problems)."""
    name = display or str(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        return None, [Problem(name, 0, f"cannot read file: {exc.strerror or exc}")]
    if len(raw) > MAX_FILE_BYTES:
        return None, [Problem(name, 0, f"file is larger than {MAX_FILE_BYTES // 2**20} MiB: refused")]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return None, [Problem(name, line, "not valid UTF-8 text")]
    return parse_yaml_text(text, name)


def parse_yaml_text(text: str, name: str) -> tuple[Any, list[Problem]]:
    """Parse YAML text (a file's, or an article's front matter) with the alias cap; returns (data or None, problems)."""
    aliases = _ALIAS.findall(text)
    if len(aliases) > MAX_ALIASES:
        line = text[: text.find(aliases[MAX_ALIASES])].count("\n") + 1
        return None, [Problem(name, line, f"more than {MAX_ALIASES} YAML aliases: refused (alias bomb?)")]
    try:
        return yaml.load(text, Loader=_Loader), []  # noqa: S506 - _Loader is a SafeLoader
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 0
        return None, [Problem(name, line, f"malformed YAML: {exc.problem or exc.context}")]
    except (yaml.YAMLError, RecursionError, ValueError) as exc:
        return None, [Problem(name, 0, f"malformed YAML: {exc}")]


def line_of(obj: Any, key: str | None = None) -> int:
    if isinstance(obj, LineDict):
        if key is not None and key in obj.key_lines:
            return obj.key_lines[key]
        return obj.line
    return 0
