"""One document as the ledger reads it: text, lines, sentences, clauses, quotations and the
tagger's nouns and verbs by character offset."""

from __future__ import annotations

import re
from bisect import bisect_right
from functools import cache, cached_property, lru_cache

from ..detectors.base import text_of
from ..rules.lexicons import lexicons, words

_QUOTES = re.compile(r"“[^”]{1,1500}”|\"[^\"\n]{1,1500}\"")
_CLAUSE_END = re.compile(r"[,;:—–()]|\s-\s")
_WORD = re.compile(r"[A-Za-z][\w’'+-]*")


@cache
def any_of_words(name: str) -> re.Pattern:
    """Any phrase of the lexicon, as a whole word or words, case-insensitive."""
    items = sorted(words(name), key=len, reverse=True)
    return re.compile(r"(?<![\w])(?:" + "|".join(re.escape(w) for w in items) + r")(?![\w])", re.IGNORECASE)


@lru_cache(maxsize=1)
def topic_index() -> dict[str, frozenset[str]]:
    """word -> the canonical topics it names (claim_topics in lexicons.yaml)."""
    index: dict[str, set[str]] = {}
    for canonical, forms in lexicons()["claim_topics"].items():
        for form in (canonical, *forms):
            index.setdefault(form.lower(), set()).add(canonical)
    return {w: frozenset(c) for w, c in index.items()}


def topics_of(items) -> frozenset[str]:
    """Canonical topics of the words, a word in no group standing for itself."""
    index = topic_index()
    out: set[str] = set()
    for w in items:
        w = w.lower()
        if w.startswith("v:"):  # a verb's topic stays marked: "paying" is v:deal, not deal
            out |= {f"v:{c}" for c in index.get(w[2:], ())} or {w}
        else:
            out |= index.get(w, {w})
    return frozenset(out)


class Page:
    def __init__(self, doc) -> None:
        self.doc = doc
        self.text = text = text_of(doc)
        self.line_starts = [0] + [m.end() for m in re.finditer("\n", text)]
        self.paragraph_starts = [m.end() for m in re.finditer(r"\n\s*\n", text)]
        # A pipeline without a sentence splitter (spacy.blank("en") + "hypecheck"): one sentence.
        sents = doc.sents if doc.has_annotation("SENT_START") else ()
        self.sentences = [(s.start_char, s.end_char) for s in sents] or [(0, len(text))]
        self._sentence_starts = [s for s, _ in self.sentences]
        self.quotes = [(m.start(), m.end()) for m in _QUOTES.finditer(text)]
        self.tokens = [t for t in doc if not t.is_space]
        self._token_starts = [t.idx for t in self.tokens]
        self.tagged = bool(doc) and any(t.pos_ for t in self.tokens[:50])

    @cached_property
    def proper_nouns(self) -> frozenset[str]:
        """The words the tagger reads as a proper noun somewhere in the text ("Graham Pike")."""
        return frozenset(t.text for t in self.tokens if t.pos_ == "PROPN")

    def paragraph(self, offset: int) -> int:
        """The paragraph's number (paragraphs end at a blank line)."""
        return bisect_right(self.paragraph_starts, offset)

    def line(self, offset: int) -> int:
        return bisect_right(self.line_starts, offset)

    def sentence(self, offset: int) -> tuple[int, int]:
        i = max(bisect_right(self._sentence_starts, offset) - 1, 0)
        return self.sentences[i]

    def sentence_text(self, offset: int) -> str:
        s, e = self.sentence(offset)
        return self.text[s:e]

    def clause(self, start: int, end: int) -> tuple[int, int]:
        """The stretch between the punctuation around a span, inside its sentence."""
        s, e = self.sentence(start)
        before = self.text[s:start]
        marks = list(_CLAUSE_END.finditer(before))
        left = s + marks[-1].end() if marks else s
        after = _CLAUSE_END.search(self.text, end, e)
        return left, after.start() if after else e

    def quoted(self, start: int, end: int) -> bool:
        return any(s <= start and end <= e for s, e in self.quotes)

    def token_index(self, offset: int) -> int:
        """Index of the first token starting at or after the offset."""
        return bisect_right(self._token_starts, offset - 1)

    def tokens_after(self, offset: int, n: int, stop: int | None = None):
        i = self.token_index(offset)
        out = self.tokens[i : i + n]
        return [t for t in out if stop is None or t.idx < stop]

    def tokens_before(self, offset: int, n: int, stop: int = 0):
        i = self.token_index(offset)
        return [t for t in self.tokens[max(i - n, 0) : i] if t.idx >= stop]

    def has(self, pattern: re.Pattern, start: int, end: int) -> bool:
        return bool(pattern.search(self.text, start, end))

    def multiple(self, topic: str) -> bool:
        """The text speaks of several events of this kind ("two weddings", "both shows")."""
        forms = [topic[2:]] if topic.startswith("w:") else [f for f, c in topic_index().items() if topic in c and " " not in f]
        pattern = _plural_pattern(tuple(sorted(forms)))
        return bool(pattern.search(self.text))


@lru_cache(maxsize=64)
def _plural_pattern(forms: tuple[str, ...]) -> re.Pattern:
    alternation = "|".join(re.escape(f) for f in forms)
    return re.compile(
        rf"\b(?:two|three|four|both|several|another|other|second|separate|each)\s+(?:\w+\s+){{0,2}}(?:{alternation})(?:s|es)?\b",
        re.IGNORECASE,
    )


def lemma(token) -> str:
    return (token.lemma_ or token.text).lower()


def is_noun(token, tagged: bool) -> bool:
    if tagged:
        return token.pos_ in ("NOUN", "PROPN") or (token.pos_ == "ADJ" and "-" in token.text)
    return bool(_WORD.fullmatch(token.text)) and len(token.text) > 2
