"""A large JSON Lines corpus streams: peak memory does not grow with the number of records.

    python benchmarks/bench_corpus.py [--records 1500 15000] [--bytes 3330] [--model NAME]
                                      [--mode batch|single]

Builds one .jsonl corpus per size in a temporary folder (never in the repository), each
record about BYTES bytes of article text from ../shared/data/articles-dev (15,000 records
of 3,330 bytes make a 50 MB corpus), and scores it with the default limits, ``--jobs 1``:

- batch: ``hypecheck corpus.jsonl --format csv --output rows.csv`` (one row per record);
- single: ``hypecheck corpus.jsonl --format jsonl --rows full > reports.jsonl`` (a full report each).

Reports the corpus size, rows written, wall time and the peak resident memory of the
hypecheck process (``os.wait4``'s rusage, for that process alone).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DATA = REPO.parent / "shared" / "data" / "articles-dev"


def bodies(data: Path) -> list[str]:
    out = []
    for path in sorted(data.glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            record = json.loads(line)
            text = (record.get("body") or record.get("text") or "").strip()
            if text:
                out.append(text)
    if not out:  # no shared data: plain council prose, repeated
        out = ["The council met on Tuesday and approved the budget for the new library. " * 40]
    return out


def build(path: Path, records: int, size: int, data: Path) -> int:
    pool = bodies(data)
    with path.open("w", encoding="utf-8") as fh:
        for i in range(records):
            text = pool[i % len(pool)]
            while len(text.encode("utf-8")) < size:
                text += "\n\n" + pool[(i + len(text)) % len(pool)]
            text = text.encode("utf-8")[:size].decode("utf-8", "ignore")
            fh.write(json.dumps({"id": i, "text": text}, ensure_ascii=False) + "\n")
    return path.stat().st_size


def run(cmd: list[str], stdout) -> tuple[int, float, int]:
    """(exit code, seconds, peak RSS in KiB) of one process."""
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=stdout, stderr=subprocess.PIPE, env=env)
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - started
    proc.returncode = os.waitstatus_to_exitcode(status)
    err = proc.stderr.read().decode()
    if proc.returncode:
        print(err, file=sys.stderr)
    return proc.returncode, elapsed, usage.ru_maxrss


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--records", type=int, nargs="+", default=[1500, 15000])
    parser.add_argument("--bytes", type=int, default=3330)
    parser.add_argument("--model", default=None)
    parser.add_argument("--mode", choices=("batch", "single"), default="batch")
    parser.add_argument("--data", type=Path, default=DATA)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="hypecheck-corpus-") as tmp:
        for n in args.records:
            corpus = Path(tmp) / f"corpus-{n}.jsonl"
            size = build(corpus, n, args.bytes, args.data)
            cmd = [sys.executable, "-m", "hypecheck", str(corpus), "--jobs", "1"]
            if args.model:
                cmd += ["--model", args.model]
            out = Path(tmp) / f"out-{n}"
            if args.mode == "batch":
                cmd += ["--format", "csv", "--output", str(out)]
                code, seconds, rss = run(cmd, subprocess.DEVNULL)
                rows = sum(1 for _ in out.open(encoding="utf-8")) - 1
            else:
                cmd += ["--format", "jsonl", "--rows", "full"]
                with out.open("wb") as fh:
                    code, seconds, rss = run(cmd, fh)
                rows = sum(1 for _ in out.open(encoding="utf-8"))
            print(f"{args.mode}: {n:,} records, {size:,} bytes: exit {code}, {rows:,} rows, "
                  f"{seconds:,.1f} s, peak RSS {rss / 1024:,.0f} MiB", flush=True)
            out.unlink(missing_ok=True)
            corpus.unlink()


if __name__ == "__main__":
    main()
