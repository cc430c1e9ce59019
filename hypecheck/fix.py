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
from bisect import bisect_right
from dataclasses import dataclass, field

from .findings import CATEGORIES, Finding, Report
from .suggestions import agree_articles, sentence_start

_SEPARATORS = "—–-:;,+|·"
_CLOSERS = ".,;:!?)]}”’\"'"
_MD_LINK = re.compile(r"!?\[[^\]\n]*\]\([^)\n]*\)|!?\[[^\]\n]*\]\[[^\]\n]*\]|<[A-Za-z][\w+.-]*:[^>\s]*>")
_HTML_KEEP = re.compile(r"<(/?)(a|code|pre|kbd|samp|script|style|textarea)\b[^>]*>", re.IGNORECASE)
_ARTICLE_BEFORE = re.compile(r"\b(a|an|A|An|AN)([ \t]+)$")
# A deleted "critics are calling" leaves "it the show of the year": the object becomes the
# subject ("it is the show ..."), and after "that"/"which" the verb of being comes back.
_CALLED = re.compile(r"\b(?:calls?|calling|called|dubs?|dubbing|dubbed|hails?|hailing|hailed)$", re.IGNORECASE)
_PERFECT = re.compile(r"\b(?:have|has|had|\w+[’']ve)\b", re.IGNORECASE)
_OBJECT = re.compile(r"(it|him|them|us)\b", re.IGNORECASE)
_SUBJECT = {"it": ("it", "is", "was"), "him": ("he", "is", "was"), "them": ("they", "are", "were"), "us": ("we", "are", "were")}
_SAID = re.compile(
    r"\b(?:say|says|said|saying|agree[sd]?|believe[sd]?|warn(?:s|ed|ing)?|predict(?:s|ed|ing)?|claim(?:s|ed)?|"
    r"insist(?:s|ed)?|think|thinks|knows?|knew|suggest(?:s|ed)?|expect(?:s|ed)?|admit(?:s|ted)?|convinced|"
    r"whisper(?:s|ed|ing)?|swear|swears|reckons?)$", re.IGNORECASE)
_RELATIVE = re.compile(r"\b(?:that|which)[ \t]*$", re.IGNORECASE)


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
    longest with a replacement wins; those inside it go with it."""
    fixable = sorted((f for f in findings if f.suggestion.replacements), key=lambda f: (-(f.end - f.start), f.start))
    chosen: list[Finding] = []
    for f in fixable:
        if not any(f.start < c.end and c.start < f.end for c in chosen):
            chosen.append(f)
    covered = [f for f in findings if any(c.start <= f.start and f.end <= c.end for c in chosen)]
    rest = [f for f in findings if f not in covered]
    return sorted(chosen, key=lambda f: f.start), rest


def apply(text: str, edits: list[Edit]) -> str:
    """The text with the edits made (right to left, so offsets stay valid) and mended."""
    for edit in sorted(edits, key=lambda e: e.start, reverse=True):
        text = _apply_one(text, edit.start, edit.end, edit.text)
    return text


def _apply_one(text: str, start: int, end: int, new: str) -> str:
    left, right = text[:start], text[end:]
    if not new:
        left, right = _mend_deletion(left, right, opened_sentence=sentence_start(text, start))
        if _SAID.search(text[start:end]) and re.match(r"(?i:that)[ \t]+\w", right):
            # "[experts agree] that it works" -> "it works", "It works" at a sentence start
            right = right[4:].lstrip(" \t")
            if right and sentence_start(left + right, len(left)):
                right = right[0].upper() + right[1:]
        if _CALLED.search(text[start:end]):
            right = _called_object(right, left, past=text[start:end].lower().endswith("called")
                                   and not _PERFECT.search(text[start:end]))
    m = _ARTICLE_BEFORE.search(left[-12:])
    if m:
        following = (new + right).lstrip(" \t")
        word = re.match(r"[\w’'-]+", following)
        if word:
            fixed = agree_articles(f"{m.group(1)} {word.group()}").split(" ", 1)[0]
            left = left[: len(left) - len(m.group())] + fixed + m.group(2)
    return left + new + right


def _called_object(right: str, left: str, past: bool) -> str:
    """"[critics are calling] it a triumph" -> "it is a triumph"; "a sound that [fans call]
    unreal" -> "a sound that is unreal"."""
    m = _OBJECT.match(right)
    if m and re.match(r"[ \t]+[\w\"“]", right[m.end():]):
        subject, present, was = _SUBJECT[m.group(1).lower()]
        if m.group(1)[0].isupper():
            subject = subject[0].upper() + subject[1:]
        return f"{subject} {was if past else present}" + right[m.end():]
    if _RELATIVE.search(left) and re.match(r"[ \t]*[\w\"“]", right):
        # the verb agrees with the noun before "that": "headphones that are unreal"
        noun = re.search(r"(\w+)[ \t]+(?:that|which)[ \t]*$", left, re.IGNORECASE)
        plural = bool(noun) and noun.group(1).lower().endswith("s") and not noun.group(1).lower().endswith(("ss", "us", "is"))
        return ("were " if plural else "was ") + right if past else ("are " if plural else "is ") + right
    return right


def _mend_deletion(left: str, right: str, opened_sentence: bool) -> tuple[str, str]:
    """Spaces and separators around a deleted span, on its own line only."""
    line_start = not left or left[-1] in "\n\r"
    right_bare = right.lstrip(" \t")
    line_end = not right_bare or right_bare[0] in "\n\r"
    if line_end or right_bare[0] in ".!?":
        # "right now — [deleted]" -> "right now"; "story: [deleted]." -> "story."
        trimmed = left.rstrip(" \t")
        while trimmed and trimmed[-1] in _SEPARATORS and not trimmed.endswith("--") and trimmed[-1] != "\n":
            trimmed = trimmed[:-1].rstrip(" \t")
        if trimmed and trimmed[-1] in ".!?" and right_bare[:1] in (".", "!", "?"):
            right_bare = right_bare[1:]
        return trimmed, right_bare if not line_end else right_bare
    if line_start or opened_sentence or left.rstrip(" \t")[-1:] in "(“\"‘[":
        # "[deleted], the show" at a sentence start: the separator goes, the next word opens it
        while right_bare and right_bare[0] in _SEPARATORS:
            right_bare = right_bare[1:].lstrip(" \t")
        if opened_sentence or line_start:
            right_bare = right_bare[:1].upper() + right_bare[1:]
        kept_space = left[len(left.rstrip(" \t")):] if not line_start and left.rstrip(" \t")[-1:] not in "(“\"‘[" else ""
        return left.rstrip(" \t") + kept_space, right_bare
    if right_bare[0] in _CLOSERS:
        trimmed = left.rstrip(" \t")
        if trimmed[-1:] in ",;:" and right_bare[0] in ",;:":
            right_bare = right_bare[1:]
        return trimmed, right_bare
    if left.rstrip(" \t")[-1:] in ",;:" and right_bare[0] in ",;:":
        right_bare = right_bare[1:].lstrip(" \t")
    space = left[len(left.rstrip(" \t")):] or " "
    return left.rstrip(" \t") + space[:1], right_bare


def fix_text(text: str, findings: list[Finding]) -> Result:
    """Plain text: every chosen finding's first replacement, mended."""
    chosen, rest = plan(findings)
    edits = [Edit(f.start, f.end, f.suggestion.replacements[0], f) for f in chosen]
    return Result(apply(text, edits), [e.finding for e in edits], [(f, "advice") for f in rest])


def fix_markdown(text: str, analysis_text: str | None, findings: list[Finding]) -> Result:
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
    return Result(apply(text, edits), [e.finding for e in edits], remaining)


def fix_html(markup: str, extracted: str, findings: list[Finding]) -> Result:
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
    return Result(apply(markup, edits), [e.finding for e in edits], remaining)


def _inside_kept_element(markup: str, offset: int) -> bool:
    depth: dict[str, int] = {}
    for m in _HTML_KEEP.finditer(markup, 0, offset):
        name = m.group(2).lower()
        depth[name] = max(depth.get(name, 0) + (-1 if m.group(1) else 1), 0)
    return any(depth.values())


def fix_report(report: Report, original: str, fmt: str, analysis_text: str | None = None,
               only: list[str] | None = None, rules: list[str] | None = None) -> Result:
    """The rewritten document: ``original`` is the file's decoded text (the page's markup
    for HTML), ``report`` the analysis of it."""
    findings = selected(report.findings, only, rules)
    if fmt == "html":
        return fix_html(original, report.text, findings)
    if fmt == "markdown":
        return fix_markdown(original, analysis_text, findings)
    return fix_text(original, findings)


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
