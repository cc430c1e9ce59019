"""The language server: pygls wiring, debouncing, and analysis off the message loop.

Analyses run one at a time in a worker thread (the spaCy pipeline is shared, and two
cores are better spent on one document than on two stale ones), so the message loop keeps
answering while a long document is analysed. Every job carries the document's version; a
job whose version is no longer the latest is skipped before it starts and its result is
dropped if the document changed meanwhile. Any error is logged to the client and the
server goes on.
"""

from __future__ import annotations

import asyncio
import logging
import sys
import traceback
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from lsprotocol import types
from pygls.lsp.server import LanguageServer
from pygls.uris import to_fs_path

from .. import __version__
from ..config import CONFIG_NAME, PYPROJECT
from . import actions
from .analysis import Engine, Outcome
from .diagnostics import diagnostics, hover_markdown
from .positions import LineIndex

CHANGE_DELAY = 0.4  # seconds of quiet typing before a changed document is analysed
log = logging.getLogger(__name__)


class HypecheckServer(LanguageServer):
    def __init__(self) -> None:
        super().__init__("hypecheck", __version__, text_document_sync_kind=types.TextDocumentSyncKind.Full)
        self.engine = Engine()
        self.delay = CHANGE_DELAY
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="hypecheck-analysis")
        self._latest: dict[str, int | None] = {}  # uri -> version of the open document
        self._timers: dict[str, asyncio.TimerHandle] = {}
        self.results: dict[str, tuple[int | None, Outcome]] = {}  # uri -> (version, outcome)

    @property
    def encoding(self) -> str:
        return str(self.workspace.position_encoding or "utf-16")

    # --- scheduling (on the event loop) -----------------------------------------------

    def schedule(self, uri: str, delay: float = 0.0) -> None:
        timer = self._timers.pop(uri, None)
        if timer is not None:
            timer.cancel()
        loop = asyncio.get_running_loop()
        self._timers[uri] = loop.call_later(delay, self._start, uri)

    def _start(self, uri: str) -> None:
        self._timers.pop(uri, None)
        if uri not in self._latest:
            return
        document = self.workspace.get_text_document(uri)
        version, text = document.version, document.source
        path = Path(to_fs_path(uri)) if uri.startswith("file:") else None
        name = str(path) if path else uri
        future = asyncio.get_running_loop().run_in_executor(
            self._executor, self._analyze, uri, version, text, path, document.language_id, name
        )
        future.add_done_callback(lambda f: self._finish(uri, version, f))

    def _analyze(self, uri, version, text, path, language_id, name) -> Outcome | None:
        if self._latest.get(uri, -1) != version:
            return None  # superseded while waiting: not worth the time
        return self.engine.analyze(text, path, language_id, name)

    def _finish(self, uri: str, version: int | None, future) -> None:
        try:
            outcome = future.result()
        except Exception as exc:  # a bug: keep serving, tell the client why there is nothing
            self.log(types.MessageType.Error, f"hypecheck: internal error analysing {uri}: {exc.__class__.__name__}: {exc}")
            log.debug("%s", traceback.format_exc())
            return
        if outcome is None or self._latest.get(uri, -1) != version:
            return  # a stale result for an old version, or a closed document
        self.results[uri] = (version, outcome)
        if outcome.problem:
            self.log(types.MessageType.Warning, f"hypecheck: {outcome.problem}")
        self.text_document_publish_diagnostics(types.PublishDiagnosticsParams(
            uri=uri, version=version, diagnostics=diagnostics(outcome, uri, self.encoding)
        ))

    def log(self, kind: types.MessageType, message: str) -> None:
        self.window_log_message(types.LogMessageParams(type=kind, message=message))

    def current(self, uri: str) -> Outcome | None:
        """The latest result, if it is for the document as the client has it now."""
        version, outcome = self.results.get(uri, (None, None))
        if outcome is None or self._latest.get(uri, -1) != version:
            return None
        return outcome

    def opened(self, uri: str, version: int | None) -> None:
        self._latest[uri] = version

    def closed(self, uri: str) -> None:
        self._latest.pop(uri, None)
        self.results.pop(uri, None)
        timer = self._timers.pop(uri, None)
        if timer is not None:
            timer.cancel()

    def open_uris(self) -> list[str]:
        return list(self._latest)

    def stop_analysis(self) -> None:
        self._executor.shutdown(wait=False, cancel_futures=True)


server = HypecheckServer()


@server.feature(types.INITIALIZE)
def initialize(ls: HypecheckServer, params: types.InitializeParams) -> None:
    root = params.root_uri or (params.workspace_folders[0].uri if params.workspace_folders else None)
    if root and root.startswith("file:"):
        ls.engine.root = Path(to_fs_path(root))
    options = params.initialization_options
    if isinstance(options, dict) and isinstance(options.get("debounce"), (int, float)):
        ls.delay = max(0.0, options["debounce"] / 1000)


@server.feature(types.INITIALIZED)
def initialized(ls: HypecheckServer, params: types.InitializedParams) -> None:
    # Load the pipeline now, in the worker, rather than when the first document arrives.
    future = asyncio.get_running_loop().run_in_executor(ls._executor, ls.engine.warm_up)
    future.add_done_callback(lambda f: _report_warm_up(ls, f))


def _report_warm_up(ls: HypecheckServer, future) -> None:
    # A broken configuration is also reported with each document; this is the early notice.
    if not future.cancelled() and future.exception() is not None:
        ls.log(types.MessageType.Warning, f"hypecheck: {future.exception()}")


@server.feature(types.TEXT_DOCUMENT_DID_OPEN)
def did_open(ls: HypecheckServer, params: types.DidOpenTextDocumentParams) -> None:
    ls.opened(params.text_document.uri, params.text_document.version)
    ls.schedule(params.text_document.uri)


@server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
def did_change(ls: HypecheckServer, params: types.DidChangeTextDocumentParams) -> None:
    ls.opened(params.text_document.uri, params.text_document.version)
    ls.schedule(params.text_document.uri, ls.delay)


@server.feature(types.TEXT_DOCUMENT_DID_SAVE)
def did_save(ls: HypecheckServer, params: types.DidSaveTextDocumentParams) -> None:
    uri = params.text_document.uri
    # A saved configuration file changes every open document's findings.
    if uri.rsplit("/", 1)[-1] in (CONFIG_NAME, PYPROJECT):
        for other in ls.open_uris():
            ls.schedule(other)
    if uri in ls.open_uris():
        ls.schedule(uri)


@server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
def did_close(ls: HypecheckServer, params: types.DidCloseTextDocumentParams) -> None:
    ls.closed(params.text_document.uri)
    ls.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri=params.text_document.uri, diagnostics=[]))


@server.feature(types.TEXT_DOCUMENT_HOVER)
def hover(ls: HypecheckServer, params: types.HoverParams) -> types.Hover | None:
    outcome = ls.current(params.text_document.uri)
    if outcome is None or not outcome.located:
        return None
    index = LineIndex(outcome.text, ls.encoding)
    at = index.offset(params.position.line, params.position.character)
    items = [item for item in outcome.located if item.start <= at <= item.end and item.end > item.start]
    if not items:
        return None
    return types.Hover(
        contents=types.MarkupContent(kind=types.MarkupKind.Markdown, value=hover_markdown(items)),
        range=None,
    )


@server.feature(
    types.TEXT_DOCUMENT_CODE_ACTION,
    types.CodeActionOptions(code_action_kinds=[types.CodeActionKind.QuickFix]),
)
def code_action(ls: HypecheckServer, params: types.CodeActionParams) -> list[types.CodeAction]:
    uri = params.text_document.uri
    outcome = ls.current(uri)
    if outcome is None:
        return []
    index = LineIndex(outcome.text, ls.encoding)
    start = index.offset(params.range.start.line, params.range.start.character)
    end = index.offset(params.range.end.line, params.range.end.character)
    items = [item for item in outcome.located if item.start <= end and start <= item.end]
    return actions.code_actions(outcome.format, outcome.text, items, uri, ls.encoding)


@server.feature(types.SHUTDOWN)
def shutdown(ls: HypecheckServer, params: None) -> None:
    ls.stop_analysis()


def run() -> None:
    """Serve over standard input and output until the client says exit."""
    stdout = sys.stdout.buffer
    # The protocol owns stdout: a stray print from a library would corrupt it.
    sys.stdout = sys.stderr
    logging.basicConfig(level=logging.WARNING, stream=sys.stderr)
    server.start_io(sys.stdin.buffer, stdout)
