"""The README shows output the program really prints: every marked example is re-run.

After a change that alters output, regenerate with `python scripts/readme_examples.py --write`.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

from conftest import HAS_MODEL

SCRIPT = Path(__file__).resolve().parents[1] / "scripts" / "readme_examples.py"


def _load_script():
    spec = importlib.util.spec_from_file_location("readme_examples", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


@pytest.mark.skipif(not HAS_MODEL, reason="README examples were generated with the English statistical pipeline")
def test_readme_examples_match_what_the_program_prints():
    script = _load_script()
    text = script.README.read_text(encoding="utf-8")
    blocks = list(script.examples(text))
    assert len(blocks) >= 8
    stale = [m.group("cmd") for m, now in blocks if m.group("body") != now]
    assert not stale, f"README examples out of date (run scripts/readme_examples.py --write): {stale}"


def test_readme_names_one_install_and_one_test_command():
    text = (SCRIPT.parents[1] / "README.md").read_text(encoding="utf-8")
    assert text.count("<!-- ci:install -->") == 1 and text.count("<!-- ci:test -->") == 1
