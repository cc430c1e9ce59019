"""The trained pair scorer (hypecheck/claims/pairs.py, scorer.py): candidate pairs and their
features, the model file (saved, read back, refused when damaged), and the rules running
alone when it is missing."""

from __future__ import annotations

import json
import math

import numpy as np
import pytest

from hypecheck.claims import pairs, scorer
from hypecheck.classifier import store

HOMES = ("Storm leaves nine thousand homes without power\n\nHigh winds brought down lines across the valley "
         "overnight.\n\nCrews worked through the night to reconnect the 25,000 homes still without electricity.")
# A pair the shipped scorer reports (pairs-v5: 0.80; the HOMES pair scores 0.48, under its 0.50 threshold).
ICE = ("Ice storm leaves nine thousand homes in the dark\n\nFreezing rain coated the valley on Sunday night, leaving "
       "nine thousand homes without electricity by dawn on Monday.\n\nFallen branches caused most of the damage. "
       "Route 9 was closed for several hours near Millbrook.\n\nThe co-operative said it hoped to reconnect most of "
       "the 25,000 homes cut off by the storm by Wednesday.")


@pytest.fixture(scope="module")
def nlp(english_nlp):
    return english_nlp


def _pairs(nlp, text):
    from hypecheck.claims.extract import ledger, page_of

    doc = nlp(text)
    claims, page = ledger(doc), page_of(doc)
    found = pairs.candidates(claims, page)
    return found, pairs.matrix(found, pairs.Text(claims, page))


def _row(X, name):
    return X[:, pairs.FEATURES.index(name)]


# --- candidates and features ---------------------------------------------------------------------


def test_a_headline_count_and_a_reference_back_are_a_candidate_with_their_features(nlp):
    found, X = _pairs(nlp, HOMES)
    assert [(p.a.text, p.b.text) for p in found] == [("nine thousand homes", "25,000 homes")]
    assert X.shape == (1, len(pairs.FEATURES)) and X.dtype == np.float32
    assert _row(X, "family_count")[0] == 1 and _row(X, "family_money")[0] == 0
    assert _row(X, "unit_same")[0] == 1 and _row(X, "a_headline")[0] == 1 and _row(X, "b_definite")[0] == 1
    assert _row(X, "a_definite")[0] == 0 and _row(X, "same_paragraph")[0] == 0
    assert math.isclose(_row(X, "log_ratio")[0], math.log(25_000 / 9_000), rel_tol=1e-5)


@pytest.mark.parametrize("text", [
    # the same value restated, within tolerance, or as a bound it meets
    "Storm leaves nine thousand homes without power\n\nCrews reconnected the 9,000 homes by noon.",
    "Storm leaves about 9,000 homes without power\n\nCrews reconnected the 9,500 homes by noon.",
    # one sentence: two things side by side
    "The storm cut power to 9,000 homes and 25,000 homes lost water.",
    # two currencies, two counted nouns of no common topic
    "Glenmoor pays £40 million for Ashby Mills\n\nThe $28 million loan was repaid.",
    "Storm leaves nine thousand homes without power\n\nThe 25 schools in the valley stayed open.",
])
def test_no_candidate_when_the_values_agree_or_cannot_be_one_thing(nlp, text):
    found, X = _pairs(nlp, text)
    assert found == [] and X.shape == (0, len(pairs.FEATURES))


def test_counts_of_one_topic_group_are_compared(nlp):
    found, X = _pairs(nlp, "Factory will bring 450 jobs to Dunmore\n\nHiring for the 540 positions starts in June.")
    assert [(p.a.text, p.b.text) for p in found] == [("450 jobs", "540 positions")]
    assert _row(X, "unit_same")[0] == 0 and _row(X, "unit_topic_same")[0] == 1


def test_change_words_and_quotation_are_features(nlp):
    found, X = _pairs(nlp, "About 8,000 customers were without power at 7 a.m.\n\nBy evening, \"we had 21,500 customers "
                           "in the dark,\" the utility said.")
    assert len(found) == 1
    assert _row(X, "b_quoted")[0] == 1 and _row(X, "a_quoted")[0] == 0 and _row(X, "a_about")[0] == 1


def test_weekdays_of_one_event_are_a_candidate(nlp):
    found, X = _pairs(nlp, "Harbour Lights premieres Friday on Streamly\n\nCritics saw three episodes ahead of "
                           "Thursday's premiere.")
    assert [(p.a.value, p.b.value) for p in found] == [("Friday", "Thursday")]
    assert _row(X, "family_date")[0] == 1 and _row(X, "log_ratio")[0] == 0


# --- the model file -------------------------------------------------------------------------------


def _fitted(kind: str):
    pytest.importorskip("sklearn")
    from hypecheck.claims.train_pairs import Document, fit

    rng = np.random.default_rng(0)
    X = rng.normal(size=(200, len(pairs.FEATURES))).astype(np.float32)
    y = (X[:, 0] + X[:, 1] > 0).astype(np.int64)
    doc = Document("t", "wx", True, [], X=X, y=y)
    return fit([doc], kind), X


@pytest.mark.parametrize("kind", ["logistic", "trees"])
def test_a_fitted_model_saves_as_plain_arrays_and_reads_back_the_same(tmp_path, kind):
    (arrays, meta), X = _fitted(kind)
    path = tmp_path / "pairs.npz"
    store.save(path, arrays, dict(meta, kind=scorer.KIND, features=list(pairs.FEATURES), threshold=0.7))
    direct = scorer.PairModel(arrays, dict(meta, features=list(pairs.FEATURES), threshold=0.7))
    loaded = scorer.PairModel.load(path)
    assert loaded.threshold == 0.7
    np.testing.assert_allclose(loaded.probabilities(X), direct.probabilities(X))
    probs = loaded.probabilities(X)
    assert ((probs > 0.5) == (X[:, 0] + X[:, 1] > 0)).mean() > 0.8  # it learned the rule it was given


def test_a_model_for_other_features_or_another_kind_is_refused(tmp_path):
    (arrays, meta), _ = _fitted("logistic")
    other = tmp_path / "other.npz"
    store.save(other, arrays, dict(meta, kind=scorer.KIND, features=["x"] * len(pairs.FEATURES), threshold=0.7))
    with pytest.raises(store.ModelError, match="features"):
        scorer.PairModel.load(other)
    spans = tmp_path / "spans.npz"
    store.save(spans, arrays, dict(meta, kind="hypecheck-spans", features=list(pairs.FEATURES), threshold=0.7))
    with pytest.raises(store.ModelError, match="not a hypecheck pair model"):
        scorer.PairModel.load(spans)
    assert scorer.load_or_none(str(other)) is None


def test_a_damaged_or_missing_file_is_refused_in_one_line(tmp_path):
    damaged = tmp_path / "pairs.npz"
    damaged.write_bytes(scorer.default_model_path().read_bytes()[:500])
    with pytest.raises(store.ModelError) as info:
        scorer.PairModel.load(damaged)
    assert "\n" not in str(info.value)
    assert scorer.load_or_none(str(damaged)) is None
    assert scorer.load_or_none(str(tmp_path / "missing.npz")) is None


def test_the_shipped_model_reads_and_keeps_a_threshold_of_at_least_one_half():
    model = scorer.PairModel.load(scorer.default_model_path())
    assert model.meta["features"] == list(pairs.FEATURES)
    assert 0.5 <= model.threshold <= 1.0


# --- in the analysis ----------------------------------------------------------------------------


def test_the_scorer_adds_a_finding_naming_both_values_and_lines(nlp_analyzer):
    report = nlp_analyzer.analyze(ICE)
    (finding,) = [f for f in report.findings if f.category == "contradiction"]
    assert finding.rule == "contradiction.learned_figures"
    assert finding.text == "25,000 homes" and finding.related.text == "nine thousand homes"
    assert finding.message.startswith("The headline says nine thousand homes; line 7 says 25,000 homes")


def test_without_its_model_file_the_rules_run_alone(nlp_analyzer, monkeypatch, tmp_path):
    monkeypatch.setattr(scorer, "default_model_path", lambda: tmp_path / "missing.npz")
    report = nlp_analyzer.analyze(ICE + "\n\nThe $90 million deal closed in May. The chain said the $72 million "
                                          "deal was a fair price.")
    rules = {f.rule for f in report.findings if f.category == "contradiction"}
    assert "contradiction.learned_figures" not in rules and "contradiction.money" in rules


def test_a_hand_written_conflict_is_not_reported_twice(nlp_analyzer):
    report = nlp_analyzer.analyze("Harrowgate buys Loafline in $90 million deal\n\nAnalysts said the $72 million "
                                  "Harrowgate is paying was high.")
    assert [f.rule for f in report.findings if f.category == "contradiction"] == ["contradiction.money"]


def test_the_scorer_learns_only_from_the_projects_own_texts():
    """Licences: the negatives and the calibration texts are the span corpus's (MIT, written
    for hypecheck), never third-party articles; and none holds a marked contradiction."""
    pytest.importorskip("sklearn")
    from hypecheck.claims import train_pairs

    records = train_pairs._calibration_records()
    assert train_pairs.CALIBRATION == train_pairs.REPO / "data" / "spans" / "documents.jsonl"
    assert len(records) > 1000
    corpus = {json.loads(line)["id"]: json.loads(line) for line in train_pairs.CALIBRATION.read_text(encoding="utf-8").splitlines()}
    for doc_id, _, rec in records:
        assert rec["text"] == corpus[doc_id]["text"]
        assert not any(s["category"] == "contradiction" for s in corpus[doc_id]["spans"])
