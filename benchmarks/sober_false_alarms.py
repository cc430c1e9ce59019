"""Rule precision on the span corpus: false alarms on sober and everyday texts, recall on hype.

    python benchmarks/sober_false_alarms.py [--data data/spans/documents.jsonl]
                                            [--examples N] [--json] [--learned]

The span corpus (data/spans/documents.jsonl) is the development set for the hand-written
rules' precision. This prints, with the rules alone (no classifier; --learned adds the
trained span model, which has been trained on the span corpus: use it on new texts only):

  * on its "sober" and "everyday" texts, the findings that overlap no annotated span, per
    1,000 words and by rule, with up to --examples passages each (some are real devices
    the annotators missed: judge them before changing a rule);
  * on its "hype" texts, recall per category: the share of annotated spans that a finding
    of the same category overlaps.
Run it before and after a rule change; the held-out sets are measured elsewhere, once.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter, defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SPANS = REPO / "data" / "spans" / "documents.jsonl"


def overlaps(start: int, end: int, spans) -> bool:
    return any(start < s["end"] and s["start"] < end for s in spans)


def measure(rows: list[dict], examples: int, learned: bool = False) -> dict:
    from hypecheck.engine import Analyzer
    from hypecheck.sources import from_text

    reports = Analyzer(use_classifier=False, learned=learned).analyze_sources(from_text(r["text"], r["id"]) for r in rows)
    sober_words, false_by_rule, passages = 0, Counter(), defaultdict(list)
    expected, found = Counter(), Counter()
    for row, report in zip(rows, reports):
        if row["kind"] == "hype":
            for span in row["spans"]:
                expected[span["category"]] += 1
                same = [f for f in report.findings if f.category == span["category"]]
                found[span["category"]] += any(overlaps(f.start, f.end, [span]) for f in same)
            continue
        sober_words += len(row["text"].split())
        for f in report.findings:
            if overlaps(f.start, f.end, row["spans"]):
                continue
            false_by_rule[f.rule] += 1
            if len(passages[f.rule]) < examples:
                text = row["text"]
                passages[f.rule].append(
                    f"{row['id']}: " + text[max(0, f.start - 50) : f.end + 40].replace("\n", " ")
                )
    total = sum(false_by_rule.values())
    return {
        "sober_words": sober_words,
        "sober_false_findings": total,
        "sober_false_per_1k": round(1000 * total / max(sober_words, 1), 2),
        "false_by_rule": dict(false_by_rule.most_common()),
        "hype_recall": {c: round(found[c] / expected[c], 3) for c in sorted(expected)},
        "hype_recall_mean": round(sum(found[c] / expected[c] for c in expected) / max(len(expected), 1), 3),
        "passages": passages,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=SPANS)
    parser.add_argument("--examples", type=int, default=6, help="passages shown per rule")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--learned", action="store_true", help="the rules and the trained span model")
    args = parser.parse_args(argv)
    rows = [json.loads(line) for line in args.data.read_text(encoding="utf-8").splitlines() if line.strip()]
    result = measure(rows, args.examples, args.learned)
    if args.json:
        result.pop("passages")
        json.dump(result, sys.stdout, indent=2)
        print()
        return 0
    print(
        f"sober+everyday: {result['sober_words']} words, {result['sober_false_findings']} findings "
        f"overlapping no span = {result['sober_false_per_1k']}/1k"
    )
    for rule, n in result["false_by_rule"].items():
        print(f"{n:4} {rule}")
        for passage in result["passages"][rule]:
            print("       ", passage)
    print(f"hype recall (mean {result['hype_recall_mean']}):")
    for category, recall in result["hype_recall"].items():
        print(f"  {category:20} {recall:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
