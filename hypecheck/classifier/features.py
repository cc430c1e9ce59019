"""Text normalization and feature extraction shared by training and scoring.

Everything here is plain Python + numpy so that the shipped model can be
rebuilt from arrays without sklearn objects (and without pickle). Training
feeds the per-text analyzers (word_ngrams, char_ngrams) to sklearn's
TfidfVectorizer; scoring (WordTfidf, CharTfidf) cuts the same n-grams for a whole
batch in numpy, finds their columns in an exact hash table (KeyTable) and
reproduces the TF-IDF transform from the stored vocabulary and idf. Tests check
both paths give the same probabilities.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Sequence
from functools import cached_property
from itertools import repeat

import numpy as np

from .keytable import KeyTable

# Bumped whenever tokenization changes (2: hand-made cues redefined for batch
# computation, see `handmade`): a model trained with other analyzers
# would silently score garbage, so the store checks it.
FEATURE_VERSION = 2

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


def char_keys(terms: Sequence[str]) -> np.ndarray:
    """``char_key`` of every term at once (the model's whole vocabulary at load time)."""
    if not len(terms):
        return np.zeros(0, dtype=np.uint64)
    codes, _, start, lens = _code_points(terms)
    codes = codes.astype(np.uint64)
    keys = lens.astype(np.uint64) << np.uint64(60)
    for k in range(_MAX_N):
        inside = k < lens
        keys[inside] |= codes[start[inside] + k] << np.uint64(_CHAR_BITS * k)
    return keys


def _code_points(texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """The texts joined by newlines (which none holds) as code points, with each
    character's text, and each text's start and length: the layout every batch
    computation here works on."""
    lens = np.fromiter(map(len, texts), dtype=np.int64, count=len(texts))
    start = np.cumsum(lens + 1) - lens - 1
    codes = np.frombuffer("\n".join(texts).encode("utf-32-le"), dtype=np.uint32)
    row = np.repeat(np.arange(len(texts)), lens + 1)[:len(codes)]
    return codes, row, start, lens


def char_ngram_keys(texts: Sequence[str], ngram_range: tuple[int, int] = (2, 5)):
    """(row, key) of every char n-gram of every text, as char_ngrams would cut them."""
    lo, hi = ngram_range
    if hi > _MAX_N:
        raise ValueError("char n-grams longer than 5 cannot be keyed exactly")
    if not len(texts):
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.uint64)
    # = [char_string(t) for t in texts], folded in one call (normalized texts hold no newline)
    folded = _CLAMP.sub("\u0fff", _fold("\n".join(texts))).split("\n")
    lens = np.fromiter(map(len, folded), dtype=np.int64, count=len(folded)) + 2
    codes = np.frombuffer((" " + "  ".join(folded) + " ").encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    row_of = np.repeat(np.arange(len(folded), dtype=np.int64), lens)
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
# "you", "your", "you're", "yourself", ... and "ya" as whole words (case-insensitive).
_SECOND = re.compile(r"\b(?:you|your|yours|yourself|yourselves|ya)\b", re.I | re.A)


def is_allcaps(word: str) -> bool:
    """An ALL-CAPS word as `handmade` counts it: >= 2 chars, an ASCII capital, no ASCII small letter."""
    return len(word) >= 2 and any("A" <= c <= "Z" for c in word) and not any("a" <= c <= "z" for c in word)


def handmade(texts: Sequence[str]) -> np.ndarray:
    """A few cheap cues the n-grams see poorly (position, ratios), each in [0, 1], for
    normalized texts. Computed for the whole batch at once on code points; "words" are
    the space-separated tokens, letters and capitals are ASCII:
    starts with a digit; a second-person word; '?'; '!'; share of the words with a
    letter that are ALL CAPS (>= 2 chars, a capital, no small letter); <= 6 words."""
    n = len(texts)
    out = np.zeros((n, len(HANDMADE_NAMES)), dtype=np.float64)
    if not n:
        return out
    c, row, starts, lens = _code_points(texts)
    first = np.zeros(n, dtype=np.uint32)
    first[lens > 0] = c[starts[lens > 0]]
    out[:, 0] = (first >= 48) & (first <= 57)
    hits = [m.start() for m in _SECOND.finditer("\n".join(texts))]
    out[row[hits], 1] = 1.0
    out[row[c == 63], 2] = 1.0
    out[row[c == 33], 3] = 1.0
    # per word (maximal run without space/newline): length, capitals, small letters
    sep = (c == 32) | (c == 10)
    word = np.cumsum(sep)[~sep]
    upper = ((c >= 65) & (c <= 90))[~sep]
    lower = ((c >= 97) & (c <= 122))[~sep]
    nw = word[-1] + 1 if len(word) else 0
    length = np.bincount(word, minlength=nw)
    n_up = np.bincount(word, weights=upper, minlength=nw)
    n_lo = np.bincount(word, weights=lower, minlength=nw)
    wrow = np.zeros(nw, dtype=np.int64)
    wrow[word] = row[~sep]
    real = length > 0  # ids of separators between two separators are empty
    letters = real & (n_up + n_lo > 0)
    caps = letters & (length >= 2) & (n_up > 0) & (n_lo == 0)
    n_letters = np.bincount(wrow[letters], minlength=n)
    out[:, 4] = np.bincount(wrow[caps], minlength=n) / np.maximum(n_letters, 1)
    n_words = np.bincount(wrow[real], minlength=n)
    out[:, 5] = (n_words > 0) & (n_words <= 6)
    return out


STACK_CUES = ("n_words", "starts_digit", "second_person", "question", "exclamation", "allcaps_ratio",
              "title_ratio", "opener", "n_chars", "has_quote", "ends_punct")
# Words that open teasers ("This is why...", "Here's what...", "Watch:").
_OPENER = re.compile(r"^(?:this|these|here|why|how|what|you|watch|when|who|can|will|is|do)\b", re.I | re.M)


def stack_cues(texts: Sequence[str], hand: np.ndarray | None = None) -> np.ndarray:
    """Cues the trees combine with the linear scores, for normalized texts, the batch at once:
    number of words; the handmade cues (leading digit, second person, ?, !, ALL-CAPS share);
    share of the words with a letter that start with a capital (Title Case); a teaser opener
    word; length in characters; a double quote or a leading single quote; ends with . ? or !.
    ``hand`` is ``handmade(texts)`` when already computed."""
    n = len(texts)
    out = np.zeros((n, len(STACK_CUES)))
    if not n:
        return out
    hand = handmade(texts) if hand is None else hand
    c, row, starts, lens = _code_points(texts)
    sep = (c == 32) | (c == 10)
    word_start = ~sep & np.r_[True, sep[:-1]]
    letter = ((c >= 65) & (c <= 90)) | ((c >= 97) & (c <= 122))
    word = np.cumsum(word_start) - 1  # the word each character belongs to (where not a separator)
    has_letter = np.zeros(int(word_start.sum()), dtype=bool)
    has_letter[word[~sep & letter]] = True
    wrow = row[word_start]
    capital = (c[word_start] >= 65) & (c[word_start] <= 90)
    out[:, 0] = np.bincount(wrow, minlength=n)
    out[:, 1:6] = hand[:, 0:5]
    out[:, 6] = np.bincount(wrow[has_letter & capital], minlength=n) / np.maximum(np.bincount(wrow[has_letter], minlength=n), 1)
    out[row[[m.start() for m in _OPENER.finditer("\n".join(texts))]], 7] = 1.0
    out[:, 8] = lens
    out[row[c == 34], 9] = 1.0
    some = lens > 0
    out[some, 9] = np.maximum(out[some, 9], c[starts[some]] == 39)
    last = np.zeros(n, dtype=np.uint32)
    last[some] = c[starts[some] + lens[some] - 1]
    out[:, 10] = (last == 46) | (last == 63) | (last == 33)
    return out


def tfidf_dot(rows: np.ndarray, cols: np.ndarray, n_rows: int, idf: np.ndarray, coef: np.ndarray) -> np.ndarray:
    """Each row's TF-IDF vector (sublinear tf, L2 norm) dotted with ``coef`` (one column
    or several), in numpy alone.

    The same numbers as sklearn's TfidfVectorizer output times ``coef``, without building
    a sparse matrix, so scoring needs no scipy (whose import alone costs a tenth of a
    second at start-up).
    """
    out = np.zeros((n_rows,) + np.shape(coef)[1:])
    if not len(rows):
        return out
    pair, counts = np.unique(rows.astype(np.int64) * len(idf) + cols, return_counts=True)
    row, col = np.divmod(pair, len(idf))
    value = (np.log(counts) + 1.0) * idf[col]
    norms = np.sqrt(np.bincount(row, weights=value**2, minlength=n_rows))
    norms[norms == 0] = 1.0
    value /= norms[row]
    # np.unique sorted the pairs by row: one reduceat sums each row's terms, all columns at once
    first = np.flatnonzero(np.r_[True, row[1:] != row[:-1]])
    weighted = coef[col] * (value[:, None] if out.ndim == 2 else value)
    out[row[first]] = np.add.reduceat(weighted, first, axis=0)
    return out


# Batch tokenization: the texts are joined by newlines, which no token contains.
_WORD_OR_NL = re.compile(_WORD.pattern + "|\n")


class _Tfidf:
    """TF-IDF over the (row, column) hits a subclass finds in a batch of texts."""

    idf: np.ndarray

    def hits(self, texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
        raise NotImplementedError

    def dot(self, texts: Sequence[str], coef: np.ndarray) -> np.ndarray:
        rows, cols = self.hits(texts)
        return tfidf_dot(rows, cols, len(texts), self.idf, coef)

    def vector(self, text: str) -> tuple[np.ndarray, np.ndarray]:
        """One normalized text's TF-IDF vector as (columns, values), in numpy alone
        (explanations run on every clickbaity headline; scipy would cost start-up time)."""
        _, cols = self.hits([text])
        cols, counts = np.unique(cols, return_counts=True)
        value = (np.log(counts) + 1.0) * self.idf[cols]
        norm = np.sqrt(np.sum(value**2))
        return cols, value / norm if norm else value


class WordTfidf(_Tfidf):
    """Word n-gram TF-IDF. Each token of the vocabulary gets an id >= 1; an n-gram is
    keyed by its ids as digits in base (number of tokens + 1), so a batch is tokenized by one regex call,
    one dict lookup per token, and numpy for the n-grams."""

    def __init__(self, terms: Sequence[str], idf: np.ndarray, ngram_range: tuple[int, int]):
        self.terms = list(terms)
        self.idf = np.asarray(idf, dtype=np.float64)
        self.ngram_range = tuple(ngram_range)
        # built with one dict and numpy, not per term: this runs at every start-up
        words = " ".join(self.terms).split(" ") if self.terms else []
        self._tok: dict[str, int] = {w: i for i, w in enumerate(dict.fromkeys(words), start=1)}
        self._base = np.uint64(len(self._tok) + 1)
        if float(self._base) ** self.ngram_range[1] >= 2.0 ** 63:
            raise ValueError("word vocabulary too large to key its n-grams in 64 bits")
        ids = np.fromiter(map(self._tok.__getitem__, words), dtype=np.uint64, count=len(words))
        n_words = np.fromiter(map(str.count, self.terms, repeat(" ")), dtype=np.int64, count=len(self.terms)) + 1
        start = np.cumsum(n_words) - n_words
        keys = np.zeros(len(self.terms), dtype=np.uint64)
        for k in range(int(n_words.max(initial=0))):
            inside = k < n_words
            keys[inside] = keys[inside] * self._base + ids[start[inside] + k]
        self._table = KeyTable(keys)
        self._tok["\n"] = -2

    @cached_property
    def vocabulary(self) -> dict[str, int]:
        """Term -> column; for explanations only, so built on first use (by dict and zip:
        half the time of a comprehension over 50,000 terms)."""
        return dict(zip(self.terms, range(len(self.terms))))

    def hits(self, texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
        """(row, column) of every vocabulary n-gram of every text (texts normalized)."""
        toks = _WORD_OR_NL.findall(_fold("\n".join(texts)))
        ids = np.fromiter(map(self._tok.get, toks, repeat(-1)), dtype=np.int64, count=len(toks))
        nl = ids == -2
        row = np.cumsum(nl)[~nl]
        ids = ids[~nl]
        rows, cols = [], []
        key = np.zeros(len(ids), dtype=np.uint64)
        valid = np.ones(len(ids), dtype=bool)
        lo, hi = self.ngram_range
        for n in range(1, hi + 1):
            m = len(ids) - n + 1
            if m <= 0:
                break
            key = key[:m] * self._base + ids[n - 1:].astype(np.uint64)  # wraps for -1: masked below
            valid = valid[:m] & (ids[n - 1:] > 0) & (row[:m] == row[n - 1:])
            if n >= lo:
                col = np.full(m, -1, dtype=np.int64)
                col[valid] = self._table.lookup(key[valid])
                hit = col >= 0
                rows.append(row[:m][hit])
                cols.append(col[hit])
        if not rows:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
        return np.concatenate(rows), np.concatenate(cols)


class CharTfidf(_Tfidf):
    def __init__(self, terms: Sequence[str], idf: np.ndarray, ngram_range: tuple[int, int]):
        self.terms = list(terms)
        self.idf = np.asarray(idf, dtype=np.float64)
        self.ngram_range = tuple(ngram_range)
        self.table = KeyTable(char_keys(self.terms))

    def hits(self, texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
        rows, keys = char_ngram_keys(texts, self.ngram_range)
        cols = self.table.lookup(keys)
        hit = cols >= 0
        return rows[hit], cols[hit]

