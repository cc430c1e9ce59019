"""Trained clickbait classifier: a linear model over word + char n-grams.

Scoring never touches spaCy or sklearn: the TF-IDF transform is rebuilt from
the plain arrays of the model file (see features.py and store.py).
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, Sequence

import numpy as np
import scipy.sparse as sp

from . import features as F
from .store import FORMAT_VERSION, ModelError, decode_terms, load

__all__ = ["ClickbaitModel", "ModelError", "load_model", "default_model_path", "MODEL_NAME"]

MODEL_NAME = "clickbait-v1.npz"
_STRIP = "\"'()[]{}<>,.;:*-_/\\|"


def default_model_path() -> Path:
    """Where the shipped model lives: inside the installed package
    (hypecheck/_models/), else the repo's top-level models/ folder."""
    try:
        res = resources.files("hypecheck") / "_models" / MODEL_NAME
        if res.is_file():
            return Path(str(res))
    except (ModuleNotFoundError, TypeError, AttributeError, NotImplementedError):
        pass
    return Path(__file__).resolve().parents[2] / "models" / MODEL_NAME


class ClickbaitModel:
    """p(clickbait) = sigmoid(x . coef + intercept), x = [word tfidf | char tfidf | handmade]."""

    def __init__(self, arrays: dict[str, np.ndarray], meta: dict[str, Any], path: Path | None = None):
        if meta.get("feature_version") != F.FEATURE_VERSION:
            raise ModelError(f"{path}: feature_version {meta.get('feature_version')!r} does not match "
                             f"this hypecheck ({F.FEATURE_VERSION})")
        try:
            self.word = F.WordTfidf(decode_terms(arrays["word_terms"]), arrays["word_idf"],
                                    tuple(meta["word_ngram_range"]))
            self.char = F.CharTfidf(decode_terms(arrays["char_terms"]), arrays["char_idf"],
                                    tuple(meta["char_ngram_range"]))
            self.coef = np.asarray(arrays["coef"], dtype=np.float64)
            self.intercept = float(arrays["intercept"][0])
            self.threshold = float(meta["threshold"])
        except (KeyError, IndexError, UnicodeDecodeError, ValueError, TypeError) as e:
            raise ModelError(f"{path}: incomplete model file ({type(e).__name__}: {e})") from None
        n_w, n_c = len(self.word.terms), len(self.char.terms)
        if (len(self.word.idf), len(self.char.idf), len(self.coef)) != (n_w, n_c, n_w + n_c + len(F.HANDMADE_NAMES)):
            raise ModelError(f"{path}: array sizes do not match the vocabulary")
        self.meta = meta
        self.path = path

    # -- scoring -------------------------------------------------------------
    def features(self, texts: Sequence[str]) -> sp.csr_matrix:
        norm = [F.normalize(t) for t in texts]
        return sp.hstack([self.word.transform(norm), self.char.transform(norm),
                          sp.csr_matrix(F.handmade(norm))], format="csr")

    def decision_function(self, texts: Sequence[str]) -> np.ndarray:
        if not len(texts):
            return np.zeros(0)
        return self.features(texts) @ self.coef + self.intercept

    def predict_proba(self, texts: Sequence[str]) -> np.ndarray:
        """Probability of clickbait per text, calibrated on webis17 truth_mean."""
        if isinstance(texts, str):
            raise TypeError("predict_proba expects a list of texts, not a str")
        z = self.decision_function(texts)
        return 1.0 / (1.0 + np.exp(-z))

    def predict(self, texts: Sequence[str]) -> np.ndarray:
        return self.predict_proba(texts) >= self.threshold

    # -- explanations --------------------------------------------------------
    def explain(self, text: str, k: int = 5) -> list[tuple[str, float]]:
        """Words/phrases of `text` that pushed the score up, largest first.

        Contributions are in logit units (x_j * coef_j). Char n-grams are
        credited to the word they were cut from; word bigrams are reported as
        phrases; '?' / '!' / a leading number count toward the word holding them.
        """
        norm = F.normalize(text)
        words = norm.split()
        if not words:
            return []
        x = self.features([text])
        contrib = dict(zip(x.indices.tolist(), (x.data * self.coef[x.indices]).tolist()))
        n_w, n_c = len(self.word.terms), len(self.char.terms)
        scores: dict[str, float] = {}

        def add(label: str, value: float) -> None:
            scores[label] = scores.get(label, 0.0) + value

        labels = [w.strip(_STRIP) or w for w in words]
        # word n-grams: tokenizing per whitespace word yields the same tokens as the whole text
        toks: list[tuple[str, int]] = [(t, i) for i, w in enumerate(words) for t in F.word_tokens(w)]
        lo, hi = self.word.ngram_range
        grams: dict[int, list[tuple[int, int]]] = {}
        for n in range(lo, hi + 1):
            for s in range(len(toks) - n + 1):
                j = self.word.vocabulary.get(" ".join(t for t, _ in toks[s:s + n]))
                if j is not None:
                    grams.setdefault(j, []).append((toks[s][1], toks[s + n - 1][1]))
        for j, spans in grams.items():
            for a, b in spans:
                add(labels[a] if a == b else " ".join(labels[a:b + 1]), contrib.get(j, 0.0) / len(spans))
        # char n-grams: cut each word separately so every n-gram has an owner
        per_key: dict[int, list[int]] = {}
        for i, w in enumerate(words):
            for g in F.char_ngrams(w, self.char.ngram_range):
                per_key.setdefault(F.char_key(g), []).append(i)
        for key, owners in per_key.items():
            pos = np.searchsorted(self.char._keys, np.uint64(key))
            if pos < len(self.char._keys) and self.char._keys[pos] == key:
                value = contrib.get(n_w + int(self.char._order[pos]), 0.0)
                for i in owners:
                    add(labels[i], value / len(owners))
        hand = dict(zip(F.HANDMADE_NAMES, (contrib.get(n_w + n_c + h, 0.0) for h in range(len(F.HANDMADE_NAMES)))))
        add(labels[0], hand["starts_with_number"] if words[0][:1].isdigit() else 0.0)
        for mark, name in (("?", "question_mark"), ("!", "exclamation")):
            owners = [i for i, w in enumerate(words) if mark in w]
            for i in owners:
                add(labels[i], hand[name] / len(owners))
        ranked = sorted(((t, v) for t, v in scores.items() if v > 0), key=lambda tv: (-tv[1], tv[0]))
        return [(t, round(v, 4)) for t, v in ranked[:k]]

    @property
    def info(self) -> dict[str, Any]:
        m = self.meta
        return {"name": m.get("name"), "format_version": m.get("format_version", FORMAT_VERSION),
                "trained_on": m.get("trained_on"), "metrics": m.get("metrics_summary", {}),
                "threshold": self.threshold, "sklearn_version": m.get("sklearn_version"),
                "path": str(self.path) if self.path else None}


@lru_cache(maxsize=8)
def _load_cached(path: str) -> ClickbaitModel:
    arrays, meta = load(Path(path))
    return ClickbaitModel(arrays, meta, Path(path))


def load_model(path: str | Path | None = None) -> ClickbaitModel:
    """Load (once per process and path) the model at `path`, default: the shipped one."""
    p = Path(path) if path is not None else default_model_path()
    return _load_cached(str(p.resolve()))
