"""``--dask ADDRESS``: a batch run scored on a Dask cluster, with the rows of a local run.

The client cuts the selection into tasks of about one ``nlp.pipe`` group each and keeps
a few per worker in flight:

- files (text, Markdown, HTML) go as batches of *paths*, read by the workers;
- a Parquet corpus goes as *row-group ranges* of its file, read by the workers;
- a JSON Lines or CSV corpus is read by the client, record by record with the same
  readers and limits as a local run, and goes as batches of *records* (their place in a
  text file is only known by reading it).

Each worker builds one Scorer (the pipeline, the rules, the classifier) when the run's
worker plugin is set up, and every task of the run reuses it. Results are yielded in the
selection's order as they arrive, so ``--output`` grows while the cluster works, and the
rows are those of ``--jobs 1``. ``close(abort=True)`` (Ctrl-C) cancels what is queued.

Workers must be able to import hypecheck and, for paths and Parquet ranges, read the
same paths as the client (a shared file system; on a LocalCluster they always can).
"""

from __future__ import annotations

import logging
import threading
import uuid
from collections import deque
from collections.abc import Callable, Iterator

from . import batch, corpora
from .errors import ExitCode, HypecheckError, InputError
from .formats.url import is_url
from .selection import Entry

try:  # the [dask] extra; without it connect() says how to install it
    from distributed import WorkerPlugin as _PluginBase
except ImportError:  # pragma: no cover - depends on the installed extras
    _PluginBase = object

TASK_ROWS = batch.GROUP_SIZE  # records (or Parquet rows) a task holds at most...
TASK_CHARS = batch.GROUP_CHARS  # ...and about this many characters of text
IN_FLIGHT_PER_WORKER = 3  # enough to keep a worker busy while its results travel


class ClusterError(HypecheckError):
    """The cluster failed (a worker died, the scheduler went away): not the input's fault."""

    exit_code = ExitCode.INTERNAL


# --------------------------------------------------------------------------- on the workers

_SCORERS: dict[str, batch.Scorer | Exception] = {}
_LOCK = threading.Lock()


class Preload(_PluginBase):
    """Worker plugin: builds the run's Scorer once per worker, before its first task.

    A worker that fails to build it keeps the error, and each task raises it: the run
    stops with that one message instead of a worker restarting forever."""

    def __init__(self, token: str, options: batch.Options) -> None:
        self.token = token
        self.options = options

    def setup(self, worker=None) -> None:
        with _LOCK:
            if self.token not in _SCORERS:
                try:
                    _SCORERS[self.token] = batch.Scorer(self.options)
                except Exception as exc:  # noqa: BLE001 - raised again by the tasks
                    _SCORERS[self.token] = exc

    def teardown(self, worker=None) -> None:
        _SCORERS.pop(self.token, None)


def _scorer(token: str) -> batch.Scorer:
    scorer = _SCORERS.get(token)
    if isinstance(scorer, Exception):
        raise scorer
    if scorer is None:
        raise ClusterError("the worker has no pipeline for this run (its plugin was not set up)")
    return scorer


def score_task(token: str, kind: str, payload: list) -> list[tuple[dict, bool]]:
    """One task: rows for a batch of entries (paths, Parquet ranges) or of read records."""
    scorer = _scorer(token)
    with _LOCK:  # a worker with several threads shares one pipeline: spaCy is not thread-safe
        if kind == "entries":
            return list(scorer.rows(payload))
        return list(scorer.score_items(payload))


def worker_notes(token: str) -> tuple[str, ...]:
    scorer = _scorer(token)
    return tuple(scorer.notes)


# --------------------------------------------------------------------------- on the client


def connect(address: str, jobs: int):
    """(client, cluster or None) for ``local`` or a scheduler address; InputError when
    Dask is missing or the scheduler cannot be reached."""
    try:
        import distributed
    except ImportError:
        raise InputError("--dask needs Dask: pip install 'hypecheck[dask]'") from None
    logging.getLogger("distributed").setLevel(logging.ERROR)
    if address == "local":
        cluster = distributed.LocalCluster(
            n_workers=jobs, threads_per_worker=1, processes=True, dashboard_address=None,
            silence_logs=logging.ERROR,
        )
        return distributed.Client(cluster), cluster
    try:
        return distributed.Client(address, timeout="15s"), None
    except (OSError, TimeoutError, ValueError) as exc:
        raise InputError(f"--dask {address}: cannot reach the Dask scheduler ({exc})") from None


class DaskRunner:
    """Yields (row, last of file) for a selection, in order, scored on a Dask cluster.

    The same interface as ``batch.Runner``; ``follow(callback)`` is told how many rows
    each finished task brought, for a progress bar that follows the futures."""

    def __init__(self, entries: list[Entry], options: batch.Options, jobs: int, address: str) -> None:
        self.entries = entries
        self.options = options
        self.client, self.cluster = connect(address, jobs)
        self.futures: deque = deque()
        self.on_rows: Callable[[int], None] | None = None
        self.units: dict[str, int] = {}
        self._sizes: dict[str, list[int]] = {}
        try:
            self.client.wait_for_workers(1, timeout=60)
            self.jobs = max(1, len(self.client.scheduler_info().get("workers", {})))
            self.token = uuid.uuid4().hex
            self.client.register_plugin(Preload(self.token, options), name=f"hypecheck-{self.token}")
            notes = self.client.run(worker_notes, self.token)
            self.notes: tuple[str, ...] = next(iter(notes.values()), ())
        except HypecheckError:
            self.close(abort=True)
            raise
        except Exception as exc:
            self.close(abort=True)
            raise ClusterError(f"--dask {address}: the workers could not load the pipeline ({exc})") from None

    def follow(self, callback: Callable[[int], None]) -> None:
        self.on_rows = callback

    # ----------------------------------------------------------------- tasks

    def _tasks(self) -> Iterator[tuple[str, object]]:
        """("rows", rows made here) or (kind, payload) for a worker, in selection order."""
        plain: list[Entry] = []
        size = batch.chunk_size(len(self.entries), self.jobs)
        for entry in self.entries:
            # Standard input and URLs are read here: a worker has neither this process's
            # input nor, perhaps, the network.
            here = entry.path == "-" or is_url(entry.path)
            kind = None if entry.error or here else corpora.kind_of(entry.path)
            if kind is None and not entry.error and not here:
                plain.append(entry)
                if len(plain) >= size:
                    yield "entries", plain
                    plain = []
                continue
            if plain:
                yield "entries", plain
                plain = []
            if entry.error:
                yield "rows", [(batch.error_row(entry.path, entry.error, self.options.id_field), True)]
            elif kind == "parquet":
                yield from self._parquet_tasks(entry)
            else:
                yield from self._record_tasks(entry)
        if plain:
            yield "entries", plain

    def _parquet_tasks(self, entry: Entry) -> Iterator[tuple[str, object]]:
        from .corpora.parquet import row_group_sizes

        try:
            sizes = self._sizes.get(entry.path) or row_group_sizes(entry.path)
            self._sizes[entry.path] = sizes
        except InputError as exc:
            message = batch.strip_name(str(exc), entry.path)
            yield "rows", [(batch.error_row(entry.path, message, self.options.id_field), True)]
            return
        ranges: list[list[int]] = []
        rows = TASK_ROWS
        for group, count in enumerate(sizes):
            if rows + count > TASK_ROWS:
                ranges.append([])
                rows = 0
            ranges[-1].append(group)
            rows += count
        if not ranges:  # no row groups: the worker says the file has no documents
            ranges = [[]]
        for i, groups in enumerate(ranges):
            kind = "entries" if i == len(ranges) - 1 else "entries-more"
            yield kind, [Entry(entry.path, row_groups=tuple(groups))]

    def _record_tasks(self, entry: Entry) -> Iterator[tuple[str, object]]:
        items: list[tuple] = []
        chars = 0
        for item in batch.items(entry, self.options):  # read here exactly as a local run does
            items.append(item)
            if not isinstance(item[2], str):
                chars += len(item[2].text)
            if len(items) >= TASK_ROWS or chars >= TASK_CHARS:
                yield "items", items
                items, chars = [], 0
        if items:
            yield "items", items

    # ----------------------------------------------------------------- results

    def __iter__(self) -> Iterator[tuple[dict, bool]]:
        import distributed

        tasks = self._tasks()
        done = distributed.as_completed()
        limit = IN_FLIGHT_PER_WORKER * self.jobs
        in_flight = 0
        exhausted = False
        while True:
            while not exhausted and in_flight < limit:
                task = next(tasks, None)
                if task is None:
                    exhausted = True
                    break
                kind, payload = task
                if kind == "rows":
                    self.futures.append((payload, True))
                    continue
                more = kind == "entries-more"  # a Parquet range that is not the file's last
                future = self.client.submit(score_task, self.token, "entries" if more else kind, payload, pure=False)
                self.units[future.key] = self._units(kind, payload)
                done.add(future)
                self.futures.append((future, not more))
                in_flight += 1
            if not self.futures:
                return
            head, ends_file = self.futures[0]
            if isinstance(head, list):
                self.futures.popleft()
                yield from head
                continue
            for finished in done.next_batch(block=False):
                self._report(finished)
            while not head.done():
                self._report(next(done))
            # A future can be done before as_completed has queued it: reported when its rows
            # are taken, the progress never trails the rows (nor stops short of the total).
            self._report(head)
            self.futures.popleft()
            in_flight -= 1
            rows = self._result(head)
            if not ends_file and rows:
                rows[-1] = (rows[-1][0], False)
            yield from rows

    def _report(self, future) -> None:
        if future.key not in self.units:
            return  # reported already, when its rows were taken
        units = self.units.pop(future.key)
        if self.on_rows is not None and future.status == "finished":
            self.on_rows(units)

    def _units(self, kind: str, payload: list) -> int:
        """What a task adds to the progress bar: files, Parquet rows or records."""
        if kind == "items":
            return len(payload)
        return sum(self._parquet_rows(e) if e.row_groups is not None else 1 for e in payload)

    def _parquet_rows(self, entry: Entry) -> int:
        sizes = self._sizes.get(entry.path)
        if sizes is None:
            from .corpora.parquet import row_group_sizes

            sizes = self._sizes[entry.path] = row_group_sizes(entry.path)
        return sum(sizes[g] for g in entry.row_groups)

    def total(self) -> int | None:
        """Files plus Parquet rows to score; None when a JSON Lines or CSV corpus is in
        the selection (its records are counted only by reading it)."""
        total = 0
        for entry in self.entries:
            kind = None if entry.error or is_url(entry.path) else corpora.kind_of(entry.path)
            if kind in ("jsonl", "csv", "tsv"):
                return None
            if kind == "parquet":
                try:
                    total += self._parquet_rows(Entry(entry.path, row_groups=()))
                    total += sum(self._sizes[entry.path])
                except InputError:
                    total += 1
            else:
                total += 1
        return total

    @staticmethod
    def _result(future) -> list[tuple[dict, bool]]:
        try:
            return future.result()
        except HypecheckError:
            raise
        except Exception as exc:  # a worker died (KilledWorker), the scheduler went away...
            raise ClusterError(f"the Dask cluster failed: {type(exc).__name__}: {exc}") from None

    def close(self, abort: bool = False) -> None:
        futures = [f for f, _ in self.futures if not isinstance(f, list)]
        self.futures.clear()
        client, cluster = self.client, self.cluster
        self.client = self.cluster = None
        if client is not None:
            try:
                if futures:
                    client.cancel(futures)
                token = getattr(self, "token", None)
                if token and cluster is None:  # a shared cluster: leave no pipeline behind
                    client.unregister_worker_plugin(f"hypecheck-{token}")
            except Exception:  # noqa: BLE001 - closing must not hide the run's own outcome
                pass
            client.close()
        if cluster is not None:
            cluster.close()
