"""Words per second of the spaCy pipeline as hypecheck configures it, against the full
default pipeline, on the same texts (the articles in ../shared/data/articles-dev).

    python benchmarks/bench_pipeline.py [--data ../shared/data] [--repeat 2]
"""

from __future__ import annotations

import argparse
import json
import re
import time
from pathlib import Path


def load_texts(data: Path) -> list[str]:
    texts = []
    for name, field in (("horne2017.jsonl", "body"), ("perezrosas2018-amt.jsonl", "text")):
        for line in (data / "articles-dev" / name).read_text(encoding="utf-8").splitlines():
            texts.append(json.loads(line)[field])
    return texts


def words_per_second(nlp, texts, repeat: int) -> float:
    words = sum(len(re.findall(r"\w+", t)) for t in texts)
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        for _doc in nlp.pipe(texts, batch_size=16):
            pass
        best = min(best, time.perf_counter() - start)
    return words / best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", type=Path, default=Path(__file__).resolve().parents[1].parent / "shared" / "data")
    parser.add_argument("--repeat", type=int, default=2)
    args = parser.parse_args()

    import spacy

    from hypecheck.pipeline import PREFERRED_MODELS, load_pipeline

    texts = load_texts(args.data)
    ours = load_pipeline()
    name = ours.name if ours.name in PREFERRED_MODELS else PREFERRED_MODELS[-1]
    full = spacy.load(name)
    words = sum(len(re.findall(r"\w+", t)) for t in texts)
    print(f"{len(texts)} articles, {words:,} words, model {name}")
    full_wps = words_per_second(full, texts, args.repeat)
    ours_wps = words_per_second(ours.nlp, texts, args.repeat)
    print(f"full default pipeline {full.pipe_names}: {full_wps:,.0f} words/s")
    print(f"hypecheck pipeline    {ours.nlp.pipe_names}: {ours_wps:,.0f} words/s ({ours_wps / full_wps:.2f}x)")


if __name__ == "__main__":
    main()
