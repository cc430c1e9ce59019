"""Many documents in one input: a list of headlines (--per-line) or JSON Lines records."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from .errors import InputError
from .sources import Source, from_text


@dataclass(frozen=True)
class Document:
    source: Source
    key: dict  # {"line": n} or {"id": value}: where the document came from


def split(source: Source, per_line: bool = False, text_field: str = "text", id_field: str | None = None) -> list[Document] | None:
    """The documents a source holds when it holds several (JSON Lines, or --per-line), else None."""
    if source.name.endswith(".jsonl"):
        return list(split_jsonl(source, text_field, id_field))
    if per_line:
        return list(split_lines(source))
    return None


def split_lines(source: Source) -> Iterator[Document]:
    """Each non-blank line is a document; positions are 1-based line numbers."""
    for number, line in enumerate(source.text.splitlines(), 1):
        if line.strip():
            yield Document(from_text(line, f"{source.name}:{number}", source.encoding), {"line": number})


def split_jsonl(source: Source, text_field: str = "text", id_field: str | None = None) -> Iterator[Document]:
    """Each JSON object per line is a document; its text is ``text_field``.

    A bad line raises InputError; use ``records`` to get bad lines as errors instead.
    """
    for record in records(source, text_field, id_field):
        if isinstance(record, InputError):
            raise record
        yield record


def records(source: Source, text_field: str = "text", id_field: str | None = None) -> Iterator[Document | InputError]:
    """Each line of a JSON Lines source: a Document, or the InputError that line has."""
    from .jsonl import records_of

    return records_of(source, text_field, id_field)
