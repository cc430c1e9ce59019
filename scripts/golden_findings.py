"""Golden findings: every finding hypecheck makes on the project's own articles and fixtures.

    python scripts/golden_findings.py          # compare, print the differences, exit 1 on any
    python scripts/golden_findings.py --write  # refresh tests/golden/findings.jsonl

The file is the reviewable record of what the rules find: a change in behaviour shows up as a
diff of this file in review. tests/test_golden.py runs the same comparison. The final held-out
sets (data/holdout4 to holdout9) are left out on purpose: their findings must not be read
while the detectors are being changed.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
GOLDEN = REPO / "tests" / "golden" / "findings.jsonl"
HELD_OUT = {"holdout4", "holdout5", "holdout6", "holdout7", "holdout8", "holdout9"}
FIXTURES = REPO / "tests" / "fixtures" / "inputs"


def documents() -> list[tuple[str, object]]:
    """(key, Source) for every article in data/*/ except the held-out sets, then the fixtures."""
    from hypecheck.sources import from_text, read_path

    docs = []
    for path in sorted(REPO.glob("data/*/articles.jsonl")):
        if path.parent.name in HELD_OUT:
            continue
        for line in path.read_text(encoding="utf-8").splitlines():
            record = json.loads(line)
            key = f"{path.parent.name}/{record['id']}"
            docs.append((key, from_text(record["text"], key)))
    for path in sorted(FIXTURES.iterdir()):
        docs.append((f"fixtures/{path.name}", read_path(path)))
    return docs


def current() -> list[dict]:
    from hypecheck.engine import Analyzer

    docs = documents()
    analyzer = Analyzer(use_classifier=False)
    rows = []
    for (key, _source), report in zip(docs, analyzer.analyze_sources(s for _, s in docs)):
        for f in report.findings:
            rows.append({"doc": key, "rule": f.rule, "line": f.line, "column": f.column,
                         "start": f.start, "end": f.end, "text": f.text})
    return rows


def lines(rows: list[dict]) -> list[str]:
    return [json.dumps(r, ensure_ascii=False) for r in rows]


def differences(expected: list[str], actual: list[str]) -> list[str]:
    import difflib

    return list(difflib.unified_diff(expected, actual, "golden", "now", n=0, lineterm=""))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--write", action="store_true", help="refresh the golden file")
    args = ap.parse_args()
    actual = lines(current())
    if args.write:
        GOLDEN.write_text("\n".join(actual) + "\n", encoding="utf-8")
        print(f"{len(actual)} findings -> {GOLDEN.relative_to(REPO)}")
        return 0
    diff = differences(GOLDEN.read_text(encoding="utf-8").splitlines(), actual)
    print("\n".join(diff) if diff else f"{len(actual)} findings, as in the golden file")
    return 1 if diff else 0


if __name__ == "__main__":
    sys.exit(main())
