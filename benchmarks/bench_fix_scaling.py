"""`hypecheck fix` on long texts: time to plan and apply the edits grows linearly.

    PYTHONPATH=$PWD python benchmarks/bench_fix_scaling.py

A paragraph with a call to act, an unnamed attribution with a crown and a hearsay claim,
repeated 250, 1,000 and 4,000 times; prints characters, findings and seconds of
``fix_text`` (the analysis is not timed).
"""

from __future__ import annotations

import time

from hypecheck.engine import Analyzer
from hypecheck.fix import fix_text

UNIT = ("Share this with everyone you know. The council met on Monday and critics are calling it "
        "the best plan ever. Insiders say the budget is huge.\n\n")


def main() -> None:
    analyzer = Analyzer(use_classifier=False)
    for n in (250, 1000, 4000):
        text = UNIT * n
        report = analyzer.analyze(text)
        started = time.perf_counter()
        fix_text(text, list(report.findings), analyzer.pipeline.nlp)
        print(f"{n} paragraphs, {len(text):,} characters, {len(report.findings):,} findings: "
              f"{time.perf_counter() - started:.2f} s")


if __name__ == "__main__":
    main()
