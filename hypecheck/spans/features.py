"""Token features for the trained span model, computed for a whole Doc at once.

Two kinds, both vectorised with numpy so a 1,000-word article costs a few milliseconds:

* hashed lexical features: the token's lower form, lemma, shape, suffix and tag, its
  neighbours' lower forms and two bigrams, each hashed into one of ``2**HASH_BITS`` rows;
* dense features: the English pipeline's own contextual vector for the token
  (``doc.tensor``, set by its tok2vec, so it costs nothing extra), the mean vector of its
  five-token window, and a few cues (capitals, exclamation marks, inside quotation marks,
  in the first line, lexicon scores).

The lexicons (VADER valence and boosters, TextBlob's subjectivity, MIT word lists) are
stored inside the model file by training, so nothing but spaCy and numpy runs here.
"""

from __future__ import annotations

import numpy as np

from ..pieces import CONTINUES

HASH_BITS = 18
_ATTRS = ["LOWER", "LEMMA", "SHAPE", "SUFFIX", "TAG"]
# (attribute column, offset) per template, then bigrams of lower forms (offset pairs).
_UNIGRAMS = ((0, 0), (1, 0), (2, 0), (3, 0), (4, 0), (0, -1), (0, 1), (0, -2), (0, 2), (4, -1), (4, 1))
_BIGRAMS = ((-1, 0), (0, 1))
N_TEMPLATES = len(_UNIGRAMS) + len(_BIGRAMS)
_GOLDEN = np.uint64(0x9E3779B97F4A7C15)
_SALTS = (np.arange(1, N_TEMPLATES + 1, dtype=np.uint64) * np.uint64(0xBF58476D1CE4E5B9))
_QUOTES_OPEN = {'"', "“", "«", "„"}
_QUOTES_CLOSE = {'"', "”", "»"}
CUES = ("caps_word", "exclaim", "in_quotes", "first_line", "like_num", "sent_has_digit")


def _shift(column: np.ndarray, offset: int) -> np.ndarray:
    out = np.zeros_like(column)
    if offset < 0:
        out[-offset:] = column[:offset]
    elif offset > 0:
        out[:-offset] = column[offset:]
    else:
        out[:] = column
    return out


def hashed(doc) -> np.ndarray:
    """(tokens, templates) row indices into the hashed weight table."""
    values = doc.to_array(_ATTRS).astype(np.uint64, copy=False).reshape(len(doc), len(_ATTRS))
    cols = [_shift(values[:, a], o) for a, o in _UNIGRAMS]
    lower = values[:, 0]
    for a, b in _BIGRAMS:
        cols.append(_shift(lower, a) * np.uint64(31) ^ _shift(lower, b))
    keys = np.stack(cols, axis=1) if cols else np.zeros((len(doc), 0), np.uint64)
    with np.errstate(over="ignore"):
        mixed = (keys ^ _SALTS) * _GOLDEN
    return (mixed >> np.uint64(64 - HASH_BITS)).astype(np.int32)


def _window_mean(tensor: np.ndarray, width: int = 2) -> np.ndarray:
    padded = np.pad(tensor, ((width, width), (0, 0)))
    sums = np.cumsum(padded, axis=0)
    sums = np.vstack([np.zeros((1, tensor.shape[1]), tensor.dtype), sums])
    size = 2 * width + 1
    return (sums[size:] - sums[:-size]) / size


def cues(doc) -> np.ndarray:
    n = len(doc)
    out = np.zeros((n, len(CUES)), np.float32)
    inside = False
    first_break = doc.text.find("\n")
    first_break = len(doc.text) if first_break < 0 else first_break
    if doc.user_data.get(CONTINUES):
        first_break = 0  # a long text's later piece starts mid-text: its first line is no headline
    for i, t in enumerate(doc):
        text = t.text
        if text in _QUOTES_OPEN and not inside:
            inside = True
        elif text in _QUOTES_CLOSE and inside:
            inside = False
        out[i, 0] = len(text) > 1 and text.isupper() and text.isalpha()
        out[i, 1] = "!" in text
        out[i, 2] = inside
        out[i, 3] = t.idx < first_break
        out[i, 4] = t.like_num
    for sent in doc.sents:
        if any(t.is_digit or t.like_num for t in sent):
            out[sent.start : sent.end, 5] = 1
    return out


def sentence_ids(doc) -> np.ndarray:
    """token -> the number of its sentence in the Doc."""
    out = np.zeros(len(doc), np.int32)
    for k, sent in enumerate(doc.sents):
        out[sent.start : sent.end] = k
    return out


class Lexicon:
    """Word rows (scores or vectors) keyed by spaCy's hash of the lower form, looked up for a Doc at once."""

    def __init__(self, words: list[str], values: np.ndarray) -> None:
        from spacy.strings import hash_string

        keys = np.fromiter(map(hash_string, words), dtype=np.uint64, count=len(words))
        order = np.argsort(keys)
        self.keys = keys[order]
        # In the given dtype (the model file's GloVe vectors are float16), made float32 row
        # by row in lookup: the same numbers, without converting 50,000 rows at start-up.
        self.values = np.vstack([values[order], np.zeros((1, values.shape[1]), values.dtype)])
        self.width = values.shape[1]

    def lookup(self, doc) -> np.ndarray:
        lower = doc.to_array("LOWER").astype(np.uint64, copy=False)
        if not len(self.keys):
            return np.zeros((len(doc), self.width), np.float32)
        at = np.searchsorted(self.keys, lower)
        at_clipped = np.minimum(at, len(self.keys) - 1)
        found = self.keys[at_clipped] == lower
        return self.values[np.where(found, at_clipped, len(self.keys))].astype(np.float32, copy=False)


def dense(doc, lexicon: Lexicon, tensor_width: int, vectors: Lexicon | None = None) -> np.ndarray:
    """(tokens, features) floats: contextual vector and its window mean, cues, lexicon
    scores, and the word's GloVe vector and its window mean."""
    tensor = doc.tensor if getattr(doc, "tensor", None) is not None and doc.tensor.size else None
    if tensor is None or tensor.shape[1] != tensor_width:
        tensor = np.zeros((len(doc), tensor_width), np.float32)
    tensor = np.asarray(tensor, np.float32)
    parts = [tensor, _window_mean(tensor), cues(doc), lexicon.lookup(doc)]
    if vectors is not None:
        words = vectors.lookup(doc)
        parts += [words, _window_mean(words)]
    return np.hstack(parts).astype(np.float32)
