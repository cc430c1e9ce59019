"""The annotated terminal report: header, legend, highlighted text, table of findings.

Made for an editor reading at 80 columns, with or without colour (NO_COLOR, --no-color):
overlapping findings form one *place*, shown once as ``[text](n)``, brackets marking
where it starts and ends, numbered in reading order; the table gives each place's
paragraph and sentence, every reason found there, and what to write instead.
"""

from __future__ import annotations

import re
from bisect import bisect_right

from rich.console import Console, Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from ..findings import CATEGORIES, CATEGORY_INFO, Finding, Report


def style(category: str) -> str:
    """The category's highlight, from its record in rules/categories.json."""
    return CATEGORY_INFO[category].terminal_style


def swatch(category: str) -> str:
    """The highlight's background colour alone, for legends and labels."""
    return style(category).split(" on ")[-1]


VERDICT_STYLE = {"sober": "green", "mild": "yellow", "hyped": "orange1", "sensational": "red"}
BAR_WIDTH = 30


def score_bar(score: int, verdict: str) -> Text:
    filled = round(BAR_WIDTH * score / 100)
    bar = Text()
    bar.append("█" * filled, style=VERDICT_STYLE.get(verdict, "white"))
    bar.append("░" * (BAR_WIDTH - filled), style="grey50")
    bar.append(f" {score}/100 ", style="bold")
    bar.append(verdict.upper(), style=f"bold {VERDICT_STYLE.get(verdict, 'white')}")
    return bar


def header(report: Report) -> Panel:
    lines = Text()
    lines.append("Source:   ", style="bold").append(report.source + "\n")
    lines.append("Headline: ", style="bold").append((report.headline or "(none found)") + "\n")
    lines.append("Score:    ", style="bold").append_text(score_bar(report.score, report.verdict))
    if report.clickbait_probability is not None:
        lines.append("\nClickbait probability of the headline: ", style="bold")
        lines.append(f"{report.clickbait_probability:.2f}")
        if report.clickbait_terms:
            terms = ", ".join(term for term, _ in report.clickbait_terms)
            lines.append(f" (pushed up by: {terms})", style="italic")
    lines.append(f"\n{report.word_count:,} words, {len(report.findings)} findings", style="dim")
    if report.suppressed:
        lines.append(f" ({report.suppressed} suppressed by comments)", style="dim")
    for note in report.notes:
        lines.append(f"\nnote: {note}", style="yellow")
    return Panel(lines, title="hypecheck", title_align="left", expand=True)


def legend(report: Report, width: int = 80) -> Text:
    """The categories and their counts; a label never wraps away from its count."""
    counts = report.counts()
    text = Text()
    used = 0
    for category in CATEGORIES:
        item = f"{category} {counts[category]}"
        size = len(item) + 4
        if used and used + size > width:
            text.append("\n")
            used = 0
        text.append(" ■ ", style=swatch(category))
        text.append(item + " ", style="bold" if counts[category] else "dim")
        used += size
    return text


def places(report: Report) -> list[tuple[int, int, list[Finding]]]:
    """Overlapping findings grouped into places (start, end, findings), in reading order."""
    out: list[tuple[int, int, list[Finding]]] = []
    for f in sorted(report.findings, key=lambda f: (f.start, -f.end)):
        if out and f.start < out[-1][1]:
            start, end, group = out[-1]
            out[-1] = (start, max(end, f.end), group + [f])
        else:
            out.append((f.start, f.end, [f]))
    return out


def position(report: Report, offset: int) -> str:
    """Where an offset is, as an editor counts: paragraph (a line or a block of lines
    between blank lines) and sentence within it."""
    text = report.text
    blocks = [m.start() for m in re.finditer(r"(?:^|\n)\s*\S", text)]
    starts = [b if text[b] not in "\n" else b + 1 for b in blocks]
    if "\n\n" in text.strip() and text.count("\n\n") * 3 >= text.strip().count("\n"):
        starts = [0] + [m.end() for m in re.finditer(r"\n\s*\n", text)]
    paragraph = max(bisect_right(starts, offset), 1)
    begin = starts[paragraph - 1] if starts else 0
    sentence = 1 + sum(1 for s, _ in report.sentences if begin < s <= offset and text[begin:s].strip())
    return f"¶{paragraph} s{sentence}"


def annotated_text(report: Report, flagged_only: bool = False) -> Text:
    """The text with each place highlighted, bracketed and numbered; optionally only
    the flagged sentences."""
    text = report.text
    groups = places(report)
    pieces = Text(text)
    for finding in report.findings:
        pieces.stylize(style(finding.category), finding.start, finding.end)
    marks = [(start, end, n, group) for n, (start, end, group) in enumerate(groups, 1)]
    if not flagged_only:
        return _with_markers(pieces, marks, 0, len(text))
    out = Text()
    spans = report.sentences or ((0, len(text)),)
    for start, end in spans:
        if any(f.start < end and start < f.end for f in report.findings):
            out.append("… " if start else "")
            out.append_text(_with_markers(pieces, marks, start, end))
            out.append("\n")
    return out


def _with_markers(styled: Text, marks, start: int, end: int) -> Text:
    out = Text()
    cursor = start
    for place_start, place_end, number, group in marks:
        if place_end <= start or place_start >= end:
            continue
        colour = swatch(group[0].category)
        a, b = max(place_start, start), min(place_end, end)
        out.append_text(styled[cursor:a])
        if a == place_start:
            out.append("[", style=f"bold {colour}")
        out.append_text(styled[a:b])
        if b == place_end:
            out.append(f"]({number})", style=f"bold {colour}")
        cursor = b
    tail = styled[cursor:end]
    tail.rstrip()
    out.append_text(tail)
    return out


def instead(finding: Finding) -> str:
    """The suggestion as the table shows it: the replacements, or the advice alone."""
    options = [f"“{r}”" if r else "delete it" for r in finding.suggestion.replacements]
    return "instead: " + " or ".join(options) if options else ""


def findings_table(report: Report) -> Table:
    table = Table(expand=True, show_lines=True, header_style="bold")
    table.add_column("#", justify="right", no_wrap=True)
    table.add_column("where", no_wrap=True)
    table.add_column("text", ratio=2)
    table.add_column("why, and what to write instead", ratio=4)
    for n, (start, end, group) in enumerate(places(report), 1):
        why = Text()
        for i, f in enumerate(group):
            if i:
                why.append("\n")
            why.append(f.category, style=swatch(f.category))
            why.append(f": {f.message}")
            if f.related:
                why.append(f' [related: "{f.related.text}"]')
            suggestion = instead(f)
            if suggestion:
                why.append(f"\n  {suggestion}", style="italic")
            if f.suggestion.advice:
                why.append(f"\n  {f.suggestion.advice}", style="dim")
        table.add_row(str(n), position(report, start), report.text[start:end], why)
    return table


def render(report: Report, console: Console, flagged_only: bool = False) -> None:
    parts = [header(report), legend(report, console.width), Text()]
    parts.append(annotated_text(report, flagged_only))
    parts.append(Text())
    if report.findings:
        parts.append(findings_table(report))
    else:
        parts.append(Text("No devices of hype found.", style="green"))
    console.print(Group(*parts))


def render_table(docs, reports, console: Console) -> None:
    """Many short documents (a list of headlines): one row each, in input order."""
    table = Table(header_style="bold", expand=True)
    table.add_column("#", no_wrap=True)
    table.add_column("score", justify="right", no_wrap=True)
    table.add_column("verdict", no_wrap=True)
    table.add_column("p(clickbait)", justify="right", no_wrap=True)
    table.add_column("findings", justify="right", no_wrap=True)
    table.add_column("text", ratio=1, min_width=24)
    for doc, report in zip(docs, reports):
        where = str(doc.key.get("id", doc.key.get("line", "")))
        probability = "-" if report.clickbait_probability is None else f"{report.clickbait_probability:.2f}"
        table.add_row(
            where, str(report.score), Text(report.verdict, style=VERDICT_STYLE[report.verdict]),
            probability, str(len(report.findings)), report.text.strip(),
        )
    console.print(table)
