"""CSV, TSV and Parquet corpora: the same records give the same rows as JSON Lines; bad
records are error rows; the size limit is each record's; Parquet streams by row group."""

from __future__ import annotations

import csv
import json

import pytest

from hypecheck.cli import app
from hypecheck.corpora import records

pa = pytest.importorskip("pyarrow", reason="the [parquet] extra (pyarrow) is not installed")
pq = pytest.importorskip("pyarrow.parquet")

RECORDS = [
    {"id": "a1", "title": "You Won't Believe What Happened Next", "text": "The mayor opened the bridge.\nIt is the best bridge ever built, critics say."},
    {"id": "a2", "title": "", "text": "Council Approves Budget\nThe council approved the budget on Tuesday by seven votes to two."},
    {"id": "a3", "title": "Shocking", "text": "Experts say this \"miracle\" cure, tested on 12 mice, changes everything, forever.\n\nClick here!"},
    {"id": "a4", "title": "Tab\tand, comma", "text": "A line with a tab\tand a comma, then a quote \" inside."},
]


def _write(tmp_path, records_, name="corpus"):
    jsonl = tmp_path / f"{name}.jsonl"
    jsonl.write_text("".join(json.dumps(r) + "\n" for r in records_), encoding="utf-8")
    paths = {"jsonl": jsonl}
    for kind, delimiter in (("csv", ","), ("tsv", "\t")):
        path = tmp_path / f"{name}.{kind}"
        with path.open("w", encoding="utf-8", newline="") as fh:
            writer = csv.DictWriter(fh, ["id", "title", "text"], delimiter=delimiter)
            writer.writeheader()
            writer.writerows(records_)
        paths[kind] = path
    paths["parquet"] = tmp_path / f"{name}.parquet"
    pq.write_table(pa.Table.from_pylist(records_), paths["parquet"], row_group_size=3)
    return paths


def _rows(output: str) -> list[dict]:
    return [json.loads(line) for line in output.splitlines()]


def test_csv_tsv_and_parquet_give_the_scores_of_the_same_records_in_jsonl(runner, tmp_path):
    paths = _write(tmp_path, RECORDS)
    results = {}
    for kind, path in paths.items():
        result = runner.invoke(app, [str(path), "-f", "csv", "--jobs", "1", "--id-field", "id", "--title-field", "title"])
        assert result.exit_code == 0, result.output
        rows = list(csv.DictReader(result.stdout.splitlines()))
        results[kind] = [{k: v for k, v in row.items() if k != "path"} for row in rows]
    assert len(results["jsonl"]) == 4 and all(r["error"] == "" for r in results["jsonl"])
    assert results["csv"] == results["tsv"] == results["parquet"] == results["jsonl"]
    # the title is the headline: without --title-field the first record scores differently
    plain = runner.invoke(app, [str(paths["csv"]), "-f", "csv", "--jobs", "1", "--id-field", "id"])
    assert list(csv.DictReader(plain.stdout.splitlines()))[0]["score"] != results["csv"][0]["score"]


def test_a_single_csv_or_parquet_file_gets_full_reports_like_a_jsonl_file(runner, tmp_path):
    paths = _write(tmp_path, RECORDS)
    outputs = {}
    for kind in ("jsonl", "csv", "parquet"):
        result = runner.invoke(app, [str(paths[kind]), "-f", "jsonl", "--rows", "full", "--id-field", "id", "--title-field", "title"])
        assert result.exit_code == 0, result.output
        outputs[kind] = [(r["id"], r["score"], len(r["findings"])) for r in _rows(result.stdout)]
    assert outputs["csv"] == outputs["parquet"] == outputs["jsonl"]


def test_bad_records_are_error_rows_and_the_rest_are_scored(runner, tmp_path):
    path = tmp_path / "bad.csv"
    huge = "word " * 400
    path.write_bytes(
        b"id,text\n"
        b"1,Plain words about the council.\n"
        b"2,\n"
        b"3\n"
        + f'4,"{huge}"\n'.encode()
        + b'5,"A quoted text\nover two lines."\n'
        b"6,Caf\xe9 opened on Monday.\n"
    )
    result = runner.invoke(app, [str(path), "-f", "jsonl", "--format", "jsonl", "--jobs", "1", "--max-bytes", "1000",
                                 "--id-field", "id", str(tmp_path / "other.csv")])
    rows = _rows(result.stdout)
    by_path = {r["path"].rsplit("/", 1)[-1]: r for r in rows}
    assert by_path["bad.csv:2"]["error"] is None
    assert by_path["bad.csv:3"]["error"] == "field 'text' is empty"
    assert by_path["bad.csv:4"]["error"] == "no field 'text' (the row has 1 fields)"
    assert "over the size limit of 1,000 bytes" in by_path["bad.csv:5"]["error"]
    assert by_path["bad.csv:6"]["error"] is None and by_path["bad.csv:6"]["id"] == "5"
    assert by_path["bad.csv:8"]["error"] is None and "decoded as cp1252" in by_path["bad.csv:8"]["notes"]
    assert by_path["other.csv"]["error"] == "no such file"


def test_a_missing_column_is_one_line_naming_the_columns(runner, tmp_path):
    paths = _write(tmp_path, RECORDS)
    for kind in ("csv", "parquet"):
        result = runner.invoke(app, [str(paths[kind]), "--text-field", "body"])
        assert result.exit_code == 2
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1 and "no column 'body' (set --text-field" in lines[0] and "'text'" in lines[0], lines


def test_parquet_records_over_the_limit_null_or_empty_are_error_rows(tmp_path):
    path = tmp_path / "p.parquet"
    pq.write_table(pa.table({"text": ["Fine words.", None, " ", "x" * 5000, "More fine words."]}), path, row_group_size=2)
    got = [getattr(r, "detail", None) or r.source.text for r in records(str(path), max_bytes=1000)]
    assert got == ["Fine words.", "field 'text' is null", "field 'text' is empty",
                   "the record is over the size limit of 1,000 bytes (raise it with --max-bytes)", "More fine words."]


def test_a_parquet_corpus_streams_by_row_group(tmp_path, monkeypatch):
    """4,000 records in 16 row groups: the first record comes after reading only the first
    row group, and Arrow never holds more than a small part of the text at once."""
    path = tmp_path / "big.parquet"
    body = "The council approved the budget on Tuesday by seven votes to two. " * 15
    texts = [f"Record {i}. {body}" for i in range(4000)]
    pq.write_table(pa.table({"id": list(range(4000)), "text": texts}), path, row_group_size=250)
    total = sum(len(t) for t in texts)
    asked = []
    original = pq.ParquetFile.iter_batches

    def spy(self, *args, **kwargs):
        asked.append(tuple(kwargs.get("row_groups") or ()))
        return original(self, *args, **kwargs)

    monkeypatch.setattr(pq.ParquetFile, "iter_batches", spy)
    stream = records(str(path), id_field="id")
    first = next(stream)
    assert first.key == {"id": 0} and asked == [(0,)]
    peak = 0
    count = 1
    for _record in stream:
        count += 1
        peak = max(peak, pa.total_allocated_bytes())
    assert count == 4000 and asked == [(g,) for g in range(16)]
    assert peak < total / 3, (peak, total)  # a row group at a time, never the file


def test_missing_pyarrow_is_one_line_saying_how_to_install_it(runner, tmp_path, monkeypatch):
    path = _write(tmp_path, RECORDS)["parquet"]
    monkeypatch.setitem(__import__("sys").modules, "pyarrow.parquet", None)
    result = runner.invoke(app, [str(path)])
    assert result.exit_code == 2
    assert result.stderr.strip() == "hypecheck: error: reading .parquet needs pyarrow: pip install 'hypecheck[parquet]'"
