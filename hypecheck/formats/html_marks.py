"""HTML suppression markers and the assembly of the extracted text.

Suppression comments (``<!-- hypecheck: ignore RULE -->``, ``off``/``on``) become
private-use marker characters around the blocks they govern before extraction; the
markers travel through the extractor with the text, and ``assemble`` removes them,
leaving the ranges to suppress.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from . import parse_directive, suppress_entries

# Markers: two private-use characters per marked block (start, end) from plane 15.
_MARK_BASE = 0xF0000
_MAX_MARKS = 30_000
MARKS = re.compile("[\U000F0000-\U000FFFFD]")

# Elements that hold a block of text: a suppression comment governs the next one.
BLOCK_TAGS = frozenset(
    "p h1 h2 h3 h4 h5 h6 li dt dd blockquote pre td th caption figcaption div section "
    "article header footer aside main nav table tr ul ol dl form address".split()
)

@dataclass
class Extracted:
    text: str
    headline: str | None
    headline_start: int | None
    quoted: list[tuple[int, int]] = field(default_factory=list)
    code: list[tuple[int, int]] = field(default_factory=list)
    suppress: list[tuple[int, int, str | None]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def analysis_text(self) -> str | None:
        if not self.code:
            return None
        chars = list(self.text)
        for start, end in self.code:
            for i in range(start, end):
                if chars[i] != "\n":
                    chars[i] = " "
        return "".join(chars)


@dataclass
class Block:
    raw: str  # may hold markers
    quoted: bool = False
    code: bool = False
    tight: bool = False  # joined to the previous block by one newline (list items, rows)


# --- suppression markers ------------------------------------------------------------


def inject_marks(root, marks: list) -> None:
    """Wrap the blocks that suppression comments govern in start/end marker characters."""
    from lxml import etree  # lazy: start-up time

    pending: list[tuple[str, ...]] = []  # rules of "ignore" comments waiting for a block
    off = False
    targets = []
    for el in root.iter():
        if el.tag is etree.Comment:
            d = parse_directive(el.text or "")
            if d is None:
                continue
            if d.action == "ignore":
                pending.append(d.rules)
            else:
                off = d.action == "off"
            continue
        if not isinstance(el.tag, str) or el.tag.lower() not in BLOCK_TAGS:
            continue
        if any(isinstance(c.tag, str) and c.tag.lower() in BLOCK_TAGS for c in el.iterdescendants()):
            continue  # not a leaf block: its children are the blocks
        rules: list[str | None] = []
        for group in pending:
            rules.extend(group or [None])
        pending.clear()
        if off:
            rules.append(None)
        if rules:
            targets.append((el, rules))
    for el, rules in targets:
        for rule in rules:
            if len(marks) >= _MAX_MARKS:
                return
            i = len(marks)
            marks.append(rule)
            start, end = chr(_MARK_BASE + 2 * i), chr(_MARK_BASE + 2 * i + 1)
            el.text = start + (el.text or "")
            if len(el):
                el[-1].tail = (el[-1].tail or "") + end
            else:
                el.text += end


def _strip_marks(raw: str, offset: int, found: dict) -> str:
    """Remove markers from a block, recording their positions (offset-based) in ``found``."""
    out = []
    pos = offset
    for ch in raw:
        code = ord(ch)
        if _MARK_BASE <= code <= 0xFFFFD:
            found.setdefault(code - _MARK_BASE, pos)
        else:
            out.append(ch)
            pos += 1
    return "".join(out)


# --- text assembly ------------------------------------------------------------------


@dataclass
class _Assembled(Extracted):
    block_spans: list[tuple[int, int]] = field(default_factory=list)


def assemble(blocks: list[Block], marks: list) -> _Assembled:
    parts: list[str] = []
    pos = 0
    found: dict[int, int] = {}
    spans, quoted, code = [], [], []
    for i, block in enumerate(blocks):
        if i:
            sep = "\n" if block.tight else "\n\n"
            parts.append(sep)
            pos += len(sep)
        text = _strip_marks(block.raw, pos, found)
        spans.append((pos, pos + len(text)))
        if block.quoted:
            quoted.append((pos, pos + len(text)))
        if block.code:
            code.append((pos, pos + len(text)))
        parts.append(text)
        pos += len(text)
    full = "".join(parts)
    suppress: list[tuple[int, int, str | None]] = []
    for i, rule in enumerate(marks):
        start, end = found.get(2 * i), found.get(2 * i + 1)
        if start is None:
            continue
        if end is None or end < start:  # the extractor cut the block: to its end
            block_end = next((e for s, e in spans if s <= start <= e), len(full))
            end = block_end
        suppress.extend(suppress_entries(start, end, (rule,) if rule else ()))
    return _Assembled(
        text=full,
        headline=None,
        headline_start=None,
        quoted=_merge_ranges(quoted),
        code=code,
        suppress=suppress,
        block_spans=spans,
    )


def _merge_ranges(ranges: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Adjacent quoted blocks (separated only by newlines) become one range."""
    out: list[tuple[int, int]] = []
    for start, end in ranges:
        if out and start - out[-1][1] <= 2:
            out[-1] = (out[-1][0], end)
        else:
            out.append((start, end))
    return out
