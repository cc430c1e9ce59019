"""Strategies and checks shared by the property tests (tests/test_fuzz_*.py)."""

from __future__ import annotations

import os
import re

from hypothesis import strategies as st

SLOW = os.environ.get("HYPECHECK_FUZZ") == "slow"
MAX_PIECES = 400 if SLOW else 40  # bounds the size of generated texts

# Pieces that reach the rules, the detectors and the readers' edge cases.
PIECES = [
    "You", "won't", "believe", "what", "happened", "next", "AMAZING", "SHOCKING", "the", "most",
    "incredible", "ever", "!!!", "!", "?", "...", "10", "episodes", "all 8 episodes", "10-episode",
    "#1 on Netflix", "Prime Video", "experts say", "sources", "said", '"', "“", "”", "'", "’", "—",
    "-", ":", "(", ")", "\n", "\n\n", "\r\n", "\t", " ", "😀", "🔥", "$", "€", "é", "ß", "İ", "\u0301",
    "\u200b", "\ufeff", "\u00a0", "\u2028", "\x00", "\x0c", "漢字", "العربية", "http://x.example/a",
    "#", "##", ">", "*", "_", "`", "```", "- ", "1. ", "|", "[link](http://x.example)", "<b>", "</b>",
    "<!-- hypecheck: ignore -->", "<!-- hypecheck: off -->", "<!-- hypecheck: on -->", "&amp;", "&",
]

_chars = st.characters(exclude_categories=("Cs",))  # lone surrogates are refused, by design
texts = st.one_of(
    st.text(_chars, max_size=MAX_PIECES * 5),
    st.lists(st.one_of(st.sampled_from(PIECES), st.text(_chars, max_size=6)), max_size=MAX_PIECES).map(" ".join),
    st.lists(st.sampled_from(PIECES), max_size=MAX_PIECES).map("".join),
)


def check_report(report, text: str) -> None:
    """What every report must hold: exact slices and positions, a score in range."""
    assert isinstance(report.score, int) and 0 <= report.score <= 100
    assert report.clickbait_probability is None or 0.0 <= report.clickbait_probability <= 1.0
    assert report.text == text
    line_starts = [0] + [m.end() for m in re.finditer("\n", text)]
    for f in report.findings:
        assert 0 <= f.start < f.end <= len(text)
        assert f.text == text[f.start : f.end]
        assert line_starts[f.line - 1] <= f.start
        assert f.line == len(line_starts) or f.start < line_starts[f.line]
        assert f.column == f.start - line_starts[f.line - 1] + 1
        if f.related is not None:
            assert 0 <= f.related.start <= f.related.end <= len(text)
    for start, end in report.sentences:
        assert 0 <= start <= end <= len(text)


def check_source(source) -> None:
    """A reader's Source: ranges inside the text, analysis text aligned with it."""
    n = len(source.text)
    assert len(source.nlp_text) == n
    if source.headline_start is not None:
        assert source.text[source.headline_start : source.headline_start + len(source.headline)] == source.headline
    for start, end in source.quoted:
        assert 0 <= start <= end <= n
    for start, end, _rule in source.suppress:
        assert 0 <= start <= end <= n
