"""Fast tests of the clickbait classifier (no spaCy, no ../shared needed except the marked ones)."""

import json
import os
import re
import zipfile
from pathlib import Path

import numpy as np
import pytest

from hypecheck.classifier import STOP_WORDS, ClickbaitModel, ModelError, default_model_path, load_model
from hypecheck.classifier import features as F
from hypecheck.classifier.store import FORMAT_VERSION, load, save
from hypecheck.classifier.train import fit

DATA = Path(__file__).resolve().parents[2] / "shared" / "data"

CLICKBAIT = ["You Won't Believe What This Dog Did Next", "10 Things You Need To Know About Cats",
             "This Is Why You Should Never Skip Breakfast", "What Happens Next Will Shock You",
             "You Will Never Guess Who Showed Up", "21 Photos That Will Make You Cry"]
NEWS = ["Senate passes budget bill after late-night vote", "Court rules on tax case in Ohio",
        "Minister resigns after audit report", "Oil prices rise as supply falls",
        "Parliament approves new budget", "Police arrest suspect in bank robbery"]


LABELS = np.r_[np.ones(6), np.zeros(6)]
# small trees that can split twelve texts (the shipped ones need 40 texts per leaf)
TINY_TREES = {"max_iter": 20, "min_samples_leaf": 2}


@pytest.fixture(scope="module")
def tiny():
    """Both corpora's roles filled by the same twelve texts, so all four linear scores exist."""
    return fit(CLICKBAIT + NEWS, LABELS, chak_texts=CLICKBAIT + NEWS, chak_labels=LABELS, min_df=1, folds=2,
               tree_params=TINY_TREES, name="tiny", n_jobs=1)


@pytest.fixture()
def saved(tiny, tmp_path):
    m = tiny.model
    path = tmp_path / "tiny.npz"
    save(path, m.arrays, m.meta)
    return path, m.arrays, m.meta


def _meta_bytes(path) -> bytes:
    with np.load(path, allow_pickle=False) as z:
        return z["meta"].tobytes()


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


def test_numpy_scorer_equals_sklearn_pipeline(tiny):
    texts = CLICKBAIT + NEWS + ["unseen words only ???", "", "&amp; HTML &quot;entities&quot; 😀"]
    proba = tiny.model.predict_proba(texts)
    np.testing.assert_allclose(proba, tiny.reference_proba(texts), rtol=0, atol=1e-12)
    assert proba[:6].min() > tiny.model.threshold > proba[6:12].max()  # the trees do separate the two kinds
    assert tiny.model.linear_scores(texts).shape == (len(texts), 4)


def test_one_corpus_models_leave_the_others_scores_out():
    webis_only = fit(CLICKBAIT + NEWS, LABELS, min_df=1, folds=0, tree_params=TINY_TREES, n_jobs=1).model
    chak_only = fit(chak_texts=CLICKBAIT + NEWS, chak_labels=LABELS, min_df=1, folds=0, tree_params=TINY_TREES,
                    n_jobs=1).model
    bases = webis_only.meta["bases"]
    for model, kept in ((webis_only, {"webis_lr", "webis_ridge"}), (chak_only, {"chak_lr"})):
        for j, base in enumerate(bases):
            assert bool(np.any(model.coef[:, j])) == (base in kept), base
        p = model.predict_proba(CLICKBAIT + NEWS)
        assert p[:6].min() > p[6:].max()


def test_trees_equal_sklearn_and_refuse_bad_indexes():
    from sklearn.ensemble import HistGradientBoostingRegressor

    from hypecheck.classifier.trees import Trees, export

    rng = np.random.default_rng(0)
    X = rng.normal(size=(400, 5))
    y = np.sin(X[:, 0]) + X[:, 1] * X[:, 2] + (X[:, 3] > 0.5)
    hgb = HistGradientBoostingRegressor(max_iter=30, max_depth=4, random_state=0).fit(X, y)
    arrays, depth = export(hgb)
    Xt = np.r_[rng.normal(size=(300, 5)), np.zeros((1, 5)), np.full((1, 5), 1e9)]
    np.testing.assert_allclose(Trees(arrays, depth).predict(Xt), hgb.predict(Xt), rtol=0, atol=1e-12)
    bad = dict(arrays, tree_left=np.where(arrays["tree_leaf"] == 0, 10**6, arrays["tree_left"]).astype(np.int32))
    with pytest.raises(ValueError, match="out of range"):
        Trees(bad, depth)


def test_multi_column_dot_equals_sparse_product():
    rows = np.array([0, 0, 0, 2, 2, 3], dtype=np.int64)
    cols = np.array([1, 1, 4, 0, 4, 2], dtype=np.int64)
    idf = np.array([1.0, 2.0, 1.5, 3.0, 1.2])
    coef = np.arange(10.0).reshape(5, 2) - 4
    counts = np.zeros((5, len(idf)))
    np.add.at(counts, (rows, cols), 1)
    tf = np.where(counts > 0, np.log(np.maximum(counts, 1)) + 1, 0) * idf  # sublinear tf, as sklearn
    norms = np.linalg.norm(tf, axis=1, keepdims=True)
    dense = tf / np.where(norms == 0, 1, norms)
    np.testing.assert_allclose(F.tfidf_dot(rows, cols, 5, idf, coef), dense @ coef, rtol=0, atol=1e-12)
    np.testing.assert_allclose(F.tfidf_dot(rows, cols, 5, idf, coef[:, 1]), dense @ coef[:, 1], rtol=0, atol=1e-12)
    assert F.tfidf_dot(rows[:0], cols[:0], 3, idf, coef).shape == (3, 2)


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
    meta_bytes = _meta_bytes(path)
    tampered = dict(arrays, coef=arrays["coef"] * 2)
    _rewrite(path, tampered, meta_bytes)
    with pytest.raises(ModelError, match="checksum"):
        load(path)


def test_threshold_tampering_detected(saved):
    path, arrays, _ = saved
    meta = json.loads(_meta_bytes(path))
    meta["threshold"] = 0.01
    _rewrite(path, arrays, json.dumps(meta).encode())
    with pytest.raises(ModelError, match="checksum"):
        load(path)


def test_pickled_object_array_refused(saved, tmp_path):
    path, arrays, _ = saved
    meta_bytes = _meta_bytes(path)
    evil = tmp_path / "evil.npz"
    with open(evil, "wb") as fh:
        np.savez(fh, **arrays, meta=np.frombuffer(meta_bytes, dtype=np.uint8),
                 payload=np.array([{"a": 1}, None], dtype=object))
    with pytest.raises(ModelError, match="pickle"):
        load(evil)


def test_wrong_format_version(saved):
    path, arrays, _ = saved
    meta = json.loads(_meta_bytes(path))
    meta["format_version"] = FORMAT_VERSION + 1
    _rewrite(path, arrays, json.dumps(meta).encode())
    with pytest.raises(ModelError, match="format_version"):
        load(path)


def test_refuses_to_save_object_arrays(tmp_path):
    with pytest.raises(ValueError):
        save(tmp_path / "x.npz", {"a": np.array([None], dtype=object)}, {})


def test_an_uncompressed_file_reads_back_the_same_and_is_stored_as_is(tmp_path):
    """The span model is saved uncompressed so that a cold start does not inflate it."""
    arrays = {"w": np.arange(12, dtype=np.float16).reshape(3, 4), "b": np.ones(4, np.float32)}
    sha = save(tmp_path / "m.npz", arrays, {"kind": "test"}, compress=False)
    back, meta = load(tmp_path / "m.npz")
    assert meta["sha256"] == sha and set(back) == {"w", "b"}
    assert all(np.array_equal(back[k], arrays[k]) and back[k].dtype == arrays[k].dtype for k in arrays)
    with zipfile.ZipFile(tmp_path / "m.npz") as z:
        assert {i.compress_type for i in z.infolist()} == {zipfile.ZIP_STORED}
    assert save(tmp_path / "c.npz", arrays, {"kind": "test"}) == sha  # the checksum is over the arrays, not the bytes


def test_key_table_is_exact():
    rng = np.random.default_rng(0)
    keys = np.unique(rng.integers(0, 2**63, 5000, dtype=np.uint64))
    keys = np.r_[keys, np.uint64(0), keys[:50] + np.uint64(1 << 62)]  # 0 and near-duplicates too
    keys = np.unique(keys)
    table = F.KeyTable(keys)
    queries = np.r_[keys, rng.integers(0, 2**63, 5000, dtype=np.uint64), keys[::-1]]
    expected = {int(k): j for j, k in enumerate(keys)}
    assert table.lookup(queries).tolist() == [expected.get(int(q), -1) for q in queries]
    assert F.KeyTable(np.zeros(0, dtype=np.uint64)).lookup(queries[:10]).tolist() == [-1] * 10
    assert table.lookup(np.zeros(0, dtype=np.uint64)).tolist() == []


def test_word_ngram_keys_match_string_ngrams():
    terms = ["00", "00 things", "things", "you", "you won't", "won't", "?", "believe ?"]
    w = F.WordTfidf(terms, np.ones(len(terms)), (1, 2))
    texts = ["10 Things You Won't Believe?", "", "things", "you", "00 things 00 things", "Won't you"]
    rows, cols = w.hits([F.normalize(t) for t in texts])
    for i, t in enumerate(texts):
        expected = sorted(w.vocabulary[g] for g in F.word_ngrams(F.normalize(t)) if g in w.vocabulary)
        assert sorted(cols[rows == i].tolist()) == expected, t


def _handmade_reference(text):
    """The documented definition of the cues, one text at a time."""
    words = text.split()
    letters = [w for w in words if re.search("[A-Za-z]", w)]
    caps = [w for w in letters if len(w) >= 2 and re.search("[A-Z]", w) and not re.search("[a-z]", w)]
    return [float(text[:1] in "0123456789" and text[:1] != ""), float(bool(re.search(
            r"\b(you|your|yours|yourself|yourselves|ya)\b", text, re.I | re.A))), float("?" in text),
            float("!" in text), len(caps) / len(letters) if letters else 0.0, float(0 < len(words) <= 6)]


def test_handmade_batch_matches_per_text_definition():
    texts = CLICKBAIT + NEWS + ["", "a", "NASA and the FBI: YOU will never guess!", "İstanbul café 😀 ???",
                                "Yourself? Youth young yoU'RE", "ya ya ya", "7", "A B C D E F G", "NEW: 5 ways"]
    norm = [F.normalize(t) for t in texts]
    np.testing.assert_allclose(F.handmade(norm), [_handmade_reference(t) for t in norm], rtol=0, atol=1e-15)
    assert F.handmade([]).shape == (0, len(F.HANDMADE_NAMES))


def _stack_cues_reference(text):
    """The documented definition of the trees' cues, one text at a time."""
    words = text.split()
    lettered = [w for w in words if re.search("[A-Za-z]", w)]
    opener = re.match(r"(?:this|these|here|why|how|what|you|watch|when|who|can|will|is|do)\b", text, re.I)
    hand = _handmade_reference(text)
    return [len(words), *hand[:5], sum(w[0].isascii() and w[0].isupper() for w in lettered) / max(len(lettered), 1),
            float(bool(opener)), len(text), float('"' in text or text[:1] == "'"), float(text[-1:] in (".", "?", "!"))]


def test_stack_cues_batch_matches_per_text_definition():
    texts = CLICKBAIT + NEWS + ["", "a", "Why This Matters.", '"Quoted" Title Case Words', "'Tis the season!",
                                "this is whyever", "İstanbul Café 😀", "WATCH: the 5 best moments?"]
    norm = [F.normalize(t) for t in texts]
    np.testing.assert_allclose(F.stack_cues(norm), [_stack_cues_reference(t) for t in norm], rtol=0, atol=1e-15)
    assert F.stack_cues([]).shape == (0, len(F.STACK_CUES))


def test_batch_equals_one_by_one(tiny):
    texts = CLICKBAIT + NEWS + ["", "unseen words only ???", "a"]
    one_by_one = np.concatenate([tiny.model.predict_proba([t]) for t in texts])
    np.testing.assert_allclose(tiny.model.predict_proba(texts), one_by_one, rtol=0, atol=1e-12)


def _assert_readable(terms, text):
    norm = F.normalize(text).lower()
    for t, v in terms:
        assert v > 0
        assert t.lower() in norm, t  # a word or phrase of the text
        assert len(re.sub(r"[^a-z0-9]", "", t.lower())) >= 2, t  # never a single letter
        assert not all(w in STOP_WORDS for w in F.word_tokens(t)), t  # never a bare stop word


def test_explain_tiny(tiny):
    text = "You Won't Believe What This Dog Did Next"
    terms = tiny.model.explain(text, k=3)
    assert 0 < len(terms) <= 3
    assert [v for _, v in terms] == sorted((v for _, v in terms), reverse=True)
    _assert_readable(terms, text)
    assert terms[0][0] == "You Won't Believe"  # stop words join the next content word
    assert tiny.model.explain("") == []
    assert tiny.model.explain("of the") == []  # nothing but function words: nothing to show


def test_explain_merges_char_ngrams_into_words(tiny):
    # "believing" is no vocabulary word: its credit can only come from its char n-grams
    text = "Believing This Photo"
    words, per_word = tiny.model.word_contributions(text)
    assert words == ["Believing", "This", "Photo"] and per_word[0] != 0
    # every feature is credited to some word, except the whole-text cue short_headline
    for t in CLICKBAIT + NEWS + ["a", "What a day: the U.S. Senate votes on it!", "10 THINGS you? Need!"]:
        coef = tiny.model.coef[:, 0]  # explanations read the webis logistic regression
        short = F.handmade([F.normalize(t)])[0, -1] * coef[-1]  # the one cue no word holds
        expected = tiny.model.linear_scores([t])[0, 0] - tiny.model.intercepts[0] - short
        assert tiny.model.word_contributions(t)[1].sum() == pytest.approx(expected, abs=1e-9)
    for t in ["What a day: the U.S. Senate votes on it", "A Is For Apple", "10 Things You Need To Know About Cats",
              "&amp; “quoted” I ❤ NYC!!"]:
        _assert_readable(tiny.model.explain(t, k=10), t)


# -- the shipped model ------------------------------------------------------------------
shipped_missing = not default_model_path().is_file()


@pytest.mark.skipif(shipped_missing, reason="shipped model models/clickbait-v2.npz not present")
def test_shipped_model():
    model = load_model()
    cb, news = model.predict_proba(["You Won't Believe What This Dog Did Next",
                                    "Senate passes budget bill after late-night vote"])
    assert cb > model.threshold > news
    assert 0 <= news <= cb <= 1
    for text in CLICKBAIT + ["Here's what happens when you mix Coke and Mentos", "The 5 best photos of the year"]:
        terms = model.explain(text)
        assert terms, text
        _assert_readable(terms, text)
    info = model.info
    assert info["format_version"] == FORMAT_VERSION and info["threshold"] == model.threshold
    assert isinstance(model, ClickbaitModel)


@pytest.mark.skipif(shipped_missing, reason="shipped model models/clickbait-v2.npz not present")
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


@pytest.mark.skipif(not (DATA / "webis17" / "train.jsonl").is_file() or shipped_missing
                    or os.environ.get("HYPECHECK_SLOW") != "1",
                    reason="opt-in (HYPECHECK_SLOW=1, about 2-3 minutes) and needs ../shared/data")
def test_training_reproduces_the_shipped_model(tmp_path):
    """`hypecheck train` on the same data gives the committed model's metrics and predictions."""
    from hypecheck.classifier.train import load_chakraborty, load_webis, train
    metrics = train(DATA, tmp_path / "retrained.npz", card_path=None, log=lambda _: None)
    shipped, retrained = load_model(), load_model(tmp_path / "retrained.npz")
    stored = shipped.meta["metrics"]
    for part in ("shipped", "cross_corpus", "data"):
        assert metrics[part] == stored[part], part
    texts = load_webis(DATA)[0][:1000] + load_chakraborty(DATA)[0][:1000]
    assert np.array_equal(retrained.predict_proba(texts), shipped.predict_proba(texts))
    assert retrained.threshold == shipped.threshold


def test_scoring_and_explaining_do_not_import_scipy():
    # scipy.sparse costs a tenth of a second at start-up; scoring and explaining are numpy alone.
    import subprocess
    import sys

    code = (
        "import sys, hypecheck.classifier as c; "
        "m = c.load_model(); m.predict_proba(['You Will Not Believe This']); "
        "assert m.explain('You Will Not Believe This'); "
        "print('scipy' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"
