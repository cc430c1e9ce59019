"""A damaged model file never stops an analysis (issue 12, item 6).

Flipping byte 100 of the shipped model once made every run fail with a zlib error. Any
failure to load the model, whatever it is, becomes the one-line note and the score
comes from the rules alone.
"""

from __future__ import annotations

import random

import pytest

from hypecheck import scoring
from hypecheck.classifier import ModelError, default_model_path, load_model

NOTE = "clickbait classifier unavailable ("
RULES_ALONE = "): the score uses the rules alone"


def _positions(size: int) -> list[int]:
    """Byte 100 (the reported one), the zip headers at both ends, and a random spread."""
    rng = random.Random(12)
    chosen = {100, *range(0, 120, 9), *range(size - 200, size, 13), *rng.sample(range(size), 40)}
    return sorted(chosen)


@pytest.fixture(scope="module")
def model_bytes():
    path = default_model_path()
    if not path.is_file():
        pytest.skip(f"no model file at {path}")
    return path.read_bytes()


def test_every_flipped_byte_is_a_model_error_or_a_model(model_bytes, tmp_path):
    failures = 0
    for i in _positions(len(model_bytes)):
        damaged = bytearray(model_bytes)
        damaged[i] ^= 0x01
        path = tmp_path / f"flip-{i}.npz"
        path.write_bytes(bytes(damaged))
        try:
            load_model(path)  # a flip in a zip timestamp leaves the content intact
        except ModelError as exc:
            assert "\n" not in str(exc)
            failures += 1
    assert failures > 0  # the sample does damage the content


def test_byte_100_flipped_gives_the_note_and_the_rules_go_on(model_bytes, tmp_path, monkeypatch):
    damaged = bytearray(model_bytes)
    damaged[100] ^= 0x01
    path = tmp_path / "clickbait-v2.npz"
    path.write_bytes(bytes(damaged))
    monkeypatch.setattr("hypecheck.classifier.default_model_path", lambda: path)
    model, note = scoring.load_classifier()
    assert model is None
    assert note.startswith(NOTE) and note.endswith(RULES_ALONE) and "\n" not in note

    from hypecheck.engine import Analyzer

    analyzer = Analyzer(model="blank")
    report = analyzer.analyze("You won't believe this amazing, unbelievable story!!!")
    assert any(n.startswith(NOTE) for n in report.notes)
    assert report.findings and 0 <= report.score <= 100
    assert report.clickbait_probability is None


def test_an_unexpected_error_while_loading_is_a_note_too(monkeypatch):
    def broken(path=None):
        raise MemoryError("out of memory while inflating")

    monkeypatch.setattr("hypecheck.classifier.load_model", broken)
    model, note = scoring.load_classifier()
    assert model is None
    assert note == f"{NOTE}MemoryError: out of memory while inflating{RULES_ALONE}"
