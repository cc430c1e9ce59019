"""Learning curve of the span model: recall on the held-out sets at 25, 50 and 100% of
the training documents (a seeded sample), so the model card can say whether more data
would help. Nothing is chosen from these figures.

    python benchmarks/learning_curve.py [--data ../shared/data] [--sets holdout4 holdout5]
    python benchmarks/learning_curve.py --writers xc xd xe xf xg

With ``--writers``, the curve is drawn on training data alone: the model learns from the
other writers' documents (a seeded share of them) and is measured on these writers' texts
(as benchmarks/threshold_transfer.py does), so no held-out set is spent.

Each point trains a model into a temporary file (about 2-8 minutes each on 2 cores) and
measures it with benchmarks/precision.py's labelled-set figures, the span model's rules
alone ("learned") and with the hand-written rules ("both").
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
    ap.add_argument("--sets", nargs="+", default=["holdout4", "holdout5"])
    ap.add_argument("--fractions", nargs="+", type=float, default=[0.25, 0.5, 1.0])
    ap.add_argument("--writers", nargs="+", help="measure on these writers' texts of the training sets, trained without them")
    args = ap.parse_args()

    import precision

    from hypecheck.spans.corpus import read_set
    from hypecheck.spans.train import train

    if args.writers:
        training, unseen = precision.writer_split(args.writers)
        if not unseen:
            sys.exit(f"learning_curve.py: no training document is by {' '.join(args.writers)}")
        measured = {"+".join(args.writers): unseen}
    else:
        training, measured = None, {name: read_set(name) for name in args.sets}
    rows = []
    for fraction in args.fractions:
        with tempfile.TemporaryDirectory() as tmp:
            out = Path(tmp) / "spans.npz"
            meta = train(out, args.data, fraction=fraction, labelled=training, log=lambda line: None)
            with precision.span_model(out):
                for mode in ("learned", "both"):
                    analyzer = precision.analyzer_for(mode, None, False)
                    for name, docs in measured.items():
                        fig = precision.labelled_set(analyzer, docs)[0]
                        rows.append({"fraction": fraction, "documents": meta["documents"], "mode": mode, "set": name,
                                     "recall": fig["recall"], "recall_by_category": fig["recall_by_category"],
                                     "sober_per_1k": fig["sober"]["per_1k_words"]["total"]})
        print(json.dumps(rows[-2 * len(measured):]), flush=True)
    print("\nfraction  docs  mode     set        recall  by-category  sober/1k")
    for r in rows:
        print(f"{r['fraction']:>8}  {r['documents']:>4}  {r['mode']:<7}  {r['set']:<9}  {r['recall']['total']:>6}  "
              f"{r['recall_by_category']:>11}  {r['sober_per_1k']:>8}")


if __name__ == "__main__":
    main()
