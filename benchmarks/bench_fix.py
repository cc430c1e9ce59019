"""How much of the hype `hypecheck fix` removes: findings before and after, on hype articles.

    PYTHONPATH=$PWD python benchmarks/bench_fix.py                      # holdout, holdout2, holdout3
    PYTHONPATH=$PWD python benchmarks/bench_fix.py data/dev -v          # another set, per article
    PYTHONPATH=$PWD python benchmarks/bench_fix.py data/dev data/spans/documents.jsonl --left
                                                    # the span corpus too; what stays, by rule

A set is a folder holding articles.jsonl (style "hype") or a .jsonl file such as the span
corpus's documents.jsonl (kind "hype").

For every article whose style is "hype", the text is analysed, fixed (every finding's
first replacement, as `hypecheck fix` does) and analysed again. The figure is the share of
findings left: after / before, over all articles (the issue asks for at most 30%). It also
reports the share of findings with a replacement and with advice, and counts what the
rewrite must never introduce: doubled spaces, a space before punctuation, a separator
left at the end of a line, and "a" before a vowel sound.

The final held-out sets (data/holdout4 to holdout7) are refused: they stay unread.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DEFAULT = ["data/holdout", "data/holdout2", "data/holdout3"]
FINAL = {"holdout4", "holdout5", "holdout6", "holdout7"}

CHECKS = {
    "doubled space": re.compile(r"(?<=\S)  +(?=\S)"),
    "space before punctuation": re.compile(r"\w \s*[,.;:!?](?:\s|$)"),
    "separator at line end": re.compile(r"\s[—–+|:,;-]\s*$", re.MULTILINE),
    "line of punctuation only": re.compile(r"^[ \t]*[.,;:!?]+[ \t]*$", re.MULTILINE),
    "'a' before a vowel sound": re.compile(r"\b[Aa] (?=[aeiouAEIOU]\w)"),
}


def problems(before: str, after: str) -> dict[str, int]:
    """Problems in ``after`` beyond those ``before`` already had."""
    out = {}
    for name, pattern in CHECKS.items():
        extra = len(pattern.findall(after)) - len(pattern.findall(before))
        if name == "'a' before a vowel sound":
            from hypecheck.suggestions import agree_articles

            extra = sum(1 for m in pattern.finditer(after) if agree_articles(after[m.start():m.end() + 12]).startswith(("an", "An")))
            extra -= sum(1 for m in pattern.finditer(before) if agree_articles(before[m.start():m.end() + 12]).startswith(("an", "An")))
        out[name] = max(extra, 0)
    return out


def hype_records(path: Path):
    """The hype texts of a set: a folder's articles.jsonl, or a .jsonl file itself."""
    file = path if path.suffix == ".jsonl" else path / "articles.jsonl"
    for line in file.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        if record.get("style", record.get("kind")) == "hype":
            yield record


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("sets", nargs="*", default=DEFAULT, help="folders holding articles.jsonl, or .jsonl files")
    parser.add_argument("-v", "--verbose", action="store_true", help="one line per article")
    parser.add_argument("--left", action="store_true", help="the findings left after fix, counted by rule, with their texts")
    args = parser.parse_args(argv)
    if any(part in FINAL for s in args.sets for part in Path(s).resolve().parts):
        print("bench_fix: data/holdout4 to holdout7 are final held-out sets; not read", file=sys.stderr)
        return 2

    from hypecheck.engine import Analyzer
    from hypecheck.fix import fix_text

    analyzer = Analyzer(use_classifier=False)
    before_total = after_total = with_replacement = with_advice = 0
    issues: dict[str, int] = dict.fromkeys(CHECKS, 0)
    articles = 0
    left: dict[str, list[str]] = {}
    for folder in args.sets:
        for record in hype_records(REPO / folder):
            articles += 1
            key = f"{Path(folder).name}/{record['id']}"
            report = analyzer.analyze(record["text"], key)
            fixed = fix_text(record["text"], list(report.findings), analyzer.pipeline.nlp).text
            after = analyzer.analyze(fixed, key)
            before_total += len(report.findings)
            after_total += len(after.findings)
            with_replacement += sum(1 for f in report.findings if f.suggestion.replacements)
            with_advice += sum(1 for f in report.findings if f.suggestion.advice)
            for f in after.findings:
                left.setdefault(f.rule, []).append(" ".join(f.text.split()))
            found = problems(record["text"], fixed)
            for name, count in found.items():
                issues[name] += count
            if args.verbose:
                left = ", ".join(sorted(f.rule for f in after.findings))
                print(f"{key}: {len(report.findings)} -> {len(after.findings)}  [{left}]"
                      + "".join(f"  {n}: {c}" for n, c in found.items() if c))
    share = after_total / before_total if before_total else 0.0
    print(f"sets: {', '.join(args.sets)}; hype articles: {articles}")
    print(f"findings before: {before_total}; with a replacement: {with_replacement} "
          f"({with_replacement / max(before_total, 1):.0%}); with advice: {with_advice}")
    print(f"findings after fix: {after_total} ({share:.1%} of before)")
    print("introduced: " + ", ".join(f"{n} {c}" for n, c in issues.items()))
    if args.left:
        for rule, texts in sorted(left.items(), key=lambda kv: -len(kv[1])):
            print(f"{len(texts):4d}  {rule}: " + " | ".join(texts[:12]) + (" | ..." if len(texts) > 12 else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
