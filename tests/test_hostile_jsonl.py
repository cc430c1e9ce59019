"""Hostile JSON Lines corpora (issue 12, items 3 and 4): each bad record is its own error,
the run goes on to the other records and files, the size limit is each record's, and a
corpus of any size streams. Each runs the real command line."""

from __future__ import annotations

import json

from hostile_cli import copy, one_line, run, snapshot

BAD_RECORDS = {  # line -> error, for fixtures/hostile/bad-records.jsonl
    2: "not readable: the JSON is nested too deeply",
    3: "field 'text' is not valid Unicode (a lone surrogate \\ud800 at character 3)",
    4: "not valid JSON (Expecting property name enclosed in double quotes)",
    5: 'not a JSON object (a record must be {"text": ...})',
    6: "no string field 'text' (set --text-field)",
    7: "field 'text' is empty",
    8: "not valid JSON (NaN is not a JSON value)",
}


def _rows(proc) -> list[dict]:
    return [json.loads(line) for line in proc.stdout.decode().splitlines()]


def test_every_bad_record_is_its_own_row_and_the_other_files_are_scored(tmp_path):
    copy(tmp_path, "bad-records.jsonl", "nested.jsonl", "surrogate.jsonl", "article.txt")
    before = snapshot(tmp_path)
    proc = run([".", "-f", "jsonl", "-j", "1", "--model", "blank"], tmp_path)
    assert proc.returncode == 0
    assert one_line(proc) == "hypecheck: 9 of 12 rows have an error (see the error field)"
    rows = {r["path"]: r for r in _rows(proc)}
    assert list(rows) == ["article.txt", *(f"bad-records.jsonl:{n}" for n in range(1, 10)),
                          "nested.jsonl:1", "surrogate.jsonl:1"]
    for line, error in BAD_RECORDS.items():
        assert rows[f"bad-records.jsonl:{line}"]["error"] == error
    for scored in ("article.txt", "bad-records.jsonl:1", "bad-records.jsonl:9"):
        assert rows[scored]["error"] is None and rows[scored]["score"] is not None
    assert rows["nested.jsonl:1"]["error"] == BAD_RECORDS[2]
    assert rows["surrogate.jsonl:1"]["error"] == "field 'text' is not valid Unicode (a lone surrogate \\ud800 at character 0)"
    assert snapshot(tmp_path) == before
    strict = run([".", "-f", "jsonl", "-j", "1", "--model", "blank", "--strict"], tmp_path)
    assert strict.returncode == 2 and len(_rows(strict)) == 12


def test_two_workers_give_the_same_rows(tmp_path):
    copy(tmp_path, "bad-records.jsonl", "nested.jsonl", "article.txt")
    one = run([".", "-f", "jsonl", "-j", "1", "--model", "blank"], tmp_path)
    two = run([".", "-f", "jsonl", "-j", "2", "--model", "blank"], tmp_path)
    assert one.returncode == two.returncode == 0 and one.stdout == two.stdout


def test_a_single_corpus_reports_each_bad_record_on_one_line_and_scores_the_rest(tmp_path):
    copy(tmp_path, "bad-records.jsonl")
    before = snapshot(tmp_path)
    proc = run(["bad-records.jsonl", "-f", "jsonl", "--rows", "full", "--model", "blank"], tmp_path)
    assert proc.returncode == 2
    err = proc.stderr.decode()
    assert "Traceback" not in err
    assert err.splitlines() == [
        f"hypecheck: error: bad-records.jsonl:{line}: {error} (skipped; the other records are scored)"
        for line, error in BAD_RECORDS.items()
    ]
    assert [r["line"] for r in _rows(proc)] == [1, 9]
    assert snapshot(tmp_path) == before


def test_the_size_limit_is_per_record_and_a_huge_record_does_not_stop_the_rest(tmp_path):
    # 5,000,010 bytes on one line, with the default limit of 5,000,000 bytes per record.
    huge = json.dumps({"text": "a" * 5_000_000})
    (tmp_path / "c.jsonl").write_text(
        json.dumps({"text": "The council met on Tuesday."}) + "\n" + huge + "\n"
        + json.dumps({"text": "The budget passed."}) + "\n"
    )
    before = snapshot(tmp_path)
    proc = run(["c.jsonl", "-f", "csv", "--model", "blank"], tmp_path)
    assert proc.returncode == 2  # a single input is strict
    assert one_line(proc) == "hypecheck: 1 of 3 rows have an error (see the error field)"
    lines = proc.stdout.decode().splitlines()[1:]
    assert [line.split(",")[0] for line in lines] == ["c.jsonl:1", "c.jsonl:2", "c.jsonl:3"]
    assert lines[1].endswith('"the record is over the size limit of 5,000,000 bytes (raise it with --max-bytes)"')
    assert snapshot(tmp_path) == before


def test_a_corpus_over_the_limit_as_a_whole_is_scored_record_by_record(tmp_path):
    records = 3000
    with (tmp_path / "corpus.jsonl").open("w") as fh:
        for i in range(records):
            fh.write(json.dumps({"id": f"r{i}", "text": f"Item {i}: the council met on Tuesday."}) + "\n")
    size = (tmp_path / "corpus.jsonl").stat().st_size
    assert size > 100_000
    proc = run(["corpus.jsonl", "-f", "csv", "-j", "1", "--id-field", "id", "--model", "blank",
                "--max-bytes", "100000"], tmp_path, timeout=600)
    assert proc.returncode == 0, proc.stderr.decode()
    assert proc.stderr == b""
    lines = proc.stdout.decode().splitlines()
    assert lines[0].startswith("path,id,score")
    rows = [line.split(",") for line in lines[1:]]
    assert [(r[0], r[1]) for r in rows] == [(f"corpus.jsonl:{i + 1}", f"r{i}") for i in range(records)]
    assert all(r[2] != "" for r in rows)  # every record scored


def test_a_utf16_corpus_is_read_record_by_record(tmp_path):
    text = json.dumps({"text": "The council met on Tuesday."}) + "\n" + "{bad\n"
    (tmp_path / "c.jsonl").write_bytes(text.encode("utf-16"))
    proc = run(["c.jsonl", "-f", "csv", "--model", "blank"], tmp_path)
    rows = [line.split(",")[0] for line in proc.stdout.decode().splitlines()[1:]]
    assert rows == ["c.jsonl:1", "c.jsonl:2"]
    assert one_line(proc) == "hypecheck: 1 of 2 rows have an error (see the error field)"


def test_a_binary_corpus_is_one_error_not_a_row_per_line(tmp_path):
    (tmp_path / "c.jsonl").write_bytes(b"\x00\x01\x02" * 100)
    proc = run(["c.jsonl", "--model", "blank"], tmp_path)
    assert one_line(proc) == "hypecheck: error: c.jsonl: looks like a binary file (it contains NUL bytes)"
    assert proc.returncode == 2
