"""Candidate pairs of ledger claims for the trained pair scorer, and their features.

A candidate is two claims of one kind (and unit; counts of one noun or one topic group), in
different sentences, whose values cannot both be true by the same tests compare.py uses (its
intervals and tolerances): the scorer only decides whether they speak of the same thing. Features are generic: overlaps of the words,
names, verbs and heads around the figures, where they stand, what marks them (a reference
back, a change, an approximation, a quotation), how far apart the values are, and how
crowded the text is with figures of the kind. Word lists are lexicons (rules/lexicons.yaml).
"""

from __future__ import annotations

import math
from bisect import bisect_left
from dataclasses import dataclass

import numpy as np

from ..rules.lexicons import words
from . import compare
from .model import Claim
from .page import Page, any_of_words, topics_of

# The kinds the scorer compares, each with its family (one-hot feature). Not ages: since
# the ledger reads restated ages ("Now 41, she..."), the scorer paired the ages of two
# people (2 of 368 real articles); ages are compared only with the person's name (ages.py).
FAMILY = {"money": "money", "count": "count", "percent": "percent", "duration": "measure", "distance": "measure",
          "area": "measure", "weight": "measure", "speed": "measure", "rank": "rank",
          "rating": "score", "score": "score", "date": "date", "weekday": "date", "place": "place"}
FAMILIES = ("money", "count", "percent", "measure", "rank", "score", "date", "place")

FEATURES = (
    *(f"family_{f}" for f in FAMILIES),
    "context_jaccard", "context_shared", "topic_jaccard", "topic_shared", "about_shared",
    "names_both", "names_overlap", "names_clash", "verbs_both", "verbs_same", "heads_both", "heads_same",
    "unit_same", "unit_topic_same",
    "a_headline", "a_lead", "b_lead", "same_paragraph", "paragraph_distance", "line_distance",
    "a_definite", "b_definite", "b_possessive",
    "a_change", "b_change", "a_time_other", "b_time_other", "years_differ",
    "a_about", "a_bound", "b_about", "b_bound", "a_range", "b_range",
    "a_quoted", "b_quoted", "qualifiers_apart", "qualifiers_shared",
    "log_ratio", "kind_count", "between_same", "a_restated", "b_restated",
    "change_words_between", "change_words_b_sentence", "comparison_b_sentence", "several_events",
    "by_wording", "by_context", "loosely_same", "subjects_clash", "both_debut",
    "a_first_of_kind", "a_nearest",
    # the hand-written comparisons linked this very pair; they linked one of its claims to another
    "hand_linked", "hand_other",
    # the other value stated beside one of them, in its own sentence ("both the 5,000m and 10,000m"): two things
    "beside_other_value",
)

# The conflict kinds of compare.py the learned vet may overrule: the figures the scorer reads.
# Not ages (not a scorer kind), availability, quotes or contact: those rules stand as written.
VETTED = frozenset({"money", "count", "percent", "duration", "distance", "area", "weight", "speed",
                    "chart", "rating", "score", "date", "place"})


# The scorer learned from texts of at most about 1,300 characters; two claims further apart
# than any pair it saw are left to the hand-written comparisons, unless the first is in the
# headline (the teaser-against-body case, at any length).
MAX_APART = 1_500


@dataclass(frozen=True)
class Candidate:
    a: Claim  # the earlier claim
    b: Claim  # the later one, where a finding goes


def candidates(claims: list[Claim], page: Page, exclude: frozenset[int] = frozenset()) -> list[Candidate]:
    """Pairs of one kind, in different sentences, whose values disagree beyond tolerance,
    at most MAX_APART characters apart or with the first in the headline.
    Each claim is paired with the text's first and most recent claims of its kind (compare's
    window), so a long text costs linear time. ``exclude``: ids of later claims already
    in a hand-written conflict."""
    by_kind: dict[str, list[Claim]] = {}
    for c in claims:
        if c.kind in FAMILY:
            by_kind.setdefault(c.kind, []).append(c)
    out = []
    for items in by_kind.values():
        for i, b in enumerate(items):
            if id(b) in exclude:
                continue
            for a in compare._earlier(items, i):
                near = b.start - a.end <= MAX_APART or a.line == 1
                if near and _disagree(a, b) and page.sentence(a.start) != page.sentence(b.start):
                    out.append(Candidate(a, b))
    return out


def in_conflict(hand: list) -> frozenset[int]:
    """Ids of the claims in a hand-written conflict: the scorer proposes no pair for them."""
    return frozenset(id(c.claim) for c in hand) | frozenset(id(c.other) for c in hand)


def vettable(conflict) -> bool:
    """A hand-written conflict of two figures the scorer reads (compare.py's kinds)."""
    return conflict.kind in VETTED and conflict.claim.kind in FAMILY and conflict.other.kind in FAMILY


def with_hand(claims: list[Claim], page: Page, hand: list) -> tuple[list[Candidate], list[int]]:
    """Every candidate, and the vettable hand-written conflicts as pairs too (added when the
    candidate filter would not list them: far apart, a margin against a score); the second
    list gives, per hand-written conflict (None when not vettable), its pair's index."""
    pairs = candidates(claims, page)
    at = {(id(p.a), id(p.b)): i for i, p in enumerate(pairs)}
    index = []
    for c in hand:
        if not vettable(c):
            index.append(None)
            continue
        key = (id(c.other), id(c.claim))
        if key not in at:
            at[key] = len(pairs)
            pairs.append(Candidate(c.other, c.claim))
        index.append(at[key])
    return pairs, index


def _disagree(a: Claim, b: Claim) -> bool:
    kind = a.kind
    if kind in compare.QUANTITIES:
        if a.unit != b.unit and (kind != "count" or not topics_of([a.unit]) & topics_of([b.unit])):
            return False  # counts of two nouns of one topic group ("jobs", "positions") may be one count
        return not compare.compatible(a, b)
    if kind == "rating":
        return a.unit == b.unit and a.value != b.value
    if kind == "score":
        if a.unit == b.unit == "score":
            return a.value != b.value
        return a.detail.get("margin") != b.detail.get("margin")
    if kind == "date":
        return a.value.split(",")[0] != b.value.split(",")[0]
    if kind == "place":
        x, y = a.value.lower(), b.value.lower()
        return x not in y and y not in x
    return a.value != b.value  # rank, weekday


class Text:
    """What the features read of one document, computed once for all its pairs."""

    def __init__(self, claims: list[Claim], page: Page, hand: list = ()) -> None:
        self.claims = claims
        self.page = page
        self.hand = frozenset((id(c.other), id(c.claim)) for c in hand)
        self.in_hand = in_conflict(hand)
        self.index = {id(c): i for i, c in enumerate(claims)}
        self.same: dict[tuple[str, str], list[Claim]] = {}
        for c in claims:
            self.same.setdefault(_key(c), []).append(c)
        text = page.text
        self.change_at = sorted({m.start() for name in ("change_markers", "change_verbs")
                                 for m in any_of_words(name).finditer(text)})
        self.comparison_at = [m.start() for m in any_of_words("comparison_cues").finditer(text)]

    def count(self, positions: list[int], start: int, end: int) -> int:
        return bisect_left(positions, end) - bisect_left(positions, start)


def _key(c: Claim) -> tuple[str, str]:
    return c.kind, "" if c.kind == "count" else str(c.unit)


def _jaccard(x: frozenset, y: frozenset) -> float:
    union = len(x | y)
    return len(x & y) / union if union else 0.0


def _content(topic: frozenset[str]) -> frozenset[str]:
    return frozenset(t for t in topic if not t.startswith("v:")) - compare._GENERIC


def features(pair: Candidate, text: Text, pool: list[Candidate] | None = None) -> list[float]:
    """The feature vector of one pair, in FEATURES' order. ``pool``: the candidates of the
    same later claim (for "a is the nearest of them")."""
    a, b, page = pair.a, pair.b, text.page
    da, db = a.detail, b.detail
    family = FAMILY[a.kind]
    out = [float(family == f) for f in FAMILIES]

    ctx_a, ctx_b = da.get("context") or frozenset(), db.get("context") or frozenset()
    top_a, top_b = compare._base(a.topic), compare._base(b.topic)
    about = (compare._about(a) & compare._about(b)) - compare._GENERIC
    out += [_jaccard(ctx_a, ctx_b), min(len((ctx_a & ctx_b) - compare._GENERIC), 3), _jaccard(top_a, top_b),
            min(len(_content(a.topic) & _content(b.topic)), 3), min(len(_content(about) - compare._DIRECTIONS), 3)]

    names_a, names_b = da.get("names") or frozenset(), db.get("names") or frozenset()
    both_names = bool(names_a and names_b)
    verbs = da.get("verb"), db.get("verb")
    heads = da.get("head"), db.get("head")
    out += [float(both_names), float(bool(names_a & names_b)), float(both_names and not names_a & names_b),
            float(all(verbs)), float(all(verbs) and bool(topics_of(verbs[:1]) & topics_of(verbs[1:]))),
            float(all(heads)), float(all(heads) and bool(topics_of(heads[:1]) & topics_of(heads[1:])))]

    units = (a.unit, b.unit) if isinstance(a.unit, str) else ("", "")
    out += [float(a.unit == b.unit),
            float(a.unit == b.unit or bool(a.kind == "count" and topics_of(units[:1]) & topics_of(units[1:])))]

    para_a, para_b = page.paragraph(a.start), page.paragraph(b.start)
    out += [float(a.line == 1), float(bool(da.get("lead"))), float(bool(db.get("lead"))), float(para_a == para_b),
            math.log1p(abs(para_b - para_a)), math.log1p(abs(b.line - a.line))]
    out += [float(a.definite), float(b.definite), float(bool(db.get("possessive")))]

    time_a, time_b = da.get("time") or (False, frozenset()), db.get("time") or (False, frozenset())
    out += [float(a.change), float(b.change), float(time_a[0]), float(time_b[0]), float(time_a[1] != time_b[1])]
    out += [float(a.approx == "about"), float(a.approx in ("at least", "at most")), float(b.approx == "about"),
            float(b.approx in ("at least", "at most")), float(a.low is not None), float(b.low is not None)]

    strong = words("weak_qualifiers")
    out += [float(a.quoted), float(b.quoted), min(len((a.qualifiers ^ b.qualifiers) - strong), 3),
            min(len(a.qualifiers & b.qualifiers), 3)]

    out.append(_log_ratio(a, b))
    same = text.same.get(_key(b), [])
    ia, ib = text.index[id(a)], text.index[id(b)]
    between = sum(1 for c in same if ia < text.index[id(c)] < ib)
    out += [math.log1p(len(same)), math.log1p(between),
            float(any(c is not a and c is not b and _restates(c, a) for c in same)),
            float(any(c is not a and c is not b and _restates(c, b) for c in same))]

    s0, _ = page.sentence(b.start)
    out += [min(text.count(text.change_at, a.end, b.start), 5), float(text.count(text.change_at, s0, b.start) > 0),
            float(text.count(text.comparison_at, *page.sentence(b.start)) > 0)]
    shared_events = a.topic & b.topic
    out.append(float(family in ("date", "place") and any(page.multiple(t) for t in shared_events)))

    quantity = a.kind in compare.QUANTITIES
    out += [float(quantity and bool(compare._by_wording(a, b))), float(quantity and bool(compare._by_context(a, b))),
            float(quantity and compare._loosely_same(a, b, text.claims, page))]
    subjects = da.get("subject"), db.get("subject")
    out += [float(all(subjects) and subjects[0] != subjects[1]),
            float("debut" in a.qualifiers and "debut" in b.qualifiers)]

    out.append(float(same[0] is a) if same else 0.0)
    nearest = max((p.a.start for p in pool), default=a.start) if pool else a.start
    out.append(float(nearest == a.start))
    linked = (id(a), id(b)) in text.hand
    out += [float(linked), float(not linked and (id(a) in text.in_hand or id(b) in text.in_hand))]
    out.append(float(any(c is not x and page.sentence(c.start) == page.sentence(x.start) and _restates(c, y)
                         for x, y in ((a, b), (b, a)) for c in same)))
    return out


def _log_ratio(a: Claim, b: Claim) -> float:
    if not isinstance(a.value, float) or not isinstance(b.value, float):
        return 0.0
    low, high = sorted((abs(a.value), abs(b.value)))
    if low == 0:
        return 5.0
    return min(math.log(high / low), 5.0)


def _restates(c: Claim, x: Claim) -> bool:
    """c gives x's value again."""
    if isinstance(x.value, float) and isinstance(c.value, float):
        return c.unit == x.unit and compare.compatible(c, x)
    return c.value == x.value


def matrix(pairs: list[Candidate], text: Text) -> np.ndarray:
    """The feature rows of a document's candidates (float32, one row a pair)."""
    if not pairs:
        return np.zeros((0, len(FEATURES)), np.float32)
    pools: dict[int, list[Candidate]] = {}
    for p in pairs:
        pools.setdefault(id(p.b), []).append(p)
    return np.array([features(p, text, pools[id(p.b)]) for p in pairs], np.float32)
