"""Claims about events and names: ranks and chart positions, ratings, match scores,
dates and weekdays of events, and places of events (exclusivity and availability are in
platforms.py, contact with a speaker in contact.py)."""

from __future__ import annotations

import re
from functools import lru_cache

from ..rules.lexicons import words
from .context import YEAR
from .model import Claim
from .numbers import alternation, spelled_value, table
from .page import Page, any_of_words, topic_index

NAME = r"(?:[A-Z][\w’'+.&-]*|i[A-Z]\w*)(?:\s(?:[A-Z0-9][\w’'+.&-]*|i[A-Z]\w*))*"
_NUMBER = r"\d{1,3}|one|two|three|four|five|six|seven|eight|nine|ten"


def _value(token: str) -> float | None:
    token = token.lower()
    if token.isdigit():
        return float(token)
    return table()["ordinals"].get(token) or spelled_value(token)


def _claim(page: Page, kind: str, start: int, end: int, value, **fields) -> Claim:
    return Claim(kind=kind, start=start, end=end, text=page.text[start:end], value=value,
                 quoted=page.quoted(start, end), line=page.line(start), **fields)


# --- ranks and chart positions -----------------------------------------------------------------

@lru_cache(maxsize=1)
def _rank_pattern() -> re.Pattern:
    ordinals = "|".join(table()["ordinals"])
    return re.compile(
        rf"(?:\bNo\.\s?|#|\bnumber\s)(?P<n>{_NUMBER})\b"
        rf"|\b(?:ranked|ranks|ranking|placed|sits|sitting|finished)\s+(?P<o>{ordinals})\b"
        rf"|\b(?P<top>(?:best|top|biggest|highest)[- ](?:selling|grossing|rated)|most[- ](?:watched|streamed|played|downloaded|viewed))\b",
        re.IGNORECASE,
    )


_CHANGE_RANK = re.compile(
    r"\b(?:climb|climbs|climbed|rose|rises|jumped|jumps|fell|falls|fall|dropped|drops|slipped|slips|slid|moved|moves|"
    r"peaked|peak|returned|returns|back|up|down|previous|last week|last year|from No\.|from #|spent|weeks at|was|had)\b",
    re.IGNORECASE,
)
_DEBUT = re.compile(r"\b(?:debut|debuted|debuts|entered|enter|enters|entry|opened|opens|premiered|arrived|first week)\b", re.I)
_CHART_WORD = re.compile(r"\b(?:chart|charts|list|ranking|rankings|top[- ]sellers?|bestsellers?|top 10|top ten|Hot 100|Billboard 200)\b", re.I)
_KEY_STOP = frozenset("the a an of on in at among for this that week weeks its their his her our your with and "
                      "shows show series title titles game games song songs single album albums spot place "
                      "chart charts list overall now for it".split())


def ranks(page: Page):
    text = page.text
    charts = words("charts")
    for m in _rank_pattern().finditer(text):
        s0, s1 = page.sentence(m.start())
        c0, c1 = page.clause(m.start(), m.end())
        value = 1.0 if m.group("top") else _value(m.group("n") or m.group("o") or "")
        if value is None:
            continue
        window = text[max(s0, m.start() - 50) : min(s1, m.end() + 60)]
        after = re.split(r"[,;.!?]|\s(?:behind|after|with|and|but|while|as|powered|thanks|according)\s", text[m.end() : s1])[0][:70]
        before = text[max(c0, m.start() - 45) : m.start()]
        key = _chart_key(before + " " + after, charts)
        if not key or not (_CHART_WORD.search(window) or any(c in window for c in charts) or " on " in f" {after}"
                           or re.search(r"\b(?:among|sits|sat|ranks|ranked|ranking)\b", window)):
            continue
        yield _claim(page, "rank", m.start(), m.end(), value,
                     topic=frozenset(key), change=bool(_CHANGE_RANK.search(text[s0:s1])),
                     qualifiers=frozenset({"debut"} if _DEBUT.search(window) else ()),
                     detail={"subject": _title(text, m.start(), s0, s1)})


_TITLE = re.compile(r"[“\"]([^”\"\n]{2,60})[”\"]")


def _title(text: str, start: int, s0: int, s1: int) -> str | None:
    """The quoted title the sentence ranks: the last one before the rank, else the first after."""
    before = [m.group(1) for m in _TITLE.finditer(text, s0, start)]
    if before:
        return before[-1].strip(" ,.").lower()
    after = _TITLE.search(text, start, s1)
    return after.group(1).strip(" ,.").lower() if after else None


def _chart_key(context: str, charts) -> frozenset[str]:
    """The words that name the chart: its capitalised names and its hyphenated or regional words."""
    key = set()
    for word in re.findall(r"[A-Za-z][\w’'+-]*|\d+", context):
        base = re.sub(r"[’']s$", "", word)
        low = base.lower()
        if low in _KEY_STOP or low.startswith(("best-", "top-", "most-", "biggest-")) and low != "top-sellers":
            continue
        if base[0].isupper() or "-" in base or low in ("worldwide", "global", "domestic", "national", "uk", "us") or (
            base.isdigit() and "Hot" in context):
            key.add(low)
    if "No" in key:
        key.discard("no")
    return frozenset(key - {"no", "number"})


# --- review ratings and match scores --------------------------------------------------------

_STARS = re.compile(r"(★+)(½)?(☆*)")
_RATING = re.compile(r"\b(?P<n>\d(?:\.5)?|one|two|three|four|five)(?:-star|\s+stars?\b)(?:\s+(?P<noun>[a-z]+(?:\s[a-z]+)?))?|"
                     r"\b(?P<o>\d(?:\.5)?)\s?(?:out of|/)\s?(?P<scale>5|10)\b", re.IGNORECASE)
_SCORE = re.compile(r"(?<![\w.,/-])(\d{1,3})\s?[-–]\s?(\d{1,3})(?![\w.,/-]|\s?(?:vote|record|lead|majority))")
_MARGIN = re.compile(r"\b(\d{1,3}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty)"
                     r"-(point|goal|run|stroke|shot|wicket|length)\s+(win|victory|defeat|loss|triumph|rout)\b", re.IGNORECASE)


# A rating the review does not give: denied or supposed ("not 5 stars", "would be 5 stars
# if..."), or another person's, by name ("4/5 from me, 3/5 from Tom").
_NOT_GIVEN_BEFORE = re.compile(
    r"(?:\bnot|n[’']t|\bnever|\b(?:would|could|should|might)(?:\s+have)?\s+(?:be|been|get|got|give|given))"
    r"\s+(?:a\s+|the\s+|full\s+|even\s+)?$",
    re.IGNORECASE,
)
_NOT_GIVEN_AFTER = re.compile(r"^\s+(?:if\b|from\s+[A-Z])")


def _given(text: str, start: int, end: int) -> bool:
    return not (_NOT_GIVEN_BEFORE.search(text[max(0, start - 30) : start]) or _NOT_GIVEN_AFTER.match(text[end : end + 20]))


def ratings(page: Page):
    text = page.text
    non_rating = words("non_rating_nouns")
    for m in _STARS.finditer(text):
        value = len(m.group(1)) + (0.5 if m.group(2) else 0)
        yield _claim(page, "rating", m.start(), m.end(), float(value), unit="out of 5")
    for m in _RATING.finditer(text):
        if not _given(text, m.start(), m.start("noun") - 1 if m.group("noun") else m.end()):
            continue
        if m.group("n"):
            noun = (m.group("noun") or "").lower()
            if noun in non_rating or noun.split(" ")[0] in non_rating:
                continue
            yield _claim(page, "rating", m.start(), m.end("n") + len(" stars") if "star" in m.group(0)[:12] else m.end(),
                         float(_value(m.group("n").split(".")[0]) + (0.5 if ".5" in m.group("n") else 0)), unit="out of 5")
        else:
            yield _claim(page, "rating", m.start(), m.end(), float(m.group("o")), unit=f"out of {m.group('scale')}")


def scores(page: Page):
    text = page.text
    results = any_of_words("result_words")
    for m in _SCORE.finditer(text):
        c0, c1 = page.clause(m.start(), m.end())
        s0, s1 = page.sentence(m.start())
        window = text[max(s0, m.start() - 60) : min(s1, m.end() + 40)]
        if not results.search(window) or re.search(r"\brecord\s+(?:to|of|at)\s*$|\bvote", text[max(s0, m.start() - 20) : m.start()]):
            continue
        a, b = int(m.group(1)), int(m.group(2))
        if a > 200 or b > 200:
            continue
        yield _claim(page, "score", m.start(), m.end(), f"{max(a, b)}-{min(a, b)}", unit="score",
                     definite=_definite_before(text, m.start(), s0),
                     change=bool(re.search(r"\b(?:last|previous|earlier|lost|next|halftime|half-time|half time|led|leading|trailed)\b",
                                           text[c0:c1], re.I)),
                     detail={"margin": abs(a - b)})
    for m in _MARGIN.finditer(text):
        s0, _ = page.sentence(m.start())
        margin = _value(m.group(1))
        yield _claim(page, "score", m.start(), m.end(), f"by {int(margin)}", unit="margin",
                     definite=_definite_before(text, m.start(), s0), detail={"margin": int(margin)})


def _definite_before(text: str, start: int, s0: int) -> bool:
    before = text[max(s0, start - 12) : start].lower()
    return bool(re.search(r"\b(?:the|that|this|its|their)\s+$|[’']s\s+$", before))


# --- dates and weekdays of events ----------------------------------------------------------------

@lru_cache(maxsize=1)
def _date_patterns():
    t = table()
    days = "|".join(d.capitalize() for d in t["weekdays"])
    months = "|".join(m.capitalize() for m in t["months"])
    return (
        re.compile(rf"\b({days})(?:\s(?:night|morning|evening|afternoon))?(?:(’s|'s)|\b)"),
        re.compile(rf"\b({months})\.?\s(\d{{1,2}})(?:st|nd|rd|th)?\b|\b(\d{{1,2}})(?:st|nd|rd|th)?\s({months})\b"),
    )


# Words before a day that are not an event: "until Friday", "since Monday".
_NOT_EVENT_WORDS = frozenset("until since from through after before during last next this that each every "
                             "early late closed open from".split())
_RESCHEDULED = re.compile(r"\b(?:moved|postponed|delayed|rescheduled|pushed back|brought forward|originally|initially|"
                          r"was due|had been|instead|switched|shifted|relocated|cancelled|canceled|no longer)\b", re.I)


def dates(page: Page):
    text = page.text
    weekday, date = _date_patterns()
    for m in weekday.finditer(text):
        possessive = bool(m.group(2))
        yield from _dated(page, "weekday", m.start(), m.end(1), m.group(1), possessive)
    for m in date.finditer(text):
        month, day = (m.group(1), m.group(2)) if m.group(1) else (m.group(4), m.group(3))
        if not 1 <= int(day) <= 31 or (month == "May" and not m.group(1)):
            continue
        year = re.match(r",?\s((?:19|20)\d\d)\b", text[m.end() : m.end() + 7])
        end = m.end() + (year.end() if year else 0)
        value = f"{month} {int(day)}" + (f", {year.group(1)}" if year else "")
        yield from _dated(page, "date", m.start(), end, value, False)


def _dated(page: Page, kind: str, start: int, end: int, value: str, possessive: bool):
    text = page.text
    s0, s1 = page.sentence(start)
    own = None  # the event word right at the day: "Wednesday night's landfall", "landfall Thursday"
    if possessive:  # "Sunday's walk", "Thursday's launch event": the nouns after it
        after = re.match(r"(?:\s(?:night|morning|evening|afternoon))?[’']s\s+((?:[a-z][\w-]*\s?){1,3})", text[end : end + 50])
        topic_words = after.group(1).split() if after else []
        own = topic_words[0] if topic_words else None
    else:
        topic_words = _words(text[s0:s1].lower())
        before = re.search(r"\b([a-z]{4,})\s+(?:on\s+|this\s+|next\s+)?$", text[max(s0, start - 30) : start])
        own = before.group(1) if before and before.group(1) not in _NOT_EVENT_WORDS else None
    index = topic_index()
    events = {c for w in topic_words for c in index.get(w, ()) if c in ("premiere", "event", "wedding", "match", "summit")}
    # A date of no event the ledger knows is still listed; it is compared with nothing.
    clause = text[slice(*page.clause(start, end))]
    topic = events | ({f"w:{own}"} if own and not index.get(own) else set())
    definite = possessive or bool(re.search(r"\b(?:the|this|that|its)\s+$", text[max(s0, start - 6) : start]))
    if re.search(r"\bsee you\s+(?:on\s+)?$", text[max(s0, start - 12) : start], re.I):
        topic, definite = topic | {"event"}, True  # "See you Saturday": the text's own event
    yield _claim(page, kind, start, end, value, topic=frozenset(topic), definite=definite,
                 change=bool(_RESCHEDULED.search(clause) or _RESCHEDULED.search(text[s0:s1])))


# --- places of events --------------------------------------------------------------------------

@lru_cache(maxsize=1)
def _place_pattern() -> re.Pattern:
    cues = alternation(words("place_cues"))
    return re.compile(rf"\b(?:{cues})\s+(?:(?:the|a|an)\s+)?(?:[a-z][\w-]*\s+){{0,3}}?(?:(?:on|in|at|by|of)\s+)?(?:the\s+)?(?P<name>{NAME})")


_VENUE_REF = re.compile(rf"\bthe\s+(?P<name>{NAME})\s+(?:turf|pitch|ground|stage|crowd|faithful|stands|terraces|venue|grounds|ballroom|lawn|beach)\b")
_NOT_PLACES = frozenset("I We He She They It The A An This That Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split())


def places(page: Page):
    text = page.text
    venues = words("venue_words")
    index = topic_index()
    binding, presence, venue_nouns = _binding_pattern(), _presence_pattern(), words("venue_nouns")
    seen = set()
    for pattern in (_place_pattern(), _VENUE_REF):
        for m in pattern.finditer(text):
            name = _trim_name(m.group("name"))
            if not name or name.split()[0] in _NOT_PLACES or name.split()[0].lower() in table()["months"]:
                continue
            start = m.start("name")
            if start in seen:
                continue
            s0, s1 = page.sentence(start)
            if s0 == start:
                continue
            sentence = text[s0:s1].lower()
            found = _words(sentence)
            topic = {c for w in found for c in index.get(w, ()) if c in ("wedding", "match", "summit", "event")}
            topic |= {"event"} if venue_nouns.intersection(found) else set()
            venue_like = any(part in venues for part in name.split())
            # "a crowd of 11,204 at Deanfield Road", "Gates at Ashcombe Showground": who is there binds the venue
            present = venue_like and m.group(0).startswith("at") and presence.search(text, max(s0, m.start() - 40), m.start())
            bound = binding.search(text, max(s0, start - 40), start)
            if bound and re.search(r"\b(?:a|an|another|one)\s+$", text[max(s0, bound.start() - 9) : bound.start()]):
                bound = None  # "met at a wedding on Mykonos": another wedding
            strong = pattern is _VENUE_REF or bound or present or (
                venue_like and re.match(r"(?:chose|picked)\b", m.group(0)))
            if not (topic or strong) or not (venue_like or strong):
                continue
            topic.add("event")  # a strong cue ("see you in Porto") speaks of the text's event
            seen.add(start)
            onward = bool(_onward_pattern().search(text, max(s0, start - 40), start))
            yield _claim(page, "place", start, start + len(name), name, topic=frozenset(topic),
                         definite=pattern is _VENUE_REF, change=moved(text, s0, s1),
                         detail={"onward": onward, "venue": venue_like or pattern is _VENUE_REF})


def moved(text: str, s0: int, s1: int, occasions: bool = True) -> bool:
    """The sentence moves the place ("relocated", "instead of", "moved to Deanfield Road"),
    not the team ("moved to the top of League Two"): a move "to" or "from" needs a name. Or it
    speaks of another occasion (for an event's place): "next", "travel to", a year."""
    if occasions and (any_of_words("other_occasion_words").search(text, s0, s1) or YEAR.search(text, s0, s1)):
        return True
    for m in any_of_words("place_move_words").finditer(text, s0, s1):
        if not m.group().lower().endswith((" to", " from")) or re.match(r"\s+(?:the\s+)?[A-Z]", text[m.end() : s1]):
            return True
    return False


@lru_cache(maxsize=1)
def _binding_pattern() -> re.Pattern:
    cues = alternation(words("place_binding_cues"))
    return re.compile(rf"(?<!\w)(?:{cues})\s+(?:(?:the|a|an)\s+)?$", re.IGNORECASE)


@lru_cache(maxsize=1)
def _onward_pattern() -> re.Pattern:
    cues = alternation(words("onward_cues"))
    return re.compile(rf"(?<!\w)(?:{cues})\s+(?:(?:the|a|an)\s+)?$", re.IGNORECASE)


@lru_cache(maxsize=1)
def _presence_pattern() -> re.Pattern:
    nouns = alternation(words("venue_presence_words"))
    return re.compile(rf"\b(?:{nouns})(?:\s+[\w,.’'-]+){{0,3}}\s+$", re.IGNORECASE)


def _words(sentence: str) -> list[str]:
    """Lower-case words and the two-word event phrases ("takes place") of a sentence."""
    found = re.findall(r"[a-z][\w-]*", sentence.lower())
    return found + [f"{a} {b}" for a, b in zip(found, found[1:]) if b == "place"]


def _trim_name(name: str) -> str:
    parts = name.split()
    if parts and re.fullmatch(r"[A-Z][a-z]{3,}\.", parts[-1]):  # "on Mykonos." ends a sentence; "St." is cut
        parts[-1] = parts[-1][:-1]
    while parts and (parts[-1].lower() in ("of", "the", "and", "de", "la") or parts[-1].endswith((".",))):
        parts.pop()
    return re.sub(r"[’']s?$", "", " ".join(parts)).strip() if parts else ""
