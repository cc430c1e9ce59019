"""Offsets in the article text extracted from an HTML page -> offsets in the page itself.

hypecheck analyses the text trafilatura extracts (``hypecheck.formats.html``), rebuilt one
block per paragraph with whitespace collapsed and entities decoded; an editor needs
positions in the markup. The page's visible characters (outside tags, comments, scripts
and styles, entities decoded) are listed with where each stands in the markup, whitespace
left out on both sides; then each extracted block is found in that list, in order, and
its characters take the positions of the characters they matched.
"""

from __future__ import annotations

import html
import re

# Markup that holds no visible text: comments, raw-text elements, tags, doctype, CDATA.
_HIDDEN = re.compile(
    r"<!--.*?(?:-->|\Z)"
    r"|<(script|style|template|noscript)\b[^>]*>.*?(?:</\1\s*>|\Z)"
    r"|<!\[CDATA\[.*?(?:\]\]>|\Z)"
    r"|<[!?/]?[A-Za-z][^>]*>?",
    re.IGNORECASE | re.DOTALL,
)
_ENTITY = re.compile(r"&(?:#[0-9]+;?|#[xX][0-9a-fA-F]+;?|[A-Za-z][A-Za-z0-9]*;?)")


def visible_chars(markup: str) -> list[tuple[str, int, int]]:
    """(character, start, end in the markup) for each visible non-space character."""
    out: list[tuple[str, int, int]] = []
    pos = 0
    for m in _HIDDEN.finditer(markup):
        _text(markup, pos, m.start(), out)
        pos = m.end()
    _text(markup, pos, len(markup), out)
    return out


def _text(markup: str, start: int, end: int, out: list) -> None:
    i = start
    while i < end:
        m = _ENTITY.match(markup, i, end) if markup[i] == "&" else None
        if m:
            for ch in html.unescape(m.group()):
                if not ch.isspace():
                    out.append((ch, m.start(), m.end()))
            i = m.end()
            continue
        if not markup[i].isspace():
            out.append((markup[i], i, i + 1))
        i += 1


class HtmlMap:
    """Maps (start, end) in the extracted text to (start, end) in the markup, when it can."""

    def __init__(self, markup: str, extracted: str) -> None:
        chars = visible_chars(markup)
        stream = "".join(c for c, _, _ in chars)
        self._where: dict[int, tuple[int, int]] = {}  # extracted offset -> markup (start, end)
        cursor = 0
        block_start = 0
        for block in extracted.split("\n") + [""]:
            offsets = [block_start + i for i, ch in enumerate(block) if not ch.isspace()]
            needle = "".join(extracted[o] for o in offsets)
            block_start += len(block) + 1
            if not needle:
                continue
            # In order first; a block the extractor moved (a headline taken from the
            # <title>) is looked for from the top.
            found = stream.find(needle, cursor)
            if found < 0:
                found = stream.find(needle)
                if found < 0:
                    continue
            else:
                cursor = found + len(needle)
            for k, offset in enumerate(offsets):
                self._where[offset] = chars[found + k][1:]

    def span(self, start: int, end: int) -> tuple[int, int] | None:
        """The markup range of the extracted range, or None when it was not found."""
        first = next((self._where[o] for o in range(start, end) if o in self._where), None)
        last = next((self._where[o] for o in range(end - 1, start - 1, -1) if o in self._where), None)
        if first is None or last is None:
            return None
        return first[0], max(last[1], first[0])
