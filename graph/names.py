"""Name keys: one normal form of a person's name, used by loaders, the store schema and queries alike."""

from __future__ import annotations

import re
import unicodedata

_NOT_KEY = re.compile(r"[^a-z0-9 ]+")
_HONORIFICS = re.compile(r"^(coun(cillor)?|county councillor|cllr|ms|mr|mrs|miss|dr|prof|sir|dame)\.?\s+", re.I)


def person_key(name: str) -> str:
    """A name without honorifics, accents, case or punctuation."""
    s = (name if name.isascii() else unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()).strip()
    while _HONORIFICS.match(s):
        s = _HONORIFICS.sub("", s, count=1)
    return _NOT_KEY.sub("", s.lower()).strip()
