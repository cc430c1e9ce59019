"""Turn what the user gave (a path, stdin, raw bytes) into a Source: decoded text + headline.

Decoding never guesses silently: UTF-8 (with or without BOM), UTF-16 with a BOM, then
cp1252; the encoding used is recorded so the report can name it.
"""

from __future__ import annotations

import codecs
import re
import sys
from dataclasses import dataclass
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
    """

    name: str
    text: str
    encoding: str = "utf-8"
    headline: str | None = None
    headline_start: int | None = None
    notes: tuple[str, ...] = ()
    analysis_text: str | None = None
    quoted: tuple[tuple[int, int], ...] = ()

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


def from_bytes(data: bytes, name: str, max_bytes: int = DEFAULT_MAX_BYTES) -> Source:
    if len(data) > max_bytes:
        raise InputError(
            f"{name}: {len(data):,} bytes is over the size limit of {max_bytes:,} bytes "
            "(raise it with --max-bytes)"
        )
    text, encoding = decode(data, name)
    return from_text(text, name, encoding=encoding)


def from_text(text: str, name: str = "<text>", encoding: str = "utf-8") -> Source:
    if not text.strip():
        raise InputError(f"{name}: the input is empty (nothing but whitespace)")
    notes = () if encoding.startswith("utf-8") else (f"decoded as {encoding}",)
    headline, start = find_headline(text)
    return Source(name, text, encoding, headline, start, notes)


def read_path(path: str | Path, max_bytes: int = DEFAULT_MAX_BYTES) -> Source:
    p = Path(path)
    if not p.exists():
        raise InputError(f"{p}: no such file")
    if p.is_dir():
        raise InputError(f"{p}: is a directory, expected a file")
    try:
        size = p.stat().st_size
        if size > max_bytes:
            raise InputError(
                f"{p}: {size:,} bytes is over the size limit of {max_bytes:,} bytes "
                "(raise it with --max-bytes)"
            )
        data = p.read_bytes()
    except OSError as exc:
        raise InputError(f"{p}: cannot read ({exc.strerror or exc})") from None
    return from_bytes(data, str(p), max_bytes)


def read_any(arg: str, max_bytes: int = DEFAULT_MAX_BYTES) -> Source:
    """What the user named on the command line: '-' for stdin, else a path."""
    if arg == "-":
        return read_stdin(max_bytes)
    return read_path(arg, max_bytes)


def read_stdin(max_bytes: int = DEFAULT_MAX_BYTES) -> Source:
    data = sys.stdin.buffer.read(max_bytes + 1)
    return from_bytes(data, "<stdin>", max_bytes)


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
