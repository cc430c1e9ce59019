"""The claims ledger: the checkable statements of a text, each with its span and value.

``ledger(doc)`` lists the quantities (money, counts, percentages, durations, distances,
ages), ranks and ratings, dates and weekdays of events, places of events, exclusivity and
availability, and quotes with their speakers; ``conflicts(doc)`` compares them and returns
the pairs that cannot both be true; ``learned_conflicts(doc)`` adds the pairs the trained
pair scorer finds among those the comparisons left alone. The contradiction rules (rules/data/contradiction.yaml)
turn those pairs into findings; ``hypecheck claims FILE`` prints the ledger.
"""

from __future__ import annotations

from .model import Claim, Conflict

__all__ = ["Claim", "Conflict", "ledger", "conflicts", "learned_conflicts", "of_source"]


def ledger(doc) -> list[Claim]:
    from .extract import ledger as _ledger

    return _ledger(doc)


def conflicts(doc) -> list[Conflict]:
    from .compare import conflicts as _conflicts

    return _conflicts(doc)


def learned_conflicts(doc) -> list[Conflict]:
    from .scorer import learned_conflicts as _learned

    return _learned(doc)


def of_source(source, model: str | None = None) -> list[Claim]:
    """The ledger of a Source (hypecheck.sources), on the pipeline hypecheck analyses with.
    Offsets and lines refer to ``source.text``."""
    from ..pipeline import load_pipeline, requested_model

    nlp = load_pipeline(requested_model(model)).nlp
    return ledger(nlp(source.nlp_text))
