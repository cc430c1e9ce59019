"""The findings on the project's articles and fixtures match tests/golden/findings.jsonl.

A change in what the rules find fails here until the golden file is refreshed with
`python scripts/golden_findings.py --write`, so the change is visible as a diff in review.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from conftest import HAS_MODEL

REPO = Path(__file__).resolve().parents[1]
_spec = importlib.util.spec_from_file_location("golden_findings", REPO / "scripts" / "golden_findings.py")
golden = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(golden)


@pytest.mark.model
@pytest.mark.skipif(not HAS_MODEL, reason="golden findings are those of the statistical pipeline")
def test_findings_match_the_golden_file():
    expected = golden.GOLDEN.read_text(encoding="utf-8").splitlines()
    diff = golden.differences(expected, golden.lines(golden.current()))
    assert not diff, "findings changed; review, then run scripts/golden_findings.py --write:\n" + "\n".join(diff[:60])


def test_golden_file_covers_every_document_set():
    keys = {line.split('"doc": "', 1)[1].split("/", 1)[0] for line in golden.GOLDEN.read_text(encoding="utf-8").splitlines()}
    sets = {p.parent.name for p in REPO.glob("data/*/articles.jsonl")} - golden.HELD_OUT
    assert sets | {"fixtures"} <= keys
