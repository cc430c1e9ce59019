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


def ranks_apart(a: Claim, b: Claim) -> bool:
    """Two positions of other times, lists, subjects, regions or charts."""
    return (not rank_times_agree(a, b) or lists_apart(a, b) or named_apart(a, b) or regions_apart(a, b)
            or charts_apart(a, b))


def named_apart(a: Claim, b: Claim) -> bool:
    """"Sinner climbed to No. 2", "Zverev dropped to No. 5": two subjects named before their
    positions, none in common."""
    x, y = a.detail.get("names"), b.detail.get("names")
    return bool(x and y and not x & y)


def regions_apart(a: Claim, b: Claim) -> bool:
    """"No. 1 ... in the US", "In the UK, it sits at No. 4": two regions' charts."""
    x, y = a.detail.get("regions"), b.detail.get("regions")
    return bool(x and y and not x & y)


def charts_apart(a: Claim, b: Claim) -> bool:
    """"fourth in the AP Poll", "No. 6 in the Coaches Poll": the names after the positions
    each have a word the other lacks."""
    x, y = a.detail.get("chart"), b.detail.get("chart")
    return bool(x and y and x - y and y - x)


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
    groups = ew.groups("event_occasions")
    if any(groups[o.group().lower()] == "preview" for o in ew.pattern("event_occasions").finditer(page.text)):
        return set()  # "Previews run from Monday": "opens" may be the first preview, not opening night
    if b.detail.get("occasion_of_other") or any(c.detail.get("occasions_in_sentence", {occasion}) != {occasion} for c in (a, b)):
        return set()  # "Its new wing's opening night"; "the opening-night party..., a preview of the show"
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
    groups = ew.groups("event_occasions")
    for m in _start_pattern().finditer(text):
        s0, s1 = page.sentence(m.start())
        c0, _ = page.clause(m.start(), m.end())
        subject = text[c0 : m.start()].strip()
        if re.fullmatch(r"(?:which|that|who)(?:\s+\w+)?", subject, re.I) and c0 > s0:
            # "the tournament, which began last week": the noun before the relative clause
            subject = re.split(r"[,;:(—–]", text[s0 : c0 - 1])[-1].strip()
        words = re.findall(r"[A-Za-z][\w’'-]*", subject)
        if not words:
            continue
        head = words[-1].lower()
        group = nouns.get(head) or nouns.get(re.sub(r"[’']s$", "", head))
        if not group or _modified(words):
            continue
        phrase = _NOUN_PHRASE.search(subject)  # "a surge in bookings since the tournament": its last noun phrase
        subject = phrase.group() if phrase else subject
        words = re.findall(r"[A-Za-z][\w’'-]*", subject)
        definite = bool(_RELATIVE_DEF.match(subject))
        when = m.group("when").lower()
        place = re.match(r"\s+(?:in|at)\s+(?:the\s+)?([A-Z][\w’'-]+)", text[m.end() : s1])
        if any(groups[o.group().lower()] == "preview" for o in ew.pattern("event_occasions").finditer(text, s0, s1)):
            continue  # "started yesterday with a soft launch": a preview, not the start
        yield _claim(page, "date", m.start(), m.end(), when, unit="relative", topic=frozenset({group}),
                     definite=definite, change=bool(_RESCHEDULED.search(text, s0, s1)),
                     detail={"tense": tenses[when], "place": place.group(1) if place else "", "names": frozenset(w.lower() for w in words if w[0].isupper()
                                                                         and not _RELATIVE_DEF.match(w + " "))})


_DETERMINERS = frozenset("the its their this that a an".split())


def _modified(words: list[str]) -> bool:
    """"the pre-season tournament", "Last year's festival", "The qualifying tournament": a
    common word between the determiner and the noun names another event of the kind."""
    for w in reversed(words[:-1]):
        if w.lower() in _DETERMINERS:
            return False
        if not w[0].isupper() or re.search(r"[’']s$", w) and w.lower().startswith(("year", "season", "week", "month")):
            return True
    return bool(words[:-1]) and words[0].lower() in ("last", "next", "previous", "this")


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
            names, places = (a.detail["names"], b.detail["names"]), (a.detail["place"], b.detail["place"])
            if all(names) and names[0] != names[1] or all(places) and places[0] != places[1]:
                continue  # "the World Cup" and "the Club World Cup"; "in Leeds" and "in Europe"
            out.append(Conflict("date", b, a, message(a, b, sorted(shared)[0])))
            break
    return out
