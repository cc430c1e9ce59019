"""What makes two figures' wordings the same thing: their topics with the words around them,
the noun each modifies with its compound, the act a partitive's part undergoes, and how many
of each figure's own words name the topics they share (hypecheck/claims/compare.py)."""

from __future__ import annotations

from .model import Claim
from .page import topics_of


def base(topic: frozenset[str]) -> frozenset[str]:
    return frozenset(t[2:] if t.startswith("v:") else t for t in topic)


def about(c: Claim) -> frozenset[str]:
    return (c.detail.get("context") or frozenset()) | base(c.topic)


def heads_agree(a: Claim, b: Claim) -> bool:
    """The nouns two figures modify name one thing, with their compounds': "a 40-minute ferry
    ride" is a ride and a ferry, so "the two-and-a-half-hour crossing"; but "the 10-minute taxi
    ride" is another ride (when both have modifiers, those must agree too)."""
    if not topics_of([a.detail["head"], *a.detail.get("compound", ())]) & topics_of(
            [b.detail["head"], *b.detail.get("compound", ())]):
        return False
    modifiers = [c.detail.get("compound", frozenset()) - {c.detail["head"]} for c in (a, b)]
    return not all(modifiers) or bool(topics_of(modifiers[0]) & topics_of(modifiers[1]))


def acts_alike(part: Claim, other: Claim) -> bool:
    """A part ("close 38 of its 410 stores") is restated by a count the same act is done to
    ("the 52 locations slated to close", "the six branches being shut")."""
    verb = part.detail.get("verb")
    return bool(verb) and bool(topics_of([verb]) & about(other))


def witnesses(c: Claim, shared: frozenset[str]) -> int:
    """How many of the claim's own words name the shared topics: "walk" is both a route and
    an event, one word ("a ten-minute walk" / "a five-minute walk" share one word, not two)."""
    own = c.detail.get("words")
    if own is None:
        return len(shared)
    return len({w for w in own if topics_of([w]) & shared})
