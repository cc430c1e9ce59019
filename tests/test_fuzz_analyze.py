"""Property tests of analyze(): any text is analysed or refused with a documented error,
and every finding points at exactly its text (issue 12, "Also"). HYPECHECK_FUZZ=slow runs
many more examples (see conftest.py)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fuzz_text import check_report, texts
from hypecheck.errors import InputError


@pytest.fixture(scope="module")
def blank_with_classifier():
    from hypecheck.engine import Analyzer

    return Analyzer(model="blank")


def _analyze(analyzer, text):
    try:
        report = analyzer.analyze(text)
    except InputError as exc:
        assert not text.strip(), exc  # only an empty text is refused
        return
    check_report(report, text)


@given(text=texts)
def test_any_text_on_the_blank_pipeline(blank_with_classifier, text):
    _analyze(blank_with_classifier, text)


@settings(max_examples=settings().max_examples // 2)
@given(text=texts)
def test_any_text_on_the_statistical_pipeline(nlp_analyzer, text):
    _analyze(nlp_analyzer, text)


@given(unit=st.sampled_from(["$", "!", "😀", "a", "A", ".", "-", "\u0301", "#"]), n=st.integers(200, 3_000), prefix=texts)
def test_long_runs_keep_their_offsets(blank_with_classifier, unit, n, prefix):
    _analyze(blank_with_classifier, prefix + " " + unit * n + " the most AMAZING thing!!!")


@given(text=texts)
def test_analyses_in_pieces_keep_offsets(blank, text):
    with pytest.MonkeyPatch.context() as mp:  # pieces of a few characters
        mp.setattr("hypecheck.pieces.WHOLE_CHARS", 20)
        mp.setattr("hypecheck.pieces.PIECE_CHARS", 15)
        _analyze(blank, text)
