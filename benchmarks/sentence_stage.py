"""How well the span model's parts tell hyped sentences from plain ones, on writers no
model has seen (data/spans6, a development set).

    python benchmarks/sentence_stage.py [--set spans6] [--model FILE] [--json]

Fits the sentence stage (hypecheck/spans/sentences.py) on the training sets (no folds:
one fit on all of them) and scores every sentence of --set three ways: the sentence
stage's "any hype" log-odds, a span model's highest token probability in the sentence
(any category; the shipped one, or --model, e.g. spans-v6.npz from the git history), and
the rank average of the two. A sentence is hyped when an
annotated span overlaps it. Area under the ROC curve and average precision; no threshold.
Needs the [train] extra.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from hypecheck.pipeline import load_pipeline  # noqa: E402
from hypecheck.spans import corpus, features, sentences  # noqa: E402
from hypecheck.spans.component import default_model_path  # noqa: E402
from hypecheck.spans.model import SpanModel  # noqa: E402
from hypecheck.spans.train import LABELS, TRAIN_SETS, token_labels  # noqa: E402


def main() -> int:
    from scipy.stats import rankdata
    from sklearn.metrics import average_precision_score, roc_auc_score

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--set", default="spans6")
    ap.add_argument("--model", type=Path, help="a span model file (default: the shipped one)")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    nlp = load_pipeline(None).nlp
    off = [name for name in nlp.pipe_names if name.startswith("hypecheck")]

    def read(items):
        docs = list(nlp.pipe((d.text for d in items), batch_size=32, disable=off))
        ys, ids, first, base = [], [], [], 0
        for doc, item in zip(docs, items):
            ys.append(token_labels(doc, item))
            ids.append(features.sentence_ids(doc) + base)
            first.append(base)
            base = int(ids[-1].max()) + 1 if len(doc) else base
        y, ids = np.concatenate(ys), np.concatenate(ids)
        return docs, first, sentences.labels_of(y, ids, len(LABELS))

    train_docs, train_first, train_targets = read([d for s in TRAIN_SETS for d in corpus.read_set(s)])
    weights, bias = sentences.fit(sentences.matrix(train_docs, train_first, len(train_targets)), train_targets)
    docs, _, targets = read(corpus.read_set(args.set))
    model = SpanModel.load(args.model or default_model_path())
    stage, token_max = [], []
    for doc in docs:
        ids = features.sentence_ids(doc)
        per_token = sentences.scores(weights, bias, doc, ids)[:, 0]
        probs = model.probabilities(doc)[:, 1:].max(axis=1)
        for k in range(int(ids.max()) + 1 if len(doc) else 0):
            stage.append(per_token[ids == k][0])
            token_max.append(probs[ids == k].max())
    gold = targets[:, 0]
    scores = {"sentence stage": np.array(stage), "span model, highest token": np.array(token_max)}
    scores["rank average"] = rankdata(scores["sentence stage"]) + rankdata(scores["span model, highest token"])
    result = {"set": args.set, "sentences": int(len(gold)), "hyped": int(gold.sum()),
              **{name: {"auc": round(float(roc_auc_score(gold, s)), 3),
                        "average_precision": round(float(average_precision_score(gold, s)), 3)}
                 for name, s in scores.items()}}
    if args.json:
        print(json.dumps(result))
    else:
        print(f"{args.set}: {result['sentences']} sentences, {result['hyped']} hyped")
        for name in scores:
            print(f"  {name:28s} AUC {result[name]['auc']:.3f}  AP {result[name]['average_precision']:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
