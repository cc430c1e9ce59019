"""Every rule's own examples: 'flag' texts must be flagged by it, 'pass' texts must not.

Each rule runs alone (other rules could win the merge of overlapping findings), on the
statistical pipeline. A flag example may mark the exact expected span with [[...]].
"""

from __future__ import annotations

import functools
import re

import pytest

from hypecheck.detectors import DETECTORS
from hypecheck.rules import builtin_rules

RULES = builtin_rules()
MARK = re.compile(r"\[\[(.+?)\]\]")


@pytest.fixture(scope="module")
def analyzer_for(nlp_analyzer):
    from hypecheck.engine import Analyzer

    cache = {}

    def get(rule_id):
        if rule_id not in cache:
            learned = rule_id.endswith(".learned")  # the span model's rules need it running
            cache[rule_id] = Analyzer(enable=[rule_id], use_classifier=False, learned=learned)
        return cache[rule_id]

    return get


def _cases(kind):
    for rule in RULES:
        examples = rule.examples.flag if kind == "flag" else rule.examples.passes
        for i, text in enumerate(examples):
            yield pytest.param(rule, text, id=f"{rule.id}-{kind}{i}")


@functools.cache
def _category_off_in_span_model(category: str) -> bool:
    """Whether the committed span model proposes nothing of this category (its threshold
    was turned off in training: no threshold kept precision within the category's share)."""
    from hypecheck.spans.component import default_model_path
    from hypecheck.spans.model import SpanModel

    model = SpanModel.load(default_model_path())
    return float(model.thresholds[model.labels.index(category)]) > 1.0


@pytest.mark.parametrize(("rule", "example"), list(_cases("flag")))
def test_flag_examples_are_flagged(analyzer_for, rule, example):
    if rule.id.endswith(".learned") and _category_off_in_span_model(rule.category):
        pytest.skip(f"the committed span model proposes no {rule.category} (its threshold is off)")
    marked = MARK.search(example)
    text = MARK.sub(r"\1", example)
    found = [f for f in analyzer_for(rule.id).analyze(text).findings if f.rule == rule.id]
    assert found, f"{rule.id} did not flag: {text!r}"
    if marked:
        start = marked.start()
        expected = (start, start + len(marked.group(1)))
        assert expected in [(f.start, f.end) for f in found], (
            f"{rule.id} flagged {[f.text for f in found]}, expected {marked.group(1)!r}"
        )


@pytest.mark.parametrize(("rule", "example"), list(_cases("pass")))
def test_pass_examples_are_not_flagged(analyzer_for, rule, example):
    found = [f.text for f in analyzer_for(rule.id).analyze(example).findings if f.rule == rule.id]
    assert not found, f"{rule.id} wrongly flagged {found} in {example!r}"


def test_every_rule_has_examples_of_both_kinds():
    for rule in RULES:
        assert rule.examples.flag and rule.examples.passes, rule.id


def test_every_detector_named_by_a_rule_exists():
    for rule in RULES:
        if rule.detector:
            assert rule.detector in DETECTORS, rule.id


def test_every_category_has_rules():
    from hypecheck.findings import CATEGORIES

    assert {r.category for r in RULES} == set(CATEGORIES)


def _fix_cases():
    for rule in RULES:
        for i, (text, fixed) in enumerate(rule.examples.fixes):
            yield pytest.param(rule, text, fixed, id=f"{rule.id}-fix{i}")


@pytest.mark.parametrize(("rule", "text", "fixed"), list(_fix_cases()))
def test_fix_examples_are_fixed(analyzer_for, rule, text, fixed):
    """`hypecheck fix` with the rule alone turns the example into the expected text."""
    from hypecheck.fix import fix_text

    analyzer = analyzer_for(rule.id)
    report = analyzer.analyze(text)
    assert fix_text(text, list(report.findings), analyzer.pipeline.nlp).text == fixed


def test_every_rule_has_advice_of_its_own():
    """Data-driven: a new rule (learned.yaml's too) needs an `advice` text, its own."""
    missing = [r.id for r in RULES if not r.advice.strip()]
    assert not missing, f"rules without advice: {missing}"
    by_text: dict[str, list[str]] = {}
    for rule in RULES:
        by_text.setdefault(rule.advice, []).append(rule.id)
    shared = {text: ids for text, ids in by_text.items() if len(ids) > 1}
    assert not shared, f"rules sharing one advice text: {shared}"


def test_every_rule_with_replacements_has_fix_examples():
    for rule in RULES:
        if rule.replace:
            assert rule.examples.fixes, f"{rule.id} has replacements but no 'fix' example"
