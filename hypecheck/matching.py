"""Token patterns tried only where they can match.

spaCy's Matcher starts every pattern at every token: with hypecheck's ~190 patterns that
was two thirds of the time spent finding hype in a long article. Nearly every pattern
requires some token to be one of a few words (its anchor: "link", "critics", "ever"), so
each pattern is run only on the few tokens around its anchor's occurrences. Patterns
without a bounded anchor run on the whole text. The result is the same list of matches
as one Matcher over the whole Doc (tests/test_matching.py checks it on every rule's
examples and on the corpora's articles).
"""

from __future__ import annotations

import re
from collections import defaultdict

# Attributes whose values can be looked up in the Doc's arrays: an anchor is a token
# that must equal one of a few values of one of these.
_ANCHOR_ATTRS = ("LOWER", "NORM", "ORTH", "TEXT", "LEMMA")  # TEXT is spaCy's alias of ORTH
_UNBOUNDED = None
_COMMON_WORD_COST = 50  # an anchor on "you" or "will" opens many windows: prefer rarer words


class AnchoredMatcher:
    def __init__(self, vocab) -> None:
        from spacy.matcher import Matcher

        self._vocab = vocab
        self._new_matcher = lambda: Matcher(vocab, validate=False)  # add() validates
        self._everywhere = self._new_matcher()
        self._groups: list[_Group] = []
        self._group_of: dict[tuple[str, tuple[str, ...]], _Group] = {}  # by anchor
        self._lookup: dict[str, dict[int, list[_Group]]] | None = None  # attr -> hash -> groups
        self._size = 0

    def __len__(self) -> int:
        return self._size

    def add(self, key: str, patterns: list[list[dict]], validate: bool = True) -> None:
        """Like ``Matcher.add``, and like a Matcher made with ``validate=True`` it raises
        spaCy's MatchPatternError for a pattern its schema refuses (unless told not to)."""
        if validate:
            from spacy.errors import MatchPatternError
            from spacy.schemas import validate_token_pattern

            errors = {i: e for i, e in enumerate(map(validate_token_pattern, patterns)) if e}
            if errors:
                raise MatchPatternError(key, errors)
        for pattern in patterns:
            anchor = find_anchor(pattern)
            if anchor is None:
                self._everywhere.add(key, [pattern])
            else:
                attr, values, before, after = anchor
                group = self._group_of.get((attr, values))
                if group is None:
                    group = self._group_of[(attr, values)] = _Group(self._new_matcher(), attr, values)
                    self._groups.append(group)
                group.matcher.add(key, [pattern])
                group.before = max(group.before, before)
                group.after = max(group.after, after)
            self._size += 1
        self._lookup = None

    def __call__(self, doc) -> list[tuple[int, int, int]]:
        """(match_id, start, end) of every match, sorted by position."""
        matches = set(self._everywhere(doc)) if len(self._everywhere) else set()
        for group, positions in self._anchors(doc).items():
            for start, end in _merge_windows(positions, group.before, group.after, len(doc)):
                matches.update((key, start + s, start + e) for key, s, e in group.matcher(doc[start:end]))
        return sorted(matches, key=lambda m: (m[1], m[2], m[0]))

    def _anchors(self, doc) -> dict[_Group, list[int]]:
        """Each group whose anchor occurs in the Doc, with the positions (ascending)."""
        from spacy import attrs

        if self._lookup is None:
            self._lookup = defaultdict(lambda: defaultdict(list))
            for group in self._groups:
                for value in group.values:
                    self._lookup[group.attr][self._vocab.strings.add(value)].append(group)
        found: dict[_Group, list[int]] = defaultdict(list)
        if not self._lookup or not len(doc):
            return found
        names = list(self._lookup)
        columns = doc.to_array([getattr(attrs, name) for name in names]).reshape(len(doc), len(names))
        for name, values in zip(names, columns.T.tolist()):
            table = self._lookup[name]
            for i, value in enumerate(values):
                for group in table.get(value, ()):
                    found[group].append(i)
        return {group: sorted(set(positions)) for group, positions in found.items()}


class _Group:
    """The patterns sharing one anchor, and how far they reach on either side of it."""

    __slots__ = ("after", "attr", "before", "matcher", "values")

    def __init__(self, matcher, attr: str, values: tuple[str, ...]) -> None:
        self.matcher, self.attr, self.values = matcher, attr, values
        self.before = self.after = 0


def _merge_windows(positions: list[int], before: int, after: int, n: int) -> list[tuple[int, int]]:
    windows: list[tuple[int, int]] = []
    for i in positions:
        start, end = max(0, i - before), min(n, i + after + 1)
        if windows and start <= windows[-1][1]:
            windows[-1] = (windows[-1][0], max(windows[-1][1], end))
        else:
            windows.append((start, end))
    return windows


def find_anchor(pattern: list[dict]):
    """(attribute, values, max tokens before, max tokens after) of the pattern's rarest
    required token with a fixed list of values, or None when there is none or the
    pattern's extent around it is unbounded."""
    from spacy.lang.en.stop_words import STOP_WORDS

    reps = [_repetitions(spec.get("OP")) for spec in pattern]
    best = None
    for i, spec in enumerate(pattern):
        low, high = reps[i]
        found = _values(spec)
        if low < 1 or high is _UNBOUNDED or found is None:
            continue
        cost = sum(_COMMON_WORD_COST if v.lower() in STOP_WORDS else 1 for v in found[1])
        if best is None or cost < best[0]:
            best = (cost, i, found)
    if best is None:
        return None
    _, i, (attr, values) = best
    before = [reps[j][1] for j in range(i)]
    after = [reps[j][1] for j in range(i + 1, len(pattern))]
    if _UNBOUNDED in before or _UNBOUNDED in after:
        return None
    # A repeated anchor ({2,3}) is found at its first occurrence; the rest follow it.
    return attr, values, sum(before), sum(after) + reps[i][1] - 1


def _values(spec: dict):
    for attr in _ANCHOR_ATTRS:
        value = spec.get(attr)
        name = "ORTH" if attr == "TEXT" else attr
        if isinstance(value, str):
            return name, (value,)
        if isinstance(value, dict) and set(value) == {"IN"} and all(isinstance(v, str) for v in value["IN"]):
            return name, tuple(sorted(set(value["IN"])))
    return None


def _repetitions(op: str | None) -> tuple[int, int | None]:
    """(least, most) times a token spec with this operator matches; most None = unbounded."""
    if op is None:
        return 1, 1
    if op in ("?", "!"):  # "!" may or may not take up a token: count it as one
        return 0, 1
    if op == "*":
        return 0, _UNBOUNDED
    if op == "+":
        return 1, _UNBOUNDED
    m = re.fullmatch(r"\{(\d*)(,?)(\d*)\}", op)
    if m is None:  # an operator spaCy does not know: its own validation will say so
        return 0, _UNBOUNDED
    low = int(m.group(1) or 0)
    if not m.group(2):
        return low, low
    return low, int(m.group(3)) if m.group(3) else _UNBOUNDED


_JOINED = re.compile(r"[^\W\d_]-[^\W\d_]|\s")  # "mind-boggling", "down below"


def split_joined_values(patterns: list[list[dict]], tokenize) -> list[list[dict]]:
    """The patterns, plus a copy for every listed value the tokenizer splits in two.

    spaCy cuts "mind-boggling" into "mind", "-", "boggling", so {LOWER: {IN:
    [mind-boggling]}} can never match one token. Each such value gets its own pattern
    with that token spec replaced by the value's tokens (only where the spec is
    required or optional, which a fixed sequence can stand for)."""
    out = []
    for pattern in patterns:
        out.append(pattern)
        for i, spec in enumerate(pattern):
            if spec.get("OP") not in (None, "?"):
                continue
            for attr in ("LOWER", "NORM", "ORTH", "TEXT"):
                value = spec.get(attr)
                values = value["IN"] if isinstance(value, dict) and set(value) == {"IN"} else [value]
                for joined in (v for v in values if isinstance(v, str) and _JOINED.search(v)):
                    parts = [t.text for t in tokenize(joined)]
                    if attr in ("LOWER", "NORM"):
                        parts = [p.lower() for p in parts]
                    out.append(pattern[:i] + [{attr: p} for p in parts] + pattern[i + 1 :])
    return out
