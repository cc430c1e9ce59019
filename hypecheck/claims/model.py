"""What the ledger records: a Claim (one checkable statement) and a Conflict (two that
cannot both be true)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

# The kinds of claim, in the order `hypecheck claims` explains them.
KINDS = ("money", "count", "percent", "duration", "distance", "area", "weight", "speed", "age",
         "rank", "rating", "score", "date", "weekday", "place", "exclusive", "available", "quote", "contact")


@dataclass(frozen=True)
class Claim:
    kind: str
    start: int
    end: int
    text: str
    value: Any  # a number, or a name (a weekday, a place, a platform, a speaker)
    unit: str = ""  # currency code, base unit ("min", "km"), "%", a chart or a scale
    topic: frozenset[str] = frozenset()  # what it is about: "home", "deal", "premiere"
    qualifiers: frozenset[str] = frozenset()  # "domestic", "per-year", "deluxe"...
    approx: str = ""  # "about", "at least", "at most"; "" when exact
    low: float | None = None  # a range's ends ("78–80%")
    high: float | None = None
    definite: bool = False  # "the $61 million", "its three bedrooms", "Sunday's walk"
    change: bool = False  # its sentence reports a change over time
    quoted: bool = False  # inside a quotation
    line: int = 0
    digits: int = 2  # significant digits as written
    detail: dict = field(default_factory=dict, compare=False, hash=False)

    @property
    def shown(self) -> str:
        """The value as the ledger prints it."""
        if self.kind == "rank" and isinstance(self.value, float):
            return f"No. {int(self.value)}"
        if isinstance(self.value, float):
            if self.low is not None and self.high is not None and self.low != self.high:
                return f"{_num(self.low)}–{_num(self.high)} {self.unit}".strip()
            return f"{_num(self.value)} {self.unit}".strip()
        return str(self.value)

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "text": self.text,
            "value": self.value,
            "unit": self.unit,
            "about": sorted(self.topic),
            "qualifiers": sorted(self.qualifiers),
            "approx": self.approx or None,
            "line": self.line,
            "start": self.start,
            "end": self.end,
            "quoted": self.quoted,
        }


def _num(x: float) -> str:
    if x == int(x):
        return f"{int(x):,}"
    return f"{x:,.2f}".rstrip("0").rstrip(".")


@dataclass(frozen=True)
class Conflict:
    kind: str  # the rule family: "money", "count", "chart", "date", "place", ...
    claim: Claim  # the later statement, where the finding goes
    other: Claim  # the earlier one it disagrees with
    message: str
