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


_TEXT = "hypecheck_text"


def text_of(doc) -> str:
    """The Doc's text, built once: spaCy joins every token for each ``doc.text``, and the
    detectors and context conditions ask for it dozens of times per document."""
    text = doc.user_data.get(_TEXT)
    if text is None:
        text = doc.user_data[_TEXT] = doc.text
    return text


@dataclass
class DocContext:
    """What detectors know about a document beyond its Doc."""

    doc: object
    headline_start: int | None = None
    headline_end: int | None = None
    # English words known to the pipeline's lemmatizer (empty on a blank pipeline): tells
    # a capitalised word ("FURIOUS") from an initialism ("LAPD").
    dictionary: frozenset = frozenset()
