"""The command line: results on stdout, one-line errors on stderr, documented exit codes."""

from __future__ import annotations

import json

import pytest

from hypecheck import __version__
from hypecheck.cli import app

HYPE = "YOU WON'T BELIEVE THIS!!\nCritics are calling it the thriller of the decade. Click here now!\n"


@pytest.fixture
def hype_file(tmp_path):
    path = tmp_path / "hype.txt"
    path.write_text(HYPE, encoding="utf-8")
    return path


def _json(result):
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_file_gives_json_with_offsets_into_the_text(runner, hype_file):
    data = _json(runner.invoke(app, [str(hype_file), "--format", "json"]))
    assert data["source"] == str(hype_file)
    assert data["findings"]
    for f in data["findings"]:
        assert HYPE[f["start"] : f["end"]] == f["text"]


def test_piped_stdin_gives_the_same_findings_as_the_path(runner, hype_file):
    by_path = _json(runner.invoke(app, [str(hype_file), "--format", "json"]))
    piped = _json(runner.invoke(app, ["--format", "json"], input=HYPE))
    dashed = _json(runner.invoke(app, ["-", "--format", "json"], input=HYPE))
    assert piped["source"] == dashed["source"] == "<stdin>"
    for other in (piped, dashed):
        assert {**other, "source": None} == {**by_path, "source": None}


def test_rich_report_without_colour_has_markers_table_and_legend(runner, hype_file):
    result = runner.invoke(app, [str(hype_file), "--no-color"])
    assert result.exit_code == 0
    out = result.stdout
    assert "\x1b[" not in out
    assert "](1)" in out and "where" in out and "clickbait_hook" in out
    assert "Headline: YOU WON'T BELIEVE THIS!!" in out
    assert max(len(line) for line in out.splitlines()) <= 80


def test_colour_is_on_in_a_terminal_and_off_with_no_color(runner, hype_file, monkeypatch):
    monkeypatch.setenv("FORCE_COLOR", "1")  # what a terminal gets
    coloured = runner.invoke(app, [str(hype_file)]).stdout
    assert "\x1b[" in coloured and "41m" in coloured  # the shouting highlight's red background
    monkeypatch.setenv("NO_COLOR", "1")
    plain = runner.invoke(app, [str(hype_file)]).stdout
    assert "41m" not in plain
    assert "](1)" in plain


def test_flagged_only_drops_clean_sentences(runner, tmp_path):
    path = tmp_path / "mixed.txt"
    path.write_text("Plain title\nThe council met on Tuesday. Click here now!\n", encoding="utf-8")
    full = runner.invoke(app, [str(path), "--no-color"]).stdout
    flagged = runner.invoke(app, [str(path), "--no-color", "--flagged-only"]).stdout
    assert "The council met on Tuesday." in full
    assert "The council met on Tuesday." not in flagged and "Click here" in flagged


def test_fail_above_exits_1_only_above_the_threshold(runner, hype_file):
    assert runner.invoke(app, [str(hype_file), "--format", "json", "--fail-above", "5"]).exit_code == 1
    assert runner.invoke(app, [str(hype_file), "--format", "json", "--fail-above", "100"]).exit_code == 0


def test_version(runner):
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0 and result.stdout.strip() == f"hypecheck {__version__}"


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda d: d / "missing.txt", "no such file"),
        (lambda d: _write(d / "empty.txt", b"  \n\n"), "empty"),
        (lambda d: _write(d / "bin.dat", b"\x89PNG\x00\x00\x01"), "binary"),
        (lambda d: _write(d / "bad.txt", b"caf\xe9 \x81\x8d"), "cannot decode"),
        (lambda d: _write(d / "big.txt", b"word " * 30), "over the size limit"),
    ],
    ids=["missing", "empty", "binary", "undecodable", "too-large"],
)
def test_bad_input_is_one_line_on_stderr_and_exit_2(runner, tmp_path, make, message):
    path = make(tmp_path)
    result = runner.invoke(app, [str(path), "--format", "json", "--max-bytes", "100"])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.stderr


def test_empty_stdin_is_an_input_error(runner):
    result = runner.invoke(app, ["-", "--format", "json"], input="")
    assert result.exit_code == 2 and "empty" in result.stderr


def test_latin1_file_is_read_and_the_encoding_named(runner, tmp_path):
    path = _write(tmp_path / "old.txt", "Caf\xe9 headline\nYou won't believe it.".encode("latin-1"))
    data = _json(runner.invoke(app, [str(path), "--format", "json"]))
    assert data["encoding"] == "cp1252" and "decoded as cp1252" in data["notes"]


def test_unknown_model_is_a_usage_error(runner, hype_file, monkeypatch):
    monkeypatch.setenv("HYPECHECK_MODEL", "no_such_pipeline_xyz")
    result = runner.invoke(app, [str(hype_file), "--format", "json"])
    assert result.exit_code == 2 and "no_such_pipeline_xyz" in result.stderr


def test_rules_lists_every_rule(runner):
    from hypecheck.rules import builtin_rules

    result = runner.invoke(app, ["rules"], env={"COLUMNS": "200"})
    assert result.exit_code == 0
    for rule in builtin_rules():
        assert rule.id in result.stdout


def test_explain_prints_rationale_and_examples(runner):
    result = runner.invoke(app, ["explain", "shouting.caps_headline"])
    assert result.exit_code == 0
    assert "acronyms" in result.stdout and "Flagged:" in result.stdout and "Not flagged:" in result.stdout


def test_explain_unknown_rule_is_exit_2(runner):
    result = runner.invoke(app, ["explain", "shouting.nope"])
    assert result.exit_code == 2 and "no rule 'shouting.nope'" in result.stderr


def test_every_command_has_help_and_is_in_the_readme(runner):
    from pathlib import Path

    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    for name in ("check", "rules", "explain", "train"):
        result = runner.invoke(app, [name, "--help"])
        assert result.exit_code == 0 and "Usage" in result.stdout
        assert f"hypecheck {name}" in readme or name == "check"


def _write(path, data: bytes):
    path.write_bytes(data)
    return path


def test_per_line_scores_each_headline_in_input_order(runner, tmp_path):
    path = tmp_path / "headlines.txt"
    path.write_text(
        "You Won't Believe What This Dog Did Next\n\nSenate passes budget bill after late-night vote\n",
        encoding="utf-8",
    )
    result = runner.invoke(app, [str(path), "--per-line", "--format", "jsonl", "--rows", "full"])
    assert result.exit_code == 0, result.stderr
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["line"] for r in rows] == [1, 3]
    bait, news = rows
    assert bait["clickbait_probability"] > 0.6 > 0.3 > news["clickbait_probability"]
    assert bait["score"] > news["score"]


def test_jsonl_input_uses_text_and_id_fields(runner, tmp_path):
    path = tmp_path / "posts.jsonl"
    path.write_text(
        '{"uid": "a", "body": "Click here now!!"}\n{"uid": "b", "body": "The council met on Tuesday."}\n',
        encoding="utf-8",
    )
    result = runner.invoke(app, [str(path), "--text-field", "body", "--id-field", "uid", "--format", "jsonl", "--rows", "full"])
    assert result.exit_code == 0, result.stderr
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["id"] for r in rows] == ["a", "b"]
    assert rows[0]["findings"] and not rows[1]["findings"]


def test_jsonl_input_without_the_text_field_is_exit_2(runner, tmp_path):
    path = tmp_path / "posts.jsonl"
    path.write_text('{"body": "Click here now!!"}\n', encoding="utf-8")
    result = runner.invoke(app, [str(path), "--format", "jsonl", "--rows", "full"])
    assert result.exit_code == 2 and "no string field 'text'" in result.stderr
    result = runner.invoke(app, [str(path), "--format", "jsonl"])  # summary rows: the error is the row's
    assert result.exit_code == 2 and "no string field 'text'" in json.loads(result.stdout)["error"]


def test_per_line_rich_output_is_a_table(runner, tmp_path):
    path = tmp_path / "headlines.txt"
    path.write_text("You won't believe this!!\nCouncil approves budget\n", encoding="utf-8")
    out = runner.invoke(app, [str(path), "--per-line", "--no-color"]).stdout
    assert "p(clickbait)" in out and "Council approves budget" in out


def test_help_keeps_the_extras_in_square_brackets(runner):
    """Rich reads "[train]" as markup and drops it unless escaped; the help must name the extra."""
    for command, extra in (("train-spans", "[train]"), ("train-pairs", "[train]"), ("check", "[dask]")):
        result = runner.invoke(app, [command, "--help"], env={"COLUMNS": "400"})
        assert result.exit_code == 0 and f"needs the {extra} extra" in result.stdout, command


def test_train_spans_refuses_an_extra_set_that_does_not_exist(runner, tmp_path):
    """A misspelt --also must not quietly train on less than asked (train() skips absent sets)."""
    pytest.importorskip("sklearn")
    result = runner.invoke(app, ["train-spans", "--data", str(tmp_path), "--also", "spans-nosuch", "--out",
                                 str(tmp_path / "m.npz")])
    assert result.exit_code == 2
    assert "--also spans-nosuch: no such set" in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "m.npz").exists()


def test_train_spans_passes_the_budget_and_otherwise_keeps_the_recipe_default(runner, tmp_path, monkeypatch):
    """--budget reproduces a model trained at another false-alarm budget; without it the
    recipe's own budget applies (the shipped model's command has no --budget)."""
    pytest.importorskip("sklearn")
    import hypecheck.spans.train as training

    calls = []
    monkeypatch.setattr(training, "train", lambda out, data, sets, log, **kw: calls.append(kw))
    for extra in ([], ["--budget", "1.5"]):
        result = runner.invoke(app, ["train-spans", "--data", str(tmp_path), "--out", str(tmp_path / "m.npz"), *extra])
        assert result.exit_code == 0, result.output
    assert calls == [{}, {"budget": 1.5}]
