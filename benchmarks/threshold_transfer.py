"""Do the span model's thresholds keep their false-alarm budget on writers it never saw?

    python benchmarks/threshold_transfer.py [--data ../shared/data] [--writers xc xd xe xf xg]
                                            [--budget PER_1K ...] [--keep MODEL.npz]

Trains the span model exactly as ``hypecheck train-spans`` does, but without the span
corpus's documents by ``--writers`` (default: the fifth round's five writers), then
measures it on those documents with benchmarks/precision.py's figures: the false alarms
its cross-validation promised (per 1,000 sober words) beside the ones it makes on the
unseen writers' sober texts. With several ``--budget`` values the model is trained once
and its thresholds re-chosen per budget. Only training data is used, so any fix it
motivates is free to tune; the held-out sets stay untouched.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "benchmarks"))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=REPO.parent / "shared" / "data")
    ap.add_argument("--writers", nargs="+", default=["xc", "xd", "xe", "xf", "xg"])
    ap.add_argument("--keep", type=Path, help="also write the model trained without them here")
    ap.add_argument("--budget", type=float, nargs="+", help="false alarms per 1,000 sober words for the thresholds (default: the shipped recipe's)")
    args = ap.parse_args()

    import precision

    from hypecheck.spans.thresholds import SOBER_BUDGET
    from hypecheck.spans.train import choose_thresholds, train

    seen, unseen = precision.writer_split(args.writers)
    budgets = args.budget or [SOBER_BUDGET]
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        out = args.keep or Path(tmp) / "spans.npz"
        meta = train(out, args.data, labelled=seen, log=lambda line: None, budget=budgets[0])
        with precision.span_model(out) as model:
            rules = measure(precision, "rules", unseen)
            for budget in budgets:
                model.thresholds, report = choose_thresholds(meta["curves"], meta["sober_words"], lambda line: None, budget)
                promised = sum(p["sober_per_1k"] for p in report.values() if p)
                results.append({"budget": budget, "promised_sober_per_1k": round(promised, 3), "thresholds": report,
                                "measured": {"rules": rules, **{mode: measure(precision, mode, unseen) for mode in ("learned", "both")}}})
    print(json.dumps({"held_out_writers": args.writers, "trained_on": len(seen), "measured_on": len(unseen),
                      "budgets": results}, indent=1))


def measure(precision, mode: str, docs) -> dict:
    fig = precision.labelled_set(precision.analyzer_for(mode, None, False), docs)[0]
    return {"recall": fig["recall"]["total"], "by_category": fig["recall_by_category"],
            "sober_per_1k": fig["sober"]["per_1k_words"]["total"], "must_not_flag_hit_share": fig["must_not_flag_hit_share"]}


if __name__ == "__main__":
    main()
