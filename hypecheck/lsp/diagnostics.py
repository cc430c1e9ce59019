"""Located findings -> LSP diagnostics, and the hover text that explains a rule."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from lsprotocol import types

from .analysis import Located, Outcome
from .positions import LineIndex

SOURCE = "hypecheck"
SEVERITY = {
    "high": types.DiagnosticSeverity.Error,
    "medium": types.DiagnosticSeverity.Warning,
    "low": types.DiagnosticSeverity.Information,
}


def to_range(index: LineIndex, start: int, end: int) -> types.Range:
    (l1, c1), (l2, c2) = index.position(start), index.position(end)
    return types.Range(types.Position(l1, c1), types.Position(l2, c2))


def rule_href(located: Located) -> str | None:
    """Where the rule is documented: its cited source, else the file that defines it."""
    rule = located.rule
    if rule is not None and rule.source and rule.source.startswith(("https://", "http://")):
        return rule.source
    if rule is not None and rule.id.endswith(".custom") and located.config_path:
        return Path(located.config_path).resolve().as_uri()
    category = located.finding.category
    data = resources.files("hypecheck.rules") / "data" / f"{category}.yaml"
    try:
        return Path(str(data)).resolve().as_uri()
    except (TypeError, ValueError):  # not a file on disk (a zip import)
        return None


def diagnostic(located: Located, index: LineIndex, uri: str) -> types.Diagnostic:
    f = located.finding
    href = rule_href(located)
    related = None
    if located.related is not None and f.related is not None:
        related = [
            types.DiagnosticRelatedInformation(
                location=types.Location(uri, to_range(index, *located.related)),
                message=f"the other passage: {f.related.text}",
            )
        ]
    return types.Diagnostic(
        range=to_range(index, located.start, located.end),
        message=f.message,
        severity=SEVERITY.get(f.severity, types.DiagnosticSeverity.Warning),
        code=f.rule,
        code_description=types.CodeDescription(href=href) if href else None,
        source=SOURCE,
        related_information=related,
        data={"rule": f.rule, "start": located.start, "end": located.end},
    )


def diagnostics(outcome: Outcome, uri: str, encoding: str) -> list[types.Diagnostic]:
    index = LineIndex(outcome.text, encoding)
    if outcome.problem:
        severity = types.DiagnosticSeverity.Error if outcome.problem_is_config else types.DiagnosticSeverity.Information
        return [types.Diagnostic(range=to_range(index, 0, 0), message=outcome.problem, severity=severity, source=SOURCE)]
    return [diagnostic(item, index, uri) for item in outcome.located]


def hover_markdown(items: list[Located]) -> str:
    """The explanation of each finding under the cursor, as `hypecheck explain` gives it."""
    parts = []
    for item in items:
        f, rule = item.finding, item.rule
        lines = [f"**{f.rule}** ({f.category}, {f.severity})", "", f.message]
        if rule is not None:
            lines += ["", rule.description, "", f"*Why:* {' '.join(rule.rationale.split())}"]
        href = rule_href(item)
        if href:
            lines += ["", f"[Rule source]({href})"]
        parts.append("\n".join(lines))
    return "\n\n---\n\n".join(parts)
