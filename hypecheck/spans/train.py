"""Train the span model: ``hypecheck train-spans`` (needs the ``[train]`` extra).

1. Read the labelled sets of ``TRAIN_SETS`` and run hypecheck's own pipeline on them.
2. Token labels: the category of the annotated span a token falls in, else "none".
3. Fit the stages (fitting.py, sentences.py): hashed lexical logistic regressions per
   token, logistic regressions over each sentence's bag of n-grams, then a small network
   over contextual features stacked on both's out-of-fold output; the shipped sentence
   stage and network are the averages of the five cross-validated fits.
4. Choose per-category thresholds on the network's out-of-fold output (thresholds.py).
5. Save weights, thresholds, lexicons and word vectors to one .npz (no pickle).

Everything is seeded; the same data give the same file.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from . import corpus, features, fitting, lexicons, sentences, thresholds
from .corpus import LEARNED, Labelled
from .model import KIND, SpanModel

TRAIN_SETS = ("dev", "holdout", "holdout2", "holdout3", "spans", "spans6", "spans7")
LABELS = ["none", *LEARNED]


@dataclass
class Featurised:
    doc_ids: np.ndarray  # token -> document index
    rows: np.ndarray  # hashed rows (tokens, templates)
    dense: np.ndarray  # (tokens, features)
    sentences: np.ndarray  # token -> sentence number, unique over all documents
    y: np.ndarray  # token labels
    docs: list  # spaCy Docs
    labelled: list[Labelled]


def token_labels(doc, item: Labelled) -> np.ndarray:
    """The category of the annotated span each token falls in (its LABELS index), else 0."""
    y = np.zeros(len(doc), np.int64)
    for start, end, category in item.spans:
        if category not in LEARNED:
            continue
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is not None:
            y[span.start : span.end] = LABELS.index(category)
    return y


def featurise(labelled: list[Labelled], nlp, lexicon, tensor_width: int, vectors=None) -> Featurised:
    # The shipped span model, if any, is not needed to train the next one.
    skip = [name for name in nlp.pipe_names if name == "hypecheck_spans"]
    docs = list(nlp.pipe((d.text for d in labelled), batch_size=32, disable=skip))
    ids, rows, dense, ys, sents = [], [], [], [], []
    first = 0
    for k, (doc, item) in enumerate(zip(docs, labelled)):
        y = token_labels(doc, item)
        ids.append(np.full(len(doc), k))
        rows.append(features.hashed(doc))
        dense.append(features.dense(doc, lexicon, tensor_width, vectors))
        ys.append(y)
        sents.append(features.sentence_ids(doc) + first)
        first = int(sents[-1].max()) + 1 if len(doc) else first
    return Featurised(np.concatenate(ids), np.vstack(rows), np.vstack(dense), np.concatenate(sents),
                      np.concatenate(ys), docs, labelled)


def rule_findings(labelled: list[Labelled]) -> list[list[tuple[int, int, str]]]:
    """What the hand-written rules find in each document (the model is judged on the rest)."""
    from ..engine import Analyzer
    from ..sources import from_text

    analyzer = Analyzer(use_classifier=False, learned=False)  # the rules as the model will meet them
    reports = analyzer.analyze_sources(from_text(d.text, d.id) for d in labelled)
    return [[(f.start, f.end, f.category) for f in r.findings] for r in reports]


def threshold_curves(data: Featurised, by_doc: list[np.ndarray], ruled) -> tuple[dict, int]:
    """Per category, what each threshold of the grid finds and costs (thresholds.curve),
    and the number of sober words the false alarms are counted over."""
    unless = thresholds.conditions()
    sober_words = sum(sum(not (t.is_punct or t.is_space) for t in d)
                      for d, item in zip(data.docs, data.labelled) if item.kind == "sober") or 1
    curves = {c: thresholds.curve(data.docs, data.labelled, by_doc, LABELS, c, unless, ruled)
              for c in range(1, len(LABELS))}
    return curves, sober_words


def choose_thresholds(curves: dict, sober_words: int, log=print,
                      budget: float = thresholds.SOBER_BUDGET) -> tuple[np.ndarray, dict]:
    at = thresholds.allocate(curves, sober_words, budget)
    chosen = np.full(len(LABELS), 2.0, np.float32)  # 2.0: never reached, the category is off
    report = {}
    for c, i in at.items():
        point = curves[c][i] if i >= 0 else None
        if point:
            chosen[c] = point["threshold"]
        report[LABELS[c]] = point and {**point, "sober_per_1k": round(1000 * point["false_sober"] / sober_words, 3)}
    log(f"thresholds: {report}")
    return chosen, report


def sentence_stage(data: Featurised, writers: list[str], n_labels: int) -> tuple[np.ndarray, dict]:
    """The sentence stage's out-of-fold log-odds per token (its sentence's), and its
    shipped weights (sentences.py). The folds are stage 1's and stage 2's (by writer)."""
    x = sentences.matrix(data.docs)
    sentence_doc = np.zeros(x.shape[0], np.int64)
    sentence_doc[data.sentences] = data.doc_ids
    fold = fitting.folds_of(writers)[sentence_doc]
    oof, weights = sentences.out_of_fold(x, sentences.labels_of(data.y, data.sentences, n_labels), fold, fitting.FOLDS)
    return oof[data.sentences], weights


def train(out: Path, data_dir: Path, sets=TRAIN_SETS, log=print, fraction: float = 1.0,
          labelled: list[Labelled] | None = None, budget: float = thresholds.SOBER_BUDGET) -> dict:
    """Train on the labelled sets (``fraction`` < 1: a seeded sample of their documents,
    for the learning curve) and write the model to ``out``. ``labelled``: train on these
    documents instead of reading ``sets`` (a benchmark's own split)."""
    from ..classifier import store
    from ..pipeline import load_pipeline

    started = time.time()
    nlp = load_pipeline(None).nlp
    if labelled is None:
        present = [s for s in sets if (corpus.REPO / "data" / s).exists()]
        labelled = [doc for name in present for doc in corpus.read_set(name)]
    else:
        present = []  # the caller chose the documents; meta["documents"] counts them
    if fraction < 1:
        keep = np.random.default_rng(fitting.SEED).permutation(len(labelled))[: max(int(len(labelled) * fraction), 10)]
        labelled = [labelled[i] for i in sorted(keep)]
    words, values, sources = lexicons.build(data_dir)
    vector_words, vectors, vector_source = lexicons.glove()
    sources.append(vector_source)
    width = nlp("width").tensor.shape[1]
    data = featurise(labelled, nlp, features.Lexicon(words, values), width, features.Lexicon(vector_words, vectors))
    n = len(LABELS)
    log(f"{len(labelled)} documents, {len(data.y)} tokens, {int((data.y > 0).sum())} in spans")
    writers = [item.writer for item in labelled]
    log(f"{len(set(writers))} writers")
    lexical_oof = fitting.out_of_fold_lexical(data.rows, data.dense, data.y, data.doc_ids, n, writers)
    judged, sentence_weights = sentence_stage(data, writers, n)
    log("stage 1 and the sentence stage done; stage 2 out of fold:")
    stacked = fitting.stacked_input(data.dense, lexical_oof, data.sentences, judged)
    oof, networks = fitting.out_of_fold_contextual(stacked, data.y, data.doc_ids, n, writers, log)
    ruled = rule_findings(data.labelled)
    by_doc = [oof[data.doc_ids == k] for k in range(len(data.docs))]
    curves, sober_words = threshold_curves(data, by_doc, ruled)
    chosen, report = choose_thresholds(curves, sober_words, log, budget)
    vet = thresholds.choose_vet(data.docs, data.labelled, by_doc, ruled, set(LEARNED))
    log(f"rule vet: {vet}")
    lexical = fitting.fit_lexical(data.rows, data.dense, data.y, n)
    contextual = fitting.stack_networks(networks)  # the networks the thresholds were chosen on
    arrays = {**lexical, **contextual, **sentence_weights, "thresholds": chosen, "lexicon_words": store.encode_terms(words),
              "lexicon_values": values, "vector_words": store.encode_terms(vector_words), "vectors": vectors}
    meta = {"kind": KIND, "labels": LABELS, "tensor_width": width, "hash_bits": features.HASH_BITS,
            "sentence_context": True,
            "sentence_stage": {"bits": sentences.BITS, "C": sentences.C, "labels": ["any", *LEARNED]},
            "train_sets": present, "fraction": fraction, "documents": len(labelled), "tokens": int(len(data.y)), "lexicons": sources,
            "hyperparameters": {"alpha": fitting.ALPHA, "epochs": fitting.EPOCHS, "positive_weight": fitting.POSITIVE_WEIGHT,
                                "hidden": fitting.HIDDEN, "mlp_alpha": fitting.MLP_ALPHA, "mlp_epochs": fitting.MLP_EPOCHS,
                                "folds": fitting.FOLDS, "folds_by": "writer", "stage2": "average of the fold networks",
                                "fold_mlp_epochs": [int(w["mlp_epochs"]) for w in networks], "sober_budget": budget,
                                "min_precision": thresholds.MIN_PRECISION},
            "cross_validation": report, "rule_vet": vet}
    store.save(out, {k: np.asarray(v) for k, v in arrays.items()}, meta, compress=False)  # loads ~40 ms sooner
    log(f"saved {out} in {time.time() - started:.0f} s")
    SpanModel.load(out)  # what was written reads back
    # Not saved: the curves let a benchmark try other budgets without retraining.
    return {**meta, "curves": curves, "sober_words": sober_words}
