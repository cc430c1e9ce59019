"""The anchored matcher finds exactly what one spaCy Matcher over the whole Doc finds."""

from __future__ import annotations

import pytest

from conftest import FIXTURES, REPO, SEED
from hypecheck.matching import AnchoredMatcher, find_anchor
from hypecheck.rules import builtin_rules


def test_anchor_prefers_a_rare_word_to_a_common_one():
    pattern = [{"LOWER": "you"}, {"LOWER": {"IN": ["believe", "guess"]}}]
    assert find_anchor(pattern) == ("LOWER", ("believe", "guess"), 1, 0)


def test_anchor_window_counts_optional_and_repeated_tokens():
    pattern = [
        {"IS_ALPHA": True, "OP": "?"},
        {"LOWER": "link"},
        {"IS_ASCII": True, "OP": "{0,3}"},
        {"LOWER": {"IN": ["bio", "comments"]}, "OP": "?"},
    ]
    assert find_anchor(pattern) == ("LOWER", ("link",), 1, 4)


def test_optional_tokens_and_unbounded_reach_are_never_anchors():
    assert find_anchor([{"LOWER": "full", "OP": "?"}, {"IS_UPPER": True}]) is None
    assert find_anchor([{"LOWER": "chart"}, {"IS_TITLE": True, "OP": "+"}]) is None
    assert find_anchor([{"TEXT": {"REGEX": "^#1$"}}]) is None
    assert find_anchor([{"TEXT": "#1"}, {"IS_ALPHA": True}])[:2] == ("ORTH", ("#1",))


def _both(nlp, patterns):
    from spacy.matcher import Matcher

    plain, anchored = Matcher(nlp.vocab), AnchoredMatcher(nlp.vocab)
    for key, pats in patterns.items():
        plain.add(key, pats)
        anchored.add(key, pats)
    return plain, anchored


def _same(plain, anchored, doc):
    expected = sorted(set(plain(doc)), key=lambda m: (m[1], m[2], m[0]))
    assert anchored(doc) == expected
    return expected


def test_matches_starting_before_the_anchor_and_overlapping_windows(blank):
    nlp = blank.pipeline.nlp
    plain, anchored = _both(nlp, {
        "link": [[{"IS_ALPHA": True, "OP": "?"}, {"LOWER": "link"}, {"LOWER": {"IN": ["below", "in"]}}]],
        "caps": [[{"IS_UPPER": True, "OP": "+"}, {"LOWER": "now"}]],
        "ever": [[{"LOWER": "best"}, {"IS_ALPHA": True, "OP": "{0,2}"}, {"LOWER": "ever"}]],
    })
    doc = nlp("Tap the link below, the link in bio and the BEST show ever, best film of all ever. WATCH NOW")
    found = _same(plain, anchored, doc)
    assert {doc.vocab.strings[k] for k, _, _ in found} == {"link", "caps", "ever"}
    assert ("link", "the link below") in {(doc.vocab.strings[k], doc[s:e].text) for k, s, e in found}


def test_no_anchor_in_the_text_means_no_match(blank):
    nlp = blank.pipeline.nlp
    plain, anchored = _both(nlp, {"link": [[{"LOWER": "link"}, {"LOWER": "below"}]]})
    assert _same(plain, anchored, nlp("Nothing to see here.")) == []
    assert _same(plain, anchored, nlp("")) == []


def _texts():
    for rule in builtin_rules():
        yield from rule.examples.flag
        yield from rule.examples.passes
    for folder in (REPO / "data", FIXTURES):
        for path in sorted(folder.rglob("*.txt")):
            yield path.read_text(encoding="utf-8", errors="replace")
    if SEED.exists():
        yield SEED.read_text(encoding="utf-8")


def test_same_matches_as_one_matcher_on_every_example_and_article(nlp_analyzer):
    """Every built-in pattern on every rule example, development article and fixture."""
    from spacy.matcher import Matcher

    from hypecheck.component import _usable
    from hypecheck.matching import split_joined_values

    nlp = nlp_analyzer.pipeline.nlp
    components = {"tagger" if n in ("tagger", "morphologizer") else n for n in nlp.pipe_names}
    plain = Matcher(nlp.vocab)
    for rule in nlp_analyzer.rules:
        patterns = [list(p) for p in rule.patterns or () if _usable(p, components)]
        if patterns:
            plain.add(rule.id, split_joined_values(patterns, nlp.tokenizer))
    total = 0
    for doc in nlp.pipe(_texts()):
        total += len(_same(plain, nlp_analyzer.component._matcher, doc))
    assert total > 200  # the texts do exercise the patterns (256 matches when written)


@pytest.mark.parametrize("bad", [[{"LOWER": "x", "OP": "~"}], [{"LOWR": "x"}]])
def test_invalid_patterns_are_refused_like_spacy_does(blank, bad):
    with pytest.raises(ValueError):
        AnchoredMatcher(blank.pipeline.nlp.vocab).add("bad", [bad])


def test_every_built_in_pattern_passes_spacys_schema(nlp_analyzer):
    """The Analyzer skips spaCy's pattern check for the built-in rules (start-up time): so
    it runs here, on every one of them."""
    from spacy.matcher import Matcher

    matcher = Matcher(nlp_analyzer.pipeline.nlp.vocab, validate=True)
    for rule in builtin_rules():
        for pattern in rule.patterns or ():
            matcher.add(rule.id, [list(pattern)])
    assert len(matcher) == len({r.id for r in builtin_rules() if r.patterns})


def test_rules_given_by_a_caller_are_checked(nlp_analyzer):
    from hypecheck.engine import Analyzer
    from hypecheck.errors import ConfigError
    from hypecheck.rules import parse_rule

    bad = parse_rule({"id": "hype_language.custom_bad", "category": "hype_language", "severity": "low",
                      "description": "d", "message": "m", "rationale": "r",
                      "examples": {"flag": ["x"], "pass": ["y"]},
                      "patterns": [[{"LOWER": "x"}, {"IS_ALPHA": "yes"}]]}, "test")
    with pytest.raises(ConfigError, match="hype_language.custom_bad"):
        Analyzer(rules=(bad,), use_classifier=False)


def test_hyphenated_and_multiword_values_match_as_the_tokenizer_splits_them(blank):
    nlp = blank.pipeline.nlp
    from hypecheck.matching import split_joined_values

    patterns = split_joined_values([[{"LOWER": {"IN": ["mind-boggling", "huge"]}}, {"LOWER": "show"}]], nlp.tokenizer)
    matcher = AnchoredMatcher(nlp.vocab)
    matcher.add("x", patterns)
    doc = nlp("A mind-boggling show and a huge show.")
    assert [doc[s:e].text for _, s, e in matcher(doc)] == ["mind-boggling show", "huge show"]
