"""Contradictions found by comparing the claims ledger (hypecheck/claims): one detector,
parameterised by the conflict kinds a rule reports (``params: {kinds: [money]}``). The kind
``learned`` is the trained pair scorer's (claims/scorer.py), computed only when a rule asks."""

from __future__ import annotations

from ..findings import Span
from .base import Hit


def claim_conflicts(doc, rule, ctx):
    from ..claims import conflicts, learned_conflicts

    kinds = set(rule.params.get("kinds", ()))
    found = conflicts(doc) + (learned_conflicts(doc) if "learned" in kinds else [])
    for conflict in found:
        if conflict.kind not in kinds:
            continue
        claim, other = conflict.claim, conflict.other
        yield Hit(claim.start, claim.end, message=conflict.message,
                  related=Span(other.start, other.end, other.text))
