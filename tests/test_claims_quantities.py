"""Quantities in the claims ledger: the constructions that bind a figure to what it measures
(partitives, attendance, compound durations, spec labels, the noun a measure modifies) and
the guards that keep consistent texts unflagged."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="module")
def nlp(english_nlp):
    return english_nlp


def _ledger(nlp, text, kind=None):
    from hypecheck.claims import ledger

    return [c for c in ledger(nlp(text)) if kind is None or c.kind == kind]


def _conflicts(nlp, text):
    from hypecheck.claims import conflicts

    return conflicts(nlp(text))


def test_a_compound_duration_is_one_claim_even_after_at(nlp):
    (claim,) = _ledger(nlp, "At two hours and forty minutes, the film follows three generations.", "duration")
    assert claim.value == 160 and claim.text == "two hours and forty minutes"


def test_months_are_a_duration_but_a_months_old_puppy_is_an_age(nlp):
    (claim,) = _ledger(nlp, "The crew's six-month stay aboard the station ended.", "duration")
    assert claim.value == 6 * 30 * 24 * 60
    assert not _ledger(nlp, "We adopted a six-month-old puppy and the 8-month-old kitten.", "duration")


def test_a_partitive_counts_the_part_with_the_whole_noun(nlp):
    claims = _ledger(nlp, "Brightwell will close 38 of its 410 stores by the end of March.", "count")
    part = next(c for c in claims if c.value == 38)
    assert part.unit == "store" and part.text == "38 of its 410 stores"
    assert not part.change  # "by the end of March" is the plan's deadline, not another time


def test_people_a_festival_drew_are_its_attendance(nlp):
    (claim,) = _ledger(nlp, "The festival drew 25,000 people over the weekend.", "count")
    assert "attendance" in claim.topic
    (other,) = _ledger(nlp, "The festival hired 250 people over the weekend.", "count")
    assert "attendance" not in other.topic


def test_a_spec_label_is_what_its_figure_measures(nlp):
    (claim,) = _ledger(nlp, "SPECS\nBattery life: up to 11 hours\n", "duration")
    assert "battery" in claim.topic and claim.approx == "at most"


def test_a_charge_time_is_not_the_battery_life(nlp):
    (claim,) = _ledger(nlp, "A 10-minute charge gives you three more hours.", "duration")[:1]
    assert "charging" in claim.qualifiers


def test_two_ceilings_are_compared_as_maxima():
    from hypecheck.claims.compare import compatible
    from hypecheck.claims.model import Claim

    def up_to(hours):
        return Claim("duration", 0, 1, "", hours * 60.0, "min", approx="at most", digits=2)

    assert not compatible(up_to(18), up_to(11))  # "up to 18 hours" and "up to 11 hours"
    assert compatible(up_to(18), up_to(18))
    assert compatible(up_to(18), Claim("duration", 0, 1, "", 15 * 60.0, "min"))  # "up to 18" allows 15


@pytest.mark.parametrize("text", [
    # "walk" is a route and an event: one word in common, not two
    "Day trip\nThe car park is a ten-minute walk from the gate.\nSol is a five-minute walk from the station.",
    # a part and its whole
    "Board shake-up\nTwo of the four directors resigned on Monday.\nThe four directors were appointed in 2019.",
    # a part and another count the act is not done to
    "Cuts\nThe board voted to close four of its branch libraries.\nThe six branches that stay open will extend their hours.",
    # "will be" after a count does not make it a forecast, and here the counts differ in kind
    "Cuts\nThe board will close four of its branch libraries.\nThe 30 staff at the branches will be offered jobs.",
])
def test_near_misses_are_not_contradictions(nlp, text):
    assert not [c for c in _conflicts(nlp, text) if c.kind in ("count", "duration", "distance")]
