"""Chart entries a text refers back to without naming the chart: "the No. 3 debut", "Its
No. 2 entry", "its debut at the top of the chart". They are ranks of the text's own title
on the chart it entered, compared with the other debut positions the text gives."""

from __future__ import annotations

import re

from .events import _CHANGE_RANK, _claim, _title, _value
from .page import Page

_ENTRY = re.compile(
    r"\b(?:the|its|their|his|her|this|that)\s+(?:[\w’'-]+\s+)?No\.\s?(?P<n>\d{1,3})\s+(?:debut|entry|bow|start)\b"
    r"|\b(?:debut|debuted|debuts|entry|entered|enters|bowed|arrived|landed)\s+at\s+(?:the\s+)?(?P<top>top|summit)\s+of\s+"
    r"(?:the|its|their)\s+(?:[\w’'-]+\s+){0,3}?(?:chart|charts|list|rankings?|top\s(?:10|ten|\d+))\b",
    re.IGNORECASE,
)


def chart_entries(page: Page):
    text = page.text
    for m in _ENTRY.finditer(text):
        value = 1.0 if m.group("top") else _value(m.group("n"))
        if not value:
            continue
        s0, s1 = page.sentence(m.start())
        c0, c1 = page.clause(m.start(), m.end())
        yield _claim(page, "rank", m.start(), m.end(), value, topic=frozenset(),
                     change=bool(_CHANGE_RANK.search(text[c0:c1])), qualifiers=frozenset({"debut"}),
                     detail={"subject": _title(text, m.start(), s0, s1), "entry": True})
