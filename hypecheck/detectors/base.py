from __future__ import annotations

from dataclasses import dataclass

from ..findings import Span


@dataclass(frozen=True)
class Hit:
    """What a detector found: character offsets, and optionally its own message/severity."""

    start: int
    end: int
    message: str | None = None
    severity: str | None = None
    related: Span | None = None


@dataclass
class DocContext:
    """What detectors know about a document beyond its Doc."""

    doc: object
    headline_start: int | None = None
    headline_end: int | None = None
    # English words known to the pipeline's lemmatizer (empty on a blank pipeline): tells
    # a capitalised word ("FURIOUS") from an initialism ("LAPD").
    dictionary: frozenset = frozenset()
