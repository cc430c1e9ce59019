"""Batch results: one row per document as JSON Lines, CSV or a JSON array, written and
flushed as each row arrives, and the summary (top files, verdicts, errors) for people."""

from __future__ import annotations

import csv
import heapq
import io
import json
import tempfile
from collections import Counter
from typing import IO

from rich.console import Console, Group
from rich.table import Table
from rich.text import Text

from ..findings import CATEGORIES
from ..scoring import VERDICTS

VERDICT_NAMES = tuple(word for _, word in VERDICTS)
VERDICT_STYLE = {"sober": "green", "mild": "yellow", "hyped": "orange1", "sensational": "red"}


def _dumps(row: dict) -> str:
    return json.dumps(row, ensure_ascii=False)


class Sink:
    """Writes rows to ``out`` as they come; ``close`` leaves a complete document."""

    def __init__(self, out: IO[str]) -> None:
        self.out = out

    def write(self, row: dict) -> None:
        raise NotImplementedError

    def close(self) -> None:
        self.out.flush()


class JsonlSink(Sink):
    def write(self, row: dict) -> None:
        self.out.write(_dumps(public(row)) + "\n")
        self.out.flush()


class JsonSink(Sink):
    """A JSON array, one row per line; closed with ']' even when interrupted."""

    def __init__(self, out: IO[str]) -> None:
        super().__init__(out)
        self.first = True

    def write(self, row: dict) -> None:
        self.out.write(("[\n  " if self.first else ",\n  ") + _dumps(public(row)))
        self.first = False
        self.out.flush()

    def close(self) -> None:
        self.out.write("[]\n" if self.first else "\n]\n")
        self.out.flush()


class CsvSink(Sink):
    """Counts flattened to one column per category; notes joined with '; '."""

    def __init__(self, out: IO[str], with_id: bool = False) -> None:
        super().__init__(out)
        self.columns = ["path", *(["id"] if with_id else []), "score", "verdict",
                        "clickbait_probability", "word_count", *CATEGORIES, "notes", "error"]
        self.buffer = io.StringIO()
        self.writer = csv.writer(self.buffer, lineterminator="\n")
        self._emit(self.columns)

    def _emit(self, values) -> None:
        self.writer.writerow(values)
        self.out.write(self.buffer.getvalue())
        self.buffer.seek(0)
        self.buffer.truncate()
        self.out.flush()

    def write(self, row: dict) -> None:
        counts = row.get("counts") or {}
        flat = {**row, **{c: counts.get(c, "") for c in CATEGORIES}, "notes": "; ".join(row.get("notes") or [])}
        self._emit(["" if flat.get(c) is None else flat.get(c) for c in self.columns])


class NullSink(Sink):
    """The rich format shows only the summary."""

    def write(self, row: dict) -> None:
        pass


class SortedSink(Sink):
    """--sort score: rows are spooled to a temporary file (only scores and offsets stay
    in memory) and written highest score first when the run ends."""

    def __init__(self, inner: Sink) -> None:
        super().__init__(inner.out)
        self.inner = inner
        self.spool = tempfile.TemporaryFile("w+", encoding="utf-8")
        self.index: list[tuple[int, int, int]] = []  # (-score, order, offset)

    def write(self, row: dict) -> None:
        offset = self.spool.tell()
        self.spool.write(_dumps(public(row)) + "\n")
        score = row["score"] if row["score"] is not None else -1
        self.index.append((-score, len(self.index), offset))

    def close(self) -> None:
        self.spool.flush()
        for _, _, offset in sorted(self.index):
            self.spool.seek(offset)
            self.inner.write(json.loads(self.spool.readline()))
        self.spool.close()
        self.inner.close()


class ReportSink(Sink):
    """Formats made of whole reports (github, sarif, html): github annotations stream per
    document; sarif and html are single documents, so their reports are kept until the end."""

    def __init__(self, out: IO[str], format: str) -> None:
        super().__init__(out)
        self.format = format
        self.items: list[tuple[str, object]] = []

    def write(self, row: dict) -> None:
        report = row.get("_report")
        if self.format == "github":
            from . import github

            if report is not None and report.findings:
                self.out.write(github.render(report) + "\n")
                self.out.flush()
        elif self.format == "sarif":
            if report is not None:
                self.items.append((row["path"], report))
        else:
            self.items.append((row["path"], report if report is not None else row["error"]))

    def close(self) -> None:
        if self.format == "sarif":
            from . import sarif

            self.out.write(sarif.render_many(r for _, r in self.items) + "\n")
        elif self.format == "html":
            from . import html_report

            self.out.write(html_report.render_folder(self.items))
        self.items = []
        self.out.flush()


ROW_FORMATS = ("jsonl", "json", "csv")
REPORT_FORMATS = ("github", "sarif", "html")


def make_sink(format: str, out: IO[str], sort: str = "path", with_id: bool = False) -> Sink:
    if format in REPORT_FORMATS:
        return ReportSink(out, format)
    sink = {"jsonl": JsonlSink, "json": JsonSink, "rich": NullSink}.get(format)
    sink = CsvSink(out, with_id) if format == "csv" else sink(out)
    return SortedSink(sink) if sort == "score" and format != "rich" else sink


def public(row: dict) -> dict:
    return {k: v for k, v in row.items() if not k.startswith("_")}


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


def open_output(path: str | None, format: str) -> IO[str]:
    """The --output file (line-buffered text) or standard output."""
    import sys

    if path is None or path == "-":
        return sys.stdout
    return open(path, "w", encoding="utf-8", newline="" if format == "csv" else None)


def progress_columns():
    from rich.progress import BarColumn, MofNCompleteColumn, TextColumn, TimeElapsedColumn, TimeRemainingColumn

    return (
        TextColumn("[bold]scoring"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("files"),
        TextColumn("{task.fields[wps]} words/s"),
        TextColumn("ETA"),
        TimeRemainingColumn(),
        TimeElapsedColumn(),
    )


def words_per_second(words: int, seconds: float) -> str:
    return f"{words / seconds:,.0f}" if seconds > 0 else "-"


