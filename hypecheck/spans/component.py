"""``hypecheck_spans``: the trained span model as a spaCy component.

It needs the contextual vectors of a statistical English pipeline (``doc.tensor``, set by
its tok2vec), and writes proposals to ``doc.spans["hypecheck_proposals"]``: label =
category, with the model's probability in the group's ``attrs``. The ``hypecheck``
component (rules, hypecheck/component.py) turns them into findings.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from spacy.language import Language

from ..classifier.store import shipped_model
from ..detectors.learned import PROPOSALS, QUIET, VETTED

MODEL_NAME = "spans-v9.npz"
FACTORY = "hypecheck_spans"


def default_model_path() -> Path:
    """Where the shipped model lives (see store.shipped_model)."""
    return shipped_model(MODEL_NAME)


class SpanProposer:
    def __init__(self, model_path: str | None = None) -> None:
        from .model import SpanModel

        self.path = Path(model_path) if model_path else default_model_path()
        self.model = SpanModel.load(self.path)

    def __call__(self, doc):
        from spacy.tokens import Span, SpanGroup

        from .model import decode, quiet_sentences

        with _blas().limit(limits=1, user_api="blas"):
            probs = self.model.probabilities(doc)
        proposals = decode(doc, probs, self.model.labels, self.model.thresholds)
        spans = [Span(doc, p.start, p.end, label=p.label) for p in proposals]
        group = SpanGroup(doc, name=PROPOSALS, spans=spans)
        group.attrs["scores"] = [round(p.score, 4) for p in proposals]
        group.attrs["cues"] = [p.cue for p in proposals]
        group.attrs[QUIET] = [list(r) for r in quiet_sentences(doc, probs, self.model.vet_threshold)]
        group.attrs[VETTED] = self.model.vetted_categories
        doc.spans[PROPOSALS] = group
        return doc

    def pipe(self, docs, batch_size: int = 128):
        for doc in docs:
            yield self(doc)

    # nlp.to_disk / from_disk: the component's data is its model file, copied as is.
    def to_disk(self, path, exclude=()) -> None:
        import shutil

        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(self.path, path / MODEL_NAME)

    def from_disk(self, path, exclude=()):
        from .model import SpanModel

        self.path = Path(path) / MODEL_NAME
        self.model = SpanModel.load(self.path)
        return self


@lru_cache(maxsize=1)
def _blas():
    """The model multiplies a document's tokens by a few hundred columns: a second BLAS
    thread gains nothing there, and on a busy machine OpenBLAS's waiting threads made the
    model 2 to 10 times slower (benchmarks/bench_span_threads.py). The limit holds only
    while the model runs, so the host program's own numpy keeps its threads."""
    from threadpoolctl import ThreadpoolController

    return ThreadpoolController()


@Language.factory(FACTORY, default_config={"model_path": None}, assigns=["doc.spans"])
def make_span_proposer(nlp: Language, name: str, model_path: str | None) -> SpanProposer:
    """Registered on import; the ``spacy_factories`` entry point imports this module."""
    return SpanProposer(model_path)
