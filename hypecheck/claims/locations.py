"""Where a thing is, rather than where an event happens: an organisation's head office
("the Leeds-headquartered maker", "its Sheffield head office") and the district a place to
stay or eat is in ("tucked into the lanes of the Alfama district", "from its perch high in
Bairro Alto"). The words are lexicons (rules/lexicons.yaml); the grammar that binds the place
to the thing is here. A thing is in one place of each level: two head offices of the text's
subject, or two districts of it, cannot both be true, unless one is inside the other
("Alfama, in Lisbon"), the text moves it ("relocated", "its new head office") or the place
belongs to someone else ("rival Signalco's Sheffield head office")."""

from __future__ import annotations

import re
from functools import lru_cache

from ..rules.lexicons import words
from .events import NAME, _claim, _trim_name, moved
from .model import Claim, Conflict
from .numbers import alternation
from .page import Page, any_of_words


@lru_cache(maxsize=1)
def _patterns() -> tuple[re.Pattern, re.Pattern, re.Pattern]:
    offices, verbs = alternation(words("headquarters_words")), alternation(words("headquartered_words"))
    owners, regional = alternation(words("subject_possessives")), alternation(words("regional_office_words"))
    districts, name_words = alternation(words("district_words")), alternation(words("district_name_words"))
    office = re.compile(
        rf"(?P<own>\b(?i:{owners})\s+)?(?P<a>{NAME})-(?:{verbs})\b"  # "the Leeds-headquartered maker"
        rf"|\b(?:{verbs})\s+in\s+(?P<b>{NAME})"  # "headquartered in Leeds"
        rf"|(?P<own2>\b(?i:{owners})\s+)(?:(?P<c>{NAME})\s+(?:{offices})\b(?!\s+(?:in|at|on)\s+[A-Z])"  # "its Sheffield head office"
        rf"|(?:{offices})\s+in\s+(?P<d>{NAME}))",  # "its head office in Sheffield"
    )
    district = re.compile(
        rf"\b(?:the\s+)?(?P<a>{NAME})\s+(?:{districts})\b"  # "the Alfama district"
        rf"|\b(?P<b>(?:{name_words})\s+{NAME})"  # "Bairro Alto"
    )
    several = re.compile(rf"\b(?:{regional})\s+(?:{offices})")  # "its European headquarters": one of several
    return office, district, several


@lru_cache(maxsize=1)
def _mentioned() -> re.Pattern:
    """Any head office or district word: the cheap test before the patterns."""
    every = words("headquarters_words") | words("headquartered_words") | words("district_words") | words("district_name_words")
    return re.compile(rf"\b(?:{alternation(every)})", re.IGNORECASE)


@lru_cache(maxsize=1)
def _bound_before() -> re.Pattern:
    """A district bound to the thing: a located cue or "its" and a location noun, a few words before."""
    cues, nouns = alternation(words("located_cues")), alternation(words("location_nouns"))
    owners = alternation(words("subject_possessives"))
    return re.compile(rf"(?:\b(?:{cues})|\b(?:{owners})\s+(?:{nouns}))\b(?:\s+[\w’'-]+){{0,7}}?\s*$", re.IGNORECASE)


def locations(page: Page):
    text = page.text
    if not _mentioned().search(text):
        return  # most texts name neither
    office, district, several = _patterns()
    regional, address = words("regional_office_words"), words("address_words")
    for m in office.finditer(text) if not several.search(text) else ():
        group = next(g for g in "abcd" if m.group(g))
        name = _trim_name(m.group(group))
        if not name or name.split()[0] in ("The", "A", "An", "Its") or (regional | address).intersection(name.split()):
            continue  # "the US-headquartered unit", "its Kendall Square headquarters": not a town of the one head office
        s0, s1 = page.sentence(m.start())
        if any_of_words("other_company_words").search(text, s0, s1):
            continue  # "rival Signalco's Sheffield head office"
        owner = "it" if (m.group("own") or m.group("own2")) or page.paragraph(m.start()) <= 1 else _owner(text, m.start(), page)
        yield _located(page, m.start(group), name, "headquarters", owner)
    for m in district.finditer(text):
        group = "a" if m.group("a") else "b"
        name = _trim_name(m.group(group))
        s0, _ = page.sentence(m.start(group))
        if not name or name.split()[0] in ("The", "A", "An") or not _bound_before().search(text, max(s0, m.start() - 70), m.start()):
            continue
        yield _located(page, m.start(group), name, "district", "it")


def _owner(text: str, start: int, page: Page) -> str:
    """The name that owns a head office outside the lead: "Signalco, headquartered in Leeds"."""
    s0, _ = page.sentence(start)
    names = re.findall(r"(?<!^)\b[A-Z][\w-]+", text[s0:start])
    return names[-1].lower() if names else "it"


def _located(page: Page, start: int, name: str, level: str, owner: str) -> Claim:
    s0, s1 = page.sentence(start)
    return _claim(page, "place", start, start + len(name), name, topic=frozenset({level}),
                  change=moved(page.text, s0, s1, occasions=False), detail={"located": level, "owner": owner})


def conflicts(claims: list[Claim], page: Page, message) -> list[Conflict]:
    """Two places of one level for one owner: the first one against each later one."""
    out = []
    for level in ("headquarters", "district"):
        items = [c for c in claims if c.detail.get("located") == level and not c.quoted]
        if any(c.change for c in items) or (level == "district" and len({c.value for c in items}) != 2):
            continue  # a move explains the other place; a guide of several districts speaks of several things
        for i, b in enumerate(items):
            a = next((a for a in items[:i] if a.detail["owner"] == b.detail["owner"]), None)
            if a is None or a.value.lower() in b.value.lower() or b.value.lower() in a.value.lower():
                continue
            if page.sentence(a.start) == page.sentence(b.start) or nested(page.text, a.value, b.value):
                continue
            out.append(Conflict("place", b, a, message(a, b, "head office" if level == "headquarters" else "address")))
            break
    return out


def nested(text: str, x: str, y: str) -> bool:
    """The text puts one place inside the other: "Alfama, in Lisbon", "Lisbon's Alfama"."""
    for inner, outer in ((x, y), (y, x)):
        i, o = re.escape(inner), re.escape(outer)
        if re.search(rf"\b{i}\b(?:\s+(?:district|quarter|area))?(?:,|\s+(?:in|near|outside|of))\s+(?:the\s+)?(?:\w+\s+)?{o}\b"
                     rf"|\b{o}[’']s\s+(?:\w+\s+)?{i}\b", text):
            return True
    return False
