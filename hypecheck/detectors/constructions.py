"""Rhetorical constructions that need a regular expression over the sentence."""

from __future__ import annotations

import re

from .base import Hit, text_of

# "This isn't TV — it's a full-blown adrenaline rush" / "X is more than a spinoff—it's ..."
_ISNT_X_ITS_Y = re.compile(
    r"\b(?:this|it|that|he|she|they|[A-Z][\w’']+)\s+"
    r"(?:isn[’']t|is\s+not|aren[’']t|are\s+not|is\s+more\s+than|are\s+more\s+than)\s+"
    r"(?:just\s+|merely\s+|only\s+|simply\s+)?[^.!?;—–]{1,60}?\s*(?:—|–|--|;|,|\.\.\.)\s*"
    r"(?:it|this|that|they|he|she)(?:[’']s|[’']re|\s+is|\s+are)\b",
    re.IGNORECASE,
)


def isnt_x_its_y(doc, rule, ctx):
    for m in _ISNT_X_ITS_Y.finditer(text_of(doc)):
        yield Hit(m.start(), m.end())
