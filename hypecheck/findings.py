"""The data model every detector, scorer and renderer shares.

A Finding is one device of hype located in the text; a Report is the result for one
document. Both are frozen so that a renderer can never change what the analysis found.
The JSON produced by ``Report.to_dict`` is versioned by ``SCHEMA_VERSION``; bump it when
a field changes meaning or disappears (adding a field is compatible).
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from typing import Any

SCHEMA_VERSION = "1.1"  # 1.1: every finding has a suggestion


@dataclass(frozen=True)
class Category:
    """One kind of hype: its name, what it covers, and its colours in the reports."""

    name: str
    description: str
    terminal_style: str  # a rich style: "bold black on bright_yellow"
    html_background: str
    html_text: str


def _load_categories() -> tuple[Category, ...]:
    # Plain JSON read with the standard library: this module is imported by everything,
    # so reading the records must cost next to nothing at start-up.
    with open(os.path.join(os.path.dirname(__file__), "rules", "categories.json"), encoding="utf-8") as fh:
        records = json.load(fh)["categories"]
    return tuple(
        Category(r["name"], r["description"], r["terminal"], r["html"]["background"], r["html"]["text"])
        for r in records
    )


# The categories, in the order reports list them, from rules/categories.json. Every
# output uses these names.
CATEGORY_INFO = {c.name: c for c in _load_categories()}
CATEGORIES = tuple(CATEGORY_INFO)
CATEGORY_DESCRIPTIONS = {name: c.description for name, c in CATEGORY_INFO.items()}

SEVERITIES = ("low", "medium", "high")
SEVERITY_WEIGHT = {"low": 0.5, "medium": 1.0, "high": 2.0}


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    text: str

    def to_dict(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "text": self.text}


@dataclass(frozen=True)
class Suggestion:
    """What to write instead: replacements for the span, best first (possibly none),
    and advice for a careful writer (see hypecheck/suggestions.py)."""

    replacements: tuple[str, ...] = ()
    advice: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {"replacements": list(self.replacements), "advice": self.advice}


@dataclass(frozen=True)
class Finding:
    rule: str
    category: str
    severity: str
    start: int
    end: int
    line: int
    column: int
    text: str
    message: str
    related: Span | None = None
    suggestion: Suggestion = field(default_factory=Suggestion)

    def to_dict(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "category": self.category,
            "severity": self.severity,
            "start": self.start,
            "end": self.end,
            "line": self.line,
            "column": self.column,
            "text": self.text,
            "message": self.message,
            "related": self.related.to_dict() if self.related else None,
            "suggestion": self.suggestion.to_dict(),
        }


@dataclass(frozen=True)
class Report:
    source: str
    text: str
    headline: str | None
    findings: tuple[Finding, ...]
    score: int
    verdict: str
    word_count: int
    clickbait_probability: float | None = None
    clickbait_terms: tuple[tuple[str, float], ...] = ()
    encoding: str = "utf-8"
    notes: tuple[str, ...] = ()
    pipeline: str = ""
    model: str | None = None
    # Findings silenced by <!-- hypecheck: ... --> comments: counted, not reported.
    suppressed: int = 0
    # Sentence boundaries (start, end), for renderers that show only flagged sentences.
    sentences: tuple[tuple[int, int], ...] = field(default=(), repr=False)
    extra: dict[str, Any] = field(default_factory=dict)

    def counts(self) -> dict[str, int]:
        counts = dict.fromkeys(CATEGORIES, 0)
        for f in self.findings:
            counts[f.category] += 1
        return counts

    def to_dict(self) -> dict[str, Any]:
        return {
            "schema_version": SCHEMA_VERSION,
            "source": self.source,
            "headline": self.headline,
            "score": self.score,
            "verdict": self.verdict,
            "clickbait_probability": (
                None if self.clickbait_probability is None else round(self.clickbait_probability, 4)
            ),
            "clickbait_terms": [
                {"term": term, "weight": round(weight, 4)} for term, weight in self.clickbait_terms
            ],
            "word_count": self.word_count,
            "encoding": self.encoding,
            "counts": self.counts(),
            "findings": [f.to_dict() for f in self.findings],
            "suppressed": self.suppressed,
            "notes": list(self.notes),
            "pipeline": self.pipeline,
            "model": self.model,
            **self.extra,
        }
