"""Compare span architectures on one split: hypecheck's span model vs spaCy's spancat.

Split (never holdout4, holdout5 or holdout6): training = the documents of
hypecheck.spans.train.TRAIN_SETS except the span corpus's third round (ids wm-, wn-, wo-,
wp-); evaluation = those 312 documents. Labels: the six learned categories.

    source /work/main/.venv/bin/activate; export PYTHONPATH=$PWD OMP_NUM_THREADS=1
    B=benchmarks/compare_span_architectures.py; S=benchmarks/spancat; W=/tmp/spancat
    python $B convert --out $W/corpus                  # DocBins: train, dev (a sample of train), eval
    python $B baseline --out $W/baseline.npz --data ../shared/data   # hypecheck's recipe, training split
    python -m spacy train $S/sm_singlelabel.cfg --code $S/functions.py -o $W/single \
        --paths.train $W/corpus/train.spacy --paths.dev $W/corpus/dev.spacy --training.max_steps 6700
    python $B compare --baseline $W/baseline.npz --spancat single=$W/single/model-last --json $W/res.json
    python $B table $W/res.json [more.json ...]         # one table from several compare runs

(sm_tok2vec.cfg and own_tok2vec.cfg are the multi-label spancat, see docs/span-architectures.md;
6,700 steps is where 40 minutes of CPU time stopped the measured run.)

``compare`` measures every model the same way on the evaluation documents. For each
category, the model's score threshold is swept over one grid; the operating point is the
most lenient threshold at which the category's false alarms (proposals in the sober and
everyday documents that overlap no annotated span) stay within its share of the budget
(0.6 per 1,000 words over six categories: 0.1 each, as hypecheck/spans/thresholds.py
shares it; a second point at 2.0). There: recall (annotated spans overlapped by a proposal
of the same category), category-agnostic recall (by a proposal of any category), and the
precision of proposals in the hype documents (overlapping any annotated span). "Beside the
rules" repeats it as hypecheck would use the model: proposals overlapping a hand-written
rule's finding, or caught by the learned rules' context conditions, are dropped, and only
annotated spans the rules miss count. Words are counted as hypecheck's reports count them.

spancat scores every candidate n-gram; overlapping candidates of one category are reduced
to the best-scored (greedy non-maximum suppression), so one phrase is one proposal, as the
span model's decoder makes one span of a run of tokens. ``--merge`` instead joins
overlapping candidates over the threshold into one span.
"""

from __future__ import annotations

import argparse
import bisect
import json
import sys
import time
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
THIRD_ROUND = ("wm-", "wn-", "wo-", "wp-")
SPANS_KEY = "sc"
BUDGETS = (0.6, 2.0)
# One grid for every model: fine near 1, where a small false-alarm budget puts the thresholds,
# and down to 0.001 for a model whose scores stay small.
GRID = np.unique(np.round(np.concatenate([[0.001, 0.002, 0.003, 0.005, 0.007, 0.01, 0.015], np.arange(0.02, 0.99, 0.01),
                                          np.arange(0.99, 0.9999, 0.001), np.arange(0.999, 0.99999, 0.0001)]), 5))[::-1]


def split():
    from hypecheck.spans.corpus import REPO as DATA_REPO
    from hypecheck.spans.corpus import read_set
    from hypecheck.spans.train import TRAIN_SETS

    docs = [d for name in TRAIN_SETS if (DATA_REPO / "data" / name).exists() for d in read_set(name)]
    evaluation = [d for d in docs if d.id.startswith(THIRD_ROUND)]
    return [d for d in docs if not d.id.startswith(THIRD_ROUND)], evaluation


def convert(out: Path, dev_share: float = 0.1) -> None:
    """DocBins with the six categories in doc.spans["sc"]. dev.spacy is a seeded sample of the
    training documents (spaCy wants a dev corpus; it only shows progress, model-last is used)."""
    import spacy
    from spacy.tokens import DocBin

    from hypecheck.spans.corpus import LEARNED

    nlp = spacy.blank("en")
    training, evaluation = split()
    rng = np.random.default_rng(0)
    dev = set(rng.permutation(len(training))[: int(len(training) * dev_share)].tolist())
    out.mkdir(parents=True, exist_ok=True)
    for name, docs in (("train", training), ("dev", [training[i] for i in sorted(dev)]), ("eval", evaluation)):
        bin_, count = DocBin(store_user_data=False), 0
        for item in docs:
            doc = nlp.make_doc(item.text)
            spans = [doc.char_span(s, e, label=c, alignment_mode="expand") for s, e, c in item.spans if c in LEARNED]
            doc.spans[SPANS_KEY] = [s for s in spans if s is not None]
            count += len(doc.spans[SPANS_KEY])
            bin_.add(doc)
        bin_.to_disk(out / f"{name}.spacy")
        print(f"{name}: {len(docs)} documents, {count} spans -> {out / name}.spacy")


def baseline(out: Path, data: Path) -> None:
    from hypecheck.spans.train import train

    training, _ = split()
    started = time.time()
    meta = train(out, data, labelled=training, log=lambda line: print(line, flush=True))
    print(json.dumps({"documents": meta["documents"], "tokens": meta["tokens"], "seconds": round(time.time() - started)}))


# --- proposals: (document, start_char, end_char, category) for a category at a threshold ---

class SpanModelProposals:
    """hypecheck's span model read as component.py reads it: probabilities, then decode."""

    def __init__(self, path: Path, docs) -> None:
        from hypecheck.spans.model import SpanModel

        self.model = SpanModel.load(path)
        self.docs = docs
        self.probs = [self.model.probabilities(doc) for doc in docs]
        self.labels = self.model.labels

    def at(self, category: str, threshold: float):
        from hypecheck.spans.model import decode

        th = np.full(len(self.labels), 2.0, np.float32)
        th[self.labels.index(category)] = threshold
        for k, (doc, probs) in enumerate(zip(self.docs, self.probs)):
            for p in decode(doc, probs, self.labels, th):
                yield k, doc[p.start].idx, doc[p.end - 1].idx + len(doc[p.end - 1]), category


class SpancatProposals:
    """A trained spancat pipeline's scores for every candidate its suggester makes."""

    def __init__(self, path: Path, texts: list[str], merge: bool = False) -> None:
        import spacy

        sys.path.insert(0, str(REPO / "benchmarks" / "spancat"))
        import functions  # noqa: F401 - registers the suggester the config names

        self.nlp = spacy.load(path)
        self.merge = merge
        self._nms: dict[int, list] = {}
        spancat = self.nlp.get_pipe("spancat")
        self.labels = list(spancat.labels)
        self.candidates = []  # per document: (starts, ends, scores (n, labels)) in characters
        upstream = [name for name in self.nlp.pipe_names if name != "spancat"]
        for doc in self.nlp.pipe(texts, disable=["spancat"]) if upstream else map(self.nlp.make_doc, texts):
            indices, scores = spancat.predict([doc])
            idx = np.asarray(indices.dataXd).reshape(-1, 2)
            starts = np.array([doc[s].idx for s in idx[:, 0]], np.int64)
            ends = np.array([doc[e - 1].idx + len(doc[e - 1]) for e in idx[:, 1]], np.int64)
            # spancat_singlelabel adds a last column, "no span"
            scores = np.asarray(scores).reshape(len(idx), -1)[:, : len(self.labels)]
            self.candidates.append((starts, ends, scores))

    def at(self, category: str, threshold: float):
        c = self.labels.index(category)
        if not self.merge:
            for k, (starts, ends, scores) in enumerate(self._kept(c)):
                for s, e in zip(starts[scores >= threshold], ends[scores >= threshold]):
                    yield k, int(s), int(e), category
            return
        for k, (starts, ends, scores) in enumerate(self.candidates):
            keep = scores[:, c] >= threshold
            s, e = starts[keep], ends[keep]
            order = np.argsort(s, kind="stable")
            s, e = s[order], e[order]
            reach = np.maximum.accumulate(e) if len(e) else e
            new = np.concatenate([[True], s[1:] >= reach[:-1]]) if len(s) else np.zeros(0, bool)
            for group_start, group_end in zip(s[new], np.append(reach[np.flatnonzero(new)[1:] - 1], reach[-1:])):
                yield k, int(group_start), int(group_end), category

    def _kept(self, c: int):
        """Greedy non-maximum suppression, once per category: candidates from the best score
        down, each kept unless it overlaps one kept already. What survives at a threshold is
        the kept candidates scoring at least that much (a greedy pass only looks back)."""
        if c not in self._nms:
            out = []
            for starts, ends, scores in self.candidates:
                order = np.argsort(-scores[:, c], kind="stable")
                order = order[scores[order, c] >= GRID.min()]
                kept_s: list[int] = []
                kept_e: list[int] = []  # sorted by start; kept spans never overlap
                chosen = []
                for i in order:
                    s, e = int(starts[i]), int(ends[i])
                    j = bisect.bisect_left(kept_s, s)
                    if (j < len(kept_s) and kept_s[j] < e) or (j > 0 and kept_e[j - 1] > s):
                        continue
                    kept_s.insert(j, s)
                    kept_e.insert(j, e)
                    chosen.append(i)
                chosen = np.array(chosen, int)
                out.append((starts[chosen], ends[chosen], scores[chosen, c]))
            self._nms[c] = out
        return self._nms[c]


# --- the metric ---

def _overlaps(ranges, s: int, e: int) -> bool:
    return any(a < e and s < b for a, b, *_ in ranges)


class Judge:
    def __init__(self, evaluation, hc_docs=None, ruled=None, unless=None) -> None:
        from hypecheck.scoring import WORDS
        from hypecheck.spans.corpus import LEARNED

        self.items = evaluation
        self.categories = list(LEARNED)
        self.sober_words = sum(len(WORDS.findall(d.text)) for d in evaluation if d.kind != "hype")
        self.hc_docs, self.ruled, self.unless = hc_docs, ruled, unless or {}

    def kept(self, proposals):
        """Beside the rules: drop what a rule already found or a context condition excuses."""
        for k, s, e, c in proposals:
            if self.ruled is None:
                yield k, s, e, c
                continue
            span = self.hc_docs[k].char_span(s, e, alignment_mode="expand")
            if _overlaps(self.ruled[k], s, e) or (span is not None and any(f(span) for f in self.unless.get(c, []))):
                continue
            yield k, s, e, c

    def gold(self, category: str):
        return [(k, s, e) for k, item in enumerate(self.items) for s, e, c in item.spans if c == category
                and not (self.ruled and any(a < e and s < b and rc == c for a, b, rc in self.ruled[k]))]

    def right(self, k: int, s: int, e: int) -> bool:
        return _overlaps(self.items[k].spans, s, e)

    def false_alarms(self, props) -> int:
        return sum(1 for k, s, e, _ in props if self.items[k].kind != "hype" and not self.right(k, s, e))

    def operating_point(self, source, budget: float) -> dict:
        share = budget * self.sober_words / 1000 / len(self.categories)
        chosen, props = {}, []
        for c in self.categories:
            best = None
            for t in GRID:  # strict to lenient; keep the most lenient within the share
                p = list(self.kept(source.at(c, float(t))))
                if self.false_alarms(p) <= share:
                    best = (float(t), p)
            chosen[c] = best[0] if best else None
            props += best[1] if best else []
        return self.figures(props, chosen)

    def figures(self, props, thresholds) -> dict:
        by_doc: dict[int, list] = {}
        for k, s, e, c in props:
            by_doc.setdefault(k, []).append((s, e, c))
        out = {"thresholds": thresholds, "recall": {}, "precision_hype": {}}
        found_all = gold_all = found_any = 0
        for c in [*self.categories, None]:
            gold = [g for cat in ([c] if c else self.categories) for g in self.gold(cat)]
            found = sum(any(a < e and s < b and (c is None or pc == c) for a, b, pc in by_doc.get(k, []))
                        for k, s, e in gold)
            if c:
                found_all += found
                gold_all += len(gold)
                out["recall"][c] = round(found / max(len(gold), 1), 3)
            else:
                found_any = found
            hype = [self.right(k, s, e) for k, s, e, pc in props if self.items[k].kind == "hype" and pc == (c or pc)]
            out["precision_hype"][c or "total"] = round(float(np.mean(hype)), 3) if hype else None
        out["recall"]["total"] = round(found_all / max(gold_all, 1), 3)
        out["recall"]["mean_by_category"] = round(float(np.mean([out["recall"][c] for c in self.categories])), 3)
        out["recall_any_category"] = round(found_any / max(gold_all, 1), 3)
        out["gold"] = gold_all
        out["false_alarms_per_1k"] = round(1000 * self.false_alarms(props) / max(self.sober_words, 1), 3)
        out["proposals"] = len(props)
        return out


def _words_per_second(run, texts, words: int) -> float:
    run(texts[:20])  # warm-up
    started = time.perf_counter()
    run(texts)
    return round(words / (time.perf_counter() - started))


def _size(path: Path) -> int:
    return path.stat().st_size if path.is_file() else sum(f.stat().st_size for f in path.rglob("*") if f.is_file())


def compare(baseline_path: Path | None, spancats: list[str], merge: bool, beside_rules: bool) -> dict:
    from hypecheck.pipeline import load_pipeline
    from hypecheck.scoring import WORDS
    from hypecheck.spans import component

    _, evaluation = split()
    texts = [d.text for d in evaluation]
    words = sum(len(WORDS.findall(t)) for t in texts)
    nlp = load_pipeline(None, spans=True).nlp
    skip = [component.FACTORY]
    hc_docs = list(nlp.pipe(texts, disable=skip))
    judges = {"alone": Judge(evaluation)}
    if beside_rules:
        from hypecheck.spans.thresholds import conditions
        from hypecheck.spans.train import rule_findings

        judges["beside the rules"] = Judge(evaluation, hc_docs, rule_findings(evaluation), conditions())
    sources, info = {}, {}
    if baseline_path:
        sources["span model"] = SpanModelProposals(baseline_path, hc_docs)
        model = sources["span model"].model
        rest = [n for n in nlp.pipe_names if n not in ("hypecheck", *skip)]
        info["span model"] = {
            "bytes": _size(baseline_path), "train_meta": {k: model.meta.get(k) for k in ("documents", "tokens")},
            "words_per_s_with_english_pipeline": _words_per_second(
                lambda ts: [model.propose(d) for d in nlp.pipe(ts, disable=[n for n in nlp.pipe_names if n not in rest])],
                texts, words),
            "words_per_s_model_only": _words_per_second(lambda ts: [model.propose(d) for d in hc_docs[: len(ts)]],
                                                        texts, words),
            "own_thresholds": {lab: round(float(t), 3) for lab, t in zip(model.labels[1:], model.thresholds[1:])},
        }
    for spec in spancats:
        name, _, path = spec.partition("=")
        source = SpancatProposals(Path(path), texts, merge)
        sources[f"spancat {name}"] = source
        info[f"spancat {name}"] = {"bytes": _size(Path(path)), "pipeline": source.nlp.pipe_names,
                                   "words_per_s": _words_per_second(lambda ts, nlp=source.nlp: list(nlp.pipe(ts)), texts, words)}
    results = {"evaluation": {"documents": len(evaluation), "words": words, "sober_words": judges["alone"].sober_words,
                              "gold_spans": judges["alone"].figures([], {})["gold"]},
               "models": info, "points": []}
    for judge_name, judge in judges.items():
        for budget in BUDGETS:
            for name, source in sources.items():
                fig = judge.operating_point(source, budget)
                results["points"].append({"model": name, "judged": judge_name, "budget_per_1k": budget, **fig})
                print(json.dumps(results["points"][-1]), flush=True)
        if "span model" in sources:  # for reference: at the thresholds its training chose (out of fold)
            own = info["span model"]["own_thresholds"]
            props = [p for c, t in own.items() if t <= 1 for p in judge.kept(sources["span model"].at(c, t))]
            fig = judge.figures(props, own)
            results["points"].append({"model": "span model, own thresholds", "judged": judge_name,
                                      "budget_per_1k": "-", **fig})
    return results


def table(results: dict) -> str:
    from hypecheck.spans.corpus import LEARNED

    head = ["judged", "budget", "model", *LEARNED, "total", "mean", "any category", "FA/1k", "prec. hype"]
    rows = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for p in results["points"]:
        rows.append("| " + " | ".join(str(x) for x in [
            p["judged"], p["budget_per_1k"], p["model"], *(p["recall"][c] for c in LEARNED), p["recall"]["total"],
            p["recall"]["mean_by_category"], p["recall_any_category"], p["false_alarms_per_1k"],
            p["precision_hype"]["total"]]) + " |")
    return "\n".join(rows)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = ap.add_subparsers(dest="command", required=True)
    c = sub.add_parser("convert", help="write train/dev/eval DocBins")
    c.add_argument("--out", type=Path, required=True)
    b = sub.add_parser("baseline", help="train hypecheck's span model on the training split")
    b.add_argument("--out", type=Path, required=True)
    b.add_argument("--data", type=Path, default=REPO.parent / "shared" / "data")
    m = sub.add_parser("compare", help="measure the models on the evaluation split")
    m.add_argument("--baseline", type=Path)
    m.add_argument("--spancat", nargs="*", default=[], metavar="NAME=PATH")
    m.add_argument("--merge", action="store_true", help="spancat: join overlapping candidates instead of keeping the best")
    m.add_argument("--no-rules", action="store_true", help="skip the beside-the-rules figures")
    m.add_argument("--json", type=Path, help="also write the figures here")
    t = sub.add_parser("table", help="one table from the --json files of several compare runs")
    t.add_argument("files", type=Path, nargs="+")
    args = ap.parse_args()
    if args.command == "convert":
        convert(args.out)
    elif args.command == "baseline":
        baseline(args.out, args.data)
    elif args.command == "table":
        runs = [json.loads(f.read_text()) for f in args.files]
        merged = {**runs[0], "models": {k: v for r in runs for k, v in r["models"].items()},
                  "points": [p for r in runs for p in r["points"]]}
        merged["points"].sort(key=lambda p: (p["judged"] != "alone", p["budget_per_1k"] == "-", str(p["budget_per_1k"])))
        print(json.dumps(merged["models"], indent=1))
        print(table(merged))
    else:
        results = compare(args.baseline, args.spancat, args.merge, not args.no_rules)
        if args.json:
            args.json.write_text(json.dumps(results, indent=1))
        print(json.dumps(results["models"], indent=1))
        print(table(results))


if __name__ == "__main__":
    main()
