"""Labelled documents for the span model: reading the project's annotated sets.

Two layouts, both JSON lines with a ``text``:

* the article sets (data/dev, data/holdout...): ``expected`` = [{category, text}] (first
  occurrence meant), ``must_not_flag`` = [str] (every occurrence), ``style`` hype|sober;
* the span corpus (data/spans, data/holdout5): ``spans`` = [{category, start, end, text}],
  ``must_not_flag`` = [{start, end, text}], ``kind`` hype|sober|everyday, ``register``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
LEARNED = ("superlative", "hype_language", "shouting", "unverifiable_claim", "vague_attribution", "clickbait_hook")


@dataclass(frozen=True)
class Labelled:
    id: str
    text: str
    spans: tuple[tuple[int, int, str], ...]  # (start, end, category) in characters
    avoid: tuple[tuple[int, int], ...]  # must_not_flag ranges
    kind: str  # hype, sober or everyday
    register: str = ""
    writer: str = ""  # who wrote it: cross-validation keeps a writer's documents in one fold


def _occurrences(text: str, phrase: str):
    at = text.find(phrase)
    while at >= 0 and phrase:
        yield at, at + len(phrase)
        at = text.find(phrase, at + 1)


def _article(record: dict) -> Labelled:
    text = record["text"]
    spans = []
    for item in record.get("expected", []):
        at = text.find(item["text"])
        if at >= 0:
            spans.append((at, at + len(item["text"]), item["category"]))
    avoid = [r for phrase in record.get("must_not_flag", []) for r in _occurrences(text, phrase)]
    return Labelled(record["id"], text, tuple(spans), tuple(avoid), record.get("style", "hype"), record.get("register", ""),
                    record.get("writer", ""))


def _annotated(record: dict) -> Labelled:
    text = record["text"]
    spans = tuple((s["start"], s["end"], s["category"]) for s in record["spans"])
    avoid = tuple((m["start"], m["end"]) for m in record.get("must_not_flag", []))
    return Labelled(record["id"], text, spans, avoid, record.get("kind", "hype"), record.get("register", ""),
                    record.get("writer", ""))


def read(path: Path) -> list[Labelled]:
    out = []
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        if line.strip():
            record = json.loads(line)
            out.append(_annotated(record) if "spans" in record else _article(record))
    return out


def read_set(name: str) -> list[Labelled]:
    """Every document of data/<name>/ (articles.jsonl or documents.jsonl; a second
    annotator's marks on a sample are for measuring agreement, not for training)."""
    folder = REPO / "data" / name
    docs = [doc for file in ("articles.jsonl", "documents.jsonl") if (folder / file).exists() for doc in read(folder / file)]
    # An article set without writer fields was written by one writer.
    return [doc if doc.writer else replace(doc, writer=name) for doc in docs]
