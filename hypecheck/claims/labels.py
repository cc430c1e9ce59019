"""How a labelled contradiction is matched: the two passages a writer marked, and whether a
pair of spans links them. Shared by the pair scorer's training labels (train_pairs.py) and
benchmarks/contradictions.py, so that what the scorer learns is what the benchmark counts."""

from __future__ import annotations

Range = tuple[int, int]


def _nth(text: str, phrase: str, n: int) -> int:
    """Start of the n-th (1-based) occurrence of phrase, or -1."""
    at = -1
    for _ in range(max(n, 1)):
        at = text.find(phrase, at + 1)
        if at < 0:
            return -1
    return at


def passages(text: str, item: dict) -> tuple[Range, Range]:
    """The character ranges of a contradiction's "first" and ("second_nth"-th) "second" passage."""
    first = text.find(item["first"])
    second = _nth(text, item["second"], int(item.get("second_nth") or 1))
    if first < 0 or second < 0:
        raise ValueError(f"passage not found: {item}")
    return (first, first + len(item["first"])), (second, second + len(item["second"]))


def overlaps(x, span: Range) -> bool:
    """x (anything with .start and .end) overlaps the range."""
    return x.start < span[1] and span[0] < x.end


def links(a, b, p: Range, q: Range, text: str) -> bool:
    """a and b (claims, or a finding and its related span) link passages p and q: one on one
    passage, the other on the other passage or saying the same words there (a headline may
    repeat the body's figure)."""
    for x, y in ((a, b), (b, a)):
        for mine, other in ((p, q), (q, p)):
            if overlaps(x, mine) and (overlaps(y, other) or y.text.strip() in text[other[0] : other[1]]):
                return True
    return False
