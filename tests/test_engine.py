"""The analyzer: offsets, lines and columns, merging, the blank pipeline, the API."""

from __future__ import annotations

import hypecheck
from hypecheck.component import merge as _merge
from hypecheck.detectors import Hit
from hypecheck.engine import _locate
from hypecheck.rules import builtin_rules, select


def _rule(rule_id):
    return next(r for r in builtin_rules() if r.id == rule_id)


def test_offsets_lines_and_columns_point_at_the_text(blank):
    text = "Plain headline here\nSecond line.\n\nThen this: you won't believe it!!"
    report = blank.analyze(text)
    assert report.findings
    lines = text.split("\n")
    for f in report.findings:
        assert text[f.start : f.end] == f.text
        assert lines[f.line - 1][f.column - 1 :].startswith(f.text.split("\n")[0])


def test_blank_pipeline_says_so_and_still_finds_lexical_devices(blank):
    report = blank.analyze("Headline\nFULL STORY + link below!!")
    assert report.pipeline == "spacy blank:en"
    categories = {f.category for f in report.findings}
    assert {"clickbait_hook", "shouting"} <= categories


def test_overlapping_findings_of_one_category_are_merged():
    rule_a, rule_b = _rule("superlative.tagged"), _rule("superlative.period")
    hits = [(rule_a, Hit(0, 13)), (rule_b, Hit(4, 30)), (rule_a, Hit(40, 45))]
    kept = _merge(hits)
    assert [(h.start, h.end) for _, h, _ in kept] == [(4, 30), (40, 45)]


def test_one_phrase_may_carry_two_categories():
    ranking, superlative = _rule("unverifiable_claim.ranking"), _rule("superlative.number_one")
    kept = _merge([(ranking, Hit(0, 20)), (superlative, Hit(0, 2))])
    assert {r.category for r, _, _ in kept} == {"unverifiable_claim", "superlative"}


def test_locate_counts_lines_and_columns_from_one():
    from types import SimpleNamespace

    from hypecheck.sources import from_text

    rule = _rule("shouting.exclamations")
    record = {"start": 5, "end": 7, "severity": "medium", "message": "x", "own_message": False, "related": None}
    (finding,) = _locate(from_text("ab\ncd!!", "t"), {rule.id: rule}, [(SimpleNamespace(id_=rule.id), record)])
    assert (finding.line, finding.column, finding.text) == (2, 3, "!!")
    assert finding.message == rule.message.replace("{text}", "!!")


def test_rule_selection_by_prefix():
    rules = builtin_rules()
    only_shouting = select(rules, enable=["shouting"])
    assert only_shouting and all(r.category == "shouting" for r in only_shouting)
    without = select(rules, disable=["shouting.caps_headline"])
    assert "shouting.caps_headline" not in {r.id for r in without}
    assert "shouting.caps_emphasis" in {r.id for r in without}


def test_analyze_reuses_one_pipeline(monkeypatch):
    monkeypatch.setenv("HYPECHECK_MODEL", "blank")
    hypecheck.get_analyzer.cache_clear()
    try:
        first = hypecheck.analyze("You won't believe this!!")
        assert hypecheck.get_analyzer() is hypecheck.get_analyzer()
        assert first.to_dict()["schema_version"] == hypecheck.SCHEMA_VERSION
        assert {f.category for f in first.findings} >= {"clickbait_hook", "shouting"}
    finally:
        hypecheck.get_analyzer.cache_clear()


def test_report_json_has_every_category_and_documented_fields(blank):
    data = blank.analyze("Headline\nClick here now!!").to_dict()
    assert set(data["counts"]) == set(hypecheck.CATEGORIES)
    for key in ("schema_version", "source", "headline", "score", "verdict", "clickbait_probability", "findings"):
        assert key in data
    finding = data["findings"][0]
    assert set(finding) == {"rule", "category", "severity", "start", "end", "line", "column", "text", "message", "related", "suggestion"}
    assert set(finding["suggestion"]) == {"replacements", "advice"} and finding["suggestion"]["advice"]
