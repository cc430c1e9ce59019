"""Calibrate the 0-100 document score: does more hype score higher, and does sober
reporting stay low even when long?

Runs the full analyzer once over hypecheck's development set (data/dev) and the labelled
articles of ../shared/data/articles-dev, then prints, for the score formula's constants
in hypecheck/scoring.py and a small grid around them: the mean score per group and the
AUC of the score for hype vs sober (dev set), fake+satire vs real (Horne 2017) and fake
vs legit (Perez-Rosas 2018).

    python benchmarks/calibrate_score.py [--data ../shared/data] [--grid]
"""

from __future__ import annotations

import argparse
import itertools
import json
from pathlib import Path
from statistics import mean

REPO = Path(__file__).resolve().parents[1]


def load_groups(data: Path) -> dict[str, list[str]]:
    groups: dict[str, list[str]] = {}
    for line in (REPO / "data" / "dev" / "articles.jsonl").read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        groups.setdefault(f"dev {record['style']}", []).append(record["text"])
    horne = data / "articles-dev" / "horne2017.jsonl"
    if horne.exists():
        for line in horne.read_text(encoding="utf-8").splitlines():
            r = json.loads(line)
            groups.setdefault(f"horne {r['label']}", []).append(f"{r['title']}\n{r['body']}")
    perez = data / "articles-dev" / "perezrosas2018-amt.jsonl"
    if perez.exists():
        for line in perez.read_text(encoding="utf-8").splitlines():
            r = json.loads(line)
            groups.setdefault(f"perez {r['label']}", []).append(r["text"])
    return groups


def auc(positives: list[float], negatives: list[float]) -> float:
    """Probability that a random positive scores above a random negative (ties count half)."""
    wins = sum((p > n) + 0.5 * (p == n) for p in positives for n in negatives)
    return wins / (len(positives) * len(negatives))


def components(groups):
    """Per document: (severity-weighted findings, words, headline p, body p), once."""
    from hypecheck import scoring
    from hypecheck.engine import Analyzer
    from hypecheck.findings import SEVERITY_WEIGHT
    from hypecheck.sources import from_text

    analyzer = Analyzer()
    out = {}
    for name, texts in groups.items():
        rows = []
        sources = [from_text(t, name) for t in texts]
        docs = analyzer.pipeline.nlp.pipe((s.nlp_text for s in sources), batch_size=16)
        for source, doc in zip(sources, docs):
            findings = analyzer.findings(doc, source)
            weighted = sum(SEVERITY_WEIGHT[f.severity] for f in findings)
            words = len(scoring.WORDS.findall(source.nlp_text))
            head, _ = scoring.classify(analyzer.classifier, doc, source)
            rows.append((weighted, words, head, scoring.body_probability(analyzer.classifier, doc)))
        out[name] = rows
    return out


def evaluate(comp, scale, weights, floor):
    from hypecheck import scoring

    scores = {
        name: [scoring.combine(w, n, h, b, scale=scale, weights=weights, floor=floor) for w, n, h, b in rows]
        for name, rows in comp.items()
    }
    pairs = [("dev hype", ["dev sober"]), ("horne fake", ["horne real"]), ("horne satire", ["horne real"]), ("perez fake", ["perez legit"])]
    aucs = {
        f"{pos} > {negs[0]}": auc(scores[pos], scores[negs[0]])
        for pos, negs in pairs
        if pos in scores and negs[0] in scores
    }
    return scores, aucs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=REPO.parent / "shared" / "data")
    parser.add_argument("--grid", action="store_true", help="also try constants around the current ones")
    args = parser.parse_args()

    from hypecheck import scoring

    comp = components(load_groups(args.data))
    current = (
        scoring.DENSITY_SCALE,
        (scoring.RULE_WEIGHT, scoring.HEADLINE_WEIGHT, scoring.BODY_WEIGHT),
        scoring.CLASSIFIER_FLOOR,
    )
    scores, aucs = evaluate(comp, *current)
    print(f"constants: density scale {current[0]}, weights rules/headline/body {current[1]}, floor {current[2]}")
    print(f"{'group':14} {'docs':>5} {'mean':>6} {'median':>6} {'<20':>5} {'>=65':>5} {'rules/1kw':>9} {'p(head)':>7} {'p(body)':>7}")
    for name, values in scores.items():
        ordered = sorted(values)
        rows = comp[name]
        print(
            f"{name:14} {len(values):5d} {mean(values):6.1f} {ordered[len(ordered) // 2]:6d} "
            f"{sum(v < 20 for v in values) / len(values):5.0%} {sum(v >= 65 for v in values) / len(values):5.0%} "
            f"{mean(1000 * w / max(n, 1) for w, n, _, _ in rows):9.1f} "
            f"{mean(h for _, _, h, _ in rows):7.2f} {mean(b for *_, b in rows):7.2f}"
        )
    for pair, value in aucs.items():
        print(f"AUC {pair}: {value:.3f}")
    if args.grid:
        print("\ngrid: scale, weights, floor -> AUCs; mean score of dev sober, dev hype, horne real")
        for scale, weights, floor in itertools.product(
            (8, 12, 16), ((0.6, 0.25, 0.15), (0.7, 0.2, 0.1), (0.5, 0.3, 0.2), (1.0, 0.0, 0.0)), (0.25, 0.35, 0.45)
        ):
            s, a = evaluate(comp, scale, weights, floor)
            print(
                scale, weights, floor, " ".join(f"{v:.3f}" for v in a.values()),
                *(f"{mean(s[g]):.1f}" for g in ("dev sober", "dev hype", "horne real") if g in s),
            )


if __name__ == "__main__":
    main()
