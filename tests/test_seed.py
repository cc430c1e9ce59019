"""The user's own example, ../shared/seed/ballard-article.txt: every device an editor
would mark must be found with the right category and span (issue 3's list)."""

from __future__ import annotations

import pytest

EXPECTED = [
    ("shouting", "BOSCH CAN’T COMPETE!"),
    ("unverifiable_claim", "#1 crime event on Netflix right now"),
    ("contradiction", "#1 crime event on Netflix right now"),
    ("vague_attribution", "critics are calling"),
    ("vague_attribution", "fans say"),
    ("unverifiable_claim", "Breaking Every Record"),
    ("unverifiable_claim", "record-breaking viewership"),
    ("unverifiable_claim", "skyrocketed to the No. 1 spot"),
    ("clickbait_hook", "FULL STORY + streaming link below"),
    ("clickbait_hook", "you can’t afford to miss"),
    ("superlative", "the thriller of the decade"),
    ("superlative", "the best crime show of 2025"),
    ("hype_language", "a full-blown adrenaline rush"),
    ("hype_language", "must-watch"),
    ("hype_language", "juggernaut"),
    ("contradiction", "“Maggie and I had never met"),
]


@pytest.fixture(scope="module")
def report(nlp_analyzer, seed_text):
    from hypecheck.sources import from_text

    return next(nlp_analyzer.analyze_sources([from_text(seed_text, "ballard-article.txt")]))


@pytest.mark.parametrize(("category", "phrase"), EXPECTED, ids=[f"{c}:{p[:25]}" for c, p in EXPECTED])
def test_seed_device_is_flagged(report, seed_text, category, phrase):
    start = seed_text.index(phrase)
    end = start + len(phrase)
    hits = [f for f in report.findings if f.category == category and f.start < end and start < f.end]
    assert hits, f"no {category} finding on {phrase!r}"
    # The span is the phrase itself, give or take a word: not a whole sentence.
    assert any(abs(len(f.text) - len(phrase)) <= 12 or f.text.startswith(phrase[:10]) for f in hits), [
        f.text for f in hits
    ]


def test_platform_contradiction_points_at_the_body_saying_prime_video(report, seed_text):
    (finding,) = [f for f in report.findings if f.rule == "contradiction.platform"]
    assert finding.related is not None and finding.related.text == "Prime Video"
    assert seed_text[finding.related.start : finding.related.end] == "Prime Video"
    assert finding.related.start > seed_text.index("In the crowded world")
    assert "Netflix" in finding.message and "Prime Video" in finding.message


def test_misattributed_quote_names_the_speaker(report):
    (finding,) = [f for f in report.findings if f.rule == "contradiction.quote_attribution"]
    assert finding.related.text == "Maggie Q"


def test_acronyms_are_not_shouting(report):
    shouted = " ".join(f.text for f in report.findings if f.category == "shouting")
    assert "LAPD" not in shouted and "HBO" not in shouted


def test_named_critics_are_not_vague(report, seed_text):
    # "Collider’s Jasneet Singh praised the show" names its source.
    start = seed_text.index("Collider’s Jasneet Singh")
    sentence_end = seed_text.index(".", start)
    assert not [
        f for f in report.findings if f.category == "vague_attribution" and start <= f.start < sentence_end
    ]


def test_seed_scores_as_sensational(report):
    assert report.score >= 65 and report.verdict == "sensational"
