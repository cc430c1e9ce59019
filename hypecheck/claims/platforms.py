"""Exclusivity and availability, found by pattern rather than by list.

An exclusive names a platform X: "a Switch exclusive", "streaming exclusively on Corvid+",
"only on X", "(iPhone only)", "PS5-only". An availability claim names a platform Y: an
availability verb ("available", "out now", "streaming", "download", "play"...) and within a
few words "on", "for" or "from" and Y, or "Netflix subscribers can catch it now". X and Y
are any capitalised names (or a lower-case name of a platform family: "in cinemas"); the
families of rules/lexicons.yaml only group the names of one platform ("PS5",
"PlayStation 5"). The words are lexicons; this module holds the grammar.

Two such claims contradict each other when the same product is exclusive to X and, in
another sentence, available now on a Y outside X's family. Precision first: an exclusive
that ended or is someone else's claim, a release to come or one that was, another product
(a sequel, a demo, another title), another region, a negation or a quotation are not
compared.
"""

from __future__ import annotations

import re
from functools import lru_cache

from ..rules.lexicons import lexicons, words
from .context import YEAR
from .model import Claim, Conflict
from .numbers import LazyPatterns, alternation, table
from .page import Page, any_of_words

# A word of a name: "PlayStation", "X|S", "Corvid+", "iPhone", "Vale.fm"; never a final full
# stop, so that a name ends with its sentence ("on Xbox Series X. Coming").
_CHARS = r"[\w’'+|-]*(?:\.[\w’'+|-]+)*"
_FIRST = rf"(?:[A-Z]{_CHARS}|[a-z]{{1,3}}[A-Z]{_CHARS})"
_MORE = rf"(?:[A-Z0-9]{_CHARS}|[a-z]{{1,3}}[A-Z]{_CHARS})"
NAME = rf"{_FIRST}(?: {_MORE})*"
_JOIN = r"(?:,\s(?:and\s|or\s)?|\s(?:and|or|&)\s)(?:the\s)?"
_NEGATED = re.compile(r"(?:\b(?:not|never|nor|no longer|without|non)\b|n['’]t\b)[^,;:.!?]{0,40}$", re.I)
# Between an availability verb and its platform: the platform is not the verb's ("exclusively
# on", "only on" make an exclusive; "that", "which", "but" start another clause).
_GAP_STOP = re.compile(r"(?i)\bexclusive|\b(?:only|that|which|who|where|when|because|if|after|before|while|but)\b")
_NOT_NAME_TAGS = frozenset("VERB AUX ADV ADP DET PRON SCONJ CCONJ PART INTJ".split())
_TITLE = re.compile(r"“([A-Z][^”\n]{1,60})”|\"([A-Z][^\"\n]{1,60})\"|(?<![\w’'])['‘]([A-Z][^'’\n]{1,60})['’](?![\w])")


@lru_cache(maxsize=1)
def _calendar() -> frozenset[str]:
    """Months, weekdays and seasons (claims/quantities.yaml): capitalised, but never a platform."""
    t = table()
    return frozenset(t["months"]) | frozenset(t["weekdays"]) | frozenset(t["seasons"])


@lru_cache(maxsize=1)
def platform_family() -> dict[str, str]:
    """Every known name of a platform, in lower case -> its family ("ps5" -> "PlayStation")."""
    out = {}
    for family, forms in lexicons()["platform_families"].items():
        for form in (family, *forms):
            out[form.lower()] = family
    return out


@lru_cache(maxsize=1)
def _platform() -> str:
    """A platform: a capitalised name, or a lower-case name of a family ("cinemas")."""
    forms = [form for family, names in lexicons()["platform_families"].items() for form in (family, *names)]
    lower = sorted({f for f in forms if not re.fullmatch(NAME, f)}, key=len, reverse=True)
    return rf"(?:{NAME}|\b(?:{'|'.join(re.escape(f) for f in lower)})\b)"


@lru_cache(maxsize=1)
def _patterns() -> LazyPatterns:
    p = _platform()
    names = rf"(?:the\s)?{p}(?:{_JOIN}{p})*"
    verbs = alternation(words("availability_verbs"))
    audience = "|".join(sorted(words("platform_audiences")))
    return LazyPatterns({  # the exclusives' four are compiled only for a text that needs them
        "after": (rf"\b(?i:exclusive(?:ly)?)\s+(?:(?i:available)\s+)?(?P<prep>on|to|for|via|through|in)\s+(?P<x>{names})", 0),
        "before": (rf"(?<![\w’'+|.-])(?P<x>{p})[- ](?i:exclusive|exclusives|exclusivity)\b", 0),
        "only_after": (rf"\b(?i:only)\s+(?:available\s+)?(?P<prep>on|for|via|through|in)\s+(?P<x>{names})", 0),
        "only_before": (rf"(?<![\w’'+|.-])(?P<x>{p})(?:-(?i:only)\b| (?i:only)\b(?=\s*(?:[).,;:!?\n—–]|$|for\b|at\b|until\b|in\b)))", 0),
        # the words the patterns that begin with a name end on: searched first, the name then
        # only in the 80 characters before them (a name pattern tried at every capital is slow)
        "keyword": (rf"(?i)\bexclusiv|\bonly\b|\b(?:{audience})\b", 0),
        "verb": (rf"(?<![\w-])(?P<verb>{verbs})(?![\w-])", re.I),
        "prep": (rf"\s(?P<prep>on|for|from|via|through|in)\s+(?P<y>{names})", 0),
        "audience": (rf"(?<![\w’'+|.-])(?P<y>{p})\s+(?:{audience})\s+(?:can|may)\s+(?:now\s+|already\s+|also\s+)?(?P<verb>{verbs})\b", 0),
    })


def _matches(pats: dict[str, re.Pattern], key: str, text: str):
    """The matches of one pattern; those that begin with a name are looked for only around
    the keywords they end on."""
    if key not in ("before", "only_before", "audience"):
        yield from pats[key].finditer(text)
        return
    seen = set()
    for k in pats["keyword"].finditer(text):
        for m in pats[key].finditer(text, max(0, k.start() - 80), min(len(text), k.end() + 40)):
            if m.start() <= k.start() < m.end() and m.span() not in seen:
                seen.add(m.span())
                yield m


def _names(text: str) -> list[str]:
    """The platforms of a coordination ("PS5, Xbox Series X|S and PC"), each trimmed."""
    out = []
    for part in re.split(r",\s(?:and\s|or\s)?|\s(?:and|or|&)\s", text):
        part = re.sub(r"^the\s", "", part.strip()).rstrip(".,;:")
        if re.search(r"[’']s?$", part):
            continue  # "only through Vell's website": a name that qualifies a noun
        tokens = part.split()
        stop = words("not_platforms")
        # "Moss Is The Cosiest Switch": the name after the last word that is no platform's
        cut = max((i + 1 for i, t in enumerate(tokens) if t.lower() in stop), default=0)
        part = " ".join(tokens[cut:])
        if part and not part[0].isdigit():
            out.append(part)
    return out


@lru_cache(maxsize=4096)
def family(name: str) -> str:
    families = platform_family()
    return families.get(name.lower()) or next(
        (f for form, f in families.items() if re.search(rf"(?<![\w]){re.escape(form)}(?![\w])", name, re.I)), name.lower())


def _known(name: str) -> bool:
    return family(name) != name.lower()


def _function_word(page: Page, offset: int) -> bool:
    """The tagger reads the capitalised word at ``offset`` as no name ("Being", "Only")."""
    tokens = page.tokens_after(offset, 1)
    return bool(page.tagged and tokens and tokens[0].idx == offset and tokens[0].pos_ in _NOT_NAME_TAGS)


def _proper_noun(page: Page, offset: int, name: str) -> bool:
    """A name of at most two words the tagger reads as a proper noun ("Kestrel-only")."""
    tokens = page.tokens_after(offset, 1)
    return len(name.split()) <= 2 and (not page.tagged or bool(tokens) and tokens[0].pos_ == "PROPN")


def _claim(page: Page, kind: str, start: int, end: int, value: str, **fields) -> Claim:
    return Claim(kind=kind, start=start, end=end, text=page.text[start:end], value=value,
                 quoted=page.quoted(start, end), line=page.line(start), topic=frozenset({"platform"}), **fields)


def _window(page: Page, start: int, end: int) -> str:
    """The claim's clause and up to 60 characters of its sentence before it."""
    s0, _ = page.sentence(start)
    c0, c1 = page.clause(start, end)
    return page.text[max(s0, min(c0, start - 60)) : max(c1, end)]


def _about(page: Page, start: int, end: int, names: list[str]) -> dict:
    """What the claim's clause says about the product: its title, a region, another product."""
    s0, s1 = page.sentence(start)
    c0, c1 = page.clause(start, end)
    clause = page.text[c0:max(c1, end)]
    titles = {next(g for g in m.groups() if g).lower().rstrip(",.!?;: ") for m in _TITLE.finditer(page.text, s0, s1)}
    regions = {m.group(1).lower() for m in re.finditer(rf"\bin\s(?:the\s)?({NAME})", clause)
               if m.group(1) not in names and not _known(m.group(1)) and m.group(1).lower() not in _calendar()}
    lead = re.match(rf"\s*In\s(?:the\s)?({NAME}(?:{_JOIN}{NAME})*),", page.text[s0:s1])
    if lead:  # "In Canada and Australia, it is also on Netflix"
        regions |= {n.lower() for n in _names(lead.group(1))}
    if any_of_words("region_words").search(clause):
        regions.add("elsewhere")
    # another product is named before the claim in its sentence ("The studio's earlier game, Lantern Hollow, is out")
    inside = " ".join(names).lower()  # not the platform's own words ("Apple Podcasts")
    other = {w.lower() for w in any_of_words("other_product_words").findall(page.text, s0, max(c1, end))} - set(inside.split())
    return {"titles": titles, "regions": regions, "other": other, "subjects": _subjects(page, s0, start, names)}


def _subjects(page: Page, s0: int, start: int, names: list[str]) -> frozenset[str]:
    """The capitalised words of the sentence before the claim, platforms, dates and words
    that are capitalised only because they begin the sentence aside: what the product and
    its maker are called ("Microsoft's Starfield, an Xbox exclusive")."""
    stop = words("not_platforms") | _calendar() | _platform_words() | {w.lower() for n in names for w in n.split()}
    if page.line(start) == 1:
        s0 = 0  # the whole headline ("Driftwood: Sleep Sounds & Stories (iPhone only)")
    found = set()
    first = True
    for t in page.tokens_after(s0, 60, stop=start):
        if not t.text[:1].isalpha():
            continue
        if t.text[0].isupper() and t.text.lower() not in stop and (not first or _named_elsewhere(page.text, t.text)):
            found.add(t.text.lower())
        first = False
    return frozenset(found)


def _named_elsewhere(text: str, word: str) -> bool:
    """The word is capitalised inside a sentence somewhere: a name, not a sentence's first word."""
    return bool(re.search(rf"[a-z,;]\s+[\"“‘']?{re.escape(word)}\b", text))


@lru_cache(maxsize=1)
def _platform_words() -> frozenset[str]:
    """Every word of a known platform's names ("app", "store", "google", "play")."""
    return frozenset(w for form in platform_family() for w in form.split())


def availability(page: Page):
    """The exclusive and available claims of a text."""
    lower = page.text.lower()
    if "exclusiv" in lower or "only" in lower:  # most texts have neither: skip their patterns
        yield from _exclusives(page)
    yield from _available(page)


def _exclusives(page: Page):
    text = page.text
    pats = _patterns()
    nouns, verbs = any_of_words("exclusive_report_nouns"), any_of_words("exclusive_report_verbs")
    parts = any_of_words("exclusive_part_words")
    limits = any_of_words("exclusivity_limits")
    seen = set()
    for key in ("after", "before", "only_after", "only_before"):
        for m in _matches(pats, key, text):
            start, end = m.start(), m.end()
            names = _names(m.group("x"))
            if not names or (m.groupdict().get("prep") == "in" and not all(_known(n) for n in names)):
                continue  # "exclusively in the UK" is a region
            if not _known(names[0]) and _function_word(page, m.start("x")):
                continue  # "Being exclusive at launch helped"
            if key == "only_before" and not _known(names[0]) and not _proper_noun(page, m.start("x"), names[0]):
                continue  # "Female-only", "Complaints About App-Only"
            cue = re.search(r"(?:\b(?:on|for|via)|[(—–:])\s*$", text[max(0, m.start("x") - 6) : m.start("x")])
            if key == "only_before" and text[m.end() - 5] != "-" and not (_known(names[0]) or cue):
                continue  # "Members Only", "Saturday only": a platform needs a cue or a known name
            s0, s1 = page.sentence(start)
            if _NEGATED.search(text[s0:start]) or text[max(0, start - 4) : start].lower().endswith("non-"):
                continue
            after = text[end : min(s1, end + 30)]
            c0, c1 = page.clause(start, end)
            if verbs.search(text, c0, max(c1, end)) or nouns.match(after.strip()):
                continue  # "a CNN exclusive interview", "an analysis given exclusively to CNNMoney"
            if key in ("before", "only_before") and parts.match(after.strip()):
                continue  # "its Apple-exclusive widgets": a part of the product
            if any(start < e and s < end for s, e in seen):
                continue
            seen.add((start, end))
            window = _window(page, start, end)
            ended = bool(limits.search(window) or YEAR.search(window))
            article = re.search(r"\b(?:a|an|the)\s+(?:\w+\s+)?$", text[max(s0, start - 20) : start]) if key == "before" else None
            begin = start - len(article.group(0)) if article else start
            for name in names:
                yield _claim(page, "exclusive", begin, end, name, change=ended,
                             detail={"group": tuple(names), **_about(page, begin, end, names)})


def _available(page: Page):
    text = page.text
    pats = _patterns()
    for_verbs, from_verbs = words("availability_for_verbs"), words("availability_from_verbs")
    release, weak = words("availability_release_verbs"), words("availability_weak_verbs")
    heads = words("not_platform_heads")
    not_now = any_of_words("availability_not_now")
    found: list[tuple[int, int, list[str]]] = []
    for m in pats["verb"].finditer(text):
        verb = m.group("verb").lower()
        if found and m.start() < found[-1][1]:
            continue  # "Download Drift free from Google Play": one claim
        # up to the clause's end (the tagger's sentences may split "Pre-orders")
        stop = re.compile(r"[,;:.!?—–()\n]").search(text, m.end(), m.end() + 70)
        limit = stop.start() if stop else m.end() + 70
        for p in pats["prep"].finditer(text, m.end(), limit + 40):
            if p.start() > limit:
                break
            if _GAP_STOP.search(text[m.end() : p.start()]):
                break  # "streaming exclusively on Corvid+" is the exclusive; "streams that once ran"
            prep, names = p.group("prep"), _names(p.group("y"))
            raw = re.split(_JOIN, re.sub(r"^the\s", "", p.group("y")))
            if (prep == "for" and verb not in for_verbs or prep == "from" and verb not in from_verbs
                    or prep in ("via", "through") and verb in release):
                continue
            if any(r.split()[0].lower() in words("not_platforms") for r in raw if r):
                continue  # "on Tuesday, Crane": a day, and what follows is no platform
            if prep == "in" or verb in weak:
                names = [n for n in names if _known(n)]  # "in cinemas", not "in the UK"
            names = [n for n in names if n.split()[-1].lower() not in heads]
            if names:
                begin = m.start() + max(0, m.group("verb").lower().find("out"))  # "is out now": from "out"
                found.append((begin, p.end(), names))
                break
    for m in _matches(pats, "audience", text):
        found.append((m.start(), m.end(), _names(m.group("y"))))
    for start, end, names in found:
        s0, _ = page.sentence(start)
        c0, c1 = page.clause(start, end)
        if _NEGATED.search(text[max(s0, c0) : start]):
            continue  # "not available on Android"
        later = bool(not_now.search(text, c0, max(c1, end)))
        for name in names:
            yield _claim(page, "available", start, end, name, change=later, detail=_about(page, start, end, names))


# --- comparison -----------------------------------------------------------------------------------


def _same(x: str, y: str) -> bool:
    """One platform: one family, or a word of the name in common ("Corvid+", "Corvid+ Premium")."""
    stop = words("not_platforms") | words("platform_generic_words")
    tokens = lambda s: {t for t in re.findall(r"[\w+|]+", s.lower()) if t not in stop}  # noqa: E731
    return family(x) == family(y) or bool(tokens(x) & tokens(y))


def _other_product(e: Claim, c: Claim) -> bool:
    a, b = e.detail, c.detail
    if b["other"] - a["other"]:
        return True  # "its predecessor is streaming on Netflix"
    if a["titles"] and b["titles"] and not a["titles"] & b["titles"]:
        return True  # two titles
    if a["subjects"] and b["subjects"] and not a["subjects"] & b["subjects"]:
        return True  # "Microsoft's Starfield, an Xbox exclusive" / "Sony's Spider-Man 2 is out on PS5"
    return (a["regions"] or b["regions"]) and a["regions"] != b["regions"]


def conflicts(claims: list[Claim], page: Page, where) -> list[Conflict]:
    """The first available claim that contradicts an exclusive, against the exclusive
    stated last before it (or, failing that, first after it)."""
    exclusive = [c for c in claims if c.kind == "exclusive" and not c.change and not c.quoted]
    available = [c for c in claims if c.kind == "available" and not c.change and not c.quoted]
    for c in available:
        if family(c.value) == "anywhere":
            continue  # a shop or a format carries every platform's copy
        rivals = [e for e in exclusive if page.sentence(e.start) != page.sentence(c.start)
                  and family(e.value) != "anywhere"
                  and not any(_same(x, c.value) for x in e.detail["group"]) and not _other_product(e, c)]
        if not rivals:
            continue
        before = [e for e in rivals if e.start < c.start]
        e = before[-1] if before else rivals[0]
        first, second = (e, c) if e.start < c.start else (c, e)
        head = where(first)
        message = (f"{head[0].upper()}{head[1:]} says {first.text.strip()}; line {second.line} says "
                   f"{second.text.strip()}: an exclusive on {' and '.join(e.detail['group'])} cannot also be out on {c.value}")
        return [Conflict("availability", second, first, message)]
    return []
