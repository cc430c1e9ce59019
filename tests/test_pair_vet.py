"""The pair scorer's vet of the hand-written figure conflicts (hypecheck/claims/scorer.py):
a figure conflict the model doubts is dropped, the other rules never are, and without a
usable model file every hand-written conflict stays."""

from __future__ import annotations

import numpy as np
import pytest

from hypecheck.claims import pairs, scorer
from hypecheck.claims.model import Claim, Conflict
from hypecheck.classifier import store

MONEY = "Harrowgate buys Loafline in $90 million deal\n\nAnalysts said the $72 million Harrowgate is paying was high."
# not figures: an exclusive out on another platform, a person given two ages
AVAILABILITY = ("Moss & Marrow arrived this week as a Switch exclusive.\n"
                "Moss & Marrow is out now on PlayStation 5 and PC, priced at $24.99.")
AGE = ("This week, the 19-year-old from Sierra Leone is ranked 11th.\n"
       "\"I play for the girls back home,\" said the 22-year-old.")


def _save(path, hand_weight: float, vet: float | None = 0.1, threshold: float = 0.99):
    """A logistic pair model whose probability is 0.5 for every pair but those the
    hand-written rules linked, which it scores sigmoid(hand_weight)."""
    n = len(pairs.FEATURES)
    coef = np.zeros(n)
    coef[pairs.FEATURES.index("hand_linked")] = hand_weight
    arrays = {"mean": np.zeros(n), "scale": np.ones(n), "coef": coef, "intercept": np.array([0.0])}
    meta = {"model": "logistic", "kind": scorer.KIND, "features": list(pairs.FEATURES), "threshold": threshold}
    if vet is not None:  # pairs-v3 and before had none
        meta["vet_threshold"] = vet
    store.save(path, arrays, meta)
    return path


@pytest.fixture
def model_at(monkeypatch):
    def use(path):
        monkeypatch.setattr(scorer, "default_model_path", lambda: path)
    return use


def _contradictions(analyzer, text):
    return [(f.rule, f.text) for f in analyzer.analyze(text).findings if f.category == "contradiction"]


def test_a_hand_written_figure_conflict_the_model_doubts_is_dropped(nlp_analyzer, model_at, tmp_path):
    model_at(_save(tmp_path / "doubts.npz", hand_weight=-20.0))
    assert _contradictions(nlp_analyzer, MONEY) == []


def test_a_hand_written_figure_conflict_the_model_accepts_stays(nlp_analyzer, model_at, tmp_path):
    model_at(_save(tmp_path / "accepts.npz", hand_weight=20.0))
    assert _contradictions(nlp_analyzer, MONEY) == [("contradiction.money", "$72 million")]


def test_without_the_scorers_rule_nothing_is_vetted(model_at, tmp_path):
    from hypecheck.engine import Analyzer

    model_at(_save(tmp_path / "doubts.npz", hand_weight=-20.0))
    alone = Analyzer(use_classifier=False, disable=["contradiction.learned_figures"])
    if alone.pipeline.is_blank:
        pytest.skip("no English statistical pipeline installed")
    assert _contradictions(alone, MONEY) == [("contradiction.money", "$72 million")]


@pytest.mark.parametrize("text, rule", [(AVAILABILITY, "contradiction.availability"), (AGE, "contradiction.age")])
def test_the_rules_that_are_not_figures_are_never_vetted(nlp_analyzer, model_at, tmp_path, text, rule):
    model_at(_save(tmp_path / "doubts.npz", hand_weight=-20.0, vet=1.0))
    assert rule in {r for r, _ in _contradictions(nlp_analyzer, text)}


def test_only_the_figure_kinds_are_vettable():
    def conflict(kind, claim_kind):
        c = Claim(claim_kind, 0, 1, "x", 1.0)
        return Conflict(kind, c, c, "")

    assert pairs.vettable(conflict("money", "money")) and pairs.vettable(conflict("date", "weekday"))
    assert not pairs.vettable(conflict("age", "age"))
    for kind in ("availability", "contact", "quote"):
        assert not pairs.vettable(conflict(kind, kind))


@pytest.mark.parametrize("damage", ["missing", "damaged"])
def test_a_missing_or_damaged_model_leaves_the_hand_written_conflicts(nlp_analyzer, model_at, tmp_path, damage):
    path = tmp_path / "pairs.npz"
    if damage == "damaged":
        path.write_bytes(_save(tmp_path / "whole.npz", hand_weight=-20.0).read_bytes()[:300])
    model_at(path)
    assert _contradictions(nlp_analyzer, MONEY) == [("contradiction.money", "$72 million")]


def test_a_model_without_a_vet_threshold_vets_nothing(nlp_analyzer, model_at, tmp_path):
    model_at(_save(tmp_path / "old.npz", hand_weight=-20.0, vet=None))
    assert _contradictions(nlp_analyzer, MONEY) == [("contradiction.money", "$72 million")]


def test_a_far_hand_written_pair_is_scored_too(english_nlp):
    """A hand-written conflict the candidate filter would not list (further apart than the
    scorer's domain) is still a pair the vet reads."""
    from hypecheck.claims.compare import conflicts
    from hypecheck.claims.extract import ledger, page_of

    filler = "\n\n".join("The market opens early and the stalls sell bread, fish and flowers." for _ in range(30))
    doc = english_nlp(f"Harrowgate buys Loafline in $90 million deal\n\n{filler}\n\nThe $72 million Harrowgate is paying was high.")
    claims, page, hand = ledger(doc), page_of(doc), conflicts(doc)
    found, index = pairs.with_hand(claims, page, hand)
    (i,) = [i for i, c in zip(index, hand) if c.kind == "money"]
    assert (found[i].a.text, found[i].b.text) == ("$90 million", "$72 million")
    X = pairs.matrix(found, pairs.Text(claims, page, hand))
    assert X[i, pairs.FEATURES.index("hand_linked")] == 1


# --- training -------------------------------------------------------------------------------------


def test_training_reads_twelve_development_writers_and_no_held_out_set():
    pytest.importorskip("sklearn")
    from hypecheck.claims import train_pairs

    assert len(train_pairs.WRITERS) == 12
    assert not any("holdout" in folder for folder in train_pairs.WRITERS.values())
    records = train_pairs._dev_records()
    by_writer = {}
    for doc_id, writer, _ in records:
        assert doc_id.startswith(writer + "-")  # a folder of several writers is split by the ids' prefix
        by_writer[writer] = by_writer.get(writer, 0) + 1
    assert set(by_writer) == set(train_pairs.WRITERS)
    assert by_writer["xr"] == by_writer["xs"] == 32 and by_writer["xt"] == 24


def test_the_vet_threshold_drops_at_most_one_in_fifty_true_conflicts():
    pytest.importorskip("sklearn")
    from hypecheck.claims.train_pairs import Document, choose_vet

    # 100 hand-written conflicts that link a contradiction, scored 0.01 to 1.00, and one that does not
    docs = []
    for k in range(100):
        d = Document(f"d{k}", "wx", True, [], found=[(None, 0)], y=np.array([1]))
        docs.append((d, np.array([(k + 1) / 100])))
    wrong = Document("w", "wx", False, [], found=[(None, 0)], y=np.array([0]))
    docs.append((wrong, np.array([0.001])))
    vet = choose_vet([d for d, _ in docs], [p for _, p in docs], ceiling=0.5)
    dropped = sum(float(p[0]) < vet for d, p in docs if d.y[0] == 1)
    assert dropped == 2 and vet == pytest.approx(0.03)
    assert choose_vet([d for d, _ in docs], [p for _, p in docs], ceiling=0.02) == 0.02  # never above the report threshold
