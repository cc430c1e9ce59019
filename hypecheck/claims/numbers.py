"""Numbers as texts write them: "40,000", "$1.2bn", "£68M", "two-and-a-half", "a dozen".

The words, scales, currencies and units are data (quantities.yaml); this module turns
them into one regular expression and reads the values.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources


@lru_cache(maxsize=1)
def table() -> dict:
    """quantities.yaml, read once per process, through the JSON cache (hypecheck.cache)
    like the rules and lexicons: the YAML parser's import alone is about 10 ms of a cold
    start, and this file is the only one the default run would still parse."""
    from .. import __version__, cache

    text = (resources.files(__package__) / "quantities.yaml").read_text(encoding="utf-8")
    key = cache.digest(__version__, "quantities.yaml", text)
    cached = cache.read("quantities", key)
    if isinstance(cached, dict) and cached and all(isinstance(v, (dict, list)) for v in cached.values()):
        return cached
    from ..rules.yaml_files import load_yaml

    data = load_yaml(text, "claims/quantities.yaml")
    cache.write("quantities", key, data)
    return data


@dataclass(frozen=True)
class Number:
    start: int
    end: int
    text: str
    value: float
    digits: int  # significant digits as written: "1.2 billion" has 2, "40,000" has 1
    currency: str | None = None
    spelled: bool = False  # "seven", not "7"


def alternation(words) -> str:
    """A regex alternation of ``words``, longest first (so "per cent" wins over "per"),
    in a fixed order whatever the set's iteration order."""
    return "|".join(re.escape(w) for w in sorted(words, key=lambda w: (-len(w), w)))


class LazyPatterns(dict):
    """Named regexes, each compiled when first looked up: a text that never needs one (most
    have no "exclusive" and no "only", and few a contact or a refusal) does not pay for
    compiling it. Built from ``{name: (regex, flags)}``."""

    def __init__(self, sources: dict[str, tuple[str, int]]) -> None:
        super().__init__()
        self._sources = sources

    def __missing__(self, name: str) -> re.Pattern:
        compiled = self[name] = re.compile(*self._sources[name])
        return compiled


@lru_cache(maxsize=1)
def pattern() -> re.Pattern:
    t = table()
    word = alternation(list(t["number_words"]) + list(t["fractions"]))
    a_words = alternation(list(t["a_before"]) + list(t["fractions"]))
    spelled = rf"(?:(?:an?[- ](?=(?:{a_words})\b))?(?:{word})(?:(?:[- ]|[- ]and[- ]|[- ]and[- ]an?[- ]|[- ]an?[- ])(?:{word}))*)"
    digits = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
    scale_words = [w for w in t["scales"] if len(w) > 1]
    glued = alternation(w for w in t["scales"] if len(w) == 1)
    signs = alternation(t["currency_signs"])
    return re.compile(
        rf"(?<![\w.,])(?P<sign>{signs})?\s?"
        rf"(?:(?P<digits>{digits})|(?P<spelled>{spelled}))"
        rf"(?:(?P<glued>(?i:{glued}))\b|\s?-?(?P<scale>(?i:{alternation(scale_words)}))\b)?"
        rf"(?![\w])",
        re.IGNORECASE,
    )


def spelled_value(text: str) -> float | None:
    """The value of "twenty-five", "two and a half", "a dozen", "one hundred and ten"."""
    t = table()
    words = [w for w in re.split(r"[- ]+", text.lower()) if w not in ("and",)]
    total = current = 0.0
    seen = False
    for i, w in enumerate(words):
        if w in ("a", "an"):
            nxt = words[i + 1] if i + 1 < len(words) else ""
            if nxt in t["a_before"] or nxt in t["fractions"]:
                current += 0 if nxt in t["fractions"] else 1
                continue
            return None
        if w in t["fractions"]:
            current += t["fractions"][w] if seen else t["fractions"][w]
            seen = True
            continue
        value = t["number_words"].get(w)
        if value is None:
            return None
        seen = True
        if value == 100:
            current = (current or 1) * 100
        elif value == 12 and w == "dozen":
            current = (current or 1) * 12
        else:
            current += value
    return total + current if seen else None


def significant(digits: str) -> int:
    """Significant digits as written: trailing zeros of a whole number are not counted."""
    plain = digits.replace(",", "")
    if "." in plain:
        return len(plain.replace(".", "").lstrip("0")) or 1
    return len(plain.lstrip("0").rstrip("0")) or 1


def numbers(text: str):
    """Every number in the text, with its currency and scale applied."""
    t = table()
    for m in pattern().finditer(text):
        sign, scale = m.group("sign"), (m.group("glued") or m.group("scale") or "").lower()
        if m.group("digits"):
            if m.group("glued") and not sign and scale != "k":
                scale = ""  # "5m" is five metres, "$5m" five million dollars
            value = float(m.group("digits").replace(",", ""))
            digits = significant(m.group("digits"))
        else:
            value = spelled_value(m.group("spelled"))
            if value is None:
                continue
            digits = 2
        if scale:
            value *= float(t["scales"][scale])
        end = m.end() if scale else m.end("digits") if m.group("digits") else m.end("spelled")
        yield Number(m.start(), end, text[m.start() : end], value, digits,
                     t["currency_signs"].get(sign) if sign else None, spelled=not m.group("digits"))
    for m in _one_unit().finditer(text):
        # "just an hour from Barcelona", "a mile from the station": one unit, away from a place
        yield Number(m.start(), m.start() + len(m.group(1)), m.group(1), 1.0, 1, None, spelled=True)


@lru_cache(maxsize=1)
def _one_unit() -> re.Pattern:
    units = "|".join(re.escape(u) for u in table()["one_unit_words"])
    return re.compile(rf"\b(an?)(?= (?:{units})(?:'s|’s)? (?:from|away|to|walk|drive|ride|flight)\b)")


def same_as_written(a: float, a_digits: int, b: float, b_digits: int, tolerance: float = 0.0) -> bool:
    """Two values agree when one, rounded as the other is written, equals it
    ("$1.24 billion" and "$1.2 billion"), or when they lie within the tolerance."""
    if a == b:
        return True
    if abs(a - b) <= tolerance * max(abs(a), abs(b)):
        return True
    return _rounds_to(a, b, b_digits) or _rounds_to(b, a, a_digits)


def _rounds_to(x: float, y: float, digits: int) -> bool:
    if y == 0:
        return x == 0
    magnitude = math.floor(math.log10(abs(y)))
    step = 10 ** (magnitude - digits + 1)
    return abs(round(x / step) * step - y) < step / 1000
