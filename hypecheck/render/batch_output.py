"""The summary of a run for people: files scored, the top files, verdicts, errors."""

from __future__ import annotations

import heapq
from collections import Counter
from functools import lru_cache
from typing import TYPE_CHECKING

from ..scoring import VERDICTS
from .sinks import public

if TYPE_CHECKING:
    from rich.console import Console

VERDICT_NAMES = tuple(word for _, word in VERDICTS)
VERDICT_STYLE = {"sober": "green", "mild": "yellow", "hyped": "orange1", "sensational": "red"}


class Summary:
    """What the run found, in constant memory: verdict counts, the top files, errors."""

    MAX_ERRORS_SHOWN = 20

    def __init__(self, top: int = 10) -> None:
        self.top = top
        self.verdicts: Counter = Counter()
        self.documents = 0
        self.files = 0
        self.words = 0
        self.errors = 0
        self.error_rows: list[dict] = []
        self.max_score: int | None = None
        self._heap: list[tuple[int, int, dict]] = []

    def add(self, row: dict) -> None:
        row = public(row)
        self.documents += 1
        if row["error"] is not None:
            self.errors += 1
            if len(self.error_rows) < self.MAX_ERRORS_SHOWN:
                self.error_rows.append(row)
            return
        self.verdicts[row["verdict"]] += 1
        self.words += row["word_count"] or 0
        score = row["score"]
        self.max_score = score if self.max_score is None else max(self.max_score, score)
        item = (score, -self.documents, row)
        if len(self._heap) < self.top:
            heapq.heappush(self._heap, item)
        elif self.top and item[:2] > self._heap[0][:2]:
            heapq.heapreplace(self._heap, item)

    def top_rows(self) -> list[dict]:
        return [row for _, _, row in sorted(self._heap, key=lambda x: x[:2], reverse=True)]

    def scored(self) -> int:
        return self.documents - self.errors

    def one_line(self) -> str:
        verdicts = ", ".join(f"{v} {self.verdicts[v]:,}" for v in VERDICT_NAMES)
        return f"{self.scored():,} scored ({verdicts}), {self.errors:,} errors"


def render_summary(summary: Summary, skipped: Counter, skip_reasons: dict, total_files: int,
                   notes: tuple[str, ...], console: Console) -> None:
    # rich is imported here, not with the module: a run that writes JSON never needs it
    from rich.console import Group
    from rich.table import Table
    from rich.text import Text

    parts: list = []
    docs = "" if summary.documents == summary.files else f" ({summary.documents:,} documents)"
    parts.append(Text.assemble(
        ("hypecheck: ", "bold"),
        f"{summary.files:,} of {total_files:,} files{docs}: {summary.scored():,} scored, "
        f"{summary.errors:,} errors, {sum(skipped.values()):,} skipped",
    ))
    for note in notes:
        parts.append(Text(f"note: {note}", style="dim"))
    top = summary.top_rows()
    if top:
        table = Table(title=f"Top {len(top)} by score", title_justify="left", header_style="bold", expand=False)
        table.add_column("score", justify="right")
        table.add_column("verdict")
        table.add_column("path", overflow="fold")
        table.add_column("findings", overflow="fold")
        for row in top:
            counts = row["counts"] or {}
            found = ", ".join(f"{c} {n}" for c, n in counts.items() if n) or "-"
            table.add_row(str(row["score"]), Text(row["verdict"], style=VERDICT_STYLE[row["verdict"]]),
                          row["path"], found)
        parts.append(table)
    verdicts = Table(title="Verdicts", title_justify="left", header_style="bold", expand=False)
    for name in VERDICT_NAMES:
        verdicts.add_column(name, justify="right", header_style=f"bold {VERDICT_STYLE[name]}")
    verdicts.add_column("errors", justify="right")
    verdicts.add_row(*(f"{summary.verdicts[v]:,}" for v in VERDICT_NAMES), f"{summary.errors:,}")
    parts.append(verdicts)
    if summary.error_rows:
        more = summary.errors - len(summary.error_rows)
        title = f"Errors (first {len(summary.error_rows)} of {summary.errors:,})" if more else "Errors"
        errors = Table(title=title, title_justify="left", header_style="bold", expand=False)
        errors.add_column("path", overflow="fold")
        errors.add_column("error", overflow="fold")
        for row in summary.error_rows:
            errors.add_row(row["path"], row["error"])
        parts.append(errors)
    if skipped:
        parts.append(Text("Skipped: " + ", ".join(
            f"{n:,} {skip_reasons.get(reason, reason)}" for reason, n in sorted(skipped.items())
        )))
    console.print(Group(*parts))


@lru_cache(maxsize=1)
def stderr_console() -> Console:
    """The console for messages on standard error, made when first needed: rich's import is
    about 35 ms of a cold start, and a single file's JSON run says nothing there."""
    from rich.console import Console

    return Console(stderr=True, highlight=False)
