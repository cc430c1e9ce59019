"""Code for the spaCy spancat configs in this folder (``spacy train ... --code functions.py``).

``hypecheck.sentence_ngrams.v1`` suggests every n-gram of the given sizes that stays inside
one sentence. Sentences are cut by a rule, not a model, so that training (where spaCy's
predicted Docs come straight from the tokenizer and carry no sentence boundaries) and
prediction see the same candidates: an n-gram never contains a line break, and
sentence-final punctuation (. ! ? …) may only be its last token.
"""

from __future__ import annotations

import numpy as np
from spacy.util import registry
from thinc.api import Ops, get_current_ops
from thinc.types import Ragged

FINAL = {".", "!", "?", "…", "?!", "!?"}


def _candidates(doc, sizes: list[int]) -> np.ndarray:
    n = len(doc)
    if not n:
        return np.zeros((0, 2), "i")
    # breaks[i]: tokens 0..i-1 hold this many sentence breaks; an n-gram [s, e) is inside one
    # sentence when no break token lies in s..e-2 and no line break anywhere in it.
    line = np.array([t.is_space and "\n" in t.text for t in doc], bool)
    # "!!!" is three tokens: only the last of a run of final marks ends the sentence.
    final = np.array([t.text in FINAL and not (t.i + 1 < n and doc[t.i + 1].text in FINAL) for t in doc], bool)
    blocked_inside = np.concatenate([[0], np.cumsum(final | line)])
    blocked_any = np.concatenate([[0], np.cumsum(line)])
    space = np.array([t.is_space for t in doc], bool)
    out = []
    for size in sizes:
        if size > n:
            continue
        starts = np.arange(n - size + 1)
        ends = starts + size
        ok = (blocked_inside[ends - 1] - blocked_inside[starts] == 0) & (blocked_any[ends] - blocked_any[starts] == 0)
        ok &= ~space[starts] & ~space[ends - 1]
        out.append(np.stack([starts[ok], ends[ok]], axis=1))
    return np.concatenate(out).astype("i") if out else np.zeros((0, 2), "i")


@registry.misc("hypecheck.sentence_ngrams.v1")
def build_sentence_ngram_suggester(sizes: list[int]):
    def suggest(docs, *, ops: Ops | None = None) -> Ragged:
        ops = ops or get_current_ops()
        spans = [_candidates(doc, sizes) for doc in docs]
        lengths = ops.asarray1i([len(s) for s in spans])
        data = np.concatenate(spans) if spans else np.zeros((0, 2), "i")
        return Ragged(ops.asarray2i(data if len(data) else np.zeros((0, 2), "i")), lengths)

    return suggest
