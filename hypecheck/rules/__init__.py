"""Rules are data: YAML records validated on load, one file per category.

A rule has a dotted id (``category.name``), a category, a severity, a message saying why
in plain words, a rationale, examples that must and must not be flagged, and one way to
match: ``phrases`` (case-insensitive, PhraseMatcher), ``patterns`` (spaCy Matcher token
patterns), or ``detector`` (the name of a function in ``hypecheck.detectors``).

What to write instead is data too: ``advice`` (what a careful writer would do) and
``replace``, a list of ``{match: REGEX, with: [TEMPLATE, ...]}`` tried in order on the
finding's text (see hypecheck/suggestions.py and docs/suggestions.md). ``examples`` may
hold ``fix`` pairs, ``{text: ..., fixed: ...}``, that ``hypecheck fix`` must produce.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

from ..errors import ConfigError
from ..findings import CATEGORIES, SEVERITIES
from . import lexicons as _lexicons
from .yaml_files import load_yaml

_ALLOWED_KEYS = {
    "id", "category", "severity", "description", "message", "rationale", "source",
    "phrases", "patterns", "detector", "params", "unless", "examples", "advice", "replace",
}
_REQUIRED_KEYS = {"id", "category", "severity", "description", "message", "rationale", "examples"}
_ID = re.compile(r"^[a-z_]+\.[a-z0-9_.-]+$")
# What a rule's ``unless`` may name: the context conditions of detectors/context.py
# (its CONDITIONS; a test keeps the two equal). Named here rather than imported, because
# the detectors import this package's lexicons: importing them back would be a cycle.
CONDITION_NAMES = frozenset(
    {"said_by_name", "sourced_nearby", "in_title", "charted", "counted", "sourced", "negated", "quoted",
     "quoted_from_someone", "denied", "tested_by_writer", "names_award"}
)


@dataclass(frozen=True)
class Examples:
    flag: tuple[str, ...]
    passes: tuple[str, ...]
    # (text, what `hypecheck fix` makes of it with this rule alone)
    fixes: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Replace:
    """One entry of a rule's ``replace`` list: a regex searched in the finding's text
    (case-insensitive) and the templates its match is replaced with, best first.
    ``before`` and ``after``, when given, must also be found in the text of the line
    before and after the span: an entry may hold only where the sentence allows it."""

    match: str
    templates: tuple[str, ...]
    before: str | None = None
    after: str | None = None


@dataclass(frozen=True)
class Rule:
    id: str
    category: str
    severity: str
    description: str
    message: str
    rationale: str
    examples: Examples
    source: str | None = None
    phrases: tuple[str, ...] = ()
    patterns: tuple = ()
    detector: str | None = None
    unless: frozenset[str] = field(default_factory=frozenset)
    # Data a detector function reads (word lists, thresholds), kept with the rule.
    params: dict = field(default_factory=dict, hash=False, compare=False)
    advice: str = ""
    replace: tuple[Replace, ...] = ()

    @property
    def kind(self) -> str:
        if self.detector:
            return "detector"
        return "phrase" if self.phrases else "pattern"


def _fail(where: str, problem: str) -> ConfigError:
    return ConfigError(f"{where}: {problem}")


def parse_rule(record: object, where: str, lexicons: dict | None = None, expand: bool = True) -> Rule:
    """The rule of one record, its lexicon references expanded (from ``lexicons``, by
    default the shipped lexicons.yaml) unless the record is already expanded."""
    if not isinstance(record, dict):
        raise _fail(where, "a rule must be a mapping")
    rid = record.get("id", "?")
    where = f"{where}: rule {rid}"
    unknown = set(record) - _ALLOWED_KEYS
    if unknown:
        raise _fail(where, f"unknown key {sorted(unknown)[0]!r}")
    missing = _REQUIRED_KEYS - set(record)
    if missing:
        raise _fail(where, f"missing key {sorted(missing)[0]!r}")
    if record["category"] not in CATEGORIES:
        raise _fail(where, f"category must be one of {', '.join(CATEGORIES)}")
    if not _ID.match(str(rid)) or not str(rid).startswith(record["category"] + "."):
        raise _fail(where, "id must be '<category>.<name>' in lower case")
    if record["severity"] not in SEVERITIES:
        raise _fail(where, f"severity must be one of {', '.join(SEVERITIES)}")
    ways = [k for k in ("phrases", "patterns", "detector") if k in record]
    if len(ways) != 1:
        raise _fail(where, "give exactly one of 'phrases', 'patterns', 'detector'")
    unless = record.get("unless", [])
    if not isinstance(unless, list) or set(unless) - CONDITION_NAMES:
        raise _fail(where, f"'unless' takes a list of: {', '.join(sorted(CONDITION_NAMES))}")
    examples = record["examples"]
    if not isinstance(examples, dict) or set(examples) - {"flag", "pass", "fix"}:
        raise _fail(where, "'examples' takes 'flag', 'pass' and 'fix' lists")
    if not examples.get("flag") or not examples.get("pass"):
        raise _fail(where, "a rule needs at least one 'flag' and one 'pass' example")
    if "params" in record and ("detector" not in record or not isinstance(record["params"], dict)):
        raise _fail(where, "'params' is a mapping, and only for rules with a 'detector'")
    fixes = _fix_examples(examples.get("fix", []), where)
    replace = _replace_entries(record.get("replace", []), where)
    if not isinstance(record.get("advice", ""), str):
        raise _fail(where, "'advice' is a text")
    if expand:
        record = _lexicons.expand_rule(record, where, _lexicons.lexicons() if lexicons is None else lexicons)
    for key in ("phrases", "patterns"):
        value = record.get(key)
        if value is not None and (not isinstance(value, list) or not value):
            raise _fail(where, f"'{key}' must be a non-empty list")
    return Rule(
        id=rid,
        category=record["category"],
        severity=record["severity"],
        description=str(record["description"]).strip(),
        message=str(record["message"]).strip(),
        rationale=str(record["rationale"]).strip(),
        source=record.get("source"),
        examples=Examples(tuple(examples["flag"]), tuple(examples["pass"]), fixes),
        phrases=tuple(record.get("phrases", ())),
        patterns=tuple(record.get("patterns", ())),
        detector=record.get("detector"),
        unless=frozenset(unless),
        params=dict(record.get("params", {})),
        advice=" ".join(str(record.get("advice", "")).split()),
        replace=replace,
    )


def _fix_examples(items: object, where: str) -> tuple[tuple[str, str], ...]:
    if not isinstance(items, list) or not all(
        isinstance(i, dict) and set(i) == {"text", "fixed"} and all(isinstance(v, str) for v in i.values())
        for i in items
    ):
        raise _fail(where, "'fix' examples are a list of {text: ..., fixed: ...}")
    return tuple((i["text"], i["fixed"]) for i in items)


_REPLACE_SHAPE = "'replace' is a list of {match: REGEX, with: [TEXT, ...], before: REGEX, after: REGEX} (before, after optional)"


def _replace_entries(items: object, where: str) -> tuple[Replace, ...]:
    """The ``replace`` list, checked: each regex compiles and has templates."""
    if not isinstance(items, list):
        raise _fail(where, _REPLACE_SHAPE)
    out = []
    for item in items:
        templates = item.get("with") if isinstance(item, dict) else None
        if (
            not isinstance(item, dict) or not {"match", "with"} <= set(item) <= {"match", "with", "before", "after"}
            or not all(isinstance(item[k], str) for k in item if k != "with")
            or not isinstance(templates, list) or not all(isinstance(t, str) for t in templates)
        ):
            raise _fail(where, _REPLACE_SHAPE)
        for key in ("match", "before", "after"):
            try:
                replace_pattern(item.get(key) or "")
            except re.error as exc:
                raise _fail(where, f"replace: bad regex {item[key]!r} ({exc})") from None
        out.append(Replace(item["match"], tuple(templates), item.get("before"), item.get("after")))
    return tuple(out)


@lru_cache(maxsize=2048)
def replace_pattern(regex: str) -> re.Pattern:
    """A ``replace`` regex as the suggestions use it (case-insensitive), compiled once:
    checking it when the rules load and finding it in a finding's text is one compilation
    (compiling the 160-odd patterns twice was about 8 ms of every cold start)."""
    return re.compile(regex, re.IGNORECASE)


def parse_rule_file(text: str, where: str, lexicons: dict | None = None) -> list[Rule]:
    return [parse_rule(record, where, lexicons) for record in _rule_records(text, where)]


def _rule_records(text: str, where: str) -> list:
    data = load_yaml(text, where)
    if not isinstance(data, dict) or set(data) != {"rules"} or not isinstance(data["rules"], list):
        raise _fail(where, "a rule file holds one key, 'rules', with a list of rules")
    return data["rules"]


@lru_cache(maxsize=1)
def builtin_rules() -> tuple[Rule, ...]:
    """Every rule shipped in hypecheck/rules/data, sorted by id; ids are unique.

    Lexicon references ($crowds) are expanded from rules/lexicons.yaml (see lexicons.py).
    The YAML records go through the JSON cache (hypecheck.cache): parsing the YAML is a
    tenth of a second of every start-up, reading the same records as JSON a few ms.
    Cached records are validated like fresh ones, and a damaged entry is parsed again.
    """
    from .. import __version__, cache

    folder = resources.files(__package__) / "data"
    files = sorted((e.name, e.read_text(encoding="utf-8")) for e in folder.iterdir() if e.name.endswith(".yaml"))
    # The lexicons are part of what the rules derive from: a changed word list is a new entry.
    files_and_lexicons = [*files, (_lexicons.FILE, _lexicons.source())]
    key = cache.digest(__version__, *(part for name, text in files_and_lexicons for part in (name, text)))
    cached = cache.read("rules", key)
    if cached is not None:
        try:
            if [name for name, _ in cached] == [name for name, _ in files]:
                return _build(cached)
        except (ConfigError, TypeError, ValueError, AttributeError):
            pass
    # The cache holds the records with their references expanded (its key covers the
    # lexicons), so a start-up from the cache skips the expansion.
    table = _lexicons.lexicons()
    records = [
        (name, [_expanded(record, f"rules/data/{name}", table) for record in _rule_records(text, f"rules/data/{name}")])
        for name, text in files
    ]
    rules = _build(records)
    cache.write("rules", key, records)
    return rules


def _expanded(record: object, where: str, table: dict) -> object:
    if not isinstance(record, dict):
        return record  # parse_rule says what is wrong with it
    return _lexicons.expand_rule(record, f"{where}: rule {record.get('id', '?')}", table)


def _build(records) -> tuple[Rule, ...]:
    rules = [
        parse_rule(record, f"rules/data/{name}", expand=False) for name, file_records in records for record in file_records
    ]
    seen: set[str] = set()
    for rule in rules:
        if rule.id in seen:
            raise ConfigError(f"rules/data: rule id {rule.id} is defined twice")
        seen.add(rule.id)
    return tuple(sorted(rules, key=lambda r: r.id))


def select(rules: tuple[Rule, ...], enable: list[str] | None = None, disable: list[str] | None = None) -> tuple[Rule, ...]:
    """Rules whose id starts with an ``enable`` prefix (all if none) and no ``disable`` prefix."""

    def matches(rule_id: str, prefix: str) -> bool:
        return rule_id == prefix or rule_id.startswith(prefix.rstrip(".") + ".")

    chosen = [r for r in rules if not enable or any(matches(r.id, p) for p in enable)]
    return tuple(r for r in chosen if not any(matches(r.id, p) for p in (disable or [])))
