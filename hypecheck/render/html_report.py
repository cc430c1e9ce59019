"""A self-contained HTML report to share with writers: one page, no external requests.

The page shows the source, score and verdict, a legend of the categories, the text with
every finding highlighted in its category's colour (its explanation shows on hover or
keyboard focus) and a table of the findings. Styles and the small script that sorts the
folder table are inline, and a Content-Security-Policy forbids the page from loading
anything. Every piece of the input is HTML-escaped, so markup in the text stays text.

``render(report)`` gives the page for one document; ``render_folder(items)`` the page
for many: a sortable table of files linking to each file's section.
"""

from __future__ import annotations

import html
from collections.abc import Iterable
from datetime import UTC, datetime

from .. import __version__
from ..findings import CATEGORIES, CATEGORY_DESCRIPTIONS, CATEGORY_INFO, Finding, Report

VERDICT_COLOURS = {"sober": "#2f9e44", "mild": "#e8b600", "hyped": "#f08c00", "sensational": "#e03131"}

_CSP = "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:"

_CSS = """
:root { color-scheme: light dark; --fg: #1a1a1a; --bg: #ffffff; --muted: #5c5f66;
  --rule: #dee2e6; --panel: #f8f9fa; }
@media (prefers-color-scheme: dark) { :root { --fg: #e9ecef; --bg: #1a1b1e; --muted: #a6a7ab;
  --rule: #373a40; --panel: #25262b; } }
* { box-sizing: border-box; }
body { margin: 0; padding: 1.5rem; font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto,
  "Helvetica Neue", Arial, sans-serif; color: var(--fg); background: var(--bg); }
main { max-width: 60rem; margin: 0 auto; }
h1 { font-size: 1.4rem; margin: 0 0 1rem; }
h2 { font-size: 1.2rem; margin: 2rem 0 .5rem; overflow-wrap: anywhere; }
h3 { font-size: 1rem; margin: 1.5rem 0 .5rem; }
a { color: inherit; }
.hc-doc { border-top: 2px solid var(--rule); padding-top: .5rem; margin-top: 2rem; }
.hc-meta { display: grid; grid-template-columns: max-content 1fr; gap: .2rem 1rem; margin: 0; }
.hc-meta dt { font-weight: 600; }
.hc-meta dd { margin: 0; overflow-wrap: anywhere; }
.hc-score { display: flex; align-items: center; gap: .6rem; }
.hc-bar { width: 12rem; height: .8rem; background: var(--rule); border-radius: .4rem; overflow: hidden; }
.hc-bar > span { display: block; height: 100%; }
.hc-verdict { font-weight: 700; text-transform: uppercase; letter-spacing: .05em; }
.hc-notes { color: var(--muted); font-size: .9rem; }
.hc-legend { display: flex; flex-wrap: wrap; gap: .4rem 1rem; list-style: none; padding: 0; margin: 1rem 0; font-size: .9rem; }
.hc-legend li { display: flex; align-items: center; gap: .35rem; }
.hc-legend .hc-zero { color: var(--muted); }
.hc-swatch { display: inline-block; width: 1rem; height: 1rem; border-radius: .2rem; flex: none; }
.hc-text { white-space: pre-wrap; overflow-wrap: anywhere; background: var(--panel);
  border: 1px solid var(--rule); border-radius: .4rem; padding: 1rem 1.2rem; line-height: 1.9; }
mark.hc-finding { position: relative; border-radius: .25rem; padding: .1em .15em; cursor: help;
  box-decoration-break: clone; -webkit-box-decoration-break: clone; }
mark.hc-finding mark.hc-finding { padding: 0 .1em; outline: 2px solid rgba(0,0,0,.35); outline-offset: -1px; }
mark.hc-finding:focus-visible { outline: 3px solid var(--fg); }
.hc-num { font-size: .7em; font-weight: 700; vertical-align: super; line-height: 0; margin-left: .1em; }
.hc-num a { text-decoration: none; }
.hc-rel a { color: #c92a2a; }
:target { outline: 2px solid #c92a2a; outline-offset: 1px; }
mark.hc-finding::after { content: attr(data-tip); display: none; position: absolute; left: 0; top: 100%;
  z-index: 10; width: max-content; max-width: 26rem; margin-top: .3rem; padding: .4rem .6rem;
  border-radius: .3rem; background: #212529; color: #f8f9fa; font-size: .85rem; font-weight: 400;
  line-height: 1.4; white-space: pre-line; box-shadow: 0 2px 8px rgba(0,0,0,.3); }
mark.hc-finding:hover:not(:has(mark.hc-finding:hover))::after,
mark.hc-finding:focus-visible::after { display: block; }
table { border-collapse: collapse; width: 100%; font-size: .9rem; }
th, td { text-align: left; vertical-align: top; padding: .35rem .5rem; border-bottom: 1px solid var(--rule); }
th { background: var(--panel); }
td.hc-n, th.hc-n { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
td.hc-cat { white-space: nowrap; }
td.hc-quote { font-style: italic; overflow-wrap: anywhere; }
tr:target { outline: 2px solid var(--fg); }
.hc-sortable th { cursor: pointer; user-select: none; }
.hc-sortable th button { all: inherit; cursor: pointer; }
.hc-sortable th[aria-sort="ascending"] button::after { content: " \\25B2"; }
.hc-sortable th[aria-sort="descending"] button::after { content: " \\25BC"; }
.hc-instead { font-style: italic; }
.hc-advice { color: var(--muted); }
.hc-error { color: #e03131; }
.hc-clean { color: #2f9e44; font-weight: 600; }
.hc-top { font-size: .85rem; }
footer { margin-top: 3rem; color: var(--muted); font-size: .8rem; }
@media print { mark.hc-finding::after { display: none !important; } .hc-top { display: none; } }
"""

# Sorts the folder table by the clicked column (numbers by data-sort), without libraries.
_SCRIPT = """
document.querySelectorAll("table.hc-sortable").forEach(function (table) {
  table.querySelectorAll("thead th").forEach(function (th, column) {
    var button = th.querySelector("button");
    if (!button) return;
    button.addEventListener("click", function () {
      var ascending = th.getAttribute("aria-sort") !== "ascending";
      table.querySelectorAll("thead th").forEach(function (h) { h.removeAttribute("aria-sort"); });
      th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
      var body = table.tBodies[0];
      var rows = Array.prototype.slice.call(body.rows);
      var key = function (row) {
        var cell = row.cells[column];
        var value = cell.getAttribute("data-sort");
        return value !== null ? parseFloat(value) : cell.textContent.trim().toLowerCase();
      };
      rows.sort(function (a, b) {
        var x = key(a), y = key(b);
        var order = typeof x === "number" && typeof y === "number" ? x - y : String(x).localeCompare(String(y));
        return ascending ? order : -order;
      });
      rows.forEach(function (row) { body.appendChild(row); });
    });
  });
});
"""


def esc(value: object) -> str:
    return html.escape(str(value), quote=True)


def _category_css() -> str:
    rules = []
    for category in CATEGORIES:  # colours from each category's record in rules/categories.json
        background, foreground = CATEGORY_INFO[category].html_background, CATEGORY_INFO[category].html_text
        rules.append(
            f".hc-cat-{category} {{ background: {background}; color: {foreground}; }}\n"
            f".hc-swatch.hc-cat-{category} {{ background: {background}; }}"
        )
    return "\n".join(rules)


def instead(finding: Finding) -> str:
    """"instead: “a thriller”", or "" when the finding has advice only."""
    options = [f"“{r}”" if r else "delete it" for r in finding.suggestion.replacements]
    return "instead: " + " or ".join(options) if options else ""


def _tip(finding: Finding) -> str:
    tip = f"{finding.category} · {finding.severity} · {finding.rule}: {finding.message}"
    if finding.related:
        tip += f' It contradicts: "{finding.related.text}"'
    # The hover card's lines: why, what to write instead, and the advice (CSS pre-line).
    if instead(finding):
        tip += "\n→ " + instead(finding)
    if finding.suggestion.advice:
        tip += "\n" + finding.suggestion.advice
    return tip


def highlighted_text(report: Report, doc: str = "d0") -> str:
    """The text, escaped, with one <mark> per finding (nested where findings overlap).

    Where two findings overlap without one containing the other, the later one's mark is
    closed and reopened around the boundary; the reopened piece has class ``hc-cont``, so
    every finding has exactly one mark without it.
    """
    text = report.text
    findings = list(report.findings)
    starts: dict[int, list[int]] = {}
    for i, f in enumerate(findings):
        starts.setdefault(f.start, []).append(i)
    # A contradiction links its two passages: an anchor where the passage it contradicts
    # starts, pointing back to the finding, and a link from the finding to that anchor.
    related_at: dict[int, list[int]] = {}
    for i, f in enumerate(findings):
        if f.related is not None and 0 <= f.related.start <= len(text):
            related_at.setdefault(f.related.start, []).append(i)
    boundaries = sorted({f.start for f in findings} | {f.end for f in findings} | set(related_at))
    out: list[str] = []
    stack: list[int] = []
    cursor = 0

    def open_mark(i: int, continued: bool) -> str:
        f = findings[i]
        classes = f"hc-finding hc-cat-{f.category}" + (" hc-cont" if continued else "")
        ident = "" if continued else f' id="{doc}-m{i + 1}" tabindex="0"'
        return (
            f'<mark class="{classes}"{ident} data-finding="{i + 1}" data-category="{esc(f.category)}" '
            f'data-rule="{esc(f.rule)}" data-severity="{esc(f.severity)}" data-tip="{esc(_tip(f))}">'
        )

    for point in boundaries:
        out.append(esc(text[cursor:point]))
        cursor = point
        ending = {i for i in stack if findings[i].end == point}
        reopen: list[int] = []
        while ending:
            i = stack.pop()
            if i in ending:
                ending.discard(i)
                link = (f' <a class="hc-to-related" href="#{doc}-r{i + 1}" title="go to the passage it contradicts">↔</a>'
                        if findings[i].related is not None else "")
                out.append(f'<sup class="hc-num"><a href="#{doc}-f{i + 1}">{i + 1}</a>{link}</sup></mark>')
            else:
                out.append("</mark>")
                reopen.append(i)
        for i in reversed(reopen):
            out.append(open_mark(i, continued=True))
            stack.append(i)
        for i in related_at.get(point, []):
            out.append(f'<sup class="hc-num hc-rel" id="{doc}-r{i + 1}"><a href="#{doc}-m{i + 1}" '
                       f'title="contradicted by finding {i + 1}">↔{i + 1}</a></sup>')
        for i in sorted(starts.get(point, []), key=lambda i: (-findings[i].end, i)):
            out.append(open_mark(i, continued=False))
            stack.append(i)
    out.append(esc(text[cursor:]))
    return "".join(out)


def _legend(report: Report) -> str:
    counts = report.counts()
    items = []
    for category in CATEGORIES:
        zero = "" if counts[category] else ' class="hc-zero"'
        items.append(
            f'<li{zero}><span class="hc-swatch hc-cat-{category}" aria-hidden="true"></span>'
            f'<span><b>{esc(category)}</b> {counts[category]} — {esc(CATEGORY_DESCRIPTIONS[category])}</span></li>'
        )
    return f'<ul class="hc-legend" aria-label="Legend">{"".join(items)}</ul>'


def _findings_table(report: Report, doc: str) -> str:
    if not report.findings:
        return '<p class="hc-clean">No devices of hype found.</p>'
    rows = []
    for i, f in enumerate(report.findings, 1):
        why = esc(f.message)
        if f.related:
            why += (f' <span class="hc-related">It contradicts: <a href="#{doc}-r{i}">“{esc(f.related.text)}”</a></span>')
        if instead(f):
            why += f'<br><span class="hc-instead">{esc(instead(f))}</span>'
        if f.suggestion.advice:
            why += f'<br><span class="hc-advice">{esc(f.suggestion.advice)}</span>'
        rows.append(
            f'<tr id="{doc}-f{i}"><td class="hc-n"><a href="#{doc}-m{i}">{i}</a></td>'
            f'<td class="hc-n">{f.line}:{f.column}</td>'
            f'<td class="hc-cat"><span class="hc-swatch hc-cat-{f.category}" aria-hidden="true"></span> {esc(f.category)}</td>'
            f"<td>{esc(f.severity)}</td><td><code>{esc(f.rule)}</code></td>"
            f'<td class="hc-quote">{esc(f.text)}</td><td>{why}</td></tr>'
        )
    head = "".join(
        f'<th scope="col"{cls}>{name}</th>'
        for name, cls in (("#", ' class="hc-n"'), ("line:col", ' class="hc-n"'), ("category", ""),
                          ("severity", ""), ("rule", ""), ("text", ""), ("why", ""))
    )
    return f'<table class="hc-findings"><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table>'


def _score(report: Report) -> str:
    colour = VERDICT_COLOURS.get(report.verdict, "#868e96")
    return (
        f'<span class="hc-score"><span class="hc-bar" role="img" aria-label="score {report.score} of 100">'
        f'<span style="width:{report.score}%;background:{colour}"></span></span>'
        f'<b>{report.score}/100</b> <span class="hc-verdict" style="color:{colour}">{esc(report.verdict)}</span></span>'
    )


def document_section(report: Report, doc: str = "d0", heading: str = "h2") -> str:
    """One document's report: header, legend, highlighted text and table of findings."""
    meta = [
        ("Source", esc(report.source)),
        ("Headline", esc(report.headline) if report.headline else "<i>(none found)</i>"),
        ("Score", _score(report)),
    ]
    if report.clickbait_probability is not None:
        probability = f"{report.clickbait_probability:.2f}"
        if report.clickbait_terms:
            probability += " (pushed up by: " + esc(", ".join(t for t, _ in report.clickbait_terms)) + ")"
        meta.append(("Clickbait probability of the headline", probability))
    meta.append(("Size", f"{report.word_count:,} words, {len(report.findings)} findings"))
    rows = "".join(f"<dt>{k}</dt><dd>{v}</dd>" for k, v in meta)
    notes = "".join(f"<li>{esc(n)}</li>" for n in report.notes)
    return (
        f'<section class="hc-doc" id="{doc}" data-score="{report.score}" data-verdict="{esc(report.verdict)}">'
        f"<{heading}>{esc(report.source)}</{heading}>"
        f'<dl class="hc-meta">{rows}</dl>'
        + (f'<ul class="hc-notes">{notes}</ul>' if notes else "")
        + _legend(report)
        + "<h3>Text</h3>"
        + f'<div class="hc-text" lang="en">{highlighted_text(report, doc)}</div>'
        + "<h3>Findings</h3>"
        + _findings_table(report, doc)
        + "</section>"
    )


def _page(title: str, body: str) -> str:
    stamp = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{_CSP}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f'<meta name="generator" content="hypecheck {esc(__version__)}">\n'
        f"<title>{esc(title)}</title>\n"
        f"<style>{_CSS}\n{_category_css()}</style>\n"
        "</head>\n<body>\n<main>\n"
        f"{body}\n"
        f"<footer>Made by hypecheck {esc(__version__)} on {stamp}. Hover over or tab to a "
        "highlighted phrase to see why it was flagged; its number links to the table.</footer>\n"
        "</main>\n"
        f"<script>{_SCRIPT}</script>\n"
        "</body>\n</html>\n"
    )


def render(report: Report) -> str:
    """The page for one document."""
    body = "<h1>hypecheck report</h1>\n" + document_section(report, "d0", heading="h2")
    return _page(f"hypecheck: {report.source}", body)


def render_folder(items: Iterable[tuple[str, Report | BaseException | str]], title: str = "hypecheck report") -> str:
    """The page for many documents: a sortable table of files, then one section per file.

    ``items`` are (path, result) pairs in the order to show; a result is a Report, or an
    exception or message for a file that could not be analysed (listed with its error).
    """
    rows, sections = [], []
    count = 0
    for n, (path, result) in enumerate(items, 1):
        count = n
        doc = f"d{n}"
        if isinstance(result, Report):
            counts = result.counts()
            kinds = ", ".join(c for c in CATEGORIES if counts[c]) or "—"
            colour = VERDICT_COLOURS.get(result.verdict, "#868e96")
            rows.append(
                f'<tr><td class="hc-n" data-sort="{n}">{n}</td>'
                f'<td><a href="#{doc}">{esc(path)}</a></td>'
                f'<td class="hc-n" data-sort="{result.score}">{result.score}</td>'
                f'<td data-sort="{result.score}"><span class="hc-verdict" style="color:{colour}">{esc(result.verdict)}</span></td>'
                f'<td class="hc-n" data-sort="{len(result.findings)}">{len(result.findings)}</td>'
                f'<td class="hc-n" data-sort="{result.word_count}">{result.word_count:,}</td>'
                f"<td>{esc(kinds)}</td></tr>"
            )
            section = document_section(result, doc, heading="h2")
            back = '<p class="hc-top"><a href="#top">↑ back to the list</a></p>'
            sections.append(section[: -len("</section>")] + back + "</section>")
        else:
            message = str(result) if not isinstance(result, str) else result
            rows.append(
                f'<tr><td class="hc-n" data-sort="{n}">{n}</td><td>{esc(path)}</td>'
                f'<td class="hc-n" data-sort="-1">—</td><td data-sort="-1" class="hc-error">error</td>'
                f'<td class="hc-n" data-sort="-1">—</td><td class="hc-n" data-sort="-1">—</td>'
                f'<td class="hc-error">{esc(message)}</td></tr>'
            )
    head = "".join(
        f'<th scope="col"{cls}><button type="button">{name}</button></th>'
        for name, cls in (("#", ' class="hc-n"'), ("file", ""), ("score", ' class="hc-n"'), ("verdict", ""),
                          ("findings", ' class="hc-n"'), ("words", ' class="hc-n"'), ("categories", ""))
    )
    body = (
        f'<h1 id="top">{esc(title)}</h1>\n'
        f"<p>{count} file{'s' if count != 1 else ''}. Click a column heading to sort; click a file to see its report.</p>\n"
        f'<table class="hc-sortable hc-files"><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table>\n'
        + "\n".join(sections)
    )
    return _page(title, body)
