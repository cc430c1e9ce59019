"""The language server's parts: position encodings, HTML offsets, suppression actions."""

from __future__ import annotations

import pytest

from hypecheck.lsp.analysis import Engine, document_format
from hypecheck.lsp.htmlmap import HtmlMap
from hypecheck.lsp.positions import UTF8, UTF16, UTF32, LineIndex

TEXT = "a😀b\r\nçé🎉x\rlast\u2028same line"


@pytest.mark.parametrize("encoding, columns", [
    # offsets 0..4 on line 0 are a, 😀, b, \r, \n: 😀 is 1 code point, 2 UTF-16 units, 4 bytes
    (UTF32, [0, 1, 2, 3, 3]),
    (UTF16, [0, 1, 3, 4, 4]),
    (UTF8, [0, 1, 5, 6, 6]),
])
def test_first_line_columns_in_each_encoding(encoding, columns):
    index = LineIndex(TEXT, encoding)
    assert [index.position(o) for o in range(5)] == [(0, c) for c in columns]


@pytest.mark.parametrize("encoding, x_column", [(UTF32, 3), (UTF16, 4), (UTF8, 8)])
def test_second_line_and_round_trip(encoding, x_column):
    index = LineIndex(TEXT, encoding)
    x = TEXT.index("x")
    assert index.position(x) == (1, x_column)  # ç and é are 2 bytes each, 🎉 4 bytes / 2 units
    for offset in range(len(TEXT) + 1):
        if TEXT[offset - 1 : offset + 1] == "\r\n":
            continue  # between \r and \n is not a position of its own
        line, character = index.position(offset)
        assert index.offset(line, character) == offset


def test_only_lsp_line_breaks_end_lines():
    index = LineIndex(TEXT)
    assert index.line_count == 3  # \r\n, \r; U+2028 is not a line break to LSP
    assert index.position(len(TEXT)) == (2, len("last\u2028same line"))


def test_positions_past_a_line_or_inside_a_character_are_clamped():
    index = LineIndex(TEXT, UTF16)
    assert index.offset(0, 2) == 1  # the middle of 😀's surrogate pair: its start
    assert index.offset(0, 99) == 3  # past the end: the line's end, before \r\n
    assert index.offset(9, 0) == len(TEXT)
    assert LineIndex(TEXT, UTF8).offset(1, 1) == TEXT.index("ç")  # inside ç's two bytes


def test_unknown_encoding_falls_back_to_utf16():
    assert LineIndex("😀x", "utf-7").position(1) == (0, 2)


def test_html_offsets_map_back_into_the_markup():
    markup = (
        "<html><head><title>Hi</title><style>p{}</style></head><body><article>\n"
        "<h1>Big &amp; LOUD</h1>\n<p>The  <b>best</b>\n   phone&nbsp;ever</p></article></body></html>"
    )
    extracted = "Big & LOUD\n\nThe best phone\u00a0ever"
    where = HtmlMap(markup, extracted)
    s, e = where.span(extracted.index("best"), extracted.index("best") + 4)
    assert markup[s:e] == "best"
    s, e = where.span(extracted.index("The"), len(extracted))
    assert markup[s:e] == "The  <b>best</b>\n   phone&nbsp;ever"
    s, e = where.span(0, len("Big & LOUD"))
    assert markup[s:e] == "Big &amp; LOUD"
    assert where.span(0, 0) is None


def test_format_follows_the_suffix_then_the_language_then_the_content():
    from pathlib import Path

    assert document_format(Path("a.md"), "plaintext", "x") == "markdown"
    assert document_format(Path("a.txt"), "html", "x") == "html"
    assert document_format(None, None, "<!doctype html><p>x") == "html"
    assert document_format(Path("notes"), None, "plain") == "text"


@pytest.fixture(scope="module")
def engine(tmp_path_factory):
    """An Engine on the fast blank pipeline (HYPECHECK_MODEL), restored afterwards."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("HYPECHECK_MODEL", "blank")
        yield Engine(tmp_path_factory.mktemp("root"))


def _apply(text: str, spot) -> str:
    offset, insert = spot
    return text[:offset] + insert + text[offset:]


@pytest.mark.parametrize("fmt, text, target", [
    ("markdown", "# Notes\n\nIt rained.\n\n> Critics say it is the best phone ever!!!\n\nThe best phone ever.\n", "best"),
    ("markdown", "Intro.\n\n- first item\n- THE BEST PHONE EVER!!!\n\nThe best phone ever.\n", "BEST"),
    ("html", "<html><body><article>\n  <p>Plain words here, and then some more plain words for the extractor.</p>\n"
             "  <p>It is the best phone ever made, truly!!!</p>\n  <p>The best phone ever.</p>\n</article></body></html>", "best"),
])
def test_a_suppression_comment_silences_the_rule_in_that_block_only(engine, tmp_path, fmt, text, target):
    from hypecheck.lsp.actions import suppression_edit

    path = tmp_path / ("doc.md" if fmt == "markdown" else "doc.html")
    before = engine.analyze(text, path, None, str(path))
    assert before.problem is None
    finding = next(item for item in before.located if item.finding.text == target)
    edited = _apply(text, suppression_edit(fmt, text, finding))
    assert "<!-- hypecheck: ignore " + finding.finding.rule + " -->" in edited
    after = engine.analyze(edited, path, None, str(path))
    found = lambda outcome: sorted((i.finding.rule, i.finding.text) for i in outcome.located)  # noqa: E731
    expected = found(before)
    expected.remove((finding.finding.rule, finding.finding.text))
    # The finding is gone; the same rule in the next paragraph and the other rules stay.
    assert found(after) == expected
    assert (finding.finding.rule, "best") in found(after)


def test_plain_text_has_no_suppression_but_suggestions_become_replacements(engine, tmp_path):
    from dataclasses import dataclass

    from hypecheck.lsp.actions import code_actions

    text = "It is the best phone ever made!!!"
    outcome = engine.analyze(text, tmp_path / "a.txt", None, "a.txt")
    assert outcome.located
    # Plain text has no comments: its only actions are the findings' own replacements.
    plain = code_actions("text", text, list(outcome.located), "file:///a.txt", UTF16)
    assert plain and all(a.title.startswith("Replace ") for a in plain)

    @dataclass(frozen=True)
    class WithSuggestion:  # findings gain this field with the suggestions issue
        rule: str
        category: str
        severity: str
        text: str
        message: str
        suggestion: str
        related: None = None

    from dataclasses import replace

    item = outcome.located[0]
    f = item.finding
    suggested = replace(item, finding=WithSuggestion(f.rule, f.category, f.severity, f.text, f.message, "a good phone"))
    (action,) = code_actions("text", text, [suggested], "file:///a.txt", UTF16)
    (edit,) = action.edit.changes["file:///a.txt"]
    assert edit.new_text == "a good phone"
    assert (edit.range.start.character, edit.range.end.character) == (item.start, item.end)
