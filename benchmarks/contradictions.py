"""Contradiction findings: recall on the labelled sets, false alarms on sober and real text.

    python benchmarks/contradictions.py [--data ../shared/data] [--verbose] [--json]
                                        [--holdout] [--only NAME]

Figures:
  * data/contradictions-dev, data/contradictions-dev2 (and, with --holdout, the held-out
    sets data/contradictions-holdout, spent after two readings, -holdout2 and -holdout3): recall on
    the documents' contradictions, by type. A contradiction is *touched* when a
    contradiction finding (its span or its related span) overlaps one of its two
    passages, and *paired* when one finding links both (its other span on the other
    passage, or saying the same words there: a headline may repeat the body's figure). Consistent documents: how many
    got a contradiction finding (the target is none);
  * data/dev, holdout, holdout2, holdout3: recall on the expected contradiction items and
    contradiction findings on the sober articles;
  * data/holdout4 (with --holdout): the summary figure only (contradictions found of those expected). Its
    misses are never printed, not even with --verbose: it is the final held-out set;
  * the real and legit articles of ../shared/data/articles-dev (horne2017 and
    perezrosas2018-amt): contradiction findings per 50 articles.
--verbose lists misses, false alarms and every finding on the real articles (never for
holdout4 and the held-out contradiction sets, measured only with --holdout and never
tuned on).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
OWN = ("dev", "holdout", "holdout2", "holdout3")
# ../shared beside the checkout (a worktree one level deeper looks one level further up)
SHARED_DATA = next((p / "shared" / "data" for p in REPO.parents if (p / "shared" / "data").is_dir()),
                   REPO.parent / "shared" / "data")
REAL = {"horne2017.jsonl": "real", "perezrosas2018-amt.jsonl": "legit"}
DEV = ("contra-dev", "contra-dev2", "contra-dev3", "contra-dev4", "contra-dev5", "contra-dev6", "contra-train")
HELD = ("contra-holdout", "contra-holdout2", "contra-holdout3", "contra-holdout4", "contra-holdout5", "contra-holdout6",
        "contra-holdout7", "contra-holdout8", "contra-holdout9", "contra-holdout10", "contra-holdout11",
        "contra-holdout12", "contra-holdout13")


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def analyzer():
    from hypecheck.engine import Analyzer

    return Analyzer(use_classifier=False, enable=["contradiction"], learned=False)


def reports(an, texts: list[str]) -> list:
    from hypecheck.sources import from_text

    return list(an.analyze_sources(from_text(t, f"#{i}") for i, t in enumerate(texts)))


def spans(f) -> list[tuple[int, int]]:
    return [(f.start, f.end)] + ([(f.related.start, f.related.end)] if f.related else [])


def touches(f, start: int, end: int) -> bool:
    return any(s < end and start < e for s, e in spans(f))


def pairs(f, text: str, a: tuple[int, int], b: tuple[int, int]) -> bool:
    """The finding links the two passages (hypecheck.claims.labels.links)."""
    from hypecheck.claims.labels import links

    return bool(f.related) and links(f, f.related, a, b, text)


def contradiction_set(an, path: Path, verbose: bool) -> dict:
    from hypecheck.claims.labels import passages

    records = read_jsonl(path)
    reps = reports(an, [r["text"] for r in records])
    by_type: dict[str, Counter] = {}
    consistent_hit, consistent = 0, 0
    stray = 0
    lines = []
    for rec, rep in zip(records, reps):
        found = [f for f in rep.findings if f.category == "contradiction"]
        if rec["kind"] != "contradiction":
            consistent += 1
            consistent_hit += bool(found)
            if verbose:
                lines += [f"FALSE ALARM {rec['id']}: {f.rule} {f.text!r} ~ {f.related.text if f.related else ''!r}: {f.message}"
                          for f in found]
            continue
        used = set()
        for item in rec["contradictions"]:
            tally = by_type.setdefault(item["type"], Counter())
            tally["total"] += 1
            a, b = passages(rec["text"], item)  # hypecheck.claims.labels
            touching = [f for f in found if touches(f, *a) or touches(f, *b)]
            paired = [f for f in touching if pairs(f, rec["text"], a, b)]
            tally["touched"] += bool(touching)
            tally["paired"] += bool(paired)
            used.update(id(f) for f in touching)
            if verbose and not paired:
                got = "; ".join(f"{f.text!r}~{f.related.text if f.related else ''!r}" for f in touching)
                lines.append(f"MISS {rec['id']} [{item['type']}] {item['first']!r} / {item['second']!r}"
                             + (f" (touched by {got})" if got else ""))
        extra = [f for f in found if id(f) not in used]
        stray += len(extra)
        if verbose:
            lines += [f"STRAY {rec['id']}: {f.rule} {f.text!r}: {f.message}" for f in extra]
    total = sum(t["total"] for t in by_type.values())
    out = {
        "documents": len(records),
        "contradictions": total,
        "touched": sum(t["touched"] for t in by_type.values()),
        "paired": sum(t["paired"] for t in by_type.values()),
        "recall_touched": round(sum(t["touched"] for t in by_type.values()) / max(total, 1), 3),
        "recall_paired": round(sum(t["paired"] for t in by_type.values()) / max(total, 1), 3),
        "by_type": {k: dict(v) for k, v in sorted(by_type.items())},
        "consistent_documents": consistent,
        "consistent_with_finding": consistent_hit,
        "stray_findings_on_contradiction_documents": stray,
    }
    return out, lines


def own_sets(an, names, verbose: bool, quiet: bool = False) -> tuple[dict, list[str]]:
    """Recall on the expected contradiction items of the hype/sober article sets."""
    expected = found = sober_findings = 0
    lines = []
    for name in names:
        records = read_jsonl(REPO / "data" / name / "articles.jsonl")
        for rec, rep in zip(records, reports(an, [r["text"] for r in records])):
            cons = [f for f in rep.findings if f.category == "contradiction"]
            if rec["style"] != "hype":
                sober_findings += len(cons)
                if verbose and not quiet:
                    lines += [f"SOBER {name}/{rec['id']}: {f.text!r}: {f.message}" for f in cons]
            for item in rec.get("expected", []):
                if item["category"] != "contradiction":
                    continue
                start = rec["text"].find(item["text"])
                hit = any(touches(f, start, start + len(item["text"])) for f in cons)
                expected += 1
                found += hit
                if verbose and not quiet and not hit:
                    lines.append(f"MISS {name}/{rec['id']}: {item['text']!r}")
    return {"expected": expected, "found": found, "sober_findings": sober_findings}, lines


def real_articles(an, data: Path, verbose: bool) -> tuple[dict, list[str]]:
    texts = []
    for name, label in REAL.items():
        path = data / "articles-dev" / name
        if not path.exists():
            print(f"note: {path} not found, skipped", file=sys.stderr)
            continue
        for i, rec in enumerate(read_jsonl(path)):
            if rec.get("label") == label:
                body = rec.get("text") or (rec.get("title") or "") + "\n\n" + (rec.get("body") or "")
                texts.append((f"{name}:{i}", body))
    lines = []
    count = 0
    for (key, _text), rep in zip(texts, reports(an, [t for _, t in texts])):
        for f in rep.findings:
            if f.category == "contradiction":
                count += 1
                if verbose:
                    lines.append(f"REAL {key} line {f.line}: {f.rule} {f.text!r} ~ "
                                 f"{f.related.text if f.related else ''!r}: {f.message}")
    return {"articles": len(texts), "findings": count,
            "per_50_articles": round(50 * count / max(len(texts), 1), 2)}, lines


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=SHARED_DATA)
    ap.add_argument("--verbose", action="store_true")
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--holdout", action="store_true",
                    help="also measure the held-out sets data/contradictions-holdout to -holdout13 (summary only; never tune on them)")
    ap.add_argument("--only", choices=(*DEV, *HELD, "own", "holdout4", "real"))
    args = ap.parse_args()
    an = analyzer()
    figures, lines = {}, []
    held = (*HELD, "holdout4")  # measured only when asked: a default run must not look at them
    wanted = (lambda name: args.only == name) if args.only else (lambda name: name not in held or args.holdout)
    for name in (*DEV, *HELD):
        path = REPO / "data" / name.replace("contra-", "contradictions-") / "documents.jsonl"
        if wanted(name) and path.exists():
            # a held-out set gives its summary only: its misses are never shown
            figures[name.replace("contra-", "contradictions-")], more = contradiction_set(
                an, path, args.verbose and name not in HELD)
            lines += more
    if wanted("own"):
        figures["own_sets"], more = own_sets(an, OWN, args.verbose)
        lines += more
    if wanted("holdout4"):
        # summary only: the final held-out set's misses are never shown
        figures["holdout4"], _ = own_sets(an, ("holdout4",), verbose=False, quiet=True)
    if wanted("real"):
        figures["real_articles"], more = real_articles(an, args.data, args.verbose)
        lines += more
    if args.json:
        print(json.dumps(figures, indent=2))
    else:
        for name, value in figures.items():
            print(f"{name}: {json.dumps(value)}")
    for line in lines:
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
