"""Throughput of the shipped clickbait model on one core, and its file size.

Usage: python benchmarks/bench_classifier.py [--data ../shared/data] [--model PATH] [--repeat N]

The machine may be shared: the figure is the best of --repeat passes over all texts.
Target (GitHub issue 4): >= 20,000 texts/s on one core.
"""

import os

for _v in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_v] = "1"  # before numpy loads: one core, single process

import argparse  # noqa: E402
import json  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

from hypecheck.classifier import default_model_path, load_model  # noqa: E402

TARGET = 20_000


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", type=Path, default=Path("../shared/data"))
    ap.add_argument("--model", type=Path, default=None)
    ap.add_argument("--batch", type=int, default=4096)
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    path = args.model or default_model_path()
    t = time.perf_counter()
    model = load_model(path)
    load_s = time.perf_counter() - t
    texts = []
    for name in ("clickbait.txt", "news.txt"):
        texts += [line.strip() for line in open(args.data / "chakraborty2016" / name, encoding="utf-8") if line.strip()]
    with open(args.data / "webis17" / "train.jsonl", encoding="utf-8") as fh:
        texts += [json.loads(line)["post_text"] for line in fh]
    best = float("inf")
    for _ in range(args.repeat):
        t = time.perf_counter()
        for i in range(0, len(texts), args.batch):
            model.predict_proba(texts[i:i + args.batch])
        best = min(best, time.perf_counter() - t)
    t = time.perf_counter()
    for s in texts[:2000]:
        model.explain(s)
    explain_s = (time.perf_counter() - t) / 2000
    print(f"model: {path} ({Path(path).stat().st_size / 1e6:.2f} MB), load {load_s:.2f} s")
    print(f"predict_proba: {len(texts)} texts in {best:.2f} s (best of {args.repeat}, batches of {args.batch}) "
          f"= {len(texts) / best:,.0f} texts/s on one core")
    print(f"explain: {explain_s * 1e3:.2f} ms per text")
    rate = len(texts) / best
    print(f"target >= {TARGET:,} texts/s: {'met' if rate >= TARGET else 'NOT met'}")


if __name__ == "__main__":
    main()
