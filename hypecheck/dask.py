"""Scoring a Dask DataFrame: ``hypecheck.dask.score(ddf, text_column="text")``.

Each partition goes through ``hypecheck.frames.score_frame`` (pandas in, pandas out)
with ``map_partitions`` and a declared ``meta``, so nothing is computed until asked, and
each worker process builds the pipeline once. The result has the same partitions and
index as the input: join it back, or ``keep`` an id column.

    import dask.dataframe as dd
    import hypecheck.dask

    articles = dd.read_parquet("news/*.parquet")
    scores = hypecheck.dask.score(articles, text_column="body", title_column="headline", keep=["url"])
    scores.to_parquet("scores/")

Needs the [dask] extra. For Spark, see docs/scale.md (``frames.score_batches``).
"""

from __future__ import annotations

from collections.abc import Sequence

from .frames import SUMMARY_COLUMNS, meta, score_frame
from .reading import DEFAULT_MAX_BYTES

__all__ = ["score", "SUMMARY_COLUMNS"]


def score(
    ddf,
    text_column: str = "text",
    title_column: str | None = None,
    keep: Sequence[str] = (),
    model: str | None = None,
    enable: Sequence[str] | None = None,
    disable: Sequence[str] = (),
    max_bytes: int = DEFAULT_MAX_BYTES,
):
    """A lazy Dask DataFrame of ``keep`` columns plus the summary columns, one row per
    input row (see ``hypecheck.frames``)."""
    missing = [c for c in (text_column, title_column, *keep) if c and c not in ddf.columns]
    if missing:
        raise KeyError(f"no column {missing[0]!r} (the frame has {', '.join(map(str, ddf.columns))})")
    declared = meta({name: ddf[name].dtype for name in keep})
    return ddf.map_partitions(
        score_frame, text_column, title_column, tuple(keep), model,
        None if enable is None else tuple(enable), tuple(disable), max_bytes,
        meta=declared, enforce_metadata=False,
    )
