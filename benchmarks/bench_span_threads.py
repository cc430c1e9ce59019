"""The span model's time with one BLAS thread against as many as OpenBLAS starts, on a quiet
machine and beside busy processes (why hypecheck/spans/component.py limits it to one).

    python benchmarks/bench_span_threads.py [--docs 300] [--busy 2] [--rounds 2]

Runs the English pipeline once over the first --docs texts of data/spans, then times the
model alone (features, both stages, decoding) on those documents, alternating one BLAS
thread and the default, first on a quiet machine and then with --busy processes spinning.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def _spin() -> None:
    while True:
        pass


def _time_model(model, docs, threads: int | None) -> float:
    from threadpoolctl import threadpool_limits

    started = time.perf_counter()
    with threadpool_limits(limits=threads, user_api="blas"):
        for doc in docs:
            model.propose(doc)
    return time.perf_counter() - started


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=300)
    ap.add_argument("--busy", type=int, default=2, help="processes spinning in the second half")
    ap.add_argument("--rounds", type=int, default=2)
    args = ap.parse_args()

    from threadpoolctl import threadpool_info

    from hypecheck.pipeline import load_pipeline
    from hypecheck.spans.component import default_model_path
    from hypecheck.spans.model import SpanModel

    lines = (REPO / "data" / "spans" / "documents.jsonl").read_text(encoding="utf-8").splitlines()
    texts = [json.loads(line)["text"] for line in lines[: args.docs]]
    docs = list(load_pipeline(None, spans=False).nlp.pipe(texts))
    model = SpanModel.load(default_model_path())
    default = max(i["num_threads"] for i in threadpool_info() if i["user_api"] == "blas")
    print(f"{len(docs)} documents, {sum(len(d) for d in docs):,} tokens; BLAS threads by default: {default}")
    for busy in (0, args.busy):
        spinners = [multiprocessing.Process(target=_spin, daemon=True) for _ in range(busy)]
        for p in spinners:
            p.start()
        try:
            for _ in range(args.rounds):
                one, many = _time_model(model, docs, 1), _time_model(model, docs, None)
                print(f"  {busy} busy processes: one thread {one:.2f} s, default ({default}) {many:.2f} s")
        finally:
            for p in spinners:
                p.terminate()


if __name__ == "__main__":
    main()
