"""What a change does to the findings: dump every finding on the corpora, diff two dumps.

    python benchmarks/compare_findings.py dump OUT.json [--data ../shared/data]
    python benchmarks/compare_findings.py diff BEFORE.json AFTER.json

The dump covers data/dev, data/holdout, data/holdout2 and, when present, the labelled
articles of ../shared/data/articles-dev (870 articles in all). To compare two versions,
dump with each on the import path, e.g. with an old commit checked out in a worktree:

    git worktree add /tmp/old 63c368e
    PYTHONPATH=/tmp/old python benchmarks/compare_findings.py dump /tmp/before.json
    python benchmarks/compare_findings.py dump /tmp/after.json
    python benchmarks/compare_findings.py diff /tmp/before.json /tmp/after.json
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
OWN = ("dev", "holdout", "holdout2")
SHARED = ("horne2017.jsonl", "perezrosas2018-amt.jsonl")


def corpus(data: Path) -> list[tuple[str, str]]:
    texts = []
    for name in OWN:
        for line in (REPO / "data" / name / "articles.jsonl").read_text(encoding="utf-8").splitlines():
            record = json.loads(line)
            texts.append((f"{name}:{record['id']}", record["text"]))
    for name in SHARED:
        path = data / "articles-dev" / name
        if not path.exists():
            print(f"note: {path} not found, skipped", file=sys.stderr)
            continue
        for i, line in enumerate(path.read_text(encoding="utf-8").splitlines()):
            record = json.loads(line)
            text = record.get("text") or (record.get("title") or "") + "\n\n" + (record.get("body") or "")
            texts.append((f"{name}:{i}", text))
    return texts


def dump(out: Path, data: Path) -> None:
    from hypecheck.engine import Analyzer
    from hypecheck.sources import from_text

    texts = corpus(data)
    analyzer = Analyzer(use_classifier=False)
    findings = {}
    for (key, text), report in zip(texts, analyzer.analyze_sources(from_text(t, k) for k, t in texts)):
        findings[key] = [[f.rule, f.start, f.end, f.severity, text[f.start:f.end]] for f in report.findings]
    out.write_text(json.dumps({"pipeline": analyzer.pipeline.description, "findings": findings}), encoding="utf-8")
    print(f"{sum(map(len, findings.values()))} findings on {len(findings)} articles -> {out}")


def diff(before: Path, after: Path) -> None:
    a = json.loads(before.read_text(encoding="utf-8"))["findings"]
    b = json.loads(after.read_text(encoding="utf-8"))["findings"]
    lost, gained = Counter(), Counter()
    for key in sorted(set(a) | set(b)):
        old, new = set(map(tuple, a.get(key, []))), set(map(tuple, b.get(key, [])))
        for sign, items, tally in (("-", old - new, lost), ("+", new - old, gained)):
            for rule, start, end, severity, text in sorted(items):
                print(f"{sign} {key} {rule} [{start}:{end}] {severity} {text!r}")
                tally[rule] += 1
    print(f"findings: {sum(map(len, a.values()))} before, {sum(map(len, b.values()))} after; "
          f"lost {sum(lost.values())}, gained {sum(gained.values())} on {len(set(a) | set(b))} articles")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = ap.add_subparsers(dest="command", required=True)
    d = sub.add_parser("dump")
    d.add_argument("out", type=Path)
    d.add_argument("--data", type=Path, default=REPO.parent / "shared" / "data")
    c = sub.add_parser("diff")
    c.add_argument("before", type=Path)
    c.add_argument("after", type=Path)
    args = ap.parse_args()
    if args.command == "dump":
        dump(args.out, args.data)
    else:
        diff(args.before, args.after)


if __name__ == "__main__":
    main()
