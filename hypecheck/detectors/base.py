from __future__ import annotations

from dataclasses import dataclass, field

from ..findings import Span


@dataclass(frozen=True)
class Hit:
    """What a detector found: character offsets, and optionally its own message/severity."""

    start: int
    end: int
    message: str | None = None
    severity: str | None = None
    related: Span | None = None


_TEXT = "hypecheck_text"


def text_of(doc) -> str:
    """The Doc's text, built once: spaCy joins every token for each ``doc.text``, and the
    detectors and context conditions ask for it dozens of times per document."""
    text = doc.user_data.get(_TEXT)
    if text is None:
        text = doc.user_data[_TEXT] = doc.text
    return text


@dataclass
class DocContext:
    """What detectors know about a document beyond its Doc."""

    doc: object
    headline_start: int | None = None
    headline_end: int | None = None
    # English words known to the pipeline's lemmatizer (empty on a blank pipeline): tells
    # a capitalised word ("FURIOUS") from an initialism ("LAPD").
    dictionary: Dictionary = field(default_factory=lambda: Dictionary({}))
    # the ids of the rules that run: a detector may defer to another rule only when it runs
    rule_ids: frozenset[str] = frozenset()


_ENDINGS = ("'s", "s", "es", "ed", "d", "ing")


class Dictionary:
    """The English words of a lemmatizer's WordNet index, by part of speech, and the
    irregular forms of its exception tables."""

    def __init__(self, index, exceptions=None) -> None:
        self._by_pos = {pos: frozenset(index[pos]) for pos in ("noun", "verb", "adj", "adv") if pos in index}
        # irregular forms ("sold", "won", "children"), which no suffix leads to a lemma
        self._irregular = frozenset(form for table in (exceptions or {}).values() for form in table)

    def __bool__(self) -> bool:
        return bool(self._by_pos)

    def _readings(self, word: str):
        """The parts of speech of the word and of the lemmas its endings lead to."""
        candidates = [word] + [
            stem + extra
            for ending in _ENDINGS if word.endswith(ending)
            for stem in (word[: -len(ending)],) if len(stem) >= 3
            for extra in ("", "e")
        ]
        return {pos for pos, words in self._by_pos.items() for c in candidates if c in words}

    def knows(self, word: str) -> bool:
        """A lemma, an inflected form of one ("frees", "voting") or an irregular form."""
        return word in self._irregular or bool(self._readings(word))

    def is_adjective(self, word: str) -> bool:
        """The word itself is an adjective lemma (for "greatest" -> "great" in suggestions)."""
        return word in self._by_pos.get("adj", ())

    def noun_only(self, word: str) -> bool:
        """Every reading is a noun: WordNet keeps initialisms and names ("nafta", "darpa")
        as nouns, while the words people shout are mostly verbs and adjectives ("LIED")."""
        return word not in self._irregular and self._readings(word) == {"noun"}
