"""Where quotations open and close (detectors/context.open_quote), which decides whether a
superlative is someone's quoted words or the writer's own."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hypecheck.detectors.context import open_quote


@pytest.mark.parametrize(
    "before, mark",
    [
        ("He said \u201cit is the", "\u201c"),
        ('He said "it is the', '"'),
        ("'Honestly, it's the", "'"),
        ("\u2018It\u2019s the", "'"),
        ("'Done,' she said. Then the", None),
        ('"Done," she said. Then the', None),
        ("I've got the", None),
        ("It\u2019s the", None),
        ("Rock 'n' roll is the", None),
        ("the dogs' bowls and the", None),
        ("He said \"she called it 'the", "'"),
        ("He said \"she called it 'odd'\" and the", None),
    ],
)
def test_open_quote(before, mark):
    assert open_quote(before) == mark


@given(st.lists(st.sampled_from(["I've", "it\u2019s", "don't", "O'Neill", "we\u2019re", "word", "the"]), max_size=30))
def test_apostrophes_inside_words_never_open_a_quote(words):
    assert open_quote(" ".join(words)) is None


@given(st.text(alphabet="ab '\"\u201c\u201d\u2018\u2019.,", max_size=60))
def test_any_text_is_read_without_error(text):
    assert open_quote(text) in (None, '"', "\u201c", "'")


def test_a_single_mark_right_before_the_span_opens_its_quotation():
    assert open_quote("They say, '") == "'"
    assert open_quote("the dogs'") is None
