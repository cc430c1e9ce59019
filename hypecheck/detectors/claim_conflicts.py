"""Contradictions found by comparing the claims ledger (hypecheck/claims): one detector,
parameterised by the conflict kinds a rule reports (``params: {kinds: [money]}``). The kind
``learned`` is the trained pair scorer's (claims/scorer.py), computed only when a rule asks.
A rule with ``vetted_by: RULE`` drops the hand-written figure conflicts the scorer doubts,
when that rule (the scorer's own) is enabled: disabling it leaves the comparisons alone."""

from __future__ import annotations

from ..findings import Span
from .base import Hit


def claim_conflicts(doc, rule, ctx):
    from ..claims import conflicts, learned_conflicts

    kinds = set(rule.params.get("kinds", ()))
    found = conflicts(doc)
    if rule.params.get("vetted_by") in ctx.rule_ids:
        from ..claims.scorer import vetted

        found = vetted(doc, found)
    found = found + (learned_conflicts(doc) if "learned" in kinds else [])
    for conflict in found:
        if conflict.kind not in kinds:
            continue
        claim, other = conflict.claim, conflict.other
        yield Hit(claim.start, claim.end, message=conflict.message,
                  related=Span(other.start, other.end, other.text))
