"""Rule files are validated on load; errors name the file, the rule and the key."""

from __future__ import annotations

import pytest

from hypecheck.errors import ConfigError
from hypecheck.rules import builtin_rules, parse_rule_file

GOOD = """
rules:
  - id: hype_language.test
    category: hype_language
    severity: low
    description: A test rule.
    message: Because.
    rationale: For the test.
    patterns:
      - [{LOWER: {IN: [on, off, yes, no]}}]
    examples:
      flag: ["on"]
      pass: ["x"]
"""


def test_a_valid_file_parses_and_keeps_yes_no_on_off_as_words():
    (rule,) = parse_rule_file(GOOD, "test.yaml")
    assert rule.patterns[0][0]["LOWER"]["IN"] == ["on", "off", "yes", "no"]
    assert rule.kind == "pattern"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (("severity: low", "severity: loud"), "severity must be one of"),
        (("category: hype_language", "category: hype"), "category must be one of"),
        (("    message: Because.", "    message: Because.\n    colour: red"), "unknown key 'colour'"),
        (("id: hype_language.test", "id: Hype.Test"), "id must be"),
        (('      pass: ["x"]', "      pass: []"), "at least one 'flag' and one 'pass'"),
        (("    patterns:", "    phrases: [a]\n    patterns:"), "exactly one of"),
    ],
)
def test_invalid_rules_are_refused_naming_file_rule_and_key(change, message):
    old, new = change
    with pytest.raises(ConfigError) as info:
        parse_rule_file(GOOD.replace(old, new), "bad.yaml")
    assert str(info.value).startswith("bad.yaml: rule ")
    assert message in str(info.value)


def test_broken_yaml_names_the_line():
    with pytest.raises(ConfigError, match=r"bad.yaml: not valid YAML at line 3"):
        parse_rule_file("rules:\n  - id: [unclosed\n", "bad.yaml")


def test_builtin_rule_ids_are_unique_and_dotted_by_category():
    rules = builtin_rules()
    assert len({r.id for r in rules}) == len(rules)
    assert all(r.id.startswith(r.category + ".") for r in rules)


def test_a_key_given_twice_is_refused():
    with pytest.raises(ConfigError, match=r"bad.yaml: not valid YAML at line \d+.*key 'severity' given twice"):
        parse_rule_file(GOOD.replace("severity: low", "severity: low\n    severity: high"), "bad.yaml")
