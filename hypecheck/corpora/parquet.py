"""Parquet corpora, streamed by row group with pyarrow (the ``[parquet]`` extra).

Only the text, id and title columns are read, one row group at a time and in small
batches within it, so memory follows the row group, not the file. A text over
``--max-bytes`` is measured in Arrow and never turned into a Python string; it becomes
an error row like a null or empty text, and the next row is read normally. A row group
that cannot be read is one error row and the next row group is tried.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from ..documents import Document
from ..errors import InputError
from ..jsonl import RecordError
from ..reading import DEFAULT_MAX_BYTES
from . import document, plain_id, too_long

BATCH_ROWS = 256  # rows turned into Python objects at a time


def require():
    """pyarrow.parquet and pyarrow.compute, or one line saying how to install them."""
    try:
        import pyarrow.compute as pc
        import pyarrow.parquet as pq
    except ImportError:
        raise InputError("reading .parquet needs pyarrow: pip install 'hypecheck[parquet]'") from None
    return pq, pc


def open_parquet(path: str):
    """A pyarrow ParquetFile, or InputError saying why it cannot be read."""
    pq, _ = require()
    from ..reading import open_file

    open_file(path).close()  # a missing file, a folder, a loop: said as for any input
    try:
        return pq.ParquetFile(path)
    except Exception as exc:  # pyarrow raises ArrowInvalid, OSError...: all say "not readable"
        raise InputError(f"{path}: not a readable Parquet file ({_reason(exc)})") from None


def row_group_sizes(path: str) -> list[int]:
    """The number of rows in each row group: how a run splits the file into tasks."""
    meta = open_parquet(path).metadata
    return [meta.row_group(i).num_rows for i in range(meta.num_row_groups)]


def stream_file(
    path: str, text_field: str = "text", id_field: str | None = None, title_field: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES, row_groups: Sequence[int] | None = None,
) -> Iterator[Document | RecordError]:
    """Each row of a .parquet file (or of ``row_groups`` only), lazily, numbered from 1
    across the whole file."""
    _, pc = require()
    pf = open_parquet(path)
    names = pf.schema_arrow.names
    for field, option in ((text_field, "--text-field"), (id_field, "--id-field")):
        if field is not None and field not in names:
            shown = ", ".join(repr(n) for n in names[:12])
            raise InputError(f"{path}: no column {field!r} (set {option}; the file has {shown})")
    import pyarrow as pa

    text_type = pf.schema_arrow.field(text_field).type
    if not (pa.types.is_string(text_type) or pa.types.is_large_string(text_type) or pa.types.is_string_view(text_type)):
        raise InputError(f"{path}: column {text_field!r} holds {text_type}, not text (set --text-field)")
    columns = [c for c in dict.fromkeys((text_field, id_field, title_field)) if c and c in names]
    sizes = [pf.metadata.row_group(i).num_rows for i in range(pf.num_row_groups)]
    starts = [sum(sizes[:i]) for i in range(len(sizes))]
    for group in range(len(sizes)) if row_groups is None else row_groups:
        row = starts[group]
        try:
            for batch in pf.iter_batches(batch_size=BATCH_ROWS, row_groups=[group], columns=columns):
                yield from _rows(batch, row, path, text_field, id_field, title_field, max_bytes, pc)
                row += batch.num_rows
        except (OSError, ValueError, _arrow_error()) as exc:
            yield RecordError(f"{path}:{row + 1}", f"row group {group} cannot be read ({_reason(exc)}); "
                              f"its rows from {row + 1:,} to {starts[group] + sizes[group]:,} are not scored")


def _rows(batch, first: int, path, text_field, id_field, title_field, max_bytes, pc) -> Iterator:
    texts = batch.column(text_field)
    lengths = pc.binary_length(texts).to_pylist()
    titles = batch.column(title_field) if title_field and title_field in batch.schema.names else None
    if titles is not None and not _is_text(titles.type):
        titles = None
    title_lengths = pc.binary_length(titles).to_pylist() if titles is not None else None
    ids = batch.column(id_field).to_pylist() if id_field else None
    for i, length in enumerate(lengths):
        number = first + i + 1
        where = f"{path}:{number}"
        if length is None:
            yield RecordError(where, f"field {text_field!r} is null")
            continue
        if length + ((title_lengths[i] or 0) if title_lengths else 0) > max_bytes:
            yield too_long(where, max_bytes)
            continue
        key = {"id": plain_id(ids[i])} if ids is not None else {"row": number}
        title = titles[i].as_py() if titles is not None else None
        yield document(texts[i].as_py(), where, key, text_field, title)


def _is_text(arrow_type) -> bool:
    import pyarrow as pa

    return pa.types.is_string(arrow_type) or pa.types.is_large_string(arrow_type)


def _arrow_error():
    import pyarrow as pa

    return pa.ArrowException


def _reason(exc: Exception) -> str:
    return str(exc).strip().splitlines()[0][:200] if str(exc).strip() else type(exc).__name__
