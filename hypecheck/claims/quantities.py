"""Quantities: money, counts, percentages, durations, distances, areas, weights, speeds
and ages, each with the thing it measures."""

from __future__ import annotations

import re
from functools import lru_cache

from ..rules.lexicons import words
from .context import context, lead_paragraph, sentence_time
from .model import Claim
from .numbers import Number, numbers, spelled_value, table
from .page import Page, any_of_words, is_noun, lemma, topics_of

_STOP_NOUNS = frozenset(
    "year years month months week weeks day days time times percent cent per thirds third quarters fifths "
    "tenths halves half more fewer less extra additional other others new "
    "a.m. p.m. am pm o'clock".split()
)
_YEAR = re.compile(r"(1[89]|20)\d\d")
_RANGE_BEFORE = re.compile(r"(\d+(?:\.\d+)?)\s?(?:[–-]|to)\s?$")
_AGE_AFTER = re.compile(r"^(?:-|\s)years?(?:-|\s)old\b", re.IGNORECASE)
_AGE_BEFORE = re.compile(r"(?:\baged|\bage of|\bat|\bturned|\bturns|\bturning)\s+$", re.IGNORECASE)
_PRONOUN_AGE = re.compile(r"(?<!that )\b(?:[Ss]he|[Hh]e|[Tt]hey)\s+(?:was|is|were|are)\s+$")
_NAME_AGE = re.compile(r"([A-Z][\w’'-]+(?:\s[A-Z][\w’'-]+){0,2}),\s$")
_PERIOD_AFTER = re.compile(r"^\s(?:a|an|per|each|every)\s(year|month|week|day|night|hour|person|head|ticket|issue)\b")
_AND_MINUTES = re.compile(r"\s(?:and\s)?(\d{1,2}|[a-z]+(?:-[a-z]+)?)\s(?:minutes|mins)\b")
_HYPHEN_WORD = re.compile(r"^-([a-z]+)\b")
_SKIP_BEFORE = re.compile(r"(?:No\.|#|number|\d[:.,]|[A-Z]{2,}-?|/)\s?$")


@lru_cache(maxsize=1)
def _units():
    t = table()
    forms = {}
    for dimension, table_ in t["units"].items():
        for form, factor in table_.items():
            forms[form] = (dimension, float(factor))
    alternation = "|".join(re.escape(f) for f in sorted(forms, key=len, reverse=True))
    return forms, re.compile(rf"^(?:\s?-\s?|\s)?({alternation})(?![\w/])", re.IGNORECASE)


@lru_cache(maxsize=1)
def _currency_words():
    t = table()
    alternation = "|".join(re.escape(f) for f in sorted(t["currency_words"], key=len, reverse=True))
    return t["currency_words"], re.compile(rf"^\s?-?(?:{alternation})\b", re.IGNORECASE)


@lru_cache(maxsize=1)
def _percent():
    alternation = "|".join(re.escape(f) for f in sorted(table()["percent"], key=len, reverse=True))
    return re.compile(rf"^\s?(?:{alternation})(?![\w])", re.IGNORECASE)


@lru_cache(maxsize=1)
def _MONTH_BEFORE() -> re.Pattern:  # noqa: N802 - a compiled constant, built from the data file
    months = "|".join(m.capitalize() for m in table()["months"])
    return re.compile(rf"\b(?:{months})\.?\s$")


_BASE = {"duration": "min", "distance": "km", "area": "m²", "weight": "kg", "speed": "km/h"}


def quantities(page: Page):
    text = page.text
    for n in numbers(text):
        before = text[max(0, n.start - 40) : n.start]
        after = text[n.end : n.end + 60]
        if _SKIP_BEFORE.search(before) or after.startswith((":", "/", "–", "-0", "-1", "-2", "-3", "-4", "-5", "-6", "-7", "-8", "-9")):
            if not after.startswith("-year"):
                continue
        if _MONTH_BEFORE().search(before) and not n.currency:
            continue  # "the April 25 premiere": a date
        if not n.currency and not n.spelled and _YEAR.fullmatch(n.text) and not after.startswith("-"):
            continue  # a year
        claim = _classify(page, n, before, after)
        if claim is not None:
            yield claim


def _classify(page: Page, n: Number, before: str, after: str) -> Claim | None:
    end, kind, unit, value = n.end, None, "", n.value
    text = page.text
    m = _percent().match(after)
    if m:
        kind, unit, end = "percent", "%", n.end + m.end()
    elif n.currency:
        kind, unit = "money", n.currency
    elif (cw := _currency_words()[1].match(after)) and not n.spelled:
        kind, unit, end = "money", _currency_words()[0][cw.group().strip(" -").lower()], n.end + cw.end()
    elif _AGE_AFTER.match(after) or _AGE_BEFORE.search(before) or _PRONOUN_AGE.search(before) or (
        _NAME_AGE.search(before) and re.match(r"^[,)]", after)
    ):
        if not (1 <= value <= 120) or (_AGE_BEFORE.search(before) and not _AGE_AFTER.match(after)
                                       and not re.search(r"age of|aged", before)):
            if not _AGE_AFTER.match(after):
                return _count(page, n, after)
        kind, unit = "age", "years"
        m = _AGE_AFTER.match(after)
        end = n.end + (m.end() if m else 0)
    else:
        forms, pattern = _units()
        m = pattern.match(after)
        if m and not (m.group(1) in ("m", "h") and n.spelled):
            dimension, factor = forms.get(m.group(1), forms.get(m.group(1).lower(), (None, 1.0)))
            if dimension:
                kind, unit, value, end = dimension, _BASE[dimension], n.value * factor, n.end + m.end()
                more = _AND_MINUTES.match(text[end : end + 30]) if dimension == "duration" and factor == 60 else None
                if more:  # "two hours and 15 minutes"
                    value += float(more.group(1)) if more.group(1).isdigit() else (spelled_value(more.group(1)) or 0)
                    end += more.end()
    if kind is None:
        return _count(page, n, after)
    return _claim(page, n, kind, unit, value, end)


def _count(page: Page, n: Number, after: str) -> Claim | None:
    if n.value == 1 and n.spelled:
        return None  # "one vote", "a school": an article, not a count
    if re.match(r"\s(?:more|fewer|less|extra|additional|other)\b", after):
        return None  # "2.8 million more votes": a difference, not a total
    if re.match(r"\s(?:[a-z]+\s){1,2}(?:needed|required|necessary)\b", after):
        return None  # "the 270 electoral votes needed": a threshold, not a count
    hyphen = _HYPHEN_WORD.match(after)
    if hyphen:  # "a 12-track album", "a four-bedroom semi"
        word = hyphen.group(1)
        if word in _STOP_NOUNS:
            return None
        claim = _claim(page, n, "count", "", n.value, n.end + hyphen.end(), counted=word)
        return claim
    following = page.tokens_after(n.end, 3)
    if not following or following[0].idx > n.end + 2:
        return None
    noun = None
    for token in following:  # the last noun of the compound: "12 seal pups" counts pups
        if is_noun(token, page.tagged) and token.text.lower() not in _STOP_NOUNS:
            noun = token
            if not page.tagged:
                break
        elif page.tagged and token.pos_ in ("ADJ",) and noun is None:
            continue
        else:
            break
    if noun is None or lemma(noun) in _STOP_NOUNS or noun.text[0].isupper():
        return None
    return _claim(page, n, "count", "", n.value, noun.idx + len(noun.text), counted=lemma(noun))


def _claim(page: Page, n: Number, kind: str, unit: str, value: float, end: int, counted: str | None = None) -> Claim:
    text = page.text
    sentence_start, sentence_end = page.sentence(n.start)
    definite = _definite(page, n.start, sentence_start)
    topic_words, qualifiers, head = _topic(page, n, end, sentence_start, sentence_end, counted)
    clause = page.clause(n.start, end)
    approx, low, high = _approximation(text, n, sentence_start, end)
    if kind == "count" and counted:
        unit = counted
    start = n.start
    if kind == "percent":
        topic_words = topic_words + _score_name(text, start, end)
        if low is not None:  # "78–80%": the range is the claim
            start = text.rfind(_num_text(low), max(0, start - 12), start)
            start = start if start >= 0 else n.start
    about, names, verb = context(page, start, end)
    period = _PERIOD_AFTER.match(text[end : end + 20])
    if period:
        qualifiers = qualifiers | {f"per-{period.group(1)}"}
    return Claim(
        kind=kind,
        start=start,
        end=end,
        text=text[start:end],
        value=float(value),
        unit=unit,
        topic=topics_of(topic_words),
        qualifiers=frozenset(qualifiers),
        approx=approx,
        low=low,
        high=high,
        definite=bool(definite),
        change=_age_changed(page, n, clause) if kind == "age" else _changed(page, n, end, clause),
        quoted=page.quoted(n.start, end),
        line=page.line(n.start),
        digits=n.digits,
        detail={"head": head, "possessive": definite == "possessive", "context": about, "names": names, "verb": verb,
                "lead": lead_paragraph(page, n.start), "time": sentence_time(page, n.start)},
    )


_NAME_BEFORE = re.compile(r"((?:[A-Z][\w’']*\s){0,3}[A-Z][\w’']*)\s(?:at|score of|rating of|of)\s$")
_NAME_AFTER = re.compile(r"^\s(?:on|from)\s((?:[A-Z][\w’'+]*(?:’s?|'s?)?\s?){1,4})")


def _score_name(text: str, start: int, end: int) -> list[str]:
    """The named score a percentage is ("Rotten Tomatoes at 100%", "78–80% on Rotten Tomatoes’
    Popcornmeter"): its name's words are the percentage's topic."""
    m = _NAME_BEFORE.search(text[max(0, start - 50) : start]) or _NAME_AFTER.match(text[end : end + 50])
    if not m:
        return []
    words_ = [re.sub(r"[’']s?$", "", w).lower() for w in m.group(1).split()]
    return [w for w in words_ if w not in ("the", "its", "a", "with")]


def _num_text(x: float) -> str:
    return str(int(x)) if x == int(x) else str(x)


def _age_changed(page: Page, n: Number, clause: tuple[int, int]) -> bool:
    """An age at some past moment ("started playing at the age of six", "when she was 20"),
    not the person's age now; a death gives the age at death."""
    text = page.text
    sentence = page.sentence_text(n.start)
    if re.search(r"\b(?:when|at the time|then|back in|in (?:19|20)\d\d|as a)\b", text[clause[0] : clause[1]], re.I):
        return True
    if re.search(r"(?:age of|aged|\bat)\s+$", text[max(0, n.start - 10) : n.start]):
        return not re.search(r"\b(?:died|dies|dead|passed away|death)\b", sentence)
    return False


def _changed(page: Page, n: Number, end: int, clause: tuple[int, int]) -> bool:
    """The clause reports a change over time, a forecast, or the figure is a new state after
    a verb of change ("had grown to 21,500", "up from 78", "from 40,000 to 83,000")."""
    text = page.text
    before = text[clause[0] : n.start]
    if page.has(any_of_words("change_markers"), *clause):
        return True
    verbs = any_of_words("change_verbs").pattern
    if re.search(rf"(?:{verbs})\s+(?:\w+\s+){{0,3}}(?:to|from|at)\s+(?:\w+\s+)?(?:\$|£|€)?$", before, re.I):
        return True
    if re.search(r"\bfrom\b(?:[^.]|\.\d){0,40}\bto\s*(?:\$|£|€)?$", before) or re.match(r"\s*(?:,\s)?(?:up|down)\s+from\b", text[end : end + 12]):
        return True
    if re.match(r"\s*(?:to|and)\s+(?:\$|£|€)?\d", text[end : end + 8]) and re.search(r"\b(?:from|between)\s+(?:\$|£|€)?$", before):
        return True
    forecast = re.search(rf"(?:{any_of_words('forecast_words').pattern})\s+(?:\w+\s+){{0,2}}$", before, re.I)
    return bool(forecast) and not _definite(page, n.start, clause[0])


def _topic(page: Page, n: Number, end: int, s0: int, s1: int, counted: str | None):
    """The nouns right after the figure, else those of a following 'of'/'in' phrase and the
    verbs around it; and the qualifier words near it."""
    topic: list[str] = [counted] if counted else []
    qualifiers = set()
    head = None
    qualifier_words = words("claim_qualifiers")
    after = page.tokens_after(end, 6, stop=s1)
    chunk = []
    if page.text[end - 1 : end].isalpha() and re.search(r"-\w+$", page.text[n.start:end]) and after and after[0].text.isalpha():
        # "a 4-mile greenway": whatever the tagger says, the word after the compound is its noun
        for t in [t for t in after[:3] if t.text.isalpha()]:
            title_case = page.text[n.end : n.end + 2].lstrip("-")[:1].isupper()  # "12-Minute Workout"
            if t.pos_ in ("ADP", "DET", "CCONJ", "PRON", "AUX", "PART", "SCONJ") or (t.text[0].isupper() and not title_case):
                break
            chunk.append(t)
            if t.pos_ != "ADJ":
                break
        topic += [lemma(t) for t in chunk[-1:]]
        if chunk:
            head = lemma(chunk[-1])
        after = []
    for token in after:
        if is_noun(token, page.tagged) or (page.tagged and token.pos_ in ("ADJ", "NUM", "PROPN")):
            chunk.append(token)
        elif token.text in ("-",):
            continue
        else:
            break
    nouns = [lemma(t) for t in chunk if is_noun(t, page.tagged) and not t.text[0].isupper()]
    topic += nouns
    qualifiers |= {lemma(t) for t in chunk if lemma(t) in qualifier_words}
    rest = page.tokens_after(chunk[-1].idx + len(chunk[-1].text) if chunk else end, 7, stop=s1)
    for i, token in enumerate(rest):
        if token.lower_ in ("of", "in", "for", "on") and i <= (0 if nouns or counted else 2):
            follow = [t for t in rest[i + 1 :] if t.lower_ not in ("a", "an", "the", "its", "their")]
            for t in follow[:3]:
                if (is_noun(t, page.tagged) or t.text.endswith("ing")) and not t.text[0].isupper():
                    topic.append(lemma(t))
                elif t.lower_ in qualifier_words:
                    qualifiers.add(t.lower_)
                elif t.pos_ != "ADJ":
                    break
            break
        if page.tagged and token.pos_ == "VERB" and i <= 4 and not (nouns or counted):
            topic.append(_verb(token))
            break
    before = page.tokens_before(n.start, 4, stop=s0)
    for j, token in enumerate(before):
        if page.tagged and token.pos_ == "VERB":
            topic.append(_verb(token))
            # the thing that rose or fell: "the native token of Lumen fell 18%"
            subject = [t for t in page.tokens_before(token.idx, 8, stop=page.clause(token.idx, token.idx)[0])
                       if t.pos_ == "NOUN"]
            if subject and j >= len(before) - 2 and page.text[end - 1 : end] == "%":
                topic.append(lemma(subject[0]))
        elif (page.tagged and token.pos_ == "NOUN" and j + 2 == len(before) and before[-1].lower_ == "of"
              and before[-1].idx + 3 >= n.start - 2):
            topic.append(lemma(token))  # "a starting price of $54,999", "revenue of $3.1 billion"
        elif token.tag_ == "POS" and j > 0 and before[j - 1].pos_ == "NOUN" and page.text[end - 1 : end] == "%":
            topic.append(lemma(before[j - 1]))  # "the token's 31% slide"
        if token.lower_ in qualifier_words:
            qualifiers.add(token.lower_)
    return [t for t in topic if t], qualifiers, head


def _verb(token) -> str:
    """A verb's topic is marked (v:say; "paying" becomes v:deal through the topic groups):
    a verb alone makes two figures the same thing only when one refers back to the other."""
    from .page import topic_index

    word = lemma(token)
    return f"v:{word}" if word in topic_index() else f"v:{token.lower_}"


def _approximation(text: str, n: Number, s0: int, end: int):
    before = text[max(s0, n.start - 30) : n.start]
    after = text[end : end + 12]
    approx, low, high = "", None, None
    for pattern, label in ((any_of_words("approximators"), "about"), (any_of_words("floor_words"), "at least"),
                           (any_of_words("ceiling_words"), "at most")):
        if re.search(rf"(?:{pattern.pattern})\s*(?:just\s+|only\s+)?(?:\$|£|€)?$", before, re.IGNORECASE):
            approx = label
            break
    if not approx and re.match(r"^\s?(?:or so|or more|\+|-plus)", after):
        approx = "about" if "so" in after[:6] else "at least"
    r = _RANGE_BEFORE.search(before)
    if r:
        low, high = float(r.group(1)), n.value
        if high > 1000 and low < 1000:
            low = high = None  # "2-3 million": the first end shares the scale; skipped
    return approx, low, high


def _definite(page: Page, start: int, s0: int) -> str:
    """A figure that refers back: 'the $61 million' ("the"), 'its three bedrooms', 'all 15 songs',
    'the earbud's 12-hour battery' ("possessive"); "" when it does not."""
    skip = words("approximators") | {"just", "only", "reported", "whole", "full", "entire"}
    for token in reversed(page.tokens_before(start, 4, stop=s0)):
        low = token.lower_
        if low in ("a", "an"):
            return ""
        if low in ("its", "their", "his", "her", "our", "your", "all") or token.tag_ == "POS" or low.endswith(("’s", "'s")):
            return "possessive"
        if low in words("definite_words"):
            return "the"
        if low in skip or low in ("$", "£", "€"):
            continue
        return ""
    return ""
