"""Findings proposed by the trained span model (hypecheck/spans).

The model's component writes its proposals to ``doc.spans[PROPOSALS]``; each ``learned``
rule takes those of its own category. The context conditions and merging are the engine's,
as for every rule, so a proposal inside a named speaker's quote or beside a named source is
silenced exactly as a hand-written rule's match would be.
"""

from __future__ import annotations

from bisect import bisect_right

from .base import Hit

PROPOSALS = "hypecheck_proposals"
CALM = "hypecheck_calm"  # where the model is sure there is no hype (see calmed)


def calmed(doc, hits):
    """The hits that lie wholly inside a stretch the span model is sure holds no hype.

    On writers the model never saw, this drops a third of the hand-written rules' false
    alarms on sober text for 0.003 of their recall (benchmarks/threshold_transfer.py).
    Contradictions are the claims ledger's, not the model's, and are never dropped."""
    if CALM not in doc.spans or not len(doc.spans[CALM]):
        return set()
    calm = sorted((s.start_char, s.end_char) for s in doc.spans[CALM])
    starts = [start for start, _ in calm]
    out = set()
    for k, (rule, hit) in enumerate(hits):
        if rule.category == "contradiction" or rule.detector == "learned":
            continue
        i = bisect_right(starts, hit.start) - 1
        if i >= 0 and hit.end <= calm[i][1]:
            out.add(k)
    return out


def learned(doc, rule, ctx):
    if PROPOSALS not in doc.spans:
        return
    for span in doc.spans[PROPOSALS]:
        if span.label_ == rule.category:
            yield Hit(span.start_char, span.end_char)
