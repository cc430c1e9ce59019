"""Markdown: analyse the prose, keep every offset pointing into the original file.

markdown-it-py parses the blocks and gives each its line range. Everything a reader does
not read as prose is blanked in ``analysis_text`` with spaces of the same length (newlines
kept), so positions need no mapping and an editor can jump to a finding: fenced and
indented code, inline code, link URLs (the link text stays), images, HTML comments and
tags, front matter, reference definitions, and the syntax itself (``#``, ``>``, list
markers, emphasis markers, table pipes).

Headings are headlines: the first one is ``Source.headline``. Blockquotes are analysed as
quoted material. ``<!-- hypecheck: ... -->`` comments become suppression ranges. Line
breaks inside a paragraph are spaces in ``analysis_text``, as they are to a reader.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..errors import InputError
from . import parse_directive, suppress_entries
from .text import Source, decode_declared, encoding_notes, find_headline

_NEWLINE = re.compile(r"\r\n?|\n")
_FRONT_MATTER = re.compile(r"\A(?:---|\+\+\+)[ \t]*\r?\n.*?\r?\n(?:---|\.\.\.|\+\+\+)[ \t]*(?:\r?\n|\Z)", re.DOTALL)
_ATX_OPEN = re.compile(r"[ \t]*#{1,6}(?=[ \t]|$)[ \t]*")
_ATX_CLOSE = re.compile(r"(?:(?<=[ \t])#+)?[ \t]*$")
_LIST_MARKER = re.compile(r"(?:[-+*]|\d{1,9}[.)])(?:[ \t]+\[[ xX]\])?(?=[ \t]|$)")
_HTML_COMMENT = re.compile(r"<!--(.*?)-->", re.DOTALL)
_HTML_TAG = re.compile(
    r"</?[A-Za-z][A-Za-z0-9-]*(?:\s+[A-Za-z_:][\w.:-]*(?:\s*=\s*(?:\"[^\"]*\"|'[^']*'|[^\s\"'=<>`]+))?)*\s*/?>"
    r"|<![A-Z][^>]*>|<\?.*?\?>|<!\[CDATA\[.*?\]\]>",
    re.DOTALL,
)
_AUTOLINK = re.compile(r"<(?:[A-Za-z][A-Za-z0-9+.-]{1,31}:[^\s<>]*|[\w.!#$%&'*+/=?^`{|}~-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*)>")
_BARE_URL = re.compile(r"(?:\b(?:https?|ftp)://|\bwww\.)[^\s<>]*[^\s<>.,;:!?'\")\]*_]")
_FOOTNOTE_REF = re.compile(r"\[\^[^\]\s]+\]")
_PUNCT = set("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")


@dataclass(frozen=True)
class Parsed:
    analysis_text: str
    headline: str | None
    headline_start: int | None
    quoted: tuple[tuple[int, int], ...]
    suppress: tuple[tuple[int, int, str | None], ...]


def read(data: bytes, name: str, charset: str | None = None) -> Source:
    """Bytes of a Markdown file to a Source."""
    text, encoding = decode_declared(data, name, charset)
    return from_markdown(text, name, encoding)


def from_markdown(text: str, name: str = "<markdown>", encoding: str = "utf-8") -> Source:
    """A Markdown file: offsets refer to the file; code, URLs and markup are not analysed."""
    if not text.strip():
        raise InputError(f"{name}: the input is empty (nothing but whitespace)")
    parsed = parse(text)
    if not parsed.analysis_text.strip():
        raise InputError(f"{name}: nothing to analyse (no prose outside code, links and comments)")
    return Source(
        name,
        text,
        encoding,
        parsed.headline,
        parsed.headline_start,
        encoding_notes(encoding),
        analysis_text=parsed.analysis_text if parsed.analysis_text != text else None,
        quoted=parsed.quoted,
        suppress=parsed.suppress,
        format="markdown",
    )


def parse(text: str) -> Parsed:
    from markdown_it import MarkdownIt  # lazy: start-up time (a text file never needs it)

    md = MarkdownIt("commonmark").enable(["table", "strikethrough"])
    starts = [0] + [m.end() for m in _NEWLINE.finditer(text)]
    ends = [m.start() for m in _NEWLINE.finditer(text)] + [len(text)]
    out = list(text)
    code = bytearray(len(text))  # 1 where the text is code (directives there are not read)

    def line_range(a: int, b: int) -> tuple[int, int]:
        """Character range of lines a..b-1 (without the final line break)."""
        b = min(b, len(starts))
        return starts[a], ends[b - 1]

    def blank(a: int, b: int, is_code: bool = False) -> None:
        for i in range(a, b):
            if out[i] not in "\r\n":
                out[i] = " "
            if is_code:
                code[i] = 1

    # Front matter (YAML/TOML metadata) is not prose; hide it from the parser as well.
    parse_text = text
    front = _FRONT_MATTER.match(text)
    if front:
        blank(0, front.end())
        parse_text = "".join(out)
    tokens = md.parse(parse_text)

    covered = bytearray(len(starts))
    quote_lines: dict[int, int] = {}  # line -> blockquote depth
    list_first_lines: set[int] = set()
    inline_ranges: list[tuple[int, int]] = []
    quoted: list[tuple[int, int]] = []
    blocks: list[tuple[int, int]] = []  # governed blocks for "ignore": paragraph, heading, list item, table
    tables: list[tuple[int, int]] = []
    paragraphs: list[tuple[int, int]] = []
    item_ranges: dict[int, tuple[int, int]] = {}  # first line of a list item -> its range
    headline: tuple[int, int] | None = None
    depth = 0
    pending_heading: str | None = None
    for i, tok in enumerate(tokens):
        if tok.type == "blockquote_open":
            depth += 1
        elif tok.type == "blockquote_close":
            depth -= 1
        if tok.map is None:
            continue
        a, b = tok.map
        for line in range(a, min(b, len(covered))):
            covered[line] = 1
        if tok.type in ("fence", "code_block"):
            blank(*line_range(a, b), is_code=True)
        elif tok.type == "html_block":
            start, end = line_range(a, b)
            _blank_html(text, start, end, blank)
        elif tok.type == "hr":
            blank(*line_range(a, b))
        elif tok.type == "blockquote_open":
            if depth == 1:
                quoted.append(line_range(a, b))
            for line in range(a, b):
                quote_lines[line] = max(quote_lines.get(line, 0), depth)
        elif tok.type == "list_item_open":
            list_first_lines.add(a)
            item_ranges.setdefault(a, line_range(a, b))
        elif tok.type == "heading_open":
            pending_heading = tok.markup
            blocks.append(line_range(a, b))
            if tok.markup in ("=", "-"):  # setext: the underline is the last line
                blank(*line_range(b - 1, b))
        elif tok.type == "paragraph_open":
            blocks.append(item_ranges.get(a) or line_range(a, b))
        elif tok.type == "table_open":
            blocks.append(line_range(a, b))
            tables.append(line_range(a, b))
            if a + 1 < b:
                blank(*line_range(a + 1, a + 2))  # the delimiter row
        elif tok.type == "inline":
            rng = line_range(a, b)
            if rng not in inline_ranges:
                inline_ranges.append(rng)
            if i and tokens[i - 1].type == "paragraph_open":
                paragraphs.append(rng)
            if pending_heading is not None:
                if pending_heading.startswith("#"):
                    _blank_atx(text, starts[a], ends[a], blank)
                if headline is None:
                    headline = rng
                pending_heading = None

    # Lines no block claims: reference definitions (link URLs) and the like.
    for line, claimed in enumerate(covered):
        if not claimed:
            blank(starts[line], ends[line])

    # Container syntax at line starts: '>' of blockquotes, list markers, task boxes.
    for line in sorted(set(quote_lines) | list_first_lines):
        _blank_prefix(out, starts[line], ends[line], quote_lines.get(line, 0), line in list_first_lines, blank)

    for start, end in inline_ranges:
        _blank_inline(text, out, start, end, blank)
    for start, end in tables:
        _blank_table_pipes(out, start, end, blank)

    # A line break inside a paragraph is a space to the reader (and to the sentence
    # splitter, which otherwise ends a sentence at every line break).
    for start, end in paragraphs:
        for k in range(start, end):
            if out[k] in "\r\n":
                out[k] = " "

    analysis = "".join(out)
    head_text = head_start = None
    if headline is not None:
        s, e = headline
        while s < e and analysis[s].isspace():
            s += 1
        while e > s and analysis[e - 1].isspace():
            e -= 1
        if e > s:
            head_text, head_start = text[s:e], s
    if head_text is None:
        found, at = find_headline(analysis)
        if found is not None:
            head_text, head_start = text[at : at + len(found)], at

    suppress = _suppressions(text, code, sorted(set(blocks)))
    return Parsed(analysis, head_text, head_start, tuple(quoted), tuple(suppress))


def _blank_html(text: str, start: int, end: int, blank) -> None:
    """An HTML block: comments and tags are blanked; text between tags stays prose."""
    chunk = text[start:end]
    for rx in (_HTML_COMMENT, _HTML_TAG):
        for m in rx.finditer(chunk):
            blank(start + m.start(), start + m.end())
    low = chunk.lower()
    for tag in ("script", "style", "pre", "textarea"):  # raw-text elements: no prose inside
        for m in re.finditer(rf"<{tag}\b.*?(?:</{tag}\s*>|\Z)", low, re.DOTALL):
            blank(start + m.start(), start + m.end(), is_code=tag != "textarea")


def _blank_atx(text: str, start: int, end: int, blank) -> None:
    line = text[start:end]
    head = _ATX_OPEN.match(line)
    if head:
        blank(start, start + head.end())
    # a closing run of '#' after a space, and trailing spaces
    m = _ATX_CLOSE.search(line, head.end() if head else 0)
    if m and m.start() < m.end():
        blank(start + m.start(), start + m.end())


def _blank_prefix(out, start: int, end: int, quotes: int, list_marker: bool, blank) -> None:
    i = start
    while i < end:
        while i < end and out[i] in " \t":
            i += 1
        if quotes and i < end and out[i] == ">":
            blank(i, i + 1)
            quotes -= 1
            i += 1
            continue
        if list_marker:
            m = _LIST_MARKER.match("".join(out[i : min(end, i + 20)]))
            if m:
                blank(i, i + m.end())
                list_marker = False
                i += m.end()
                continue
        break


def _blank_inline(text: str, out: list[str], start: int, end: int, blank) -> None:
    """Inline syntax in one block: code spans, HTML, autolinks, images, link URLs, escapes, emphasis."""
    s = "".join(out[start:end])
    escaped = set()
    i = 0
    while i < len(s) - 1:
        if s[i] == "\\" and s[i + 1] in _PUNCT:
            escaped.add(i + 1)
            i += 2
        else:
            i += 1

    # Code spans: a run of n backticks up to the next run of exactly n.
    runs = [m for m in re.finditer(r"`+", s) if m.start() not in escaped]
    used = -1
    for k, m in enumerate(runs):
        if m.start() < used:
            continue
        n = len(m.group())
        for close in runs[k + 1 :]:
            if len(close.group()) == n and close.start() >= m.end():
                blank(start + m.start(), start + close.end(), is_code=True)
                used = close.end()
                break
    s = "".join(out[start:end])

    for rx in (_HTML_COMMENT, _AUTOLINK, _HTML_TAG, _FOOTNOTE_REF):
        for m in rx.finditer(s):
            if m.start() not in escaped:
                blank(start + m.start(), start + m.end())
        s = "".join(out[start:end])

    # Images (all of it) and links (the brackets and the destination; the text stays).
    i = 0
    while i < len(s):
        if s[i] != "[" or i in escaped:
            i += 1
            continue
        close = _match(s, i, "[", "]", escaped)
        if close is None:
            i += 1
            continue
        image = i > 0 and s[i - 1] == "!" and (i - 1) not in escaped
        tail_end = None
        if close + 1 < len(s) and s[close + 1] == "(":
            paren = _match(s, close + 1, "(", ")", escaped)
            tail_end = None if paren is None else paren + 1
        elif close + 1 < len(s) and s[close + 1] == "[":
            ref = _match(s, close + 1, "[", "]", escaped)
            tail_end = None if ref is None else ref + 1
        if tail_end is None:
            i += 1
            continue
        if image:
            blank(start + i - 1, start + tail_end)
            i = tail_end
        else:
            blank(start + i, start + i + 1)
            blank(start + close, start + tail_end)
            i += 1
        s = "".join(out[start:end])

    for m in _BARE_URL.finditer(s):
        blank(start + m.start(), start + m.end())
    s = "".join(out[start:end])

    for i in sorted(escaped):
        blank(start + i - 1, start + i)  # the backslash of an escape

    for m in re.finditer(r"\*+|_+|~~+", s):
        a, b = m.start(), m.end()
        if a in escaped:
            continue
        before = s[a - 1] if a > 0 else " "
        after = s[b] if b < len(s) else " "
        left = not after.isspace() and (before.isspace() or before in _PUNCT or not (after.isalnum()))
        right = not before.isspace() and (after.isspace() or after in _PUNCT or not (before.isalnum()))
        if m.group()[0] == "_" and before.isalnum() and after.isalnum():
            continue
        if left or right:
            blank(start + a, start + b)


def _match(s: str, i: int, opener: str, closer: str, escaped: set[int]) -> int | None:
    depth = 0
    for j in range(i, len(s)):
        if j in escaped:
            continue
        if s[j] == opener:
            depth += 1
        elif s[j] == closer:
            depth -= 1
            if depth == 0:
                return j
    return None


def _blank_table_pipes(out, start: int, end: int, blank) -> None:
    """Table rows: the cell separators (not escaped pipes)."""
    line_start = start
    while line_start <= end:
        line_end = "".join(out[line_start:end]).find("\n")
        line_end = end if line_end < 0 else line_start + line_end
        line = "".join(out[line_start:line_end])
        for k, ch in enumerate(line):
            if ch == "|" and (k == 0 or line[k - 1] != "\\"):
                blank(line_start + k, line_start + k + 1)
        line_start = line_end + 1


def _suppressions(text: str, code: bytearray, blocks: list[tuple[int, int]]):
    """Ranges silenced by <!-- hypecheck: ... --> comments outside code."""
    out: list[tuple[int, int, str | None]] = []
    off_at: int | None = None
    for m in _HTML_COMMENT.finditer(text):
        if code[m.start()]:
            continue
        d = parse_directive(m.group(1))
        if d is None:
            continue
        if d.action == "ignore":
            nxt = next(((a, b) for a, b in blocks if a >= m.end()), None)
            if nxt:
                out.extend(suppress_entries(nxt[0], nxt[1], d.rules))
        elif d.action == "off":
            if off_at is None:
                off_at = m.end()
        elif off_at is not None:
            out.extend(suppress_entries(off_at, m.start(), ()))
            off_at = None
    if off_at is not None:
        out.extend(suppress_entries(off_at, len(text), ()))
    return out
