"""Configuration files: found upward, validated strictly, overridden by the command line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import FIXTURES, SEED
from hypecheck.cli import app
from hypecheck.config import find_config, load_config, resolve
from hypecheck.errors import ConfigError

CAPS = FIXTURES / "reports" / "caps-headline.txt"
CAPS_TEXT = CAPS.read_text(encoding="utf-8")


@pytest.fixture
def runner(monkeypatch, tmp_path):
    """A CLI runner working in an empty folder, with the fast blank pipeline."""
    monkeypatch.setenv("HYPECHECK_MODEL", "blank")
    monkeypatch.delenv("NO_COLOR", raising=False)
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    return CliRunner()


def _findings(result) -> list[dict]:
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)["findings"]


def _rules(result) -> set[str]:
    return {f["rule"] for f in _findings(result)}


# --- finding the file ----------------------------------------------------------


def test_found_by_searching_upward(tmp_path):
    deep = tmp_path / "a" / "b" / "c"
    deep.mkdir(parents=True)
    (tmp_path / "a" / ".hypecheck.toml").write_text('disable = ["shouting"]\n')
    assert find_config(deep) == (tmp_path / "a" / ".hypecheck.toml").resolve()


def test_nearest_wins_and_hypecheck_toml_beats_pyproject(tmp_path):
    inner = tmp_path / "project"
    inner.mkdir()
    (tmp_path / ".hypecheck.toml").write_text("")
    (inner / "pyproject.toml").write_text('[tool.hypecheck]\ndisable = ["shouting"]\n')
    assert find_config(inner) == (inner / "pyproject.toml").resolve()
    (inner / ".hypecheck.toml").write_text("")
    assert find_config(inner) == (inner / ".hypecheck.toml").resolve()


def test_pyproject_without_our_table_is_passed_over(tmp_path):
    inner = tmp_path / "pkg"
    inner.mkdir()
    (inner / "pyproject.toml").write_text('[project]\nname = "x"\n')
    (tmp_path / "pyproject.toml").write_text('[tool.hypecheck]\nfail_above = 50\n')
    assert find_config(inner) == (tmp_path / "pyproject.toml").resolve()
    assert load_config(find_config(inner)).fail_above == 50


def test_no_file_anywhere_means_defaults(tmp_path):
    settings = resolve(cwd=tmp_path)  # tmp_path's parents up to / hold no configuration
    assert settings.config.path is None
    assert settings.analyzer_args["disable"] == []
    assert settings.analyzer_args["enable"] is None


# --- the acceptance case: disabling the caps-headline rule ------------------------


def test_disable_in_hypecheck_toml_removes_the_caps_headline_finding(runner):
    assert "shouting.caps_headline" in _rules(runner.invoke(app, [str(CAPS), "-f", "json"]))
    Path(".hypecheck.toml").write_text('disable = ["shouting.caps_headline"]\n')
    findings = _findings(runner.invoke(app, [str(CAPS), "-f", "json"]))
    assert "shouting.caps_headline" not in {f["rule"] for f in findings}
    assert not any("NOTHING CAN COMPETE" in f["text"] for f in findings if f["category"] == "shouting")
    # Everything else is still reported.
    assert {"shouting.exclamations", "clickbait_hook.curiosity_gap"} <= {f["rule"] for f in findings}


def test_config_in_a_parent_folder_applies(runner):
    Path(".hypecheck.toml").write_text('disable = ["shouting"]\n')
    Path("sub/deeper").mkdir(parents=True)
    import os

    os.chdir("sub/deeper")
    rules = _rules(runner.invoke(app, [str(CAPS), "-f", "json"]))
    assert not any(r.startswith("shouting.") for r in rules)


def test_tool_table_in_pyproject(runner):
    Path("pyproject.toml").write_text('[project]\nname = "x"\n\n[tool.hypecheck]\ndisable = ["shouting.caps_headline"]\n')
    assert "shouting.caps_headline" not in _rules(runner.invoke(app, [str(CAPS), "-f", "json"]))


def test_no_config_ignores_the_file_and_config_names_one(runner, tmp_path):
    Path(".hypecheck.toml").write_text('disable = ["shouting.caps_headline"]\n')
    assert "shouting.caps_headline" in _rules(runner.invoke(app, [str(CAPS), "-f", "json", "--no-config"]))
    elsewhere = tmp_path / "team.toml"
    elsewhere.write_text('disable = ["clickbait_hook"]\n')
    rules = _rules(runner.invoke(app, [str(CAPS), "-f", "json", "--config", str(elsewhere)]))
    assert "shouting.caps_headline" in rules  # the found file is not used
    assert not any(r.startswith("clickbait_hook.") for r in rules)


@pytest.mark.model
def test_seed_headline_finding_disabled_by_config(monkeypatch, tmp_path):
    if not SEED.exists():
        pytest.skip(f"the user's seed article is not at {SEED}")
    monkeypatch.delenv("HYPECHECK_MODEL", raising=False)
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    before = _findings(runner.invoke(app, [str(SEED), "-f", "json"]))
    assert any(f["rule"] == "shouting.caps_headline" and f["text"] == "BOSCH CAN’T COMPETE!" for f in before)
    Path(".hypecheck.toml").write_text('disable = ["shouting.caps_headline"]\n')
    after = _findings(runner.invoke(app, [str(SEED), "-f", "json"]))
    assert not any(f["rule"] == "shouting.caps_headline" for f in after)
    assert len(after) == len(before) - 1


# --- the other keys ------------------------------------------------------------------


def test_enable_limits_to_prefixes_and_the_command_line_replaces_it(runner):
    Path(".hypecheck.toml").write_text('enable = ["shouting"]\n')
    rules = _rules(runner.invoke(app, [str(CAPS), "-f", "json"]))
    assert rules and all(r.startswith("shouting.") for r in rules)
    rules = _rules(runner.invoke(app, [str(CAPS), "-f", "json", "--enable", "clickbait_hook,vague_attribution"]))
    assert rules and all(r.split(".")[0] in ("clickbait_hook", "vague_attribution") for r in rules)


def test_disable_on_the_command_line_replaces_the_files_list(runner):
    Path(".hypecheck.toml").write_text('disable = ["shouting.caps_headline"]\n')
    rules = _rules(runner.invoke(app, [str(CAPS), "-f", "json", "--disable", "clickbait_hook"]))
    assert "shouting.caps_headline" in rules
    assert not any(r.startswith("clickbait_hook.") for r in rules)


def test_extra_terms_become_a_custom_rule(runner):
    Path(".hypecheck.toml").write_text('[extra_terms]\nhype_language = ["summer spectacle", "mega-viral"]\n')
    text = "The mega-viral clip\nIt went MEGA-VIRAL overnight, a Summer Spectacle.\n"
    Path("in.txt").write_text(text, encoding="utf-8")
    findings = [f for f in _findings(runner.invoke(app, ["in.txt", "-f", "json"])) if f["rule"] == "hype_language.custom"]
    assert [f["text"] for f in findings] == ["mega-viral", "MEGA-VIRAL", "Summer Spectacle"]
    assert all(f["category"] == "hype_language" and f["severity"] == "medium" for f in findings)
    assert "mega-viral" in findings[0]["message"] and ".hypecheck.toml" not in findings[0]["message"]
    assert all(text[f["start"] : f["end"]] == f["text"] for f in findings)


def test_severity_override_by_id_and_by_prefix(runner):
    base = {f["rule"]: f["severity"] for f in _findings(runner.invoke(app, [str(CAPS), "-f", "json"]))}
    assert base["vague_attribution.unnamed_group"] == "medium"
    assert base["shouting.exclamations"] == "medium"
    Path(".hypecheck.toml").write_text(
        '[severity]\n"vague_attribution.unnamed_group" = "high"\nshouting = "low"\n"shouting.exclamations" = "high"\n'
    )
    after = {f["rule"]: f["severity"] for f in _findings(runner.invoke(app, [str(CAPS), "-f", "json"]))}
    assert after["vague_attribution.unnamed_group"] == "high"
    assert after["shouting.caps_headline"] == "low"  # the prefix
    assert after["shouting.exclamations"] == "high"  # the more specific entry wins


def test_fail_above_from_the_file_and_overridden(runner):
    Path(".hypecheck.toml").write_text("fail_above = 10\n")
    assert runner.invoke(app, [str(CAPS), "-f", "json"]).exit_code == 1
    assert runner.invoke(app, [str(CAPS), "-f", "json", "--fail-above", "100"]).exit_code == 0


def test_model_from_the_file_and_environment_and_option_win(runner, monkeypatch):
    Path(".hypecheck.toml").write_text('model = "no_such_pipeline_xyz"\n')
    monkeypatch.delenv("HYPECHECK_MODEL")
    result = runner.invoke(app, [str(CAPS), "-f", "json"])
    assert result.exit_code == 2 and "no_such_pipeline_xyz" in result.stderr
    assert runner.invoke(app, [str(CAPS), "-f", "json", "--model", "blank"]).exit_code == 0
    monkeypatch.setenv("HYPECHECK_MODEL", "blank")
    assert runner.invoke(app, [str(CAPS), "-f", "json"]).exit_code == 0


# --- errors name the file and the key (exit 2) ------------------------------------------


@pytest.mark.parametrize(
    ("content", "key", "problem"),
    [
        ('disabel = ["shouting"]\n', "disabel", "unknown key"),
        ('disable = "shouting"\n', "disable", "list of non-empty strings"),
        ("enable = [1, 2]\n", "enable", "list of non-empty strings"),
        ('disable = ["shouting.no_such_rule"]\n', "disable", "no rule matches 'shouting.no_such_rule'"),
        ('disable = ["nonsense"]\n', "disable", "no rule matches 'nonsense'"),
        ('fail_above = "40"\n', "fail_above", "whole number"),
        ("fail_above = 140\n", "fail_above", "whole number"),
        ("fail_above = true\n", "fail_above", "whole number"),
        ("model = 3\n", "model", "pipeline name"),
        ('[extra_terms]\nhype = ["x"]\n', "extra_terms.hype", "unknown category"),
        ("[extra_terms]\nhype_language = [1]\n", "extra_terms.hype_language", "list of non-empty strings"),
        ('extra_terms = ["x"]\n', "extra_terms", "must be a table"),
        ('[severity]\n"superlative.absolute" = "extreme"\n', "severity.superlative.absolute", "low, medium, high"),
        ('[severity]\n"superlative.nope" = "high"\n', "severity.superlative.nope", "no rule matches"),
    ],
)
def test_mistakes_are_errors_naming_file_and_key(runner, content, key, problem):
    Path(".hypecheck.toml").write_text(content)
    result = runner.invoke(app, [str(CAPS), "-f", "json"])
    assert result.exit_code == 2, result.output
    assert result.stdout == ""
    message = result.stderr.strip()
    assert message.startswith("hypecheck: error: ") and "\n" not in message
    assert ".hypecheck.toml" in message and f"'{key}'" in message and problem in message


def test_errors_in_pyproject_name_the_tool_table_key(runner):
    Path("pyproject.toml").write_text('[tool.hypecheck]\ncolour = "red"\n')
    result = runner.invoke(app, [str(CAPS), "-f", "json"])
    assert result.exit_code == 2
    assert "pyproject.toml" in result.stderr and "'tool.hypecheck.colour'" in result.stderr


def test_invalid_toml_names_the_file_and_position(runner):
    Path(".hypecheck.toml").write_text('disable = [shouting]\n')
    result = runner.invoke(app, [str(CAPS), "-f", "json"])
    assert result.exit_code == 2
    assert ".hypecheck.toml: not valid TOML" in result.stderr and "line" in result.stderr


def test_missing_explicit_config_and_pyproject_without_table(runner):
    result = runner.invoke(app, [str(CAPS), "--config", "nope.toml"])
    assert result.exit_code == 2 and "nope.toml: no such configuration file" in result.stderr
    Path("pyproject.toml").write_text('[project]\nname = "x"\n')
    result = runner.invoke(app, [str(CAPS), "--config", "pyproject.toml"])
    assert result.exit_code == 2 and "has no [tool.hypecheck] table" in result.stderr


def test_unknown_rule_on_the_command_line_is_an_error(runner):
    result = runner.invoke(app, [str(CAPS), "--disable", "shouting.nope"])
    assert result.exit_code == 2 and "--disable" in result.stderr and "shouting.nope" in result.stderr


def test_custom_rule_ids_can_be_disabled_and_rated(tmp_path):
    path = tmp_path / ".hypecheck.toml"
    path.write_text('disable = ["hype_language.custom"]\n[extra_terms]\nhype_language = ["x-treme"]\n[severity]\n"hype_language.custom" = "high"\n')
    settings = resolve(path)
    custom = [r for r in settings.analyzer_args["rules"] if r.id == "hype_language.custom"]
    assert custom and custom[0].severity == "high" and custom[0].phrases == ("x-treme",)
    assert settings.analyzer_args["disable"] == ["hype_language.custom"]
    with pytest.raises(ConfigError, match="no rule matches 'hype_language.custom'"):
        bad = tmp_path / "bad.toml"
        bad.write_text('disable = ["hype_language.custom"]\n')
        load_config(bad)
