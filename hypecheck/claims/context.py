"""What a claim is about, read from the words around it rather than from a fixed wording.

A second writer words the same figure otherwise: "the $61 million Harrowgate is paying"
becomes "Harrowgate will pay $61 million for the chain". Both keep content words near the
figure (pay, chain, Harrowgate), so two claims of one kind are compared when those words
overlap, mapped through the topic groups ("pay" and "deal" are one topic). The names near a
figure tell two sources apart ("Ipsos has her at 42%", "YouGov at 38%").
"""

from __future__ import annotations

import re
from functools import lru_cache

from ..rules.lexicons import words
from .page import Page, any_of_words, lemma, topics_of

WINDOW = 8  # tokens each side of the figure, inside its sentence


@lru_cache(maxsize=1)
def _ignored() -> frozenset[str]:
    """Words too common to tie two claims together (lexicon `claim_context_stop`)."""
    return frozenset(words("claim_context_stop"))


def context(page: Page, start: int, end: int) -> tuple[frozenset[str], frozenset[str], str | None]:
    """(topics of the content words near the span, the names near it, the verb before it in
    its clause: "close 62 stores" and "keep 85 stores" count other stores)."""
    s0, s1 = page.sentence(start)
    before = page.tokens_before(start, WINDOW, stop=s0)
    after = [t for t in page.tokens_after(end, WINDOW + 2, stop=s1) if t.idx >= end][:WINDOW]
    content, names = [], set()
    verb = next((lemma(t) for t in reversed(before) if t.pos_ == "VERB" and t.idx >= page.clause(start, end)[0]), None)
    ignored = _ignored()
    for t in before + after:
        if not t.text[:1].isalpha():
            continue
        if t.pos_ == "PROPN" or (t.text[0].isupper() and t.idx != s0 and not page.tagged):
            continue
        if page.tagged and t.pos_ not in ("NOUN", "VERB", "ADJ"):
            continue
        word = lemma(t)
        if word in ignored or t.lower_ in ignored or len(word) < 3:
            continue
        content.append(word)
    c0, c1 = page.clause(start, end)
    for t in page.tokens_before(start, 30, stop=c0) + page.tokens_after(end, 30, stop=c1):
        # the names of the figure's clause, its first word too when the tagger calls it a name
        if (t.pos_ == "PROPN" or (not page.tagged and t.text[:1].isupper() and t.idx != s0)) and len(t.text) > 1:
            names.add(re.sub(r"[’']s$", "", t.text.lower()))
    return frozenset(t for t in topics_of(content) if t not in ignored), frozenset(names - ignored), verb


def lead_paragraph(page: Page, offset: int) -> bool:
    """In the headline or the first paragraph after it (the teaser), where a text states
    its main figures before the body restates them."""
    text = page.text
    first_break = text.find("\n")
    if first_break < 0 or offset < first_break:
        return True
    body = len(text) - len(text[first_break:].lstrip())
    paragraph_end = text.find("\n\n", body)
    paragraph_end = text.find("\n", body) if paragraph_end < 0 else paragraph_end
    return offset < (paragraph_end if paragraph_end >= 0 else len(text))


YEAR = re.compile(r"\b(?:19|20)\d\d\b")


def sentence_time(page: Page, start: int) -> tuple[bool, frozenset[str]]:
    """(the sentence speaks of another time or compares with another thing, the years it
    names): "It last sold in 2009 for $540,000", "lower than Easton, where meters cost $3"."""
    s0, s1 = page.sentence(start)
    other = page.has(any_of_words("comparison_cues"), s0, s1)
    return other, frozenset(YEAR.findall(page.text, s0, s1))
