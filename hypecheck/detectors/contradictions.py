"""Places where a text disagrees with itself.

Three checks, each narrow on purpose (a false contradiction costs more trust than a
missed one):
- platform: a ranking or availability claim ties the subject to one platform while the
  rest of the text keeps placing it on another;
- figures: the same count of the same thing ('10-episode series', 'all 8 episodes') or
  the same named score ('100% on Rotten Tomatoes') given different values;
- quotes: a quote attributed to X in which the speaker names X in the third person.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from functools import lru_cache

from ..findings import Span
from ..rules.lexicons import words as lexicon_words
from .base import Hit, text_of
from .context import open_quote

# --- platform mismatch ------------------------------------------------------------------


@lru_cache(maxsize=8)
def _gazetteer(platforms: tuple[tuple[str, tuple[str, ...]], ...]):
    """One regex for every name of every platform (longest first), and name -> platform."""
    surface = sorted(
        ((form, canonical) for canonical, forms in platforms for form in (canonical, *forms)),
        key=lambda p: -len(p[0]),
    )
    # One lookbehind for the whole alternation: positions inside words fail at once
    # instead of being tried against every name (40x faster on a long article).
    pattern = re.compile(r"(?<!\w)(?:" + "|".join(re.escape(form) for form, _ in surface) + r")(?![\w+])")
    return pattern, dict(surface)


def _platform_mentions(text: str, rule):
    """(start, end, platform) of every platform the text names."""
    platforms = tuple((name, tuple(forms)) for name, forms in rule.params["platforms"].items())
    pattern, lookup = _gazetteer(platforms)
    return [(m.start(), m.end(), lookup[m.group()]) for m in pattern.finditer(text)]


_CLAIM_BEFORE = re.compile(
    r"(?:#\s?1|No\.\s?1|number\s+one|top\s+(?:\d+|ten|spot)|most[- ]watched|most[- ]streamed|"
    r"biggest\s+\w+|chart|ranked|exclusively|only)\b[^.!?\n]{0,60}?\b(?:on|at)\s+$",
    re.IGNORECASE,
)
_EXCLUSIVE = re.compile(r"\b(?:exclusive(?:ly)?|only)\b", re.IGNORECASE)
_HOME_BEFORE = re.compile(
    r"(?:stream(?:s|ing)?|available|watch|binge[\w\s]{0,30}?|airs|premieres?d?|exclusive(?:ly)?|"
    r"play(?:able)?|download|grab)\s+(?:\w+\s+){0,2}(?:on|at|to)\s+$",
    re.IGNORECASE,
)


def platform_mismatch(doc, rule, ctx):
    """A rank or availability claim on platform A while the text places the subject on B.

    B is the platform the text names in an availability phrase ("streaming now on Hulu",
    "available on Prime Video"); failing that, the platform it names most often, at
    least twice and more often than A.
    """
    mentions = _platform_mentions(text_of(doc), rule)
    counts = Counter(canonical for _, _, canonical in mentions)
    if len(counts) < 2:
        return
    text = text_of(doc)
    available = Counter(c for s, e, c in mentions if _HOME_BEFORE.search(text[max(0, s - 60) : s]))
    for start, end, canonical in mentions:
        line_start = max(text.rfind("\n", 0, start), text.rfind(".", 0, start - 4)) + 1
        before = text[max(line_start, start - 80) : start]
        claim = _CLAIM_BEFORE.search(before)
        if not claim:
            continue
        exclusive = bool(_EXCLUSIVE.search(claim.group(0)))
        others = [(name, n) for name, n in available.items() if name != canonical]
        if available[canonical] and not (exclusive and others):
            continue
        if others:
            home, home_count = max(others, key=lambda p: (p[1], counts[p[0]]))
            home_count = counts[home]
        else:
            home, home_count = max(((n, c) for n, c in counts.items() if n != canonical), key=lambda p: p[1])
            if home_count < 2 or home_count <= counts[canonical]:
                continue
        claim_start = max(line_start, start - 80) + claim.start()
        claim_end = end
        tail = re.match(r"\s+right now", text[end:])
        if tail:
            claim_end += tail.end()
        related = _home_evidence(text, mentions, home, claim_start)
        line = text.count("\n", 0, related[0]) + 1
        mentioned = f"{home_count} mention{'s' if home_count > 1 else ''}"
        yield Hit(
            claim_start,
            claim_end,
            message=(
                f"This claim ties the subject to {canonical}, but the text itself places it "
                f"on {home} ({mentioned}; see line {line})"
            ),
            related=Span(related[0], related[1], text[related[0] : related[1]]),
        )


def _home_evidence(text, mentions, home, claim_start):
    """The mention of the home platform that best shows where the subject really is."""
    candidates = [(s, e) for s, e, c in mentions if c == home]
    for s, e in candidates:
        if _HOME_BEFORE.search(text[max(0, s - 60) : s]):
            return s, e
    after = [(s, e) for s, e in candidates if s > claim_start]
    return (after or candidates)[0]


# --- figure mismatch --------------------------------------------------------------------

_WORD_NUMBERS = {
    w: i
    for i, w in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve thirteen "
        "fourteen fifteen sixteen seventeen eighteen nineteen twenty".split()
    )
} | {w: 10 * i for i, w in enumerate("thirty forty fifty sixty seventy eighty ninety".split(), start=3)}
_NUM = r"(\d{1,4}|" + "|".join(_WORD_NUMBERS) + r")"
# "all 8 episodes" before "8 episodes", so the longer phrase wins where both match.
# Only totals count: "a 10-episode series", "all 8 episodes". A bare "two episodes" is
# usually a part ("the final two episodes dragged"), not the whole.
_COUNTS = [
    re.compile(rf"\ball\s+{_NUM}\s+(episode|season|part|chapter|track|song)s\b", re.IGNORECASE),
    re.compile(rf"\b{_NUM}-(episode|season|part|chapter|track|song)\b", re.IGNORECASE),
]
# A range stated twice: "90 miles on a single charge" ... "up to 55 miles per charge".
# (Not miles per gallon or per day: those differ by conditions, city and highway.)
_RANGE = re.compile(
    rf"\b(?:up\s+to\s+)?{_NUM}\s+(miles?|km|kilometres?|kilometers?|hours?)\s+"
    r"(?:(?:per|a|an)\s+|on\s+(?:a|one)\s+(?:single\s+|full\s+)?|on\s+(?:a\s+)?full\s+)(charge|tank|battery)\b",
    re.IGNORECASE,
)
_RANGE_UNITS = {"mile": "miles", "miles": "miles", "hour": "hours", "hours": "hours"}
_PERCENT = re.compile(r"(?<![\d–-])(\d{1,3})%")
_NAME_AFTER = re.compile(r"^\s+(?:on\s+)?((?:[A-Z][\w]*\s?){1,3}?)\s*(?:score|rating)\b|^\s+on\s+((?:[A-Z][\w]*\s?){1,3})")
_NAME_BEFORE = re.compile(r"((?:[A-Z][\w]*\s){1,3})(?:score\s+)?(?:at|of)\s+$")


def _named_scores(text: str):
    """(name, value, start, end) for '100% on Rotten Tomatoes', 'Metacritic score of 92%'.

    A name followed by a possessive names a different, narrower score ("Rotten Tomatoes'
    Popcornmeter" is the audience score), so it is left out.
    """
    determiners = lexicon_words("score_name_determiners")  # "The", "Its": not part of a name
    for m in _PERCENT.finditer(text):
        after = _NAME_AFTER.match(text[m.end() : m.end() + 60])
        if after:
            name = after.group(1) or after.group(2)
            end = m.end() + after.end()
            start = m.start()
        else:
            before = _NAME_BEFORE.search(text[max(0, m.start() - 60) : m.start()])
            if not before:
                continue
            name = before.group(1)
            start, end = m.start() - len(before.group(0)) + before.start(1) - before.start(0), m.end()
        words = name.split()
        while words and words[0] in determiners:
            words.pop(0)
        if not words or text[m.end():].lstrip().startswith(("’", "'")):
            continue
        following = text[m.end() + (after.end() if after else 0) :][:2]
        if after and following.startswith(("’", "'")):
            continue
        yield " ".join(words), int(m.group(1)), start, end


# "a six-part series" counts episodes
_SAME_UNIT = {"song": "track", "part": "episode"}


def _value(token: str) -> int:
    return int(token) if token.isdigit() else _WORD_NUMBERS[token.lower()]


def figure_mismatch(doc, rule, ctx):
    text = text_of(doc)
    facts = defaultdict(list)  # metric -> [(value, start, end)]
    taken: list[tuple[int, int]] = []
    for pattern in _COUNTS:
        for m in pattern.finditer(text):
            if any(s < m.end() and m.start() < e for s, e in taken):
                continue
            taken.append((m.start(), m.end()))
            unit = _SAME_UNIT.get(m.group(2).lower(), m.group(2).lower())
            facts[unit].append((_value(m.group(1)), m.start(), m.end()))
    ceilings = {}
    for m in _RANGE.finditer(text):
        unit = _RANGE_UNITS.get(m.group(2).lower(), "km")
        facts[f"{unit} per {m.group(3).lower()}"].append((_value(m.group(1)), m.start(), m.end()))
        if m.group(0).lower().startswith("up"):
            ceilings[m.start()] = _value(m.group(1))
    for values in facts.values():
        values.sort(key=lambda v: v[1])
    for name, value, start, end in _named_scores(text):
        facts[f"{name} score"].append((value, start, end))
    for metric, values in facts.items():
        first_value, first_start, first_end = values[0]
        for value, start, end in values[1:]:
            ceiling = ceilings.get(first_start) or ceilings.get(start)
            if ceiling and 0.6 * ceiling <= min(value, first_value) and max(value, first_value) <= ceiling:
                continue  # "up to 55 miles" and "averaged 52 miles": the ceiling and a real ride
            if value != first_value:
                line = text.count("\n", 0, first_start) + 1
                yield Hit(
                    start,
                    end,
                    message=_mismatch_message(metric, value, first_value, line),
                    related=Span(first_start, first_end, text[first_start:first_end]),
                )
                break


def _mismatch_message(metric: str, value: int, first_value: int, line: int) -> str:
    if metric.endswith("score"):
        return f"Gives the {metric} as {value}%, but line {line} gives {first_value}%"
    if " per " in metric:  # a range: "miles per charge"
        return f"Says {value} {metric}, but line {line} says {first_value}"
    return f"Says {value} for the {metric} count, but line {line} says {first_value}"


# --- quote attributed to someone who names themselves in the third person ---------------

# A straight-quoted passage stays within its paragraph: an unpaired mark would otherwise
# pair every quotation after it the wrong way round.
_QUOTE = re.compile(r"“([^”]{12,600})”|\"([^\"\n]{12,600})\"")
_SAID = r"(?:noted|said|says|told|added|explained|recalled|wrote|admitted|insisted|remarked|called)"
_ATTRIBUTION_BEFORE = re.compile(
    rf"((?:[A-Z][\w.’'-]*\s){{0,3}}[A-Z][\w.’'-]*),?\s+(?:who\s+)?(?:(?:herself|himself|themself|themselves)\s+)?"
    rf"{_SAID}(?:\s+(?:it|the\s+\w+|this|that))?\s*[,:.]?\s*$"
)
# A quote that goes on after its attribution: '"...," said Leon Whitaker, chief executive. "When..."'
_CONTINUED = re.compile(
    rf"[”\"][ \t]*,?[ \t]*{_SAID}\s+(?:[a-z]+\s){{0,2}}((?:[A-Z][\w’'-]*\s?){{1,3}})(?:,[^.\"“”\n]{{0,80}})?\.\s*$"
)
_ATTRIBUTION_AFTER = re.compile(
    rf"^[ \t]*[,.]?[ \t]*(?:{_SAID}\s+(?:[a-z]+\s){{0,2}}((?:[A-Z][\w.’'-]*\s?){{1,4}})"
    rf"|(?:[\w’'-]+\s){{0,4}}?((?:[A-Z][\w.’'-]*\s){{1,4}}){_SAID})"
)


def quote_self_reference(doc, rule, ctx):
    text = text_of(doc)
    for m in _QUOTE.finditer(text):
        speaker = _speaker_of(text, m)
        if speaker is None:
            continue
        name, name_start = speaker
        inner = m.group(1) or m.group(2)
        for part in _full_name(text, name).split()[-2:]:  # "University President Robert Brown": his names
            if len(part) < 3 or not part[0].isupper():
                continue
            # a name inside a quotation within the quote is others speaking to or of the
            # speaker ("people still come up to me and say, 'Rocha! I saw you play'")
            third = next((t for t in re.finditer(rf"\b{re.escape(part)}\b(?!\s*[,:]?\s*(?:you|I)\b[^.]*\?)", inner)
                          if open_quote(inner[: t.start()]) is None), None)
            if third and not re.search(r"\b(?:my name is|I am|I'm|I’m)\s+" + re.escape(part), inner):
                yield Hit(
                    m.start(),
                    m.end(),
                    message=(
                        f"This quote is attributed to {name}, yet the speaker talks about "
                        f"\"{part}\" in the third person: the quote is probably someone else's"
                    ),
                    related=Span(name_start, name_start + len(name), name),
                )
                break


def _full_name(text: str, name: str) -> str:
    """A speaker named by surname alone ("Ferreira says") is also their first name, when the
    text names exactly one person with that surname ("Dana Ferreira")."""
    if " " in name.strip() or len(name) < 3:
        return name
    firsts = set(re.findall(rf"\b([A-Z][a-z]+)\s+{re.escape(name.strip())}\b", text))
    firsts -= {"Mr", "Mrs", "Ms", "Dr", "Miss", "Professor", "President", "Chief", "Director", "Says", "Said", "The"}
    return f"{firsts.pop()} {name}" if len(firsts) == 1 else name


# --- the same quote given to two different people ----------------------------------------

_LINE_OF = re.compile(r"((?:[A-Z][\w.’'-]*\s){0,3}[A-Z][\w.’'-]*)(?:[’']s?)\s+(?:line|words|quote|remark|comment)\s*,?\s*$")


def _speaker_of(text: str, m) -> tuple[str, int] | None:
    before = text[max(0, m.start() - 80) : m.start()]
    after = text[m.end() : m.end() + 60]
    for pattern in (_CONTINUED, _ATTRIBUTION_BEFORE, _LINE_OF):
        b = pattern.search(before)
        if b:
            name = re.sub(r"^(?:As|And|But|Then|That|This)\s+", "", b.group(1))
            start = m.start() - len(before) + b.start(1) + b.group(1).index(name)
            return name, start
    a = _ATTRIBUTION_AFTER.match(after)
    if a:
        name = _name_only((a.group(1) or a.group(2)).strip())
        return name, m.end() + (a.start(1) if a.group(1) else a.start(2))
    return None


def _name_only(name: str) -> str:
    """'Dr Hannah Ostrowski. The' -> 'Dr Hannah Ostrowski': a name ends at a full stop after
    a word longer than an initial or a title."""
    kept = []
    for word in name.split():
        kept.append(word)
        if word.endswith(".") and len(word.rstrip(".")) > 3:
            break
    return " ".join(kept).rstrip(".,")


def _last_name(name: str) -> str:
    return name.split()[-1].strip(".,’'").lower()


def quote_two_speakers(doc, rule, ctx):
    text = text_of(doc)
    seen: dict[str, tuple[str, int, int]] = {}
    for m in _QUOTE.finditer(text):
        inner = re.sub(r"\W+", " ", (m.group(1) or m.group(2)).lower()).strip()
        if len(inner.split()) < 4:
            continue
        speaker = _speaker_of(text, m)
        if speaker is None:
            continue
        name, name_start = speaker
        # One quote may be trimmed where the other is whole ("This is the worst..." / "the worst...").
        same = next((q for q in seen if len(min(q, inner, key=len).split()) >= 6 and (q in inner or inner in q)), inner)
        if same in seen and _last_name(seen[same][0]) != _last_name(name):
            first_name, first_start, _ = seen[same]
            line = text.count("\n", 0, first_start) + 1
            yield Hit(  # the quote and the name it is given to here
                min(m.start(), name_start),
                max(m.end(), name_start + len(name)),
                message=(
                    f"The same quote is given to {name} here and to {first_name} on line {line}: "
                    "at most one of them said it"
                ),
                related=Span(first_start, first_start + len(first_name), first_name),
            )
        else:
            seen.setdefault(inner, (name, name_start, m.start()))


# --- a vote reported both as split and as unanimous ---------------------------------------

_SPLIT_VOTE = re.compile(
    r"\b(\d{1,3})\s*[-–]\s*(\d{1,3})\s+vote\b"
    r"|\b(?:voted|passed|approved|adopted|rejected|defeated|failed)\s+(\d{1,3})\s*[-–]\s*(\d{1,3})\b"
)
_UNANIMOUS = re.compile(r"\bunanimous(?=\s+(?:vote|decision|approval))|(?<=voted\s)unanimously\b", re.IGNORECASE)


def vote_mismatch(doc, rule, ctx):
    text = text_of(doc)
    splits = [m for m in _SPLIT_VOTE.finditer(text) if min(int(g) for g in m.groups() if g) > 0]
    if not splits:
        return
    first = splits[0]
    for m in _UNANIMOUS.finditer(text):
        line = text.count("\n", 0, first.start()) + 1
        yield Hit(
            m.start(),
            m.end(),
            message=f"Calls the vote unanimous, but line {line} reports a split vote ({first.group(0)})",
            related=Span(first.start(), first.end(), first.group(0)),
        )
