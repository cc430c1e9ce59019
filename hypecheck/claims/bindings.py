"""What binds a quantity to the thing it measures, beyond the nouns next to it: a partitive's
whole ("38 of its 410 stores"), a spec line's label ("Battery life: up to 11 hours"), the
people a place drew ("drew 25,000 people": its attendance), a distance inland, the noun a
measure modifies ("a 75 kg rider"), a time to charge, and a figure set as a goal.

The words are lexicons in rules/lexicons.yaml (attendance_verbs, attendee_nouns,
inland_phrases, charging_heads, goal_nouns, goal_verbs, deadline_markers, future_markers).
"""

from __future__ import annotations

import re

from ..rules.lexicons import words
from .page import Page, any_of_words, is_noun, lemma

MEASURES = ("duration", "distance", "area", "weight", "speed")
_LABEL = re.compile(r"(?:^|\n)([A-Za-z][A-Za-z -]{1,30}):\s*(?:[a-z]+\s){0,2}(?:\$|£|€)?$")


def whole_nouns(page: Page, start: int) -> list:
    """The nouns of a partitive's whole after "of its": "410 stores", "branch libraries"."""
    nouns = []
    for token in page.tokens_after(start, 5):
        if token.like_num or (page.tagged and token.pos_ == "ADJ" and not nouns):
            continue
        if is_noun(token, page.tagged) and not token.text[0].isupper():
            nouns.append(token)
            continue
        break
    return nouns


def label(text: str, start: int) -> list[str]:
    """A spec line's label is what its figure measures: "Battery life: up to 11 hours"."""
    m = _LABEL.search(text[max(0, start - 45) : start])
    if not m:
        return []
    return [w.lower() for w in re.split(r"[\s-]+", m.group(1)) if len(w) > 2]


def measured(page: Page, kind: str, start: int, end: int, counted: str | None, head: str | None,
             label_words: list[str]) -> tuple[list[str], set[str], str | None]:
    """(topic words to add, qualifiers to add, the noun the measure modifies) for one figure."""
    text = page.text
    s0, s1 = page.sentence(start)
    topics: list[str] = []
    qualifiers: set[str] = set()
    holder = None
    if kind == "count" and counted in words("attendee_nouns") and re.search(
            rf"(?:{any_of_words('attendance_verbs').pattern})\s+(?:\w+\s+){{0,2}}$", text[max(s0, start - 40) : start], re.I):
        topics.append("attendance")  # "drew 25,000 people": the attendance ("the 18,000 attendees")
    if kind == "distance" and re.match(rf"\s(?:{any_of_words('inland_phrases').pattern})", text[end : end + 30], re.I):
        topics.append("distance inland")  # "20 km from the sea" is how far inland ("some 70 kilometres inland")
    if kind in MEASURES and head is None:
        noun = page.tokens_after(end, 1, stop=s1)
        if noun and noun[0].idx == end + 1 and noun[0].pos_ == "NOUN" and noun[0].text.islower():
            holder = lemma(noun[0])  # "a 75 kg rider": the measure is the rider's
    charging = words("charging_heads")
    if (head in charging or set(label_words) & charging
            or re.match(rf"[ -](?:{any_of_words('charging_heads').pattern})", text[end : end + 12], re.I)):
        qualifiers.add("charging")  # "a 10-minute charge" is the time to charge, not the battery's life
    return topics, qualifiers, holder


def goal(page: Page, start: int, end: int, clause: tuple[int, int]) -> bool:
    """A figure set as a goal: "our $75,000 target", "a goal of 500", "help us raise $50,000 by
    the end of June"; its clause says nothing else of another time than the goal's words."""
    text = page.text
    nouns, verbs = any_of_words("goal_nouns").pattern, any_of_words("goal_verbs").pattern
    if not (re.match(rf"\s(?:{nouns})", text[end : end + 12], re.I)
            or re.search(rf"(?:{nouns})\s+of\s+(?:\$|£|€)?$", text[clause[0] : start], re.I)
            or re.search(rf"(?:{verbs})\s+(?:\$|£|€)?$", text[clause[0] : start])):
        return False
    allowed = words("goal_nouns") | words("deadline_markers") | words("future_markers")
    return all(m.group().lower() in allowed for m in any_of_words("change_markers").finditer(text, *clause))
