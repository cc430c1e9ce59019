"""JSON Lines corpora, streamed record by record.

A corpus may be any size: the size limit (``--max-bytes``) applies to each record, and a
line is read with that cap enforced while reading, so one huge line costs no more memory
than the limit. Every bad line (invalid or too deeply nested JSON, not an object, no text
field, an empty text, invalid Unicode, over the limit) becomes a RecordError for that
line, and the records after it are still read.
"""

from __future__ import annotations

import codecs
import io
import json
from collections.abc import Callable, Iterator
from typing import BinaryIO

from .documents import Document
from .errors import InputError
from .reading import DEFAULT_MAX_BYTES, open_file
from .sources import Source, decode

_SKIP_CHUNK = 1 << 16
_SNIFF = 8192


class RecordError(InputError):
    """One bad record: ``where`` is 'FILE:LINE', ``detail`` says what is wrong with it."""

    def __init__(self, where: str, detail: str) -> None:
        super().__init__(f"{where}: {detail}")
        self.where = where
        self.detail = detail


def stream_file(
    path: str, text_field: str = "text", id_field: str | None = None, max_bytes: int = DEFAULT_MAX_BYTES,
    title_field: str | None = None,
) -> Iterator[Document | RecordError]:
    """Each record of a .jsonl file, lazily. A file that cannot be opened raises InputError."""
    with open_file(path) as fh:
        try:
            yield from stream(fh, path, text_field, id_field, max_bytes, title_field)
        except OSError as exc:
            raise InputError(f"{path}: cannot read ({exc.strerror or exc})") from None
        except UnicodeDecodeError as exc:  # only UTF-16 is decoded as a stream
            raise InputError(f"{path}: invalid {exc.encoding} ({exc.reason})") from None


def stream(
    fh: BinaryIO, name: str, text_field: str = "text", id_field: str | None = None, max_bytes: int = DEFAULT_MAX_BYTES,
    title_field: str | None = None,
) -> Iterator[Document | RecordError]:
    reader = fh if isinstance(fh, io.BufferedReader) else io.BufferedReader(fh)  # type: ignore[arg-type]
    head = reader.peek(_SNIFF)[:_SNIFF]
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        text = io.TextIOWrapper(reader, encoding="utf-16", newline="\n")
        # The cap counts characters here: at least two bytes each in UTF-16.
        for number, line in _capped_lines(text.readline, max(1, max_bytes // 2), "\n"):
            where = f"{name}:{number}"
            if line is None:
                yield _too_long(where, max_bytes)
            elif line.strip():
                yield parse(line, where, number, text_field, id_field, "utf-16", title_field)
        return
    if b"\x00" in head:
        raise InputError(f"{name}: looks like a binary file (it contains NUL bytes)")
    for number, raw in _capped_lines(reader.readline, max_bytes, b"\n"):
        where = f"{name}:{number}"
        if raw is None:
            yield _too_long(where, max_bytes)
            continue
        if number == 1 and raw.startswith(codecs.BOM_UTF8):
            raw = raw[3:]
        if not raw.strip():
            continue
        try:
            line, encoding = decode(raw, where)
        except InputError as exc:
            yield RecordError(where, _detail(str(exc), where))
            continue
        yield parse(line, where, number, text_field, id_field,
                    "utf-8-sig" if encoding == "utf-8-sig" else encoding, title_field)


def records_of(source: Source, text_field: str = "text", id_field: str | None = None) -> Iterator[Document | RecordError]:
    """Each record of a JSON Lines text already read (from a URL or another reader)."""
    for number, line in enumerate(source.text.split("\n"), 1):
        if line.strip():
            yield parse(line, f"{source.name}:{number}", number, text_field, id_field, source.encoding)


def _capped_lines(readline: Callable, cap: int, newline) -> Iterator[tuple[int, object]]:
    """(line number, line) with the line's end; None for a line longer than ``cap``,
    whose rest is skipped in small pieces."""
    number = 0
    while True:
        line = readline(cap + 1)
        if not line:
            return
        number += 1
        if len(line) > cap and not line.endswith(newline):
            while True:
                rest = readline(_SKIP_CHUNK)
                if not rest or rest.endswith(newline):
                    break
            yield number, None
        else:
            yield number, line


def _too_long(where: str, max_bytes: int) -> RecordError:
    return RecordError(where, f"the record is over the size limit of {max_bytes:,} bytes (raise it with --max-bytes)")


def _detail(message: str, where: str) -> str:
    prefix = f"{where}: "
    return message[len(prefix):] if message.startswith(prefix) else message


def _no_constant(name: str):
    raise ValueError(f"{name} is not a JSON value")


def parse(
    line: str, where: str, number: int, text_field: str, id_field: str | None, encoding: str = "utf-8",
    title_field: str | None = None,
) -> Document | RecordError:
    """One line of JSON Lines: a Document, or the RecordError that says what is wrong."""
    try:
        record = json.loads(line, parse_constant=_no_constant)
    except json.JSONDecodeError as exc:
        return RecordError(where, f"not valid JSON ({exc.msg})")
    except RecursionError:
        return RecordError(where, "not readable: the JSON is nested too deeply")
    except ValueError as exc:  # NaN, or an integer too long to convert
        return RecordError(where, f"not valid JSON ({exc})")
    if not isinstance(record, dict):
        return RecordError(where, f"not a JSON object (a record must be {{\"{text_field}\": ...}})")
    text = record.get(text_field)
    if not isinstance(text, str):
        return RecordError(where, f"no string field {text_field!r} (set --text-field)")
    bad = _invalid_unicode(text)
    if bad:
        return RecordError(where, f"field {text_field!r} is not valid Unicode ({bad})")
    key: dict = {"line": number}
    if id_field:
        if id_field not in record:
            return RecordError(where, f"no field {id_field!r} (set --id-field)")
        bad = _invalid_unicode(json.dumps(record[id_field], ensure_ascii=False))
        if bad:
            return RecordError(where, f"field {id_field!r} is not valid Unicode ({bad})")
        key = {"id": record[id_field]}
    title = record.get(title_field) if title_field else None
    if isinstance(title, str) and _invalid_unicode(title):
        title = None
    from .corpora import document

    return document(text, where, key, text_field, title, encoding)


def _invalid_unicode(text: str) -> str | None:
    """A description of the first lone surrogate (a JSON escape such as \\ud800), if any."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as exc:
        return f"a lone surrogate \\u{ord(text[exc.start]):04x} at character {exc.start:,}"
    return None
