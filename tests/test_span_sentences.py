"""The span model's sentence stage (hypecheck/spans/sentences.py): bags and scores."""

from __future__ import annotations

import numpy as np
import pytest

from hypecheck.spans import features, sentences


@pytest.fixture(scope="module")
def blank_nlp():
    import spacy

    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    return nlp


def _bag(doc, k):
    owner, bucket = sentences.bags(doc)
    return set(bucket[owner == k].tolist())


def test_each_pair_is_listed_once_and_in_range(blank_nlp):
    doc = blank_nlp("Wow wow wow. A second sentence here.")
    owner, bucket = sentences.bags(doc)
    assert len(set(zip(owner.tolist(), bucket.tolist()))) == len(owner)
    assert set(owner.tolist()) == {0, 1}
    assert bucket.min() >= 0 and bucket.max() < 2 ** sentences.BITS


def test_a_sentence_has_the_same_bag_in_its_document_and_alone(blank_nlp):
    """n-grams do not cross sentence ends, so a sentence is judged on its own words."""
    together = blank_nlp("The best phone ever made. It ships in May.")
    alone = blank_nlp("It ships in May.")
    assert _bag(together, 1) == _bag(alone, 0)
    assert _bag(together, 0) != _bag(alone, 0)


def test_word_order_changes_the_bag(blank_nlp):
    assert _bag(blank_nlp("dog bites man"), 0) != _bag(blank_nlp("man bites dog"), 0)


def test_every_token_gets_its_sentence_score(blank_nlp):
    doc = blank_nlp("Simply unbelievable deals. The shop opens at nine.")
    ids = features.sentence_ids(doc)
    owner, bucket = sentences.bags(doc)
    weights = np.zeros((2 ** sentences.BITS, 2), np.float16)
    hot = bucket[owner == 0][0]
    weights[hot] = [3.0, -1.0]
    out = sentences.scores(weights, np.array([0.5, 0.0], np.float32), doc, ids)
    n_first = int((owner == 0).sum())
    assert out.shape == (len(doc), 2)
    first = ids == 0
    assert np.allclose(out[first], [0.5 + 3.0 / np.sqrt(n_first), -1.0 / np.sqrt(n_first)], atol=1e-3)
    assert np.allclose(out[~first], [0.5, 0.0])


@pytest.mark.parametrize("text", ["0", "a b", "Hi."])
def test_texts_of_one_to_three_tokens_have_a_bag(blank_nlp, text):
    doc = blank_nlp(text)
    owner, bucket = sentences.bags(doc)
    assert len(owner) and set(owner.tolist()) == {0}
    assert sentences.scores(np.zeros((2 ** sentences.BITS, 1), np.float16), np.zeros(1, np.float32), doc,
                            features.sentence_ids(doc)).shape == (len(doc), 1)


def test_an_empty_doc_has_no_bag(blank_nlp):
    owner, bucket = sentences.bags(blank_nlp(""))
    assert len(owner) == len(bucket) == 0


def test_sentence_labels_mark_any_and_each_category():
    y = np.array([0, 2, 0, 0, 5, 0])
    ids = np.array([0, 0, 1, 2, 2, 2])
    labels = sentences.labels_of(y, ids, 7)
    assert labels[:, 0].tolist() == [True, False, True]
    assert labels[0, 2] and labels[2, 5] and labels.sum() == 4


# --- with the shipped model -------------------------------------------------------------

@pytest.mark.model
def test_the_shipped_model_judges_whole_sentences(nlp_analyzer):
    from hypecheck.spans.component import default_model_path
    from hypecheck.spans.corpus import LEARNED
    from hypecheck.spans.model import SpanModel

    model = SpanModel.load(default_model_path())
    assert model.meta["sentence_stage"]["labels"] == ["any", *LEARNED]
    assert model.weights["sent_w"].shape == (2 ** sentences.BITS, 1 + len(LEARNED))
    nlp = nlp_analyzer.pipeline.nlp
    off = [name for name in nlp.pipe_names if name.startswith("hypecheck")]
    doc = nlp("The council approved the budget on Tuesday. This is the most jaw-dropping, unmissable deal ever!",
              disable=off)
    ids = features.sentence_ids(doc)
    verdict = sentences.scores(model.weights["sent_w"], model.weights["sent_b"], doc, ids)[:, 0]
    assert verdict[ids == 1][0] > 0 > verdict[ids == 0][0]  # log-odds of "the sentence holds hype"


def test_the_training_matrix_numbers_sentences_on_across_documents(blank_nlp):
    pytest.importorskip("scipy")
    docs = [blank_nlp("One here. Two here."), blank_nlp(""), blank_nlp("Three here.")]
    x = sentences.matrix(docs)
    assert x.shape == (3, 2 ** sentences.BITS)
    assert np.allclose(np.asarray(x.multiply(x).sum(axis=1)).ravel(), 1.0)  # each row has unit length
    third = set(sentences.bags(docs[2])[1].tolist())
    assert set(x[2].indices.tolist()) == third
