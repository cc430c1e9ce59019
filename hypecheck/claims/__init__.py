"""The claims ledger: the checkable statements of a text, each with its span and value.

``ledger(doc)`` lists the quantities (money, counts, percentages, durations, distances,
ages), ranks and ratings, dates and weekdays of events, places of events, exclusivity and
availability, and quotes with their speakers; ``conflicts(doc)`` compares them and returns
the pairs that cannot both be true. The contradiction rules (rules/data/contradiction.yaml)
turn those pairs into findings; ``hypecheck claims FILE`` prints the ledger.
"""

from __future__ import annotations

from .model import Claim, Conflict

__all__ = ["Claim", "Conflict", "ledger", "conflicts"]


def ledger(doc) -> list[Claim]:
    from .extract import ledger as _ledger

    return _ledger(doc)


def conflicts(doc) -> list[Conflict]:
    from .compare import conflicts as _conflicts

    return _conflicts(doc)
