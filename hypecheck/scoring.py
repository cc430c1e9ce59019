"""From findings and the classifier's view to a 0-100 score and a verdict word.

The rule part is a saturating function of severity-weighted findings per 1,000 words, so
a long sober article with one superlative stays low and a short breathless teaser
climbs fast. The classifier adds its view of the headline and of the body's sentences.
Weights and thresholds are calibrated by benchmarks/calibrate_score.py (see README).
"""

from __future__ import annotations

import math
import re

from .findings import SEVERITY_WEIGHT, Finding

WORDS = re.compile(r"\w+(?:[’'-]\w+)*")

# Texts shorter than this count as this long, so one finding in a headline is not
# read as a density of 100 per 1,000 words.
MIN_WORDS = 120
DENSITY_SCALE = 12.0  # weighted findings per 1,000 words that give ~63% of the rule part
RULE_WEIGHT = 0.7
HEADLINE_WEIGHT = 0.2
BODY_WEIGHT = 0.1
# The classifier gives ordinary news headlines about 0.1-0.3 (the webis base rate is
# 0.24); only the part above this counts, so plain reporting gets nothing from it.
CLASSIFIER_FLOOR = 0.35
MAX_HEADLINE_CHARS = 1_000  # what the classifier reads of a headline
SENTENCE_BATCH = 2_000  # sentences the classifier scores at once
VERDICTS = ((20, "sober"), (40, "mild"), (65, "hyped"), (101, "sensational"))


def score(findings: list[Finding], words: int, headline_p: float | None, body_p: float | None) -> int:
    weighted = sum(SEVERITY_WEIGHT[f.severity] for f in findings)
    return combine(weighted, words, headline_p, body_p)


def combine(
    weighted: float,
    words: int,
    headline_p: float | None,
    body_p: float | None,
    scale: float = DENSITY_SCALE,
    weights: tuple[float, float, float] = (RULE_WEIGHT, HEADLINE_WEIGHT, BODY_WEIGHT),
    floor: float = CLASSIFIER_FLOOR,
) -> int:
    """Severity-weighted findings per 1,000 words, saturated, blended with the classifier."""
    density = 1000.0 * weighted / max(words, MIN_WORDS)
    rules = 1.0 - math.exp(-density / scale)
    if headline_p is None:
        value = rules
    else:
        body = headline_p if body_p is None else body_p
        rule_w, head_w, body_w = weights
        value = rule_w * rules + head_w * _above(headline_p, floor) + body_w * _above(body, floor)
    return int(round(100 * min(max(value, 0.0), 1.0)))


def _above(probability: float, floor: float) -> float:
    return max(probability - floor, 0.0) / (1.0 - floor)


def verdict(value: int) -> str:
    return next(word for limit, word in VERDICTS if value < limit)


def load_classifier():
    """(model, None) or (None, a one-line note saying why the rules alone score)."""
    try:
        from .classifier import ModelError, load_model
    except ImportError:
        return None, "no clickbait classifier in this build: the score uses the rules alone"
    try:
        return load_model(), None
    except ModelError as exc:
        return None, f"clickbait classifier unavailable ({exc}): the score uses the rules alone"
    except Exception as exc:  # noqa: BLE001 - a damaged model must never stop the rules
        reason = (str(exc).strip().splitlines() or [""])[0]
        return None, (f"clickbait classifier unavailable ({type(exc).__name__}: {reason}): "
                      "the score uses the rules alone")


def model_name(model) -> str | None:
    return None if model is None else str(model.info.get("name"))


def classify(model, doc, source) -> tuple[float | None, list[tuple[str, float]]]:
    """The classifier's probability for the headline (or the text when it has none)."""
    if model is None:
        return None, []
    # A one-line text is its own headline, however long: the classifier reads headlines,
    # and its explanation's time grows with the text (50 KB of "!" took 3 s).
    text = (source.headline or doc.text[:300])[:MAX_HEADLINE_CHARS]
    probability = float(model.predict_proba([text])[0])
    if probability < 0.3:
        return probability, []
    # "That's" or "of the" explain nothing to a reader: terms of function words only are skipped.
    return probability, [t for t in model.explain(text, k=12) if not function_words_only(t[0])][:5]


def function_words_only(term: str) -> bool:
    from spacy.lang.en.stop_words import STOP_WORDS

    words = re.findall(r"[a-z0-9]+", term.lower().replace("’", "'"))
    return all(w in STOP_WORDS or len(w) == 1 or w in ("s", "re", "ll", "ve", "nt") for w in words)


def body_probability(model, doc) -> float | None:
    """Mean clickbait probability of the body's sentences.

    The mean, not the maximum: a long article has more chances of one odd sentence, and
    length alone must not raise the score.
    """
    if model is None or not doc.has_annotation("SENT_START"):
        return None
    sentences = [s.text.strip() for s in doc.sents if len(s) >= 4]
    if not sentences:
        return None
    if len(sentences) <= SENTENCE_BATCH:
        return float(model.predict_proba(sentences).mean())
    # A book's 90,000 sentences at once took 600 MB of features: a batch at a time.
    total = sum(float(model.predict_proba(sentences[i : i + SENTENCE_BATCH]).sum())
                for i in range(0, len(sentences), SENTENCE_BATCH))
    return total / len(sentences)
