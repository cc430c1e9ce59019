"""--dask: the rows of a local run, in the same order, from a LocalCluster; Ctrl-C keeps
what was written; hypecheck.dask.score gives the CLI's scores on a Dask DataFrame."""

from __future__ import annotations

import json
import shutil
import sys

import pytest

from hypecheck.cli import app

distributed = pytest.importorskip("distributed", reason="the [dask] extra is not installed")
pd = pytest.importorskip("pandas")
dd = pytest.importorskip("dask.dataframe")
pa = pytest.importorskip("pyarrow")
pq = pytest.importorskip("pyarrow.parquet")

HYPE = "YOU WON'T BELIEVE THIS!!\nCritics are calling it the best show ever. Click here now!\n"
SOBER = "Council Approves Budget\nThe council approved the budget on Tuesday by seven votes to two.\n"
TEXTS = [HYPE, SOBER, "Experts say this miracle cure changes everything.", "Plain words.", ""]


@pytest.fixture(scope="module")
def cluster():
    """One small cluster (worker threads in this process) for the tests that give its address."""
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=False,
                                  dashboard_address=None) as local:
        yield local


@pytest.fixture
def folder(tmp_path):
    root = tmp_path / "corpus"
    (root / "sub").mkdir(parents=True)
    for i in range(30):
        (root / f"f{i:02d}.txt").write_text((HYPE if i % 3 else SOBER) + f"Item {i}.\n", encoding="utf-8")
    (root / "sub" / "b.md").write_text("# " + SOBER, encoding="utf-8")
    (root / "binary.txt").write_bytes(b"\x89PNG\x00\x00\x01")
    lines = [json.dumps({"text": TEXTS[i % 4] + f" Record {i}."}) for i in range(70)] + ["not json"]
    (root / "sub" / "c.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    pq.write_table(pa.table({"text": [TEXTS[i % 5] or None for i in range(45)]}), root / "d.parquet", row_group_size=10)
    return root


def _invoke(runner, *args, format="jsonl", code=0):
    result = runner.invoke(app, [*map(str, args), "-f", format])
    assert result.exit_code == code, result.output
    return result.stdout


def test_dask_local_gives_the_rows_of_jobs_1_on_a_folder(runner, folder):
    local = _invoke(runner, folder, "--jobs", "1")
    rows = [json.loads(line) for line in local.splitlines()]
    assert len(rows) == 30 + 1 + 1 + 71 + 45 and sum(r["error"] is not None for r in rows) == 1 + 1 + 9
    assert _invoke(runner, folder, "--dask", "local", "--jobs", "2") == local


def test_dask_on_a_jsonl_and_a_parquet_corpus_gives_the_rows_of_jobs_1(runner, folder, cluster):
    for corpus in (folder / "sub" / "c.jsonl", folder / "d.parquet"):
        code = 2  # one input with bad records: exit 2, as without --dask
        local = _invoke(runner, corpus, "--jobs", "1", format="csv", code=code)  # csv: one row per record
        assert _invoke(runner, corpus, "--dask", cluster.scheduler_address, format="csv", code=code) == local
    both = [folder / "sub" / "c.jsonl", folder / "d.parquet"]
    assert _invoke(runner, *both, "--dask", cluster.scheduler_address) == _invoke(runner, *both, "--jobs", "1")


def test_work_goes_as_batches_and_the_progress_follows_the_futures(folder, cluster):
    from hypecheck import batch, config, selection
    from hypecheck.cluster import DaskRunner

    options = batch.Options(config.resolve(no_config=True, model="blank").analyzer_args)
    entries = selection.select([str(folder / "sub" / "b.md"), str(folder / "d.parquet"), *sorted(map(str, folder.glob("f*.txt")))]).entries
    runner = DaskRunner(entries, options, 2, cluster.scheduler_address)
    advanced = []
    runner.follow(advanced.append)
    try:
        with distributed.get_task_stream(runner.client) as stream:
            rows = list(runner)
    finally:
        runner.close()
    assert len(rows) == 1 + 45 + 30 and sum(last for _, last in rows) == 1 + 1 + 30
    assert sum(advanced) == runner.total() == 1 + 45 + 30
    assert 2 < len(stream.data) < 20  # batches of paths and row groups, never a task per document


def test_an_unreachable_scheduler_is_one_line_and_exit_2(runner, folder):
    result = runner.invoke(app, [str(folder), "--dask", "tcp://127.0.0.1:9"])
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("hypecheck: error: --dask tcp://127.0.0.1:9: cannot reach"), lines


def test_dask_score_on_a_4_partition_dataframe_gives_the_cli_scores(runner, tmp_path, cluster):
    import hypecheck.dask

    texts = [TEXTS[i % 5] + (f" Story {i}." if i % 5 != 4 else "") for i in range(20)]
    texts[7] = None
    pdf = pd.DataFrame({"uid": [f"u{i}" for i in range(20)], "text": texts})
    ddf = dd.from_pandas(pdf, npartitions=4)
    assert ddf.npartitions == 4
    scored = hypecheck.dask.score(ddf, keep=["uid"], model="blank")
    assert list(scored.columns) == list(scored._meta.columns)
    with distributed.Client(cluster.scheduler_address):
        got = scored.compute()
    corpus = tmp_path / "same.jsonl"
    corpus.write_text("".join(json.dumps({"uid": u, "text": t if isinstance(t, str) else None}) + "\n"
                             for u, t in zip(pdf.uid, pdf.text)), encoding="utf-8")
    # --dask: one row per record, as for a folder
    cli = [json.loads(line) for line in _invoke(runner, corpus, "--dask", cluster.scheduler_address, "--id-field", "uid", code=2).splitlines()]
    assert list(got.uid) == [r["id"] or f"u{i}" for i, r in enumerate(cli)]
    for (_, row), expected in zip(got.iterrows(), cli):
        assert (None if pd.isna(row.score) else int(row.score)) == expected["score"]
        assert (None if pd.isna(row.verdict) else row.verdict) == expected["verdict"]
        if expected["error"] is None:
            assert pd.isna(row.error) and int(row.word_count) == expected["word_count"]
            assert {c: int(row[c]) for c in expected["counts"]} == expected["counts"]
            assert sum(expected["counts"].values()) == len(json.loads(row.findings))
        else:
            assert isinstance(row.error, str) and pd.isna(row.score)


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
def test_ctrl_c_cancels_the_futures_and_keeps_the_rows_written(tmp_path):
    from interrupting import big_folder, interrupt_after_rows

    corpus = big_folder(tmp_path, 2000)
    code, stderr, rows = interrupt_after_rows(corpus, tmp_path / "rows.jsonl", ["--dask", "local", "--jobs", "2"], 180)
    assert code == 130, stderr
    assert 5 <= len(rows) < 2000
    assert [r["path"] for r in rows] == [str(corpus / f"doc{i:05d}.txt") for i in range(len(rows))]
    assert "interrupted after" in stderr and stderr.strip().splitlines()[-1].startswith("hypecheck: interrupted after")


@pytest.mark.skipif(shutil.which("java") is None, reason="Spark needs Java, and there is none here")
def test_the_pandas_core_runs_under_spark_map_in_pandas(tmp_path):
    pyspark = pytest.importorskip("pyspark", reason="pyspark is not installed (it is not a dependency)")
    from pyspark.sql import SparkSession

    from hypecheck.frames import score_batches, score_frame

    spark = SparkSession.builder.master("local[1]").appName("hypecheck-test").getOrCreate()
    try:
        frame = spark.createDataFrame(pd.DataFrame({"text": TEXTS[:4]}))
        schema = "score long, verdict string, clickbait_probability double, word_count long, " + ", ".join(
            f"{c} long" for c in score_frame(pd.DataFrame({"text": ["x y"]}), model="blank").columns[4:-2]) + ", findings string, error string"
        got = frame.mapInPandas(lambda batches: score_batches(batches, model="blank"), schema).toPandas()
    finally:
        spark.stop()
    expected = score_frame(pd.DataFrame({"text": TEXTS[:4]}), model="blank")
    assert list(got.score) == [int(s) for s in expected.score]
    del pyspark
