"""Trained clickbait classifier: linear n-gram scores combined by small boosted trees.

Four linear models read the same word + char n-gram TF-IDF features (webis logistic
regression, webis ridge regression, chakraborty logistic regression, and one telling a
tweet from a headline); shallow gradient-boosted trees combine their scores with a few
cues (length, Title Case, a leading number, ...) into a probability. Scoring never
touches spaCy, sklearn or scipy: everything is rebuilt from the plain arrays of the
model file (see features.py, trees.py and store.py).
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from . import features as F
from .store import FORMAT_VERSION, ModelError, decode_terms, load, shipped_model
from .trees import Trees

__all__ = ["ClickbaitModel", "ModelError", "load_model", "default_model_path", "MODEL_NAME"]

MODEL_NAME = "clickbait-v2.npz"
_STRIP = "\"'()[]{}<>,.;:*-_/\\|?!"
# Words that mean little on their own in an explanation (they are still features).
STOP_WORDS = frozenset("""
a an the this that these those some any each every all no not nor and or but so if as than then
of in on at to for from with by about into onto over under after before up down out off via
is are was were be been being am do does did done has have had will would shall should can could
may might must won't can't don't doesn't didn't isn't aren't wasn't weren't hasn't haven't
i me my we us our you your yours it its he him his she her they them their who whom whose
what which when where why how there here just very too also
""".split())


def _weak(word: str) -> bool:
    """True for a word that cannot stand alone in an explanation: only function
    words, single characters or numbers."""
    return all(t in STOP_WORDS or len(t) < 2 or not any(c.isalpha() for c in t) for t in F.word_tokens(word))


def default_model_path() -> Path:
    """Where the shipped model lives (see store.shipped_model)."""
    return shipped_model(MODEL_NAME)


class ClickbaitModel:
    """p(clickbait) = trees([x . coef + intercepts | stack cues]), x = [word tfidf | char tfidf | handmade].

    ``coef`` has one column per linear score (``meta["bases"]``); explanations use the
    first one, the webis logistic regression, whose score the trees lean on most.
    """

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
            self.intercepts = np.asarray(arrays["intercepts"], dtype=np.float64)
            self.trees = Trees(arrays, meta["tree_depth"])
            self.threshold = float(meta["threshold"])
        except Exception as e:  # KeyError, ValueError, TypeError, ...: whatever the arrays hold
            raise ModelError(f"{path}: incomplete model file ({type(e).__name__}: {e})") from None
        n_w, n_c = len(self.word.terms), len(self.char.terms)
        n_bases = len(self.intercepts)
        if (len(self.word.idf), len(self.char.idf)) != (n_w, n_c) or self.coef.shape != (
                n_w + n_c + len(F.HANDMADE_NAMES), n_bases) or self.trees.n_features > n_bases + len(F.STACK_CUES):
            raise ModelError(f"{path}: array sizes do not match the vocabulary")
        self.arrays = arrays  # what the file holds, for saving a freshly trained model
        self.meta = meta
        self.path = path

    # -- scoring -------------------------------------------------------------
    def linear_scores(self, texts: Sequence[str]) -> np.ndarray:
        """One column per linear model (``meta["bases"]``), a row per text."""
        return self._stack_inputs([F.normalize(t) for t in texts])[:, :len(self.intercepts)]

    def _stack_inputs(self, norm: list[str]) -> np.ndarray:
        n_w, n_c = len(self.word.terms), len(self.char.terms)
        hand = F.handmade(norm)
        z = hand @ self.coef[n_w + n_c:] + self.intercepts
        z += self.word.dot(norm, self.coef[:n_w]) + self.char.dot(norm, self.coef[n_w:n_w + n_c])
        return np.hstack([z, F.stack_cues(norm, hand)])

    def predict_proba(self, texts: Sequence[str]) -> np.ndarray:
        """Probability of clickbait per text, fitted to webis17 annotators' mean judgment."""
        if isinstance(texts, str):
            raise TypeError("predict_proba expects a list of texts, not a str")
        if not len(texts):
            return np.zeros(0)
        return np.clip(self.trees.predict(self._stack_inputs([F.normalize(t) for t in texts])), 0.0, 1.0)

    def predict(self, texts: Sequence[str]) -> np.ndarray:
        return self.predict_proba(texts) >= self.threshold

    # -- explanations --------------------------------------------------------
    def word_contributions(self, text: str) -> tuple[list[str], np.ndarray]:
        """The words of the normalized text and each one's share of the webis logistic
        regression's logit (x_j * coef_j), the linear score the trees lean on most.

        A word n-gram is shared by the words it spans, a char n-gram belongs to the
        word it was cut from (a feature seen k times is split k ways); the cues go to
        the words holding them (leading number, second-person word, '?', '!', ALL-CAPS
        word). Only `short_headline`, a property of the whole text, is not credited.
        """
        norm = F.normalize(text)
        words = norm.split()
        if not words:
            return [], np.zeros(0)
        n_w, n_c = len(self.word.terms), len(self.char.terms)
        coef = self.coef[:, 0]
        contrib = np.zeros(len(coef))
        for tfidf, offset in ((self.word, 0), (self.char, n_w)):
            cols, values = tfidf.vector(norm)
            contrib[offset + cols] = values * coef[offset + cols]
        contrib[n_w + n_c:] = F.handmade([norm])[0] * coef[n_w + n_c:]
        owners: list[tuple[int, list[int]]] = []  # (feature, words it spans), one per occurrence
        toks = [(t, i) for i, w in enumerate(words) for t in F.word_tokens(w)]
        lo, hi = self.word.ngram_range
        for n in range(lo, hi + 1):
            for s in range(len(toks) - n + 1):
                j = self.word.vocabulary.get(" ".join(t for t, _ in toks[s:s + n]))
                if j is not None:
                    owners.append((j, [i for _, i in toks[s:s + n]]))
        for i, w in enumerate(words):
            keys = np.array([F.char_key(g) for g in F.char_ngrams(w, self.char.ngram_range)], dtype=np.uint64)
            owners.extend((n_w + int(j), [i]) for j in self.char.table.lookup(keys) if j >= 0)
        hand = n_w + n_c
        cues = {0: [0] if words[0][:1].isdigit() else [],
                1: [i for i, w in enumerate(words) if F._SECOND.search(w)],
                2: [i for i, w in enumerate(words) if "?" in w], 3: [i for i, w in enumerate(words) if "!" in w],
                4: [i for i, w in enumerate(words) if F.is_allcaps(w)]}
        owners.extend((hand + h, idx) for h, idx in cues.items() if idx)
        seen = np.bincount([j for j, _ in owners], minlength=len(coef))
        per_word = np.zeros(len(words))
        for j, idx in owners:
            for i in idx:
                per_word[i] += contrib[j] / seen[j] / len(idx)
        return words, per_word

    def explain(self, text: str, k: int = 5) -> list[tuple[str, float]]:
        """Words/phrases of `text` that pushed the score up, largest first, in logit units
        of the webis logistic regression (the trees' main input; see word_contributions).

        Function words ("the", "of", "you", "will", ...), single letters and bare
        numbers never stand alone: each joins the next content word ("You Won't
        Believe", "10 Things"), or the previous one at the end of the text; phrases are
        cut from the normalized text (HTML unescaped, quotes folded), outer punctuation stripped.
        """
        words, per_word = self.word_contributions(text)
        spans: list[list[int]] = []
        pending: list[int] = []
        for i, w in enumerate(words):
            pending.append(i)
            if not _weak(w):
                spans.append(pending)
                pending = []
        if pending and spans:  # a text of function words only explains nothing
            spans[-1].extend(pending)
        scores: dict[str, float] = {}
        for span in spans:
            label = " ".join(words[span[0]:span[-1] + 1]).strip(_STRIP)
            if label:
                scores[label] = scores.get(label, 0.0) + float(per_word[span].sum())
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
