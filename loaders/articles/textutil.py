"""Small text helpers shared by the extraction steps."""

from __future__ import annotations

import re
from typing import Any, Iterable

CONF_DIRECT, CONF_LOOSE, CONF_JUDGEMENT = 0.9, 0.6, 0.8


def _first_pos(pattern: re.Pattern[str], text: str) -> int:
    """Position of the first match, or a large number when there is none (so that -pos ranks it last)."""
    m = pattern.search(text)
    return m.start() if m else 10**6


def _last_pos(pattern: re.Pattern[str], text: str) -> int:
    pos = -1
    for m in pattern.finditer(text):
        pos = m.start()
    return pos


def _strip_spans(between: str, offset: int, spans: Iterable[Any]) -> str:
    """`between` (text starting at `offset`) without the mentions (authorities, dates) inside it."""
    out = between
    for m in sorted(spans, key=lambda m: -m.start):
        rs, re_ = m.start - offset, m.end - offset
        if 0 <= rs and re_ <= len(between):
            out = out[:rs] + out[re_:]
    return out


def _clean(sentence: str) -> str:
    return re.sub(r"\s+", " ", sentence).strip()


def _more_precise(a: str, b: str) -> bool:
    return len(a) > len(b) and a.startswith(b[:4])

