"""HTML pages: decode by the declared charset, extract the article, find its headline.

The article is extracted with trafilatura, which drops navigation, cookie banners,
sidebars, comments, footers, scripts and styles (chosen over readability-lxml because it
also dropped an in-article "Read more" box of hype on our messy test pages). The text is
rebuilt one block per paragraph, so findings' offsets refer to this extracted text.

Suppression comments (``<!-- hypecheck: ignore RULE -->``, ``off``/``on``) are turned
into private-use marker characters around the blocks they govern before extraction; the
markers travel through the extractor with the text and are removed afterwards, leaving
the ranges to suppress.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, field

from ..errors import InputError
from . import parse_directive, suppress_entries
from .html_limits import MAX_ATTRIBUTES

_SNIFF = re.compile(
    rb"^(?:\s|<!--.*?-->|<\?xml[^>]*>)*<(?:!doctype\s+html|html[\s>]|head[\s>]|body[\s>])",
    re.IGNORECASE | re.DOTALL,
)
_META_CHARSET = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE
)

# Markers: two private-use characters per marked block (start, end) from plane 15.
_MARK_BASE = 0xF0000
_MAX_MARKS = 30_000
_MARKS = re.compile("[\U000F0000-\U000FFFFD]")

# Elements that hold a block of text: a suppression comment governs the next one.
_BLOCK_TAGS = frozenset(
    "p h1 h2 h3 h4 h5 h6 li dt dd blockquote pre td th caption figcaption div section "
    "article header footer aside main nav table tr ul ol dl form address".split()
)
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_WS = re.compile(r"[ \t\r\n\f\v\u00a0\u200b]+")
_TITLE_SEPARATORS = re.compile(r"\s+(?:[|–—·•»-]|::)\s+")


def looks_like_html(data: bytes) -> bool:
    """True when the bytes open like an HTML document (doctype, <html>, <head> or <body>)."""
    head = data[:2048]
    for bom in (codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE):
        if head.startswith(bom):
            head = head[len(bom):]
            if bom is not codecs.BOM_UTF8:
                head = head.decode("utf-16-le" if bom == codecs.BOM_UTF16_LE else "utf-16-be", "ignore").encode()
            break
    return bool(_SNIFF.match(head))


def _codec(label: str | None) -> str | None:
    """A Python codec for a charset label, WHATWG-style (latin-1 and ascii mean cp1252)."""
    if not label:
        return None
    try:
        name = codecs.lookup(label.strip().strip("\"'")).name
    except LookupError:
        return None
    if name in ("latin-1", "iso8859-1", "ascii"):
        return "cp1252"
    return name


def declared_charset(data: bytes) -> str | None:
    """The charset a ``<meta charset>`` or ``<meta http-equiv>`` declares in the first 4 KB."""
    m = _META_CHARSET.search(data[:4096])
    return m.group(1).decode("ascii", "ignore") if m else None


def decode(data: bytes, name: str, header_charset: str | None = None) -> tuple[str, str, tuple[str, ...]]:
    """(text, encoding, notes): BOM, then the HTTP header, then <meta charset>, then sniffing."""
    from ..sources import decode as decode_plain

    if data.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        text, encoding = decode_plain(data, name)
        return text, encoding, ()
    for label, where in ((header_charset, "the HTTP header"), (declared_charset(data), "<meta charset>")):
        if not label:
            continue
        codec = _codec(label)
        if codec is None:
            continue  # unknown label: fall through to the next clue
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            text, encoding = decode_plain(data, name)
            return text, encoding, (f"the page declares {label} in {where} but is not valid {label}; decoded as {encoding}",)
        if codec.startswith("utf-16") or "\x00" not in text:
            note = () if codec == "utf-8" else (f"decoded as {codec} ({where} declares {label})",)
            return text, codec, note
    text, encoding = decode_plain(data, name)
    note = () if encoding.startswith("utf-8") else (f"decoded as {encoding}",)
    return text, encoding, note


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
class _Block:
    raw: str  # may hold markers
    quoted: bool = False
    code: bool = False
    tight: bool = False  # joined to the previous block by one newline (list items, rows)


def extract(markup: str, name: str) -> Extracted:
    """The article of an HTML page as text, with its headline, quotes and suppressions."""
    from .html_limits import cap_attributes, flatten_tree

    markup = re.sub(r"^\s*<\?xml[^>]*>", "", markup)  # lxml refuses str with an XML declaration
    if not markup.strip():
        raise InputError(f"{name}: the page is empty")
    # lxml refuses control characters in the text that suppression markers are added to
    markup = _CONTROL.sub(" ", markup)
    markup, capped = cap_attributes(markup)
    root = _parse(markup, name)
    flatten_tree(root)

    marks: list[str | None] = []  # per mark id: the rule (None: every rule)
    _inject_marks(root, marks)
    meta = _metadata(root)
    page_words = _count_words(_visible_text(root))

    import trafilatura

    result = trafilatura.bare_extraction(
        root,
        include_comments=False,
        include_tables=True,
        include_images=False,
        include_links=False,
        include_formatting=False,
        with_metadata=False,
        deduplicate=False,
    )
    body = getattr(result, "body", None) if result is not None else None
    blocks = list(_blocks(body)) if body is not None else []
    found_article = any(_MARKS.sub("", b.raw).strip() for b in blocks)
    if not found_article:
        blocks = [_Block(t) for t in _visible_blocks(root)]
        if not blocks:
            raise InputError(f"{name}: the page has no visible text")

    headline_raw, headline_from = _choose_headline(meta, blocks)
    headline_index = None
    if headline_raw is not None:
        plain = _plain(headline_raw)
        headline_index = next((i for i, b in enumerate(blocks[:12]) if _plain(b.raw) == plain), None)
        if headline_index is None:
            blocks.insert(0, _Block(headline_raw))
            headline_index = 0

    out = _assemble(blocks, marks)
    if headline_index is not None:
        start, end = out.block_spans[headline_index]
        out.headline, out.headline_start = out.text[start:end], start
    words = _count_words(out.text)
    if found_article:
        out.notes.append(
            f"text extracted from HTML: the article, {words:,} of the page's {page_words:,} words "
            "(navigation, banners, scripts and footers dropped)"
        )
    else:
        out.notes.append("text extracted from HTML: no article found, so all the page's visible text is analysed")
    if headline_from:
        out.notes.append(f"headline taken from the page's {headline_from}")
    if capped:
        tags = "a tag" if capped == 1 else f"{capped:,} tags"
        out.notes.append(f"{tags} with over {MAX_ATTRIBUTES} attributes cut to the first {MAX_ATTRIBUTES}")
    return out


def _parse(markup: str, name: str):
    """The page's tree; text nested too deep for libxml2 is lifted, not lost."""
    import lxml.html
    from lxml import etree

    from .html_limits import flatten_markup

    for attempt in (markup, None):
        parser = lxml.html.HTMLParser(huge_tree=True)  # 2,047 levels, not 255
        try:
            root = lxml.html.document_fromstring(attempt or flatten_markup(markup), parser=parser)
        except (etree.ParserError, ValueError) as exc:
            raise InputError(f"{name}: cannot parse the HTML ({exc})") from None
        if not any("depth" in e.message.lower() for e in parser.error_log):
            break
    return root


# --- suppression markers ------------------------------------------------------------


def _inject_marks(root, marks: list) -> None:
    """Wrap the blocks that suppression comments govern in start/end marker characters."""
    from lxml import etree

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
        if not isinstance(el.tag, str) or el.tag.lower() not in _BLOCK_TAGS:
            continue
        if any(isinstance(c.tag, str) and c.tag.lower() in _BLOCK_TAGS for c in el.iterdescendants()):
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


def _assemble(blocks: list[_Block], marks: list) -> _Assembled:
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


def _inline(el) -> str:
    """An element's text with whitespace collapsed; <lb/> is a line break."""
    pieces: list[str] = []

    def walk(node):
        if node.text:
            pieces.append(node.text)
        for child in node:
            if child.tag == "lb":
                pieces.append("\n")
            elif isinstance(child.tag, str):
                walk(child)
            if child.tail:
                pieces.append(child.tail)

    walk(el)
    lines = [_WS.sub(" ", line).strip() for line in "".join(pieces).split("\n")]
    return "\n".join(line for line in lines if line)


def _blocks(body, quoted: bool = False):
    """Blocks of trafilatura's output tree (p, head, quote, list/item, table/row/cell, code)."""
    for el in body:
        tag = el.tag if isinstance(el.tag, str) else ""
        if tag == "quote":
            children = [c for c in el if c.tag in ("p", "head", "list", "quote", "table", "code")]
            if children:
                yield from _blocks(el, quoted=True)
            elif _inline(el):
                yield _Block(_inline(el), quoted=True)
        elif tag == "list":
            for n, item in enumerate(el.iter("item")):
                text = _inline(item)
                if text:
                    yield _Block("- " + text, quoted=quoted, tight=n > 0)
        elif tag == "table":
            for n, row in enumerate(el.iter("row")):
                cells = [_inline(c) for c in row if c.tag == "cell"]
                line = " | ".join(c for c in cells if c)
                if line:
                    yield _Block(line, quoted=quoted, tight=n > 0)
        elif tag == "code":
            text = "".join(el.itertext()).strip("\n")
            if text.strip():
                yield _Block(text, quoted=quoted, code=True)
        elif tag in ("graphic",):
            continue
        else:
            text = _inline(el)
            if text:
                yield _Block(text, quoted=quoted)


def _visible_blocks(root) -> list[str]:
    """Fallback when no article is found: every leaf block's text, scripts and styles removed."""
    out = []
    body = root.find("body")
    scope = body if body is not None else root
    for el in scope.iter():
        if not isinstance(el.tag, str) or el.tag.lower() not in _BLOCK_TAGS:
            continue
        if any(isinstance(c.tag, str) and c.tag.lower() in _BLOCK_TAGS for c in el.iterdescendants()):
            continue
        text = _WS.sub(" ", "".join(_texts(el))).strip()
        if _MARKS.sub("", text).strip():
            out.append(text)
    if not out:
        text = _WS.sub(" ", "".join(_texts(scope))).strip()
        if _MARKS.sub("", text).strip():
            out.append(text)
    return out


def _texts(el):
    """Visible text under an element: no script, style, template or noscript content."""
    if isinstance(el.tag, str) and el.tag.lower() not in ("script", "style", "template", "noscript"):
        if el.text:
            yield el.text
        for child in el:
            yield from _texts(child)
            if child.tail:
                yield child.tail


def _visible_text(root) -> str:
    body = root.find("body")
    return " ".join(_texts(body if body is not None else root))


def _count_words(text: str) -> int:
    return len(re.findall(r"\w+(?:[’'-]\w+)*", _MARKS.sub("", text)))


# --- headline -----------------------------------------------------------------------


def _plain(text: str) -> str:
    return _WS.sub(" ", _MARKS.sub("", text)).strip().casefold()


def _metadata(root) -> dict:
    def meta(*keys):
        for el in root.iter("meta"):
            key = (el.get("property") or el.get("name") or "").strip().lower()
            if key in keys and (el.get("content") or "").strip():
                return _WS.sub(" ", el.get("content")).strip()
        return None

    title_el = root.find(".//title")
    title = _WS.sub(" ", title_el.text_content()).strip() if title_el is not None else None
    h1s = [_WS.sub(" ", "".join(_texts(h))).strip() for h in root.iter("h1")]
    return {
        "h1": [h for h in h1s if _MARKS.sub("", h).strip()],
        "og_title": meta("og:title", "twitter:title"),
        "site_name": meta("og:site_name", "application-name"),
        "title": _MARKS.sub("", title) if title else None,
    }


def _choose_headline(meta: dict, blocks: list[_Block]) -> tuple[str | None, str | None]:
    """(headline with any markers, where it came from: None for <h1>)."""
    h1s = meta["h1"]
    plain_blocks = {_plain(b.raw) for b in blocks[:12]}
    if h1s:
        in_article = [h for h in h1s if _plain(h) in plain_blocks]
        if in_article:
            return in_article[0], None
        site = _plain(meta["site_name"] or "")
        titles = [_plain(t) for t in (meta["og_title"], meta["title"]) if t]
        for h in h1s:
            if any(_plain(h) and _plain(h) in t for t in titles) and _plain(h) != site:
                return h, None
        candidates = [h for h in h1s if _plain(h) != site and len(h.split()) >= 2]
        if candidates:
            return candidates[0], None
    if meta["og_title"]:
        return meta["og_title"], "og:title"
    if meta["title"]:
        return strip_site_name(meta["title"], meta["site_name"]), "<title>"
    return None, None


def strip_site_name(title: str, site_name: str | None = None) -> str:
    """'Headline | Site' -> 'Headline': drop the part naming the site, else keep the longest."""
    parts = [p.strip() for p in _TITLE_SEPARATORS.split(title) if p.strip()]
    if len(parts) < 2:
        return title.strip()
    if site_name:
        rest = [p for p in parts if p.casefold() != site_name.strip().casefold()]
        if rest and len(rest) < len(parts):
            parts = rest
            if len(parts) == 1:
                return parts[0]
    return max(parts, key=len)
