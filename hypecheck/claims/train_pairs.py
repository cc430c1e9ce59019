"""Train the pair scorer: ``hypecheck train-pairs`` or ``python -m hypecheck.claims.train_pairs``
(needs the ``[train]`` extra: scikit-learn).

1. Read the three development sets of contradictions (one writer each: wx, wz, wq) and the
   texts of the span corpus (data/spans) whose annotators marked no contradiction: the
   project's own writing, like every set the shipped models learn from (third-party
   articles, such as ../shared/data/articles-dev, carry no licence that allows training a
   shipped model on them; they only measure it). Run hypecheck's pipeline on them and list each text's candidate
   pairs (pairs.py). A pair linking the two passages of a labelled contradiction is
   positive, and so is one linking a labelled passage to a figure that restates the other
   passage's value (the headline's "$90m" for the body's "$90 million"); every other pair
   is negative. Every other span-corpus text is a training negative (many registers, many
   figures); the rest are calibration texts, never trained on.
2. Leave one writer out: fit on two writers (and the negative texts), choose the
   threshold on those two alone (their own leave-one-writer-out predictions) and the
   calibration texts, score the third. Report recall before (the other contradiction
   rules) and after (with the scorer), and the consistent texts flagged.
3. Fit on all three writers; the threshold is the lowest (never under 0.5) at which, on the
   three writers' out-of-fold predictions, at most 1 in 40 consistent texts and 1 in 40
   contradiction texts get a finding that is not their contradiction, and at most 1 in 100
   calibration texts get one.
4. Save the model (plain arrays, hypecheck.classifier.store) and print the figures.

Everything is seeded; the same data and code give the same file. Never reads a held-out set.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import sklearn  # noqa: F401 - the [train] extra: fail at once, not after reading the data

from .labels import links, overlaps, passages
from .pairs import FEATURES, Candidate
from .scorer import KIND, MODEL_NAME, PairModel, best_per_later, in_conflict

REPO = Path(__file__).resolve().parents[2]
WRITERS = {"wx": "contradictions-dev", "wz": "contradictions-dev2", "wq": "contradictions-dev3"}
CALIBRATION = REPO / "data" / "spans" / "documents.jsonl"
MAX_FLAGGED = 1 / 40  # texts without that contradiction given a learned finding
MAX_PER_ARTICLE = 1 / 100  # learned findings per calibration article
SEED = 0
RULE = "contradiction.learned_figures"
RESTATED = 1  # the label of a pair linking one passage to a restatement of the other's value


@dataclass
class Document:
    id: str
    writer: str  # a key of WRITERS; "cal" for a calibration article, "neg" for a negative one
    contradiction: bool
    items: list  # [(first passage, second passage)] as (start, end) pairs
    hand_paired: list[bool]  # per item: a finding of the other contradiction rules links both passages
    hand_flagged: bool  # the other contradiction rules found something
    text: str = ""
    pairs: list[Candidate] = field(default_factory=list)  # every candidate (the training rows)
    open: np.ndarray | None = None  # the pairs the scorer may propose: their later claim is in no hand-written conflict
    X: np.ndarray | None = None
    y: np.ndarray | None = None  # 1, 0, or -1 (left out of training)


def _label(pair: Candidate, items, claims, text: str) -> int:
    from .pairs import _restates

    for p, q in items:
        if links(pair.a, pair.b, p, q, text):
            return 1
    for p, q in items:
        for mine, other in ((p, q), (q, p)):
            for x, y in ((pair.a, pair.b), (pair.b, pair.a)):
                if overlaps(x, mine) and any(overlaps(c, other) and c.kind == y.kind and _restates(y, c) for c in claims):
                    return RESTATED
    return 0


def analyzer():
    """The contradiction rules as the benchmark runs them, the scorer's own rule left out."""
    from ..engine import Analyzer

    return Analyzer(use_classifier=False, enable=["contradiction"], disable=[RULE], learned=False)


def featurise(records: list[tuple[str, str, dict]], an, log=print) -> list[Document]:
    """records: (id, writer, record with text, kind, contradictions)."""
    from ..sources import from_text
    from .compare import conflicts
    from .extract import ledger, page_of
    from .pairs import Text, candidates, matrix

    out = []
    texts = [r["text"] for _, _, r in records]
    for (doc_id, writer, rec), doc in zip(records, an.pipeline.nlp.pipe(texts, batch_size=32)):
        text = rec["text"]
        found = [f for f in an.findings(doc, from_text(text, doc_id)) if f.category == "contradiction"]
        claims, page, hand = ledger(doc), page_of(doc), conflicts(doc)
        items = [passages(text, it) for it in rec.get("contradictions") or []]
        done = in_conflict(hand)
        pairs = candidates(claims, page)
        d = Document(doc_id, writer, rec.get("kind") == "contradiction", items,
                     [any(f.related and links(f, f.related, p, q, text) for f in found) for p, q in items],
                     bool(found), text, pairs)
        d.open = np.array([id(pr.b) not in done for pr in pairs], bool)
        d.X = matrix(pairs, Text(claims, page))
        d.y = np.array([_label(pr, items, claims, text) for pr in pairs], np.int64)
        out.append(d)
    log(f"{len(out)} texts, {sum(len(d.pairs) for d in out)} candidate pairs, "
        f"{sum(int((d.y == 1).sum()) for d in out)} positive")
    return out


def _dev_records() -> list[tuple[str, str, dict]]:
    out = []
    for writer, folder in WRITERS.items():
        path = REPO / "data" / folder / "documents.jsonl"
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                rec = json.loads(line)
                out.append((rec["id"], writer, rec))
    return out


def _calibration_records() -> list[tuple[str, str, dict]]:
    """The span corpus's texts without a marked contradiction (MIT, written for hypecheck)."""
    from ..spans.corpus import read

    if not CALIBRATION.exists():
        return []
    return [(doc.id, "cal", {"text": doc.text, "kind": "consistent"})
            for doc in read(CALIBRATION) if not any(category == "contradiction" for *_, category in doc.spans)]


# --- fitting --------------------------------------------------------------------------------


def fit(docs: list[Document], model: str) -> tuple[dict[str, np.ndarray], dict]:
    """Arrays and metadata of a PairModel fitted on the documents' labelled pairs."""
    X = np.vstack([d.X for d in docs])
    y = np.concatenate([d.y for d in docs])
    keep = y >= 0
    X, y = X[keep].astype(np.float64), y[keep]
    if model == "trees":
        from sklearn.ensemble import HistGradientBoostingClassifier

        from ..classifier import trees

        hgb = HistGradientBoostingClassifier(max_iter=150, learning_rate=0.05, max_depth=3, min_samples_leaf=10,
                                             l2_regularization=1.0, early_stopping=False, random_state=SEED)
        hgb.fit(X, y)
        arrays, depth = trees.export(hgb)
        return arrays, {"model": "trees", "depth": depth}
    from sklearn.linear_model import LogisticRegression

    mean, scale = X.mean(axis=0), X.std(axis=0)
    scale[scale == 0] = 1.0
    lr = LogisticRegression(C=0.3, max_iter=2000, random_state=SEED)
    lr.fit((X - mean) / scale, y)
    arrays = {"mean": mean, "scale": scale, "coef": lr.coef_[0].astype(np.float64),
              "intercept": np.array([float(lr.intercept_[0])])}
    return arrays, {"model": "logistic"}


def _model(arrays, meta, threshold: float = 0.5) -> PairModel:
    return PairModel(arrays, dict(meta, features=list(FEATURES), threshold=threshold))


def chosen(docs: list[Document], probs: list[np.ndarray]) -> list[list[tuple[int, float]]]:
    """Per document, (pair index, probability) of each later claim's best pair."""
    out = []
    for d, p in zip(docs, probs):
        idx = np.flatnonzero(d.open)
        out.append([(int(idx[j]), float(p[idx[j]])) for j in best_per_later([d.pairs[i] for i in idx], p[idx])])
    return out


def tally(docs: list[Document], picks, threshold: float) -> dict:
    """Recall (hand-written, and with the scorer), texts flagged, findings per article."""
    out = {"contradictions": 0, "hand": 0, "with_scorer": 0, "consistent": 0, "consistent_flagged": 0,
           "consistent_flagged_hand": 0, "contradiction_texts": 0, "stray_flagged": 0, "articles": 0,
           "article_findings": 0, "learned": 0, "reachable": 0}
    for d, pick in zip(docs, picks):
        kept = [d.pairs[i] for i, p in pick if p >= threshold]
        out["learned"] += len(kept)
        if d.writer == "cal":
            out["articles"] += 1
            out["article_findings"] += len(kept)
            continue
        if not d.contradiction:
            out["consistent"] += 1
            out["consistent_flagged"] += bool(kept)
            out["consistent_flagged_hand"] += d.hand_flagged
            continue
        out["contradiction_texts"] += 1
        for (p, q), hand in zip(d.items, d.hand_paired):
            out["contradictions"] += 1
            out["hand"] += hand
            out["with_scorer"] += hand or any(links(c.a, c.b, p, q, d.text) for c in kept)
            out["reachable"] += hand or any(links(c.a, c.b, p, q, d.text) for c, o in zip(d.pairs, d.open) if o)
        stray = [c for c in kept if not any(overlaps(c.a, s) or overlaps(c.b, s) for item in d.items for s in item)]
        out["stray_flagged"] += bool(stray)
    return out


def choose_threshold(docs: list[Document], picks) -> float:
    """The lowest threshold within the false-alarm budgets (MAX_FLAGGED, MAX_PER_ARTICLE)."""
    levels = sorted({round(p, 6) for pick in picks for _, p in pick} | {1.0})
    for t in levels:
        t = max(t, 0.5)
        f = tally(docs, picks, t)
        if (f["consistent_flagged"] <= MAX_FLAGGED * f["consistent"]
                and f["stray_flagged"] <= MAX_FLAGGED * f["contradiction_texts"]
                and f["article_findings"] <= MAX_PER_ARTICLE * f["articles"]):
            return t
    return 1.0


def out_of_fold(docs: list[Document], model: str, writers: list[str], calibration: list[Document],
                negatives: list[Document]):
    """Each writer's texts scored by a model fitted on the other writers and the negative
    articles; calibration articles scored by the mean of those models."""
    probs: dict[int, np.ndarray] = {}
    cal = [np.zeros(len(d.pairs)) for d in calibration]
    for w in writers:
        arrays, meta = fit([d for d in docs if d.writer != w] + negatives, model)
        m = _model(arrays, meta)
        for k, d in enumerate(docs):
            if d.writer == w:
                probs[k] = m.probabilities(d.X)
        for k, d in enumerate(calibration):
            cal[k] = cal[k] + m.probabilities(d.X) / len(writers)
    return [probs[k] for k in range(len(docs))], cal


def leave_one_writer_out(docs, calibration, negatives, model: str, log=print) -> dict:
    figures = {}
    for w in WRITERS:
        train = [d for d in docs if d.writer != w]
        test = [d for d in docs if d.writer == w]
        inner, inner_cal = out_of_fold(train, model, [x for x in WRITERS if x != w], calibration, negatives)
        threshold = choose_threshold(train + calibration, chosen(train, inner) + chosen(calibration, inner_cal))
        arrays, meta = fit(train + negatives, model)
        m = _model(arrays, meta, threshold)
        picks = chosen(test, [m.probabilities(d.X) for d in test])
        figures[w] = dict(tally(test, picks, threshold), threshold=round(threshold, 4))
        log(f"{w} ({WRITERS[w]}), threshold {threshold:.3f} chosen on the other writers: {json.dumps(figures[w])}")
    return figures


def train(out: Path, model: str = "trees", log=print) -> dict:
    from ..classifier import store

    an = analyzer()
    docs = featurise(_dev_records(), an, log)
    articles = featurise(_calibration_records(), an, log)
    if not articles:
        log(f"note: {CALIBRATION} not found; the false-alarm budget is set on the dev sets only")
    # every other text is a training negative, the rest measure the false-alarm budget
    negatives, calibration = articles[0::2], articles[1::2]
    for d in negatives:
        d.writer = "neg"
    figures = leave_one_writer_out(docs, calibration, negatives, model, log)
    oof, _ = out_of_fold(docs, model, list(WRITERS), calibration, negatives)
    arrays, meta = fit(docs + negatives, model)
    final = _model(arrays, meta)
    picks = chosen(docs, oof) + chosen(calibration, [final.probabilities(d.X) for d in calibration])
    threshold = choose_threshold(docs + calibration, picks)
    figures["all"] = dict(tally(docs + calibration, picks, threshold), threshold=round(threshold, 4))
    log(f"final threshold {threshold:.3f} (dev sets out of fold, calibration articles): {json.dumps(figures['all'])}")
    meta = dict(meta, kind=KIND, features=list(FEATURES), threshold=threshold, seed=SEED,
                trained_on=[*WRITERS.values(), f"{len(negatives)} span-corpus texts as negatives"], figures=figures)
    store.save(out, arrays, meta)
    PairModel.load(out)  # what was written reads back
    log(f"wrote {out}")
    return figures


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Train the pair scorer of the claims ledger.")
    ap.add_argument("--out", type=Path, default=REPO / "models" / MODEL_NAME)
    ap.add_argument("--model", choices=("trees", "logistic"), default="trees",
                    help="gradient-boosted trees (the shipped model) or a logistic regression")
    args = ap.parse_args(argv)
    train(args.out, args.model, log=lambda line: print(line, file=sys.stderr))
    return 0


if __name__ == "__main__":
    sys.exit(main())
