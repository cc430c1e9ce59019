"""The Analyzer: one loaded pipeline, compiled rules and the classifier, reused per call.

Flow: Source -> Doc (nlp.pipe) -> the ``hypecheck`` component (rule matches and detectors,
merged into ``doc.spans["hypecheck"]``) -> Findings (suppression comments, lines and
columns of the Source) -> score -> Report.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Iterator

from . import pieces, scoring
from .component import HEADLINE, QUOTED, HypecheckComponent, hit_records
from .errors import InputError
from .findings import Finding, Report, Span
from .pipeline import SPANS_BY_DEFAULT, load_pipeline, requested_model
from .rules import Rule
from .sources import Source, from_text
from .suggestions import with_suggestions

LEARNED_RULES = tuple(f"{category}.learned" for category in
                      ("superlative", "hype_language", "shouting", "unverifiable_claim", "vague_attribution", "clickbait_hook"))


class Analyzer:
    def __init__(
        self,
        model: str | None = None,
        enable: list[str] | None = None,
        disable: list[str] | None = None,
        rules: tuple[Rule, ...] | None = None,
        use_classifier: bool = True,
        learned: bool = SPANS_BY_DEFAULT,
    ) -> None:
        # Without the span model, its rules are simply not selected.
        self.pipeline = load_pipeline(requested_model(model), spans=learned)
        if not learned:
            disable = [*(disable or []), *LEARNED_RULES]
        # The classifier loads in a second thread, awaited only when the first report needs
        # it: start-up is most of a one-file run, and its numpy work (which releases the
        # GIL) overlaps the rules' compilation and the first batch's neural network.
        # Started after spaCy's import, which is pure Python and would only contend for the GIL.
        self._classifier = _Background(scoring.load_classifier) if use_classifier else None
        # The Analyzer's own instance, not one added to the cached pipeline: Analyzers with
        # different rules share one loaded pipeline.
        self.component = HypecheckComponent(self.pipeline.nlp, enable=enable, disable=disable, rules=rules)
        self.rules = self.component.rules
        self._rules_by_id = self.component.rules_by_id

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
                doc.user_data.pop(pieces.CONTINUES, None)  # read; Doc.from_docs would warn about it
            parts.append(doc)
            if len(parts) == count:
                if count > 1:
                    from spacy.tokens import Doc

                    from .detectors.learned import join_proposals

                    doc = Doc.from_docs(parts, ensure_whitespace=False, exclude=["tensor"])
                    join_proposals(parts, doc)
                parts = []
                yield self._report(doc, source)

    def _pieces(self, sources: Iterable[Source]):
        tokenizer = self.pipeline.nlp.tokenizer
        for source in sources:
            text = source.nlp_text
            bounds = pieces.split(text)
            for start, end in bounds:
                doc = pieces.tokenize(tokenizer, text[start:end])
                if start:
                    doc.user_data[pieces.CONTINUES] = True  # its first line is no headline
                yield doc, (source, len(bounds))

    def findings(self, doc, source: Source) -> list[Finding]:
        """Run the rules on ``doc`` and read their spans back as Findings on ``source``."""
        # What the Source knows better than the Doc's text: where its headline is (an
        # HTML page's <h1>) and which passages are quoted.
        doc.user_data[HEADLINE] = (
            None if source.headline_start is None
            else [source.headline_start, source.headline_start + len(source.headline or "")]
        )
        if source.quoted:
            doc.user_data[QUOTED] = [list(q) for q in source.quoted]
        self.component(doc)
        return with_suggestions(_locate(source, self._rules_by_id, hit_records(doc)), self._rules_by_id, source.text,
                                self.component.dictionary)

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


def _locate(source: Source, rules_by_id: dict[str, Rule], records) -> list[Finding]:
    """Findings from the component's spans: exact offsets, line and column in the source."""
    text = source.text
    line_starts = [0] + [m.end() for m in re.finditer("\n", text)]
    out = []
    for span, hit in records:
        rule = rules_by_id[span.id_]
        start, end = hit["start"], hit["end"]
        line = bisect_right(line_starts, start)
        matched = text[start:end]
        related = hit["related"]
        out.append(
            Finding(
                rule=rule.id,
                category=rule.category,
                severity=hit["severity"],
                start=start,
                end=end,
                line=line,
                column=start - line_starts[line - 1] + 1,
                text=matched,
                message=hit["message"] if hit["own_message"] else rule.message.replace("{text}", matched),
                related=Span(*related) if related else None,
            )
        )
    return out
