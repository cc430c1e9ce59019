"""Corpora: files holding many documents, read record by record.

Three formats, one interface: ``records(path, ...)`` yields, lazily and in file order,
a ``Document`` for each good record and a ``RecordError`` (``where`` = 'FILE:N',
``detail`` = what is wrong) for each bad one, so a run can make the bad ones error rows
and go on. A file that cannot be opened at all (missing, not Parquet, no such column)
raises ``InputError`` instead.

- ``.jsonl``: one JSON object a line (``hypecheck.jsonl``); N is the line number.
- ``.csv`` / ``.tsv``: a header row then one record a row (``delimited``); N is the line
  the record starts on.
- ``.parquet``: streamed by row group with pyarrow (``parquet``, the ``[parquet]``
  extra); N is the 1-based row number.

``--max-bytes`` limits each record (its text and title), never the file.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator, Sequence

from ..documents import Document
from ..errors import InputError
from ..jsonl import RecordError
from ..reading import DEFAULT_MAX_BYTES
from ..sources import from_text

KINDS = {".jsonl": "jsonl", ".csv": "csv", ".tsv": "tsv", ".parquet": "parquet"}
SUFFIXES = tuple(KINDS)


def kind_of(path: str) -> str | None:
    """'jsonl', 'csv', 'tsv' or 'parquet' by the file's suffix; None for anything else."""
    return KINDS.get(os.path.splitext(path)[1].lower())


def records(
    path: str,
    text_field: str = "text",
    id_field: str | None = None,
    title_field: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    row_groups: Sequence[int] | None = None,
) -> Iterator[Document | RecordError]:
    """Each record of a corpus file, lazily. ``row_groups`` (Parquet only) reads just those."""
    kind = kind_of(path)
    if kind == "jsonl":
        from ..jsonl import stream_file

        return stream_file(path, text_field, id_field, max_bytes, title_field=title_field)
    if kind in ("csv", "tsv"):
        from .delimited import stream_file

        return stream_file(path, text_field, id_field, title_field, max_bytes, tab=kind == "tsv")
    if kind == "parquet":
        from .parquet import stream_file

        return stream_file(path, text_field, id_field, title_field, max_bytes, row_groups)
    raise InputError(f"{path}: not a corpus (expected one of {', '.join(SUFFIXES)})")


def document(text, where: str, key: dict, text_field: str, title=None, encoding: str = "utf-8") -> Document | RecordError:
    """One record's Document. A title goes first, as the headline, so headline rules and
    the clickbait classifier see it as they see an article's own headline."""
    if not isinstance(text, str):
        return RecordError(where, f"no text in field {text_field!r} (set --text-field)")
    if not text.strip():
        return RecordError(where, f"field {text_field!r} is empty")
    try:
        if isinstance(title, str) and title.strip() and "\n" not in title.strip():
            headline = title.strip()
            source = from_text(headline + "\n\n" + text, where, encoding)
            from dataclasses import replace

            return Document(replace(source, headline=headline, headline_start=0), key)
        return Document(from_text(text, where, encoding), key)
    except InputError:
        return RecordError(where, f"field {text_field!r} is empty")


def plain_id(value):
    """An id as JSON can write it: strings, numbers, booleans and None as they are, any
    other value (a date, bytes, a list from Parquet) as text."""
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    try:
        json.dumps(value)
        return value
    except (TypeError, ValueError):
        return str(value)


def too_long(where: str, max_bytes: int) -> RecordError:
    return RecordError(where, f"the record is over the size limit of {max_bytes:,} bytes (raise it with --max-bytes)")
