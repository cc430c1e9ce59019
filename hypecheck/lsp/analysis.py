"""A document's text -> findings located in that text, with the project's configuration.

The configuration is found as the command line finds it (``hypecheck.config``), searching
upward from the document's folder rather than from the current directory: an editor's
server serves files from anywhere. One Analyzer is kept per configuration file (and its
modification time), so the spaCy pipeline loads once per server and an edited
configuration takes effect at the next analysis.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path

from .. import config, sources
from ..errors import ConfigError, HypecheckError
from ..findings import Finding
from ..rules import Rule
from .htmlmap import HtmlMap

_LANGUAGE_FORMATS = {"markdown": "markdown", "html": "html", "xhtml": "html", "plaintext": "text", "text": "text"}


@dataclass(frozen=True)
class Located:
    """A finding with its ranges in the document's own text (not the extracted article)."""

    finding: Finding
    start: int
    end: int
    related: tuple[int, int] | None = None
    rule: Rule | None = None
    config_path: Path | None = None


@dataclass(frozen=True)
class Outcome:
    """What one analysis gives the editor: located findings, or one problem to show."""

    text: str
    format: str
    located: tuple[Located, ...] = ()
    problem: str | None = None  # an input or configuration error, shown as one diagnostic
    problem_is_config: bool = False
    score: int | None = None


def document_format(path: Path | None, language_id: str | None, text: str) -> str:
    """The format: the file's suffix as the CLI reads it, then the editor's language, then a sniff."""
    by_suffix = sources.format_of(path) if path else None
    if by_suffix:
        return by_suffix
    if language_id and language_id.lower() in _LANGUAGE_FORMATS:
        return _LANGUAGE_FORMATS[language_id.lower()]
    from ..formats.html import looks_like_html

    return "html" if looks_like_html(text[:2048].encode("utf-8", "replace")) else "text"


class Engine:
    """Analyzers by configuration file; thread-safe, used from the analysis worker."""

    def __init__(self, root: Path | None = None) -> None:
        self.root = root
        self._analyzers: dict[tuple, tuple] = {}
        self._lock = threading.Lock()

    def _analyzer(self, folder: Path | None):
        from ..engine import Analyzer

        found = config.find_config(folder or self.root)
        stamp = found.stat().st_mtime_ns if found else None
        key = (found, stamp)
        with self._lock:
            if key not in self._analyzers:
                settings = config.resolve(found, cwd=folder or self.root) if found else config.resolve(no_config=True)
                self._analyzers[key] = (Analyzer(**settings.analyzer_args), found)
            return self._analyzers[key]

    def warm_up(self) -> None:
        """Load the pipeline before the first document arrives."""
        self._analyzer(self.root)

    def analyze(self, text: str, path: Path | None, language_id: str | None, name: str) -> Outcome:
        fmt = document_format(path, language_id, text)
        if not text.strip():
            return Outcome(text, fmt)
        try:
            size = len(text.encode("utf-8", "surrogatepass"))
            if size > sources.DEFAULT_MAX_BYTES:
                return Outcome(text, fmt, problem=f"{name}: {size:,} bytes is over hypecheck's size limit of {sources.DEFAULT_MAX_BYTES:,} bytes; not analysed")
            analyzer, config_path = self._analyzer(path.parent if path else None)
            source = _source(text, fmt, name)
            report = next(analyzer.analyze_sources([source]))
        except ConfigError as exc:
            return Outcome(text, fmt, problem=str(exc), problem_is_config=True)
        except HypecheckError as exc:
            return Outcome(text, fmt, problem=str(exc))
        rules = {r.id: r for r in analyzer.rules}
        where = HtmlMap(text, source.text).span if fmt == "html" else (lambda s, e: (s, e))
        located = []
        for f in report.findings:
            span = where(f.start, f.end) or (0, 0)
            related = where(f.related.start, f.related.end) if f.related else None
            located.append(Located(f, span[0], span[1], related, rules.get(f.rule), config_path))
        return Outcome(text, fmt, tuple(located), score=report.score)


def _source(text: str, fmt: str, name: str) -> sources.Source:
    if fmt == "html":
        return sources.from_html(text, name)
    if fmt == "markdown":
        return sources.from_markdown(text, name)
    return sources.from_text(text, name)
