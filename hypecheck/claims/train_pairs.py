"""Train the pair scorer: ``hypecheck train-pairs`` or ``python -m hypecheck.claims.train_pairs``
(needs the ``[train]`` extra: scikit-learn).

1. Read the development sets of contradictions, twelve writers (WRITERS: one folder a
   writer, or one folder of several writers told apart by the prefix of the ids), and the
   texts of the span corpus (data/spans) whose annotators marked no contradiction: the
   project's own writing, like every set the shipped models learn from (third-party
   articles, such as ../shared/data/articles-dev, carry no licence that allows training a
   shipped model on them; they only measure it). Run hypecheck's pipeline on them and list
   each text's candidate pairs (pairs.py), the pairs of the hand-written figure conflicts
   among them (feature ``hand_linked``). A pair linking the two passages of a labelled
   contradiction is positive, and so is one linking a labelled passage to a figure that
   restates the other passage's value (the headline's "$90m" for the body's "$90 million");
   every other pair is negative. Every other span-corpus text is a training negative (many
   registers, many figures); the rest are calibration texts, never trained on.
2. Two thresholds, both chosen on out-of-fold predictions (each writer scored by a model
   fitted on the other writers and the negatives; calibration texts by the mean of those
   models):
   - vet: a hand-written figure conflict is dropped when its pair's probability is under
     it. The highest threshold (never above the report threshold) at which at most 1 in 50
     (MAX_VETTED) of the hand-written figure conflicts that link a labelled contradiction
     are dropped;
   - report: a pair the hand-written rules left alone is reported when its probability
     reaches it. The lowest (never under 0.5) at which at most 1 in 40 consistent texts and
     1 in 40 contradiction texts get a learned finding that is not their contradiction, and
     at most 1 in 100 calibration texts get one.
3. Leave one writer out: fit on the other writers (and the negative texts), choose both
   thresholds by the rules above on those writers alone (their own leave-one-writer-out
   predictions) and the calibration texts, score the held-out writer. Report the
   contradictions touched and paired and the consistent texts flagged by every
   contradiction rule, before (the hand-written rules alone) and after (vetted, with the
   scorer's findings).
4. Fit on all writers, choose the thresholds on the out-of-fold predictions, save the model
   (plain arrays, hypecheck.classifier.store) and print the figures.

Everything is seeded; the same data and code give the same file. Never reads a held-out set.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import sklearn  # noqa: F401 - the [train] extra: fail at once, not after reading the data

from .labels import links, overlaps, passages
from .pairs import FEATURES, Candidate, in_conflict
from .scorer import KIND, MODEL_NAME, PairModel, best_per_later

REPO = Path(__file__).resolve().parents[2]
# writer -> folder; a folder of several writers holds each one's texts under ids that start with its name
WRITERS = {"wx": "contradictions-dev", "wz": "contradictions-dev2", "wq": "contradictions-dev3",
           "xh": "contradictions-dev4", "xr": "contradictions-dev5", "xs": "contradictions-dev5",
           **{w: "contradictions-train" for w in ("xt", "xu", "xv", "xw", "xx", "xy")}}
CALIBRATION = REPO / "data" / "spans" / "documents.jsonl"
MAX_FLAGGED = 1 / 40  # texts without that contradiction given a learned finding
MAX_PER_ARTICLE = 1 / 100  # learned findings per calibration article
MAX_VETTED = 1 / 50  # hand-written figure conflicts linking a labelled contradiction that the vet drops
SEED = 0
TREES = 150
RULE = "contradiction.learned_figures"
RESTATED = 1  # the label of a pair linking one passage to a restatement of the other's value


@dataclass
class Document:
    id: str
    writer: str  # a key of WRITERS; "cal" for a calibration article, "neg" for a negative one
    contradiction: bool
    items: list  # [(first passage, second passage)] as (start, end) pairs
    found: list = field(default_factory=list)  # [(finding, row)]: the other contradiction rules' findings,
    # row: the pair of a vettable hand-written figure conflict (None: a finding the vet never drops)
    text: str = ""
    pairs: list[Candidate] = field(default_factory=list)  # every candidate (the training rows)
    open: np.ndarray | None = None  # the pairs the scorer may propose: their later claim is in no hand-written conflict
    X: np.ndarray | None = None
    y: np.ndarray | None = None  # 1, 0, or -1 (left out of training)

    @property
    def hand_rows(self) -> list[int]:
        return sorted({row for _, row in self.found if row is not None})


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
    """The contradiction rules as the benchmark runs them, the scorer's own rule left out
    (and with it the vet: the hand-written rules alone)."""
    from ..engine import Analyzer

    return Analyzer(use_classifier=False, enable=["contradiction"], disable=[RULE], learned=False)


def _row_of(f, hand, index) -> int | None:
    """The pair row of the hand-written conflict a finding reports, when the vet may drop it."""
    if f.related is None:
        return None
    for c, i in zip(hand, index):
        if i is not None and (c.claim.start, c.claim.end, c.other.start, c.other.end) == (
                f.start, f.end, f.related.start, f.related.end):
            return i
    return None


def featurise(records: list[tuple[str, str, dict]], an, log=print) -> list[Document]:
    """records: (id, writer, record with text, kind, contradictions)."""
    from ..sources import from_text
    from .compare import conflicts
    from .extract import ledger, page_of
    from .pairs import Text, matrix, with_hand

    vetted_rules = {r.id for r in an.rules if r.params.get("vetted_by") == RULE}
    out, unmatched = [], 0
    texts = [r["text"] for _, _, r in records]
    for (doc_id, writer, rec), doc in zip(records, an.pipeline.nlp.pipe(texts, batch_size=32)):
        text = rec["text"]
        found = [f for f in an.findings(doc, from_text(text, doc_id)) if f.category == "contradiction"]
        claims, page, hand = ledger(doc), page_of(doc), conflicts(doc)
        items = [passages(text, it) for it in rec.get("contradictions") or []]
        pairs, index = with_hand(claims, page, hand)
        rows = [_row_of(f, hand, index) if f.rule in vetted_rules else None for f in found]
        unmatched += sum(f.rule in vetted_rules and r is None for f, r in zip(found, rows))
        d = Document(doc_id, writer, rec.get("kind") == "contradiction", items, list(zip(found, rows)), text, pairs)
        done = in_conflict(hand)
        d.open = np.array([id(pr.b) not in done for pr in pairs], bool)
        d.X = matrix(pairs, Text(claims, page, hand))
        d.y = np.array([_label(pr, items, claims, text) for pr in pairs], np.int64)
        out.append(d)
    log(f"{len(out)} texts, {sum(len(d.pairs) for d in out)} candidate pairs, "
        f"{sum(int((d.y == 1).sum()) for d in out)} positive, {sum(len(d.hand_rows) for d in out)} hand-written "
        f"figure conflicts ({unmatched} figure findings without their conflict's pair: never vetted)")
    return out


def _dev_records() -> list[tuple[str, str, dict]]:
    out = []
    for folder in dict.fromkeys(WRITERS.values()):
        path = REPO / "data" / folder / "documents.jsonl"
        mine = [w for w, f in WRITERS.items() if f == folder]
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                rec = json.loads(line)
                writer = rec["id"].split("-")[0]
                if writer not in mine:
                    raise ValueError(f"{path}: {rec['id']} is by no writer of {folder} ({', '.join(mine)})")
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

_FITTED: dict[tuple, tuple] | None = None  # train()'s fits, keyed by the documents' ids: None outside it


def fit(docs: list[Document], model: str) -> tuple[dict[str, np.ndarray], dict]:
    """Arrays and metadata of a PairModel fitted on the documents' labelled pairs. Seeded: the
    folds need each set of writers twice (x inside fold w, w inside fold x), fitted once."""
    key = (model, tuple(id(d) for d in docs))
    if _FITTED is not None and key not in _FITTED:
        _FITTED[key] = _fit(docs, model)
    return _fit(docs, model) if _FITTED is None else _FITTED[key]


def _fit(docs: list[Document], model: str) -> tuple[dict[str, np.ndarray], dict]:
    X = np.vstack([d.X for d in docs])
    y = np.concatenate([d.y for d in docs])
    keep = y >= 0
    X, y = X[keep].astype(np.float64), y[keep]
    if model == "trees":
        from sklearn.ensemble import HistGradientBoostingClassifier

        from ..classifier import trees

        hgb = HistGradientBoostingClassifier(max_iter=TREES, learning_rate=0.05, max_depth=3, min_samples_leaf=10,
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
    """Per document, (pair index, probability) of each later claim's best open pair."""
    out = []
    for d, p in zip(docs, probs):
        idx = np.flatnonzero(d.open)
        out.append([(int(idx[j]), float(p[idx[j]])) for j in best_per_later([d.pairs[i] for i in idx], p[idx])])
    return out


def _touches(x, p, q) -> bool:
    return any(overlaps(s, r) for s in (x, x.related) if s is not None for r in (p, q))


def tally(docs: list[Document], probs, picks, threshold: float, vet: float) -> dict:
    """Before (the hand-written rules alone) and after (vetted, with the learned findings):
    contradictions touched and paired, consistent texts flagged, stray findings; and the
    learned findings' own false alarms, which the report threshold is chosen on."""
    keys = ("contradictions", "touched_before", "touched", "paired_before", "paired", "consistent",
            "flagged_before", "flagged", "contradiction_texts", "stray_before", "stray", "learned",
            "learned_flagged", "learned_stray", "articles", "article_findings", "article_hand_before",
            "article_hand", "hand_linking", "hand_linking_dropped", "hand_dropped")
    out = dict.fromkeys(keys, 0)
    for d, p, pick in zip(docs, probs, picks):
        # a learned finding as the benchmark sees it: at the later claim, related to the earlier one
        learned = [SimpleNamespace(start=c.b.start, end=c.b.end, text=c.b.text, related=c.a, a=c.a, b=c.b)
                   for c in (d.pairs[i] for i, q in pick if q >= threshold)]
        before = [f for f, _ in d.found]
        kept = [f for f, row in d.found if row is None or p[row] >= vet]
        out["learned"] += len(learned)
        for row in d.hand_rows:
            out["hand_dropped"] += bool(p[row] < vet)
            if d.y[row] == 1:
                out["hand_linking"] += 1
                out["hand_linking_dropped"] += bool(p[row] < vet)
        if d.writer == "cal":
            out["articles"] += 1
            out["article_findings"] += len(learned)
            out["article_hand_before"] += len(before)
            out["article_hand"] += len(kept)
            continue
        if not d.contradiction:
            out["consistent"] += 1
            out["learned_flagged"] += bool(learned)
            out["flagged_before"] += bool(before)
            out["flagged"] += bool(kept or learned)
            continue
        out["contradiction_texts"] += 1
        for p_, q_ in d.items:
            out["contradictions"] += 1
            out["touched_before"] += any(_touches(f, p_, q_) for f in before)
            out["touched"] += any(_touches(f, p_, q_) for f in kept + learned)
            out["paired_before"] += any(f.related and links(f, f.related, p_, q_, d.text) for f in before)
            out["paired"] += any(f.related and links(f, f.related, p_, q_, d.text) for f in kept + learned)
        passages_ = [s for item in d.items for s in item]
        stray = [f for f in kept + learned if not any(_touches(f, *item) for item in d.items)]
        out["stray_before"] += sum(not any(_touches(f, *item) for item in d.items) for f in before)
        out["stray"] += len(stray)
        out["learned_stray"] += any(not any(overlaps(c.a, s) or overlaps(c.b, s) for s in passages_) for c in learned)
    return out


def choose_threshold(docs: list[Document], probs, picks) -> float:
    """The lowest report threshold, never under 0.5, within the learned findings' false-alarm
    budgets (MAX_FLAGGED, MAX_PER_ARTICLE)."""
    levels = sorted({round(p, 6) for pick in picks for _, p in pick} | {1.0})
    for t in levels:
        t = max(t, 0.5)
        f = tally(docs, probs, picks, t, 0.0)
        if (f["learned_flagged"] <= MAX_FLAGGED * f["consistent"]
                and f["learned_stray"] <= MAX_FLAGGED * f["contradiction_texts"]
                and f["article_findings"] <= MAX_PER_ARTICLE * f["articles"]):
            return t
    return 1.0


def choose_vet(docs: list[Document], probs, ceiling: float) -> float:
    """The highest vet threshold, never above the report threshold, at which at most
    MAX_VETTED of the hand-written figure conflicts that link a labelled contradiction are
    dropped (a probability under the threshold)."""
    linking = sorted(float(p[row]) for d, p in zip(docs, probs) for row in d.hand_rows if d.y[row] == 1)
    k = int(MAX_VETTED * len(linking))
    return min(linking[k], ceiling) if k < len(linking) else ceiling


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


def thresholds(docs, calibration, probs, cal_probs) -> tuple[float, float]:
    """(report, vet) thresholds by the rules of the module's docstring."""
    every, every_probs = docs + calibration, probs + cal_probs
    report = choose_threshold(every, every_probs, chosen(every, every_probs))
    return report, choose_vet(docs, probs, report)


def _figures(docs, probs, report: float, vet: float) -> dict:
    return dict(tally(docs, probs, chosen(docs, probs), report, vet), threshold=round(report, 4), vet=round(vet, 4))


def leave_one_writer_out(docs, calibration, negatives, model: str, log=print) -> dict:
    figures = {}
    for w in WRITERS:
        train = [d for d in docs if d.writer != w]
        test = [d for d in docs if d.writer == w]
        inner, inner_cal = out_of_fold(train, model, [x for x in WRITERS if x != w], calibration, negatives)
        report, vet = thresholds(train, calibration, inner, inner_cal)
        arrays, meta = fit(train + negatives, model)
        m = _model(arrays, meta, report)
        figures[w] = _figures(test, [m.probabilities(d.X) for d in test], report, vet)
        log(f"{w} ({WRITERS[w]}), thresholds chosen on the other writers: {json.dumps(figures[w])}")
    pooled = {k: sum(f[k] for f in figures.values()) for k in figures[next(iter(WRITERS))] if k not in ("threshold", "vet")}
    figures["pooled"] = pooled
    log(f"pooled over the {len(WRITERS)} writers: {json.dumps(pooled)}")
    return figures


def train(out: Path, model: str = "trees", log=print) -> dict:
    global _FITTED
    _FITTED = {}
    try:
        return _train(out, model, log)
    finally:
        _FITTED = None


def _train(out: Path, model: str, log) -> dict:
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
    cal_probs = [final.probabilities(d.X) for d in calibration]
    report, vet = thresholds(docs, calibration, oof, cal_probs)
    figures["all"] = _figures(docs + calibration, oof + cal_probs, report, vet)
    log(f"final thresholds: report {report:.3f}, vet {vet:.3f} (dev sets out of fold, calibration articles): "
        f"{json.dumps(figures['all'])}")
    meta = dict(meta, kind=KIND, features=list(FEATURES), threshold=report, vet_threshold=vet, seed=SEED,
                trained_on=[*dict.fromkeys(WRITERS.values()), f"{len(negatives)} span-corpus texts as negatives"],
                writers=list(WRITERS), figures=figures)
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
