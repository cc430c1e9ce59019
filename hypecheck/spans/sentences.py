"""The span model's sentence stage: a linear model over each sentence's bag of hashed
n-grams, whose scores join stage 2's input (fitting.stacked_input).

Why: judged as sentences, a bag-of-n-grams logistic regression trained on the same
documents separates hyped from plain sentences of writers it never saw better than the
token model's own maximum (spans6: AUC 0.928 against v6's 0.916), and the two together better
still (0.948; benchmarks/sentence_stage.py, models/spans-v8.md). The token model then points at the
words.

The bag is built from spaCy's own 64-bit string hashes (doc.to_array), so it costs a few
numpy operations per Doc: lower forms, lower bigrams and trigrams, shapes, suffixes,
lemmas and tag bigrams, each present-or-absent, the vector scaled to unit length.
"""

from __future__ import annotations

import numpy as np

from . import features

BITS = 18
_ATTRS = ["LOWER", "SHAPE", "SUFFIX", "LEMMA", "TAG"]
_GOLDEN = np.uint64(0x9E3779B97F4A7C15)
_MIX = np.uint64(0xBF58476D1CE4E5B9)
_PRIME = np.uint64(31)


def bags(doc, sentences: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """The (sentence number, bucket) pairs present in the Doc, each once."""
    if not len(doc):
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    values = doc.to_array(_ATTRS).astype(np.uint64, copy=False).reshape(len(doc), len(_ATTRS))
    sid = (features.sentence_ids(doc) if sentences is None else sentences).astype(np.int64)
    lower, shape, suffix, lemma, tag = (values[:, i] for i in range(len(_ATTRS)))
    n = len(doc)
    next1 = np.zeros(n, bool)  # the next token is in the same sentence
    next1[:-1] = sid[1:] == sid[:-1]
    next2 = np.zeros(n, bool)
    next2[:-2] = sid[2:] == sid[:-2]
    everywhere = np.ones(n, bool)
    with np.errstate(over="ignore"):
        bigram = lower * _PRIME ^ np.roll(lower, -1)
        grams = (
            (lower, everywhere), (bigram, next1), (bigram * _PRIME ^ np.roll(lower, -2), next2),
            (shape, everywhere), (suffix, everywhere), (lemma, everywhere),
            (tag * np.uint64(37) ^ np.roll(tag, -1), next1),
        )
        keys, owners = [], []
        for j, (column, keep) in enumerate(grams):
            mixed = ((column ^ (np.uint64(j + 1) * _MIX)) * _GOLDEN) >> np.uint64(64 - BITS)
            keys.append(mixed[keep].astype(np.int64))
            owners.append(sid[keep])
    pairs = np.unique(np.concatenate(owners) << BITS | np.concatenate(keys))
    return pairs >> BITS, pairs & ((1 << BITS) - 1)


def scores(weights: np.ndarray, bias: np.ndarray, doc, sentences: np.ndarray) -> np.ndarray:
    """(tokens, labels): each token gets its sentence's log-odds per label."""
    n_sentences = int(sentences.max()) + 1 if len(doc) else 0
    owner, bucket = bags(doc, sentences)
    length = np.bincount(owner, minlength=n_sentences).astype(np.float32)
    picked = weights[bucket].astype(np.float32)
    total = np.stack([np.bincount(owner, picked[:, j], n_sentences) for j in range(weights.shape[1])], axis=1)
    per_sentence = total / np.sqrt(np.maximum(length, 1))[:, None] + bias
    return per_sentence[sentences]


# Training (needs the [train] extra) -------------------------------------------------

C = 16.0  # chosen on spans6 (development) sentences: AUC 0.919 at C=4, 0.923 at 16


def labels_of(y: np.ndarray, sentences: np.ndarray, n_labels: int) -> np.ndarray:
    """(sentences, 1 + categories): any annotated token in the sentence, then per category."""
    out = np.zeros((int(sentences.max()) + 1, n_labels), bool)
    out[sentences[y > 0], 0] = True
    out[sentences[y > 0], y[y > 0]] = True
    return out


def matrix(docs):
    """(sentences, buckets): every sentence of ``docs``, numbered on across documents as
    train.featurise numbers them."""
    from scipy.sparse import csr_matrix

    rows, cols, first = [], [], 0
    for doc in docs:
        ids = features.sentence_ids(doc)
        owner, bucket = bags(doc, ids)
        rows.append(owner + first)
        cols.append(bucket)
        first += int(ids.max()) + 1 if len(doc) else 0
    rows, cols = np.concatenate(rows), np.concatenate(cols)
    length = np.bincount(rows, minlength=first).astype(np.float64)
    return csr_matrix((1 / np.sqrt(length[rows]), (rows, cols)), shape=(first, 1 << BITS))


def fit(x, targets: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    from sklearn.linear_model import LogisticRegression

    weights = np.zeros((x.shape[1], targets.shape[1]), np.float32)
    bias = np.zeros(targets.shape[1], np.float32)
    for j in range(targets.shape[1]):
        if targets[:, j].any() and not targets[:, j].all():
            model = LogisticRegression(C=C, solver="liblinear", class_weight="balanced", max_iter=3000,
                                       random_state=0)
            model.fit(x, targets[:, j])
            weights[:, j], bias[j] = model.coef_[0], model.intercept_[0]
        else:
            bias[j] = -20.0 if not targets[:, j].any() else 20.0
    return weights, bias


def out_of_fold(x, targets: np.ndarray, fold: np.ndarray, folds: int) -> tuple[np.ndarray, dict]:
    """Out-of-fold log-odds per sentence, and the shipped weights: the average of the fold
    models (a linear model's average is one linear model), as stage 2's networks are."""
    out = np.zeros(targets.shape, np.float32)
    weights, biases = [], []
    for f in range(folds):
        test = fold == f
        w, b = fit(x[~test], targets[~test])
        out[test] = x[test] @ w + b
        weights.append(w)
        biases.append(b)
    return out, {"sent_w": np.mean(weights, axis=0).astype(np.float16), "sent_b": np.mean(biases, axis=0).astype(np.float32)}
