"""Dask benchmark: --jobs 1, --jobs 2 and --dask local on one corpus; Parquet streaming.

    python benchmarks/bench_dask.py [--files 1000] [--only throughput|workers|parquet]
                                    [--parquet-records 5000 50000]

Builds FILES articles of 300-1,500 words (benchmarks/bench_batch.py's corpus, from
../shared/data/articles-dev) in a temporary folder, never in the repository, then:

1. throughput, end to end (start-up, reading, analysis, writing): ``hypecheck DIR
   --format jsonl --output F`` with ``--jobs 1``, ``--jobs 2`` and ``--dask local --jobs 2``;
   words per second, the ratios, and whether the rows are identical;
2. workers: the same corpus through ``hypecheck.cluster.DaskRunner`` in this process,
   on a quarter of the corpus and on all of it: the cluster's start-up (workers started,
   pipeline loaded), the scheduler's overhead (wall time minus the workers' busy time
   over the number of workers, from Dask's task stream) and each worker's peak resident
   memory (getrusage in the worker);
4. reading (printed before 3): the corpus as one .jsonl, .csv and .parquet file, each read
   through ``hypecheck.corpora.records`` (best of 3): records and megabytes per second;
3. parquet: corpora of N records of about 100 words in row groups of 1,000; the peak
   resident memory of reading every record (``hypecheck.corpora.records``) and of
   ``hypecheck FILE --format csv --model blank --jobs 1`` for each N.
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

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_batch import DATA, HYPECHECK, MODEL, PY, build, peak_rss  # noqa: E402

REPO = Path(__file__).resolve().parents[1]


def throughput(corpus: Path, tmp: Path) -> None:
    runs = {"--jobs 1": ["--jobs", "1"], "--jobs 2": ["--jobs", "2"], "--dask local (2 workers)": ["--dask", "local", "--jobs", "2"]}
    results = {}
    for label, extra in runs.items():
        out = tmp / f"rows-{len(results)}.jsonl"
        elapsed, peak = peak_rss([*HYPECHECK, str(corpus), "--format", "jsonl", "--output", str(out), *extra])
        rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
        words = sum(r["word_count"] or 0 for r in rows)
        results[label] = (elapsed, words, rows)
        print(f"   {label}: {elapsed:.1f} s, {words / elapsed:,.0f} words/s, {len(rows):,} rows, "
              f"client peak RSS {peak / 1024:.0f} MB", flush=True)
    base = results["--jobs 1"]
    for label in list(runs)[1:]:
        elapsed, words, rows = results[label]
        print(f"   {label} / --jobs 1 = {(words / elapsed) / (base[1] / base[0]):.2f}; "
              f"rows identical to --jobs 1: {rows == base[2]}")


def workers(corpus: Path, quarter: Path) -> None:
    from distributed import get_task_stream

    from hypecheck import batch, config, selection
    from hypecheck.cluster import DaskRunner

    settings = config.resolve(no_config=True)
    options = batch.Options(settings.analyzer_args)
    for _label, folder in (("quarter", quarter), ("full", corpus)):
        entries = selection.select([str(folder)]).entries
        started = time.perf_counter()
        runner = DaskRunner(entries, options, 2, "local")
        ready = time.perf_counter()
        try:
            with get_task_stream(runner.client) as stream:
                rows = [row for row, _ in runner]
            wall = time.perf_counter() - ready
            busy = sum(t["stop"] - t["start"] for task in stream.data for t in task["startstops"]
                       if t["action"] == "compute")
            peaks = runner.client.run(_peak_rss_mb)
        finally:
            runner.close()
        words = sum(r["word_count"] or 0 for r in rows)
        overhead = wall - busy / runner.jobs
        print(f"   {len(entries):,} files: cluster start-up {ready - started:.1f} s; scoring {wall:.1f} s "
              f"({words / wall:,.0f} words/s, {words / busy:,.0f} words/s per busy worker); {len(stream.data)} tasks; "
              f"scheduler overhead {overhead:.1f} s ({overhead / wall:.1%} of the scoring time); "
              f"peak RSS per worker {', '.join(f'{v:.0f}' for v in peaks.values())} MB", flush=True)


def _peak_rss_mb() -> float:
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def parquet(tmp: Path, counts: list[int], data: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq
    from bench_batch import bodies

    pool = [" ".join(body.split()[:100]) for body in bodies(data)]
    for n in counts:
        path = tmp / f"corpus-{n}.parquet"
        writer = None
        for start in range(0, n, 1000):
            ids = list(range(start, min(n, start + 1000)))
            table = pa.table({"id": ids, "text": [f"Record {i}. " + pool[i % len(pool)] for i in ids]})
            writer = writer or pq.ParquetWriter(path, table.schema)
            writer.write_table(table)
        writer.close()
        code = ("import resource,sys;from hypecheck.corpora import records;"
                "n=sum(1 for r in records(sys.argv[1]) if not hasattr(r,'detail'));"
                "print(n, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)")
        out = subprocess.run([PY, "-c", code, str(path)], capture_output=True, text=True, check=True,
                             env={**os.environ, "PYTHONPATH": str(REPO)}).stdout.split()
        rows = tmp / "parquet-rows.csv"
        elapsed, peak = peak_rss([*HYPECHECK, str(path), "--format", "csv", "--model", "blank", "--jobs", "1",
                                  "--output", str(rows)])
        scored = sum(1 for _ in rows.open(encoding="utf-8")) - 1
        print(f"   {n:,} records ({path.stat().st_size / 1e6:.1f} MB): reading them all peaks at "
              f"{int(out[1]) / 1024:.0f} MB ({out[0]} records); scoring (--model blank --jobs 1) "
              f"{elapsed:.0f} s, {scored:,} rows, peak RSS {peak / 1024:.0f} MB", flush=True)


def reading(corpus: Path, tmp: Path) -> None:
    """How fast one process reads each corpus format (what the client of a --dask run
    does for JSON Lines and CSV; the workers do it for Parquet)."""
    import csv

    import pyarrow as pa
    import pyarrow.parquet as pq

    from hypecheck.corpora import records

    texts = [p.read_text(encoding="utf-8") for p in sorted(corpus.rglob("*.txt"))]
    recs = [{"id": i, "text": t} for i, t in enumerate(texts)]
    paths = {"jsonl": tmp / "read.jsonl", "csv": tmp / "read.csv", "parquet": tmp / "read.parquet"}
    paths["jsonl"].write_text("".join(json.dumps(r) + "\n" for r in recs), encoding="utf-8")
    with paths["csv"].open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, ["id", "text"])
        writer.writeheader()
        writer.writerows(recs)
    pq.write_table(pa.Table.from_pylist(recs), paths["parquet"], row_group_size=1000)
    for kind, path in paths.items():
        best = float("inf")
        for _ in range(3):
            started = time.perf_counter()
            n = sum(1 for _ in records(str(path), id_field="id"))
            best = min(best, time.perf_counter() - started)
        size = path.stat().st_size
        print(f"   {kind}: {n:,} records, {size / 1e6:.1f} MB in {best:.2f} s: {n / best:,.0f} records/s, "
              f"{size / 1e6 / best:.0f} MB/s", flush=True)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--files", type=int, default=1000)
    ap.add_argument("--data", type=Path, default=DATA, help="folder of articles-dev (default: ../shared/data/articles-dev)")
    ap.add_argument("--only", choices=("throughput", "workers", "reading", "parquet"))
    ap.add_argument("--parquet-records", type=int, nargs="+", default=[5000, 50000])
    args = ap.parse_args()
    os.environ.setdefault("HYPECHECK_MODEL", MODEL)
    os.environ["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")]))
    with tempfile.TemporaryDirectory(prefix="hypecheck-bench-dask-") as tmp:
        tmp = Path(tmp)
        if args.only in (None, "throughput", "workers", "reading"):
            corpus, quarter = tmp / "corpus", tmp / "quarter"
            words = build(corpus, args.files, args.data)
            build(quarter, args.files // 4, args.data)
            print(f"corpus: {args.files:,} files, {words:,} words; load average {os.getloadavg()[0]:.1f}", flush=True)
            if args.only in (None, "throughput"):
                print("1. throughput, end to end")
                throughput(corpus, tmp)
            if args.only in (None, "workers"):
                print("2. workers (--dask local, 2 workers, in this process)")
                workers(corpus, quarter)
            if args.only in (None, "reading"):
                print("4. reading the same articles as a corpus, one process")
                reading(corpus, tmp)
        if args.only in (None, "parquet"):
            print("3. parquet streaming")
            parquet(tmp, args.parquet_records, args.data)


if __name__ == "__main__":
    main()
