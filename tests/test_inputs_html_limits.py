"""Hostile HTML (issue 12, items 8 and 10): attribute floods are capped before parsing,
and text nested deeper than libxml2's limits is kept."""

from __future__ import annotations

import pytest

from hypecheck.formats import html_limits
from hypecheck.sources import from_html

DEEP = "The deep paragraph is the most amazing thing ever!!!"


def _nested(depth: int) -> str:
    return (
        "<html><body><p>An intro paragraph sits at the top.</p>"
        + "<div>" * depth + f"<p>{DEEP}</p>" + "</div>" * depth
        + "<p>A closing paragraph sits below.</p></body></html>"
    )


@pytest.mark.parametrize("depth", [10, 254, 300, 2_100, 20_000])
def test_deeply_nested_text_is_kept(depth):
    source = from_html(_nested(depth), "deep.html")
    for text in ("An intro paragraph sits at the top.", DEEP, "A closing paragraph sits below."):
        assert text in source.text


def test_tree_deeper_than_the_limit_is_replaced_by_its_text():
    import lxml.html

    root = lxml.html.document_fromstring(_nested(400), parser=lxml.html.HTMLParser(huge_tree=True))
    assert html_limits.flatten_tree(root, limit=50) == 1
    assert DEEP in root.text_content()
    assert max(len(list(el.iterancestors())) for el in root.iter()) < 50


def test_attribute_flood_is_cut_to_the_first_attributes():
    attributes = " ".join(f'data-a{i}="{i}"' for i in range(1_000))
    markup = f'<p class="lead" {attributes}>Text</p><img src="x.png" alt="a > b"><br/>'
    capped, cut = html_limits.cap_attributes(markup, limit=10)
    assert cut == 1
    assert capped.startswith('<p class="lead" data-a0="0"') and 'data-a8="8">Text</p>' in capped
    assert "data-a9=" not in capped
    assert capped.endswith('<img src="x.png" alt="a > b"><br/>')
    ordinary = '<div id="a" class=\'b c\' hidden data-x=1><a href="/x?a=1&b=2">link</a></div>'
    assert html_limits.cap_attributes(ordinary, limit=10) == (ordinary, 0)


def test_a_page_with_100k_attributes_is_read_with_a_note():
    attributes = " ".join(f'a{i}=""' for i in range(100_000))
    page = f"<html><body><h1>Council Meets</h1><p {attributes}>The council met on Tuesday.</p></body></html>"
    source = from_html(page, "attrs.html")
    assert "The council met on Tuesday." in source.text
    assert "a tag with over 200 attributes cut to the first 200" in source.notes


def test_flatten_markup_keeps_every_word():
    markup = "<div>" * 50 + "<p>deep words</p>" + "</div>" * 50 + "<p>after</p>"
    flat = html_limits.flatten_markup(markup, limit=10)
    assert flat.count("<div>") == 10 and "deep words" in flat and "<p>after</p>" in flat


def test_control_characters_in_a_suppressed_block_are_read():
    # Found by tests/test_fuzz_readers.py: lxml refused the block's text when the
    # suppression marker was added to it.
    page = "<html><body><!-- hypecheck: off --><p>\x1f The most AMAZING show!!!</p><p>Plain text.</p></body></html>"
    source = from_html(page, "control.html")
    assert "The most AMAZING show!!!" in source.text and source.suppress
