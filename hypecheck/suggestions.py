"""What to write instead of a finding: replacements from the rule's data, fitted to the sentence.

A rule's ``replace`` list (rules/data/*.yaml) holds ``{match: REGEX, with: [TEMPLATE, ...]}``
entries. The first entry whose regex is found in the finding's text (case-insensitive)
gives the replacements: the finding's text with the match replaced by each template, best
first. A template may use the match's groups, ``{0}`` (the whole match), ``{1}``,
``{name}``, with filters after a bar: ``{1|lower}``, ``{1|positive}`` ("greatest" ->
"great"), ``{1|plural}``, ``{1|singular}``, ``{0|quiet}`` (capitals lowered, the first
letter kept). An empty template deletes the span; ``hypecheck fix`` then mends the spaces
and punctuation around it (hypecheck/fix.py).

Each replacement is then fitted to where the span stands: articles inside it agree with
the next word ("a"/"an", by the inflect library), a span that opens a sentence opens
with a capital, a span of a title-case headline is set in title case, and a deletion
that would strand a word ("a jaw-dropping." -> "a .") is dropped from the list.
"""

from __future__ import annotations

import re
from dataclasses import replace as _replace

from .findings import Finding, Suggestion
from .inflection import engine as _inflect
from .rules import replace_pattern

_FIELD = re.compile(r"\{(\w+)(?:\|(\w+))?\}")
_WORD = re.compile(r"[A-Za-z][\w’'-]*")
_ARTICLE = re.compile(r"\b(a|an|A|An|AN)(\s+)(?=([\w’'-]+))")
# Words that need what follows them: a deletion must not leave a determiner before
# punctuation or a function word ("a must-watch for fans" -> "a for fans"), nor a
# preposition or a verb of being before anything ("at No. 1 on" -> "at on").
_DETERMINERS = frozenset("a an the this that these those its their his her our your my one every".split())
_NEEDS_OBJECT = frozenset(
    "is are was were be been being of to for with in on at by from as than into onto very so more most "
    "simply just quite truly really absolutely".split()
)
_FUNCTION = frozenset(
    "for to of in on at by from with and or but as than that which who is are was were has have had".split()
)
_CALL_VERBS = frozenset("call calls calling called dub dubs dubbing dubbed deem deems deemed".split())
_OBJECTS = frozenset("it him her them us me".split())
_VERBS_AFTER_RELATIVE = frozenset("is are was were will would could can has have had may might should must".split())
_STRANDED = _DETERMINERS | _NEEDS_OBJECT
_SMALL_WORDS = frozenset("a an and as at but by for from in into is it its nor of on or per so the to vs with".split())
_IRREGULAR = {"best": "good", "worst": "bad", "most": "", "least": "", "furthest": "far", "farthest": "far"}
_OPENERS = "\"'“‘(["


def positive(word: str, dictionary=None) -> str:
    """The plain form of a superlative adjective: greatest -> great, finest -> fine."""
    lower = word.lower()
    if word.isupper():  # a shouted superlative comes back quiet: "BEST" -> "Good"
        word = word[0] + word[1:].lower()
    if lower in _IRREGULAR:
        return _match_case(_IRREGULAR[lower], word)
    if not lower.endswith("est") or len(lower) < 5:
        return word
    stem = lower[:-3]
    candidates = []
    if stem.endswith("i"):
        candidates.append(stem[:-1] + "y")
    if len(stem) > 2 and stem[-1] == stem[-2] and stem[-1] not in "ls":
        candidates.append(stem[:-1])
    candidates += [stem, stem + "e"]
    if dictionary is not None and dictionary:
        for candidate in candidates:
            if dictionary.is_adjective(candidate):
                return _match_case(candidate, word)
    # Without a dictionary: a stem ending consonant-vowel-consonant takes an e (fin-e, wis-e).
    if re.search(r"(?:^|[^aeiou])[aeiou][^aeiouwxy]$", stem) and not stem.endswith(("ll", "ss")):
        return _match_case(candidates[0] if candidates[0] != stem else stem + "e", word)
    return _match_case(candidates[0], word)


def _match_case(new: str, old: str) -> str:
    if old.isupper() and len(old) > 1:
        return new.upper()
    if old[:1].isupper():
        return new[:1].upper() + new[1:]
    return new


def quiet(text: str) -> str:
    """Capitals lowered, the first letter kept: "BOSCH CAN'T COMPETE" -> "Bosch can't compete"."""
    parts = re.split(r"([A-Za-z][\w’']*)", text)
    first = True
    for i in range(1, len(parts), 2):
        word = parts[i]
        if word.isupper() and len(word) > 1:
            parts[i] = word[0] + word[1:].lower() if first else word.lower()
        first = False
    return "".join(parts)


def _filter(value: str, name: str | None, dictionary) -> str:
    if not name:
        return value
    if name == "lower":
        return value.lower()
    if name == "quiet":
        return quiet(value)
    if name == "positive":
        return re.sub(r"[A-Za-z]+", lambda m: positive(m.group(), dictionary), value)
    if name in ("plural", "singular"):
        words = value.split(" ")
        engine = _inflect()
        last = words[-1]
        changed = engine.plural_noun(last) if name == "plural" else (engine.singular_noun(last) or last)
        return " ".join(words[:-1] + [_match_case(changed, last)])
    raise ValueError(f"unknown template filter {name!r}")


def fill(template: str, match: re.Match, dictionary=None) -> str:
    def field(m: re.Match) -> str:
        key = m.group(1)
        value = match.group(int(key) if key.isdigit() else key) or ""
        return _filter(value, m.group(2), dictionary)

    return _FIELD.sub(field, template)


def candidates(rule, text: str, dictionary=None, before: str = "", after: str = "") -> list[str]:
    """The rule's replacements for a span of ``text``, in the order of its data; ``before``
    and ``after`` are the rest of the span's line, for entries that hold only in context."""
    for entry in rule.replace:
        m = replace_pattern(entry.match).search(text)
        if m and (entry.before is None or replace_pattern(entry.before).search(before)) \
                and (entry.after is None or replace_pattern(entry.after).search(after)):
            return [" ".join((text[: m.start()] + fill(t, m, dictionary) + text[m.end():]).split())
                    for t in entry.templates]
    return []


def sentence_start(text: str, start: int) -> bool:
    """Whether ``start`` opens a sentence (or a line): only openers and spaces before it."""
    i = start
    while i > 0 and (text[i - 1] in " \t" or text[i - 1] in _OPENERS):
        i -= 1
    if i == 0 or text[i - 1] in "\n\r":
        return True
    before = text[max(0, i - 3):i].rstrip("\"'”’)")
    return bool(before) and before[-1] in ".!?…"


def agree_articles(text: str) -> str:
    """'a'/'an' before each word as its sound asks (inflect: "an hour", "a unique")."""
    def fix(m: re.Match) -> str:
        word = m.group(3)
        wanted = _inflect().a(word).split(" ", 1)[0]
        return _match_case(wanted, m.group(1)) + m.group(2)

    return _ARTICLE.sub(fix, text)


def _title_case(span: str) -> bool:
    words = [w for w in _WORD.findall(span) if w.lower() not in _SMALL_WORDS]
    return len(words) >= 2 and all(w[0].isupper() for w in words) and not all(w.isupper() for w in words)


def fitted(candidate: str, text: str, start: int, end: int) -> str | None:
    """The candidate as it must read in place of text[start:end], or None when it cannot
    stand there."""
    span = text[start:end]
    if not candidate:
        left = text[:start].rstrip(" \t")
        right = text[end:].lstrip(" \t")
        words = _WORD.findall(left[-30:])
        before = words[-1].lower() if words and left.endswith(words[-1]) else ""
        # "critics call it [breathtaking]." -> "critics call it." strands the verb's complement
        called = before in _CALL_VERBS or (before in _OBJECTS and len(words) > 1 and words[-2].lower() in _CALL_VERBS)
        after = right.split(" ", 1)[0].lower() if right else ""
        ends = not right or right[0] in ".,;:!?)—–\n\r"
        relative = before in ("that", "which") and after in _VERBS_AFTER_RELATIVE  # "a sore that [doctors say] is"
        if called or before in _NEEDS_OBJECT or (before in _DETERMINERS and (ends or after in _FUNCTION) and not relative):
            return None
        return ""
    candidate = agree_articles(candidate)
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    rest_of_line = text[line_start:start] + " " + text[end:None if line_end < 0 else line_end]
    if _title_case(span) or ((span.isupper() or span[:1].isupper()) and _title_case(rest_of_line)):
        candidate = " ".join(
            w if (w.lower() in _SMALL_WORDS and i) or not w[:1].isalpha() else w[:1].upper() + w[1:]
            for i, w in enumerate(candidate.split(" "))
        )
    if sentence_start(text, start) and candidate[:1].islower():
        candidate = candidate[:1].upper() + candidate[1:]
    elif not sentence_start(text, start) and span[:1].islower() and candidate[:1].isupper() and candidate.split(" ")[0].lower() in _STRANDED | {"some", "many"}:
        candidate = candidate[:1].lower() + candidate[1:]
    return candidate


def suggest(rule, text: str, start: int, end: int, dictionary=None) -> Suggestion:
    """The suggestion for a finding of ``rule`` at text[start:end]."""
    span = text[start:end]
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    before, after = text[line_start:start], text[end:None if line_end < 0 else line_end]
    out: list[str] = []
    for candidate in candidates(rule, span, dictionary, before, after):
        fit = fitted(candidate, text, start, end)
        if fit is not None and fit != span and fit not in out:
            out.append(fit)
    return Suggestion(tuple(out), rule.advice)


def with_suggestions(findings: list[Finding], rules_by_id: dict, text: str, dictionary=None) -> list[Finding]:
    """The findings, each with the suggestion of its rule where it stands."""
    return [
        _replace(f, suggestion=suggest(rules_by_id[f.rule], text, f.start, f.end, dictionary))
        if f.rule in rules_by_id else f
        for f in findings
    ]
