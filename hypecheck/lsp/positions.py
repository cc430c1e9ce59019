"""Offsets in a Python string <-> LSP positions, in the encoding the client negotiated.

An LSP position is a line and a count of code units into that line: UTF-16 units by
default, UTF-8 bytes or UTF-32 code points when client and server agree on them. Python
strings count code points, so an emoji is 1 here, 2 in UTF-16 and 4 in UTF-8.

Only ``\\n``, ``\\r\\n`` and ``\\r`` end a line in LSP. ``str.splitlines`` also breaks at
U+2028, U+0085, form feeds and more, which would shift every later line; so lines are
found here with the protocol's own definition (pygls' position codec works on
``splitlines`` lines, hence this module).
"""

from __future__ import annotations

import re
from bisect import bisect_right

UTF8, UTF16, UTF32 = "utf-8", "utf-16", "utf-32"
ENCODINGS = (UTF8, UTF16, UTF32)
_LINE_END = re.compile(r"\r\n|\r|\n")


def units(text: str, encoding: str) -> int:
    """How many code units ``text`` takes in the encoding."""
    if encoding == UTF32:
        return len(text)
    if encoding == UTF8:
        return len(text.encode("utf-8", "surrogatepass"))
    return len(text.encode("utf-16-le", "surrogatepass")) // 2


class LineIndex:
    """Converts between offsets into ``text`` and (line, character) in one encoding."""

    def __init__(self, text: str, encoding: str = UTF16) -> None:
        if encoding not in ENCODINGS:
            encoding = UTF16  # the protocol's default
        self.text = text
        self.encoding = encoding
        self._starts = [0] + [m.end() for m in _LINE_END.finditer(text)]
        # Where each line's content ends (before its line break).
        self._ends = [m.start() for m in _LINE_END.finditer(text)] + [len(text)]

    @property
    def line_count(self) -> int:
        return len(self._starts)

    def line_range(self, line: int) -> tuple[int, int]:
        """Offsets of a line's content, without its line break."""
        return self._starts[line], self._ends[line]

    def line_of(self, offset: int) -> int:
        return bisect_right(self._starts, max(0, min(offset, len(self.text)))) - 1

    def position(self, offset: int) -> tuple[int, int]:
        """(line, character) of an offset, 0-based, character in code units."""
        offset = max(0, min(offset, len(self.text)))
        line = self.line_of(offset)
        start = self._starts[line]
        # An offset inside a "\r\n" pair belongs at the end of the line's content.
        offset = min(offset, self._ends[line])
        return line, units(self.text[start:offset], self.encoding)

    def offset(self, line: int, character: int) -> int:
        """The offset of a position; past the end of a line means its end (as the protocol says).

        A position in the middle of a character (half a surrogate pair, or inside a UTF-8
        sequence) means that character's start.
        """
        if line < 0:
            return 0
        if line >= len(self._starts):
            return len(self.text)
        start, end = self._starts[line], self._ends[line]
        if self.encoding == UTF32:
            return min(start + max(character, 0), end)
        count = 0
        for i in range(start, end):
            count += units(self.text[i], self.encoding)
            if count > character:
                return i
        return end
