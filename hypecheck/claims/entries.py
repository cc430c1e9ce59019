"""Chart entries a text refers back to without naming the chart: "the No. 3 debut", "Its
No. 2 entry", "its debut at the top of the chart". They are ranks of the text's own title
on the chart it entered, compared with the other debut positions the text gives."""

from __future__ import annotations

import re
from functools import lru_cache

from . import eventwords as ew
from .events import _claim, _value
from .numbers import alternation
from .page import Page
from .ranks import _CHANGE_RANK, _title


@lru_cache(maxsize=1)
def _entry() -> re.Pattern:
    nouns = alternation(ew.listed("rank_entry_nouns"))  # "its No. 6 entrance", "the No. 8 bow"
    return re.compile(
        rf"\b(?:the|its|their|his|her|this|that)\s+(?:[\w’'-]+\s+)?No\.\s?(?P<n>\d{{1,3}})\s+(?:{nouns})\b"
        r"|\b(?:debut|debuted|debuts|entry|entered|enters|bowed|arrived|landed)\s+at\s+(?:the\s+)?(?P<top>top|summit)\s+of\s+"
        r"(?:the|its|their)\s+(?:[\w’'-]+\s+){0,3}?(?:chart|charts|list|rankings?|top\s(?:10|ten|\d+))\b",
        re.IGNORECASE,
    )


def chart_entries(page: Page):
    text = page.text
    for m in _entry().finditer(text):
        value = 1.0 if m.group("top") else _value(m.group("n"))
        if not value:
            continue
        s0, s1 = page.sentence(m.start())
        c0, c1 = page.clause(m.start(), m.end())
        yield _claim(page, "rank", m.start(), m.end(), value, topic=frozenset(),
                     change=bool(_CHANGE_RANK.search(text[c0:c1])), qualifiers=frozenset({"debut"}),
                     detail={"subject": _title(text, m.start(), s0, s1, m.end()), "entry": True, "when": ""})
