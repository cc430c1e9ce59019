"""Superlatives found by the tagger (JJS/RBS, 'most/least + adjective')."""

from __future__ import annotations

from ..rules.lexicons import words
from .base import Hit

_EXTEND_TAGS = frozenset({"JJ", "NN", "NNS", "NNP", "NNPS", "VBG"})
# Word lists in rules/lexicons.yaml: period_words ("of the decade"), and crown_superlatives,
# evaluative superlatives that count whatever their tag, since title-case and capitalised
# headlines confuse the tagger ("The BEST Burger").


def superlative_tags(doc, rule, ctx):
    """Evaluative superlatives ('the best crime show of 2025', 'most gripping').

    Left alone: measurable superlatives ('largest city', 'oldest member') and words the
    tagger also marks JJS ('latest', 'least', 'most people'), which are facts to check
    rather than hype; compounds ('best-selling', 'best-known'); 'at best', 'your best';
    and a superlative measured against a span of time ('strongest earthquake in 40
    years'). The span grows over the noun phrase and a trailing 'of 2025' / 'of the
    decade' / 'ever' so the reader sees the whole claim.
    """
    ignore = set(rule.params.get("ignore", ()))
    measurable = set(rule.params.get("measurable", ()))
    not_hype_after = set(rule.params.get("not_hype_after", ()))
    not_hype_before = set(rule.params.get("not_hype_before", ()))
    always, periods = words("crown_superlatives"), words("period_words")
    for token in doc:
        word = token.lower_
        if token.tag_ not in ("JJS", "RBS") and word not in always:
            continue
        has_determiner = token.i > 0 and doc[token.i - 1].tag_ in ("DT", "PRP$", "POS")
        if word in ("most", "least"):
            nxt = doc[token.i + 1] if token.i + 1 < len(doc) else None
            if nxt is None or nxt.tag_ not in ("JJ", "RB", "VBN") or nxt.lower_ in measurable or nxt.lower_ in ignore:
                continue
            after_adj = doc[nxt.i + 1] if nxt.i + 1 < len(doc) else None
            if not has_determiner and after_adj is not None and after_adj.pos_ in ("NOUN", "PROPN"):
                continue  # 'most current officeholders': most = the majority of
            head = nxt
        else:
            if word in ignore or word in measurable or token.lemma_.lower() in ignore:
                continue
            if word not in always and token.lemma_.lower() == word:
                continue  # tagger slips: 'detest', 'disinterest' are not superlatives
            head = token
        before = doc[token.i - 1] if token.i > 0 else None
        if before is not None and before.lower_ in ("at", "your", "my", "our"):
            continue
        if before is not None and before.lower_ in not_hype_before:
            continue  # a record with its owner: 'personal best of 2:05:41', 'its previous best'
        if _ranks_a_condition(token, before, has_determiner) or _names_a_title(token, before):
            continue
        if token.i > 1 and doc[token.i - 2].lower_ == "at" and doc[token.i - 1].tag_ == "PRP$":
            continue  # 'at its finest', 'at their most noble'
        after = doc[head.i + 1] if head.i + 1 < len(doc) else None
        if after is not None and (after.lower_ in not_hype_after or after.text in ("-", "‑")):
            continue
        start = token.i
        if start > 0 and doc[start - 1].tag_ in ("DT", "PRP$"):
            start -= 1
        end = head.i + 1
        while end < len(doc) and doc[end].tag_ in _EXTEND_TAGS and not doc[end].is_sent_start:
            end += 1
        phrase_end = end
        if end + 1 < len(doc) and doc[end].lower_ in ("in", "since") and doc[end + 1].like_num:
            continue  # measured against a period: a record claim with its yardstick
        if end + 1 < len(doc) and doc[end].lower_ in ("of", "in"):
            nxt = doc[end + 1]
            if nxt.like_num:
                end += 2
            elif nxt.lower_ in ("the", "all") and end + 2 < len(doc) and doc[end + 2].lower_ in periods:
                end += 3
            elif nxt.lower_ in periods:
                end += 2
            elif nxt.pos_ == "ADJ" and end + 2 < len(doc) and doc[end + 2].lower_ in periods:
                end += 3  # 'in human history', 'in recorded history'
        if end < len(doc) and doc[end].lower_ == "ever":
            end += 1
        elif end + 1 < len(doc) and doc[end].lower_ == "to" and doc[end + 1].tag_ == "VB":
            continue  # advice, not a crown: 'the best time to announce', 'the easiest way to start'
        elif has_determiner and doc[token.i - 1].tag_ == "PRP$" and end == phrase_end:
            # ranked within the owner's own work: 'his greatest achievements', 'their best
            # choice' (but "the world's best", "Britain's most trusted" are crowns)
            continue
        span = doc[start:end]
        yield Hit(span.start_char, span.end_char)


def _ranks_a_condition(token, before, has_determiner: bool) -> bool:
    """A superlative after a verb, with no article, compares the conditions of one thing,
    not the thing with its rivals: 'is most effective on steady sound', 'are best booked
    through an app', 'toiletries are most needed', 'the cost falls hardest on the poor'."""
    if has_determiner or before is None:
        return False
    doc = token.doc
    head = token.i + 1 if token.lower_ in ("most", "least") else token.i
    after = doc[head + 1] if head + 1 < len(doc) else None
    if after is not None and (after.pos_ in ("NOUN", "PROPN") or after.lower_ == "ever"):
        return False  # a noun after it is crowned: 'has worst day ever'
    return before.pos_ == "AUX" or (token.tag_ in ("RBS", "RB") and token.lower_ not in ("most", "least") and before.pos_ == "VERB")


def _names_a_title(token, before) -> bool:
    """A capitalised superlative inside a lower-case sentence that goes on in capitals is a
    name: an award category ('won Best Sound at the IFTAs', 'shortlisted for Best
    Collection'). In a title-case headline the word before is capitalised too."""
    doc = token.doc
    after = doc[token.i + 1] if token.i + 1 < len(doc) else None
    return (
        token.is_title
        and before is not None
        and before.is_alpha
        and before.is_lower
        and before.tag_ not in ("DT", "PRP$")
        and after is not None
        and after.is_title
    )
