"""Capitals and exclamation marks used to raise the voice.

An acronym (LAPD, HBO, NBA) is not shouting. Shouting is a run of capitalised words
that are not all acronyms, or a single word from the rule's list of emphasis words.
Works on the raw text, so it needs no statistical model.
"""

from __future__ import annotations

import re
from collections import Counter

from ..rules.lexicons import words as lexicon_words
from .base import Dictionary, Hit, text_of

_CAPS_WORD = re.compile(r"(?<![\w’'])[A-Z][A-Z’'\-]*[A-Z](?![\w’'])")
_GAP = re.compile(r"^[ \t,:;&\-–—+]*$")  # a line break ends a run


def _caps_runs(text: str, acronyms: set[str]):
    """Yield lists of regex matches: consecutive ALL-CAPS words separated by spacing."""
    run = []
    for m in _CAPS_WORD.finditer(text):
        if run and _GAP.match(text[run[-1].end() : m.start()]):
            run.append(m)
            continue
        if run:
            yield run
        run = [m]
    if run:
        yield run


_ROMAN = re.compile(r"^[IVXLCDM]+$")  # Super Bowl XLVII, Henry VIII


def _is_shouted_run(run, acronyms: set[str], emphasis: set[str], dictionary: Dictionary) -> bool:
    words = [m.group().replace("’", "'") for m in run]
    if len(words) == 1:
        word = words[0]
        if word in emphasis:
            return True
        if len(word) < 4 or word in acronyms or _ROMAN.match(word) or not _is_english(word.lower(), dictionary):
            return False
        # WordNet lists initialisms ("NAFTA", "DARPA", "ICBM") as nouns only: a short lone
        # noun in capitals is a name or a label ("Play VIDEO") more often than a raised voice.
        return not (len(word) <= 5 and dictionary.noun_only(word.lower()))
    letters = sum(c.isalpha() for w in words for c in w)
    real_words = [w for w in words if w not in acronyms and (len(w) >= 4 or w in emphasis or "'" in w)]
    if dictionary:
        # Where a dictionary is at hand, a run of names and initialisms ("CPSC, ATF",
        # "SAHTECH, SEMI") is not shouting: most of its words must be English words.
        known = [w for w in words if w in emphasis or "'" in w or _is_english(w.lower(), dictionary)]
        if 2 * len(known) <= len(words):
            return False
    return letters >= 7 and bool(real_words)


def _is_english(word: str, dictionary) -> bool:
    """A word of the dictionary or a function word (WordNet has no "of" or "the")."""
    from spacy.lang.en.stop_words import STOP_WORDS

    return word in STOP_WORDS or dictionary.knows(word)


def _run_span(text: str, run) -> tuple[int, int]:
    end = run[-1].end()
    while end < len(text) and text[end] in "!?":
        end += 1
    return run[0].start(), end


# Capitals that are typography, not volume: datelines and source lines ("FOX NEWS
# INTERVIEW, SEPT. 18", "WEST PALM BEACH, Fla. -"), photo credits ("JOHN DOE/REUTERS").
# (the months are the dateline_months of rules/lexicons.yaml)
# after the place: "WASHINGTON (Reuters) -", "LOS ANGELES (The Borowitz Report)—",
# "WASHINGTON, D.C. –", "PHILADELPHIA, Pennsylvania (The Adobo Chronicles) –", "NEW YORK, Jan. 5",
# "PHOENIX A.Z. (AP) —"
_DATELINE_AFTER = re.compile(
    r"^(?:\.\s*\d|,\s*[A-Z][a-z]{1,5}\.|"
    # a date before the dash: "BRISTOL, 14 March —", "LEEDS, March 14, 2025 -"
    r",\s*(?:\d{1,2}\s+[A-Z][a-z]+|[A-Z][a-z]+\.?\s+\d{1,2})(?:,?\s+\d{4})?\s*[-—–]{1,2}|"
    r"(?:,?\s*[A-Z][\w.]*(?:\s[A-Z][\w.]*)?)?\s*(?:\([^()\n]{1,60}\))?\s*[-—–]{1,2})"
)
_CREDIT = re.compile(r"[/|]\s*$|^\s*/")


def _is_typography(text: str, run, boilerplate: set[str]) -> bool:
    words = [m.group() for m in run]
    if words[-1] in lexicon_words("dateline_months") or " ".join(words) in boilerplate:
        return True
    start, end = run[0].start(), run[-1].end()
    if _CREDIT.search(text[max(0, start - 3) : start]) or _CREDIT.search(text[end : end + 3]):
        return True
    line_start = text.rfind("\n", 0, start) + 1
    if text[line_start:start].strip():
        return False
    line_end = text.find("\n", end)
    if len(words) == 1 and not text[end : len(text) if line_end < 0 else line_end].strip():
        return True  # a word alone on its line: a section label ("POLITICS", "DESSERTS")
    return bool(_DATELINE_AFTER.match(text[end:]))


def _names_in_caps(text: str) -> set[str]:
    """Capitalised words used more than once: names, tickers and brands ("GLOW token")."""
    counts = Counter(m.group() for m in _CAPS_WORD.finditer(text))
    return {word for word, n in counts.items() if n > 1}


def _shouted_spans(doc, rule, dictionary: Dictionary):
    acronyms = set(rule.params.get("acronyms", ())) | _names_in_caps(text_of(doc)) - set(rule.params.get("emphasis", ()))
    emphasis = set(rule.params.get("emphasis", ()))
    boilerplate = set(rule.params.get("boilerplate", ()))
    text = text_of(doc)
    for run in _caps_runs(text, acronyms):
        if _is_shouted_run(run, acronyms, emphasis, dictionary) and not _is_typography(text, run, boilerplate):
            yield _run_span(text, run)


def caps_headline(doc, rule, ctx):
    if ctx.headline_start is None:
        return
    for start, end in _shouted_spans(doc, rule, ctx.dictionary):
        if ctx.headline_start <= start < ctx.headline_end:
            yield Hit(start, end)


def caps_emphasis(doc, rule, ctx):
    emphasis = set(rule.params.get("emphasis", ()))
    for start, end in _shouted_spans(doc, rule, ctx.dictionary):
        if ctx.headline_start is not None and ctx.headline_start <= start < ctx.headline_end:
            continue
        if text_of(doc)[start:end] not in emphasis and _names_a_thing(doc, start, end):
            continue
        if _quoted_label(text_of(doc), start, end):
            continue
        yield Hit(start, end)


def _quoted_label(text: str, start: int, end: int) -> bool:
    """Capitals inside quotation marks of their own are a label or a sign the writer
    reports ('a box labelled "IMPORTANT"', 'three "FINAL" warnings'), not the writer's
    voice raised; a quoted cry with its exclamation mark ("SOLD OUT!") still counts."""
    if text[end - 1 : end] in "!?" or not text[start - 1 : start] or text[start - 1] not in "“\"‘'":
        return False
    return text[end : end + 1] in ("”", '"', "’", "'")


def _names_a_thing(doc, start: int, end: int) -> bool:
    """A capitalised word right before a common noun is a name ("the JUICE probe"),
    or one in parentheses is an acronym being defined ("(JUICE)")."""
    if text_of(doc)[max(0, start - 1) : start] == "(" and text_of(doc)[end : end + 1] == ")":
        return True
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or span.end >= len(doc):
        return False
    following = doc[span.end]
    return following.pos_ in ("NOUN", "PROPN") and not following.is_upper


_EXCLAMATIONS = re.compile(r"[!?]*![!?]*!+[!?]*|\?+!+[!?]*|!+\?+[!?]*")


def exclamation_runs(doc, rule, ctx):
    for m in _EXCLAMATIONS.finditer(text_of(doc)):
        yield Hit(m.start(), m.end())
