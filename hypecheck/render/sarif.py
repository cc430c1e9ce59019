"""SARIF 2.1.0, the Static Analysis Results Interchange Format, for code-scanning tools.

One run per invocation: ``tool.driver`` lists the rules (from the rule data: id,
description, rationale, source), ``artifacts`` lists the documents with their score and
verdict, and each finding is a result with a physical location (1-based lines and
columns counted in Unicode code points, ``endColumn`` just after the last character),
plus ``relatedLocations`` for the passage a contradiction points at.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from pathlib import PurePosixPath
from urllib.parse import quote

from .. import __version__
from ..findings import CATEGORY_DESCRIPTIONS, Finding, Report, Span
from ..rules import Rule, builtin_rules
from .github import end_position, position

SCHEMA_URI = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
LEVEL = {"high": "error", "medium": "warning", "low": "note"}
INFORMATION_URI = "https://pypi.org/project/hypecheck/"
_ABSOLUTE_URI = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")


def artifact_uri(source: str) -> str:
    """A URI reference for a source name: relative paths stay relative, '<stdin>' is encoded."""
    if source.startswith("/"):
        return "file://" + quote(source)
    path = source.replace("\\", "/")
    if re.match(r"^[A-Za-z]:/", path):  # a Windows drive path
        return "file:///" + quote(path)
    return quote(str(PurePosixPath(path)) if path else path, safe="/")


def _rule_descriptor(rule: Rule) -> dict:
    descriptor = {
        "id": rule.id,
        "name": "".join(part.capitalize() for part in re.split(r"[._-]", rule.id)),
        "shortDescription": {"text": rule.description},
        "fullDescription": {"text": rule.rationale},
        "messageStrings": {"default": {"text": rule.message}},
        "defaultConfiguration": {"level": LEVEL[rule.severity]},
        "help": {"text": f"{rule.description}\n\nWhy: {rule.rationale}"},
        "properties": {"category": rule.category, "tags": ["hype", rule.category]},
    }
    if rule.source and _ABSOLUTE_URI.match(rule.source):
        descriptor["helpUri"] = rule.source
    return descriptor


def _fallback_descriptor(finding: Finding) -> dict:
    """A rule not in the rule data (a project's custom terms): described by its category."""
    return {
        "id": finding.rule,
        "shortDescription": {"text": CATEGORY_DESCRIPTIONS[finding.category]},
        "fullDescription": {"text": f"Terms the project's configuration lists as {finding.category}."},
        "defaultConfiguration": {"level": LEVEL[finding.severity]},
        "properties": {"category": finding.category, "tags": ["hype", finding.category]},
    }


def _region(text: str, start: int, end: int) -> dict:
    line, column = position(text, start)
    end_line, end_column = end_position(text, start, end)
    return {
        "startLine": line,
        "startColumn": column,
        "endLine": end_line,
        "endColumn": end_column,
        "charOffset": start,
        "charLength": end - start,
        "snippet": {"text": text[start:end]},
    }


def _location(uri: str, index: int, text: str, span: Finding | Span) -> dict:
    return {
        "physicalLocation": {
            "artifactLocation": {"uri": uri, "index": index},
            "region": _region(text, span.start, span.end),
        }
    }


def _result(finding: Finding, report: Report, uri: str, index: int, rule_index: int) -> dict:
    result = {
        "ruleId": finding.rule,
        "ruleIndex": rule_index,
        "level": LEVEL[finding.severity],
        "message": {"text": finding.message},
        "locations": [_location(uri, index, report.text, finding)],
        "properties": {"category": finding.category, "severity": finding.severity},
    }
    if finding.related:
        related = _location(uri, index, report.text, finding.related)
        related["id"] = 1
        related["message"] = {"text": f"The contradicting passage: \"{finding.related.text}\""}
        result["relatedLocations"] = [related]
        result["message"]["text"] += " (see [the contradicting passage](1))"
    return result


def to_sarif(reports: Iterable[Report], rules: Iterable[Rule] | None = None) -> dict:
    """The SARIF log (a dict) for any number of reports, in one run."""
    reports = list(reports)
    descriptors = [_rule_descriptor(r) for r in (builtin_rules() if rules is None else rules)]
    rule_index = {d["id"]: i for i, d in enumerate(descriptors)}
    artifacts, results = [], []
    for index, report in enumerate(reports):
        uri = artifact_uri(report.source)
        artifacts.append({
            "location": {"uri": uri},
            "properties": {
                "encoding": report.encoding,
                "score": report.score,
                "verdict": report.verdict,
                "wordCount": report.word_count,
                "clickbaitProbability": report.clickbait_probability,
                "counts": report.counts(),
                "notes": list(report.notes),
            },
        })
        for finding in report.findings:
            if finding.rule not in rule_index:
                rule_index[finding.rule] = len(descriptors)
                descriptors.append(_fallback_descriptor(finding))
            results.append(_result(finding, report, uri, index, rule_index[finding.rule]))
    return {
        "$schema": SCHEMA_URI,
        "version": "2.1.0",
        "runs": [{
            "tool": {
                "driver": {
                    "name": "hypecheck",
                    "version": __version__,
                    "semanticVersion": __version__,
                    "informationUri": INFORMATION_URI,
                    "rules": descriptors,
                }
            },
            "columnKind": "unicodeCodePoints",
            "artifacts": artifacts,
            "results": results,
            "invocations": [{"executionSuccessful": True}],
        }],
    }


def render(report: Report, rules: Iterable[Rule] | None = None) -> str:
    return json.dumps(to_sarif([report], rules), ensure_ascii=False, indent=2)


def render_many(reports: Iterable[Report], rules: Iterable[Rule] | None = None) -> str:
    return json.dumps(to_sarif(reports, rules), ensure_ascii=False, indent=2)
