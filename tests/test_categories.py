"""A category is one record in rules/categories.json, and every output reads it."""

from __future__ import annotations

import json
from dataclasses import replace
from importlib import resources

from rich.console import Console

from hypecheck import findings
from hypecheck.findings import CATEGORIES, CATEGORY_DESCRIPTIONS, CATEGORY_INFO, Finding, Report
from hypecheck.render import html_report, rich_report, sarif
from hypecheck.rules import builtin_rules


def _records():
    text = (resources.files("hypecheck") / "rules" / "categories.json").read_text(encoding="utf-8")
    return json.loads(text)["categories"]


def test_the_records_give_the_names_order_and_descriptions():
    records = _records()
    assert CATEGORIES == tuple(r["name"] for r in records)
    assert CATEGORY_DESCRIPTIONS == {r["name"]: r["description"] for r in records}
    assert len(set(CATEGORIES)) == len(CATEGORIES)


def test_every_category_has_its_rule_file_and_every_rule_a_category():
    folder = resources.files("hypecheck.rules") / "data"
    files = {e.name.removesuffix(".yaml") for e in folder.iterdir() if e.name.endswith(".yaml")}
    # One file per category, plus learned.yaml: the span model's rule for each category.
    assert files == {*CATEGORIES, "learned"}
    assert {r.category for r in builtin_rules()} <= set(CATEGORIES)


def _report(category: str) -> Report:
    text = "It is AMAZING."
    finding = Finding("shouting.caps_emphasis", category, "medium", 6, 13, 1, 7, "AMAZING", "Shouting.")
    return Report(
        source="t.txt", text=text, headline=None, findings=(finding,), score=40, verdict="mild",
        word_count=3, sentences=((0, len(text)),),
    )


def test_a_records_colours_drive_the_html_and_terminal_reports(monkeypatch):
    record = replace(CATEGORY_INFO["shouting"], html_background="#123456", html_text="#fedcba",
                     terminal_style="bold white on green", description="Raised voices")
    monkeypatch.setitem(findings.CATEGORY_INFO, "shouting", record)
    page = html_report.render(_report("shouting"))
    assert ".hc-cat-shouting { background: #123456; color: #fedcba; }" in page
    assert rich_report.style("shouting") == "bold white on green"
    assert rich_report.swatch("shouting") == "green"
    console = Console(record=True, width=100, color_system="truecolor", force_terminal=True)
    console.print(rich_report.legend(_report("shouting")))
    assert "shouting 1" in console.export_text()


def test_every_category_is_styled_from_its_record():
    page = html_report.render(_report("superlative"))
    for record in _records():
        colours = record["html"]
        assert f".hc-cat-{record['name']} {{ background: {colours['background']}; color: {colours['text']}; }}" in page
        assert rich_report.style(record["name"]) == record["terminal"]


def test_sarif_describes_a_custom_rule_with_its_category_record():
    report = _report("shouting")
    report = replace(report, findings=(replace(report.findings[0], rule="shouting.custom"),))
    rules = sarif.to_sarif([report])["runs"][0]["tool"]["driver"]["rules"]
    (described,) = [r["shortDescription"]["text"] for r in rules if r["id"] == "shouting.custom"]
    assert described == next(r["description"] for r in _records() if r["name"] == "shouting")
