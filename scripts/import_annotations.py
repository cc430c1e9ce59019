"""Join writers' texts and annotators' marks into the project's span-corpus files.

    python scripts/import_annotations.py TEXTS.jsonl [TEXTS.jsonl ...] --marks MARKS.jsonl [...] --out data/spans/documents.jsonl

Texts carry {id, register, kind, title, text}; marks carry {id, spans: [{category, text, nth}],
must_not_flag: [{text, nth}], notes}, as docs/annotation.md describes. The output resolves
every mark to character offsets ({category, start, end, text}) and records who annotated it.
A mark that cannot be found is an error: nothing is guessed.

--drop-repeated-title removes a headline line that a writer's file repeats as the body's
first line (a formatting slip of the second batch of writers), with the marks inside it;
every other offset moves back by the removed length.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

CATEGORIES = {"superlative", "hype_language", "shouting", "unverifiable_claim", "vague_attribution",
              "clickbait_hook", "contradiction"}


def locate(text: str, phrase: str, nth: int) -> tuple[int, int]:
    at = -1
    for _ in range(max(nth, 1)):
        at = text.find(phrase, at + 1)
        if at < 0:
            raise ValueError(f"{phrase!r} (occurrence {nth}) is not in the text")
    return at, at + len(phrase)


def drop_repeated_title(row: dict) -> dict:
    text = row["text"]
    first, sep, rest = text.partition("\n\n")
    if not sep or not first.strip() or not rest.startswith(first + "\n\n"):
        return row
    cut_start, cut_end = len(first) + 2, 2 * (len(first) + 2)

    def moved(items):
        out = []
        for item in items:
            if item["start"] >= cut_end:
                out.append(dict(item, start=item["start"] - (cut_end - cut_start), end=item["end"] - (cut_end - cut_start)))
            elif item["end"] <= cut_start:
                out.append(item)
        return out

    return dict(row, text=text[:cut_start] + text[cut_end:], spans=moved(row["spans"]),
                must_not_flag=moved(row["must_not_flag"]))


def read(paths) -> dict[str, dict]:
    out = {}
    for path in paths:
        for line in Path(path).read_text(encoding="utf-8").splitlines():
            if line.strip():
                record = json.loads(line)
                out[record["id"]] = dict(record, _file=Path(path).stem)
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("texts", nargs="+", type=Path)
    ap.add_argument("--marks", nargs="+", type=Path, required=True)
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--drop-repeated-title", action="store_true")
    args = ap.parse_args()
    texts, marks = read(args.texts), read(args.marks)
    rows = []
    for doc_id, doc in texts.items():
        if doc_id not in marks:
            print(f"{doc_id}: no annotation", file=sys.stderr)
            return 1
        mark = marks[doc_id]
        spans, avoid = [], []
        for s in mark["spans"]:
            if s["category"] not in CATEGORIES:
                raise SystemExit(f"{doc_id}: unknown category {s['category']!r}")
            start, end = locate(doc["text"], s["text"], s.get("nth", 1))
            spans.append({"category": s["category"], "start": start, "end": end, "text": s["text"]})
        for m in mark.get("must_not_flag", []):
            start, end = locate(doc["text"], m["text"], m.get("nth", 1))
            avoid.append({"start": start, "end": end, "text": m["text"]})
        rows.append({"id": doc_id, "register": doc["register"], "kind": doc["kind"], "writer": doc["_file"],
                     "annotator": mark["_file"], "title": doc.get("title", ""), "text": doc["text"],
                     "spans": sorted(spans, key=lambda s: (s["start"], s["end"])),
                     "must_not_flag": sorted(avoid, key=lambda s: (s["start"], s["end"]))})
    if args.drop_repeated_title:
        rows = [drop_repeated_title(r) for r in rows]
        for r in rows:
            for item in r["spans"] + r["must_not_flag"]:
                assert r["text"][item["start"]:item["end"]] == item["text"], (r["id"], item)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    print(f"{len(rows)} documents, {sum(len(r['spans']) for r in rows)} spans -> {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
