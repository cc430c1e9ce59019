"""``hypecheck``: the rules and detectors as a spaCy component.

    nlp = spacy.load("en_core_web_sm")
    nlp.add_pipe("hypecheck")          # found through the spacy_factories entry point
    for span in nlp(text).spans["hypecheck"]:
        span.label_, span.id_, span._.hypecheck_severity, span._.hypecheck_message

The component compiles the selected rules once and writes one span per finding to
``doc.spans["hypecheck"]``: label = category, span id = rule id, in text order, merged
(one finding per phrase and category; see ``merge``). What a detector found is kept with
its exact character offsets in the group's ``attrs["hits"]``, one record per span, because
a span is whole tokens and a detector may find part of one ("!!" of "now!!"). The
records are what the Span extensions read:

- ``span._.hypecheck_rule``, ``._.hypecheck_severity``, ``._.hypecheck_message``,
  ``._.hypecheck_related`` (the passage a contradiction points at, or None);
- the context conditions, one getter each: ``span._.hypecheck_sourced``,
  ``._.hypecheck_said_by_name``, ``._.hypecheck_negated``... (see detectors/context.py).

Two inputs come from ``doc.user_data`` when the caller knows better than the text
(hypecheck's Analyzer sets both from its Source): ``HEADLINE`` as (start, end) or None,
otherwise the headline is found in the text; and ``QUOTED``, ranges of quoted material
(a Markdown or HTML blockquote), whose findings are one severity step lower. The
softening happens before the merge, since the merge keeps the most severe finding.

The trained span model (hypecheck/spans/component.py, ``hypecheck_spans``) runs before
this one in the pipeline and writes proposals that the ``learned`` rules turn into spans
of this same group.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import replace

from spacy.language import Language
from spacy.tokens import Span, SpanGroup

from .detectors import DETECTORS, Hit
from .detectors.base import Dictionary, DocContext, text_of
from .detectors.context import CONDITIONS
from .detectors.learned import quiet_ranges
from .errors import ConfigError
from .findings import SEVERITIES
from .findings import Span as Passage
from .matching import AnchoredMatcher, split_joined_values
from .rules import Rule, builtin_rules, select
from .sources import find_headline

FACTORY = "hypecheck"
SPANS_KEY = "hypecheck"
HEADLINE = "hypecheck_headline"  # doc.user_data: (start, end) of the headline, or None
QUOTED = "hypecheck_quoted"  # doc.user_data: [(start, end), ...] of quoted material
EXTENSION_PREFIX = "hypecheck_"


class HypecheckComponent:
    """The compiled rules; calling it on a Doc sets ``doc.spans["hypecheck"]``."""

    def __init__(
        self,
        nlp: Language,
        name: str = FACTORY,
        enable: list[str] | None = None,
        disable: list[str] | None = None,
        rules: tuple[Rule, ...] | None = None,
    ) -> None:
        self.name = name
        self.rules = select(rules if rules is not None else builtin_rules(), enable, disable)
        self.rules_by_id = {r.id: r for r in self.rules}
        self._rule_ids = frozenset(self.rules_by_id)
        self._matcher, self._phrase_matcher = _compile(nlp, self.rules)
        self._detector_rules = [r for r in self.rules if r.detector]
        self.dictionary = _dictionary(nlp)

    def __call__(self, doc):
        before = set(doc.user_data)
        hits = self.hits(doc)
        quoted = doc.user_data.get(QUOTED)
        if quoted:
            hits = [(rule, _soften(hit, rule, quoted)) for rule, hit in hits]
        write_spans(doc, merge(hits))
        # The detectors memoise per-Doc work in user_data (the claims ledger's Page...):
        # dropped, so the Doc goes through msgpack (DocBin, nlp.pipe(n_process=2)).
        for key in set(doc.user_data) - before:
            del doc.user_data[key]
        return doc

    def pipe(self, docs, batch_size: int = 128):
        for doc in docs:
            yield self(doc)

    def hits(self, doc) -> list[tuple[Rule, Hit]]:
        """What every rule and detector finds where its context conditions allow it."""
        ctx = DocContext(doc, dictionary=self.dictionary, rule_ids=self._rule_ids)
        ctx.headline_start, ctx.headline_end = _headline(doc)
        hits: list[tuple[Rule, Hit]] = []
        for rule, span in self._matches(doc):
            severity = _severity_in_context(rule, span)
            if severity:
                hits.append((rule, Hit(span.start_char, span.end_char, severity=severity)))
        for rule in self._detector_rules:
            for hit in DETECTORS[rule.detector](doc, rule, ctx):
                span = doc.char_span(hit.start, hit.end, alignment_mode="expand")
                severity = _severity_in_context(rule, span) if span is not None else rule.severity
                if severity:
                    hits.append((rule, replace(hit, severity=hit.severity or severity)))
        return _vet(doc, hits)

    def _matches(self, doc):
        for matcher in (self._matcher, self._phrase_matcher):
            if matcher is None:
                continue
            for match_id, start, end in matcher(doc):
                rule = self.rules_by_id[doc.vocab.strings[match_id]]
                yield rule, doc[start:end]


@Language.factory(
    FACTORY,
    default_config={"enable": [], "disable": []},
    assigns=["doc.spans"],
)
def make_hypecheck(nlp: Language, name: str, enable: list[str], disable: list[str]) -> HypecheckComponent:
    """``enable`` / ``disable``: rule-id prefixes ("shouting", "superlative.tagged")."""
    return HypecheckComponent(nlp, name, enable=list(enable) or None, disable=list(disable) or None)


def _vet(doc, hits: list[tuple[Rule, Hit]]) -> list[tuple[Rule, Hit]]:
    """Drop a hand-written rule's match of a vetted category when it lies in a sentence
    where the span model sees no hype at all: in those categories, such matches were false
    alarms at least as often as true out of fold (thresholds.choose_vet; models/spans-v9.md)."""
    quiet, vetted = quiet_ranges(doc)
    if not quiet:
        return hits
    starts = [s for s, _ in quiet]  # sentences: in text order, never overlapping

    def calm(hit: Hit) -> bool:
        at = bisect_right(starts, hit.start) - 1
        return at >= 0 and hit.end <= quiet[at][1]

    return [(rule, hit) for rule, hit in hits
            if rule.detector == "learned" or rule.category not in vetted or not calm(hit)]


# --- the span group ------------------------------------------------------------------


def write_spans(doc, merged: list[tuple[Rule, Hit, str]]) -> None:
    """One span per merged hit, with its exact offsets and details in ``attrs["hits"]``."""
    starts = [t.idx for t in doc]
    ends = [t.idx + len(t) for t in doc]
    spans, records = [], []
    for rule, hit, severity in merged:
        # the tokens the characters touch (a hit in whitespace gets the token after it)
        first = min(bisect_right(ends, hit.start), len(doc) - 1)
        last = max(bisect_left(starts, hit.end), first + 1)
        spans.append(Span(doc, first, last, label=rule.category, span_id=rule.id))
        related = hit.related
        records.append({
            "start": hit.start, "end": hit.end, "severity": severity,
            # the rule's message names the matched text: a caller whose text differs from
            # the Doc's (markup blanked out) fills it in again, hence "own_message"
            "message": hit.message or rule.message.replace("{text}", text_of(doc)[hit.start : hit.end]),
            "own_message": bool(hit.message),
            "related": None if related is None else [related.start, related.end, related.text],
        })
    group = SpanGroup(doc, name=SPANS_KEY, spans=spans)
    group.attrs["hits"] = records
    doc.spans[SPANS_KEY] = group


def hit_records(doc):
    """(span, record) for each span of ``doc.spans["hypecheck"]``, records as written."""
    if SPANS_KEY not in doc.spans:
        return []
    group = doc.spans[SPANS_KEY]
    return list(zip(group, group.attrs.get("hits", [])))


def _record(span) -> dict | None:
    if not span.id_:
        return None
    for candidate, record in hit_records(span.doc):
        if candidate == span:
            return record
    return None


def _related(span) -> Passage | None:
    record = _record(span)
    related = record and record["related"]
    return Passage(*related) if related else None


def _register_extensions() -> None:
    getters = {
        "rule": lambda span: span.id_ or None,
        "severity": lambda span: (_record(span) or {}).get("severity"),
        "message": lambda span: (_record(span) or {}).get("message"),
        "related": _related,
    }
    getters.update(CONDITIONS)
    for name, getter in getters.items():
        if not Span.has_extension(EXTENSION_PREFIX + name):
            Span.set_extension(EXTENSION_PREFIX + name, getter=getter)


_register_extensions()


# --- matching, context and merging ----------------------------------------------------


def _headline(doc) -> tuple[int | None, int | None]:
    if HEADLINE in doc.user_data:
        bounds = doc.user_data[HEADLINE]
        return (bounds[0], bounds[1]) if bounds else (None, None)
    headline, start = find_headline(text_of(doc))
    return (start, start + len(headline)) if start is not None else (None, None)


_NEEDS = {"POS": "tagger", "TAG": "tagger", "MORPH": "tagger", "LEMMA": "lemmatizer", "ENT_TYPE": "ner", "DEP": "parser"}


def _usable(pattern, components: set[str]) -> bool:
    """A pattern that reads tags or lemmas is skipped on a pipeline that does not set them."""
    return all(_NEEDS.get(key, "") in components or key not in _NEEDS for token in pattern for key in token)


def _dictionary(nlp) -> Dictionary:
    """The English words of the lemmatizer's lookup index (WordNet), if the pipeline has one."""
    if not nlp.has_pipe("lemmatizer"):
        return Dictionary({})
    lookups = getattr(nlp.get_pipe("lemmatizer"), "lookups", None)
    if lookups is None or not lookups.has_table("lemma_index"):
        return Dictionary({})
    exceptions = lookups.get_table("lemma_exc") if lookups.has_table("lemma_exc") else None
    return Dictionary(lookups.get_table("lemma_index"), exceptions)


def _severity_in_context(rule: Rule, span) -> str | None:
    """The rule's severity where the span stands, or None when a condition silences it."""
    return None if any(CONDITIONS[c](span) for c in rule.unless) else rule.severity


def _compile(nlp, rules):
    from spacy.matcher import PhraseMatcher

    components = {"tagger" if n in ("tagger", "morphologizer") else n for n in nlp.pipe_names}
    matcher = AnchoredMatcher(nlp.vocab)
    # spaCy's schema check costs 0.3 ms a pattern, a sixth of the start-up beyond loading
    # spaCy: patterns as shipped are checked by the test suite, any others here.
    shipped = {rule.id: rule.patterns for rule in builtin_rules()}
    phrase_matcher = PhraseMatcher(nlp.vocab, attr="NORM")
    for rule in rules:
        if rule.patterns:
            patterns = [list(p) for p in rule.patterns if _usable(p, components)]
            if not patterns:
                continue
            patterns = split_joined_values(patterns, nlp.tokenizer)
            try:
                matcher.add(rule.id, patterns, validate=rule.patterns != shipped.get(rule.id))
            except (ValueError, TypeError) as exc:
                first = str(exc).strip().splitlines()[0]
                raise ConfigError(f"rule {rule.id}: invalid token pattern ({first})") from None
        elif rule.phrases:
            # NORM folds case and spelling variants ("you’ll" / "you'll") alike.
            phrase_matcher.add(rule.id, [nlp.make_doc(p) for p in rule.phrases])
    return (matcher if len(matcher) else None), (phrase_matcher if len(phrase_matcher) else None)


def _soften(hit: Hit, rule: Rule, quoted) -> Hit:
    """Hype inside quoted material is the quoted person's: one severity step lower."""
    if not any(start <= hit.start and hit.end <= end for start, end in quoted):
        return hit
    level = SEVERITIES.index(hit.severity or rule.severity)
    return replace(hit, severity=SEVERITIES[max(level - 1, 0)])


def merge(hits: list[tuple[Rule, Hit]]) -> list[tuple[Rule, Hit, str]]:
    """One phrase, one finding per category: keep the most severe, then the longest.

    The span model's findings (rules of kind ``learned``) come second: one per phrase
    whatever its category, and none where a hand-written rule found something.
    """
    ruled = [(rule, hit) for rule, hit in hits if rule.detector != "learned"]
    kept = _one_per_phrase(ruled, lambda rule: rule.category)
    learned = [(rule, hit) for rule, hit in hits if rule.detector == "learned"]
    if learned:
        covered = _Coverage([(hit.start, hit.end) for _, hit, _ in kept])
        kept += _one_per_phrase([(r, h) for r, h in learned if not covered.overlaps(h.start, h.end)], lambda rule: "")
    return sorted(kept, key=lambda x: (x[1].start, x[1].end, x[0].category))


def _one_per_phrase(hits, group) -> list[tuple[Rule, Hit, str]]:
    ranked = sorted(
        ((rule, hit, hit.severity or rule.severity) for rule, hit in hits if hit.end > hit.start),
        key=lambda x: (-SEVERITIES.index(x[2]), -(x[1].end - x[1].start), x[1].start, x[0].id),
    )
    kept: list[tuple[Rule, Hit, str]] = []
    # Per group, the kept (start, end) ranges in order. They never overlap, so only the
    # last one starting before a hit's end can overlap it: no pass over all findings per
    # finding, which made 28,000 findings take minutes.
    taken: dict[str, list[tuple[int, int]]] = {}
    for rule, hit, severity in ranked:
        ranges = taken.setdefault(group(rule), [])
        i = bisect_left(ranges, (hit.end,))
        if i and ranges[i - 1][1] > hit.start:
            continue
        ranges.insert(i, (hit.start, hit.end))
        kept.append((rule, hit, severity))
    return kept


class _Coverage:
    """Does a range overlap any of a fixed set of (possibly overlapping) ranges? O(log n)."""

    def __init__(self, ranges: list[tuple[int, int]]) -> None:
        ranges = sorted(ranges)
        self.starts = [start for start, _ in ranges]
        self.reach = []  # the furthest end among the ranges up to each one
        furthest = -1
        for _, end in ranges:
            furthest = max(furthest, end)
            self.reach.append(furthest)

    def overlaps(self, start: int, end: int) -> bool:
        i = bisect_left(self.starts, end)
        return bool(i) and self.reach[i - 1] > start
