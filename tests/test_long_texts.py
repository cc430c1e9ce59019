"""Long and pathological texts (issue 12, items 2 and 8): analysed in pieces that spaCy
handles, with every offset, line and column those of the whole text."""

from __future__ import annotations

import json
import re
import warnings
from pathlib import Path

import pytest

from hypecheck import pieces
from hypecheck.errors import InputError

REPO = Path(__file__).resolve().parents[1]

FILLER = "The council met on Tuesday. It approved the budget for the coming year.\n\n"
OPENING = "Headline\nThis 10-episode series dropped in July.\n\n"
CLOSING = "Fans can binge all 8 episodes now. It is the most amazing show ever!!!\n"


def _check_positions(report, text):
    line_starts = [0] + [m.end() for m in re.finditer("\n", text)]
    for f in report.findings:
        assert f.text == text[f.start : f.end]
        assert line_starts[f.line - 1] <= f.start and (f.line == len(line_starts) or f.start < line_starts[f.line])
        assert f.column == f.start - line_starts[f.line - 1] + 1


def test_pieces_cover_the_text_and_end_at_paragraphs():
    text = FILLER * 3000
    bounds = pieces.split(text, whole=10_000, limit=5_000)
    assert bounds[0][0] == 0 and bounds[-1][1] == len(text)
    assert all(a[1] == b[0] for a, b in zip(bounds, bounds[1:]))
    assert all(end - start <= 5_000 for start, end in bounds)
    assert all(text[end - 2 : end] == "\n\n" for _, end in bounds[:-1])


def test_pieces_fall_back_to_sentences_then_spaces_then_anywhere():
    sentences = "One sentence here. " * 2000
    assert all(sentences[e - 2 : e] == ". " for _, e in pieces.split(sentences, 1000, 500)[:-1])
    words = "word " * 2000
    assert all(words[e - 1] == " " for _, e in pieces.split(words, 1000, 500)[:-1])
    run = "$" * 2000
    assert pieces.split(run, 1000, 500) == [(0, 500), (500, 1000), (1000, 1500), (1500, 2000)]


def test_a_short_text_is_one_piece():
    assert pieces.split("Short text.") == [(0, 11)]


def test_long_runs_are_cut_for_the_tokenizer_only(blank):
    tokenizer = blank.pipeline.nlp.tokenizer
    text = "Look: " + "$" * 1000 + "😀" * 700 + " done"
    doc = pieces.tokenize(tokenizer, text)
    assert doc.text == text
    assert max(len(t) for t in doc) <= pieces.MAX_RUN
    ordinary = "An ordinary sentence, with https://example.com/a/path and (brackets)."
    assert [t.text for t in pieces.tokenize(tokenizer, ordinary)] == [t.text for t in tokenizer(ordinary)]


def test_text_over_spacy_max_length_is_analysed(blank):
    text = OPENING + FILLER * 15_000 + CLOSING  # 1.1 million characters
    assert len(text) > blank.pipeline.nlp.max_length
    report = blank.analyze(text)
    _check_positions(report, text)
    last_line = text.count("\n")
    assert any(f.category == "shouting" and f.line == last_line for f in report.findings)


def test_cross_piece_contradiction_is_found(blank, monkeypatch):
    # Small pieces, so the two figures are far apart in different pieces.
    monkeypatch.setattr(pieces, "WHOLE_CHARS", 2_000)
    monkeypatch.setattr(pieces, "PIECE_CHARS", 1_000)
    text = OPENING + FILLER * 100 + CLOSING
    assert len(pieces.split(text)) > 5
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # joining the pieces warns about nothing
        report = blank.analyze(text)
    _check_positions(report, text)
    figures = [f for f in report.findings if f.rule == "contradiction.figures"]
    assert figures and figures[0].text == "all 8 episodes"


def test_pieced_findings_equal_whole_findings(nlp_analyzer, monkeypatch):
    articles = [json.loads(line)["text"] for line in (REPO / "data" / "dev" / "articles.jsonl").read_text(encoding="utf-8").splitlines()]
    text = "\n\n".join(sorted(articles, key=len)[-3:])  # the three longest, a few thousand words
    whole = nlp_analyzer.analyze(text)
    monkeypatch.setattr(pieces, "WHOLE_CHARS", 1_000)
    monkeypatch.setattr(pieces, "PIECE_CHARS", 800)
    assert len(pieces.split(text)) >= 5
    pieced = nlp_analyzer.analyze(text)
    _check_positions(pieced, text)
    same = {(f.rule, f.start, f.end) for f in whole.findings} & {(f.rule, f.start, f.end) for f in pieced.findings}
    # The tagger sees a little less context at each cut; nearly every finding stays.
    assert len(same) >= 0.9 * len(whole.findings)


def test_four_megabyte_file_is_scored_with_the_default_limits(runner, tmp_path):
    from hypecheck.cli import app

    path = tmp_path / "book.txt"
    path.write_text(FILLER * 56_000 + CLOSING, encoding="utf-8")
    assert 4_000_000 <= path.stat().st_size < 5_000_000
    result = runner.invoke(app, [str(path), "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert any(f["rule"].startswith("shouting") and f["line"] == 2 * 56_000 + 1 for f in data["findings"])


@pytest.mark.parametrize("bad", [None, 42, ["text"]])
def test_analyze_refuses_what_is_not_a_str(bad):
    import hypecheck

    with pytest.raises(TypeError, match=f"expects the text as a str, not {type(bad).__name__}$"):
        hypecheck.analyze(bad)


def test_analyze_refuses_bytes_with_a_hint():
    import hypecheck

    with pytest.raises(TypeError, match=r"not bytes: decode the bytes first"):
        hypecheck.analyze(b"You won't believe this")


@pytest.mark.parametrize("text", ["\ud800", "Fine text \udfff here"])
def test_analyze_refuses_a_lone_surrogate(text, blank):
    import hypecheck

    for analyze in (hypecheck.analyze, blank.analyze):
        with pytest.raises(InputError, match=r"<text>: a lone surrogate U\+D[89A-F][0-9A-F]{2} at offset \d+ is not a character"):
            analyze(text)
