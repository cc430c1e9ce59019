"""Readers for structured inputs: HTML pages, Markdown files and URLs.

Each reader turns its input into the pieces of a ``Source``: the text a reader sees,
what must not be analysed (blanked in ``analysis_text``), quoted ranges, the headline
and suppression ranges from ``<!-- hypecheck: ... -->`` comments. The heavy libraries
(trafilatura, markdown-it-py, httpx) are imported inside these modules only, so reading
a plain-text file never pays for them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# <!-- hypecheck: ignore RULE [RULE...] -->, <!-- hypecheck: off -->, <!-- hypecheck: on -->
_DIRECTIVE = re.compile(r"^\s*hypecheck\s*:\s*(ignore|off|on)\b\s*(.*?)\s*$", re.IGNORECASE | re.DOTALL)


@dataclass(frozen=True)
class Directive:
    action: str  # "ignore", "off" or "on"
    rules: tuple[str, ...] = ()  # for "ignore": rule ids or prefixes; empty means every rule


def parse_directive(comment: str) -> Directive | None:
    """The directive in an HTML comment's body (without ``<!--``/``-->``), or None."""
    m = _DIRECTIVE.match(comment)
    if not m:
        return None
    action = m.group(1).lower()
    rules = tuple(r for r in re.split(r"[\s,]+", m.group(2)) if r) if action == "ignore" else ()
    return Directive(action, rules)


def suppress_entries(start: int, end: int, rules: tuple[str, ...]) -> list[tuple[int, int, str | None]]:
    """Suppression tuples for one range: one per rule, or one for all rules."""
    if end <= start:
        return []
    return [(start, end, r) for r in rules] if rules else [(start, end, None)]
