"""How long the span model's findings are: the learned findings on annotated sets, and how
many of them are a single word (a fragment of a phrase, or a loaded word on its own).

    python benchmarks/learned_fragments.py SET [SET ...] [--json]

A one-word finding is often right ("iconic", a word in capitals) and sometimes a fragment
("country" out of "the most talked-about novel in the country"), so the count bounds the
fragments from above. models/spans-v9.md reports it.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from precision import analyze  # noqa: E402

from hypecheck.engine import Analyzer  # noqa: E402
from hypecheck.spans.corpus import read_set  # noqa: E402


def measure(analyzer, name: str) -> dict:
    lengths = [len(f.text.split()) for report in analyze(analyzer, [d.text for d in read_set(name)])
               for f in report.findings if f.rule.endswith(".learned")]
    return {"set": name, "learned": len(lengths), "one_word": sum(n == 1 for n in lengths),
            "mean_words": round(sum(lengths) / len(lengths), 2) if lengths else 0.0}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("sets", nargs="+", help="folders of data/ with annotated texts")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    analyzer = Analyzer(use_classifier=False)
    for name in args.sets:
        row = measure(analyzer, name)
        print(json.dumps(row) if args.json else
              f"{name}: {row['learned']} learned findings, {row['one_word']} of one word, {row['mean_words']} words on average")
    return 0


if __name__ == "__main__":
    sys.exit(main())
