"""Scoring a pandas DataFrame: the pandas-in, pandas-out core of ``hypecheck.dask.score``
and of Spark's ``mapInPandas`` (see docs/scale.md).

``score_frame(pdf, text_column="text")`` returns one row per input row, with the same
index: the columns named in ``keep``, then ``SUMMARY_COLUMNS`` — score, verdict,
clickbait_probability, word_count, one count per finding category, the findings as JSON
text, and error (null when the row was scored). A row whose text is missing, empty or
over ``max_bytes`` gets its error and null scores; the other rows are still scored.
Scores are the CLI's: the same readers' rules (a title goes first, as the headline), the
same Scorer, the same pipeline batches.

The Analyzer is built once per process and options (``scorer``), so a Dask worker or a
Spark executor pays for loading the pipeline once, not once per partition.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterable, Iterator, Sequence

from .findings import CATEGORIES
from .reading import DEFAULT_MAX_BYTES

SUMMARY_COLUMNS = ("score", "verdict", "clickbait_probability", "word_count", *CATEGORIES, "findings", "error")
DTYPES = {
    "score": "Int64",
    "verdict": "string",
    "clickbait_probability": "Float64",
    "word_count": "Int64",
    **{category: "Int64" for category in CATEGORIES},
    "findings": "string",
    "error": "string",
}

_SCORERS: dict[str, object] = {}
_LOCK = threading.Lock()


def scorer(model: str | None = None, enable: Sequence[str] | None = None, disable: Sequence[str] = (),
           max_bytes: int = DEFAULT_MAX_BYTES):
    """This process's Scorer for these options, built on first use."""
    from .batch import Options, Scorer

    key = json.dumps([model, None if enable is None else list(enable), list(disable), max_bytes])
    with _LOCK:
        found = _SCORERS.get(key)
        if found is None:
            args = {"model": model, "enable": None if enable is None else list(enable), "disable": list(disable)}
            found = _SCORERS[key] = Scorer(Options(args, max_bytes=max_bytes, full_reports=True))
        return found


def meta(keep: dict | None = None):
    """An empty DataFrame with the result's columns and dtypes (Dask's ``meta``);
    ``keep`` maps the kept input columns to their dtypes."""
    import pandas as pd

    columns = {name: pd.Series(dtype=dtype) for name, dtype in (keep or {}).items()}
    columns.update({name: pd.Series(dtype=DTYPES[name]) for name in SUMMARY_COLUMNS})
    return pd.DataFrame(columns)


def score_frame(
    pdf,
    text_column: str = "text",
    title_column: str | None = None,
    keep: Sequence[str] = (),
    model: str | None = None,
    enable: Sequence[str] | None = None,
    disable: Sequence[str] = (),
    max_bytes: int = DEFAULT_MAX_BYTES,
):
    """Score each row's ``text_column`` (pandas DataFrame in, pandas DataFrame out)."""
    import pandas as pd

    if text_column not in pdf.columns:
        raise KeyError(f"no column {text_column!r} (the frame has {', '.join(map(str, pdf.columns))})")
    run = scorer(model, enable, disable, max_bytes)
    texts = pdf[text_column].tolist()
    titles = pdf[title_column].tolist() if title_column else [None] * len(texts)
    rows = [row for row, _ in run.score_items(_items(pdf.index, texts, titles, text_column, max_bytes))]
    out = {name: pdf[name].to_numpy() for name in keep}
    out.update({name: [_value(row, name) for row in rows] for name in SUMMARY_COLUMNS})
    frame = pd.DataFrame(out, index=pdf.index)
    return frame.astype({name: DTYPES[name] for name in SUMMARY_COLUMNS})


def score_batches(batches: Iterable, text_column: str = "text", **options) -> Iterator:
    """``score_frame`` over an iterator of DataFrames: the function Spark's
    ``mapInPandas`` calls once per partition."""
    for pdf in batches:
        yield score_frame(pdf, text_column, **options)


def _items(index, texts, titles, text_column: str, max_bytes: int) -> Iterator[tuple]:
    from .corpora import document, too_long

    for label, text, title in zip(index, texts, titles):
        where = f"row {label}"
        if not isinstance(text, str):
            yield where, {}, f"no text in column {text_column!r} (it is {_missing(text)})", True
            continue
        if len(text.encode("utf-8", "surrogatepass")) + len((title if isinstance(title, str) else "").encode("utf-8", "surrogatepass")) > max_bytes:
            yield where, {}, too_long(where, max_bytes).detail, True
            continue
        doc = document(text, where, {}, text_column, title if isinstance(title, str) else None)
        if hasattr(doc, "detail"):
            yield where, {}, doc.detail, True
        else:
            yield where, doc.key, doc.source, True


def _missing(value) -> str:
    try:
        import pandas as pd

        if pd.isna(value):
            return "null"
    except (TypeError, ValueError):
        pass
    return type(value).__name__


def _value(row: dict, name: str):
    if name in CATEGORIES:
        return None if row["counts"] is None else row["counts"][name]
    if name == "findings":
        report = row.get("_report")
        return None if report is None else json.dumps([f.to_dict() for f in report.findings], ensure_ascii=False)
    return row[name]
