"""Suppression comments in Markdown and HTML: silenced findings are counted, not hidden."""

from __future__ import annotations

from io import StringIO

from rich.console import Console

from conftest import FIXTURES
from hypecheck.engine import _suppress
from hypecheck.findings import Finding
from hypecheck.render import rich_report
from hypecheck.sources import from_html, from_markdown, read_path

INPUTS = FIXTURES / "inputs"


def _run(analyzer, source):
    return next(analyzer.analyze_sources([source]))


def _lines(report):
    return {(report.text[: f.start].count("\n") + 1, f.rule) for f in report.findings}


def test_ignore_silences_one_rule_in_the_next_paragraph_only(blank):
    md = (
        "# Notes\n\n"
        "<!-- hypecheck: ignore shouting -->\n"
        "It was AMAZING!! You won't believe it.\n\n"
        "It was AMAZING!! again.\n"
    )
    report = _run(blank, from_markdown(md, "n.md"))
    found = _lines(report)
    assert not any(line == 4 and rule.startswith("shouting") for line, rule in found)
    assert (4, "clickbait_hook.curiosity_gap") in found  # other rules still apply there
    assert any(line == 6 and rule.startswith("shouting") for line, rule in found)
    assert report.suppressed == 1
    assert report.to_dict()["suppressed"] == 1


def test_off_and_on_bracket_a_region(blank):
    md = (
        "Plain title\n\n"
        "<!-- hypecheck: off -->\n"
        "You won't believe it!!\n\n"
        "Click here now!!\n"
        "<!-- hypecheck: on -->\n\n"
        "Click here now!!\n"
    )
    report = _run(blank, from_markdown(md, "n.md"))
    assert {line for line, _ in _lines(report)} == {9}
    assert report.suppressed >= 3


def test_off_without_on_runs_to_the_end(blank):
    md = "Title\n\nFine.\n\n<!-- hypecheck: off -->\nYou won't believe it!!\n\nClick here now!!\n"
    report = _run(blank, from_markdown(md, "n.md"))
    assert report.findings == () and report.suppressed >= 2


def test_ignore_before_a_list_item_covers_that_item(blank):
    md = "Title\n\n<!-- hypecheck: ignore -->\n- Click here now!!\n  and more!!\n- Click here now!!\n"
    report = _run(blank, from_markdown(md, "n.md"))
    lines = {line for line, _ in _lines(report)}
    assert 4 not in lines and 5 not in lines and 6 in lines


def test_directive_inside_code_is_not_a_directive(blank):
    md = "Title\n\n```html\n<!-- hypecheck: off -->\n```\n\nClick here now!!\n"
    source = from_markdown(md, "n.md")
    assert source.suppress == ()
    assert _run(blank, source).suppressed == 0


def test_markdown_fixture(blank):
    report = _run(blank, read_path(INPUTS / "suppressions.md"))
    rules = {f.rule for f in report.findings}
    assert not any(r.startswith("shouting") or r.startswith("clickbait_hook") for r in rules)
    assert report.suppressed >= 3
    assert any(f.text == "Critics are calling" for f in report.findings)


def test_html_ignore_on_the_headline_and_an_off_region(blank):
    source = read_path(INPUTS / "suppressions.html")
    assert source.headline == "LAUNCH DAY IS FINALLY HERE"
    report = _run(blank, source)
    assert not any(f.rule.startswith("shouting") for f in report.findings)
    assert not any("won't believe" in f.text for f in report.findings)
    assert report.suppressed >= 3  # caps headline, curiosity gap, exclamations
    off = source.text.index("Our marketing department")
    assert any(s <= off < e and rule is None for s, e, rule in source.suppress)
    for s, e, _ in source.suppress:
        assert "Offline mode stores" not in source.text[s:e]
        assert "Early users" not in source.text[s:e]


def test_html_ignore_rule_in_the_blog_fixture():
    source = read_path(INPUTS / "blog-divsoup.html")
    at = source.text.index("The tent was the best piece of gear")
    entries = [(s, e, r) for s, e, r in source.suppress if s <= at < e]
    assert entries and entries[0][2] == "superlative"
    assert source.text[entries[0][0] : entries[0][1]].endswith("not hear a word against it.")


def test_html_directives_in_comments_inside_inline_markup():
    page = (
        "<html><body><article><h1>Title Here</h1><!-- hypecheck: ignore clickbait_hook -->"
        "<p>You won't believe <b>this</b> part, and it goes on for a while so the page has text.</p>"
        "<p>" + "Plain sentence for length. " * 5 + "</p></article></body></html>"
    )
    source = from_html(page)
    start, end, rule = source.suppress[0]
    assert rule == "clickbait_hook" and source.text[start:end].startswith("You won't believe this part")


def _finding(rule, start=5):
    return Finding(rule, rule.split(".")[0], "medium", start, start + 3, 1, start + 1, "abc", "m")


def test_rule_prefixes_match_whole_id_components():
    findings = [_finding("shouting.exclamations"), _finding("superlative.tagged"), _finding("superlative.absolute")]
    kept, n = _suppress(findings, ((0, 10, "shouting"),))
    assert [f.rule for f in kept] == ["superlative.tagged", "superlative.absolute"] and n == 1
    kept, n = _suppress(findings, ((0, 10, "superlative.tagged"),))
    assert [f.rule for f in kept] == ["shouting.exclamations", "superlative.absolute"] and n == 1
    kept, n = _suppress(findings, ((0, 10, "superlative.tag"),))  # not a whole component
    assert n == 0
    kept, n = _suppress(findings, ((6, 10, None),))  # the range must contain the finding's start
    assert n == 0
    kept, n = _suppress(findings, ((0, 10, None),))
    assert kept == [] and n == 3


def test_rich_header_shows_the_suppressed_count(blank):
    report = _run(blank, read_path(INPUTS / "suppressions.md"))
    out = StringIO()
    rich_report.render(report, Console(file=out, width=100, no_color=True), False)
    assert f"({report.suppressed} suppressed by comments)" in out.getvalue()
