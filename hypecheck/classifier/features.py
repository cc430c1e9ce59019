"""Text normalization and feature extraction shared by training and scoring.

Everything here is plain Python + numpy/scipy so that the shipped model can be
rebuilt from arrays without sklearn objects (and without pickle). Training
feeds the same analyzers to sklearn's TfidfVectorizer, and `SparseTfidf`
reproduces its transform from the stored vocabulary and idf.
"""

from __future__ import annotations

import html
import re
import unicodedata
from typing import Iterable, Sequence

import numpy as np
import scipy.sparse as sp

# Bumped whenever tokenization changes: a model trained with other analyzers
# would silently score garbage, so the store checks it.
FEATURE_VERSION = 1

_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201b": "'", "\u2032": "'",
                         "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u2033": '"',
                         "\u2013": "-", "\u2014": "-", "\u2026": "..."})
_SPACE = re.compile(r"\s+")
_DIGIT = re.compile(r"\d")
# Apostrophe words stay whole ("won't", "you're" are strong cues); ? and ! are tokens.
_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?|[?!]")
_SECOND_PERSON = frozenset("you your you're yours yourself yourselves you'll you've you'd ya".split())


def normalize(text: str) -> str:
    """Unescape HTML (webis keeps &amp;), fold typographic quotes, collapse whitespace."""
    text = unicodedata.normalize("NFKC", html.unescape(text)).translate(_QUOTES)
    return _SPACE.sub(" ", text).strip()


def _fold(text: str) -> str:
    # Digits are folded so "17 Photos" and "21 Photos" share features; case is
    # dropped because title case is a site convention, not a clickbait signal.
    return _DIGIT.sub("0", text.lower())


def word_tokens(text: str) -> list[str]:
    """Tokens of a normalized text, as used by the word n-gram features."""
    return _WORD.findall(_fold(text))


def word_ngrams(text: str, ngram_range: tuple[int, int] = (1, 2)) -> list[str]:
    toks = word_tokens(text)
    lo, hi = ngram_range
    out = toks if lo == 1 else []
    for n in range(max(lo, 2), hi + 1):
        out = out + [" ".join(toks[i:i + n]) for i in range(len(toks) - n + 1)]
    return out


# Char n-grams are keyed by packing their code points into one uint64
# (12 bits a char, length in the top bits), which is exact for n <= 5 and lets
# scoring cut and look up every n-gram of a batch in numpy instead of Python.
_CHAR_BITS = 12
_CHAR_MAX = (1 << _CHAR_BITS) - 1
_MAX_N = 5
_CLAMP = re.compile("[^\x00-\u0ffe]")


def char_string(text: str) -> str:
    """The string char n-grams are cut from: folded, space-padded, and rare
    code points (emoji, CJK...) merged into one symbol so keys stay exact."""
    return " " + _CLAMP.sub("\u0fff", _fold(text)) + " "


def char_ngrams(text: str, ngram_range: tuple[int, int] = (2, 5)) -> list[str]:
    """Windows that stay inside one space-padded word (sklearn's char_wb idea)."""
    s = char_string(text)
    lo, hi = ngram_range
    out: list[str] = []
    for n in range(lo, hi + 1):
        out.extend(g for g in (s[i:i + n] for i in range(len(s) - n + 1)) if " " not in g[1:-1])
    return out


def char_key(term: str) -> int:
    key = len(term) << 60
    for k, ch in enumerate(term):
        key |= ord(ch) << (_CHAR_BITS * k)
    return key


def char_ngram_keys(texts: Sequence[str], ngram_range: tuple[int, int] = (2, 5)):
    """(row, key) of every char n-gram of every text, as char_ngrams would cut them."""
    lo, hi = ngram_range
    if hi > _MAX_N:
        raise ValueError("char n-grams longer than 5 cannot be keyed exactly")
    strings = [char_string(t) for t in texts]
    lens = np.fromiter(map(len, strings), dtype=np.int64, count=len(strings))
    codes = np.frombuffer("".join(strings).encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    row_of = np.repeat(np.arange(len(strings), dtype=np.int64), lens)
    spaces = np.concatenate([[0], np.cumsum(codes == 32)])
    rows, keys = [], []
    total = len(codes)
    key = np.zeros(total, dtype=np.uint64)
    for n in range(1, hi + 1):
        m = total - n + 1
        if m <= 0:
            break
        key = key[:m] | (codes[n - 1:] << np.uint64(_CHAR_BITS * (n - 1)))
        if n < lo:
            continue
        ok = row_of[:m] == row_of[n - 1:]
        if n > 2:
            ok &= spaces[n - 1:m + n - 1] == spaces[1:m + 1]  # no space strictly inside
        rows.append(row_of[:m][ok])
        keys.append(key[ok] | np.uint64(n << 60))
    if not rows:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.uint64)
    return np.concatenate(rows), np.concatenate(keys)


HANDMADE_NAMES = ("starts_with_number", "second_person", "question_mark",
                  "exclamation", "allcaps_ratio", "short_headline")


def handmade(texts: Sequence[str]) -> np.ndarray:
    """A few cheap cues the n-grams see poorly (position, ratios), each in [0, 1]."""
    out = np.zeros((len(texts), len(HANDMADE_NAMES)), dtype=np.float64)
    for r, t in enumerate(texts):
        toks = t.split()
        if not toks:
            continue
        words = _WORD.findall(t.lower())
        letters = [w for w in toks if any(c.isalpha() for c in w)]
        out[r, 0] = toks[0][:1].isdigit()
        out[r, 1] = any(w in _SECOND_PERSON for w in words)
        out[r, 2] = "?" in t
        out[r, 3] = "!" in t
        if letters:
            out[r, 4] = sum(1 for w in letters if len(w) > 1 and w.isupper()) / len(letters)
        out[r, 5] = len(toks) <= 6
    return out


def _tfidf(rows: np.ndarray, cols: np.ndarray, n_rows: int, idf: np.ndarray) -> sp.csr_matrix:
    """TfidfVectorizer(sublinear_tf=True, norm="l2") applied to (row, column) hits."""
    # rows arrive as a few sorted runs, which a stable (timsort) argsort merges in
    # linear time; building CSR directly skips scipy's slower COO conversion
    order = np.argsort(rows, kind="stable")
    indptr = np.concatenate([[0], np.cumsum(np.bincount(rows, minlength=n_rows))])
    m = sp.csr_matrix((np.ones(len(rows)), cols[order].astype(np.int32), indptr), shape=(n_rows, len(idf)))
    m.sum_duplicates()
    np.log(m.data, out=m.data)
    m.data += 1.0
    m.data *= idf[m.indices]
    row_nnz = np.diff(m.indptr)
    norms = np.sqrt(np.bincount(np.repeat(np.arange(n_rows), row_nnz), weights=m.data ** 2, minlength=n_rows))
    norms[norms == 0] = 1.0  # empty rows stay all-zero, as in sklearn
    m.data /= np.repeat(norms, row_nnz)
    return m


class WordTfidf:
    def __init__(self, terms: Sequence[str], idf: np.ndarray, ngram_range: tuple[int, int]):
        self.terms = list(terms)
        self.vocabulary = {t: j for j, t in enumerate(self.terms)}
        self.idf = np.asarray(idf, dtype=np.float64)
        self.ngram_range = tuple(ngram_range)

    def transform(self, texts: Sequence[str]) -> sp.csr_matrix:
        get = self.vocabulary.get
        rows: list[int] = []
        cols: list[int] = []
        for r, t in enumerate(texts):
            hit = [j for j in map(get, word_ngrams(t, self.ngram_range)) if j is not None]
            cols.extend(hit)
            rows.extend([r] * len(hit))
        return _tfidf(np.asarray(rows, dtype=np.int64), np.asarray(cols, dtype=np.int64), len(texts), self.idf)


class CharTfidf:
    def __init__(self, terms: Sequence[str], idf: np.ndarray, ngram_range: tuple[int, int]):
        self.terms = list(terms)
        self.idf = np.asarray(idf, dtype=np.float64)
        self.ngram_range = tuple(ngram_range)
        keys = np.fromiter((char_key(t) for t in self.terms), dtype=np.uint64, count=len(self.terms))
        self._order = np.argsort(keys, kind="stable")
        self._keys = keys[self._order]

    def transform(self, texts: Sequence[str]) -> sp.csr_matrix:
        rows, keys = char_ngram_keys(texts, self.ngram_range)
        if len(self._keys) == 0:
            return _tfidf(rows[:0], rows[:0], len(texts), self.idf)
        pos = np.minimum(np.searchsorted(self._keys, keys), len(self._keys) - 1)
        hit = self._keys[pos] == keys
        return _tfidf(rows[hit], self._order[pos[hit]], len(texts), self.idf)
