"""From findings and the classifier's view to a 0-100 score and a verdict word.

The rule part is a saturating function of severity-weighted findings per 1,000 words, so
a long sober article with one superlative stays low and a short breathless teaser
climbs fast. The classifier adds its view of the headline and of the body's sentences.
Weights and thresholds are calibrated by benchmarks/calibrate_score.py (see README).
"""

from __future__ import annotations

import math

from .findings import SEVERITY_WEIGHT, Finding

# Texts shorter than this count as this long, so one finding in a headline is not
# read as a density of 100 per 1,000 words.
MIN_WORDS = 120
DENSITY_SCALE = 12.0  # weighted findings per 1,000 words that give ~63% of the rule part
RULE_WEIGHT = 0.6
HEADLINE_WEIGHT = 0.25
BODY_WEIGHT = 0.15
VERDICTS = ((20, "sober"), (40, "mild"), (65, "hyped"), (101, "sensational"))


def rule_component(findings: list[Finding], words: int) -> float:
    weighted = sum(SEVERITY_WEIGHT[f.severity] for f in findings)
    density = 1000.0 * weighted / max(words, MIN_WORDS)
    return 1.0 - math.exp(-density / DENSITY_SCALE)


def score(findings: list[Finding], words: int, headline_p: float | None, body_p: float | None) -> int:
    rules = rule_component(findings, words)
    if headline_p is None:
        value = rules
    else:
        body = headline_p if body_p is None else body_p
        value = RULE_WEIGHT * rules + HEADLINE_WEIGHT * headline_p + BODY_WEIGHT * body
    return int(round(100 * min(max(value, 0.0), 1.0)))


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


def model_name(model) -> str | None:
    return None if model is None else str(model.info.get("name"))


def classify(model, doc, source) -> tuple[float | None, list[tuple[str, float]]]:
    """The classifier's probability for the headline (or the text when it has none)."""
    if model is None:
        return None, []
    text = source.headline or doc.text[:300]
    probability = float(model.predict_proba([text])[0])
    return probability, list(model.explain(text, k=5)) if probability >= 0.3 else []


def body_probability(model, doc) -> float | None:
    """Mean of the three most clickbait-like sentences: a few bait lines, not the average."""
    if model is None or not doc.has_annotation("SENT_START"):
        return None
    sentences = [s.text.strip() for s in doc.sents if len(s) >= 4]
    if not sentences:
        return None
    probs = sorted(model.predict_proba(sentences), reverse=True)[:3]
    return float(sum(probs) / len(probs))
