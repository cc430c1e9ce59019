"""Findings proposed by the trained span model (hypecheck/spans).

The model's component writes its proposals to ``doc.spans[PROPOSALS]``; each ``learned``
rule takes those of its own category. The context conditions and merging are the engine's,
as for every rule, so a proposal inside a named speaker's quote or beside a named source is
silenced exactly as a hand-written rule's match would be.
"""

from __future__ import annotations

from .base import Hit

PROPOSALS = "hypecheck_proposals"
QUIET = "quiet"  # attrs of the proposals group: sentences where the model sees no hype
VETTED = "vetted"  # ... and the categories whose hand-written matches it may drop there


def quiet_ranges(doc) -> tuple[list[tuple[int, int]], set[str]]:
    """(start_char, end_char) of the sentences the span model vets, and the categories it
    vets (none without the model)."""
    if PROPOSALS not in doc.spans:
        return [], set()
    attrs = doc.spans[PROPOSALS].attrs
    return [tuple(r) for r in attrs.get(QUIET, [])], set(attrs.get(VETTED, []))


def join_proposals(parts, doc) -> None:
    """Give ``doc``, joined from ``parts`` by ``Doc.from_docs``, its pieces' proposal attrs:
    from_docs keeps the spans but drops a group's attrs, so a long text analysed in pieces
    lost its quiet sentences (and the vet with them), scores and cues. Quiet sentences move
    by the length of the text before their piece."""
    groups = [part.spans[PROPOSALS] for part in parts if PROPOSALS in part.spans]
    if not groups:
        return
    if PROPOSALS not in doc.spans:  # no piece proposed anything
        doc.spans[PROPOSALS] = []
    attrs = doc.spans[PROPOSALS].attrs
    attrs.update({QUIET: [], "scores": [], "cues": [], VETTED: groups[0].attrs.get(VETTED, [])})
    offset = 0
    for part in parts:
        group = part.spans.get(PROPOSALS)
        if group is not None:
            attrs[QUIET] += [[start + offset, end + offset] for start, end in group.attrs.get(QUIET, [])]
            attrs["scores"] += group.attrs.get("scores", [])
            attrs["cues"] += group.attrs.get("cues", [])
        offset += len(part.text)


def learned(doc, rule, ctx):
    if PROPOSALS not in doc.spans:
        return
    for span in doc.spans[PROPOSALS]:
        if span.label_ == rule.category:
            yield Hit(span.start_char, span.end_char)
