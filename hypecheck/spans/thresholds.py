"""Per-category thresholds: as much recall as a fixed false-alarm budget on sober text allows.

Proposals are scored as they will be used: decoded to spans, then passed through the
learned rules' context conditions. For each category and candidate threshold we count
the annotated spans found (recall) and the proposals in sober or everyday texts that
match no annotated span (false alarms). A greedy allocation then lowers, one step at a
time, the threshold that buys the most recall per false alarm, until the budget is spent.
A category whose proposals are mostly wrong (precision under ``MIN_PRECISION`` on the
hype texts) stays off.
"""

from __future__ import annotations

import numpy as np

from .model import decode

GRID = np.round(np.arange(0.95, 0.24, -0.05), 2)  # from strict to lenient
SOBER_BUDGET = 0.5  # false alarms per 1,000 words of sober text, all categories together
MIN_PRECISION = 0.5


def conditions() -> dict[str, list]:
    """The `unless` conditions of the learned rules, by category."""
    from ..detectors.context import CONDITIONS
    from ..rules import builtin_rules

    return {r.category: [CONDITIONS[c] for c in r.unless] for r in builtin_rules() if r.detector == "learned"}


def curve(docs, labelled, probs_by_doc, labels, c: int, unless) -> list[dict]:
    """For each threshold of GRID: found, gold, false alarms on sober texts, precision."""
    label = labels[c]
    gold = [(k, s, e) for k, item in enumerate(labelled) for s, e, cat in item.spans if cat == label]
    anything = [(k, s, e, cat) for k, item in enumerate(labelled) for s, e, cat in item.spans]
    out = []
    for t in GRID:
        th = np.full(len(labels), 2.0, np.float32)
        th[c] = t
        props = []
        for k, doc in enumerate(docs):
            for p in decode(doc, probs_by_doc[k], labels, th):
                span = doc[p.start : p.end]
                if not any(cond(span) for cond in unless.get(label, [])):
                    props.append((k, span.start_char, span.end_char))
        # Right: on an annotated span of any category (a hyped phrase given a neighbouring
        # category still points the reader at hype); found: same category, as recall counts it.
        right = [any(k == g and s < ge and gs < e for g, gs, ge, _ in anything) for k, s, e in props]
        found = sum(any(k == g and s < ge and gs < e for k, s, e in props) for g, gs, ge in gold)
        false_sober = sum(1 for (k, _, _), ok in zip(props, right) if labelled[k].kind != "hype" and not ok)
        hype = [ok for (k, _, _), ok in zip(props, right) if labelled[k].kind == "hype"]
        out.append({"threshold": float(t), "found": found, "gold": len(gold), "false_sober": false_sober,
                    "precision": float(np.mean(hype)) if hype else 0.0})
    return out


def allocate(curves: dict[int, list[dict]], sober_words: int, budget: float = SOBER_BUDGET) -> dict[int, int]:
    """Greedy: index into GRID per category (-1 = off), spending at most ``budget`` per 1k words."""
    allowed = budget * sober_words / 1000
    at = {c: -1 for c in curves}
    spent = 0.0
    while True:
        best = None
        for c, points in curves.items():
            for nxt in range(at[c] + 1, len(points)):
                p = points[nxt]
                if p["precision"] < MIN_PRECISION:
                    break
                prev = points[at[c]] if at[c] >= 0 else {"found": 0, "false_sober": 0}
                gain, cost = p["found"] - prev["found"], p["false_sober"] - prev["false_sober"]
                if gain <= 0 or spent + cost > allowed:
                    continue
                ratio = gain / (cost + 0.5)
                if best is None or ratio > best[0]:
                    best = (ratio, c, nxt, cost)
        if best is None:
            return at
        _, c, nxt, cost = best
        at[c], spent = nxt, spent + cost
