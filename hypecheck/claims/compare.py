"""Compare the claims of a ledger: two statements about the same thing whose values cannot
both be true. Precision first: a change over time, an approximation within its tolerance,
different things counted, or a quoted claim set against the writer's own are not
contradictions."""

from __future__ import annotations

import math
import re

from ..rules.lexicons import words
from . import ages, contact, locations, platforms
from .extract import ledger, page_of
from .model import Claim, Conflict
from .numbers import same_as_written
from .page import topic_index, topics_of

QUANTITIES = ("money", "count", "percent", "duration", "distance", "area", "weight", "speed")
# Nouns too general to make two figures "the same thing" on their own.
_GENERIC = frozenset("people person percent share thing things one way lot number total figure amount".split())
_APPROX = 0.15


def conflicts(doc) -> list[Conflict]:
    cached = doc.user_data.get("hypecheck_conflicts")
    if cached is not None:
        return cached
    claims = ledger(doc)
    page = page_of(doc)
    found: list[Conflict] = []
    found += _quantities(claims, page)
    found += _ages(claims, page)
    found += ages.conflicts(claims, page, _message)
    found += _ranks(claims, page)
    found += _ratings(claims)
    found += _scores(claims)
    found += _dated(claims, page)
    found += _places(claims, page)
    found += locations.conflicts(claims, page, _message)
    found += platforms.conflicts(claims, page, where)
    found += contact.conflicts(claims, page)
    doc.user_data["hypecheck_conflicts"] = found
    return found


def where(claim: Claim) -> str:
    return "the headline" if claim.line == 1 else f"line {claim.line}"


def _message(a: Claim, b: Claim, thing: str) -> str:
    first = where(a)
    return f"{first[0].upper()}{first[1:]} says {a.text.strip()}; line {b.line} says {b.text.strip()} for the same {thing}"


# --- quantities --------------------------------------------------------------------------------


def _interval(c: Claim) -> tuple[float, float]:
    if c.low is not None and c.high is not None:
        return c.low, c.high
    v = c.value
    if c.approx == "about":
        slack = max(abs(v) * _APPROX, 1.0 if c.kind == "count" else 0.0)
        return v - slack, v + slack
    if c.approx == "at least":
        return v, math.inf
    if c.approx == "at most":  # "up to 30 hours": a ceiling, and near it
        return v * 0.6, v
    return v, v


def compatible(a: Claim, b: Claim) -> bool:
    (a0, a1), (b0, b1) = _interval(a), _interval(b)
    if a0 <= b1 and b0 <= a1:
        return True
    return same_as_written(a.value, a.digits, b.value, b.digits, tolerance=0.02)


_DIRECTIONS = frozenset({"increase", "decline"})


def _base(topic: frozenset[str]) -> frozenset[str]:
    return frozenset(t[2:] if t.startswith("v:") else t for t in topic)


def _same_thing(a: Claim, b: Claim) -> frozenset[str]:
    return _by_wording(a, b) or _by_context(a, b)


def _about(c: Claim) -> frozenset[str]:
    return (c.detail.get("context") or frozenset()) | _base(c.topic)


def _by_context(a: Claim, b: Claim) -> frozenset[str]:
    """The words around both figures overlap: one shared word when one of them is in the
    headline or teaser (where a text states what its body restates), two otherwise."""
    if a.quoted != b.quoted or a.change or b.change or _qualified_apart(a, b):
        return frozenset()
    if a.kind == "count" and a.unit in words("stat_nouns"):
        return frozenset()
    heads = a.detail.get("head"), b.detail.get("head")
    if all(heads) and not topics_of([heads[0]]) & topics_of([heads[1]]):
        return frozenset()
    verbs = a.detail.get("verb"), b.detail.get("verb")
    if a.kind == "count" and all(verbs) and not topics_of(verbs[:1]) & topics_of(verbs[1:]):
        return frozenset()  # "close 62 stores", "keep 85 stores"
    names = a.detail.get("names"), b.detail.get("names")
    if all(names) and not names[0] & names[1]:
        return frozenset()  # "Ipsos has her at 42%", "YouGov at 38%": two sources
    shared = frozenset(t for t in _about(a) & _about(b) if not t.startswith("v:")) - _GENERIC
    if not shared - _DIRECTIONS:
        return frozenset()
    return shared


def _qualified_apart(a: Claim, b: Claim) -> bool:
    """One has a qualifier the other lacks ("domestic", "deluxe", "a year") and does not
    say near its figure either ("the opening-weekend haul" / "took $142 million in its
    opening weekend")."""
    differ = (a.qualifiers ^ b.qualifiers) - words("weak_qualifiers")
    return any(q not in (_about(b) if q in a.qualifiers else _about(a)) for q in differ)


def _by_wording(a: Claim, b: Claim) -> frozenset[str]:
    shared = frozenset(t for t in (a.topic & b.topic) - _GENERIC if not t.startswith("v:"))
    if not shared and (a.definite or b.definite):
        # "opened to $52 million" / "the $67 million debut": a verb's topic group, referred back to
        shared = frozenset(t for t in (_base(a.topic) & _base(b.topic)) - _GENERIC if t in topic_index())
    if not shared or not shared - _DIRECTIONS or (a.kind == "count" and a.unit in words("stat_nouns")):
        return frozenset()
    heads = a.detail.get("head"), b.detail.get("head")
    if all(heads) and not topics_of([heads[0]]) & topics_of([heads[1]]):
        return frozenset()  # "the 2,400-capacity hall" and "the 180-capacity back room"
    if ((a.qualifiers ^ b.qualifiers) - words("weak_qualifiers")) or a.quoted != b.quoted or a.change or b.change:
        return frozenset()
    # A reference back, two words in common, or a headline figure the body restates
    if not (a.definite or b.definite) and len(shared) < 2:
        return frozenset()
    if a.kind == "count" and not b.definite:
        return frozenset()  # counts abound: only a reference back ("the 11,000 homes") is compared
    if a.kind == "count" and heads[0] and not heads[1] and heads[0] not in b.topic and not b.detail.get("possessive"):
        return frozenset()  # "a 10-page memo" counts a memo's pages, not "the 150,000 pages" handed over
    return shared


# A long text (a book, a transcript) holds thousands of claims. Each is compared with the
# first ones (headline and teaser) and the most recent ones, not with all before it, so the
# comparison stays linear in the text's length (issue 12: no super-linear input).
HEAD, RECENT = 64, 64


def _earlier(items: list, i: int) -> list:
    return items[:i] if i <= HEAD + RECENT else items[:HEAD] + items[i - RECENT : i]


def _quantities(claims: list[Claim], page) -> list[Conflict]:
    out = []
    for i, b in enumerate(claims):
        if b.kind not in QUANTITIES:
            continue
        earlier = [
            a for a in _earlier(claims, i)
            if a.kind == b.kind and (a.unit == b.unit or b.kind == "count") and _by_wording(a, b)
            and page.sentence(a.start) != page.sentence(b.start)
        ]
        if not earlier:
            earlier = [a for a in _earlier(claims, i) if _loosely_same(a, b, claims, page)]
        earlier = [a for a in earlier if not _change_and_level(a, b)]
        if not earlier or any(compatible(a, b) for a in earlier):
            continue
        a = earlier[0]
        if _threshold(a, page) or _threshold(b, page):
            continue
        thing = max(_same_thing(a, b), key=lambda t: (len(t), t))  # ties: not by set order
        out.append(Conflict(b.kind, b, a, _message(a, b, thing)))
    return out


def _change_and_level(a: Claim, b: Claim) -> bool:
    """A percentage that moves ("visitor numbers rise 6%") and one that does not ("58% of
    overnight visitors") measure different things, whatever words they share."""
    return a.kind == "percent" and _directed(a) != _directed(b)


def _directed(c: Claim) -> bool:
    return any(t.startswith("v:") and t[2:] in _DIRECTIONS for t in c.topic)


_BELOW = re.compile(r"\b(?:less than|fewer than|under|below)\s*(?:\$|£|€)?$", re.I)


def _threshold(c: Claim, page) -> bool:
    """"less than 30 minutes", "under $10": a line drawn to sort things, not a measure of one."""
    return c.approx == "at most" and bool(_BELOW.search(page.text[max(0, c.start - 16) : c.start]))


DENSE = 6  # more figures of one kind than this: a text of statistics, compared by wording only
RATIO = 5.0  # two figures further apart than this measure different things


def _loosely_same(a: Claim, b: Claim, claims: list[Claim], page) -> bool:
    """Two figures compared by the words around them, one of them in the headline or teaser,
    when the kind is sparse in the text, both are plain or "about" figures of one order
    of magnitude, and the later one's paragraph does not already restate the earlier figure
    (a paragraph that gives the headline's figure and another gives two things)."""
    if a.kind != b.kind or a.unit != b.unit and a.kind != "count" or page.sentence(a.start) == page.sentence(b.start):
        return False
    if not (a.detail.get("lead") or b.detail.get("lead")) or not _by_context(a, b):
        return False
    (a_other, a_years), (b_other, b_years) = a.detail["time"], b.detail["time"]
    if a_other or b_other or a_years != b_years:
        return False  # "it last sold in 2009 for $540,000"; "lower than Easton's $3"
    if a.approx not in ("", "about") or b.approx not in ("", "about"):
        return False  # "more than 80", "less than 30 minutes": a bound, often a threshold
    if a.kind == "count" and (a.line != 1 or not topics_of([a.unit]) & topics_of([b.unit])):
        # counts are often parts of a whole ("won eight games" of "nine games", "a cluster of
        # 140 cases"): only a headline's count restated in the body is compared
        return False
    low, high = sorted((abs(a.value), abs(b.value)))
    if low == 0 or high / low > RATIO:
        return False
    same_kind = [c for c in claims if c.kind == b.kind and c.unit == b.unit]
    if len(same_kind) > DENSE:
        return False
    paragraph = page.paragraph(b.start)
    if page.paragraph(a.start) == paragraph:
        return False  # two figures in one paragraph are two things ("a £129m fine", "about £85m in compensation")
    return not any(c is not a and c is not b and (
        (compatible(c, a) and page.paragraph(c.start) == paragraph) or compatible(c, b)) for c in same_kind)


def _ages(claims: list[Claim], page) -> list[Conflict]:
    """Ages: a reference back ("the 22-year-old", "she was 79") to the person whose age the
    text gave last must give the same age."""
    out = []
    # restated ages ("turns 30 this weekend") are compared in ages.py, where a birthday moves an age by one
    ages = [c for c in claims if c.kind == "age" and not c.quoted and not c.change and "restated" not in c.detail]
    text = page.text
    for i, b in enumerate(ages):
        if i == 0:
            continue
        a = ages[i - 1]
        before = text[max(0, b.start - 20) : b.start]
        anaphoric = (b.definite and re.search(r"\bthe\s+$", before, re.I)) or re.search(
            r"(?<!that )\b(?:[Ss]he|[Hh]e|[Tt]hey)\s+(?:was|is)\s+$", before)
        if not anaphoric or a.value == b.value or re.match(r"\s+[A-Z]", text[b.end : b.end + 3]):
            continue  # "12-year-old Maria" names its person
        out.append(Conflict("age", b, a, _message(a, b, "person's age")))
    return out


# --- ranks, ratings, scores ----------------------------------------------------------------------


_REGIONS = frozenset("worldwide global domestic national uk us usa british american".split())


def _ranks(claims: list[Claim], page) -> list[Conflict]:
    out = []
    ranks = [c for c in claims if c.kind == "rank" and not c.change]
    for i, b in enumerate(ranks):
        for a in _earlier(ranks, i):
            shared = a.topic & b.topic
            named = any(w[:1].isalpha() and w not in _REGIONS for w in shared)
            if not shared or not (len(shared) >= 2 or named) or a.value == b.value or a.quoted != b.quoted:
                continue
            subjects = (a.detail.get("subject"), b.detail.get("subject"))
            if all(subjects) and subjects[0] != subjects[1]:
                continue
            if page.sentence(a.start) == page.sentence(b.start):
                continue
            message = (f"{where(a)[0].upper()}{where(a)[1:]} puts it at No. {int(a.value)} ({a.text.strip()}); "
                       f"line {b.line} puts it at No. {int(b.value)} on the same chart")
            out.append(Conflict("chart", b, a, message))
            break
    return out + _debuts(ranks, page, {id(c.claim) for c in out})


def _debuts(ranks: list[Claim], page, done: set[int]) -> list[Conflict]:
    """A title enters a chart once: two debut positions of it differ ("debuted at No. 1 on
    the Billboard Hot 100" / "the No. 3 debut"). One of them refers back without naming the
    chart; when both name one, the names must overlap."""
    out = []
    debuts = [c for c in ranks if "debut" in c.qualifiers and not c.quoted]
    for i, b in enumerate(debuts):
        if id(b) in done or not any(c.detail.get("entry") for c in debuts[: i + 1]):
            continue
        for a in debuts[:i]:
            if a.value == b.value or not (a.detail.get("entry") or b.detail.get("entry")):
                continue
            if a.topic and b.topic and not a.topic & b.topic or page.sentence(a.start) == page.sentence(b.start):
                continue
            subjects = (a.detail.get("subject"), b.detail.get("subject"))
            if all(subjects) and subjects[0] != subjects[1]:
                continue
            message = (f"{where(a)[0].upper()}{where(a)[1:]} says it entered at No. {int(a.value)} ({a.text.strip()}); "
                       f"line {b.line} says No. {int(b.value)} ({b.text.strip()})")
            out.append(Conflict("chart", b, a, message))
            break
    return out


def _ratings(claims: list[Claim]) -> list[Conflict]:
    ratings = [c for c in claims if c.kind == "rating" and not c.quoted]
    for i, b in enumerate(ratings):
        for a in _earlier(ratings, i):
            if a.unit == b.unit and a.value != b.value:
                return [Conflict("rating", b, a, _message(a, b, "review's rating"))]
    return []


def _scores(claims: list[Claim]) -> list[Conflict]:
    scores = [c for c in claims if c.kind == "score" and not c.quoted]
    results = [c for c in scores if c.unit == "score" and not c.change]
    out = []
    for b in scores:
        if not b.definite:
            continue
        before = [a for a in results if a.start < b.start]
        if not before:
            continue
        a = before[0]
        if b.unit == "margin":
            if a.detail["margin"] != b.detail["margin"]:
                out.append(Conflict("score", b, a, _message(a, b, "match") + f" (a {a.detail['margin']}-point margin)"))
        elif b.value not in {c.value for c in before}:
            out.append(Conflict("score", b, a, _message(a, b, "match")))
    return out


# --- events: dates, places ------------------------------------------------------------------------


def _schedule(items: list[Claim], page) -> set[frozenset[str]]:
    """Pairs of days one sentence names together ("Friday at X and Saturday at Y"): a schedule."""
    by_sentence: dict[int, set[str]] = {}
    for c in items:
        by_sentence.setdefault(page.sentence(c.start), set()).add(c.value.split(",")[0])
    return {frozenset((x, y)) for days in by_sentence.values() for x in days for y in days if x != y}


def _dated(claims: list[Claim], page) -> list[Conflict]:
    out = []
    for kind in ("weekday", "date"):
        items = [c for c in claims if c.kind == kind and not c.change and not c.quoted]
        together = _schedule(items, page)
        for i, b in enumerate(items):
            for a in _earlier(items, i):
                days = frozenset((a.value.split(",")[0], b.value.split(",")[0]))
                if days in together or (together and a.line != 1):
                    continue
                shared = {t for t in a.topic & b.topic if not page.multiple(t)}
                if not shared or a.value.split(",")[0] == b.value.split(",")[0] or not (a.definite or b.definite):
                    continue
                if page.sentence(a.start) == page.sentence(b.start):
                    continue
                thing = "premiere" if "premiere" in shared else sorted(shared)[0]
                out.append(Conflict("date", b, a, _message(a, b, thing)))
                break
    return out


def _places(claims: list[Claim], page) -> list[Conflict]:
    out = []
    items = [c for c in claims if c.kind == "place" and not c.change and not c.quoted and "located" not in c.detail]
    for i, b in enumerate(items):
        if b.detail.get("onward"):
            continue  # after another place, "they return to Hollins Arena in May" is the next stop
        for a in _earlier(items, i):
            # "the Kelham Park turf" refers back to the match just reported, whatever else is played
            shared = {t for t in a.topic & b.topic if b.definite or not page.multiple(t)}
            x, y = a.value.lower(), b.value.lower()
            if not shared or x in y or y in x or page.sentence(a.start) == page.sentence(b.start):
                continue
            if a.detail.get("venue") != b.detail.get("venue") or locations.nested(page.text, a.value, b.value):
                continue  # a town and a venue in it ("married in Sirmione", "the ceremony at Villa Cortine")
            out.append(Conflict("place", b, a, _message(a, b, sorted(shared)[0])))
            break
    return out
