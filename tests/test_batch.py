"""Batch scoring: folders, several paths and globs; rows, errors, order, --output, Ctrl-C."""

from __future__ import annotations

import csv
import io
import json
import os
import sys

import pytest

from conftest import blas_threads
from hypecheck.cli import app
from hypecheck.findings import CATEGORIES
from hypecheck.selection import select

HYPE = "YOU WON'T BELIEVE THIS!!\nCritics are calling it the best show ever. Click here now!\n"
SOBER = "Council Approves Budget\nThe council approved the budget on Tuesday by seven votes to two.\n"


@pytest.fixture
def folder(tmp_path):
    root = tmp_path / "corpus"
    (root / "sub").mkdir(parents=True)
    (root / "a.txt").write_text(HYPE, encoding="utf-8")
    (root / "sub" / "b.md").write_text(SOBER, encoding="utf-8")
    (root / "binary.txt").write_bytes(b"\x89PNG\x00\x00\x01")
    (root / "empty.txt").write_bytes(b"  \n\n")
    (root / "latin.txt").write_bytes("Caf\xe9 Owner Speaks\nThe caf\xe9 opened on Monday.\n".encode("latin-1"))
    (root / "picture.png").write_bytes(b"not text")
    (root / ".hidden").mkdir()
    (root / ".hidden" / "h.txt").write_text(HYPE, encoding="utf-8")
    return root


def _rows(text: str) -> list[dict]:
    return [json.loads(line) for line in text.splitlines()]


def test_folder_gives_one_row_per_text_file_in_sorted_order_with_errors_as_rows(runner, folder):
    result = runner.invoke(app, [str(folder), "--format", "jsonl", "--jobs", "1"])
    assert result.exit_code == 0, result.output
    rows = _rows(result.stdout)
    names = [os.path.relpath(r["path"], folder) for r in rows]
    assert names == ["a.txt", "binary.txt", "empty.txt", "latin.txt", os.path.join("sub", "b.md")]
    by = dict(zip(names, rows))
    assert set(rows[0]) == {"path", "score", "verdict", "clickbait_probability", "word_count", "counts", "notes", "error"}
    assert by["a.txt"]["error"] is None and by["a.txt"]["score"] > by["sub/b.md"]["score"]
    assert set(by["a.txt"]["counts"]) == set(CATEGORIES)
    assert "binary" in by["binary.txt"]["error"] and by["binary.txt"]["score"] is None
    assert "empty" in by["empty.txt"]["error"]
    assert by["latin.txt"]["error"] is None and by["latin.txt"]["notes"] == ["decoded as cp1252"]
    assert "2 of 5 rows have an error" in result.stderr


def test_strict_and_fail_above_exit_codes(runner, folder):
    assert runner.invoke(app, [str(folder), "--format", "jsonl", "--jobs", "1", "--strict"]).exit_code == 2
    assert runner.invoke(app, [str(folder), "--format", "jsonl", "--jobs", "1", "--fail-above", "50"]).exit_code == 1
    assert runner.invoke(app, [str(folder), "--format", "jsonl", "--jobs", "1", "--fail-above", "100"]).exit_code == 0


def test_hidden_include_exclude(runner, folder):
    rows = _rows(runner.invoke(app, [str(folder), "-f", "jsonl", "-j", "1", "--hidden", "--exclude", "sub",
                                     "--include", "h.txt"]).stdout)
    assert [os.path.relpath(r["path"], folder) for r in rows] == [os.path.join(".hidden", "h.txt")]
    sel = select([str(folder)], hidden=True)
    assert any(e.path.endswith(os.path.join(".hidden", "h.txt")) for e in sel.entries)
    sel = select([str(folder)])
    assert not any(".hidden" in e.path for e in sel.entries) and sel.skipped["hidden"] == 1
    assert sel.skipped["type"] == 1  # picture.png
    sel = select([str(folder)], exclude=["sub", "empty.*"])
    paths = [os.path.relpath(e.path, folder) for e in sel.entries]
    assert "empty.txt" not in paths and not any(p.startswith("sub") for p in paths)
    sel = select([str(folder)], include=["*.png"])
    assert [os.path.basename(e.path) for e in sel.entries] == ["picture.png"]


def test_several_paths_and_glob_patterns(runner, folder):
    pattern = str(folder / "**" / "*.md")
    result = runner.invoke(app, [str(folder / "a.txt"), pattern, "-f", "jsonl", "-j", "1"])
    rows = _rows(result.stdout)
    assert [os.path.basename(r["path"]) for r in rows] == ["a.txt", "b.md"]
    missing = runner.invoke(app, [str(folder / "a.txt"), str(folder / "nope-*.txt"), "-f", "jsonl", "-j", "1"])
    # A mistyped pattern fails the run before anything is scored, even beside a good path.
    assert missing.exit_code == 2 and missing.stdout == ""
    assert missing.stderr.strip() == f"hypecheck: error: no file matches the pattern {str(folder / 'nope-*.txt')!r}"


def test_symlink_loop_and_broken_link_are_rows_not_failures(runner, folder):
    (folder / "sub" / "loop").symlink_to("..")
    (folder / "dangling.txt").symlink_to("nowhere.txt")
    result = runner.invoke(app, [str(folder), "-f", "jsonl", "-j", "1"])
    assert result.exit_code == 0
    errors = {os.path.relpath(r["path"], folder): r["error"] for r in _rows(result.stdout) if r["error"]}
    assert "symlink loop" in errors[os.path.join("sub", "loop")]
    assert "broken symbolic link" in errors["dangling.txt"]


def test_jsonl_files_are_many_documents_and_a_bad_line_does_not_stop_the_rest(runner, tmp_path):
    (tmp_path / "d.jsonl").write_text('{"text": "You won\'t believe this!!"}\nnot json\n{"text": "Plain words."}\n')
    (tmp_path / "e.txt").write_text(SOBER)
    rows = _rows(runner.invoke(app, [str(tmp_path), "-f", "jsonl", "-j", "1"]).stdout)
    assert [os.path.basename(r["path"]) for r in rows] == ["d.jsonl:1", "d.jsonl:2", "d.jsonl:3", "e.txt"]
    assert rows[1]["error"].startswith("not valid JSON") and rows[2]["error"] is None


def test_jobs_do_not_change_the_rows(runner, tmp_path):
    for i in range(40):
        (tmp_path / f"f{i:02d}.txt").write_text((HYPE if i % 3 else SOBER) + f"Item {i}.\n")
    (tmp_path / "f07.txt").write_bytes(b"\x00\x01")
    one = runner.invoke(app, [str(tmp_path), "-f", "jsonl", "--jobs", "1"])
    two = runner.invoke(app, [str(tmp_path), "-f", "jsonl", "--jobs", "2"])
    assert one.exit_code == two.exit_code == 0
    assert one.stdout == two.stdout and len(_rows(one.stdout)) == 40


def test_csv_and_json_formats_and_sort_by_score(runner, folder):
    result = runner.invoke(app, [str(folder), "-f", "csv", "-j", "1", "--sort", "score"])
    table = list(csv.DictReader(io.StringIO(result.stdout)))
    assert list(table[0]) == ["path", "score", "verdict", "clickbait_probability", "word_count", *CATEGORIES, "notes", "error"]
    scores = [int(r["score"]) for r in table if r["score"]]
    assert scores == sorted(scores, reverse=True) and len(table) == 5
    assert table[-1]["score"] == "" and table[-1]["error"]  # errors last
    data = json.loads(runner.invoke(app, [str(folder), "-f", "json", "-j", "1"]).stdout)
    assert isinstance(data, list) and len(data) == 5


def test_output_file_gets_the_rows_and_never_overwrites_an_input(runner, folder, tmp_path):
    out = tmp_path / "results.jsonl"
    result = runner.invoke(app, [str(folder), "-f", "jsonl", "-j", "1", "--output", str(out)])
    assert result.exit_code == 0 and result.stdout == ""
    assert len(_rows(out.read_text())) == 5
    target = folder / "a.txt"
    before = target.read_bytes()
    clash = runner.invoke(app, [str(folder), "-f", "jsonl", "--output", str(target)])
    assert clash.exit_code == 2 and "refusing to overwrite" in clash.stderr
    single = runner.invoke(app, [str(target), "-f", "json", "--output", str(target)])
    assert single.exit_code == 2 and target.read_bytes() == before
    report = tmp_path / "one.json"
    assert runner.invoke(app, [str(target), "-f", "json", "-o", str(report)]).exit_code == 0
    assert json.loads(report.read_text())["source"] == str(target)


def test_rich_summary_lists_top_files_verdicts_errors_and_skips(runner, folder):
    result = runner.invoke(app, [str(folder), "-j", "1", "--no-color"], env={"COLUMNS": "400"})
    assert result.exit_code == 0
    out = result.stdout
    assert "Top 3 by score" in out and "Verdicts" in out and "Errors" in out
    assert out.index("a.txt") < out.index("b.md")  # highest score first
    assert "binary" in out and "1 hidden" in out and "1 not a text type" in out


def test_empty_selection_is_a_usage_error(runner, tmp_path):
    (tmp_path / "x.png").write_bytes(b"x")
    result = runner.invoke(app, [str(tmp_path)])
    assert result.exit_code == 2 and "no files to score" in result.stderr


def test_a_single_file_keeps_the_full_report(runner, folder):
    data = json.loads(runner.invoke(app, [str(folder / "a.txt"), "-f", "json"]).stdout)
    assert "findings" in data and data["findings"]


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
def test_ctrl_c_keeps_the_rows_written_and_exits_130(tmp_path):
    from interrupting import big_folder, interrupt_after_rows

    corpus = big_folder(tmp_path, 3000)
    code, stderr, rows = interrupt_after_rows(corpus, tmp_path / "rows.jsonl", ["--jobs", "2"], 120)
    assert code == 130, stderr
    assert 5 <= len(rows) < 3000  # and every row complete and valid (read back as JSON)
    assert [r["path"] for r in rows] == [str(corpus / f"doc{i:05d}.txt") for i in range(len(rows))]
    assert "interrupted after" in stderr and len(stderr.strip().splitlines()) == 1


def test_each_batch_worker_gets_its_share_of_the_blas_threads():
    """Two workers each starting one BLAS thread per core made --jobs 2 barely faster than
    --jobs 1 with the span model on: a worker is limited to its share of the cores."""
    import multiprocessing
    import os

    from hypecheck.batch import limit_threads

    context = multiprocessing.get_context("fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn")
    with context.Pool(1, initializer=limit_threads, initargs=(4 * (os.cpu_count() or 1),)) as pool:
        assert pool.apply(blas_threads) == 1
    if (os.cpu_count() or 1) >= 2:
        with context.Pool(1) as pool:
            assert pool.apply(blas_threads) > 1  # unlimited, a worker would use every core
