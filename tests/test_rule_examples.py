"""Every rule's own examples: 'flag' texts must be flagged by it, 'pass' texts must not.

Each rule runs alone (other rules could win the merge of overlapping findings), on the
statistical pipeline. A flag example may mark the exact expected span with [[...]].
"""

from __future__ import annotations

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
            cache[rule_id] = Analyzer(enable=[rule_id], use_classifier=False)
        return cache[rule_id]

    return get


def _cases(kind):
    for rule in RULES:
        examples = rule.examples.flag if kind == "flag" else rule.examples.passes
        for i, text in enumerate(examples):
            yield pytest.param(rule, text, id=f"{rule.id}-{kind}{i}")


@pytest.mark.parametrize(("rule", "example"), list(_cases("flag")))
def test_flag_examples_are_flagged(analyzer_for, rule, example):
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
