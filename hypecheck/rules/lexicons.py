"""Named word lists shared by the rules and the detectors: hypecheck/rules/lexicons.yaml.

A rule refers to a list by its name after a dollar sign, alone or among literal words:
``{LOWER: {IN: $crowds}}``, ``{LOWER: {NOT_IN: [$measurable_superlatives, most]}}``.
References are allowed in the IN and NOT_IN lists of token patterns, in ``phrases``, in
``params`` (``platforms: $platforms``) and inside lexicons.yaml itself, and are expanded
when the rules are loaded; an unknown name is refused. Detectors read a list with
``words("reporting_verbs")``.

A lexicon is a list of words, or a mapping of names to their other forms (a gazetteer:
``Disney+: [Disney Plus]``), which only ``params`` may use.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache
from importlib import resources

from ..errors import ConfigError
from .yaml_files import load_yaml

FILE = "lexicons.yaml"
WHERE = f"rules/{FILE}"
REFERENCE = re.compile(r"^\$([a-z][a-z0-9_]*)$")


def name_of(value: object) -> str | None:
    """'crowds' for the reference '$crowds'; None for anything else ('$', '$5', 'crowds')."""
    if isinstance(value, str) and value[:1] == "$":  # most words are not: skip the regex
        m = REFERENCE.match(value)
        if m:
            return m.group(1)
    return None


@lru_cache(maxsize=1)
def source() -> str:
    """The text of lexicons.yaml (part of the rules' cache key)."""
    return (resources.files(__package__) / FILE).read_text(encoding="utf-8")


@lru_cache(maxsize=1)
def lexicons() -> dict[str, list | dict]:
    """Every lexicon by name, with its references expanded.

    Read through the JSON cache like the rules (see builtin_rules): parsing the YAML
    would cost every start-up a few milliseconds more than reading the cached records.
    """
    from .. import __version__, cache

    text = source()
    key = cache.digest(__version__, FILE, text)
    cached = cache.read("lexicons", key)
    if cached is not None:
        try:
            return resolve(cached)
        except (ConfigError, TypeError, ValueError, AttributeError):
            pass  # a damaged entry: read the YAML again
    raw = load_yaml(text, WHERE)
    table = resolve(raw)
    cache.write("lexicons", key, raw)
    return table


@cache
def words(name: str) -> frozenset[str]:
    """The words of one list lexicon, for a detector's membership tests."""
    value = lexicons()[name]
    if not isinstance(value, list):
        raise ConfigError(f"{WHERE}: {name} is a mapping, not a list of words")
    return frozenset(value)


def resolve(raw: object) -> dict[str, list | dict]:
    """Validate the file's data and expand the references inside it."""
    if not isinstance(raw, dict) or not raw:
        raise ConfigError(f"{WHERE}: the file is a mapping of lexicon names to word lists")
    for name, value in raw.items():
        if not isinstance(name, str) or not re.fullmatch(r"[a-z][a-z0-9_]*", name):
            raise ConfigError(f"{WHERE}: {name!r} is not a lexicon name (lower case, digits, '_')")
        if isinstance(value, dict):
            if not value or not all(
                isinstance(k, str) and isinstance(v, list) and all(isinstance(w, str) for w in v)
                for k, v in value.items()
            ):
                raise ConfigError(f"{WHERE}: {name}: a mapping lexicon maps names to lists of their other forms")
        elif not isinstance(value, list) or not value or not all(isinstance(w, str) for w in value):
            raise ConfigError(f"{WHERE}: {name}: a lexicon is a non-empty list of words")
    table: dict[str, list | dict] = {}

    def expanded(name: str, trail: tuple[str, ...]) -> list | dict:
        if name in table:
            return table[name]
        if name in trail:
            raise ConfigError(f"{WHERE}: {name} refers to itself ({' -> '.join((*trail, name))})")
        value = raw[name]
        if isinstance(value, list):
            out: list = []
            for item in value:
                ref = name_of(item)
                if ref is None:
                    out.append(item)
                    continue
                if ref not in raw:
                    raise ConfigError(f"{WHERE}: {name}: unknown lexicon ${ref}{_hint(ref, raw)}")
                inner = expanded(ref, (*trail, name))
                if not isinstance(inner, list):
                    raise ConfigError(f"{WHERE}: {name}: ${ref} is a mapping, not a list of words")
                out.extend(inner)
            value = out
        table[name] = value
        return value

    for name in raw:
        expanded(name, ())
    return table


def _hint(name: str, known) -> str:
    import difflib

    close = difflib.get_close_matches(name, list(known), n=1)
    return f" (did you mean ${close[0]}?)" if close else f" (the lexicons are in hypecheck/{WHERE})"


# --- references in rule records ---------------------------------------------------------


def expand_rule(record: dict, where: str, table: dict[str, list | dict]) -> dict:
    """A copy of the rule record with its lexicon references replaced by the words.

    ``where`` names the file and the rule, for the error an unknown name raises. Parts of
    the record of the wrong shape are left as they are for the rule's own validation.
    """

    def lookup(name: str, as_list: bool):
        if name not in table:
            raise ConfigError(f"{where}: unknown lexicon ${name}{_hint(name, table)}")
        value = table[name]
        if as_list and not isinstance(value, list):
            raise ConfigError(f"{where}: ${name} is a mapping, not a list of words")
        return list(value) if isinstance(value, list) else {k: list(v) for k, v in value.items()}

    def splice(values: list) -> list:
        if not any(name_of(item) for item in values):
            return values
        out: list = []
        for item in values:
            ref = name_of(item)
            out.extend(lookup(ref, True) if ref else [item])
        return out

    def in_list(value):
        ref = name_of(value)
        if ref:
            return lookup(ref, True)
        return splice(value) if isinstance(value, list) else value

    def has_reference(value) -> bool:
        return bool(name_of(value)) or (isinstance(value, list) and any(name_of(v) for v in value))

    def spec_of(spec):
        # Most token specs hold no reference: those are kept as they are, not copied.
        if not isinstance(spec, dict):
            return spec
        changed = None
        for attr, value in spec.items():
            if isinstance(value, dict) and any(has_reference(value.get(op)) for op in ("IN", "NOT_IN")):
                changed = changed or dict(spec)
                changed[attr] = {op: in_list(v) if op in ("IN", "NOT_IN") else v for op, v in value.items()}
        return changed or spec

    record = dict(record)
    if isinstance(record.get("phrases"), list):
        record["phrases"] = splice(record["phrases"])
    if isinstance(record.get("patterns"), list):
        record["patterns"] = [
            [spec_of(spec) for spec in pattern] if isinstance(pattern, list) else pattern
            for pattern in record["patterns"]
        ]
    if isinstance(record.get("params"), dict):
        record["params"] = {
            key: (lookup(name_of(value), False) if name_of(value) else splice(value) if isinstance(value, list) else value)
            for key, value in record["params"].items()
        }
    return record


def references(record: dict) -> set[str]:
    """The lexicon names a rule record refers to (for the check that every lexicon is used)."""
    found: set[str] = set()

    def visit(value) -> None:
        if isinstance(value, dict):
            for v in value.values():
                visit(v)
        elif isinstance(value, list):
            for v in value:
                visit(v)
        elif name_of(value):
            found.add(name_of(value))

    for key in ("phrases", "patterns", "params"):
        visit(record.get(key))
    return found
