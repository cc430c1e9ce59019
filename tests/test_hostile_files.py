"""Hostile files and paths (issue 12, items 5, 7, 10, 11): one line on stderr, the
documented exit code, and no user file changed. Each runs the real command line."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time

import pytest

from hostile_cli import copy, env, one_line, run, snapshot


def _check(proc, tmp_path, before, message: str, code: int = 2) -> None:
    assert one_line(proc) == message
    assert proc.returncode == code
    assert snapshot(tmp_path) == before


@pytest.mark.parametrize("extra", [[], ["-"], ["-f", "csv"], ["-f", "json"]])
def test_output_refuses_to_overwrite_standard_input_when_it_is_that_file(tmp_path, extra):
    (article,) = copy(tmp_path, "article.txt")
    before = snapshot(tmp_path)
    with article.open("rb") as fh:
        proc = run([*extra, "-o", "article.txt"], tmp_path, stdin=fh)
    _check(proc, tmp_path, before,
           "hypecheck: error: --output article.txt is one of the inputs (standard input): refusing to overwrite it")


def test_output_through_a_symlink_to_standard_input_is_refused_too(tmp_path):
    (article,) = copy(tmp_path, "article.txt")
    (tmp_path / "report.txt").symlink_to("article.txt")
    before = snapshot(tmp_path)
    with article.open("rb") as fh:
        proc = run(["-o", "report.txt"], tmp_path, stdin=fh)
    _check(proc, tmp_path, before,
           "hypecheck: error: --output report.txt is one of the inputs (standard input): refusing to overwrite it")


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom"])
def test_endless_devices_stop_at_the_size_limit(tmp_path, device):
    if not os.path.exists(device):
        pytest.skip(f"{device} does not exist here")
    before = snapshot(tmp_path)
    proc = run([device, "--model", "blank"], tmp_path, timeout=60)
    _check(proc, tmp_path, before,
           f"hypecheck: error: {device}: over the size limit of 5,000,000 bytes (raise it with --max-bytes)")


def test_a_fifo_that_never_ends_stops_at_the_size_limit(tmp_path):
    fifo = tmp_path / "endless.txt"
    os.mkfifo(fifo)
    before = snapshot(tmp_path)
    sent = []

    def write_forever():
        try:
            with open(fifo, "wb") as fh:
                while True:
                    fh.write(b"The council met on Tuesday. " * 1000)
                    sent.append(1)
        except (BrokenPipeError, OSError):
            pass  # the reader stopped reading: what we want

    writer = threading.Thread(target=write_forever, daemon=True)
    writer.start()
    proc = run([fifo.name, "--max-bytes", "100000"], tmp_path, timeout=60)
    writer.join(timeout=10)
    _check(proc, tmp_path, before,
           "hypecheck: error: endless.txt: over the size limit of 100,000 bytes (raise it with --max-bytes)")
    assert not writer.is_alive()


def test_standard_input_over_the_limit_says_the_limit_not_a_made_up_size(tmp_path):
    proc = run(["--max-bytes", "1000"], tmp_path, input=b"The council met. " * 1000)
    assert one_line(proc) == "hypecheck: error: standard input is over the 1,000-byte limit (raise it with --max-bytes)"
    assert proc.returncode == 2


def test_a_regular_file_over_the_limit_still_names_its_size(tmp_path):
    (tmp_path / "big.txt").write_bytes(b"a" * 2001)
    proc = run(["big.txt", "--max-bytes", "2000"], tmp_path)
    assert one_line(proc) == "hypecheck: error: big.txt: 2,001 bytes is over the size limit of 2,000 bytes (raise it with --max-bytes)"


def test_symlink_loop_and_broken_link_have_their_own_messages(tmp_path):
    (tmp_path / "a.txt").symlink_to("b.txt")
    (tmp_path / "b.txt").symlink_to("a.txt")
    (tmp_path / "dangling.txt").symlink_to("nowhere.txt")
    before = snapshot(tmp_path)
    _check(run(["a.txt"], tmp_path), tmp_path, before,
           "hypecheck: error: a.txt: symlink loop (too many levels of symbolic links)")
    _check(run(["dangling.txt"], tmp_path), tmp_path, before,
           "hypecheck: error: dangling.txt: broken symbolic link (it points to nowhere.txt, which does not exist)")


def test_over_long_file_name_is_one_line_exit_2(tmp_path):
    name = "a" * 300 + ".txt"
    _check(run([name], tmp_path), tmp_path, {}, f"hypecheck: error: {name}: file name too long")


def test_a_path_through_a_file_is_one_line_exit_2(tmp_path):
    copy(tmp_path, "article.txt")
    before = snapshot(tmp_path)
    _check(run(["article.txt/x"], tmp_path), tmp_path, before,
           "hypecheck: error: article.txt/x: a part of the path is a file, not a folder")


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0,
                    reason="root enters any folder, so permission cannot be denied")
def test_a_file_in_a_folder_the_user_cannot_enter(tmp_path):
    closed = tmp_path / "closed"
    closed.mkdir()
    (closed / "a.txt").write_text("The council met on Tuesday.")
    closed.chmod(0)
    try:
        proc = run([os.path.join("closed", "a.txt")], tmp_path)
    finally:
        closed.chmod(0o755)
    assert one_line(proc) == f"hypecheck: error: {os.path.join('closed', 'a.txt')}: permission denied"
    assert proc.returncode == 2


def test_an_empty_path_is_an_error_not_standard_input(tmp_path):
    proc = run([""], tmp_path, input=b"You won't believe this!!")
    assert one_line(proc) == "hypecheck: error: an empty path was given ('')"
    assert proc.returncode == 2 and proc.stdout == b""


def test_an_empty_glob_is_exit_2_with_one_line(tmp_path):
    copy(tmp_path, "article.txt")
    proc = run(["news/*.md"], tmp_path)
    assert one_line(proc) == "hypecheck: error: no file matches the pattern 'news/*.md'"
    assert proc.returncode == 2 and proc.stdout == b""


def test_ctrl_c_during_start_up_is_one_line_and_130(tmp_path):
    # The input is a FIFO: once our open() for writing returns, the command line is
    # waiting to read its input, before the pipeline loads: start-up, deterministically.
    fifo = tmp_path / "input.txt"
    os.mkfifo(fifo)
    proc = subprocess.Popen([sys.executable, "-m", "hypecheck", fifo.name], cwd=tmp_path,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env())
    try:
        with open(fifo, "wb"):
            time.sleep(0.2)  # not needed for correctness: the read has begun or is about to
            proc.send_signal(signal.SIGINT)
            out, err = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert err.decode() == "hypecheck: interrupted\n"
    assert proc.returncode == 130 and out == b""
