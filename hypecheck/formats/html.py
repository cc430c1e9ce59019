"""HTML pages: decode by the declared charset, extract the article, find its headline.

The article is extracted with trafilatura, which drops navigation, cookie banners,
sidebars, comments, footers, scripts and styles (chosen over readability-lxml because it
also dropped an in-article "Read more" box of hype on our messy test pages). The text is
rebuilt one block per paragraph, so findings' offsets refer to this extracted text.

Suppression comments become ranges (``html_marks``); the charset comes from the BOM,
the HTTP header or ``<meta charset>`` (``html_charset``). trafilatura and lxml are
imported when a page is read, not with this module: start-up time matters for a
one-file run of a text file.
"""

from __future__ import annotations

import re

from ..errors import InputError
from .html_charset import declared_charset, decode, looks_like_html
from .html_limits import MAX_ATTRIBUTES, cap_attributes, flatten_markup, flatten_tree
from .html_marks import BLOCK_TAGS, MARKS, Block, Extracted, assemble, inject_marks
from .text import Source, encoding_notes

__all__ = ["declared_charset", "decode", "extract", "from_markup", "looks_like_html", "read", "strip_site_name"]

_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_WS = re.compile(r"[ \t\r\n\f\v\u00a0\u200b]+")
_TITLE_SEPARATORS = re.compile(r"\s+(?:[|–—·•»-]|::)\s+")


def read(data: bytes, name: str, charset: str | None = None) -> Source:
    """Bytes of an HTML page to a Source (``charset``: one an HTTP header declared)."""
    text, encoding, notes = decode(data, name, charset)
    return from_markup(text, name, encoding, notes)


def from_markup(text: str, name: str = "<html>", encoding: str = "utf-8", notes: tuple[str, ...] | None = None) -> Source:
    """An HTML page: its article's text (findings' offsets refer to it), headline and notes."""
    if not text.strip():
        raise InputError(f"{name}: the input is empty (nothing but whitespace)")
    page = extract(text, name)
    if not page.text.strip():
        raise InputError(f"{name}: the page has no text to analyse")
    return Source(
        name,
        page.text,
        encoding,
        page.headline,
        page.headline_start,
        (encoding_notes(encoding) if notes is None else tuple(notes)) + tuple(page.notes),
        analysis_text=page.analysis_text,
        quoted=tuple(page.quoted),
        suppress=tuple(page.suppress),
        format="html",
    )


def extract(markup: str, name: str) -> Extracted:
    """The article of an HTML page as text, with its headline, quotes and suppressions."""
    markup = re.sub(r"^\s*<\?xml[^>]*>", "", markup)  # lxml refuses str with an XML declaration
    if not markup.strip():
        raise InputError(f"{name}: the page is empty")
    # lxml refuses control characters in the text that suppression markers are added to
    markup = _CONTROL.sub(" ", markup)
    markup, capped = cap_attributes(markup)
    root = _parse(markup, name)
    flatten_tree(root)

    marks: list[str | None] = []  # per mark id: the rule (None: every rule)
    inject_marks(root, marks)
    meta = _metadata(root)
    page_words = _count_words(_visible_text(root))

    import trafilatura  # lazy: start-up time (a text file never needs it)

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
    found_article = any(MARKS.sub("", b.raw).strip() for b in blocks)
    if not found_article:
        blocks = [Block(t) for t in _visible_blocks(root)]
        if not blocks:
            raise InputError(f"{name}: the page has no visible text")

    headline_raw, headline_from = _choose_headline(meta, blocks)
    headline_index = None
    if headline_raw is not None:
        plain = _plain(headline_raw)
        headline_index = next((i for i, b in enumerate(blocks[:12]) if _plain(b.raw) == plain), None)
        if headline_index is None:
            blocks.insert(0, Block(headline_raw))
            headline_index = 0

    out = assemble(blocks, marks)
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
    import lxml.html  # lazy: start-up time
    from lxml import etree

    for attempt in (markup, None):
        parser = lxml.html.HTMLParser(huge_tree=True)  # 2,047 levels, not 255
        try:
            root = lxml.html.document_fromstring(attempt or flatten_markup(markup), parser=parser)
        except (etree.ParserError, ValueError) as exc:
            raise InputError(f"{name}: cannot parse the HTML ({exc})") from None
        if not any("depth" in e.message.lower() for e in parser.error_log):
            break
    return root


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
                yield Block(_inline(el), quoted=True)
        elif tag == "list":
            for n, item in enumerate(el.iter("item")):
                text = _inline(item)
                if text:
                    yield Block("- " + text, quoted=quoted, tight=n > 0)
        elif tag == "table":
            for n, row in enumerate(el.iter("row")):
                cells = [_inline(c) for c in row if c.tag == "cell"]
                line = " | ".join(c for c in cells if c)
                if line:
                    yield Block(line, quoted=quoted, tight=n > 0)
        elif tag == "code":
            text = "".join(el.itertext()).strip("\n")
            if text.strip():
                yield Block(text, quoted=quoted, code=True)
        elif tag in ("graphic",):
            continue
        else:
            text = _inline(el)
            if text:
                yield Block(text, quoted=quoted)


def _visible_blocks(root) -> list[str]:
    """Fallback when no article is found: every leaf block's text, scripts and styles removed."""
    out = []
    body = root.find("body")
    scope = body if body is not None else root
    for el in scope.iter():
        if not isinstance(el.tag, str) or el.tag.lower() not in BLOCK_TAGS:
            continue
        if any(isinstance(c.tag, str) and c.tag.lower() in BLOCK_TAGS for c in el.iterdescendants()):
            continue
        text = _WS.sub(" ", "".join(_texts(el))).strip()
        if MARKS.sub("", text).strip():
            out.append(text)
    if not out:
        text = _WS.sub(" ", "".join(_texts(scope))).strip()
        if MARKS.sub("", text).strip():
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
    return len(re.findall(r"\w+(?:[’'-]\w+)*", MARKS.sub("", text)))


# --- headline -----------------------------------------------------------------------


def _plain(text: str) -> str:
    return _WS.sub(" ", MARKS.sub("", text)).strip().casefold()


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
        "h1": [h for h in h1s if MARKS.sub("", h).strip()],
        "og_title": meta("og:title", "twitter:title"),
        "site_name": meta("og:site_name", "application-name"),
        "title": MARKS.sub("", title) if title else None,
    }


def _choose_headline(meta: dict, blocks: list[Block]) -> tuple[str | None, str | None]:
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
