"""Seconds per MB of hostile inputs against ordinary prose, end to end from bytes to report.

    python benchmarks/bench_pathological.py [--mb 1.0] [--kinds prose,emoji,...] [--model blank]

Each input is generated at about --mb megabytes of UTF-8, read the way a file is (HTML
kinds through the HTML reader) and analysed with the default pipeline and classifier.
Issue 12 asks that no hostile input take more than 10x the time of ordinary prose; the
last column is that ratio. Timings vary by 10% or more between runs on the same machine.
"""

from __future__ import annotations

import argparse
import json
import random
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def _prose(size: int) -> str:
    """The dev set's articles, one after another, to ``size`` bytes."""
    texts = [json.loads(line)["text"] for line in (REPO / "data" / "dev" / "articles.jsonl").read_text(encoding="utf-8").splitlines()]
    out, n, i = [], 0, 0
    while n < size:
        t = texts[i % len(texts)] + "\n\n"
        out.append(t)
        n += len(t.encode())
        i += 1
    return "".join(out)


def _repeat(unit: str, size: int) -> str:
    return unit * max(1, size // len(unit.encode()))


def _mixed_scripts(size: int) -> str:
    rng = random.Random(12)
    alphabets = ["abcdefghij", "абвгдежзий", "αβγδεζηθικ", "漢字仮名交じり文", "العربيةحروف", "😀🎉🔥💯", "$!?.,;:'\"-"]
    words, n = [], 0
    while n < size:
        alphabet = rng.choice(alphabets)
        w = "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 12)))
        words.append(w)
        n += len(w.encode()) + 1
    return " ".join(words)


def _html_attributes(size: int) -> str:
    count = max(1, (size - 200) // 11)  # ' a123456="" ' is about 11 bytes
    attrs = " ".join(f'a{i}=""' for i in range(count))
    return f"<!doctype html><html><head><title>Page</title></head><body><p {attrs}>The council met on Tuesday.</p></body></html>"


def _html_nesting(size: int) -> str:
    depth = max(1, size // 12)  # '<div>' + '</div>' is 11 bytes, a space between levels
    body = "The council met on Tuesday. It was the best meeting ever!!!"
    return "<!doctype html><html><body>" + "<div> " * depth + body + "</div>" * depth + "</body></html>"


def _html_prose(size: int) -> str:
    import html

    paragraphs = "".join(f"<p>{html.escape(p)}</p>\n" for p in _prose(size - 200).split("\n\n") if p.strip())
    return f"<!doctype html><html><head><title>Articles</title></head><body><article>{paragraphs}</article></body></html>"


# name -> (description, format, generator of about `size` bytes)
KINDS = {
    "prose": ("ordinary prose (dev articles)", "text", _prose),
    "emoji": ("one run of emoji", "text", lambda size: _repeat("😀", size)),
    "dollar": ("one run of '$'", "text", lambda size: _repeat("$", size)),
    "word": ("one long word without spaces", "text", lambda size: _repeat("abcdefghij", size)),
    "bangs": ("repeated punctuation '!!!'", "text", lambda size: _repeat("!", size)),
    "bang-words": ("'Wow!!! ' over and over", "text", lambda size: _repeat("Wow!!! ", size)),
    "short-lines": ("many short lines", "text", lambda size: _repeat("Hi\n", size)),
    "one-line": ("prose as one giant line", "text", lambda size: _prose(size).replace("\n", " ")),
    "mixed": ("mixed scripts, emoji and symbols", "text", _mixed_scripts),
    "html-prose": ("HTML page of ordinary prose", "html", _html_prose),
    "html-attrs": ("HTML, one element with ~100k attributes", "html", _html_attributes),
    "html-nesting": ("HTML nested ~100k levels deep", "html", _html_nesting),
}


def measure(analyzer, kind: str, size: int) -> tuple[int, float, str]:
    from hypecheck.errors import InputError
    from hypecheck.sources import from_bytes

    _, format, make = KINDS[kind]
    data = make(size).encode("utf-8")
    start = time.perf_counter()
    try:
        source = from_bytes(data, kind, max_bytes=len(data) + 1, format=format)
        report = next(analyzer.analyze_sources([source]))
        outcome = f"score {report.score}, {len(report.findings)} findings"
    except InputError as exc:
        outcome = f"refused: {exc}"
    return len(data), time.perf_counter() - start, outcome


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=1.0, help="size of each input in MB (default 1)")
    parser.add_argument("--kinds", default=",".join(KINDS), help="comma-separated kinds (default: all)")
    parser.add_argument("--model", default=None, help="spaCy pipeline (default: hypecheck's choice)")
    args = parser.parse_args()
    kinds = [k for k in args.kinds.split(",") if k]
    unknown = [k for k in kinds if k not in KINDS]
    if unknown:
        parser.error(f"unknown kinds {unknown}; known: {', '.join(KINDS)}")
    if "prose" not in kinds:
        kinds.insert(0, "prose")

    from hypecheck.engine import Analyzer

    analyzer = Analyzer(model=args.model)
    analyzer.analyze("Warm-up: the pipeline and the classifier load before timing.")
    size = int(args.mb * 1_000_000)
    rows = [(kind, *measure(analyzer, kind, size)) for kind in kinds]
    prose = next(seconds / n for kind, n, seconds, _ in rows if kind == "prose") * 1_000_000
    print(f"pipeline {analyzer.pipeline.description}, inputs of about {args.mb:g} MB\n")
    print("| input | bytes | seconds | s/MB | x prose | outcome |")
    print("| --- | ---: | ---: | ---: | ---: | --- |")
    for kind, n, seconds, outcome in rows:
        per_mb = seconds / n * 1_000_000
        print(f"| {KINDS[kind][0]} | {n:,} | {seconds:.1f} | {per_mb:.1f} | {per_mb / prose:.2f} | {outcome[:70]} |")


if __name__ == "__main__":
    main()
