"""Findings proposed by the trained span model (hypecheck/spans).

The model's component writes its proposals to ``doc.spans[PROPOSALS]``; each ``learned``
rule takes those of its own category. The context conditions and merging are the engine's,
as for every rule, so a proposal inside a named speaker's quote or beside a named source is
silenced exactly as a hand-written rule's match would be.
"""

from __future__ import annotations

from .base import Hit

PROPOSALS = "hypecheck_proposals"


def learned(doc, rule, ctx):
    if PROPOSALS not in doc.spans:
        return
    for span in doc.spans[PROPOSALS]:
        if span.label_ == rule.category:
            yield Hit(span.start_char, span.end_char)
