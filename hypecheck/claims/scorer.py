"""The trained pair scorer: contradictions the hand-written comparisons miss, and a vet of
the figure conflicts they report.

compare.py decides by hand-written tests whether two claims speak of the same thing, and
declines whenever a wording it was not tuned on leaves a doubt; its tests were written from
few writers and also link figures that are two things. The scorer (trained by ``hypecheck
train-pairs`` across many writers, see train_pairs.py and models/pairs-v5.md) scores every
candidate pair of pairs.py, the hand-written figure conflicts among them:

- a hand-written conflict of two figures (money, counts, measures, ranks, ratings, scores,
  dates, places: pairs.VETTED) whose probability is under the model's low vet threshold is
  dropped; the other rules (ages, availability, quotes, contact) are never vetted;
- for each later claim those tests left alone, the earlier one it most probably
  contradicts is reported when that probability passes the model's report threshold.

The model is one .npz of plain arrays read by hypecheck.classifier.store (no pickle). A
missing or damaged file leaves the rules alone: no learned conflicts, no error.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import numpy as np

from ..classifier import store
from ..classifier.trees import Trees
from . import compare
from .model import Claim, Conflict
from .pairs import FEATURES, Candidate, Text, in_conflict, matrix, with_hand

KIND = "hypecheck-pairs"
MODEL_NAME = "pairs-v5.npz"
CONFLICT_KIND = "learned"  # the rule contradiction.learned_figures reports these
_KEY = "hypecheck_learned_conflicts"


class PairModel:
    """A logistic regression over standardised features, or gradient-boosted trees over the
    raw ones; both give log-odds, turned into probabilities."""

    def __init__(self, arrays: dict[str, np.ndarray], meta: dict) -> None:
        if list(meta["features"]) != list(FEATURES):
            raise ValueError("its features are not this hypecheck's (retrain with hypecheck train-pairs)")
        self.meta = meta
        self.threshold = float(meta["threshold"])
        # a model without one vets nothing: every hand-written conflict stays
        self.vet_threshold = float(meta.get("vet_threshold", 0.0))
        self.trees = None
        if meta["model"] == "trees":
            self.trees = Trees(arrays, int(meta["depth"]))
            if self.trees.n_features > len(FEATURES):
                raise ValueError("a tree splits on a feature the scorer does not compute")
        else:
            self.mean = arrays["mean"].astype(np.float64)
            self.scale = arrays["scale"].astype(np.float64)
            self.coef = arrays["coef"].astype(np.float64)
            self.intercept = float(arrays["intercept"][0])
            if not self.mean.shape == self.scale.shape == self.coef.shape == (len(FEATURES),):
                raise ValueError("array sizes do not match the features")

    @classmethod
    def load(cls, path: Path) -> PairModel:
        return store.load_model(cls, path, KIND, "pair model")

    def probabilities(self, X: np.ndarray) -> np.ndarray:
        if not len(X):
            return np.zeros(0)
        if self.trees is not None:
            raw = self.trees.predict(X)
        else:
            raw = ((X - self.mean) / self.scale) @ self.coef + self.intercept
        return 1.0 / (1.0 + np.exp(-raw))


@lru_cache(maxsize=1)  # asked for every document; the installed file does not move
def default_model_path() -> Path:
    return store.shipped_model(MODEL_NAME)


@lru_cache(maxsize=4)
def load_or_none(path: str) -> PairModel | None:
    """The model at ``path``, or None when it is missing or unusable (the rules run alone)."""
    try:
        return PairModel.load(Path(path))
    except store.ModelError:
        return None


def learned_conflicts(doc) -> list[Conflict]:
    """The scorer's conflicts on a Doc (cached on it), beside compare.conflicts(doc)."""
    return _assessed(doc)[1]


def vetted(doc, found: list[Conflict]) -> list[Conflict]:
    """``found`` (hand-written conflicts of the Doc) without those of the figure kinds the
    model doubts: a probability under its vet threshold."""
    dropped = _assessed(doc)[0]
    return [c for c in found if id(c) not in dropped]


def _assessed(doc) -> tuple[frozenset[int], list[Conflict]]:
    cached = doc.user_data.get(_KEY)
    if cached is not None:
        return cached
    model = load_or_none(str(default_model_path()))
    found: tuple[frozenset[int], list[Conflict]] = (frozenset(), [])
    if model is not None:
        from .extract import ledger, page_of

        found = assess(ledger(doc), page_of(doc), compare.conflicts(doc), model)
    doc.user_data[_KEY] = found
    return found


def assess(claims: list[Claim], page, hand: list[Conflict], model: PairModel,
           threshold: float | None = None) -> tuple[frozenset[int], list[Conflict]]:
    """(ids of the hand-written conflicts the model drops, the learned conflicts).

    A hand-written figure conflict is dropped when its pair's probability is under the
    model's vet threshold; for each later claim the hand-written comparisons left alone, its
    most probable contradicting earlier claim is reported when that probability reaches the
    report threshold."""
    pairs, index = with_hand(claims, page, hand)
    if not pairs:
        return frozenset(), []
    probs = model.probabilities(matrix(pairs, Text(claims, page, hand)))
    dropped = frozenset(id(c) for c, i in zip(hand, index) if i is not None and probs[i] < model.vet_threshold)
    limit = model.threshold if threshold is None else threshold
    done = in_conflict(hand)
    open_ = [i for i, p in enumerate(pairs) if id(p.b) not in done]
    best = best_per_later([pairs[i] for i in open_], probs[open_])
    return dropped, [conflict(pairs[open_[j]].a, pairs[open_[j]].b) for j in best if probs[open_[j]] >= limit]


def best_per_later(pairs: list[Candidate], probs: np.ndarray) -> list[int]:
    """Indices of each later claim's most probable pair, in text order."""
    best: dict[int, int] = {}
    for i, p in enumerate(pairs):
        j = best.get(id(p.b))
        if j is None or probs[i] > probs[j]:
            best[id(p.b)] = i
    return sorted(best.values(), key=lambda i: (pairs[i].b.start, pairs[i].b.end))


_THING = {"money": "sum", "count": "count", "percent": "percentage", "duration": "duration", "distance": "distance",
          "area": "area", "weight": "weight", "speed": "speed", "age": "person's age", "rank": "chart position",
          "rating": "review's rating", "score": "match", "date": "event", "weekday": "event", "place": "event"}


def conflict(a: Claim, b: Claim) -> Conflict:
    return Conflict(CONFLICT_KIND, b, a, compare._message(a, b, _thing(a, b)))


def _thing(a: Claim, b: Claim) -> str:
    """What the two claims are about, for the message: their longest shared word, else
    the counted noun or the kind ("the same deal", "the same number of homes")."""
    if a.kind in compare.QUANTITIES and a.kind != "count":
        shared = (compare._about(a) & compare._about(b)) - compare._GENERIC - compare._DIRECTIONS
        shared = sorted((w for w in shared if not w.startswith(("v:", "w:"))), key=lambda w: (len(w), w))
        if shared:
            return shared[-1]
    elif a.kind in ("date", "weekday", "place"):
        shared = sorted(t for t in a.topic & b.topic if not t.startswith("w:"))
        if shared:
            return shared[0]
    if a.kind == "count" and isinstance(b.unit, str) and b.unit:
        from ..inflection import engine

        return f"number of {engine().plural_noun(b.unit)}"
    return _THING.get(a.kind, "thing")
