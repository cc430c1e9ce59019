"""The ledger for people: a table (rich), JSON or CSV, one row per claim with its value and
line. Fact-checkers read every figure and where it is stated, even when nothing conflicts."""

from __future__ import annotations

import csv
import io
import json

from .model import Claim

COLUMNS = ("line", "kind", "claim", "value", "about")


def _row(claim: Claim) -> dict[str, str]:
    about = ", ".join(sorted(t for t in claim.topic if not t.startswith("v:") and t != "platform"))
    value = claim.shown + (f" ({claim.approx})" if claim.approx else "")
    return {"line": str(claim.line), "kind": claim.kind, "claim": claim.text.strip(), "value": value, "about": about}


def table(claims: list[Claim], console, title: str | None = None) -> None:
    from rich.table import Table

    if not claims:
        console.print("No checkable claims found.")
        return
    grid = Table(title=title, header_style="bold", expand=False)
    for column in COLUMNS:
        grid.add_column(column, no_wrap=column in ("line", "kind"), justify="right" if column == "line" else "left")
    for claim in claims:
        row = _row(claim)
        grid.add_row(*(row[c] for c in COLUMNS))
    console.print(grid)


def to_json(claims: list[Claim], source: str) -> str:
    return json.dumps({"source": source, "claims": [c.to_dict() for c in claims]}, ensure_ascii=False, indent=2)


def to_csv(claims: list[Claim]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["line", "kind", "text", "value", "unit", "approx", "about", "start", "end"])
    for c in claims:
        writer.writerow([c.line, c.kind, c.text.strip(), c.value, c.unit, c.approx,
                         " ".join(sorted(t for t in c.topic if not t.startswith("v:"))), c.start, c.end])
    return out.getvalue()
