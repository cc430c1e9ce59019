"""benchmarks/precision.py --markdown: the per-set table the accuracy docs and model cards print."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))

from precision import markdown_sets  # noqa: E402


def figures(total: float, by_category: float, sober: float, hit: float) -> dict:
    return {"recall": {"superlative": 0.5, "total": total}, "recall_by_category": by_category,
            "sober": {"per_1k_words": {"total": sober}}, "must_not_flag_hit_share": hit}


def test_one_row_per_set_and_mode_then_each_modes_mean_over_the_sets():
    fig = {"a": {"both": figures(0.4, 0.5, 0.2, 0.01)}, "b": {"both": figures(0.6, 0.7, 1.0, 0.03)}}
    lines = markdown_sets(fig).splitlines()
    assert lines[2].startswith("| a | both | 0.5 | - |") and lines[2].endswith("| 0.4 | 0.5 | 0.2 | 1.0% |")
    assert lines[-1].startswith("| mean of 2 sets | both |") and lines[-1].endswith("| 0.500 | 0.600 | 0.60 | 2.0% |")
    assert len(lines) == 5  # header, rule, two sets, one mean (a mode nobody measured has none)


def test_a_single_set_has_no_mean_row():
    assert len(markdown_sets({"a": {"both": figures(0.4, 0.5, 0.2, 0.01)}}).splitlines()) == 3
