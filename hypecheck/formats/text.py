"""Plain text: the Source a reader builds, decoding bytes, finding a headline.

The leaf of the readers: it imports nothing from hypecheck but ``errors``, so every
format (``html``, ``markdown``) and ``hypecheck.sources`` can import it without a cycle.

Decoding never guesses silently: UTF-8 (with or without BOM), UTF-16 with a BOM, then
cp1252; a charset declared outside the bytes (an HTTP header) comes first. The encoding
used is recorded so the report can name it.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

from ..errors import InputError

BOMS = (codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)


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


def codec_for(label: str | None) -> str | None:
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


def decode_declared(data: bytes, name: str, charset: str | None = None) -> tuple[str, str]:
    """(text, encoding): a BOM first, then ``charset`` (declared outside the bytes), then ``decode``."""
    if charset and not data.startswith(BOMS):
        codec = codec_for(charset)
        if codec:
            try:
                return data.decode(codec), codec
            except UnicodeDecodeError:
                pass
    return decode(data, name)


def encoding_notes(encoding: str) -> tuple[str, ...]:
    return () if encoding.startswith("utf-8") else (f"decoded as {encoding}",)


def from_text(text: str, name: str = "<text>", encoding: str = "utf-8") -> Source:
    if not text.strip():
        raise InputError(f"{name}: the input is empty (nothing but whitespace)")
    headline, start = find_headline(text)
    return Source(name, text, encoding, headline, start, encoding_notes(encoding))


def read(data: bytes, name: str, charset: str | None = None) -> Source:
    """Bytes of a plain-text document to a Source."""
    text, encoding = decode_declared(data, name, charset)
    return from_text(text, name, encoding)


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
