"""Code actions for a finding: apply its suggestion, or silence its rule with a comment.

The suppression comment is the one the readers honour (``hypecheck.formats``):
``<!-- hypecheck: ignore RULE -->`` silences RULE in the next block, a Markdown paragraph,
heading, list item or table, or an HTML leaf block element. So the comment goes on its
own line just before the block holding the finding. Plain text has no comments, so there
it offers nothing but suggestions.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from lsprotocol import types

from .analysis import Located
from .diagnostics import diagnostic, to_range
from .positions import LineIndex

_MD_BLOCKS = ("paragraph_open", "heading_open", "table_open")
# The same block elements hypecheck.formats.html lets a comment govern.
_HTML_BLOCK = re.compile(
    r"<(p|h[1-6]|li|dt|dd|blockquote|pre|td|th|caption|figcaption|div|section|article|header"
    r"|footer|aside|main|nav|table|tr|ul|ol|dl|form|address)\b[^>]*>",
    re.IGNORECASE,
)
_CONTAINER_PREFIX = re.compile(r"[ \t>]*")


def comment(rule: str) -> str:
    return f"<!-- hypecheck: ignore {rule} -->"


def suggestions(located: Located) -> list[str]:
    """The replacements a finding suggests (its ``suggestion.replacements``; a deletion is
    left to the writer)."""
    value = getattr(located.finding, "suggestion", None)
    value = getattr(value, "replacements", value)
    if isinstance(value, str):
        return [value] if value else []
    if isinstance(value, Iterable):
        return [v for v in value if isinstance(v, str) and v]
    return []


def markdown_insertion(text: str, offset: int) -> tuple[int, str] | None:
    """The start of the line that opens the block at ``offset``, and that line's container
    prefix (indentation, blockquote markers), which the comment line repeats."""
    from markdown_it import MarkdownIt

    index = LineIndex(text)
    line = index.line_of(offset)
    tokens = MarkdownIt("commonmark").enable(["table", "strikethrough"]).parse(text)
    blocks = [t.map for t in tokens if t.type in _MD_BLOCKS and t.map and t.map[0] <= line < t.map[1]]
    if not blocks:
        return None
    first = max(a for a, _ in blocks)
    start, end = index.line_range(first)
    # Inside a blockquote the comment keeps the '>' markers, so the quote is not broken.
    prefix = _CONTAINER_PREFIX.match(text, start, end).group()
    return start, prefix


def html_insertion(markup: str, offset: int) -> tuple[int, str] | None:
    """Just before the block element's opening tag that holds ``offset``."""
    last = None
    for m in _HTML_BLOCK.finditer(markup, 0, offset):
        last = m
    if last is None:
        return None
    return last.start(), ""


def suppression_edit(fmt: str, text: str, located: Located) -> tuple[int, str] | None:
    """(offset, text to insert) for the comment that silences this finding's rule, or None."""
    where = {"markdown": markdown_insertion, "html": html_insertion}.get(fmt)
    spot = where(text, located.start) if where else None
    if spot is None:
        return None
    offset, prefix = spot
    note = comment(located.finding.rule)
    if fmt == "markdown":
        return offset, f"{prefix}{note}\n"
    # HTML: on a line of its own, indented like the tag, when the tag starts its line.
    before = text[:offset]
    indent = before[len(before.rstrip(" \t")):]
    if not before.rstrip(" \t") or before.rstrip(" \t").endswith(("\n", "\r")):
        return offset, f"{note}\n{indent}"
    return offset, note


def code_actions(fmt: str, text: str, items: list[Located], uri: str, encoding: str) -> list[types.CodeAction]:
    index = LineIndex(text, encoding)
    actions: list[types.CodeAction] = []
    for item in items:
        diag = diagnostic(item, index, uri)
        for k, replacement in enumerate(suggestions(item)):
            edit = types.TextEdit(range=to_range(index, item.start, item.end), new_text=replacement)
            actions.append(types.CodeAction(
                title=f"Replace '{item.finding.text}' with '{replacement}'",
                kind=types.CodeActionKind.QuickFix,
                diagnostics=[diag],
                is_preferred=k == 0,
                edit=types.WorkspaceEdit(changes={uri: [edit]}),
            ))
        spot = suppression_edit(fmt, text, item)
        if spot is not None:
            offset, insert = spot
            edit = types.TextEdit(range=to_range(index, offset, offset), new_text=insert)
            actions.append(types.CodeAction(
                title=f"Disable {item.finding.rule} in this {'paragraph' if fmt == 'markdown' else 'block'} (hypecheck: ignore comment)",
                kind=types.CodeActionKind.QuickFix,
                diagnostics=[diag],
                edit=types.WorkspaceEdit(changes={uri: [edit]}),
            ))
    return actions
