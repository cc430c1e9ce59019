"""The development set and the held-out sets (data/*/articles.jsonl) are well formed.
Fast: no model needed."""

from __future__ import annotations

import json
import re
from collections import Counter, defaultdict
from pathlib import Path

import pytest

from hypecheck.findings import CATEGORIES

DATA = Path(__file__).resolve().parents[1] / "data"
SETS = ("dev", "holdout", "holdout2", "holdout3", "holdout4")
KEYS = {"id", "subject", "style", "title", "text", "expected", "must_not_flag"}


@pytest.fixture(scope="module", params=SETS)
def records(request):
    path = DATA / request.param / "articles.jsonl"
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def test_at_least_20_articles_with_unique_ids(records):
    assert len(records) >= 20
    ids = [r["id"] for r in records]
    assert len(ids) == len(set(ids))


def test_schema(records):
    for r in records:
        assert set(r) == KEYS, r.get("id")
        assert r["style"] in ("hype", "sober"), r["id"]
        assert all(isinstance(r[k], str) and r[k].strip() for k in ("id", "subject", "title", "text")), r["id"]
        assert r["text"].splitlines()[0] == r["title"], f"{r['id']}: the title must be the first line of text"
        words = len(re.findall(r"\w+", r["text"]))
        assert 120 <= words <= 700, f"{r['id']}: {words} words"
        for item in r["expected"]:
            assert set(item) == {"category", "text"}, r["id"]
            assert item["category"] in CATEGORIES, f"{r['id']}: {item['category']}"
        assert all(isinstance(p, str) and p for p in r["must_not_flag"]), r["id"]


def test_every_phrase_is_in_its_text(records):
    for r in records:
        for item in r["expected"]:
            assert item["text"] in r["text"], f"{r['id']}: expected {item['text']!r} is not in the text"
        for phrase in r["must_not_flag"]:
            assert phrase in r["text"], f"{r['id']}: must_not_flag {phrase!r} is not in the text"


def test_phrases_to_flag_and_to_spare_do_not_overlap(records):
    for r in records:
        text = r["text"]
        flagged = [(text.find(i["text"]), text.find(i["text"]) + len(i["text"])) for i in r["expected"]]
        for phrase in r["must_not_flag"]:
            s = text.find(phrase)
            assert not any(a < s + len(phrase) and s < b for a, b in flagged), f"{r['id']}: {phrase!r}"


def test_one_hype_and_one_sober_article_per_subject(records):
    styles = defaultdict(Counter)
    for r in records:
        styles[r["subject"]][r["style"]] += 1
    for subject, count in styles.items():
        assert count["hype"] >= 1 and count["hype"] == count["sober"], f"{subject}: {dict(count)}"
    assert len(styles) >= 10


def test_hype_texts_expect_findings_and_sober_texts_do_not(records):
    for r in records:
        if r["style"] == "hype":
            assert len(r["expected"]) >= 5 and len({i["category"] for i in r["expected"]}) >= 4, r["id"]
        else:
            assert r["expected"] == [] and len(r["must_not_flag"]) >= 3, r["id"]


def test_every_category_is_expected_somewhere(records):
    seen = {i["category"] for r in records for i in r["expected"]}
    assert seen == set(CATEGORIES)
