"""CSV and TSV corpora: a header row naming the columns, then one record a row.

Read with the csv module, record by record. Each physical line is read with the size cap
enforced while reading, and a record is the lines up to one where its double quotes
balance (RFC 4180: a field holding a quote or a line break is quoted, a quote inside it
doubled, as every CSV writer does), so a record over ``--max-bytes`` costs no more memory
than the limit: it is skipped to its end and becomes an error row, and the next record
is read normally. A record that is not valid UTF-8 is read as cp1252.
"""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Iterator

from ..documents import Document
from ..errors import InputError
from ..jsonl import RecordError
from ..reading import DEFAULT_MAX_BYTES, open_file
from ..sources import decode
from . import document, plain_id, too_long

_SNIFF = 8192
_SKIP_CHUNK = 1 << 16
# The csv module refuses fields over 131,072 characters by default; records are limited
# by --max-bytes before they reach it.
csv.field_size_limit(2**31 - 1)


def stream_file(
    path: str, text_field: str = "text", id_field: str | None = None, title_field: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES, tab: bool = False,
) -> Iterator[Document | RecordError]:
    """Each record of a .csv or .tsv file, lazily. A file that cannot be opened, or whose
    header lacks the text or id column, raises InputError."""
    with open_file(path) as fh:
        try:
            yield from stream(fh, path, text_field, id_field, title_field, max_bytes, tab)
        except OSError as exc:
            raise InputError(f"{path}: cannot read ({exc.strerror or exc})") from None


def stream(
    fh, name: str, text_field: str = "text", id_field: str | None = None, title_field: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES, tab: bool = False,
) -> Iterator[Document | RecordError]:
    reader = fh if isinstance(fh, io.BufferedReader) else io.BufferedReader(fh)
    head = reader.peek(_SNIFF)[:_SNIFF]
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise InputError(f"{name}: UTF-16 is not read for CSV (save the file as UTF-8)")
    if b"\x00" in head:
        raise InputError(f"{name}: looks like a binary file (it contains NUL bytes)")
    dialect = "excel-tab" if tab else "excel"
    records = _records(reader, max_bytes)
    header = None
    for number, raw in records:
        if raw is None:
            raise InputError(f"{name}: the header row is over the size limit of {max_bytes:,} bytes")
        if raw.strip():
            if raw.startswith(codecs.BOM_UTF8):
                raw = raw[3:]
            text, _ = decode(raw, f"{name}:{number}")
            header = next(csv.reader(io.StringIO(text), dialect), [])
            break
    if header is None:
        raise InputError(f"{name}: the input is empty (no header row)")
    columns = {column.strip(): i for i, column in reversed(list(enumerate(header)))}
    for field, option in ((text_field, "--text-field"), (id_field, "--id-field")):
        if field is not None and field not in columns:
            shown = ", ".join(repr(c.strip()) for c in header[:12])
            raise InputError(f"{name}: no column {field!r} (set {option}; the header has {shown})")
    text_at = columns[text_field]
    id_at = columns[id_field] if id_field else None
    title_at = columns.get(title_field) if title_field else None
    for number, raw in records:
        where = f"{name}:{number}"
        if raw is None:
            yield too_long(where, max_bytes)
            continue
        if not raw.strip():
            continue
        try:
            text, encoding = decode(raw, where)
        except InputError as exc:
            yield RecordError(where, str(exc).removeprefix(f"{where}: "))
            continue
        try:
            rows = list(csv.reader(io.StringIO(text, newline=""), dialect))
        except csv.Error as exc:
            yield RecordError(where, f"not a valid {'TSV' if tab else 'CSV'} row ({exc})")
            continue
        for row in rows:  # more than one only when a stray quote hid a record boundary
            yield _document(row, where, text_at, id_at, title_at, text_field, id_field, encoding)


def _document(row, where, text_at, id_at, title_at, text_field, id_field, encoding) -> Document | RecordError:
    if text_at >= len(row):
        return RecordError(where, f"no field {text_field!r} (the row has {len(row)} fields)")
    key: dict = {"line": int(where.rsplit(":", 1)[1])}
    if id_at is not None:
        if id_at >= len(row):
            return RecordError(where, f"no field {id_field!r} (the row has {len(row)} fields)")
        key = {"id": plain_id(row[id_at])}
    title = row[title_at] if title_at is not None and title_at < len(row) else None
    return document(row[text_at], where, key, text_field, title, encoding)


def _records(reader, cap: int) -> Iterator[tuple[int, bytes | None]]:
    """(line the record starts on, its bytes) for each record; None for one over ``cap``,
    whose rest is skipped in small pieces without being held."""
    number = 0
    line = reader.readline(cap + 1)
    while line:
        number += 1
        start = number
        parts: list[bytes] | None = []
        size = quotes = 0
        while True:
            size += len(line)
            quotes += line.count(b'"')
            if parts is not None and size <= cap:
                parts.append(line)
            else:
                parts = None
            whole_line = line.endswith(b"\n")
            if whole_line and quotes % 2 == 0:
                break
            line = reader.readline(_SKIP_CHUNK if parts is None else cap + 1)
            if not line:  # the end of the file: the record is what was read
                break
            if whole_line:
                number += 1
        yield start, None if parts is None else b"".join(parts)
        line = reader.readline(cap + 1)
