"""What a one-file run leaves out or puts off, so that it starts fast: spaCy's command line,
rich, typeguard and the YAML parser are not imported, and the classifier is awaited by the
first row rather than by the Scorer. Behaviour only: never wall-clock times."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import threading

import pytest

from conftest import HAS_MODEL

TEXT = ("Sales rose 40% to $1.2bn in 2023, the best year ever, a insider said.\n\n"
        "You won't believe what happened next!! Critics are calling it the greatest show ever.\n")


def _python(code: str) -> str:
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                          env=os.environ.copy()).stdout


def test_spacy_is_imported_without_its_command_line_which_still_works_when_asked_for():
    out = _python(
        "import sys, json\n"
        "from hypecheck import startup\n"
        "startup.import_spacy()\n"
        "import spacy\n"
        "left_out = [m for m in ('spacy.cli', 'spacy.cli.info', 'weasel', 'requests') if m in sys.modules]\n"
        "info = spacy.info()\n"
        "import spacy.cli\n"
        "from spacy.cli import download\n"
        "print(json.dumps([left_out, info['spacy_version'] == spacy.__version__, callable(download),\n"
        "                  spacy.cli.__file__.endswith('__init__.py')]))\n"
    )
    assert json.loads(out) == [[], True, True, True]


def test_import_spacy_does_nothing_once_spacy_is_imported():
    out = _python(
        "import sys\n"
        "import spacy\n"
        "from hypecheck import startup\n"
        "before = sys.modules['spacy.cli']\n"
        "startup.import_spacy()\n"
        "print(sys.modules['spacy.cli'] is before, spacy.info.__module__)\n"
    )
    assert out.split() == ["True", "spacy.cli.info"]


def test_inflect_loads_without_typeguard_and_leaves_the_real_one_importable():
    out = _python(
        "import sys\n"
        "from hypecheck.inflection import engine\n"
        "e = engine()\n"
        "print('typeguard' in sys.modules, e.a('hour'), e.plural_noun('child'))\n"
        "import typeguard\n"
        "print(typeguard.__file__ is not None, typeguard.typechecked.__qualname__, hasattr(typeguard, 'check_type'))\n"
    )
    assert out.splitlines() == ["False an hour children", "True typechecked True"]


def test_the_quantities_table_is_read_from_the_cache_and_a_damaged_entry_is_read_again(tmp_path):
    code = (
        "import sys, json\n"
        "from hypecheck.claims.numbers import table\n"
        "t = table()\n"
        "print(json.dumps(['yaml' in sys.modules, t['number_words']['seven'], t['fractions']['half']]))\n"
    )
    env = dict(os.environ, HYPECHECK_CACHE_DIR=str(tmp_path))

    def run():
        return json.loads(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                                         check=True, env=env).stdout)

    assert run() == [True, 7, 0.5]  # parsed, then cached
    (entry,) = tmp_path.glob("quantities-*.json")
    assert run() == [False, 7, 0.5]  # from the cache: no YAML parser
    entry.write_text('["not", "a", "table"]', encoding="utf-8")
    assert run() == [True, 7, 0.5]  # not trusted: parsed again and rewritten
    assert json.loads(entry.read_text(encoding="utf-8"))["number_words"]["seven"] == 7


def test_a_replace_regex_is_compiled_once_for_the_check_and_the_suggestions():
    from hypecheck.rules import builtin_rules, replace_pattern

    entry = next(e for rule in builtin_rules() for e in rule.replace)
    compiled = replace_pattern(entry.match)
    assert compiled is replace_pattern(entry.match)
    assert compiled.flags & re.IGNORECASE


@pytest.mark.skipif(not HAS_MODEL, reason="needs an English pipeline (en_core_web_sm or its repackage)")
def test_a_one_file_json_run_imports_neither_rich_nor_spacy_cli_nor_typeguard_nor_yaml(tmp_path):
    article = tmp_path / "article.txt"
    article.write_text(TEXT, encoding="utf-8")
    code = (
        "import atexit, json, os, sys\n"
        "watched = ('rich', 'spacy.cli', 'typeguard', 'yaml', 'weasel', 'requests', 'inflect')\n"
        "atexit.register(lambda: os.write(2, ('LOADED ' + json.dumps([m for m in watched if m in sys.modules])).encode()))\n"
        f"sys.argv = ['hypecheck', {str(article)!r}, '--format', 'json']\n"
        "from hypecheck.entry import main\n"
        "main()\n"
    )
    runs = [subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=os.environ.copy())
            for _ in range(2)]  # the first may fill the cache (and parse the YAML to do so)
    proc = runs[-1]
    assert proc.returncode in (0, 1), proc.stderr
    report = json.loads(proc.stdout)
    assert report["findings"] and report["score"] > 0
    loaded = json.loads(proc.stderr.rsplit("LOADED ", 1)[1])
    assert loaded == ["inflect"]  # "a insider" is mended with inflect, which runs without typeguard


def test_the_scorer_is_ready_before_the_classifier_and_the_first_row_waits_for_it(monkeypatch):
    from hypecheck import batch, scoring
    from hypecheck.sources import from_text

    gate, finished = threading.Event(), threading.Event()

    def slow_classifier():
        gate.wait(10)
        finished.set()
        return None, "no classifier in this test"

    monkeypatch.setattr(scoring, "load_classifier", slow_classifier)
    scorer = batch.Scorer(batch.Options({"model": "blank"}))
    assert not finished.is_set()  # the Scorer did not wait for it
    gate.set()
    ((row, last),) = list(scorer.score_items([("a.txt", {}, from_text(TEXT, "a.txt"), True)]))
    assert finished.is_set() and last
    assert row["error"] is None and row["score"] is not None
    # the classifier's note holds for every row: the Scorer says it once, not in each row
    assert scorer.notes == ("no classifier in this test",) and row["notes"] == []
