"""When a rank or an event date holds, and the relative dates of an event's start.

A rank moved to ("climbs to 12th") is the position now: it is compared with another
position now ("the No. 18 national ranking released this week", "His new ranking of
eighth"), not with a debut or a past week's. A named period's position ("its launch-weekend
peak of fourth") is compared with the same period's and with plain positions. "His new
ranking of eighth" refers back to the ranking the text gave last.

"The Cup kicks off next month" and, later, "the tournament, which began last week" give one
event's start on both sides of the text's own day.
"""

from __future__ import annotations

import re
from functools import lru_cache

from . import eventwords as ew
from .model import Claim, Conflict
from .page import Page


def rank_times_agree(a: Claim, b: Claim) -> bool:
    ta, tb = a.detail.get("when", ""), b.detail.get("when", "")
    if "period" in (ta, tb):
        if ta == tb:
            return a.detail.get("period") == b.detail.get("period")
        return "" in (ta, tb)  # a named period's position and a plain one; not a moved one
    if "moved" in (ta, tb):
        return {ta, tb} <= {"moved", "now"}
    return True


def lists_apart(a: Claim, b: Claim) -> bool:
    """"No. 1 among paid apps", "No. 7 among free apps": two lists."""
    la, lb = a.detail.get("lists"), b.detail.get("lists")
    return bool(la and lb and la != lb)


def ranking_refs(ranks: list[Claim], page: Page, where) -> list[Conflict]:
    """"His new ranking of eighth" against the ranking the text gave last."""
    out = []
    for i, b in enumerate(ranks):
        if not b.detail.get("ranking_ref") or b.quoted:
            continue
        earlier = [a for a in ranks[:i] if "ranking" in a.topic and not a.quoted
                   and page.sentence(a.start) != page.sentence(b.start)]
        if not earlier:
            continue
        a = earlier[-1]
        subjects = (a.detail.get("subject"), b.detail.get("subject"))
        if a.value == b.value or not rank_times_agree(a, b) or (all(subjects) and subjects[0] != subjects[1]):
            continue
        out.append(Conflict("chart", b, a, f"{where(a)[0].upper()}{where(a)[1:]} puts it at No. {int(a.value)} "
                                           f"({a.text.strip()}); line {b.line} gives its ranking as No. {int(b.value)}"))
    return out


# --- the occasion of a date -----------------------------------------------------------------------


def occasions_apart(a: Claim, b: Claim) -> bool:
    """Two occasions ("premieres Friday", "its Thursday release"), two of one occasion named
    apart ("the wide release", "its UK release"), or in two places ("opens Friday in Leeds",
    "opens Thursday in York")."""
    x, y = a.detail, b.detail
    if not (x.get("occasion") and y.get("occasion")):
        return False
    return (x["occasion"] != y["occasion"] or x["occasion_qualifier"] != y["occasion_qualifier"]
            or bool(x["occasion_place"] and y["occasion_place"] and x["occasion_place"] != y["occasion_place"]))


def one_occasion(a: Claim, b: Claim, page: Page) -> set[str]:
    """An occasion that happens once ("opens Thursday, March 6" in the headline, "the
    opening-night performance on Friday, March 7"): the headline's, referred to by a noun
    later, when the text speaks of one such occasion."""
    occasion = a.detail.get("occasion")
    if (not occasion or occasion != b.detail.get("occasion") or occasion not in ew.listed("once_occasions")
            or a.line != 1 or not b.detail.get("occasion_noun") or page.multiple(f"w:{occasion}")):
        return set()
    return {f"o:{occasion}"}


# --- relative dates of an event's start ---------------------------------------------------------

@lru_cache(maxsize=1)
def _start_pattern() -> re.Pattern:
    verbs = ew.pattern("event_start_verbs").pattern
    when = ew.pattern("relative_days").pattern
    return re.compile(rf"(?P<verb>{verbs})\s+(?P<when>{when})", re.IGNORECASE)


_NOUN_PHRASE = re.compile(r"(?:\b(?i:the|its|their|this|that)\s+(?:[\w’'-]+\s+){0,4}|(?:[A-Z][\w’'-]*\s+){0,4})[\w’'-]+$")
_RELATIVE_DEF = re.compile(r"^(?:the|its|their|this|that)\s+", re.IGNORECASE)
_RESCHEDULED = re.compile(r"\b(?:moved|postponed|delayed|rescheduled|pushed back|brought forward|originally|initially|"
                          r"was due|were due|had been|instead|cancelled|canceled|no longer|was to|were to|meant to|"
                          r"supposed to|scheduled to|set to)\b", re.I)


def relative_starts(page: Page):
    """"The Women's Nations Cup kicks off next month", "the tournament, which began last
    week": the start of an event named by a start verb and a day counted from today."""
    from .events import _claim

    text = page.text
    nouns = ew.groups("start_event_nouns")
    tenses = ew.groups("relative_days")
    for m in _start_pattern().finditer(text):
        s0, s1 = page.sentence(m.start())
        c0, _ = page.clause(m.start(), m.end())
        subject = text[c0 : m.start()].strip()
        if re.fullmatch(r"(?:which|that|who)(?:\s+\w+)?", subject, re.I) and c0 > s0:
            # "the tournament, which began last week": the noun before the relative clause
            subject = re.split(r"[,;:(—–]", text[s0 : c0 - 1])[-1].strip()
        phrase = _NOUN_PHRASE.search(subject)  # "a surge in bookings since the tournament": its last noun phrase
        subject = phrase.group() if phrase else subject
        words = re.findall(r"[A-Za-z][\w’'-]*", subject)
        if not words or len(words) > 6:
            continue
        head = words[-1].lower()
        group = nouns.get(head) or nouns.get(re.sub(r"[’']s$", "", head))
        if not group:
            continue
        definite = bool(_RELATIVE_DEF.match(subject))
        # "the pre-season tournament", "last year's festival": another event of the kind
        modifiers = [w for w in words[1 if definite else 0 : -1] if w[0].islower()]
        if modifiers:
            continue
        when = m.group("when").lower()
        yield _claim(page, "date", m.start(), m.end(), when, unit="relative", topic=frozenset({group}),
                     definite=definite, change=bool(_RESCHEDULED.search(text, s0, s1)),
                     detail={"tense": tenses[when], "names": frozenset(w.lower() for w in words if w[0].isupper()
                                                                         and not _RELATIVE_DEF.match(w + " "))})


def start_conflicts(claims: list[Claim], page: Page, message) -> list[Conflict]:
    items = [c for c in claims if c.kind == "date" and c.unit == "relative" and not c.change and not c.quoted]
    out = []
    for i, b in enumerate(items):
        for a in items[:i]:
            shared = a.topic & b.topic
            if not shared or a.detail["tense"] == b.detail["tense"] or not (a.definite or b.definite):
                continue
            if page.sentence(a.start) == page.sentence(b.start) or any(page.multiple(f"w:{t}") for t in shared):
                continue
            names = a.detail["names"], b.detail["names"]
            if all(names) and not names[0] & names[1]:
                continue  # "the Cup" and "the Shield": two tournaments
            out.append(Conflict("date", b, a, message(a, b, sorted(shared)[0])))
            break
    return out
