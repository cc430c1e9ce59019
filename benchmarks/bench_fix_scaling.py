"""`hypecheck fix` on long texts: time to plan and apply the edits grows linearly.

    PYTHONPATH=$PWD python benchmarks/bench_fix_scaling.py

A paragraph with a call to act, an unnamed attribution with a crown and a hearsay claim,
repeated 250, 1,000 and 4,000 times; prints characters, findings and seconds of
``fix_text`` (the analysis is not timed).
"""

import time
from hypecheck.engine import Analyzer
from hypecheck.fix import fix_text
a = Analyzer(use_classifier=False)
unit = "Share this with everyone you know. The council met on Monday and critics are calling it the best plan ever. Insiders say the budget is huge.\n\n"
for n in (250, 1000, 4000):
    t = unit * n
    r = a.analyze(t)
    s = time.perf_counter(); fix_text(t, list(r.findings), a.pipeline.nlp); dt = time.perf_counter() - s
    print(n, len(t), len(r.findings), round(dt, 2))
