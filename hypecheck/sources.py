"""Turn what the user gave (a path, a URL, stdin, raw bytes) into a Source: text + headline.

Decoding never guesses silently: UTF-8 (with or without BOM), UTF-16 with a BOM, then
cp1252; for HTML the charset of the HTTP header or ``<meta charset>`` comes first. The
encoding used is recorded so the report can name it.

Formats: HTML (.html/.htm, or a file or page that opens like HTML) is reduced to its
article; Markdown (.md/.markdown) is analysed with its code, URLs and markup blanked;
anything else is plain text. See ``hypecheck/formats/``.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, replace
from pathlib import Path

from .errors import InputError

DEFAULT_MAX_BYTES = 5_000_000


@dataclass(frozen=True)
class Source:
    """A document ready for analysis.

    ``text`` is what the reader sees and what findings' offsets refer to.
    ``analysis_text``, when set, is the same length as ``text`` with the parts that must
    not be analysed (code, URLs, markup) blanked out, so offsets need no mapping.
    ``quoted`` lists (start, end) ranges of quoted material, reported at lower severity.
    ``suppress`` lists (start, end, rule) ranges where findings of a rule (an id or an id
    prefix such as ``shouting``; None for every rule) are silenced by a comment.
    ``format`` is how the input was read: "text", "html" or "markdown".
    """

    name: str
    text: str
    encoding: str = "utf-8"
    headline: str | None = None
    headline_start: int | None = None
    notes: tuple[str, ...] = ()
    analysis_text: str | None = None
    quoted: tuple[tuple[int, int], ...] = ()
    suppress: tuple[tuple[int, int, str | None], ...] = ()
    format: str = "text"

    @property
    def nlp_text(self) -> str:
        return self.text if self.analysis_text is None else self.analysis_text


def decode(data: bytes, name: str) -> tuple[str, str]:
    """Return (text, encoding name) or raise InputError."""
    if data.startswith(codecs.BOM_UTF8):
        return _strict(data[3:], "utf-8", name), "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _strict(data, "utf-16", name), "utf-16"
    if b"\x00" in data:
        raise InputError(f"{name}: looks like a binary file (it contains NUL bytes)")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError as exc:
        raise InputError(
            f"{name}: cannot decode byte 0x{data[exc.start]:02x} at offset {exc.start} "
            "(tried UTF-8, UTF-16 with BOM and cp1252)"
        ) from None


def _strict(data: bytes, encoding: str, name: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise InputError(f"{name}: invalid {encoding} at offset {exc.start}") from None


def from_bytes(
    data: bytes,
    name: str,
    max_bytes: int = DEFAULT_MAX_BYTES,
    format: str | None = None,
    charset: str | None = None,
) -> Source:
    """Bytes to a Source. ``format`` is "text", "html" or "markdown"; None: HTML when the
    bytes open like an HTML document, else text. ``charset`` is one declared outside the
    bytes (an HTTP header); it comes before any other clue."""
    if len(data) > max_bytes:
        raise InputError(
            f"{name}: {len(data):,} bytes is over the size limit of {max_bytes:,} bytes "
            "(raise it with --max-bytes)"
        )
    if format is None:
        from .formats.html import looks_like_html

        format = "html" if looks_like_html(data) else "text"
    if format == "html":
        from .formats import html

        text, encoding, notes = html.decode(data, name, charset)
        return from_html(text, name, encoding, notes)
    text, encoding = _decode_declared(data, name, charset)
    if format == "markdown":
        return from_markdown(text, name, encoding)
    return from_text(text, name, encoding=encoding)


def _decode_declared(data: bytes, name: str, charset: str | None) -> tuple[str, str]:
    if charset and not data.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        from .formats.html import _codec

        codec = _codec(charset)
        if codec:
            try:
                return data.decode(codec), codec
            except UnicodeDecodeError:
                pass
    return decode(data, name)


def _encoding_notes(encoding: str) -> tuple[str, ...]:
    return () if encoding.startswith("utf-8") else (f"decoded as {encoding}",)


def from_html(text: str, name: str = "<html>", encoding: str = "utf-8", notes: tuple[str, ...] | None = None) -> Source:
    """An HTML page: its article's text (findings' offsets refer to it), headline and notes."""
    from .formats.html import extract

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
        (_encoding_notes(encoding) if notes is None else tuple(notes)) + tuple(page.notes),
        analysis_text=page.analysis_text,
        quoted=tuple(page.quoted),
        suppress=tuple(page.suppress),
        format="html",
    )


def from_markdown(text: str, name: str = "<markdown>", encoding: str = "utf-8") -> Source:
    """A Markdown file: offsets refer to the file; code, URLs and markup are not analysed."""
    from .formats.markdown import parse

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
        _encoding_notes(encoding),
        analysis_text=parsed.analysis_text if parsed.analysis_text != text else None,
        quoted=parsed.quoted,
        suppress=parsed.suppress,
        format="markdown",
    )


def from_text(text: str, name: str = "<text>", encoding: str = "utf-8") -> Source:
    if not text.strip():
        raise InputError(f"{name}: the input is empty (nothing but whitespace)")
    notes = () if encoding.startswith("utf-8") else (f"decoded as {encoding}",)
    headline, start = find_headline(text)
    return Source(name, text, encoding, headline, start, notes)


def read_path(path: str | Path, max_bytes: int = DEFAULT_MAX_BYTES) -> Source:
    """A file, read no further than ``max_bytes`` (devices and FIFOs have no size on disk)."""
    from .reading import read_file

    name = str(path)
    return from_bytes(read_file(name, max_bytes), name, max_bytes, format=format_of(name))


HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml", ".shtml"})
MARKDOWN_SUFFIXES = frozenset({".md", ".markdown", ".mdown", ".mkd", ".mkdn"})


def format_of(path: str | Path) -> str | None:
    """The format a file name announces ("html", "markdown"), or None: look at the content."""
    suffix = Path(path).suffix.lower()
    if suffix in HTML_SUFFIXES:
        return "html"
    if suffix in MARKDOWN_SUFFIXES:
        return "markdown"
    return None


def read_any(arg: str, max_bytes: int = DEFAULT_MAX_BYTES) -> Source:
    """What the user named on the command line: '-' for stdin, a URL, else a path."""
    from .formats.url import is_url

    if arg == "-":
        return read_stdin(max_bytes)
    if not arg:
        raise InputError("an empty path was given ('')")
    if is_url(arg):
        return read_url(arg, max_bytes)
    return read_path(arg, max_bytes)


_PAGE_FORMATS = {
    "text/html": "html",
    "application/xhtml+xml": "html",
    "text/markdown": "markdown",
    "text/x-markdown": "markdown",
    "text/plain": "text",
}


def read_url(url: str, max_bytes: int = DEFAULT_MAX_BYTES) -> Source:
    """Fetch an http(s) URL and read it by its Content-Type (a web page is HTML)."""
    from .formats.url import fetch

    page = fetch(url, max_bytes)
    format = _PAGE_FORMATS.get(page.content_type)
    if format is None:
        from .formats.html import looks_like_html

        if looks_like_html(page.data):
            format = "html"
        elif page.content_type and not page.content_type.startswith("text/"):
            raise InputError(f"{url}: not a web page or text (Content-Type: {page.content_type})")
        else:
            format = format_of(page.url.split("?", 1)[0]) or "text"
    source = from_bytes(page.data, url, max_bytes, format=format, charset=page.charset)
    if page.url != url:
        source = replace(source, notes=source.notes + (f"fetched from {page.url} after redirection",))
    return source


def read_stdin(max_bytes: int = DEFAULT_MAX_BYTES) -> Source:
    from .reading import STDIN_NAME, read_stdin as read_limited

    return from_bytes(read_limited(max_bytes), STDIN_NAME, max_bytes)


_CLOSING = re.compile(r"[.?:;,]$|[.?]['\"”’)]$")
_MAX_HEADLINE_WORDS = 30
_HEADLINE_SEARCH_LINES = 8


def find_headline(text: str) -> tuple[str | None, int | None]:
    """The headline: among the first lines, a short line without closing punctuation.

    Articles shared on social media often open with teaser lines before the real
    headline (the seed article does: two teaser sentences and a "link below" line).
    Sentences ending in '.' or '?' are skipped, and a line in Title Case or ALL CAPS is
    preferred over an earlier plain one, because that is how headlines are set.
    A one-line text is its own headline.
    """
    candidates = []
    offset = 0
    for index, line in enumerate(text.splitlines(keepends=True)):
        if index >= _HEADLINE_SEARCH_LINES:
            break
        stripped = line.strip()
        start = offset + len(line) - len(line.lstrip())
        offset += len(line)
        if stripped:
            candidates.append((stripped, start))
    if len(candidates) == 1:
        return candidates[0]
    short = [
        (line, start)
        for line, start in candidates
        if len(line.split()) <= _MAX_HEADLINE_WORDS and not _CLOSING.search(line)
    ]
    for line, start in short:
        if _looks_like_title(line):
            return line, start
    return short[0] if short else (None, None)


_SMALL_WORDS = frozenset(
    "a an and as at but by for from in into is it its nor of on or per so the to vs with".split()
)


def _looks_like_title(line: str) -> bool:
    words = [w for w in re.findall(r"[A-Za-z][\w’']*", line) if w.lower() not in _SMALL_WORDS]
    if len(words) < 2:
        return False
    return sum(w[0].isupper() for w in words) / len(words) >= 0.75
