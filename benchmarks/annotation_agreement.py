"""Agreement between two annotators on the span corpus's double-annotated sample.

    python benchmarks/annotation_agreement.py [data/spans/documents.jsonl] [data/spans/second-annotator.jsonl]

Span F1 of one annotator against the other (a span matches when the other marked an
overlapping span, with the same category for the category-aware figure), per category,
and Cohen's kappa on the per-sentence decision "holds a device or not" (sentences split
on line breaks and . ! ? so that no model is involved).
"""

from __future__ import annotations

import json
import re
import sys
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def read(path: Path) -> dict[str, dict]:
    return {r["id"]: r for r in map(json.loads, path.read_text(encoding="utf-8").splitlines())}


def matched(a: list[dict], b: list[dict], same_category: bool) -> int:
    return sum(any(x["start"] < y["end"] and y["start"] < x["end"] and (not same_category or x["category"] == y["category"])
                   for y in b) for x in a)


def sentences(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in re.finditer(r"[^\n.!?]+[.!?]*", text) if m.group().strip()]


def kappa(pairs: list[tuple[bool, bool]]) -> float:
    n = len(pairs)
    agree = sum(a == b for a, b in pairs) / n
    pa, pb = sum(a for a, _ in pairs) / n, sum(b for _, b in pairs) / n
    chance = pa * pb + (1 - pa) * (1 - pb)
    return (agree - chance) / (1 - chance)


def main() -> None:
    first = read(Path(sys.argv[1]) if len(sys.argv) > 1 else REPO / "data/spans/documents.jsonl")
    second = read(Path(sys.argv[2]) if len(sys.argv) > 2 else REPO / "data/spans/second-annotator.jsonl")
    ids = sorted(set(first) & set(second))
    totals = Counter()
    per_cat = Counter()
    pairs = []
    for i in ids:
        a, b = first[i]["spans"], second[i]["spans"]
        for same, key in ((True, "aware"), (False, "agnostic")):
            totals[f"{key}_a"] += matched(a, b, same)
            totals[f"{key}_b"] += matched(b, a, same)
        totals["n_a"] += len(a)
        totals["n_b"] += len(b)
        for cat in {s["category"] for s in a + b}:
            ca, cb = [s for s in a if s["category"] == cat], [s for s in b if s["category"] == cat]
            per_cat[cat, "match_a"] += matched(ca, cb, True)
            per_cat[cat, "match_b"] += matched(cb, ca, True)
            per_cat[cat, "n_a"] += len(ca)
            per_cat[cat, "n_b"] += len(cb)
        for s, e in sentences(first[i]["text"]):
            pairs.append((any(x["start"] < e and s < x["end"] for x in a), any(x["start"] < e and s < x["end"] for x in b)))

    def f1(ma, na, mb, nb):
        p, r = mb / max(nb, 1), ma / max(na, 1)  # b against a as reference
        return 2 * p * r / max(p + r, 1e-9)

    print(f"{len(ids)} documents annotated twice; spans: first {totals['n_a']}, second {totals['n_b']}")
    for key in ("aware", "agnostic"):
        print(f"span F1, category-{key}: {f1(totals[f'{key}_a'], totals['n_a'], totals[f'{key}_b'], totals['n_b']):.2f}")
    for cat in sorted({c for c, _ in per_cat}):
        print(f"  {cat:<20} F1 {f1(per_cat[cat, 'match_a'], per_cat[cat, 'n_a'], per_cat[cat, 'match_b'], per_cat[cat, 'n_b']):.2f}"
              f"  (first {per_cat[cat, 'n_a']}, second {per_cat[cat, 'n_b']})")
    print(f"sentence-level Cohen's kappa (holds a device or not): {kappa(pairs):.2f} over {len(pairs)} sentences")


if __name__ == "__main__":
    main()
