"""CI formats: SARIF 2.1.0 validated against the official schema, GitHub workflow commands."""

from __future__ import annotations

import json
import re
from urllib.parse import unquote

import pytest
from typer.testing import CliRunner

from conftest import FIXTURES, SEED
from hypecheck.cli import app
from hypecheck.render import github
from hypecheck.rules import builtin_rules

jsonschema = pytest.importorskip("jsonschema", reason="jsonschema is in the test extra: pip install -e '.[test]'")

# The OASIS SARIF 2.1.0 schema (errata 01), committed so the test needs no network.
SCHEMA = json.loads((FIXTURES / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
CAPS = FIXTURES / "reports" / "caps-headline.txt"
# Curly quotes and an em dash before the findings: columns count characters, not bytes.
UNICODE = "“Wow” — YOU WON’T BELIEVE IT!!\nCritics are calling it the thriller of the decade.\n\n  Click here now!\n"
CONTRADICTION = (
    "The #1 crime event on Netflix right now\n"
    "Ballard streams on Prime Video. Prime Video released all 10 episodes. Watch it on Prime Video.\n"
)
# RFC 3986 characters allowed in a URI reference (with percent-escapes).
URI_REFERENCE = re.compile(r"^(?:[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=]|%[0-9A-Fa-f]{2})*$")


@pytest.fixture
def runner(monkeypatch):
    monkeypatch.setenv("HYPECHECK_MODEL", "blank")
    return CliRunner()


def _write(tmp_path, text, name="doc.txt"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _sarif(runner, *args, **kwargs) -> dict:
    result = runner.invoke(app, [*args, "--format", "sarif", "--no-config"], **kwargs)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def _validate(log: dict) -> None:
    jsonschema.Draft4Validator.check_schema(SCHEMA)
    errors = sorted(jsonschema.Draft4Validator(SCHEMA).iter_errors(log), key=lambda e: list(e.path))
    assert not errors, "\n".join(f"{list(e.path)}: {e.message}" for e in errors[:5])
    # The schema declares these as URIs, but draft-04 validators skip 'format' by default.
    uris = [a["location"]["uri"] for a in log["runs"][0]["artifacts"]]
    uris += [r["helpUri"] for r in log["runs"][0]["tool"]["driver"]["rules"] if "helpUri" in r]
    assert all(URI_REFERENCE.match(u) for u in uris), uris


def _lines_of(text: str) -> list[str]:
    return text.split("\n")


def _slice(text: str, start_line: int, start_col: int, end_line: int, end_col: int) -> str:
    """The text a (1-based, end-exclusive column) region covers."""
    lines = _lines_of(text)
    if start_line == end_line:
        return lines[start_line - 1][start_col - 1 : end_col - 1]
    middle = lines[start_line : end_line - 1]
    return "\n".join([lines[start_line - 1][start_col - 1 :], *middle, lines[end_line - 1][: end_col - 1]])


# --- SARIF ------------------------------------------------------------------------------


def test_sarif_validates_against_the_official_schema(runner, tmp_path):
    log = _sarif(runner, str(_write(tmp_path, UNICODE)))
    _validate(log)
    assert log["version"] == "2.1.0"
    assert len(log["runs"]) == 1 and log["runs"][0]["results"]


def test_sarif_rules_come_from_the_rule_data(runner, tmp_path):
    log = _sarif(runner, str(_write(tmp_path, UNICODE)))
    driver = log["runs"][0]["tool"]["driver"]
    assert driver["name"] == "hypecheck"
    by_id = {r["id"]: r for r in driver["rules"]}
    for rule in builtin_rules():
        descriptor = by_id[rule.id]
        assert descriptor["shortDescription"]["text"] == rule.description
        assert descriptor["fullDescription"]["text"] == rule.rationale
        assert descriptor.get("helpUri") == rule.source
    for result in log["runs"][0]["results"]:
        assert driver["rules"][result["ruleIndex"]]["id"] == result["ruleId"]


def test_sarif_results_point_at_the_findings(runner, tmp_path):
    path = _write(tmp_path, UNICODE)
    findings = json.loads(runner.invoke(app, [str(path), "-f", "json", "--no-config"]).stdout)["findings"]
    log = _sarif(runner, str(path))
    run = log["runs"][0]
    assert run["columnKind"] == "unicodeCodePoints"
    results = run["results"]
    assert [r["ruleId"] for r in results] == [f["rule"] for f in findings]
    levels = {"high": "error", "medium": "warning", "low": "note"}
    for result, finding in zip(results, findings):
        assert result["level"] == levels[finding["severity"]]
        assert result["message"]["text"].startswith(finding["message"])
        location = result["locations"][0]["physicalLocation"]
        assert unquote(location["artifactLocation"]["uri"]).endswith("doc.txt")
        region = location["region"]
        assert (region["startLine"], region["startColumn"]) == (finding["line"], finding["column"])
        covered = _slice(UNICODE, region["startLine"], region["startColumn"], region["endLine"], region["endColumn"])
        assert covered == finding["text"] == region["snippet"]["text"]
    # The last finding is on line 4 after two spaces of indentation.
    click = next(r for r in results if r["ruleId"] == "clickbait_hook.call_to_action")
    assert click["locations"][0]["physicalLocation"]["region"]["startLine"] == 4
    assert click["locations"][0]["physicalLocation"]["region"]["startColumn"] == 3


def test_sarif_contradiction_has_related_locations(runner, tmp_path):
    log = _sarif(runner, str(_write(tmp_path, CONTRADICTION)))
    _validate(log)
    result = next(r for r in log["runs"][0]["results"] if r["ruleId"] == "contradiction.platform")
    related = result["relatedLocations"]
    assert len(related) == 1
    region = related[0]["physicalLocation"]["region"]
    assert region["startLine"] == 2
    assert _slice(CONTRADICTION, region["startLine"], region["startColumn"], region["endLine"], region["endColumn"]) == "Prime Video"
    assert f"]({related[0]['id']})" in result["message"]["text"]  # SARIF's embedded link to it


def test_sarif_for_stdin_and_scores_on_the_artifact(runner):
    log = _sarif(runner, "-", input=UNICODE)
    _validate(log)
    artifact = log["runs"][0]["artifacts"][0]
    assert unquote(artifact["location"]["uri"]) == "<stdin>"
    assert artifact["properties"]["score"] > 50 and artifact["properties"]["verdict"] in ("hyped", "sensational")
    uri = log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    assert unquote(uri) == "<stdin>"


def test_sarif_with_custom_rule_from_config_validates(runner, tmp_path):
    config = _write(tmp_path, '[extra_terms]\nhype_language = ["thriller of the decade"]\n', ".hypecheck.toml")
    result = runner.invoke(app, [str(_write(tmp_path, UNICODE)), "-f", "sarif", "--config", str(config)])
    log = json.loads(result.stdout)
    _validate(log)
    ids = [r["id"] for r in log["runs"][0]["tool"]["driver"]["rules"]]
    assert "hype_language.custom" in ids
    assert any(r["ruleId"] == "hype_language.custom" for r in log["runs"][0]["results"])


def test_sarif_clean_text_has_no_results_and_still_validates(runner, tmp_path):
    log = _sarif(runner, str(_write(tmp_path, "The council approved the budget on Monday.\n")))
    _validate(log)
    assert log["runs"][0]["results"] == []


# --- GitHub workflow commands ------------------------------------------------------------------

COMMAND = re.compile(r"^::(error|warning|notice) (?P<props>[^:]*)::(?P<message>.*)$")


def _parse(line: str) -> tuple[str, dict, str]:
    match = COMMAND.match(line)
    assert match, line
    props = dict(item.split("=", 1) for item in match["props"].split(","))
    return match.group(1), {k: github_unescape(v) for k, v in props.items()}, github_unescape(match["message"])


def github_unescape(value: str) -> str:
    return value.replace("%2C", ",").replace("%3A", ":").replace("%0A", "\n").replace("%0D", "\r").replace("%25", "%")


def test_github_lines_point_at_the_right_line_and_column(runner, tmp_path):
    path = _write(tmp_path, UNICODE)
    findings = json.loads(runner.invoke(app, [str(path), "-f", "json", "--no-config"]).stdout)["findings"]
    result = runner.invoke(app, [str(path), "--format", "github", "--no-config"])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert len(lines) == len(findings) > 3
    for line, finding in zip(lines, findings):
        _, props, message = _parse(line)
        assert props["file"] == str(path)
        assert props["title"] == finding["rule"]
        assert (int(props["line"]), int(props["col"])) == (finding["line"], finding["column"])
        covered = _slice(UNICODE, int(props["line"]), int(props["col"]), int(props["endLine"]), int(props["endColumn"]))
        assert covered == finding["text"]
        assert message.startswith(finding["message"])
    # Spot checks by hand: "YOU WON’T BELIEVE" starts after “Wow” — (8 characters), line 1.
    _, props, _ = _parse(next(row for row in lines if "curiosity_gap" in row))
    assert (props["line"], props["col"], props["endColumn"]) == ("1", "9", "26")
    _, props, _ = _parse(next(row for row in lines if "call_to_action" in row))
    assert (props["line"], props["col"]) == ("4", "3")


def test_github_severity_levels(runner, tmp_path):
    config = _write(tmp_path, '[severity]\n"vague_attribution.unnamed_group" = "low"\n', "team.toml")
    out = runner.invoke(app, [str(_write(tmp_path, UNICODE)), "-f", "github", "--config", str(config)]).stdout
    kinds = {(_parse(row)[1]["title"], _parse(row)[0]) for row in out.splitlines()}
    assert ("clickbait_hook.curiosity_gap", "error") in kinds  # high
    assert ("superlative.period", "warning") in kinds  # medium
    assert ("vague_attribution.unnamed_group", "notice") in kinds  # low


def test_github_escaping_follows_the_toolkit():
    assert github.escape_data("100% sure\r\nnext") == "100%25 sure%0D%0Anext"
    assert github.escape_property("a,b:c%d\n") == "a%2Cb%3Ac%25d%0A"
    assert github.escape_data("a,b:c") == "a,b:c"  # messages keep commas and colons


def test_github_escapes_awkward_file_names_and_stdin(runner, tmp_path):
    odd = _write(tmp_path, UNICODE, "draft, v2: 100%.txt")
    line = runner.invoke(app, [str(odd), "-f", "github", "--no-config"]).stdout.splitlines()[0]
    assert "draft%2C v2%3A 100%25.txt" in line
    assert _parse(line)[1]["file"] == str(odd)
    line = runner.invoke(app, ["-", "-f", "github", "--no-config"], input=UNICODE).stdout.splitlines()[0]
    assert _parse(line)[1]["file"] == "<stdin>"


def test_github_contradiction_message_names_the_other_passage(runner, tmp_path):
    out = runner.invoke(app, [str(_write(tmp_path, CONTRADICTION)), "-f", "github", "--no-config"]).stdout
    line = next(row for row in out.splitlines() if "contradiction.platform" in row)
    assert 'line 2, column 20: "Prime Video"' in _parse(line)[2]


def test_github_prints_nothing_for_clean_text(runner, tmp_path):
    result = runner.invoke(app, [str(_write(tmp_path, "The council approved the budget on Monday.\n")), "-f", "github", "--no-config"])
    assert result.exit_code == 0 and result.stdout == ""


@pytest.mark.model
def test_github_seed_headline_line_and_column(monkeypatch, tmp_path):
    if not SEED.exists():
        pytest.skip(f"the user's seed article is not at {SEED}")
    monkeypatch.delenv("HYPECHECK_MODEL", raising=False)
    text = SEED.read_text(encoding="utf-8")
    out = CliRunner().invoke(app, [str(SEED), "-f", "github", "--no-config"]).stdout
    line = next(row for row in out.splitlines() if "title=shouting.caps_headline" in row)
    kind, props, _ = _parse(line)
    assert kind == "error"
    assert _slice(text, int(props["line"]), int(props["col"]), int(props["endLine"]), int(props["endColumn"])) == "BOSCH CAN’T COMPETE!"
    assert (props["line"], props["col"]) == ("4", "2")


@pytest.mark.model
def test_sarif_on_the_seed_validates(monkeypatch):
    if not SEED.exists():
        pytest.skip(f"the user's seed article is not at {SEED}")
    monkeypatch.delenv("HYPECHECK_MODEL", raising=False)
    log = json.loads(CliRunner().invoke(app, [str(SEED), "-f", "sarif", "--no-config"]).stdout)
    _validate(log)
    assert len(log["runs"][0]["results"]) > 10
