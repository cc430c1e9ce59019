"""Turn what the user gave (a path, a URL, stdin, raw bytes) into a Source: text + headline.

Each format has a reader, ``read(data, name, charset) -> Source``, in ``hypecheck/formats/``
(plain text, HTML reduced to its article, Markdown with its code, URLs and markup
blanked); ``READERS`` maps a format name to it. Which format: the file name's suffix,
a URL's Content-Type, else HTML when the bytes open like a page, else text. Decoding
and headline finding live in ``formats.text``, which the other readers build on.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from .errors import InputError
from .formats import html, markdown, text
from .formats.html_charset import looks_like_html
from .formats.text import Source, decode, find_headline, from_text
from .formats.url import fetch, is_url
from .reading import DEFAULT_MAX_BYTES, STDIN_NAME, read_file, read_stdin as read_limited

__all__ = [
    "DEFAULT_MAX_BYTES", "READERS", "Source", "decode", "find_headline", "format_of", "from_bytes",
    "from_html", "from_markdown", "from_text", "is_url", "read_any", "read_path", "read_stdin", "read_url",
]


# format name -> reader: bytes, the name to report, a charset declared outside the bytes
READERS: dict[str, Callable[[bytes, str, str | None], Source]] = {
    "text": text.read,
    "html": html.read,
    "markdown": markdown.read,
}

from_html = html.from_markup
from_markdown = markdown.from_markdown


def from_bytes(
    data: bytes,
    name: str,
    max_bytes: int = DEFAULT_MAX_BYTES,
    format: str | None = None,
    charset: str | None = None,
) -> Source:
    """Bytes to a Source. ``format`` is a key of READERS; None: HTML when the bytes open
    like an HTML document, else text. ``charset`` is one declared outside the bytes (an
    HTTP header); it comes before any other clue."""
    if len(data) > max_bytes:
        raise InputError(
            f"{name}: {len(data):,} bytes is over the size limit of {max_bytes:,} bytes "
            "(raise it with --max-bytes)"
        )
    if format is None:
        format = "html" if looks_like_html(data) else "text"
    return READERS[format](data, name, charset)


def read_path(path: str | Path, max_bytes: int = DEFAULT_MAX_BYTES) -> Source:
    """A file, read no further than ``max_bytes`` (devices and FIFOs have no size on disk)."""
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
    page = fetch(url, max_bytes)
    format = _PAGE_FORMATS.get(page.content_type)
    if format is None:
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
    return from_bytes(read_limited(max_bytes), STDIN_NAME, max_bytes)
