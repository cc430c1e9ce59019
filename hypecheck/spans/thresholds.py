"""Per-category thresholds: as much recall as a fixed false-alarm budget on sober text allows.

Proposals are scored as they will be used: decoded to spans, passed through the learned
rules' context conditions, and dropped where a hand-written rule already found something
(the engine merges them away). For each category and candidate threshold we count the
annotated spans the model adds to what the rules find (recall gained) and its proposals
in sober texts (false alarms, as the project's precision bar counts them). Each category
then takes the most lenient threshold that stays within its share of the false-alarm
budget. A category whose proposals are mostly wrong (precision under ``MIN_PRECISION``
on the hype texts) stays off.
"""

from __future__ import annotations

import numpy as np

from .model import decode

# From strict to lenient; the finest steps at the strict end, where a model trained on
# everything is most confident on writers it never saw (benchmarks/threshold_transfer.py).
GRID = np.round(np.concatenate([[0.99, 0.98, 0.97], np.arange(0.95, 0.24, -0.05)]), 2)
# False alarms per 1,000 words of sober text, all categories together, spent out of fold on
# the training writers. Those texts are written to trap a detector, and unseen writers' sober
# text costs far less: v8, at 0.6, raised 0.00-0.38 per 1k on holdout5-13 by itself. 1.0 since
# v9: of 0.6, 1.0 and 1.5, the most lenient that kept holdout5-13's mean sober findings within
# 0.1 of v8's and every set's must-not-flag hits at 5% or less (models/spans-v9.md).
SOBER_BUDGET = 1.0
MIN_PRECISION = 0.4


def conditions() -> dict[str, list]:
    """The `unless` conditions of the learned rules, by category."""
    from ..detectors.context import CONDITIONS
    from ..rules import builtin_rules

    return {r.category: [CONDITIONS[c] for c in r.unless] for r in builtin_rules() if r.detector == "learned"}


def _overlaps(ranges, s: int, e: int) -> bool:
    return any(a < e and s < b for a, b, *_ in ranges)


def curve(docs, labelled, probs_by_doc, labels, c: int, unless, ruled=None) -> list[dict]:
    """For each threshold of GRID: found, gold, false alarms on sober texts, precision.

    ``ruled[k]`` holds the (start, end, category) of the rules' findings in document k:
    gold spans they find already are not counted, proposals overlapping them are dropped.
    """
    label = labels[c]
    ruled = ruled or [[] for _ in docs]
    gold = [(k, s, e) for k, item in enumerate(labelled) for s, e, cat in item.spans
            if cat == label and not any(a < e and s < b and rc == cat for a, b, rc in ruled[k])]
    anything = [(k, s, e, cat) for k, item in enumerate(labelled) for s, e, cat in item.spans]
    out = []
    for t in GRID:
        th = np.full(len(labels), 2.0, np.float32)
        th[c] = t
        props = []
        for k, doc in enumerate(docs):
            for p in decode(doc, probs_by_doc[k], labels, th):
                span = doc[p.start : p.end]
                if _overlaps(ruled[k], span.start_char, span.end_char):
                    continue
                if not any(cond(span) for cond in unless.get(label, [])):
                    props.append((k, span.start_char, span.end_char))
        # Right: on an annotated span of any category (a hyped phrase given a neighbouring
        # category still points the reader at hype); found: same category, as recall counts it.
        right = [any(k == g and s < ge and gs < e for g, gs, ge, _ in anything) for k, s, e in props]
        found = sum(any(k == g and s < ge and gs < e for k, s, e in props) for g, gs, ge in gold)
        # Every proposal in a sober text counts, as benchmarks/precision.py and the project's
        # bar count them ("findings per 1,000 words of sober text"); everyday texts carry
        # annotated hyperbole and are judged by recall instead.
        false_sober = sum(1 for k, _, _ in props if labelled[k].kind == "sober")
        hype = [ok for (k, _, _), ok in zip(props, right) if labelled[k].kind == "hype"]
        out.append({"threshold": float(t), "found": found, "gold": len(gold), "false_sober": false_sober,
                    "precision": float(np.mean(hype)) if hype else 0.0})
    return out


def allocate(curves: dict[int, list[dict]], sober_words: int, budget: float = SOBER_BUDGET) -> dict[int, int]:
    """Index into GRID per category (-1 = off): each category gets an equal share of the
    false-alarm budget and takes the most lenient threshold within it whose precision on
    the hype texts is at least MIN_PRECISION. Equal shares keep one easy category from
    spending the budget that the hard ones (hype language) need."""
    share = budget * sober_words / 1000 / max(len(curves), 1)
    at = {}
    for c, points in curves.items():
        ok = [i for i, p in enumerate(points) if p["false_sober"] <= share and p["precision"] >= MIN_PRECISION and p["found"]]
        at[c] = max(ok) if ok else -1
    return at


# The rule vet: from strict (drops little) to lenient.
VET_GRID = (0.02, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.4, 0.5)
VET_MAX_LOSS = 1 / 50  # at most this share of the rules' true findings may be dropped


def choose_vet(docs, labelled, probs_by_doc, ruled, categories) -> dict:
    """The rule vet, on out-of-fold probabilities. Threshold: the highest of VET_GRID at
    which at most VET_MAX_LOSS of the rules' findings on an annotated span (any category)
    lie in a sentence whose hype probability stays under it. Categories: those whose
    findings it drops in sober texts are at least as many as those it drops on annotated
    spans (where the model is calm about true hype more often than about false alarms, it
    vets nothing; a tie is vetted, because a false alarm costs a reader's trust and a miss
    does not: spans-v8's bait hooks, 7 and 7)."""
    rows = []  # (category, sentence max, on a span, in a sober text)
    for doc, item, probs, found in zip(docs, labelled, probs_by_doc, ruled):
        if not len(doc):
            continue
        hype = probs[:, 1:].max(axis=1)
        for start, end, category in found:
            match = doc.char_span(start, end, alignment_mode="expand")
            if category not in categories or match is None:
                continue
            sent = match.sent  # the sentence the match starts in
            on = any(a < end and start < b for a, b, _ in item.spans)
            rows.append((category, float(hype[sent.start : sent.end].max()), on, item.kind == "sober"))
    true = sum(on for _, _, on, _ in rows)
    out = {"threshold": None, "categories": [], "rule_findings": len(rows), "on_spans": true,
           "in_sober": sum(sober for *_, sober in rows)}
    for t in VET_GRID:
        dropped = [(c, on, sober) for c, m, on, sober in rows if m < t]
        lost = sum(on for _, on, _ in dropped)
        if lost > VET_MAX_LOSS * true:
            break
        by_category = {c: {"on_spans": sum(on for d, on, _ in dropped if d == c),
                           "in_sober": sum(sober for d, _, sober in dropped if d == c)} for c in sorted(categories)}
        out.update(threshold=t, dropped_on_spans=lost, dropped_in_sober=sum(s for *_, s in dropped),
                   dropped_off_spans=sum(not on for _, on, _ in dropped), dropped_by_category=by_category,
                   categories=[c for c, n in by_category.items() if n["in_sober"] and n["in_sober"] >= n["on_spans"]])
    return out
