"""The false-alarm budget that chooses the span model's thresholds (thresholds.allocate)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from hypecheck.spans.thresholds import GRID, MIN_PRECISION, allocate


def curve(false_alarms: list[int], precision: float = 0.8, found: int = 5) -> list[dict]:
    """One category's points over GRID (strict to lenient): false alarms never fall as the
    threshold loosens."""
    running, points = 0, []
    for extra in false_alarms:
        running += extra
        points.append({"false_sober": running, "precision": precision, "found": found})
    return points


alarms = st.lists(st.integers(0, 6), min_size=len(GRID), max_size=len(GRID))


@given(st.lists(alarms, min_size=1, max_size=6), st.floats(0.0, 3.0), st.floats(0.0, 3.0))
def test_a_larger_budget_never_gives_a_stricter_threshold(categories, a, b):
    curves = {c + 1: curve(steps) for c, steps in enumerate(categories)}
    low, high = sorted((a, b))
    strict, lenient = allocate(curves, 10_000, low), allocate(curves, 10_000, high)
    assert all(lenient[c] >= strict[c] for c in curves)


def test_each_category_spends_an_equal_share_and_no_more():
    # 10,000 sober words at 1.0 per 1k: 10 false alarms, 5 for each of two categories
    curves = {1: curve([0, 2, 2, 1, 3] + [0] * (len(GRID) - 5)), 2: curve([6] + [0] * (len(GRID) - 1))}
    at = allocate(curves, 10_000, 1.0)
    assert curves[1][at[1]]["false_sober"] <= 5 < curves[1][at[1] + 1]["false_sober"]
    assert at[2] == -1  # its strictest point already spends more than its share: off


def test_a_category_whose_proposals_are_mostly_wrong_stays_off_whatever_the_budget():
    curves = {1: curve([0] * len(GRID), precision=MIN_PRECISION - 0.01)}
    assert allocate(curves, 10_000, 100.0) == {1: -1}
