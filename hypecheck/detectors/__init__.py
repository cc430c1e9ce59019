"""Rule kinds that need code. Each detector is a pure function
``(doc, rule, ctx) -> iterable of Hit``; rules name them in their ``detector`` key.
"""

from __future__ import annotations

from . import claim_conflicts, constructions, contradictions, learned, shouting, superlatives
from .base import Hit

DETECTORS = {
    "superlative_tags": superlatives.superlative_tags,
    "caps_headline": shouting.caps_headline,
    "caps_emphasis": shouting.caps_emphasis,
    "exclamation_runs": shouting.exclamation_runs,
    "isnt_x_its_y": constructions.isnt_x_its_y,
    "platform_mismatch": contradictions.platform_mismatch,
    "figure_mismatch": contradictions.figure_mismatch,
    "quote_self_reference": contradictions.quote_self_reference,
    "quote_two_speakers": contradictions.quote_two_speakers,
    "vote_mismatch": contradictions.vote_mismatch,
    "learned": learned.learned,
    "claim_conflicts": claim_conflicts.claim_conflicts,
}

__all__ = ["DETECTORS", "Hit"]
