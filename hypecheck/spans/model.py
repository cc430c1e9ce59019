"""The trained span model: token scores from hashed and dense features, decoded to spans.

Two stages score every token (see fitting.py): lexical logistic regressions, then a
small network over contextual features and their output; a run of tokens
whose probability for one category passes that category's threshold is a proposed span.
Weights, thresholds and lexicons live in one .npz of plain arrays (no pickle), read and
checked by hypecheck.classifier.store.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ..classifier import store
from . import features, fitting
from . import sentences as sentence_stage

KIND = "hypecheck-spans"
EXTEND = 0.4  # a neighbour joins a span at this share of the category's threshold


@dataclass(frozen=True)
class Proposal:
    start: int  # token indices
    end: int
    label: str
    score: float
    cue: str  # the token the model is surest of


class SpanModel:
    def __init__(self, arrays: dict[str, np.ndarray], meta: dict) -> None:
        self.meta = meta
        self.labels: list[str] = meta["labels"]  # labels[0] is "none"
        self.weights = {k: v for k, v in arrays.items() if k != "hash_w" and v.dtype.kind == "f"}
        self.weights["hash_w"] = arrays["hash_w"]
        for key in ("hash_w", "dense_w", "bias", "dense_mean", "dense_scale", "mlp_w1", "mlp_b1", "mlp_w2", "mlp_b2"):
            self.weights[key]  # noqa: B018 - a missing array is reported by load()
        self.thresholds = arrays["thresholds"].astype(np.float32)
        self.tensor_width = int(meta["tensor_width"])
        self.lexicon = features.Lexicon(store.decode_terms(arrays["lexicon_words"]), arrays["lexicon_values"])
        self.vectors = (features.Lexicon(store.decode_terms(arrays["vector_words"]), arrays["vectors"])
                        if "vectors" in arrays else None)

    @classmethod
    def load(cls, path: Path) -> SpanModel:
        return store.load_model(cls, path, KIND, "span model")

    def probabilities(self, doc) -> np.ndarray:
        """(tokens, labels) probabilities."""
        if not len(doc):
            return np.zeros((0, len(self.labels)), np.float32)
        dense = features.dense(doc, self.lexicon, self.tensor_width, self.vectors)
        lexical = fitting.lexical_probs(self.weights, features.hashed(doc), dense)
        sentences = features.sentence_ids(doc) if self.meta.get("sentence_context") else None
        judged = (sentence_stage.scores(self.weights["sent_w"], self.weights["sent_b"], doc, sentences)
                  if "sent_w" in self.weights else None)
        return fitting.contextual_probs(self.weights, fitting.stacked_input(dense, lexical, sentences, judged))

    def propose(self, doc) -> list[Proposal]:
        return decode(doc, self.probabilities(doc), self.labels, self.thresholds)

    @property
    def vet_threshold(self) -> float | None:
        """Under this, the model sees no hype in a sentence (chosen by train-spans; None: no vet)."""
        vet = self.meta.get("rule_vet")
        return float(vet["threshold"]) if vet and vet.get("threshold") is not None and vet.get("categories") else None

    @property
    def vetted_categories(self) -> list[str]:
        """The categories whose hand-written matches the vet may drop."""
        return list((self.meta.get("rule_vet") or {}).get("categories", []))


def quiet_sentences(doc, probs: np.ndarray, threshold: float | None) -> list[tuple[int, int]]:
    """(start_char, end_char) of the sentences where no token reaches ``threshold`` for any
    hype category: the hand-written rules' matches there are more often false alarms than
    true (see thresholds.choose_vet)."""
    if threshold is None or not len(doc):
        return []
    hype = probs[:, 1:].max(axis=1)
    return [(s.start_char, s.end_char) for s in doc.sents if hype[s.start : s.end].max(initial=0.0) < threshold]


def decode(doc, probs: np.ndarray, labels: list[str], thresholds: np.ndarray) -> list[Proposal]:
    """Spans grown from the tokens over a category's threshold.

    A token at or over the threshold seeds a span; the span grows over neighbours in the
    same sentence whose probability is at least ``EXTEND`` of the threshold (a loaded
    phrase is surest at its key word), then loses weak edge tokens.
    """
    if not len(doc):
        return []
    sent_id = features.sentence_ids(doc)
    out = []
    for c in range(1, len(labels)):
        p = probs[:, c]
        seeds = np.flatnonzero(p >= thresholds[c])
        low = thresholds[c] * EXTEND
        end = 0
        for seed in seeds:
            if seed < end:
                continue  # inside the span just grown
            start = seed
            while start > 0 and p[start - 1] >= low and sent_id[start - 1] == sent_id[seed]:
                start -= 1
            end = seed + 1
            while end < len(doc) and p[end] >= low and sent_id[end] == sent_id[seed]:
                end += 1
            a, b = _trim(doc, start, end, labels[c])
            if b > a:
                best = a + int(np.argmax(p[a:b]))
                out.append(Proposal(a, b, labels[c], float(p[a:b].max()), doc[best].text))
    return out


def _trim(doc, start: int, end: int, label: str) -> tuple[int, int]:
    def weak(t) -> bool:
        if label == "shouting" and t.text.startswith(("!", "?")):
            return False
        return t.is_punct or t.is_space or (t.is_stop and not t.is_upper) or t.text in {"'s", "’s"}

    while start < end and weak(doc[start]):
        start += 1
    while end > start and weak(doc[end - 1]):
        end -= 1
    return start, end
