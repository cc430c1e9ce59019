"""Are the span model's missed hype-language spans made of words it never learned as hype?

    python benchmarks/missed_vocabulary.py --set spans8 [--category hype_language]

For each annotated span of the category in a development set (never a training set): found
(a finding of the same category overlaps it, as benchmarks/precision.py counts recall) or
missed, and whether its content words were marked inside a span of that category in the
training sets (train.TRAIN_SETS): at all, or mostly (at least 3 times and in at least 30% of
the word's occurrences in training text). If the misses held words the training data never
marked, more text of the same kind would teach them; if they hold known words, the model
lacks the context to tell hype from literal use. models/spans-v9.md reports it.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

STOP = frozenset("a an the of to and or in on at for with by is are was were be been it its this that these "
                 "those as from but not no so very just".split())


def words(text: str) -> list[str]:
    return [w for w in re.findall(r"[a-z][a-z'-]+", text.lower()) if w not in STOP]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--set", required=True, help="a development set under data/, e.g. spans8")
    ap.add_argument("--category", default="hype_language")
    args = ap.parse_args()

    import precision

    from hypecheck.spans.corpus import read_set
    from hypecheck.spans.train import TRAIN_SETS

    if args.set in TRAIN_SETS:
        sys.exit(f"missed_vocabulary.py: {args.set} trains the span model; give a set it has not seen")
    marked, anywhere = Counter(), Counter()
    for name in TRAIN_SETS:
        for doc in read_set(name):
            anywhere.update(words(doc.text))
            marked.update(w for s, e, c in doc.spans if c == args.category for w in words(doc.text[s:e]))
    docs = read_set(args.set)
    reports = precision.analyze(precision.analyzer_for("both", None, False), [d.text for d in docs])
    tally = {True: Counter(), False: Counter()}
    for doc, rep in zip(docs, reports):
        for s, e, c in doc.spans:
            if c != args.category:
                continue
            found = any(f.category == c and precision.overlaps(f, s, e) for f in rep.findings)
            ws = words(doc.text[s:e])
            tally[found].update(spans=1, marked=any(marked[w] for w in ws),
                                mostly=any(marked[w] >= 3 and marked[w] >= 0.3 * anywhere[w] for w in ws),
                                unseen=bool(ws) and all(not anywhere[w] for w in ws),
                                touched=any(precision.overlaps(f, s, e) for f in rep.findings))
    for found, t in ((True, tally[True]), (False, tally[False])):
        n = max(t["spans"], 1)
        print(f"{'found' if found else 'missed'}: {t['spans']} spans; a word marked {args.category} in training "
              f"{t['marked']} ({t['marked'] / n:.2f}); a word mostly marked {t['mostly']} ({t['mostly'] / n:.2f}); "
              f"every word unseen in training {t['unseen']} ({t['unseen'] / n:.2f}); any finding overlaps {t['touched']} "
              f"({t['touched'] / n:.2f})")


if __name__ == "__main__":
    main()
