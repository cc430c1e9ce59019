"""`hypecheck fix`: apply each finding's first replacement, and mend the text around it.

Everything outside the replaced spans stays byte for byte, except the few characters the
mending must touch on the same line: the space or separator a deletion leaves behind
("right now — FULL STORY + link below" -> "right now"), the article before a replaced word
("a jaw-dropping ending" -> "an ending") and the capital of a sentence whose first words
went. Markdown is edited in the file itself, only where the span is prose (no markup in
it or next to it, not inside a link); HTML in the page's markup, only where the span maps
to one run of text outside links and code (hypecheck.lsp.htmlmap). Findings with advice
only, and those whose span could not be edited, are returned for the caller to list.
"""

from __future__ import annotations

import html
import re
from bisect import bisect_left, bisect_right, insort
from dataclasses import dataclass, field

from .findings import CATEGORIES, Finding, Report
from .mending import SENTENCE_ONLY, WHOLE_SENTENCE, apply_one, sentence_around

_MD_LINK = re.compile(r"!?\[[^\]\n]*\]\([^)\n]*\)|!?\[[^\]\n]*\]\[[^\]\n]*\]|<[A-Za-z][\w+.-]*:[^>\s]*>")
_HTML_KEEP = re.compile(r"<(/?)(a|code|pre|kbd|samp|script|style|textarea)\b[^>]*>", re.IGNORECASE)


@dataclass(frozen=True)
class Edit:
    start: int
    end: int
    text: str
    finding: Finding


@dataclass
class Result:
    """The rewritten document and what was left for the writer."""

    text: str
    applied: list[Finding] = field(default_factory=list)
    # (finding, why it stays): advice only, or a span that could not be edited safely
    remaining: list[tuple[Finding, str]] = field(default_factory=list)


def selected(findings, only: list[str] | None = None, rules: list[str] | None = None) -> list[Finding]:
    """The findings ``--only CATEGORY`` and ``--rule ID`` (an id or an id prefix) leave."""
    def rule_matches(rule_id: str, prefix: str) -> bool:
        return rule_id == prefix or rule_id.startswith(prefix.rstrip(".") + ".")

    return [
        f for f in findings
        if (not only or f.category in only) and (not rules or any(rule_matches(f.rule, r) for r in rules))
    ]


def check_filters(only: list[str] | None, rules: list[str] | None, known_rules) -> None:
    """Refuse a category or rule that does not exist (a typo would silently fix nothing)."""
    from .errors import ConfigError as UsageError

    for category in only or ():
        if category not in CATEGORIES:
            raise UsageError(f"--only {category}: no such category (one of {', '.join(CATEGORIES)})")
    for prefix in rules or ():
        if not any(r == prefix or r.startswith(prefix.rstrip(".") + ".") for r in known_rules):
            raise UsageError(f"--rule {prefix}: no such rule (see `hypecheck rules`)")


def plan(findings: list[Finding]) -> tuple[list[Finding], list[Finding]]:
    """(findings to replace, findings with advice only). Of overlapping findings the
    longest with a replacement wins; those inside it go with it. Spans are kept sorted
    and searched by bisection, so a text with thousands of findings stays linear."""
    fixable = sorted((f for f in findings if f.suggestion.replacements), key=lambda f: (-(f.end - f.start), f.start))
    taken: list[tuple[int, int]] = []
    chosen: list[Finding] = []
    for f in fixable:
        if not _overlapping(taken, f.start, f.end):
            insort(taken, (f.start, f.end))
            chosen.append(f)

    def covered(f: Finding) -> bool:
        at = bisect_right(taken, (f.start, float("inf"))) - 1
        return at >= 0 and taken[at][0] <= f.start and f.end <= taken[at][1]

    rest = [f for f in findings if not covered(f)]
    return sorted(chosen, key=lambda f: f.start), rest


def apply(text: str, edits: list[Edit], nlp=None, sentences: bool = False, left: list | None = None) -> str:
    """The text with the edits made (right to left, so offsets stay valid) and mended.
    ``nlp`` (a spaCy pipeline with a tagger) lets a dropped attribution hedge any verb;
    without it only auxiliaries are hedged. An edit that cannot be made honestly gives way
    to the finding's next replacement, or leaves the span as it is. With ``sentences``
    (plain text, where no markup can be caught in a sentence) a call to act takes its
    whole sentence with it. Edits not made are added to ``left``."""
    whole, kept = [], []
    edits = sorted(edits, key=lambda e: e.start)
    spans = [(e.start, e.end) for e in edits]  # sorted, and never overlapping (plan)
    for edit in edits:
        a, b = sentence_around(text, edit.start, edit.end) if sentences else (edit.start, edit.end)
        whole_sentence = not edit.text and (edit.finding.rule.startswith(WHOLE_SENTENCE)
                                            or not edit.finding.suggestion.replacements)
        if not edit.finding.suggestion.replacements:
            # a teaser with advice only goes with its whole sentence, or stays
            if not sentences or _facts_outside(text, a, b, spans):
                if left is not None:
                    left.append(edit)
                continue
        if sentences and whole_sentence and not _facts_outside(text, a, b, spans):
            if whole and a < whole[-1][1]:  # edits come in text order: merge overlapping sentences
                whole[-1] = (whole[-1][0], max(b, whole[-1][1]), whole[-1][2])
            else:
                whole.append((a, b, edit))
        else:
            kept.append((edit.start, edit.end, edit))
    # an edit in a sentence that goes whole goes with it
    gone = [(a, b) for a, b, _ in whole]
    kept = [(a, b, e) for a, b, e in kept if not _overlapping(gone, a, b)] + whole
    for start, end, edit in sorted(kept, key=lambda r: r[0], reverse=True):
        others = [r for r in edit.finding.suggestion.replacements if r != edit.text]
        for new in (edit.text, *others):
            done = apply_one(text, start, end, new, nlp, edit.finding.category == "vague_attribution")
            if done is not None:
                text = done
                break
    return text


def _overlapping(spans: list[tuple[int, int]], start: int, end: int) -> list[tuple[int, int]]:
    """Those of ``spans`` (sorted, never overlapping each other) that overlap start..end,
    found by bisection, so a long text's many edits stay linear."""
    i, j = bisect_left(spans, (start, -1)), bisect_left(spans, (end, -1))
    return [s for s in spans[max(i - 1, 0):j] if s[0] < end and start < s[1]]


def _facts_outside(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    """Whether the sentence text[start:end] holds, outside the findings, a figure, a name
    or a quotation: then only the call to act goes, never the facts around it."""
    near = _overlapping(spans, start, end)
    rest = "".join(" " if any(a <= i < b for a, b in near) else ch for i, ch in enumerate(text[start:end], start))
    opening = re.match(r"\W*(\w+)", text[start:end])
    names = [w for w in re.findall(r"\b[A-Z][\w’'-]*", rest) if not opening or w != opening.group(1)]
    return bool(re.search(r"\d", rest) or names or re.search("[\"“”]", rest))


def fix_text(text: str, findings: list[Finding], nlp=None) -> Result:
    """Plain text: every chosen finding's first replacement, mended."""
    chosen, rest = plan(findings)
    edits = [Edit(f.start, f.end, f.suggestion.replacements[0], f) for f in chosen]
    # a teaser no phrase entry knows ("What happens next will shock you.") may go as a
    # whole sentence (see apply), when nothing else in that sentence is being fixed
    spans = [(e.start, e.end) for e in edits]
    teasers = [f for f in rest if f.rule.startswith(SENTENCE_ONLY)
               and not _overlapping(spans, *sentence_around(text, f.start, f.end))]
    edits = sorted(edits + [Edit(f.start, f.end, "", f) for f in teasers], key=lambda e: e.start)
    taken = {id(f) for f in teasers}
    rest = [f for f in rest if id(f) not in taken]
    left: list[Edit] = []
    fixed = apply(text, edits, nlp, sentences=True, left=left)
    skipped = {id(e) for e in left}
    return Result(fixed, [e.finding for e in edits if id(e) not in skipped],
                  [(f, "advice") for f in rest] + [(e.finding, "advice") for e in left])


def fix_markdown(text: str, analysis_text: str | None, findings: list[Finding], nlp=None) -> Result:
    """Markdown: only spans of prose with no markup in or next to them, outside links."""
    shown = analysis_text or text
    links = [(m.start(), m.end()) for m in _MD_LINK.finditer(text)]
    chosen, rest = plan(findings)
    edits, remaining = [], [(f, "advice") for f in rest]
    for f in chosen:
        a, b = max(f.start - 1, 0), min(f.end + 1, len(text))
        prose = all(shown[i] == text[i] or text[i] in "\n\r" for i in range(a, b))
        in_link = any(s < f.end and f.start < e for s, e in links)
        if prose and not in_link:
            edits.append(Edit(f.start, f.end, f.suggestion.replacements[0], f))
        else:
            remaining.append((f, "markup"))
    left: list[Edit] = []
    fixed = apply(text, edits, nlp, left=left)
    skipped = {id(e) for e in left}
    return Result(fixed, [e.finding for e in edits if id(e) not in skipped], remaining + [(e.finding, "advice") for e in left])


def fix_html(markup: str, extracted: str, findings: list[Finding], nlp=None) -> Result:
    """HTML: each span mapped into the markup; only a run of text outside links and code."""
    from .lsp.htmlmap import HtmlMap

    where = HtmlMap(markup, extracted)
    chosen, rest = plan(findings)
    edits, remaining = [], [(f, "advice") for f in rest]
    for f in chosen:
        span = where.span(f.start, f.end)
        if span is None or _inside_kept_element(markup, span[0]):
            remaining.append((f, "markup"))
            continue
        raw = markup[span[0]:span[1]]
        if "<" in raw or " ".join(html.unescape(raw).split()) != " ".join(f.text.split()):
            remaining.append((f, "markup"))
            continue
        edits.append(Edit(span[0], span[1], html.escape(f.suggestion.replacements[0], quote=False), f))
    left: list[Edit] = []
    fixed = apply(markup, edits, nlp, left=left)
    skipped = {id(e) for e in left}
    return Result(fixed, [e.finding for e in edits if id(e) not in skipped], remaining + [(e.finding, "advice") for e in left])


def _inside_kept_element(markup: str, offset: int) -> bool:
    depth: dict[str, int] = {}
    for m in _HTML_KEEP.finditer(markup, 0, offset):
        name = m.group(2).lower()
        depth[name] = max(depth.get(name, 0) + (-1 if m.group(1) else 1), 0)
    return any(depth.values())


def fix_report(report: Report, original: str, fmt: str, analysis_text: str | None = None,
               only: list[str] | None = None, rules: list[str] | None = None, nlp=None) -> Result:
    """The rewritten document: ``original`` is the file's decoded text (the page's markup
    for HTML), ``report`` the analysis of it."""
    findings = selected(report.findings, only, rules)
    if fmt == "html":
        return fix_html(original, report.text, findings, nlp)
    if fmt == "markdown":
        return fix_markdown(original, analysis_text, findings, nlp)
    return fix_text(original, findings, nlp)


def line_of(text: str, offset: int) -> int:
    starts = [0] + [m.end() for m in re.finditer("\n", text)]
    return bisect_right(starts, offset)


def diff(before: str, after: str, name: str) -> str:
    import difflib

    return "".join(difflib.unified_diff(
        before.splitlines(keepends=True), after.splitlines(keepends=True), f"{name}", f"{name} (fixed)"
    ))


@dataclass(frozen=True)
class Document:
    """A file as read: its bytes (to check it did not change before writing over it), its
    decoded text (the markup for HTML), its encoding and the Source analysed."""

    data: bytes
    original: str
    encoding: str
    source: object


def read(path: str, max_bytes: int) -> Document:
    from pathlib import Path

    from . import sources
    from .errors import InputError

    if path == "-":
        import sys

        data = sys.stdin.buffer.read(max_bytes + 1)
        fmt = None
    else:
        p = Path(path)
        if not p.is_file():
            raise InputError(f"{p}: no such file" if not p.exists() else f"{p}: not a file")
        try:
            data = p.read_bytes()
        except OSError as exc:
            raise InputError(f"{p}: cannot read ({exc.strerror or exc})") from None
        fmt = sources.format_of(p)
    source = sources.from_bytes(data, path if path != "-" else "<stdin>", max_bytes, format=fmt)
    if source.format == "html":
        from .formats.html import decode

        original, encoding, _ = decode(data, source.name)
    else:
        original, encoding = source.text, source.encoding
    return Document(data, original, encoding, source)


def encode(doc: Document, text: str) -> bytes:
    from .errors import InputError

    try:
        return text.encode(doc.encoding, errors="xmlcharrefreplace" if doc.source.format == "html" else "strict")
    except UnicodeEncodeError as exc:
        raise InputError(f"{doc.source.name}: the fixed text cannot be written in {doc.encoding} ({exc.reason})") from None


def write_in_place(path: str, doc: Document, fixed: bytes) -> str:
    """Write the fixed bytes over ``path`` after keeping ``path.orig``; refuse when the file
    changed since it was read or a backup is already there (neither is overwritten)."""
    from pathlib import Path

    from .errors import InputError

    p = Path(path)
    backup = p.with_name(p.name + ".orig")
    try:
        if p.read_bytes() != doc.data:
            raise InputError(f"{p}: the file changed since it was read; not rewritten (run fix again)")
        if backup.exists():
            raise InputError(f"{backup}: a backup is already there; move it away first (not overwritten)")
        with open(backup, "xb") as fh:
            fh.write(doc.data)
        tmp = p.with_name(f".{p.name}.hypecheck-fix")
        tmp.write_bytes(fixed)
        tmp.replace(p)
    except OSError as exc:
        raise InputError(f"{p}: cannot rewrite ({exc.strerror or exc})") from None
    return str(backup)


def remaining_lines(doc: Document, result: Result) -> list[str]:
    """One line per finding left for the writer: where (line in the file), what, advice."""
    where_html = None
    if doc.source.format == "html":
        from .lsp.htmlmap import HtmlMap

        where_html = HtmlMap(doc.original, doc.source.text)
    out = []
    for f, why in sorted(result.remaining, key=lambda x: x[0].start):
        line = f.line
        if where_html is not None:
            span = where_html.span(f.start, f.end)
            line = line_of(doc.original, span[0]) if span else line
        note = f.suggestion.advice or f.message
        if why == "markup":
            note = "not changed (markup around it): " + (f.suggestion.replacements[0] or "delete it") + "; " + note
        text = " ".join(f.text.split())
        text = text if len(text) <= 60 else text[:57] + "..."
        out.append(f"{doc.source.name}:{line}: {f.rule}: \"{text}\": {note}")
    return out
