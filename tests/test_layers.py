"""The house's layers (issue 13): no module over 400 lines; selection, scoring and output
are library code that never reaches the command line; gitignore selection; one output
path, whose --format jsonl shape depends on --rows only."""

from __future__ import annotations

import ast
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from hypecheck.cli import Format, app
from hypecheck.render.sinks import FORMATS, rows_for
from hypecheck.selection import select

REPO = Path(__file__).resolve().parents[1]
PACKAGE = REPO / "hypecheck"
HYPE = "YOU WON'T BELIEVE THIS!!\nCritics are calling it the best show ever. Click here now!\n"
LIMIT = 400


def test_no_module_of_the_package_is_over_400_lines():
    long = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        lines = len(path.read_text(encoding="utf-8").splitlines())
        if lines > LIMIT:
            long[path.relative_to(REPO).as_posix()] = lines
    assert not long, f"over {LIMIT} lines: {long}"


def _imports(module: str) -> set[str]:
    """Every hypecheck module ``module`` imports, lazily (inside functions) or not."""
    path = PACKAGE / (module.removeprefix("hypecheck.").replace(".", "/") + ".py")
    package = module.rsplit(".", 1)[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")
                base = ".".join(parts[: len(parts) - node.level + 1] + ([node.module] if node.module else []))
            found.update({base, *(f"{base}.{a.name}" for a in node.names)})
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
    return found


@pytest.mark.parametrize("module", ["hypecheck.selection", "hypecheck.batch", "hypecheck.cluster",
                                    "hypecheck.frames", "hypecheck.render.sinks", "hypecheck.render.batch_output"])
def test_the_library_layers_never_import_the_command_line(module):
    imported = _imports(module)
    assert not imported & {"hypecheck.cli", "hypecheck.cli_run", "typer", "rich.progress"}


def test_only_the_command_line_side_handles_ctrl_c_and_the_progress_bar():
    # the worker's SIG_IGN is the one signal call of the scoring layer: its parent handles Ctrl-C
    source = (PACKAGE / "batch.py").read_text(encoding="utf-8")
    assert source.count("signal.signal(") == 1 and "SIG_IGN" in source
    assert "Progress" not in source and "Console" not in source
    assert "signal.signal(" not in (PACKAGE / "selection.py").read_text(encoding="utf-8")


def test_the_format_registry_is_the_commands_list_of_formats():
    assert [f.value for f in Format] == list(FORMATS)
    for name, spec in FORMATS.items():
        assert rows_for(name, None, single=True) in spec.rows and rows_for(name, None, single=False) in spec.rows
    assert rows_for("jsonl", None, single=True) == rows_for("jsonl", None, single=False) == "summary"


@pytest.mark.parametrize("patterns, loaded", [([], False), (["--exclude", "*.html"], True)])
def test_pathspec_is_imported_only_for_include_or_exclude(tmp_path, patterns, loaded):
    (tmp_path / "a.txt").write_text(HYPE, encoding="utf-8")
    exclude = patterns[1:]
    code = (f"import sys; from hypecheck.selection import select; s = select([{str(tmp_path)!r}], exclude={exclude!r}); "
            "print(len(s.entries), 'pathspec' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         env={**os.environ, "PYTHONPATH": str(REPO)}).stdout.split()
    assert out == ["1", str(loaded)]


def test_patterns_are_gitignore_patterns(tmp_path):
    for rel in ["news/a.md", "news/2025/b.md", "news/2025/draft.md", "keep.html", "drop.html", "build/c.txt", "build.txt"]:
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(HYPE, encoding="utf-8")

    def chosen(**kw):
        return sorted(os.path.relpath(e.path, tmp_path) for e in select([str(tmp_path)], **kw).entries)

    assert chosen(include=["news/*.md"]) == ["news/a.md"]  # * does not cross a folder
    assert chosen(include=["news/**/*.md"]) == ["news/2025/b.md", "news/2025/draft.md", "news/a.md"]
    kept = chosen(exclude=["*.html", "!keep.html"])
    assert "keep.html" in kept and "drop.html" not in kept
    assert chosen(exclude=["build/"]) == [p for p in chosen() if not p.startswith("build/")]
    assert "build.txt" in chosen(exclude=["build/"])  # a trailing / matches folders only
    assert chosen(exclude=["draft.md", "*.html", "build*"]) == ["news/2025/b.md", "news/a.md"]


def _lines(result) -> list[dict]:
    assert result.exit_code == 0, result.stderr
    return [json.loads(line) for line in result.stdout.splitlines()]


@pytest.mark.parametrize("rows", [None, "summary", "full"])
def test_jsonl_has_one_shape_per_rows_choice_whatever_the_number_of_paths(runner, tmp_path, rows):
    (tmp_path / "a.txt").write_text(HYPE, encoding="utf-8")
    (tmp_path / "b.txt").write_text("Council Approves Budget\nThe council met on Tuesday.\n", encoding="utf-8")
    extra = ["--rows", rows] if rows else []
    one = _lines(runner.invoke(app, [str(tmp_path / "a.txt"), "-f", "jsonl", "-j", "1", *extra]))
    two = _lines(runner.invoke(app, [str(tmp_path / "a.txt"), str(tmp_path / "b.txt"), "-f", "jsonl", "-j", "1", *extra]))
    assert len(one) == 1 and len(two) == 2
    assert set(one[0]) == set(two[0]) == set(two[1])
    assert one[0] == two[0]
    if rows == "full":
        assert one[0]["findings"] and "error" not in one[0]
    else:
        assert set(one[0]) == {"path", "score", "verdict", "clickbait_probability", "word_count", "counts", "notes", "error"}


def test_a_single_file_with_output_writes_what_standard_output_would_show(runner, tmp_path):
    (tmp_path / "a.txt").write_text(HYPE, encoding="utf-8")
    shown = runner.invoke(app, [str(tmp_path / "a.txt"), "-f", "json"])
    written = runner.invoke(app, [str(tmp_path / "a.txt"), "-f", "json", "-o", str(tmp_path / "out.json")])
    assert shown.exit_code == written.exit_code == 0 and written.stdout == ""
    assert (tmp_path / "out.json").read_text(encoding="utf-8") == shown.stdout


def test_a_format_refuses_a_row_shape_it_cannot_write(runner, tmp_path):
    (tmp_path / "a.txt").write_text(HYPE, encoding="utf-8")
    result = runner.invoke(app, [str(tmp_path / "a.txt"), "-f", "csv", "--rows", "full"])
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr.strip() == "hypecheck: error: --format csv writes summary rows only, not --rows full"


def test_json_keeps_a_single_file_report_and_a_folder_array(runner, tmp_path):
    (tmp_path / "a.txt").write_text(HYPE, encoding="utf-8")
    single = json.loads(runner.invoke(app, [str(tmp_path / "a.txt"), "-f", "json"]).stdout)
    assert isinstance(single, dict) and single["findings"]
    folder = json.loads(runner.invoke(app, [str(tmp_path), "-f", "json", "-j", "1"]).stdout)
    assert isinstance(folder, list) and folder[0]["path"].endswith("a.txt") and "findings" not in folder[0]
    full = json.loads(runner.invoke(app, [str(tmp_path), "-f", "json", "-j", "1", "--rows", "full"]).stdout)
    assert isinstance(full, list) and full[0]["findings"] == single["findings"]
