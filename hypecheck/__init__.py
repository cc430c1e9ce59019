"""hypecheck: how much hype and clickbait a text carries, and exactly where and why.

    >>> import hypecheck
    >>> report = hypecheck.analyze("You won't believe what happened next!!")
    >>> report.score, [f.category for f in report.findings]
"""

from __future__ import annotations

from functools import lru_cache

from .errors import ConfigError, ExitCode, HypecheckError, InputError
from .findings import CATEGORIES, SCHEMA_VERSION, Finding, Report, Span

__version__ = "0.1.0"


@lru_cache(maxsize=1)
def get_analyzer():
    """The process-wide Analyzer with default settings, built on first use."""
    from .engine import Analyzer

    return Analyzer()


def analyze(text: str, name: str | None = None) -> Report:
    """Analyse one text with the default pipeline, rules and classifier.

    Raises TypeError when ``text`` is not a str (bytes included: decode them first), and
    InputError when it is empty or holds a lone surrogate.
    """
    from .engine import check_text

    check_text(text, name or "<text>")  # before loading anything
    return get_analyzer().analyze(text, name)


__all__ = [
    "CATEGORIES", "SCHEMA_VERSION", "ConfigError", "ExitCode", "Finding", "HypecheckError",
    "InputError", "Report", "Span", "analyze", "get_analyzer", "__version__",
]
