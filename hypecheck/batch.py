"""Score many files at once: select them, stream them through the Analyzer, write rows.

Selection walks folders recursively (sorted, hidden names skipped unless asked,
symlink loops and unreadable folders reported as rows). Scoring reads each file with
``sources.read_any`` (so every input format works here too), sends documents through
``Analyzer.analyze_sources`` in groups and yields one small row per document as soon as
it is scored. With ``jobs > 1`` worker processes each build one Analyzer and score
chunks of *paths*; ``imap`` keeps the rows in the sorted file order, so the output does
not depend on the number of workers. Nothing holds all texts or reports in memory: only
the sorted list of paths.
"""

from __future__ import annotations

import errno
import fnmatch
import glob
import os
import re
import stat
import sys
import traceback
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field

from .errors import HypecheckError, InputError

# What hypecheck reads when it walks a folder; .jsonl and .parquet files hold many
# documents (.csv/.tsv corpora are read when named or included: a folder's CSV files are
# as often results, hypecheck's own among them).
TEXT_SUFFIXES = (".txt", ".md", ".markdown", ".html", ".htm", ".jsonl", ".parquet")
JSONL_SUFFIX = ".jsonl"
_GLOB_CHARS = re.compile(r"[*?\[]")
GROUP_SIZE = 32  # documents per nlp.pipe call at most...
GROUP_CHARS = 50_000  # ...and about this many characters: spaCy's memory grows with the batch


def has_glob(arg: str) -> bool:
    return bool(_GLOB_CHARS.search(arg))


def _is_url(arg: str) -> bool:
    return "://" in arg


def is_batch(args: Sequence[str]) -> bool:
    """Several inputs, a folder or a glob pattern: score file by file, one row each."""
    if len(args) > 1:
        return True
    if not args or args[0] == "-" or _is_url(args[0]):
        return False
    arg = args[0]
    return os.path.isdir(arg) or (has_glob(arg) and not os.path.lexists(arg))


# --------------------------------------------------------------------------- selection


@dataclass(frozen=True)
class Entry:
    """One file to score, or a problem found while walking (``error`` set)."""

    path: str
    error: str | None = None
    row_groups: tuple[int, ...] | None = None  # of a Parquet file: only these (a --dask task)


@dataclass
class Selection:
    entries: list[Entry]
    skipped: Counter = field(default_factory=Counter)  # reason -> number of files

    @property
    def files(self) -> int:
        return len(self.entries)


SKIP_REASONS = {
    "type": "not a text type (see --include)",
    "hidden": "hidden (see --hidden)",
    "excluded": "excluded by --exclude",
}


class _Filter:
    def __init__(self, include: Sequence[str], exclude: Sequence[str], hidden: bool) -> None:
        self.include = tuple(include)
        self.exclude = tuple(exclude)
        self.hidden = hidden

    @staticmethod
    def _match(patterns: tuple[str, ...], rel: str, name: str) -> bool:
        for pattern in patterns:
            pattern = pattern.rstrip("/")
            if "/" not in pattern:
                if fnmatch.fnmatchcase(name, pattern):
                    return True
            elif fnmatch.fnmatchcase(rel, pattern) or (
                pattern.startswith("**/") and fnmatch.fnmatchcase(rel, pattern[3:])
            ):
                return True
        return False

    def excluded(self, rel: str, name: str) -> bool:
        return self._match(self.exclude, rel, name)

    def wanted(self, rel: str, name: str) -> bool:
        if self.include:
            return self._match(self.include, rel, name)
        return name.lower().endswith(TEXT_SUFFIXES)


def select(
    args: Sequence[str],
    include: Sequence[str] = (),
    exclude: Sequence[str] = (),
    hidden: bool = False,
) -> Selection:
    """The files to score, sorted by path. Files named literally are always scored;
    files found in folders or by a glob pattern go through the type and name filters."""
    filt = _Filter(include, exclude, hidden)
    found: dict[str, Entry] = {}
    skipped: Counter = Counter()

    def add(entry: Entry) -> None:
        found.setdefault(entry.path, entry)

    for arg in args:
        if not arg:
            raise InputError("an empty path was given ('')")
        if arg == "-" or _is_url(arg):
            add(Entry(arg))
        elif os.path.isdir(arg):
            _walk(arg, filt, add, skipped)
        elif os.path.lexists(arg) or not has_glob(arg):
            add(Entry(arg))  # a missing or unreadable file becomes a row with its error
        else:
            matches = sorted(glob.glob(arg, recursive=True, include_hidden=hidden))
            if not matches:  # a mistyped pattern must not pass silently (in CI above all)
                raise InputError(f"no file matches the pattern {arg!r}")
            for match in matches:
                if os.path.isdir(match):
                    _walk(match, filt, add, skipped)
                else:
                    name = os.path.basename(match)
                    if filt.excluded(match, name):
                        skipped["excluded"] += 1
                    elif filt.wanted(match, name):
                        add(Entry(match))
                    else:
                        skipped["type"] += 1
    entries = sorted(found.values(), key=lambda e: _sort_key(e.path))
    return Selection(entries, skipped)


def _sort_key(path: str) -> tuple[str, ...]:
    return tuple(path.split(os.sep))


def _join(top: str, name: str) -> str:
    return name if top in (".", "./") else os.path.join(top, name)


def _walk(root: str, filt: _Filter, add, skipped: Counter) -> None:
    """Depth-first walk following symlinks; a link back to an ancestor is a loop."""
    try:
        st = os.stat(root)
    except OSError as exc:
        add(Entry(root, _os_message(exc)))
        return
    stack = [(root, "", frozenset({(st.st_dev, st.st_ino)}))]
    while stack:
        top, rel_top, ancestors = stack.pop()
        try:
            with os.scandir(top) as it:
                children = list(it)
        except OSError as exc:
            add(Entry(top, f"cannot list the folder ({exc.strerror or exc})"))
            continue
        for child in children:
            name = child.name
            path = _join(top, name)
            rel = f"{rel_top}/{name}" if rel_top else name
            if name.startswith(".") and not filt.hidden:
                skipped["hidden"] += 1
                continue
            if filt.excluded(rel, name):
                skipped["excluded"] += 1
                continue
            try:
                cst = os.stat(child.path)  # follows symlinks
            except OSError as exc:
                if filt.wanted(rel, name) or exc.errno == errno.ELOOP:
                    add(Entry(path, _os_message(exc, child)))
                else:
                    skipped["type"] += 1
                continue
            if stat.S_ISDIR(cst.st_mode):
                key = (cst.st_dev, cst.st_ino)
                if key in ancestors:
                    target = os.readlink(child.path) if child.is_symlink() else path
                    add(Entry(path, f"symlink loop: it leads back to a folder above it ({target})"))
                    continue
                stack.append((path, rel, ancestors | {key}))
            elif stat.S_ISREG(cst.st_mode) and filt.wanted(rel, name):
                add(Entry(path))
            else:
                skipped["type"] += 1


def _os_message(exc: OSError, entry: os.DirEntry | None = None) -> str:
    if exc.errno == errno.ELOOP:
        return "symlink loop (too many levels of symbolic links)"
    if entry is not None and exc.errno == errno.ENOENT and entry.is_symlink():
        return f"broken symbolic link (it points to {os.readlink(entry.path)}, which does not exist)"
    if exc.errno == errno.ENOENT:
        return "no such file or folder"
    return f"cannot read ({exc.strerror or exc})"


# --------------------------------------------------------------------------- scoring


@dataclass(frozen=True)
class Options:
    analyzer_args: dict = field(default_factory=dict)  # keyword arguments for Analyzer
    max_bytes: int = 5_000_000
    text_field: str = "text"
    id_field: str | None = None
    per_line: bool = False
    full_reports: bool = False  # attach the Report to each row as "_report" (html, sarif, github)
    title_field: str | None = None


def error_row(path: str, message: str, id_field: str | None = None, key: dict | None = None) -> dict:
    row = {"path": path}
    if id_field:
        row["id"] = (key or {}).get("id")
    row.update(score=None, verdict=None, clickbait_probability=None, word_count=None,
               counts=None, notes=[], error=message)
    return row


def _strip_name(message: str, name: str) -> str:
    prefix = f"{name}: "
    return message[len(prefix):] if message.startswith(prefix) else message


class Scorer:
    """One Analyzer, reused for every document it is given."""

    def __init__(self, options: Options) -> None:
        from . import startup
        from .engine import Analyzer

        self.options = options
        with startup.loading():
            self.analyzer = Analyzer(**options.analyzer_args)
        self._shared_notes = set(self.analyzer.notes)

    @property
    def notes(self) -> tuple[str, ...]:
        """Notes that hold for every document (pipeline, classifier): said once, not per row."""
        return self.analyzer.notes

    def rows(self, entries: Iterable[Entry]) -> Iterator[tuple[dict, bool]]:
        """(row, is the last row of its file), in input order, lazily.

        Documents are scored in groups of GROUP_SIZE through one ``nlp.pipe`` call each;
        rows for unreadable inputs keep their place between them.
        """
        return self.score_items(item for entry in entries for item in self._items(entry))

    def score_items(self, items: Iterable[tuple]) -> Iterator[tuple[dict, bool]]:
        """Rows for (row path, key, Source | error message, last of file) items, in order."""
        group: list[tuple] = []
        sources = chars = 0
        for item in items:
            group.append(item)
            if not isinstance(item[2], str):
                sources += 1
                chars += len(item[2].text)
            if sources >= GROUP_SIZE or chars >= GROUP_CHARS or len(group) >= 4 * GROUP_SIZE:
                yield from self._score(group)
                group, sources, chars = [], 0, 0
        if group:
            yield from self._score(group)

    def _items(self, entry: Entry) -> Iterator[tuple]:
        """(row path, key, Source or error, last of file) for each document of one file."""
        from . import documents, sources

        opts = self.options
        if entry.error:
            yield entry.path, {}, entry.error, True
            return
        from . import corpora

        jsonl = entry.path.lower().endswith(JSONL_SUFFIX)
        if corpora.kind_of(entry.path) and not _is_url(entry.path):
            # A corpus streams record by record; the size limit is each record's.
            docs = _jsonl_documents(corpora.records(
                entry.path, opts.text_field, opts.id_field, opts.title_field, opts.max_bytes, entry.row_groups))
        else:
            try:
                source = sources.read_any(entry.path, opts.max_bytes)
            except InputError as exc:
                yield entry.path, {}, _strip_name(str(exc), entry.path), True
                return
            if jsonl:
                docs = _jsonl_documents(documents.records(source, opts.text_field, opts.id_field))
            elif opts.per_line:
                docs = ((d.source.name, d.key, d.source) for d in documents.split_lines(source))
            else:
                yield entry.path, {}, source, True
                return
        previous = None
        try:
            for item in docs:
                if previous is not None:
                    yield (*previous, False)
                previous = item
        except InputError as exc:  # the file itself could not be opened or read
            if previous is not None:
                yield (*previous, False)
            yield entry.path, {}, _strip_name(str(exc), entry.path), True
            return
        if previous is None:
            yield entry.path, {}, "no documents in this file", True
        else:
            yield (*previous, True)

    def _score(self, group: list[tuple]) -> Iterator[tuple[dict, bool]]:
        batch = [item[2] for item in group if not isinstance(item[2], str)]
        try:
            reports = list(self.analyzer.analyze_sources(batch, batch_size=GROUP_SIZE))
        except HypecheckError:
            raise
        except Exception:
            if os.environ.get("HYPECHECK_DEBUG"):
                raise
            reports = [self._one(source) for source in batch]  # find the document at fault
        it = iter(reports)
        id_field = self.options.id_field
        for path, key, payload, last in group:
            if isinstance(payload, str):
                yield error_row(path, payload, id_field, key), last
                continue
            report = next(it)
            if isinstance(report, str):
                yield error_row(path, report, id_field, key), last
            else:
                yield self._row(path, key, report), last

    def _one(self, source):
        try:
            return next(self.analyzer.analyze_sources([source]))
        except Exception as exc:  # a bug in hypecheck: this document's row says so
            detail = traceback.format_exception_only(type(exc), exc)[-1].strip()
            return f"internal error: {detail} (please report it)"

    def _row(self, path: str, key: dict, report) -> dict:
        row = {"path": path}
        if self.options.id_field:
            row["id"] = key.get("id")
        probability = report.clickbait_probability
        row.update(
            score=report.score,
            verdict=report.verdict,
            clickbait_probability=None if probability is None else round(probability, 4),
            word_count=report.word_count,
            counts=report.counts(),
            notes=[n for n in report.notes if n not in self._shared_notes],
            error=None,
        )
        if self.options.full_reports:
            row["_report"] = report
        return row


def _jsonl_documents(records) -> Iterator[tuple]:
    """(row path, key, Source or error) for each record; a bad line is an error row and the
    rest still count."""
    for record in records:
        if isinstance(record, InputError):
            where = getattr(record, "where", None)
            if where is None:
                where, _, detail = str(record).partition(": ")
            else:
                detail = record.detail
            yield where, {}, detail
        else:
            yield record.source.name, record.key, record.source


# --------------------------------------------------------------------------- workers

_WORKER: Scorer | Exception | None = None


def _init_worker(options: Options) -> None:
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent handles Ctrl-C
    global _WORKER
    try:
        _WORKER = Scorer(options)
    except Exception as exc:  # reported by the first task, so the pool does not respawn forever
        _WORKER = exc


def _work(chunk: list[Entry]) -> list[tuple[dict, bool]]:
    if isinstance(_WORKER, Exception):
        raise _WORKER
    return list(_WORKER.rows(chunk))


def default_jobs() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def chunk_size(files: int, jobs: int) -> int:
    """Small enough to balance the workers and keep rows flowing, big enough to batch."""
    return max(1, min(GROUP_SIZE // 2, files // (jobs * 8) or 1))


class Runner:
    """Yields (row, last of file) for a selection, in order, in-process or in a pool.

    Create it before starting any thread (the progress bar): workers are forked.
    """

    def __init__(self, entries: list[Entry], options: Options, jobs: int) -> None:
        self.entries = entries
        self.options = options
        stdin = any(e.path == "-" for e in entries)
        self.jobs = 1 if stdin else max(1, min(jobs, len(entries)))
        self.pool = None
        self.notes: tuple[str, ...] = ()
        if self.jobs == 1:
            self.scorer = Scorer(options)
            self.notes = self.scorer.notes
        else:
            import multiprocessing

            method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
            context = multiprocessing.get_context(method)
            self.pool = context.Pool(self.jobs, initializer=_init_worker, initargs=(options,))

    def __iter__(self) -> Iterator[tuple[dict, bool]]:
        if self.pool is None:
            yield from self.scorer.rows(self.entries)
            return
        size = chunk_size(len(self.entries), self.jobs)
        chunks = (self.entries[i : i + size] for i in range(0, len(self.entries), size))
        for rows in self.pool.imap(_work, chunks):
            yield from rows

    def close(self, abort: bool = False) -> None:
        if self.pool is not None:
            if abort:
                self.pool.terminate()
            else:
                self.pool.close()
            self.pool.join()
            self.pool = None


def same_file(a: str, b: str) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return os.path.realpath(a) == os.path.realpath(b)


def output_is_input(output: str, entries: Iterable[Entry]) -> str | None:
    """The input that --output would overwrite, if any (standard input too, when it is
    a file given with ``< FILE``)."""
    from .reading import stdin_identity

    try:
        st = os.stat(output)
    except (OSError, ValueError):
        return None
    for entry in entries:
        if entry.path == "-":
            if stdin_identity() == (st.st_dev, st.st_ino):
                return "standard input"
        elif not _is_url(entry.path) and same_file(output, entry.path):
            return entry.path
    return None


# --------------------------------------------------------------------------- the command


class _Interrupts:
    """Ctrl-C raises KeyboardInterrupt, but never in the middle of writing a row."""

    def __init__(self) -> None:
        self.critical = False
        self.pending = False
        self.previous = None

    def __enter__(self) -> "_Interrupts":
        import signal
        import threading

        if threading.current_thread() is threading.main_thread():
            self.previous = signal.signal(signal.SIGINT, self._handle)
        return self

    def __exit__(self, *exc) -> None:
        import signal

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


def run(
    args: Sequence[str],
    *,
    options: Options,
    format: str = "jsonl",
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
    err=None,
    dask: str | None = None,
) -> int:
    """Score every selected file and write the rows; return the exit code. ``dask``: a
    scheduler address or 'local' to score on a Dask cluster (``hypecheck.cluster``)."""
    import time

    from rich.console import Console

    from .errors import ExitCode
    from .render import batch_output as out_

    err = err or Console(stderr=True, highlight=False)
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

    started = time.perf_counter()
    if dask:
        from .cluster import DaskRunner

        runner = DaskRunner(selection.entries, options, jobs or default_jobs(), dask)
    else:
        runner = Runner(selection.entries, options, jobs or default_jobs())  # forks: before any thread
    follow = getattr(runner, "follow", None)  # Dask: the bar follows the futures
    try:
        stream = out_.open_output(output, format)
    except OSError as exc:
        runner.close(abort=True)
        raise InputError(f"--output {output}: cannot write ({exc.strerror or exc})") from None
    sink = out_.make_sink(format, stream, sort, with_id=bool(options.id_field))
    summary = out_.Summary(top)
    total = selection.files
    progress = task = None
    if err.is_terminal:
        from rich.progress import Progress

        progress = Progress(*out_.progress_columns(), console=err, transient=True)
        task = progress.add_task("scoring", total=runner.total() if follow else total, wps="-")
        if follow:
            follow(lambda n: progress.update(task, advance=n, wps=out_.words_per_second(
                summary.words, time.perf_counter() - started)))
        progress.start()
    interrupted = broken_pipe = False
    try:
        with _Interrupts() as guard:
            try:
                for row, last in runner:
                    guard.write(sink, row)
                    summary.add(row)
                    if last:
                        summary.files += 1
                        if progress is not None and not follow:
                            wps = out_.words_per_second(summary.words, time.perf_counter() - started)
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
            sink.close()
            if format == "rich" and not interrupted:
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
        err.print(f"hypecheck: interrupted after {summary.files:,} of {total:,} files: "
                  f"{summary.one_line()}{where}", markup=False, soft_wrap=True)
        return int(ExitCode.INTERRUPTED)
    if format != "rich" and summary.errors:
        err.print(f"hypecheck: {summary.errors:,} of {summary.documents:,} rows have an error "
                  "(see the error field)", markup=False, soft_wrap=True)
    if err.is_terminal:
        err.print(f"hypecheck: {summary.files:,} files, {summary.words:,} words in {elapsed:,.1f} s "
                  f"({out_.words_per_second(summary.words, elapsed)} words/s, {runner.jobs} jobs)",
                  markup=False, soft_wrap=True, style="dim")
    if strict and summary.errors:
        return int(ExitCode.USAGE)
    if fail_above is not None and summary.max_score is not None and summary.max_score > fail_above:
        return int(ExitCode.ABOVE_THRESHOLD)
    return int(ExitCode.OK)


class output_to:
    """--output for a single document: capture what the renderer prints and write it to
    the file only when there is something to write, so a failed run leaves it untouched."""

    def __init__(self, output: str, inputs: Sequence[str]) -> None:
        self.output = output
        self.inputs = [i for i in inputs if i and not _is_url(i)]

    def __enter__(self):
        import contextlib
        import io

        if os.path.isdir(self.output):
            raise InputError(f"--output {self.output}: is a folder, expected a file name")
        clash = output_is_input(self.output, [Entry(i) for i in self.inputs])
        if clash:
            raise InputError(f"--output {self.output} is one of the inputs ({clash}): refusing to overwrite it")
        self.buffer = io.StringIO()
        self.redirect = contextlib.redirect_stdout(self.buffer)
        self.redirect.__enter__()
        return self

    def __exit__(self, *exc) -> None:
        self.redirect.__exit__(*exc)
        text = self.buffer.getvalue()
        if text:
            import signal

            # Ctrl-C now would leave the file half written: it waits until the file is whole.
            blocked = hasattr(signal, "pthread_sigmask")
            if blocked:
                signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
            try:
                with open(self.output, "w", encoding="utf-8") as fh:
                    fh.write(text)
            except OSError as e:
                sys.stderr.write(f"hypecheck: error: --output {self.output}: cannot write ({e.strerror or e})\n")
                raise SystemExit(2) from None
            finally:
                if blocked:
                    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
