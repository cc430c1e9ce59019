"""The word lists of the rank and event-date constructions (claims/events.yaml), read once
per process: a list as a frozenset, a mapping of groups as {form: group}."""

from __future__ import annotations

import re
from functools import cache
from importlib import resources


@cache
def _table() -> dict:
    from ..rules.yaml_files import load_yaml

    text = (resources.files(__package__) / "events.yaml").read_text(encoding="utf-8")
    return load_yaml(text, "claims/events.yaml")


@cache
def listed(name: str) -> frozenset[str]:
    return frozenset(w.lower() for w in _table()[name])


@cache
def groups(name: str) -> dict[str, str]:
    """form -> its group ("launch-weekend" -> "launch weekend")."""
    return {form.lower(): group for group, forms in _table()[name].items() for form in (group, *forms)}


@cache
def pattern(name: str) -> re.Pattern:
    """Any form of the list or the groups, as whole words, case-insensitive, longest first."""
    value = _table()[name]
    forms = {f.lower() for g, fs in value.items() for f in (g, *fs)} if isinstance(value, dict) else set(listed(name))
    alternation = "|".join(re.escape(f) for f in sorted(forms, key=lambda f: (-len(f), f)))
    return re.compile(rf"(?<![\w-])(?:{alternation})(?![\w-])", re.IGNORECASE)
