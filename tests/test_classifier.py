"""Fast tests of the clickbait classifier (no spaCy, no ../shared needed except the marked one)."""

import io
import json
import zipfile
from pathlib import Path

import numpy as np
import pytest

from hypecheck.classifier import ClickbaitModel, ModelError, default_model_path, load_model
from hypecheck.classifier import features as F
from hypecheck.classifier.store import FORMAT_VERSION, load, save
from hypecheck.classifier.train import fit

DATA = Path("../shared/data")

CLICKBAIT = ["You Won't Believe What This Dog Did Next", "10 Things You Need To Know About Cats",
             "This Is Why You Should Never Skip Breakfast", "What Happens Next Will Shock You",
             "You Will Never Guess Who Showed Up", "21 Photos That Will Make You Cry"]
NEWS = ["Senate passes budget bill after late-night vote", "Court rules on tax case in Ohio",
        "Minister resigns after audit report", "Oil prices rise as supply falls",
        "Parliament approves new budget", "Police arrest suspect in bank robbery"]


@pytest.fixture(scope="module")
def tiny():
    return fit(CLICKBAIT + NEWS, np.r_[np.ones(6), np.zeros(6)], min_df=1, folds=0, name="tiny")


@pytest.fixture()
def saved(tiny, tmp_path):
    from hypecheck.classifier.train import encode_terms
    m = tiny.model
    arrays = {"word_terms": encode_terms(m.word.terms), "word_idf": m.word.idf,
              "char_terms": encode_terms(m.char.terms), "char_idf": m.char.idf,
              "coef": m.coef, "intercept": np.array([m.intercept])}
    path = tmp_path / "tiny.npz"
    save(path, arrays, m.meta)
    return path, arrays, m.meta


def _rewrite(path, arrays, meta_bytes):
    buf = {k: v for k, v in arrays.items()}
    buf["meta"] = np.frombuffer(meta_bytes, dtype=np.uint8)
    with open(path, "wb") as fh:
        np.savez(fh, **buf)


def test_char_keys_match_string_ngrams():
    texts = ["You Won't Believe", "", "a", "  spaced   out  ", "I ❤ 🐶 NYC!!", "İstanbul café — “quotes”"]
    rows, keys = F.char_ngram_keys([F.normalize(t) for t in texts])
    for i, t in enumerate(texts):
        expected = sorted(F.char_key(g) for g in F.char_ngrams(F.normalize(t)))
        assert sorted(keys[rows == i].tolist()) == expected


def test_numpy_transform_equals_sklearn_pipeline(tiny):
    texts = CLICKBAIT + NEWS + ["unseen words only ???", "", "&amp; HTML &quot;entities&quot; 😀"]
    np.testing.assert_allclose(tiny.model.predict_proba(texts), tiny.reference_proba(texts), rtol=0, atol=1e-12)


def test_round_trip(tiny, saved):
    path, _, _ = saved
    loaded = load_model(path)
    texts = CLICKBAIT + NEWS + ["something else entirely"]
    assert np.array_equal(loaded.predict_proba(texts), tiny.model.predict_proba(texts))
    assert loaded.threshold == tiny.model.threshold
    assert load_model(path) is loaded  # cached per path


def test_missing_file(tmp_path):
    with pytest.raises(ModelError, match="not found"):
        load(tmp_path / "nope.npz")


def test_truncated_file(saved, tmp_path):
    path, _, _ = saved
    bad = tmp_path / "truncated.npz"
    bad.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
    with pytest.raises(ModelError, match="truncated.npz"):
        load(bad)
    bad.write_bytes(b"not a zip at all")
    with pytest.raises(ModelError, match="corrupt"):
        load(bad)


def test_tampered_file(saved, tmp_path):
    _, arrays, _ = saved
    path = saved[0]
    with np.load(path, allow_pickle=False) as z:
        meta_bytes = z["meta"].tobytes()
    tampered = dict(arrays, coef=arrays["coef"] * 2)
    _rewrite(path, tampered, meta_bytes)
    with pytest.raises(ModelError, match="checksum"):
        load(path)


def test_threshold_tampering_detected(saved):
    path, arrays, _ = saved
    with np.load(path, allow_pickle=False) as z:
        meta = json.loads(z["meta"].tobytes())
    meta["threshold"] = 0.01
    _rewrite(path, arrays, json.dumps(meta).encode())
    with pytest.raises(ModelError, match="checksum"):
        load(path)


def test_pickled_object_array_refused(saved, tmp_path):
    path, arrays, _ = saved
    with np.load(path, allow_pickle=False) as z:
        meta_bytes = z["meta"].tobytes()
    evil = tmp_path / "evil.npz"
    with open(evil, "wb") as fh:
        np.savez(fh, **arrays, meta=np.frombuffer(meta_bytes, dtype=np.uint8),
                 payload=np.array([{"a": 1}, None], dtype=object))
    with pytest.raises(ModelError, match="pickle"):
        load(evil)


def test_wrong_format_version(saved):
    path, arrays, _ = saved
    with np.load(path, allow_pickle=False) as z:
        meta = json.loads(z["meta"].tobytes())
    meta["format_version"] = FORMAT_VERSION + 1
    _rewrite(path, arrays, json.dumps(meta).encode())
    with pytest.raises(ModelError, match="format_version"):
        load(path)


def test_refuses_to_save_object_arrays(tmp_path):
    with pytest.raises(ValueError):
        save(tmp_path / "x.npz", {"a": np.array([None], dtype=object)}, {})


def test_explain_tiny(tiny):
    text = "You Won't Believe What This Dog Did Next"
    terms = tiny.model.explain(text, k=3)
    assert 0 < len(terms) <= 3
    assert all(v > 0 for _, v in terms)
    assert [v for _, v in terms] == sorted((v for _, v in terms), reverse=True)
    assert all(t.lower() in text.lower() for t, _ in terms)
    assert tiny.model.explain("") == []


# -- the shipped model ------------------------------------------------------------------
shipped_missing = not default_model_path().is_file()


@pytest.mark.skipif(shipped_missing, reason="shipped model models/clickbait-v1.npz not present")
def test_shipped_model():
    model = load_model()
    cb, news = model.predict_proba(["You Won't Believe What This Dog Did Next",
                                    "Senate passes budget bill after late-night vote"])
    assert cb > model.threshold > news
    assert 0 <= news <= cb <= 1
    terms = model.explain("You Won't Believe What This Dog Did Next")
    assert terms and all(t.lower() in "you won't believe what this dog did next" for t, _ in terms)
    info = model.info
    assert info["format_version"] == FORMAT_VERSION and info["threshold"] == model.threshold
    assert isinstance(model, ClickbaitModel)


@pytest.mark.skipif(shipped_missing, reason="shipped model models/clickbait-v1.npz not present")
def test_shipped_model_is_plain_data():
    with zipfile.ZipFile(default_model_path()) as z:
        for name in z.namelist():
            header = z.read(name)[:128]
            assert b"'descr': '|O'" not in header and b"'descr': 'O'" not in header, name


@pytest.mark.skipif(not (DATA / "webis17" / "train.jsonl").is_file(),
                    reason="training data ../shared/data not available (run from the repo root beside ../shared)")
def test_training_data_loaders():
    from hypecheck.classifier.train import load_chakraborty, load_webis
    texts, y, m = load_webis(DATA)
    assert len(texts) == len(set(texts)) and set(np.unique(y)) == {0, 1} and m.min() >= 0 and m.max() <= 1
    assert not any("&amp;" in t for t in texts)
    ctexts, cy = load_chakraborty(DATA)
    assert len(ctexts) == len(set(ctexts)) and abs(cy.mean() - 0.5) < 0.01
