"""Property tests of the Markdown and HTML readers: any input is read or refused with an
InputError, the Source's ranges are inside its text, and the analysis of what was read
points at exactly its text (issue 12, "Also")."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fuzz_text import MAX_PIECES, PIECES, check_report, check_source, texts
from hypecheck.errors import InputError
from hypecheck.sources import from_html, from_markdown

_MARKDOWN = [
    "# ", "## ", "> ", "- ", "* ", "1. ", "```\n", "    ", "`", "**", "_", "[", "](", ")", "![", "|", "---\n",
    "<!-- hypecheck: ignore shouting -->", "<div>", "</div>", "\\", "[^1]", "---\ntitle: x\n---\n", "\n", "\n\n",
]
markdown = st.one_of(
    texts,
    st.lists(st.one_of(st.sampled_from(_MARKDOWN), st.sampled_from(PIECES)), max_size=MAX_PIECES).map("".join),
)

_TAGS = ["p", "div", "h1", "h2", "span", "b", "i", "blockquote", "q", "ul", "li", "table", "tr", "td",
         "pre", "code", "script", "style", "title", "a", "article", "nav", "footer", "br", "img", "meta"]
_attributes = st.lists(
    st.tuples(st.sampled_from(["class", "id", "href", "content", "property", "x", "data-a"]), st.text(max_size=8)),
    max_size=3,
).map(lambda pairs: "".join(f' {k}="{v.replace(chr(34), "&quot;")}"' for k, v in pairs))
_leaf = st.one_of(st.sampled_from(PIECES), st.text(max_size=12), st.just("<!-- hypecheck: off -->"))
_node = st.recursive(
    _leaf,
    lambda children: st.tuples(st.sampled_from(_TAGS), _attributes, st.lists(children, max_size=4)).map(
        lambda t: f"<{t[0]}{t[1]}>{''.join(t[2])}</{t[0]}>"
    ),
    max_leaves=MAX_PIECES,
)
html = st.one_of(
    _node.map(lambda body: f"<!doctype html><html><head><title>A title</title></head><body>{body}</body></html>"),
    _node,
    st.lists(st.sampled_from(["<", ">", "<p", "</", "<!--", "-->", "=", '"', "'", "&#", ";", "<?xml ?>"]) | _leaf,
             max_size=MAX_PIECES).map("".join),
)


@pytest.fixture(scope="module")
def analyzer():
    from hypecheck.engine import Analyzer

    return Analyzer(model="blank")


def _read_and_analyze(read, analyzer, data):
    try:
        source = read(data, "fuzz")
    except InputError as exc:
        assert str(exc).startswith("fuzz: ") and "\n" not in str(exc)
        return
    check_source(source)
    check_report(next(analyzer.analyze_sources([source])), source.text)


@given(text=markdown)
def test_markdown_reader(analyzer, text):
    _read_and_analyze(from_markdown, analyzer, text)


@given(markup=html)
def test_html_reader(analyzer, markup):
    _read_and_analyze(from_html, analyzer, markup)
