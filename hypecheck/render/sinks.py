"""Where rows go: one sink per output format, and the one registry of formats.

Every run, a single file as much as a folder, writes its rows through a sink made by
``make_sink``. A row holds the summary fields (path, score, verdict, ...); a run with
``rows="full"`` also gives each row its Report (``_report``) and key (``_key``). Row
sinks write summary rows and flush each; report sinks write whole reports (github
annotations stream; a SARIF log, an HTML page and a JSON array are one document each,
so they hold the reports until ``close``).
"""

from __future__ import annotations

import io
import json
from dataclasses import dataclass
from types import SimpleNamespace
from typing import IO

from ..findings import CATEGORIES


@dataclass(frozen=True)
class Format:
    rows: tuple[str, ...]  # the row shapes it can write
    single: str  # the default for one document or corpus named alone
    batch: str  # the default for a folder, a glob or several paths


# The one registry of output formats. jsonl has one default whatever the input, so its
# shape never depends on how many paths were given; --rows chooses the other.
FORMATS: dict[str, Format] = {
    "rich": Format(("summary", "full"), single="full", batch="summary"),
    "json": Format(("summary", "full"), single="full", batch="summary"),
    "jsonl": Format(("summary", "full"), single="summary", batch="summary"),
    "csv": Format(("summary",), single="summary", batch="summary"),
    "html": Format(("full",), single="full", batch="full"),
    "sarif": Format(("full",), single="full", batch="full"),
    "github": Format(("full",), single="full", batch="full"),
}
ROWS = ("summary", "full")


def rows_for(format: str, rows: str | None, single: bool) -> str:
    """The row shape to write: ``rows`` when given (ValueError when the format cannot), else the default."""
    spec = FORMATS[format]
    if rows is None:
        return spec.single if single else spec.batch
    if rows not in spec.rows:
        raise ValueError(f"--format {format} writes {' or '.join(spec.rows)} rows only, not --rows {rows}")
    return rows


def public(row: dict) -> dict:
    return {k: v for k, v in row.items() if not k.startswith("_")}


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
        import csv  # lazy, as tempfile below: the command line imports this module for FORMATS

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
        import tempfile

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


class JsonlReportSink(Sink):
    """One full report per line, with its key ({"line": n} or {"id": ...}) first."""

    def write(self, row: dict) -> None:
        from . import json_report

        if row.get("_report") is not None:
            self.out.write(json_report.render_line(row["_report"], **row.get("_key", {})) + "\n")
            self.out.flush()


class HeldReportSink(Sink):
    """Reports kept until ``close``: a JSON array, a SARIF log, an HTML page."""

    def __init__(self, out: IO[str], format: str, single: bool) -> None:
        super().__init__(out)
        self.format = format
        self.single = single  # one input named alone: one document is shown as itself
        self.items: list[tuple[str, dict, object]] = []  # (path, key, Report or error message)

    def write(self, row: dict) -> None:
        report = row.get("_report")
        if report is None and (self.format != "html" or self.single):
            return  # no report to show: the error is said on stderr (a folder's page lists it)
        self.items.append((row["path"], row.get("_key") or {}, report if report is not None else row["error"]))

    def close(self) -> None:
        # The renderers are imported when used: start-up time is most of a one-file run.
        items, self.items = self.items, []
        one = self.single and len(items) == 1 and not items[0][1] and not isinstance(items[0][2], str)
        if self.format == "sarif":
            from . import sarif

            self.out.write(sarif.render_many(r for _, _, r in items) + "\n")
        elif self.format == "html":
            from . import html_report

            if one:
                self.out.write(html_report.render(items[0][2]))
            elif items:
                names = [(" ".join(f"{k} {v}" for k, v in key.items()) if self.single else "") or path
                         for path, key, _ in items]
                self.out.write(html_report.render_folder((n, r) for n, (_, _, r) in zip(names, items)))
        elif one:
            from . import json_report

            self.out.write(json_report.render(items[0][2]) + "\n")
        elif items or not self.single:
            rows = [{**key, **report.to_dict()} for _, key, report in items]
            self.out.write(json.dumps(rows, ensure_ascii=False, indent=2) + "\n")
        self.out.flush()


class RichReportSink(Sink):
    """A whole document: its annotated report, at once. Many short documents (a corpus,
    --per-line), each with a key: one table at the end."""

    def __init__(self, out: IO[str], console, flagged_only: bool = False) -> None:
        super().__init__(out)
        self.console = console
        self.flagged_only = flagged_only
        self.keyed: list[tuple[dict, object]] = []

    def write(self, row: dict) -> None:
        from . import rich_report

        report, key = row.get("_report"), row.get("_key") or {}
        if report is None:
            return  # the error is said on stderr
        if key:
            self.keyed.append((key, report))
        else:
            rich_report.render(report, self.console, self.flagged_only)

    def close(self) -> None:
        from . import rich_report

        if self.keyed:
            docs = [SimpleNamespace(key=key) for key, _ in self.keyed]
            rich_report.render_table(docs, [r for _, r in self.keyed], self.console)
            self.keyed = []
        self.out.flush()


class GithubSink(Sink):
    """GitHub Actions annotations, streamed per document."""

    def write(self, row: dict) -> None:
        from . import github

        report = row.get("_report")
        if report is not None and report.findings:
            self.out.write(github.render(report) + "\n")
            self.out.flush()


def make_sink(format: str, rows: str, out: IO[str], *, sort: str = "path", with_id: bool = False,
              single: bool = False, console=None, flagged_only: bool = False) -> Sink:
    """The sink for a format and row shape (see ``rows_for``); --sort score applies to summary rows."""
    if rows == "full":
        if format == "jsonl":
            return JsonlReportSink(out)
        if format == "github":
            return GithubSink(out)
        if format == "rich":
            return RichReportSink(out, console, flagged_only)
        return HeldReportSink(out, format, single)
    if format == "rich":
        return NullSink(out)  # the summary is rendered at the end
    sink = CsvSink(out, with_id) if format == "csv" else {"jsonl": JsonlSink, "json": JsonSink}[format](out)
    return SortedSink(sink) if sort == "score" else sink
