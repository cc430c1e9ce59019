"""The Analyzer: one loaded pipeline, compiled rules and the classifier, reused per call.

Flow: Source -> Doc (nlp.pipe) -> rule matches and detectors -> merged Findings ->
score -> Report.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator
from dataclasses import replace

from . import pieces, scoring
from .detectors import DETECTORS, Hit
from .detectors.base import Dictionary, DocContext
from .detectors.context import CONDITIONS
from .errors import ConfigError, InputError
from .findings import SEVERITIES, Finding, Report
from .pipeline import load_pipeline, requested_model
from .rules import Rule, builtin_rules, select
from .sources import Source, from_text
from .suggestions import with_suggestions


class Analyzer:
    def __init__(
        self,
        model: str | None = None,
        enable: list[str] | None = None,
        disable: list[str] | None = None,
        rules: tuple[Rule, ...] | None = None,
        use_classifier: bool = True,
    ) -> None:
        self.pipeline = load_pipeline(requested_model(model))
        # The classifier loads in a second thread, awaited only when the first report needs
        # it: start-up is most of a one-file run, and its numpy work (which releases the
        # GIL) overlaps the rules' compilation and the first batch's neural network.
        # Started after spaCy's import, which is pure Python and would only contend for the GIL.
        self._classifier = _Background(scoring.load_classifier) if use_classifier else None
        self.rules = select(rules if rules is not None else builtin_rules(), enable, disable)
        self._rules_by_id = {r.id: r for r in self.rules}
        self._matcher, self._phrase_matcher = _compile(self.pipeline.nlp, self.rules)
        self._detector_rules = [r for r in self.rules if r.detector]
        self._dictionary = _dictionary(self.pipeline.nlp)

    @property
    def classifier(self):
        return self._classifier.result()[0] if self._classifier else None

    @property
    def notes(self) -> tuple[str, ...]:
        classifier_note = self._classifier.result()[1] if self._classifier else None
        return tuple(n for n in (self.pipeline.note, classifier_note) if n)

    def analyze(self, text: str, name: str | None = None) -> Report:
        """Analyse one text. TypeError when it is not a str; InputError when it is empty or
        holds a lone surrogate (half of a UTF-16 pair, not a character)."""
        check_text(text, name or "<text>")
        return next(self.analyze_sources([from_text(text, name or "<text>")]))

    def analyze_sources(self, sources: Iterable[Source], batch_size: int = 16) -> Iterator[Report]:
        """Analyse sources lazily, in input order, batching them through ``nlp.pipe``.

        A long text goes through the pipeline in pieces (see pieces.py), joined back into
        one Doc of the whole text before the rules and detectors read it.
        """
        parts: list = []
        for doc, (source, count) in self.pipeline.nlp.pipe(self._pieces(sources), as_tuples=True, batch_size=batch_size):
            if count > 1:
                # The pipeline's hidden vectors (384 bytes a token) are not read past it;
                # a piece drops them so a long text does not hold them all.
                doc.tensor = doc.tensor[:0].copy()  # a view would keep the whole array
            parts.append(doc)
            if len(parts) == count:
                if count > 1:
                    from spacy.tokens import Doc

                    doc = Doc.from_docs(parts, ensure_whitespace=False, exclude=["tensor"])
                parts = []
                yield self._report(doc, source)

    def _pieces(self, sources: Iterable[Source]):
        tokenizer = self.pipeline.nlp.tokenizer
        for source in sources:
            text = source.nlp_text
            bounds = pieces.split(text)
            for start, end in bounds:
                yield pieces.tokenize(tokenizer, text[start:end]), (source, len(bounds))

    def findings(self, doc, source: Source) -> list[Finding]:
        ctx = DocContext(doc, dictionary=self._dictionary)
        if source.headline_start is not None:
            ctx.headline_start = source.headline_start
            ctx.headline_end = source.headline_start + len(source.headline or "")
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
        if source.quoted:
            hits = [(rule, _soften(hit, rule, source.quoted)) for rule, hit in hits]
        return with_suggestions(_locate(source.text, _merge(hits)), self._rules_by_id, source.text, self._dictionary)

    def _matches(self, doc):
        for matcher in (self._matcher, self._phrase_matcher):
            if matcher is None:
                continue
            for match_id, start, end in matcher(doc):
                rule = self._rules_by_id[doc.vocab.strings[match_id]]
                yield rule, doc[start:end]

    def _report(self, doc, source: Source) -> Report:
        findings, suppressed = _suppress(self.findings(doc, source), source.suppress)
        words = len(scoring.WORDS.findall(source.nlp_text))
        probability, terms = scoring.classify(self.classifier, doc, source)
        score = scoring.score(findings, words, probability, scoring.body_probability(self.classifier, doc))
        return Report(
            source=source.name,
            text=source.text,
            headline=source.headline,
            findings=tuple(findings),
            score=score,
            verdict=scoring.verdict(score),
            word_count=words,
            clickbait_probability=probability,
            clickbait_terms=tuple(terms),
            encoding=source.encoding,
            notes=source.notes + self.notes,
            pipeline=self.pipeline.description,
            model=scoring.model_name(self.classifier),
            sentences=tuple((s.start_char, s.end_char) for s in doc.sents),
            suppressed=suppressed,
        )


_SURROGATE = re.compile("[\ud800-\udfff]")


def check_text(text, name: str = "<text>") -> None:
    """Raise TypeError for anything but a str, InputError for a str no codec can write."""
    if not isinstance(text, str):
        hint = ": decode the bytes first, e.g. data.decode('utf-8')" if isinstance(text, (bytes, bytearray, memoryview)) else ""
        raise TypeError(f"analyze() expects the text as a str, not {type(text).__name__}{hint}")
    m = _SURROGATE.search(text)
    if m:
        raise InputError(
            f"{name}: a lone surrogate U+{ord(m.group()):04X} at offset {m.start()} is not a character "
            "(decode the text with errors='replace', or fix what produced it)"
        )


class _Background:
    """Run a function in a thread; ``result()`` waits for it and re-raises its error.

    A process forked before the thread finished has no such thread: it runs the
    function itself.
    """

    def __init__(self, function):
        import threading

        self._function = function
        self._value = self._error = None
        self._done = False
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self):
        try:
            self._value = self._function()
        except BaseException as exc:  # handed to the caller by result()
            self._error = exc
        self._done = True

    def result(self):
        self._thread.join()
        if not self._done:
            self._run()
        if self._error is not None:
            raise self._error
        return self._value


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

    from .matching import AnchoredMatcher, split_joined_values

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


def _suppress(findings: list[Finding], ranges) -> tuple[list[Finding], int]:
    """Drop findings silenced by suppression comments; return the rest and how many went.

    A range (start, end, rule) silences findings starting inside it whose rule id is
    ``rule``, starts with ``rule.`` or whose category is ``rule``; rule None means all.
    """
    if not ranges:
        return findings, 0

    def silenced(f: Finding) -> bool:
        for start, end, rule in ranges:
            if start <= f.start < end and (
                rule is None
                or f.rule.lower() == rule.lower()
                or f.rule.lower().startswith(rule.lower().rstrip(".") + ".")
                or f.category == rule.lower()
            ):
                return True
        return False

    kept = [f for f in findings if not silenced(f)]
    return kept, len(findings) - len(kept)


def _merge(hits: list[tuple[Rule, Hit]]) -> list[tuple[Rule, Hit, str]]:
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


def _locate(text: str, hits) -> list[Finding]:
    line_starts = [0] + [m.end() for m in re.finditer("\n", text)]
    out = []
    for rule, hit, severity in hits:
        line = bisect_right(line_starts, hit.start)
        matched = text[hit.start : hit.end]
        out.append(
            Finding(
                rule=rule.id,
                category=rule.category,
                severity=severity,
                start=hit.start,
                end=hit.end,
                line=line,
                column=hit.start - line_starts[line - 1] + 1,
                text=matched,
                message=hit.message or rule.message.replace("{text}", matched),
                related=hit.related,
            )
        )
    return out
