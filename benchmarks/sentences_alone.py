"""Sentence-level precision and recall, each sentence analysed in its document and alone.

    python benchmarks/sentences_alone.py --set NAME [--kind hype|sober|everyday]
                                           [--no-learned] [--json]

Some of the text hypecheck meets is one sentence long (an encyclopedia sentence, a post, a
line in an editor). This splits the documents of an annotated set (data/<set>/) into
sentences (those of hypecheck's reports; sentences of fewer than three words are left out) and
counts, at sentence level, a sentence as hyped when an annotated span overlaps it and as
flagged when a finding other than a contradiction does:

  * in its document: the findings of the whole text that overlap the sentence;
  * alone: the findings when the sentence's text is analysed by itself.

A drop from the first to the second is what the document's context was worth. Summaries
only: use it on development sets freely, on held-out sets only to judge a change, once.
"""

from __future__ import annotations

import argparse
import json


def scores(flagged: list[bool], hyped: list[bool]) -> dict:
    tp = sum(f and h for f, h in zip(flagged, hyped))
    fp = sum(f and not h for f, h in zip(flagged, hyped))
    fn = sum(h and not f for f, h in zip(flagged, hyped))
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": round(precision, 3), "recall": round(recall, 3), "f1": round(f1, 3),
            "true": tp, "false": fp, "missed": fn}


def measure(name: str, learned: bool = True, kind: str | None = None) -> dict:
    from hypecheck.engine import Analyzer
    from hypecheck.scoring import WORDS
    from hypecheck.sources import from_text
    from hypecheck.spans import corpus

    items = [i for i in corpus.read_set(name) if kind is None or i.kind == kind]
    analyzer = Analyzer(use_classifier=False, learned=learned)
    whole = list(analyzer.analyze_sources(from_text(i.text, i.id) for i in items))
    sentences = []  # (document, start, end, hyped): the sentences each report gives
    for k, (report, item) in enumerate(zip(whole, items)):
        for a, b in report.sentences:
            if len(WORDS.findall(item.text[a:b])) >= 3:
                sentences.append((k, a, b, any(s < b and a < e for s, e, _ in item.spans)))
    alone = analyzer.analyze_sources(from_text(items[k].text[a:b], f"{items[k].id}@{a}") for k, a, b, _ in sentences)
    hyped = [h for *_, h in sentences]
    in_document = [any(f.category != "contradiction" and f.start < b and a < f.end for f in whole[k].findings)
                   for k, a, b, _ in sentences]
    by_itself = [any(f.category != "contradiction" for f in r.findings) for r in alone]
    return {"set": name, "kind": kind, "learned": learned, "sentences": len(sentences), "hyped": sum(hyped),
            "in_document": scores(in_document, hyped), "alone": scores(by_itself, hyped)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--set", required=True, help="a folder of data/ with annotated spans (spans6 and spans7 are training data since v9)")
    parser.add_argument("--kind", choices=["hype", "sober", "everyday"], help="only the texts of this kind")
    parser.add_argument("--no-learned", action="store_true", help="the rules alone")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    out = measure(args.set, learned=not args.no_learned, kind=args.kind)
    if args.json:
        print(json.dumps(out))
        return
    label = out["set"] + (f" ({out['kind']} texts)" if out["kind"] else "")
    print(f"{label} ({'rules + model' if out['learned'] else 'rules'}): {out['sentences']} sentences, {out['hyped']} hyped")
    for where in ("in_document", "alone"):
        s = out[where]
        print(f"  {where:<12} P {s['precision']:.3f} R {s['recall']:.3f} F1 {s['f1']:.3f}"
              f" ({s['true']} right, {s['false']} wrong, {s['missed']} missed)")


if __name__ == "__main__":
    main()
