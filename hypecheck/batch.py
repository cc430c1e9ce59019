"""Score many documents: read each selected file, stream them through the Analyzer, yield rows.

A library layer, with no console (the command's run is ``cli_run``; which files, is
``selection``). ``Scorer.rows`` reads each entry with ``sources.read_any`` (so every input
format works here too) or, for a corpus (.jsonl, .csv, .tsv, .parquet), record by record
with ``corpora.records``; it sends documents through ``Analyzer.analyze_sources`` in
groups and yields one small row per document as soon as it is scored. With ``jobs > 1``
worker processes each build one Analyzer and score chunks of *paths*; ``imap`` keeps the
rows in the sorted file order, so the output does not depend on the number of workers.
Nothing holds all texts or reports in memory: only the sorted list of paths.

A row is a dict of summary fields (path, score, verdict, ..., error); with
``Options.full_reports`` it also carries the Report as ``_report`` and where the document
came from as ``_key`` ({"line": n} or {"id": value}). Fields starting with "_" are never
written as such.
"""

from __future__ import annotations

import os
import traceback
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from .errors import HypecheckError, InputError
from .formats.url import is_url
from .reading import DEFAULT_MAX_BYTES
from .selection import Entry

JSONL_SUFFIX = ".jsonl"
NO_DOCUMENTS = "no documents in this file"
GROUP_SIZE = 32  # documents per nlp.pipe call at most...
GROUP_CHARS = 50_000  # ...and about this many characters: spaCy's memory grows with the batch

# An item is (row path, key, Source or error message, last document of its file).
Item = tuple


@dataclass(frozen=True)
class Options:
    analyzer_args: dict = field(default_factory=dict)  # keyword arguments for Analyzer
    max_bytes: int = DEFAULT_MAX_BYTES
    text_field: str = "text"
    id_field: str | None = None
    per_line: bool = False
    full_reports: bool = False  # attach the Report ("_report") and the key ("_key") to each row
    title_field: str | None = None


def error_row(path: str, message: str, id_field: str | None = None, key: dict | None = None) -> dict:
    row = {"path": path}
    if id_field:
        row["id"] = (key or {}).get("id")
    row.update(score=None, verdict=None, clickbait_probability=None, word_count=None,
               counts=None, notes=[], error=message)
    return row


def strip_name(message: str, name: str) -> str:
    prefix = f"{name}: "
    return message[len(prefix):] if message.startswith(prefix) else message


class Scorer:
    """One Analyzer, reused for every document it is given."""

    def __init__(self, options: Options) -> None:
        from . import startup

        self.options = options
        with startup.loading():  # spaCy's import too: see startup.import_spacy
            from .engine import Analyzer  # lazy: start-up time (spaCy), and workers import it after forking

            self.analyzer = Analyzer(**options.analyzer_args)
        # The notes wait for the classifier, which loads in a thread: asked for at the first
        # row, by when the first batch's analysis has given it time to finish.
        self._shared_notes: set[str] | None = None

    @property
    def notes(self) -> tuple[str, ...]:
        """Notes that hold for every document (pipeline, classifier): said once, not per row."""
        return self.analyzer.notes

    def rows(self, entries: Iterable[Entry]) -> Iterator[tuple[dict, bool]]:
        """(row, is the last row of its file), in input order, lazily.

        Documents are scored in groups of GROUP_SIZE through one ``nlp.pipe`` call each;
        rows for unreadable inputs keep their place between them.
        """
        return self.score_items(item for entry in entries for item in items(entry, self.options))

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
        if self._shared_notes is None:
            self._shared_notes = set(self.notes)
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
            row["_key"] = key
        return row


# --------------------------------------------------------------------------- reading


def items(entry: Entry, options: Options) -> Iterator[Item]:
    """(row path, key, Source or error, last of file) for each document of one entry."""
    if entry.error:
        yield entry.path, {}, entry.error, True
        return
    from . import corpora, sources

    if corpora.kind_of(entry.path) and not is_url(entry.path):
        yield from record_items(entry.path, corpus_records(entry, options))
        return
    try:
        source = sources.read_any(entry.path, options.max_bytes)
    except InputError as exc:
        yield entry.path, {}, strip_name(str(exc), entry.path), True
        return
    yield from source_items(entry.path, source, options)


def corpus_records(entry: Entry, options: Options) -> Iterator:
    """A corpus file's records, streamed: the size limit is each record's (``corpora.records``)."""
    from . import corpora

    return corpora.records(entry.path, options.text_field, options.id_field, options.title_field,
                           options.max_bytes, entry.row_groups)


def record_items(path: str, records: Iterable) -> Iterator[Item]:
    """The items of a corpus's records; a bad record is an error item, the rest still count."""
    return _each(path, _corpus_documents(records))


def source_items(path: str, source, options: Options) -> Iterator[Item]:
    """The items of an input already read: its documents when it holds several (a JSON
    Lines URL, --per-line), else the one."""
    from . import documents

    if path.lower().endswith(JSONL_SUFFIX):
        from .jsonl import records_of

        yield from record_items(path, records_of(source, options.text_field, options.id_field))
    elif options.per_line:
        yield from _each(path, ((d.source.name, d.key, d.source) for d in documents.split_lines(source)))
    else:
        yield path, {}, source, True


def _each(path: str, docs: Iterator) -> Iterator[Item]:
    """Mark the last document of a file; a file that cannot be read, or holds no
    document, is one error item."""
    previous = None
    try:
        for item in docs:
            if previous is not None:
                yield (*previous, False)
            previous = item
    except InputError as exc:  # the file itself could not be opened or read
        if previous is not None:
            yield (*previous, False)
        yield path, {}, strip_name(str(exc), path), True
        return
    if previous is None:
        yield path, {}, NO_DOCUMENTS, True
    else:
        yield (*previous, True)


def _corpus_documents(records) -> Iterator[tuple]:
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


def _init_worker(options: Options, jobs: int) -> None:
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent handles Ctrl-C
    limit_threads(jobs)
    global _WORKER
    try:
        _WORKER = Scorer(options)
    except Exception as exc:  # reported by the first task, so the pool does not respawn forever
        _WORKER = exc


def limit_threads(jobs: int) -> None:
    """Give each of ``jobs`` workers its share of the cores for numpy's BLAS: each would
    otherwise start one thread per core, and with the span model on, two workers on two
    cores ran 1.14x one worker instead of 1.81x (benchmarks/bench_batch.py, with the span model on)."""
    import numpy  # noqa: F401 - its BLAS must be loaded to be limited (the worker needs it anyway)
    from threadpoolctl import threadpool_limits

    global _THREADS
    _THREADS = threadpool_limits(limits=max(1, (os.cpu_count() or 1) // jobs), user_api="blas")


_THREADS = None  # the limit stays while this reference lives


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

    def __init__(self, entries: list[Entry], options: Options, jobs: int,
                 found: Iterable[Item] | None = None) -> None:
        self.entries = entries
        self.options = options
        self.found = found  # items already read (a single input, checked before the model loads)
        stdin = any(e.path == "-" for e in entries)
        self.jobs = 1 if stdin or found is not None else max(1, min(jobs, len(entries)))
        self.pool = None
        self.scorer = None
        if self.jobs == 1:
            self.scorer = Scorer(options)
        else:
            import multiprocessing

            method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
            context = multiprocessing.get_context(method)
            self.pool = context.Pool(self.jobs, initializer=_init_worker, initargs=(options, self.jobs))

    @property
    def notes(self) -> tuple[str, ...]:
        """The Scorer's shared notes in-process; none from a pool (each row has its own)."""
        return self.scorer.notes if self.scorer is not None else ()

    def __iter__(self) -> Iterator[tuple[dict, bool]]:
        if self.pool is None:
            if self.found is not None:
                yield from self.scorer.score_items(self.found)
            else:
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
