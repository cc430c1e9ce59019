"""The rules' JSON cache: same rules as the YAML, never trusted blindly, never fatal."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import hypecheck.rules as rules_module
from hypecheck import cache
from hypecheck.rules import builtin_rules

RULE_FILES = Path(rules_module.__file__).parent / "data"


@pytest.fixture
def cache_dir(tmp_path, monkeypatch):
    monkeypatch.setenv(cache.ENV_VAR, str(tmp_path))
    builtin_rules.cache_clear()
    yield tmp_path
    builtin_rules.cache_clear()


def _from_yaml(monkeypatch):
    monkeypatch.setenv(cache.ENV_VAR, "")
    builtin_rules.cache_clear()
    rules = builtin_rules()
    builtin_rules.cache_clear()
    return rules


def _entries(folder):
    return sorted(folder.glob("rules-*.json"))


def test_second_load_reads_the_cache_and_gives_the_same_rules(cache_dir, monkeypatch):
    first = builtin_rules()
    (entry,) = _entries(cache_dir)
    builtin_rules.cache_clear()

    def no_yaml(text, where):
        raise AssertionError("the YAML was parsed although a cache entry exists")

    monkeypatch.setattr(rules_module, "_rule_records", no_yaml)
    second = builtin_rules()
    assert second == first
    assert [r.params for r in second] == [r.params for r in first]
    assert [r.patterns for r in second] == [r.patterns for r in first]
    assert entry.exists()


@pytest.mark.parametrize("content", ["{not json", "[]", '[["superlative.yaml", 3]]', "null"])
def test_a_damaged_entry_is_ignored_and_rewritten(cache_dir, monkeypatch, content):
    expected = builtin_rules()
    (entry,) = _entries(cache_dir)
    entry.write_text(content, encoding="utf-8")
    builtin_rules.cache_clear()
    assert builtin_rules() == expected
    rewritten = json.loads(entry.read_text(encoding="utf-8"))
    assert [name for name, _ in rewritten] == sorted(p.name for p in RULE_FILES.glob("*.yaml"))


def test_a_bad_record_in_the_cache_is_not_trusted(cache_dir):
    expected = builtin_rules()
    (entry,) = _entries(cache_dir)
    records = json.loads(entry.read_text(encoding="utf-8"))
    records[0][1][0]["severity"] = "apocalyptic"
    entry.write_text(json.dumps(records), encoding="utf-8")
    builtin_rules.cache_clear()
    assert builtin_rules() == expected


def test_an_unwritable_cache_is_not_fatal(tmp_path, monkeypatch):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv(cache.ENV_VAR, str(blocker / "cache"))
    builtin_rules.cache_clear()
    try:
        assert builtin_rules() == _from_yaml(monkeypatch)
    finally:
        builtin_rules.cache_clear()
    assert blocker.read_text(encoding="utf-8") == "not a folder"


def test_an_empty_setting_turns_the_cache_off(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.setenv(cache.ENV_VAR, "")
    builtin_rules.cache_clear()
    try:
        builtin_rules()
    finally:
        builtin_rules.cache_clear()
    assert list(tmp_path.iterdir()) == []


def test_the_key_changes_with_any_input():
    assert cache.digest("a", "b") != cache.digest("ab", "")
    assert cache.digest("0.1.0", "x.yaml", "text") != cache.digest("0.1.0", "x.yaml", "text!")


def test_the_most_recently_used_entries_of_a_kind_are_kept(tmp_path, monkeypatch):
    import os

    monkeypatch.setenv(cache.ENV_VAR, str(tmp_path))
    (tmp_path / "other-kind.json").write_text("{}", encoding="utf-8")
    for k in range(cache.KEEP):
        cache.write("rules", f"v{k}", [[f"{k}.yaml", []]])
        os.utime(tmp_path / f"rules-v{k}.json", ns=(k * 10**9, k * 10**9))  # written one second apart
    assert cache.read("rules", "v0") == [["0.yaml", []]]  # the oldest is used again: now the newest
    cache.write("rules", "new", [["a.yaml", []]])
    kept = sorted(p.name for p in tmp_path.iterdir())
    assert len([n for n in kept if n.startswith("rules-")]) == cache.KEEP
    assert "rules-v1.json" not in kept  # the least recently used went
    assert {"rules-v0.json", "rules-new.json", "other-kind.json"} <= set(kept)
    assert cache.read("rules", "v1") is None
