"""Superlatives found by the tagger (JJS/RBS, 'most/least + adjective')."""

from __future__ import annotations

from .base import Hit

_EXTEND_TAGS = frozenset({"JJ", "NN", "NNS", "NNP", "NNPS", "HYPH", "VBG"})
_PERIOD_WORDS = frozenset({"year", "decade", "century", "season", "generation", "time", "history"})


def superlative_tags(doc, rule, ctx):
    """Evaluative superlatives ('the best crime show of 2025', 'most gripping').

    Measurable superlatives ('largest city', 'oldest member') and function words the
    tagger also marks JJS ('latest', 'least', 'most people') are left alone: they are
    facts to check, not hype. The span grows to the noun phrase and a trailing
    'of 2025' / 'of the decade' so that the reader sees the whole claim.
    """
    ignore = set(rule.params.get("ignore", ()))
    measurable = set(rule.params.get("measurable", ()))
    not_hype_after = set(rule.params.get("not_hype_after", ()))
    for token in doc:
        if token.tag_ not in ("JJS", "RBS"):
            continue
        word = token.lower_
        if word in ("most", "least"):
            nxt = token.nbor(1) if token.i + 1 < len(doc) else None
            if nxt is None or nxt.pos_ not in ("ADJ", "ADV") or nxt.lower_ in measurable or nxt.lower_ in ignore:
                continue
            head = nxt
        else:
            if word in ignore or word in measurable or token.lemma_.lower() in ignore:
                continue
            head = token
        if token.i > 0 and doc[token.i - 1].lower_ in ("at", "your"):
            continue  # 'at best', 'at most'; 'your best' is advice, not a claim
        nxt = doc[head.i + 1] if head.i + 1 < len(doc) else None
        if nxt is not None and (nxt.lower_ in not_hype_after or (nxt.tag_ == "HYPH" and head.i + 2 < len(doc) and doc[head.i + 2].lower_ in not_hype_after)):
            continue  # 'best practices', 'best-selling'
        start = token.i
        if start > 0 and doc[start - 1].tag_ in ("DT", "PRP$", "POS"):
            start -= 1
        end = head.i + 1
        while end < len(doc) and doc[end].tag_ in _EXTEND_TAGS and doc[end].sent_start != 1:
            end += 1
        if end + 1 < len(doc) and doc[end].lower_ in ("of", "in"):
            after = doc[end + 1]
            if after.like_num:
                end += 2
            elif after.lower_ in ("the", "all") and end + 2 < len(doc) and doc[end + 2].lower_ in _PERIOD_WORDS:
                end += 3
            elif after.lower_ in _PERIOD_WORDS:
                end += 2
        if end < len(doc) and doc[end].lower_ == "ever":
            end += 1
        span = doc[start:end]
        yield Hit(span.start_char, span.end_char)
