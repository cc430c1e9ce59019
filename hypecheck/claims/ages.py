"""Ages restated in the present and ages of a named person.

compare._ages checks a reference back ("the 22-year-old", "she was 79") against the age given
last. This module adds the ways a text restates someone's age now: "At 22, she is also the
youngest", "Now 41, she has turned down", "who turned 29 in May", "celebrated her 23rd
birthday in March"; and two ages of one named person ("24-year-old Alma Brooks", "the
31-year-old Brooks"). A present age is compared only with an age the text also gives as
present (a headline, or a sentence with a present-tense verb): "In 2015 the 34-year-old
quit her job. Now 41, she..." is a change, not a contradiction. A birthday moves an age by
one: "turned 35 last week" agrees with "the 34-year-old"."""

from __future__ import annotations

import re
from functools import lru_cache

from ..rules.lexicons import words
from .contact import PERSON
from .events import _claim
from .model import Claim, Conflict
from .numbers import alternation
from .page import Page

_AFTER_NAME = re.compile(rf"\s+({PERSON})")
_BEFORE_NAME = re.compile(rf"({PERSON}),\s$")


@lru_cache(maxsize=1)
def _patterns() -> tuple[re.Pattern, re.Pattern, re.Pattern, re.Pattern]:
    turns, not_after = alternation(words("age_turn_words")), alternation(words("age_not_after_words"))
    now = re.compile(r"\b(?P<cue>At|Now|now)\s+(?P<n>\d{1,3}),\s+(?:she|he|they)\s+(?:is|are|has|have|[’']s)\b")
    turned = re.compile(rf"\b(?:{turns})\s+(?:(?P<n>\d{{1,3}})\b(?!\s*(?:{not_after}))"
                        r"|(?:her|his|their)\s+(?P<o>\d{1,3})(?:st|nd|rd|th)\s+birthday)")
    recent = re.compile(rf"\s+(?:in\s+(?!(?:19|20)\d\d)[A-Z]|(?:{alternation(words('birthday_recent_words'))})\b)")
    # the cheap test before the patterns: any of their cues ("celebrated 30 on Friday" too)
    cue = re.compile(rf"\b(?:At|[Nn]ow) \d|birthday|\b(?:{turns})\b")
    return cue, now, turned, recent


def restated(page: Page):
    """Ages given as the person's age now, with a pronoun or a birthday."""
    text = page.text
    cue, now, turned, recent = _patterns()
    if not cue.search(text):
        return
    for m in now.finditer(text):
        if 1 <= int(m.group("n")) <= 120 and not page.quoted(m.start(), m.end()):
            yield _claim(page, "age", m.start("n"), m.end("n"), float(m.group("n")), unit="years",
                         detail={"restated": "now"})
    for m in turned.finditer(text):
        group = "n" if m.group("n") else "o"
        s0, s1 = page.sentence(m.start())
        when = text[m.end() : s1]
        # "turned 29 in May", "her 23rd birthday in March": a birthday this year, not a change
        if not recent.match(when):
            continue
        if 1 <= int(m.group(group)) <= 120 and not page.quoted(m.start(), m.end()):
            yield _claim(page, "age", m.start(group), m.end(group), float(m.group(group)), unit="years",
                         detail={"restated": "turned", "person": _person_before(text, s0, m.start())})


def _person_before(text: str, s0: int, start: int) -> str | None:
    """Who had the birthday: "Reyes, who turned 29" (the name), "the singer, who celebrated"
    (the head noun, matched with the earlier age's), "she turned" (anyone); "" for someone
    the text does not refer back to ("Her brother, who turned 29")."""
    before = text[s0:start]
    m = re.search(rf"({PERSON}),\s+who\s+(?:\w+\s+)?$", before)
    if m:
        return m.group(1)
    m = re.search(r"\bthe\s+([a-z]+),\s+who\s+(?:\w+\s+)?$", before)
    if m:
        return "the " + m.group(1)
    return None if re.search(r"\b(?:[Ss]he|[Hh]e)\s+(?:\w+\s+)?$", before) else ""


def _present(page: Page, claim: Claim) -> bool:
    if claim.line == 1:
        return True
    s0, s1 = page.sentence(claim.start)
    tags = [t.tag_ for t in page.tokens[page.token_index(s0) : page.token_index(s1)]]
    return any(t in ("VBZ", "VBP") for t in tags)


def person(page: Page, claim: Claim) -> frozenset[str]:
    """The name an age gives its person: "24-year-old Alma Brooks", "Callum Reyes, 34,"."""
    text = page.text
    if claim.detail.get("person") and not claim.detail["person"].startswith("the "):
        return frozenset(claim.detail["person"].split())
    after = _AFTER_NAME.match(text, claim.end) if claim.text.endswith("old") else None
    if after:
        return frozenset(after.group(1).split())
    before = _BEFORE_NAME.search(text[max(0, claim.start - 40) : claim.start])
    return frozenset(before.group(1).split()) if before and re.match(r"[,)]", text[claim.end : claim.end + 1]) else frozenset()


def conflicts(claims: list[Claim], page: Page, message) -> list[Conflict]:
    out = []
    ages = [c for c in claims if c.kind == "age" and not c.quoted and not c.change]
    for i, b in enumerate(ages):
        if i == 0:
            continue
        how = b.detail.get("restated")
        if how:
            a = ages[i - 1]
            who = b.detail.get("person")
            if who == "" or (who or "").startswith("the ") and who[4:] != a.detail.get("head"):
                continue  # "Her brother, who turned 29": someone else
            names = person(page, a), person(page, b)
            if all(names) and not names[1] <= names[0]:
                continue
            allowed = {b.value, b.value - 1} if how == "turned" else {b.value}  # the earlier age may precede the birthday
            if a.value not in allowed and _present(page, a) and page.sentence(a.start) != page.sentence(b.start):
                out.append(Conflict("age", b, a, message(a, b, "person's age")))
            continue
        named = person(page, b)
        if not named or not b.definite:
            continue
        for a in reversed(ages[:i]):
            if named <= person(page, a) and page.sentence(a.start) != page.sentence(b.start):
                if a.value != b.value:
                    out.append(Conflict("age", b, a, message(a, b, "person's age")))
                break
    return out
