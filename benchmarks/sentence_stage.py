"""How well the span model's parts tell hyped sentences from plain ones, on writers no
model has seen (first measured on data/spans6, which v9 trains on; give a set outside
hypecheck.spans.train.TRAIN_SETS).

    python benchmarks/sentence_stage.py --set NAME [--model FILE] [--json]

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
    # No default: spans6, the set these figures were first measured on, is training data since v9.
    ap.add_argument("--set", required=True, help="a folder of data/ with annotated spans, not a training set")
    ap.add_argument("--model", type=Path, help="a span model file (default: the shipped one)")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    if args.set in TRAIN_SETS:
        ap.error(f"--set {args.set} is training data: its figures would be in-sample")
    nlp = load_pipeline(None).nlp
    off = [name for name in nlp.pipe_names if name.startswith("hypecheck")]

    def read(items):
        docs = list(nlp.pipe((d.text for d in items), batch_size=32, disable=off))
        targets = [sentences.labels_of(token_labels(doc, item), features.sentence_ids(doc), len(LABELS))
                   for doc, item in zip(docs, items) if len(doc)]
        return docs, np.vstack(targets)

    train_docs, train_targets = read([d for s in TRAIN_SETS for d in corpus.read_set(s)])
    weights, bias = sentences.fit(sentences.matrix(train_docs), train_targets)
    docs, targets = read(corpus.read_set(args.set))
    model = SpanModel.load(args.model or default_model_path())
    stage, token_max = [], []
    for doc in (doc for doc in docs if len(doc)):
        ids = features.sentence_ids(doc)
        starts = np.flatnonzero(np.r_[True, ids[1:] != ids[:-1]])
        stage.append(sentences.scores(weights, bias, doc, ids)[starts, 0])
        token_max.append(np.maximum.reduceat(model.probabilities(doc)[:, 1:].max(axis=1), starts))
    gold = targets[:, 0]
    scores = {"sentence stage": np.concatenate(stage), "span model, highest token": np.concatenate(token_max)}
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
