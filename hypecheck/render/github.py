"""GitHub Actions workflow commands: one annotation per finding.

    ::warning file=a.txt,line=3,col=5,endLine=3,endColumn=17,title=superlative.tagged::...

Severity high -> ``error``, medium -> ``warning``, low -> ``notice``. Lines and columns
are 1-based and count characters (Unicode code points); ``endColumn`` is the column just
after the finding's last character, as in SARIF. Values are escaped as the Actions
toolkit does: in the message ``%``, CR and LF; in properties also ``:`` and ``,``.
"""

from __future__ import annotations

from collections.abc import Iterable

from ..findings import Finding, Report

LEVEL = {"high": "error", "medium": "warning", "low": "notice"}
_EXCERPT = 80


def escape_data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(value: str) -> str:
    return escape_data(value).replace(":", "%3A").replace(",", "%2C")


def position(text: str, offset: int) -> tuple[int, int]:
    """1-based (line, column) of a character offset; lines end at LF."""
    line_start = text.rfind("\n", 0, offset) + 1
    return text.count("\n", 0, offset) + 1, offset - line_start + 1


def end_position(text: str, finding_start: int, finding_end: int) -> tuple[int, int]:
    """(endLine, endColumn) with endColumn just after the last character."""
    last = max(finding_end - 1, finding_start)
    line, column = position(text, last)
    return line, column + 1


def _excerpt(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= _EXCERPT else text[: _EXCERPT - 1] + "…"


def annotation(report: Report, finding: Finding, file: str | None = None) -> str:
    end_line, end_column = end_position(report.text, finding.start, finding.end)
    properties = {
        "file": (file or report.source).replace("\\", "/"),
        "line": str(finding.line),
        "col": str(finding.column),
        "endLine": str(end_line),
        "endColumn": str(end_column),
        "title": finding.rule,
    }
    message = f"{finding.message} [{finding.category}: \"{_excerpt(finding.text)}\"]"
    if finding.related:
        line, column = position(report.text, finding.related.start)
        message += f" It contradicts line {line}, column {column}: \"{_excerpt(finding.related.text)}\"."
    props = ",".join(f"{key}={escape_property(value)}" for key, value in properties.items())
    return f"::{LEVEL[finding.severity]} {props}::{escape_data(message)}"


def render(report: Report, file: str | None = None) -> str:
    """One line per finding, in text order; an empty string when there are none."""
    return "\n".join(annotation(report, f, file) for f in report.findings)


def render_many(reports: Iterable[Report]) -> str:
    return "\n".join(line for line in (render(r) for r in reports) if line)
