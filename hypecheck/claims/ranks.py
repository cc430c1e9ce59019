"""Ranks and chart positions: "No. 1 on the Billboard Hot 100", "sat third on Netflix's
non-English TV list", "climbs to 12th in national rankings", "a launch-weekend peak of
fourth", each with the chart's words and when the position holds (moved to, now, a named
period's). The words of the constructions are claims/events.yaml."""

from __future__ import annotations

import re
from functools import lru_cache

from ..rules.lexicons import words
from . import eventwords as ew
from .events import _NUMBER, _claim, _value
from .numbers import alternation, table
from .page import Page

# --- ranks and chart positions -----------------------------------------------------------------

_ORDINAL_DIGITS = r"\d{1,3}(?:st|nd|rd|th)"


@lru_cache(maxsize=1)
def _rank_pattern() -> re.Pattern:
    ordinal = rf"(?:{'|'.join(table()['ordinals'])}|{_ORDINAL_DIGITS})"
    return re.compile(
        rf"(?:\bNo\.\s?|#|\bnumber\s)(?P<n>{_NUMBER})\b"
        rf"|\b(?:{alternation(ew.listed('rank_ordinal_verbs'))})\s+(?P<o>{ordinal})\b"
        rf"|\b(?:{alternation(ew.listed('rank_of_nouns'))})\s+of\s+(?P<p>{ordinal})\b"
        rf"|{_moved_to()}(?P<m>{ordinal})\b"
        rf"|\b(?P<top>(?:best|top|biggest|highest)[- ](?:selling|grossing|rated)|most[- ](?:watched|streamed|played|downloaded|viewed))\b",
        re.IGNORECASE,
    )


@lru_cache(maxsize=1)
def _moved_to() -> str:
    """"climbs to", "went straight to", "rose to a career-high world": the position after it is
    where the subject moved, its position now."""
    glue, before = alternation(ew.listed("rank_move_glue")), alternation(ew.listed("rank_move_before"))
    return (rf"\b(?:{alternation(ew.listed('rank_move_verbs'))})\s+(?:(?:{glue})\s+)?to\s+"
            rf"(?:(?:{before})\s+){{0,3}}")


@lru_cache(maxsize=1)
def _moved_before() -> re.Pattern:
    return re.compile(_moved_to() + r"$", re.IGNORECASE)


@lru_cache(maxsize=1)
def _debut_before() -> re.Pattern:
    """"debuts at", "Entering the chart at": a chart position without the chart's name."""
    verbs = alternation(ew.listed("rank_debut_verbs"))
    return re.compile(rf"\b(?:{verbs})\s+(?P<chart>(?:the|its)\s+(?:chart|charts|list|rankings?)\s+)?at\s+$", re.IGNORECASE)


_CHANGE_RANK = re.compile(
    r"\b(?:climb|climbs|climbed|rose|rises|jumped|jumps|fell|falls|fall|dropped|drops|slipped|slips|slid|moved|moves|"
    r"peaked|peak|returned|returns|back|up|down|previous|last week|last year|from No\.|from #|spent|weeks at|was|had)\b",
    re.IGNORECASE,
)
# The same, for a whole sentence: "was" and "had" speak of the clause they are in ("the series
# was watched for 22 million hours..., ranking No. 1" is no change of rank).
_CHANGE_RANK_SENTENCE = re.compile(_CHANGE_RANK.pattern.replace("|was|had)", ")"), re.IGNORECASE)
_MOVEMENT = re.compile(_CHANGE_RANK.pattern.replace("|previous|last week|last year", "").replace("|was|had)", ")"), re.IGNORECASE)
_FROM = re.compile(r"\bfrom\s+(?:(?:a|the|world)\s+)?$", re.IGNORECASE)
_DEBUT = re.compile(r"\b(?:debut|debuted|debuts|entered|enter|enters|entry|opened|opens|premiered|arrived|first week)\b", re.I)
_CHART_WORD = re.compile(r"\b(?:chart|charts|list|ranking|rankings|top[- ]sellers?|bestsellers?|top 10|top ten|Hot 100|Billboard 200)\b", re.I)
_RANKING_WORD = re.compile(r"\brankings?\b", re.I)
_KEY_STOP = frozenset("the a an of on in at among for this that week weeks its their his her our your with and "
                      "shows show series title titles game games song songs single album albums spot place "
                      "chart charts list overall now for it".split())
# "His new ranking of eighth", "its current position of third": the subject's ranking referred back
_RANKING_REF = re.compile(r"\b(?:his|her|its|their)\s+(?:(?:new|current|latest|present)\s+)?(?:world\s+)?"
                          r"(?:ranking|position|placing)\s+of\s+$", re.IGNORECASE)
_SUBLIST = re.compile(r"^\s+(?:for|in)\s+(?!the\b)[a-z]")  # "third for engineering": a subject table


def ranks(page: Page):
    text = page.text
    charts = words("charts") | ew.listed("rank_chart_names")
    for m in _rank_pattern().finditer(text):
        s0, s1 = page.sentence(m.start())
        c0, c1 = page.clause(m.start(), m.end())
        token = m.group("n") or m.group("o") or m.group("p") or m.group("m") or ""
        value = 1.0 if m.group("top") else _value(token)
        if value is None:
            continue
        value = float(value)
        start = m.start("m") if m.group("m") else m.start()
        # "finished third in Sunday's race on the Monaco circuit": an ordinal is a chart's only by a chart's word
        ordinal = bool(m.group("o") or m.group("p") or m.group("m"))
        window = text[max(s0, start - 50) : min(s1, m.end() + 60)]
        after = re.split(r"[,;.!?]|\s(?:behind|after|with|and|but|while|as|powered|thanks|according)\s", text[m.end() : s1])[0][:70]
        before = text[max(c0, start - 45) : start]
        # "ranked No. 4 in the AP Poll and No. 6 in the Coaches Poll": the other position's chart is not this one's
        before = re.split(r"(?:No\.\s?|#)\d{1,3}\b[^,;]*?\s(?:and|but|while)\s", before)[-1]
        subject = _title(text, start, s0, s1, m.end())
        not_names = _not_names(page, s0, max(c0, start - 45), subject)
        regions = ew.groups("rank_regions")
        key = _chart_key(before + " " + after, charts, not_names)
        debut = _debut_before().search(text, max(c0, start - 40), start)
        moved = bool(m.group("m") or _moved_before().search(text, max(c0, start - 60), start))
        reference = _RANKING_REF.search(text, max(s0, start - 40), m.start("p") if m.group("p") else start)
        if reference and not _SUBLIST.match(text[m.end() : m.end() + 20]):
            key = frozenset()  # compared with the ranking the text gave last (timing.py)
        elif not key and debut and debut.group("chart"):
            key = frozenset()  # "Entering the chart at number five": an entry referred back (entries.py)
        elif not key or not (_CHART_WORD.search(window) or any(c.lower() in window.lower() for c in charts)
                             or (" on " in f" {after}" and not ordinal) or debut
                             or (moved and re.search(r"\b(?:world|national|global)\s+(?:No\.|#)", text[start - 8 : m.end()]))
                             or re.search(r"\b(?:among|sits|sat|ranks|ranked|ranking)\b", window)):
            continue
        time, period, change = _rank_time(page, start, m.end(), s0, s1, c0, c1, moved)
        detail = {"subject": subject, "when": time, "lists": _lists(window),
                  "names": _names(text[c0:start], not_names | _chart_words(charts)),
                  "chart": _chart_key(after, charts, not_names) - set(regions.values()) - {"ranking"},
                  "regions": frozenset(regions[w.lower()] for w in re.findall(r"[A-Za-z]+", text[s0:s1]) if w.lower() in regions
                                       and (w.isupper() or w.lower() != "us"))}
        if period:
            detail["period"] = period
        if reference and not key:
            detail["ranking_ref"] = True
        elif not key:
            detail["entry"] = True
        yield _claim(page, "rank", start, m.end(), value, topic=key, change=change,
                     qualifiers=frozenset({"debut"} if _DEBUT.search(window) or debut else ()), detail=detail)


def _rank_time(page: Page, start: int, end: int, s0: int, s1: int, c0: int, c1: int, moved: bool):
    """(when the position holds: "moved" for a position moved to, "now", "period" for a named
    period's, "" otherwise; the period; whether it is a past position or a change)."""
    text = page.text
    past_words = ew.pattern("rank_past_words")
    past = bool(past_words.search(text, s0, s1) or _FROM.search(text, max(c0, start - 14), start))
    found = ew.pattern("rank_periods").search(text, s0, s1)
    if found:  # "its launch-weekend peak of fourth", "was No. 1 over its launch weekend": a fixed fact
        return "period", ew.groups("rank_periods")[found.group().lower()], past
    if moved:
        return "moved", None, past
    if ew.pattern("rank_now_words").search(text, c0, c1):
        # "His new ranking of eighth makes him... of the previous generation": a past word
        # near the position, not anywhere in the sentence, makes it a past one
        near = past_words.search(text, max(c0, start - 40), min(c1, end + 30))
        return "now", None, bool(near or _FROM.search(text, max(c0, start - 14), start) or _MOVEMENT.search(text, s0, s1))
    change = bool(_CHANGE_RANK_SENTENCE.search(text, s0, s1) or re.search(r"\b(?:was|had)\b", text[c0:c1], re.I))
    return "", None, change


def _lists(window: str) -> frozenset[str]:
    return frozenset(m.group().lower() for m in ew.pattern("rank_list_words").finditer(window))


def _names(before: str, not_names: frozenset[str]) -> frozenset[str]:
    """The names in the clause before the position: who or what is ranked ("Drake's album
    sits at No. 3", "Zverev dropped to No. 5"), not the chart."""
    regions = ew.groups("rank_regions")
    found = {re.sub(r"[’']s?$", "", w).lower() for w in re.findall(r"\b[A-Z][\w’'-]*", before)}
    return frozenset(w for w in found if w and w not in not_names and w not in regions and w not in _KEY_STOP
                     and w not in ("no", "number"))


@lru_cache(maxsize=1)
def _chart_words(charts) -> frozenset[str]:
    return frozenset(w.lower() for c in charts for w in re.findall(r"[A-Za-z][\w+-]*", c))


def _not_names(page: Page, s0: int, start: int, subject: str | None) -> frozenset[str]:
    """Words of the context that do not name the chart: a sentence's first word the tagger
    does not read as a name ("Entering the chart"), weekdays and months ("Monday's
    rankings"), and the words of the title ranked (the title is not the chart)."""
    out = set(table()["weekdays"]) | set(table()["months"])
    if start <= s0:
        first = re.match(r"[A-Za-z][\w’'+-]*", page.text[s0 : s0 + 40])
        if first and first.group() not in page.proper_nouns:
            out.add(first.group().lower())
    if subject:
        out |= set(re.findall(r"[a-z][\w’'+-]*", subject))
    return frozenset(out)


_TITLE = re.compile(r"[“\"]([^”\"\n]{2,60})[”\"]")
_OTHER_TITLE = re.compile(r"\b(?:behind|ahead of|after|above|below|than|beating|beat|edging|overtaking|replacing|"
                          r"dethroning|knocking|ousting|unseating)\b", re.IGNORECASE)
_OF_TITLE = re.compile(r"\s*(?:[a-z]+\s+)?of\s+[^“\"\n,.;]{0,40}?[“\"]")


def _title(text: str, start: int, s0: int, s1: int, end: int | None = None) -> str | None:
    """The quoted title the sentence ranks: the one right after "of" ("the No. 8 bow of Carys
    Lowe's "Marigold""), else the last one before the rank, else the first after."""
    if end is not None and _OF_TITLE.match(text, end, s1):
        after = _TITLE.search(text, end, s1)
        if after:
            return after.group(1).strip(" ,.").lower()
    before = [m.group(1) for m in _TITLE.finditer(text, s0, start)]
    if before:
        return before[-1].strip(" ,.").lower()
    after = _TITLE.search(text, start, s1)
    if not after or _OTHER_TITLE.search(text, end or start, after.start()):
        return None  # "sat third..., behind the Korean thriller "Night Ferry"": another title
    return after.group(1).strip(" ,.").lower()


def _chart_key(context: str, charts, not_names: frozenset[str] = frozenset()) -> frozenset[str]:
    """The words that name the chart: its capitalised names and its hyphenated or regional
    words (regions by group: "global" is "worldwide"), and "ranking" for a regional ranking
    ("national rankings", "world No. 5 in Monday's rankings")."""
    key = set()
    regions = ew.groups("rank_regions")
    for word in re.findall(r"[A-Za-z][\w’'+-]*|\d+", context):
        base = re.sub(r"[’']s?$", "", word)
        low = base.lower()
        if not low or low in _KEY_STOP or low in not_names or (
                low.startswith(("best-", "top-", "most-", "biggest-")) and low != "top-sellers"):
            continue
        if low in regions:
            key.add(regions[low])
        elif base[0].isupper() or "-" in base or (base.isdigit() and "Hot" in context):
            key.add(low)
    if "No" in key:
        key.discard("no")
    if key & set(regions.values()) and _RANKING_WORD.search(context):
        key.add("ranking")
    return frozenset(key - {"no", "number"})
