"""Hostile HTML made harmless before and right after parsing, without losing its text.

- Attributes: libxml2 checks each attribute of a tag against all the tag's earlier ones,
  and trafilatura walks them the same way, so a tag's parse grows with the square of its
  attribute count (20,000 took 10 s, 100,000 never finished). A tag keeps its first
  ``MAX_ATTRIBUTES``.
- Depth: libxml2 drops everything nested deeper than 255 elements (2,047 with its
  ``huge_tree`` option, which extraction uses). When a page is deeper still, tags beyond
  ``MAX_MARKUP_DEPTH`` are removed from the markup, their text kept. In the tree,
  elements deeper than ``MAX_TREE_DEPTH`` are replaced by their text, since Python code
  (ours and trafilatura's) walks trees recursively.
"""

from __future__ import annotations

import re

MAX_ATTRIBUTES = 200
MAX_MARKUP_DEPTH = 1_000
MAX_TREE_DEPTH = 150

_TAG_START = re.compile(r"<[A-Za-z][^\s/>]*")
# One attribute, or the end of the tag; None at anything else (left to the parser).
_ATTRIBUTE = re.compile(r"""\s*(?:/?>|[^\s"'<>/=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'<>=`]+))?|/)""")


def cap_attributes(markup: str, limit: int = MAX_ATTRIBUTES) -> tuple[str, int]:
    """The markup with each tag cut to its first ``limit`` attributes, and how many tags were cut."""
    parts: list[str] = []
    done = 0  # markup[:done] is in parts
    cut = 0
    pos = 0
    while (tag := _TAG_START.search(markup, pos)) is not None:
        pos = tag.end()
        count, keep_until = 0, None
        while (a := _ATTRIBUTE.match(markup, pos)) is not None and a.end() > pos:
            pos = a.end()
            if a.group().endswith(">"):
                break
            if a.group().strip() != "/":
                count += 1
                if count == limit:
                    keep_until = pos
        if count > limit and keep_until is not None:
            parts.append(markup[done:keep_until])
            parts.append(">" if markup[pos - 1] == ">" else "")
            done = pos
            cut += 1
    if not cut:
        return markup, 0
    parts.append(markup[done:])
    return "".join(parts), cut


_VOID = frozenset("area base br col embed hr img input link meta param source track wbr".split())
_TAG = re.compile(r"<(/?)([A-Za-z][^\s/>]*)[^>]*?(/?)>")


def flatten_markup(markup: str, limit: int = MAX_MARKUP_DEPTH) -> str:
    """The markup without the tags that open (or close) deeper than ``limit`` levels.

    A rough count (unclosed <p> and <li> count as open), used only on a page too deep for
    the parser: too many tags are removed rather than any text lost.
    """
    depth = 0
    out: list[str] = []
    pos = 0
    for m in _TAG.finditer(markup):
        closing, name, selfclosing = m.group(1), m.group(2).lower(), m.group(3)
        void = name in _VOID or selfclosing
        if closing:
            keep = depth <= limit
            depth = max(depth - 1, 0)
        else:
            keep = depth < limit
            depth += 0 if void else 1
        if not keep:
            out.append(markup[pos : m.start()])
            out.append(" ")
            pos = m.end()
    out.append(markup[pos:])
    return "".join(out)


_BLOCKS = frozenset(
    "p h1 h2 h3 h4 h5 h6 li dt dd blockquote pre td th caption figcaption div section "
    "article header footer aside main nav table tr ul ol dl form address br".split()
)


def flatten_tree(root, limit: int = MAX_TREE_DEPTH) -> int:
    """Replace each element nested ``limit`` levels deep by its text (a line break after
    each block element); returns how many were replaced."""
    from lxml import etree

    deep = []
    depth = 0
    for event, el in etree.iterwalk(root, events=("start", "end")):
        if event == "start":
            depth += 1
            if depth == limit:
                deep.append(el)
        else:
            depth -= 1
    for el in deep:
        el.text = _text_of(el)
        for child in list(el):
            el.remove(child)  # its tail is in the text already
    return len(deep)


def _text_of(el) -> str:
    from lxml import etree

    pieces: list[str] = []
    for event, node in etree.iterwalk(el, events=("start", "end")):
        if not isinstance(node.tag, str) or node.tag.lower() in ("script", "style", "template", "noscript"):
            if event == "end" and node is not el and node.tail:
                pieces.append(node.tail)
            continue
        if event == "start":
            pieces.append(node.text or "")
        else:
            if node.tag.lower() in _BLOCKS:
                pieces.append("\n")
            if node is not el and node.tail:
                pieces.append(node.tail)
    return "".join(pieces)
