"""Named word lists (rules/lexicons.yaml): references expand, unknown names are refused,
every list is used, and the rule files do not spell out lists that have a name."""

from __future__ import annotations

import re
from importlib import resources
from pathlib import Path

import pytest

import hypecheck
from hypecheck import cache
from hypecheck.errors import ConfigError
from hypecheck.rules import _rule_records, builtin_rules, parse_rule_file
from hypecheck.rules import lexicons as lexicon_module
from hypecheck.rules.lexicons import lexicons, name_of, resolve, words

RULE = """
rules:
  - id: vague_attribution.test
    category: vague_attribution
    severity: low
    description: A test rule.
    message: Because.
    rationale: For the test.
    patterns:
      - [{LOWER: {IN: PLACE}}, {LOWER: say}]
    examples:
      flag: ["critics say"]
      pass: ["x"]
"""
TABLE = {"crowds": ["critics", "fans"], "verbs": ["say", "claim"], "platforms": {"Hulu": [], "Disney+": ["Disney Plus"]}}


def _parse(place: str, table=TABLE):
    (rule,) = parse_rule_file(RULE.replace("PLACE", place), "bad.yaml", table)
    return rule


def test_a_reference_alone_expands_to_the_list():
    rule = _parse("$crowds")
    assert rule.patterns[0][0] == {"LOWER": {"IN": ["critics", "fans"]}}


def test_a_reference_among_literals_is_spliced_in_place():
    rule = _parse("[folks, $crowds, $verbs]")
    assert rule.patterns[0][0]["LOWER"]["IN"] == ["folks", "critics", "fans", "say", "claim"]


def test_not_in_phrases_and_params_expand_too():
    text = RULE.replace("{LOWER: {IN: PLACE}}", "{LOWER: {NOT_IN: [$verbs, tell]}}")
    (rule,) = parse_rule_file(text, "x.yaml", TABLE)
    assert rule.patterns[0][0]["LOWER"]["NOT_IN"] == ["say", "claim", "tell"]
    phrases = RULE.replace("    patterns:\n      - [{LOWER: {IN: PLACE}}, {LOWER: say}]", "    phrases: [$crowds, pundits]")
    assert parse_rule_file(phrases, "x.yaml", TABLE)[0].phrases == ("critics", "fans", "pundits")
    detector = RULE.replace(
        "    patterns:\n      - [{LOWER: {IN: PLACE}}, {LOWER: say}]",
        "    detector: platform_mismatch\n    params: {platforms: $platforms, extra: [$crowds, x], n: 3}",
    )
    (rule,) = parse_rule_file(detector, "x.yaml", TABLE)
    assert rule.params == {"platforms": {"Hulu": [], "Disney+": ["Disney Plus"]}, "extra": ["critics", "fans", "x"], "n": 3}


def test_a_dollar_that_is_not_a_name_stays_a_word():
    rule = _parse('["$", "$5", crowds]')
    assert rule.patterns[0][0]["LOWER"]["IN"] == ["$", "$5", "crowds"]


def test_an_unknown_name_is_refused_naming_file_rule_and_name():
    with pytest.raises(ConfigError) as info:
        _parse("[$crowdz, folks]")
    message = str(info.value)
    assert message.startswith("bad.yaml: rule vague_attribution.test: unknown lexicon $crowdz")
    assert "did you mean $crowds?" in message


def test_an_unknown_name_is_refused_with_the_shipped_lexicons():
    with pytest.raises(ConfigError, match=r"^bad\.yaml: rule vague_attribution\.test: unknown lexicon \$nobody_knows"):
        parse_rule_file(RULE.replace("PLACE", "$nobody_knows"), "bad.yaml")


def test_a_mapping_is_not_a_word_list():
    with pytest.raises(ConfigError, match=r"bad\.yaml: rule vague_attribution\.test: \$platforms is a mapping"):
        _parse("$platforms")


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ({"a": ["x", "$b"]}, r"a: unknown lexicon \$b"),
        ({"a": ["$b"], "b": ["$a"]}, r"refers to itself \(a -> b -> a\)"),
        ({"a": []}, r"a: a lexicon is a non-empty list of words"),
        ({"a": [1, 2]}, r"a: a lexicon is a non-empty list of words"),
        ({"Big": ["x"]}, r"'Big' is not a lexicon name"),
        ({"m": {"x": "y"}}, r"m: a mapping lexicon maps names"),
        ({"m": {"x": []}, "a": ["$m"]}, r"a: \$m is a mapping"),
    ],
)
def test_a_bad_lexicon_file_is_refused(raw, message):
    with pytest.raises(ConfigError, match=r"^rules/lexicons\.yaml: .*" + message):
        resolve(raw)


def test_lexicons_may_refer_to_each_other():
    assert resolve({"a": ["x", "$b"], "b": ["y", "z"]})["a"] == ["x", "y", "z"]
    assert words("crowds") <= words("vague_groups")


# --- the shipped data ----------------------------------------------------------------------


def _shipped_records():
    folder = resources.files("hypecheck.rules") / "data"
    return [
        record
        for entry in sorted(folder.iterdir(), key=lambda e: e.name)
        if entry.name.endswith(".yaml")
        for record in _rule_records(entry.read_text(encoding="utf-8"), entry.name)
    ]


def _names_read_by_code() -> set[str]:
    """Lexicon names the package's code reads: words("x"), lexicon_words("x"), lexicons()["x"]."""
    found = set()
    for path in Path(hypecheck.__file__).parent.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        found |= set(re.findall(r"""words\(\s*["']([a-z0-9_]+)["']\s*\)""", text))
        found |= set(re.findall(r"""lexicons\(\)\[\s*["']([a-z0-9_]+)["']\s*\]""", text))
    return found


def _raw_lexicons() -> dict:
    from hypecheck.rules.yaml_files import load_yaml

    return load_yaml(lexicon_module.source(), "lexicons.yaml")


def test_every_lexicon_is_used():
    used = _names_read_by_code()
    for record in _shipped_records():
        used |= lexicon_module.references(record)
    for value in _raw_lexicons().values():
        if isinstance(value, list):
            used |= {name_of(v) for v in value if name_of(v)}
    unused = sorted(set(lexicons()) - used)
    assert not unused, f"lexicons nothing refers to: {unused}"
    assert used <= set(lexicons()), f"names read but not defined: {sorted(used - set(lexicons()))}"


def _word_lists(value):
    """The IN/NOT_IN lists of a rule's patterns."""
    if isinstance(value, dict):
        for key, inner in value.items():
            if key in ("IN", "NOT_IN") and isinstance(inner, list):
                yield inner
            else:
                yield from _word_lists(inner)
    elif isinstance(value, list):
        for inner in value:
            yield from _word_lists(inner)


# A word list may share a few words with a named list (the words are related), but not
# spell out a whole named list, nor repeat more than this many of its words.
MOST_SHARED_WORDS = 8


def test_rule_files_do_not_spell_out_named_lists():
    named = {name: set(value) for name, value in lexicons().items() if isinstance(value, list) and len(value) > 1}
    problems = []
    for record in _shipped_records():
        lists = list(_word_lists(record.get("patterns", [])))
        lists += [v for v in record.get("params", {}).values() if isinstance(v, list)]
        for word_list in lists:
            literals = {str(w) for w in word_list if not name_of(w)}
            for name, lexicon in named.items():
                shared = literals & lexicon
                if shared == lexicon or len(shared) > MOST_SHARED_WORDS:
                    problems.append(f"{record['id']}: {len(shared)} words of ${name} spelled out: {sorted(shared)}")
    assert not problems, "\n".join(problems)


def test_no_reference_is_left_in_the_loaded_rules():
    for rule in builtin_rules():
        for word_list in _word_lists([list(p) for p in rule.patterns]):
            assert not any(name_of(w) for w in word_list), rule.id
        assert not any(name_of(v) for v in rule.params.values()), rule.id


# --- the cache -------------------------------------------------------------------------------


@pytest.fixture
def cache_dir(tmp_path, monkeypatch):
    monkeypatch.setenv(cache.ENV_VAR, str(tmp_path))
    for f in (builtin_rules, lexicons, words):
        f.cache_clear()
    yield tmp_path
    for f in (builtin_rules, lexicons, words):
        f.cache_clear()


def test_the_lexicons_are_read_from_the_cache_the_second_time(cache_dir, monkeypatch):
    first = lexicons()
    assert len(list(cache_dir.glob("lexicons-*.json"))) == 1
    lexicons.cache_clear()

    def no_yaml(text, where):
        raise AssertionError("the YAML was parsed although a cache entry exists")

    monkeypatch.setattr(lexicon_module, "load_yaml", no_yaml)
    assert lexicons() == first


def test_a_changed_lexicon_file_gives_new_rule_and_lexicon_entries(cache_dir, monkeypatch):
    builtin_rules()
    before = sorted(p.name for p in cache_dir.iterdir())
    changed = lexicon_module.source().replace("crowds: [critics,", "crowds: [critics, zzcrowd,", 1)
    assert changed != lexicon_module.source()
    monkeypatch.setattr(lexicon_module, "source", lambda: changed)
    for f in (builtin_rules, lexicons, words):
        f.cache_clear()
    rules = {r.id: r for r in builtin_rules()}
    after = sorted(p.name for p in cache_dir.iterdir())
    # two new entries (rules, lexicons) beside the old ones, which another version may still use
    assert len(before) == 2 and set(before) < set(after) and len(set(after) - set(before)) == 2
    crowd_lists = list(_word_lists([list(p) for p in rules["vague_attribution.unnamed_group"].patterns]))
    assert any("zzcrowd" in words and "critics" in words for words in crowd_lists)
