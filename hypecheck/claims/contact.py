"""Contact with a speaker, found by pattern: a person talks to the writer or to an outlet
("Voss told us", "said in an interview with this paper", "told ABC News") or refuses to
("declined to speak to us for this article", "did not respond to requests for comment",
"could not be reached", "has never spoken to this publication").

A refusal is a head of a small closed class ("declined to", "did not", "has never"), at most
one adverb, then an act ("comment", "be reached") or an act with what is refused after it
("respond to requests", "speak to us"), or a head that takes the request itself ("declined
an interview"). Every word of it is a lexicon (rules/lexicons.yaml); the person is matched
by name. A contact and a refusal of the same person contradict each other unless the
refusal is of one point only ("declined to comment further", "on the allegations"), the
contact was before this piece ("told us in 2019") and the refusal is not a "never", or they
name different addressees ("told Reuters" / "did not respond to us").
"""

from __future__ import annotations

import re
from functools import lru_cache

from ..rules.lexicons import words
from .context import YEAR
from .model import Claim, Conflict
from .numbers import LazyPatterns, alternation
from .page import Page, any_of_words
from .platforms import NAME

PERSON = r"[A-Z][\w’'-]+(?:\s[A-Z][\w’'-]+){0,2}"



@lru_cache(maxsize=1)
def _patterns() -> LazyPatterns:
    contact, writer = alternation(words("contact_verbs")), alternation(words("writer_addressees"))
    heads, noun_heads = alternation(words("refusal_heads")), alternation(words("refusal_noun_heads"))
    acts, acts_to = alternation(words("refusal_acts")), alternation(words("refusal_acts_to"))
    objects, adverb = alternation(words("refusal_objects")), alternation(words("refusal_adverbs"))
    determiner = rf"(?:{alternation(words('refusal_determiners'))}|{PERSON}['’]s?)"  # "ABC News' request"
    refused = rf"(?:\s+{determiner}){{0,2}}\s+(?:{objects})(?![\w])"
    glue = alternation(words("subject_glue"))
    return LazyPatterns({  # the last four are compiled only once a contact or refusal is found
        "contact": (rf"(?<![\w])(?:{contact})\s+(?:(?P<us>{writer})(?![\w])|(?P<outlet>{NAME}))", 0),
        "refusal": (
            rf"(?<![\w])(?P<head>{heads})(?:\s+(?:{adverb}))?\s+"
            rf"(?:(?:{acts})(?![\w])|(?:{acts_to})(?:\s+(?:to|with))?{refused})"
            rf"|(?<![\w])(?P<noun_head>{noun_heads}){refused}", 0
        ),
        "subject": (rf"(?P<name>{PERSON})(?:,[^,.]{{0,80}},?)?(?:\s+[a-z][a-z0-9 ,'’-]{{0,80}}?\s+(?:and|but))?"
                    rf"(?:\s+(?:{glue}))*\s*$", 0),
        "said": (rf"\b(?:said|says)\s+(?P<name>{PERSON})(?:,[^,.]{{0,80}},?)?\s*$", 0),
        "outlet_after": (rf"^(?:\s+[\w’']+){{0,4}}?\s+(?:to|with|from)\s+(?P<outlet>{NAME})", 0),
        "outlet_in": (rf"(?P<outlet>{NAME})['’]s?\s+\w+", 0),
    })


def _subject(page: Page, start: int) -> str | None:
    """The person a contact or refusal at ``start`` is about: the name that is its subject
    ("The owner, Graham Pike, told us", "Blake herself did not respond", "said Jones in an
    interview with us"), not one a spokesperson or lawyer speaks for."""
    text = page.text
    s0, _ = page.sentence(start)
    before = text[max(s0, start - 160) : start]
    pats = _patterns()
    m = pats["subject"].search(before) or pats["said"].search(before)
    if not m:
        return None
    name = re.sub(r"[’']s?$", "", m.group("name"))
    previous = re.search(r"([\w’']+)\s+$", before[: m.start("name")])
    if name.split()[0].lower() in words("not_person_words") or (previous and previous.group(1).lower() in words("proxy_words")):
        return None
    if name.split()[-1].lower() in words("not_platforms"):
        return None  # "Saturday told us"
    if page.tagged:
        # "As Hetherington explained to me" names Hetherington; "Please tell us", "Something tells
        # me" name nobody. The small tagger often misreads a surname that begins a sentence
        # ("Pike did not respond": INTJ), so a surname it reads as a proper noun elsewhere in
        # the text ("Graham Pike told us") is one too.
        at = max(s0, start - 160) + m.start("name")
        tags = [t.pos_ for t in page.tokens_after(at, len(name.split()))]
        while len(tags) > 1 and tags[0] != "PROPN":
            tags.pop(0)
            name = name.partition(" ")[2]
        last = name.split()[-1]
        if tags[-1:] != ["PROPN"] and last not in page.proper_nouns:
            return None
    return name


def contacts(page: Page):
    """Contacts ("spoke to the writer", "spoke to <outlet>") and refusals ("never reached")."""
    text = page.text
    pats = _patterns()
    writer = any_of_words("writer_addressees")
    past = any_of_words("contact_past_markers")
    for m in pats["contact"].finditer(text):
        name = _subject(page, m.start())
        if not name:
            continue
        c0, c1 = page.clause(m.start(), m.end())
        window = text[c0 : min(c1 + 40, page.sentence(m.start())[1])]
        outlet = m.group("outlet")
        addressee = "writer" if m.group("us") else outlet.lower()
        yield _claim(page, m, name, "spoke to the writer" if m.group("us") else f"spoke to {outlet}",
                     addressee=addressee, past=bool(past.search(window) or YEAR.search(window)))
    for m in pats["refusal"].finditer(text):
        head = (m.group("head") or m.group("noun_head") or "").lower()
        to_writer = bool(writer.search(m.group(0)))
        never = "never" in head
        name = _subject(page, m.start())
        s0, s1 = page.sentence(m.start())
        if name is None and (never or to_writer) and re.search(r"\b(?:[Ss]he|[Hh]e|[Tt]hey)\s+(?:\w+\s+)?$", text[s0 : m.start()]):
            name = _last_named(text, s0)  # "she has never spoken to this publication"
        if not name:
            continue
        rest = text[m.end() : s1]
        outlet = pats["outlet_in"].search(m.group(0)) if not to_writer else None
        after = pats["outlet_after"].match(rest) if not to_writer else None
        addressee = "writer" if to_writer else (after or outlet).group("outlet").lower() if (after or outlet) else None
        c0, c1 = page.clause(m.start(), m.end())
        scoped = _scoped(rest) or bool(any_of_words("refusal_time_markers").search(text, c0, max(c1, m.end())))
        yield _claim(page, m, name, "never reached", addressee=addressee, never=never, scoped=scoped)


def _claim(page: Page, m: re.Match, name: str, unit: str, **detail) -> Claim:
    start, end = m.start(), m.end()
    return Claim(kind="contact", start=start, end=end, text=page.text[start:end], value=name, unit=unit,
                 topic=frozenset({name.split()[-1]}), quoted=page.quoted(start, end), line=page.line(start),
                 detail=detail)


def _scoped(rest: str) -> bool:
    """The refusal is of one point only: "declined to comment further", "did not respond to
    requests for comment on the lawsuit" (not "for this article" or "on this story")."""
    rest = re.sub(r"^\s*(?:for\s+(?:comment|an\s+interview|interviews?)|by\s+(?:publication|press)\s+time)", "", rest)
    scopes = alternation(words("refusal_scopes"))
    return bool(re.match(rf"\s*(?:{scopes})\b(?!\s+(?:this|the)\s+(?:story|article|piece|feature|profile)\b)", rest, re.I))


def _last_named(text: str, before: int) -> str | None:
    """The person a "she"/"he" at the start of a sentence's clause most likely is: the
    surname the previous sentence names with a possessive or as its subject ("Quinn's
    break began abruptly")."""
    previous = text[max(0, before - 300) : before]
    found = re.findall(r"(?:^|[.!?]\s+|\n)([A-Z][a-z]+)(?:[’']s\b|\s+(?:has|had|was|is|said|says|told)\b)", previous)
    return found[-1] if found else None


def _same_person(a: Claim, b: Claim) -> bool:
    x, y = a.value.split(), b.value.split()
    if x[-1] != y[-1]:
        return False
    titles = words("person_titles")
    if len(x) == 1 or len(y) == 1 or x[-2].lower().rstrip(".") in titles or y[-2].lower().rstrip(".") in titles:
        return True
    return x[-2] == y[-2]  # "Zara Whitcombe" is not "Freddie Whitcombe"


def conflicts(claims: list[Claim], page: Page) -> list[Conflict]:
    """The first refusal or contact that contradicts an earlier statement about the same
    person, against the nearest one."""
    items = [c for c in claims if c.kind == "contact" and not c.quoted]
    for i, b in enumerate(items):
        for a in reversed(items[:i]):
            if a.unit.startswith("spoke") == b.unit.startswith("spoke") or not _same_person(a, b):
                continue
            spoke, never = (a, b) if a.unit.startswith("spoke") else (b, a)
            if never.detail["scoped"] or page.sentence(a.start) == page.sentence(b.start):
                continue
            if spoke.detail["past"] and not never.detail["never"]:
                continue  # "told us in 2019" and "did not respond" this time
            if spoke.detail["addressee"] != (never.detail["addressee"] or "writer"):
                continue  # "told Reuters" and "did not respond" to the writer
            to = "the writer" if spoke.detail["addressee"] == "writer" else spoke.unit.removeprefix("spoke to ")
            message = (f"Line {spoke.line} quotes {spoke.value} speaking to {to} ({spoke.text}), but line "
                       f"{never.line} says they were never reached ({never.text})")
            return [Conflict("contact", b, a, message)]
    return []
