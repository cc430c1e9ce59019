"""The annotated terminal report: header, legend, highlighted text, table of findings.

Each finding gets a number shown after its highlighted text and in the table, so the
report stays readable without colour (NO_COLOR, --no-color) and at 80 columns.
"""

from __future__ import annotations

from rich.console import Console, Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from ..findings import CATEGORIES, CATEGORY_INFO, Report



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


def legend(report: Report) -> Text:
    counts = report.counts()
    text = Text()
    for category in CATEGORIES:
        text.append(" ■ ", style=swatch(category))
        text.append(f"{category} {counts[category]}  ", style="bold" if counts[category] else "dim")
    return text


def annotated_text(report: Report, flagged_only: bool = False) -> Text:
    """The text with findings highlighted and numbered; optionally only flagged sentences."""
    text = report.text
    # Markers are inserted from the end so earlier offsets stay valid.
    marks = sorted(
        ((f.end, i + 1, f) for i, f in enumerate(report.findings)), key=lambda m: (m[0], m[1])
    )
    pieces = Text(text)
    for finding in report.findings:
        pieces.stylize(style(finding.category), finding.start, finding.end)
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
    for position, number, finding in marks:
        if start < position <= end:
            out.append_text(styled[cursor:position])
            out.append(f"[{number}]", style=f"bold {swatch(finding.category)}")
            cursor = position
    tail = styled[cursor:end]
    tail.rstrip()
    out.append_text(tail)
    return out


def findings_table(report: Report) -> Table:
    table = Table(expand=True, show_lines=False, header_style="bold")
    table.add_column("#", justify="right", no_wrap=True)
    table.add_column("line:col", no_wrap=True)
    table.add_column("category", no_wrap=True)
    table.add_column("text", ratio=2)
    table.add_column("why", ratio=3)
    for i, f in enumerate(report.findings, 1):
        why = f.message
        if f.related:
            why += f' [related: "{f.related.text}"]'
        table.add_row(
            str(i), f"{f.line}:{f.column}", Text(f.category, style=swatch(f.category)), f.text, why
        )
    return table


def render(report: Report, console: Console, flagged_only: bool = False) -> None:
    parts = [header(report), legend(report), Text()]
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
