"""Capitals and exclamation marks used to raise the voice.

An acronym (LAPD, HBO, NBA) is not shouting. Shouting is a run of capitalised words
that are not all acronyms, or a single word from the rule's list of emphasis words.
Works on the raw text, so it needs no statistical model.
"""

from __future__ import annotations

import re

from .base import Hit

_CAPS_WORD = re.compile(r"(?<![\w’'])[A-Z][A-Z’'\-]*[A-Z](?![\w’'])")
_GAP = re.compile(r"^[\s,:;&\-–—+]*$")


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


def _is_shouted_run(run, acronyms: set[str], emphasis: set[str]) -> bool:
    words = [m.group().replace("’", "'") for m in run]
    if len(words) == 1:
        return words[0] in emphasis
    letters = sum(c.isalpha() for w in words for c in w)
    real_words = [w for w in words if w not in acronyms and (len(w) >= 4 or w in emphasis or "'" in w)]
    return letters >= 7 and bool(real_words)


def _run_span(text: str, run) -> tuple[int, int]:
    end = run[-1].end()
    while end < len(text) and text[end] in "!?":
        end += 1
    return run[0].start(), end


def _shouted_spans(doc, rule):
    acronyms = set(rule.params.get("acronyms", ()))
    emphasis = set(rule.params.get("emphasis", ()))
    text = doc.text
    for run in _caps_runs(text, acronyms):
        if _is_shouted_run(run, acronyms, emphasis):
            yield _run_span(text, run)


def caps_headline(doc, rule, ctx):
    if ctx.headline_start is None:
        return
    for start, end in _shouted_spans(doc, rule):
        if ctx.headline_start <= start < ctx.headline_end:
            yield Hit(start, end)


def caps_emphasis(doc, rule, ctx):
    for start, end in _shouted_spans(doc, rule):
        if ctx.headline_start is None or not (ctx.headline_start <= start < ctx.headline_end):
            yield Hit(start, end)


_EXCLAMATIONS = re.compile(r"[!?]*![!?]*!+[!?]*|\?+!+[!?]*|!+\?+[!?]*")


def exclamation_runs(doc, rule, ctx):
    for m in _EXCLAMATIONS.finditer(doc.text):
        yield Hit(m.start(), m.end())
