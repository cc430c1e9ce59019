"""The check command's run: the console, Ctrl-C, the progress bar and the output file.

Every run goes through ``run``: a folder, a glob or several paths as much as a single
file or standard input, which is a batch of one (read before the model loads, so a bad
input is one line and exit 2 at once). Rows come from ``batch`` (library code) and go
to the sink ``render.sinks`` makes for the format.
"""

from __future__ import annotations

import itertools
import os
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import replace
from typing import IO, TYPE_CHECKING

from . import batch, corpora, sources
from .errors import ExitCode, InputError
from .formats.url import is_url
from .reading import stdin_identity
from .render import batch_output as out_
from .render.sinks import FORMATS, make_sink, rows_for
from .selection import SKIP_REASONS, Entry, Selection, select

if TYPE_CHECKING:
    from rich.console import Console


def same_file(a: str, b: str) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return os.path.realpath(a) == os.path.realpath(b)


def output_is_input(output: str, entries: Iterable[Entry]) -> str | None:
    """The input that --output would overwrite, if any (standard input too, when it is
    a file given with ``< FILE``)."""
    try:
        st = os.stat(output)
    except (OSError, ValueError):
        return None
    for entry in entries:
        if entry.path == "-":
            if stdin_identity() == (st.st_dev, st.st_ino):
                return "standard input"
        elif not is_url(entry.path) and same_file(output, entry.path):
            return entry.path
    return None


class _Interrupts:
    """Ctrl-C raises KeyboardInterrupt, but never in the middle of writing a row."""

    def __init__(self) -> None:
        self.critical = False
        self.pending = False
        self.previous = None

    def __enter__(self) -> _Interrupts:
        if threading.current_thread() is threading.main_thread():
            self.previous = signal.signal(signal.SIGINT, self._handle)
        return self

    def __exit__(self, *exc) -> None:
        if self.previous is not None:
            signal.signal(signal.SIGINT, self.previous)

    def _handle(self, signum, frame) -> None:
        if self.critical:
            self.pending = True
        else:
            raise KeyboardInterrupt

    def write(self, sink, row: dict) -> None:
        self.critical = True
        try:
            sink.write(row)
        finally:
            self.critical = False
        if self.pending:
            raise KeyboardInterrupt


def open_output(path: str | None, format: str) -> IO[str]:
    """The --output file (line-buffered text) or standard output."""
    if path is None or path == "-":
        return sys.stdout
    return open(path, "w", encoding="utf-8", newline="" if format == "csv" else None)


def progress_columns():
    from rich.progress import (  # lazy: start-up time (only a folder run on a terminal shows it)
        BarColumn,
        MofNCompleteColumn,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

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


def _preflight(entry: Entry, options: batch.Options) -> Iterator[batch.Item]:
    """The items of a single input, its first document read now: an input that cannot be
    read at all is an InputError (one line, exit 2) before the model loads."""
    if not corpora.kind_of(entry.path) or is_url(entry.path):
        return batch.source_items(entry.path, sources.read_any(entry.path, options.max_bytes), options)
    records = batch.corpus_records(entry, options)
    first = next(records, None)  # opens the file: one that cannot be read is one line, exit 2
    if first is None:
        raise InputError(f"{entry.path}: the input is empty (nothing but whitespace)")
    return batch.record_items(entry.path, itertools.chain([first], records))


def _skipped_line(row: dict) -> str:
    """A document without a report (full rows have no error field) is said on stderr."""
    path, error = row["path"], row["error"]
    corpus = ":" in path and corpora.kind_of(path.rsplit(":", 1)[0]) is not None
    return f"hypecheck: error: {path}: {error}" + (" (skipped; the other records are scored)" if corpus else "")


def run(
    args: Sequence[str],
    *,
    options: batch.Options,
    format: str = "jsonl",
    rows: str | None = None,
    single: bool = False,
    output: str | None = None,
    include: Sequence[str] = (),
    exclude: Sequence[str] = (),
    hidden: bool = False,
    jobs: int | None = None,
    sort: str = "path",
    top: int = 10,
    fail_above: int | None = None,
    strict: bool = False,
    no_color: bool = False,
    flagged_only: bool = False,
    err: Callable[[], Console] | None = None,
    dask: str | None = None,
) -> int:
    """Score the inputs and write the rows; return the exit code.

    ``single``: one input named alone (a file, a URL, standard input): read before the
    model loads, no progress bar, and any document that cannot be scored makes it exit 2.
    ``dask``: a scheduler address or 'local' to score on a Dask cluster (``hypecheck.cluster``).
    ``err`` gives the console for standard error (``batch_output.stderr_console``).
    """
    err = err or out_.stderr_console
    try:
        rows = rows_for(format, rows, single)
    except ValueError as exc:
        raise InputError(str(exc)) from None
    full = rows == "full"
    # A full report has no error field: a document without one is a line on stderr, but
    # for a folder's page, log or annotations (full only), which count them at the end.
    say_each = full and (single or FORMATS[format].rows != ("full",))
    options = replace(options, full_reports=full)
    if single:
        selection = Selection([Entry(args[0])])
    else:
        selection = select(args, include, exclude, hidden)
    if not selection.entries:
        skipped = sum(selection.skipped.values())
        raise InputError(
            f"no files to score in {' '.join(args)} ({skipped:,} skipped: "
            + (", ".join(f"{n:,} {SKIP_REASONS[r]}" for r, n in sorted(selection.skipped.items())) or "none")
            + ")"
        )
    if output and output != "-":
        if os.path.isdir(output):
            raise InputError(f"--output {output}: is a folder, expected a file name")
        clash = output_is_input(output, selection.entries)
        if clash:
            raise InputError(f"--output {output} is one of the inputs ({clash}): refusing to overwrite it")
    found = _preflight(selection.entries[0], options) if single else None

    started = time.perf_counter()
    if dask:
        from .cluster import DaskRunner  # lazy: only --dask needs it

        runner = DaskRunner(selection.entries, options, jobs or batch.default_jobs(), dask)
    else:  # forks: before any thread
        runner = batch.Runner(selection.entries, options, jobs or batch.default_jobs(), found)
    follow = getattr(runner, "follow", None)  # Dask: the bar follows the futures
    try:
        stream = open_output(output, format)
    except OSError as exc:
        runner.close(abort=True)
        raise InputError(f"--output {output}: cannot write ({exc.strerror or exc})") from None
    sink = make_sink(format, rows, stream, sort=sort, with_id=bool(options.id_field), single=single,
                     console=_console(stream, no_color) if format == "rich" else None, flagged_only=flagged_only)
    summary = out_.Summary(top)
    total = selection.files
    progress = task = None
    if not single and err().is_terminal:
        from rich.progress import Progress  # lazy: start-up time

        progress = Progress(*progress_columns(), console=err(), transient=True)
        task = progress.add_task("scoring", total=runner.total() if follow else total, wps="-")
        if follow:
            follow(lambda n: progress.update(task, advance=n, wps=words_per_second(
                summary.words, time.perf_counter() - started)))
        progress.start()
    interrupted = broken_pipe = False
    try:
        with _Interrupts() as guard:
            try:
                for row, last in runner:
                    if say_each and row["error"] is not None:
                        err().print(_skipped_line(row), markup=False, soft_wrap=True)
                    guard.write(sink, row)
                    summary.add(row)
                    if last:
                        summary.files += 1
                        if progress is not None and not follow:
                            wps = words_per_second(summary.words, time.perf_counter() - started)
                            progress.update(task, advance=1, wps=wps)
            except KeyboardInterrupt:
                interrupted = True
            except BrokenPipeError:
                broken_pipe = True
            finally:
                if progress is not None:
                    progress.stop()
                runner.close(abort=interrupted or broken_pipe)
    finally:
        if broken_pipe:
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
        else:
            _whole(sink.close)
            if format == "rich" and not full and not interrupted:
                from rich.console import Console

                if stream is sys.stdout:
                    console = Console(no_color=no_color or bool(os.environ.get("NO_COLOR")), highlight=False)
                else:
                    console = Console(file=stream, no_color=True, highlight=False, width=100)
                out_.render_summary(summary, selection.skipped, SKIP_REASONS, total, runner.notes, console)
        if stream is not sys.stdout:
            stream.close()
    if broken_pipe:
        return int(ExitCode.OK)
    elapsed = time.perf_counter() - started
    where = f"; the rows so far are in {output}" if output and output != "-" else ""
    if interrupted:
        err().print(f"hypecheck: interrupted after {summary.files:,} of {total:,} files: "
                    f"{summary.one_line()}{where}", markup=False, soft_wrap=True)
        return int(ExitCode.INTERRUPTED)
    if format != "rich" and not say_each and summary.errors:
        err().print(f"hypecheck: {summary.errors:,} of {summary.documents:,} rows have an error "
                    "(see the error field)", markup=False, soft_wrap=True)
    if not single and err().is_terminal:
        err().print(f"hypecheck: {summary.files:,} files, {summary.words:,} words in {elapsed:,.1f} s "
                    f"({words_per_second(summary.words, elapsed)} words/s, {runner.jobs} jobs)",
                    markup=False, soft_wrap=True, style="dim")
    if (strict or single) and summary.errors:
        return int(ExitCode.USAGE)
    if fail_above is not None and summary.max_score is not None and summary.max_score > fail_above:
        return int(ExitCode.ABOVE_THRESHOLD)
    return int(ExitCode.OK)


def _whole(write) -> None:
    """Ctrl-C while a held report (an HTML page, a SARIF log) is written waits until it is whole."""
    blocked = hasattr(signal, "pthread_sigmask") and threading.current_thread() is threading.main_thread()
    if blocked:
        signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        write()
    finally:
        if blocked:
            signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})


def _console(stream: IO[str], no_color: bool) -> Console:
    """Where a rich report goes: the terminal (colours unless --no-color or NO_COLOR) or a file."""
    from rich.console import Console

    if stream is sys.stdout:
        return Console(no_color=no_color or bool(os.environ.get("NO_COLOR")), highlight=False, soft_wrap=False)
    return Console(file=stream, no_color=True, highlight=False, soft_wrap=False)
