"""Shared by the Ctrl-C tests of local and Dask batch runs: a big folder, a run with
--output interrupted once some rows are written, and what it left."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

BODY = "The council met on Tuesday and said it was the best budget ever. " * 40 + "\n"


def big_folder(tmp_path: Path, files: int) -> Path:
    corpus = tmp_path / "big"
    corpus.mkdir()
    for i in range(files):
        (corpus / f"doc{i:05d}.txt").write_text(f"Budget Story {i}\n{BODY}")
    return corpus


def interrupt_after_rows(corpus: Path, out: Path, options: list[str], wait: float, rows: int = 5):
    """Run hypecheck on ``corpus`` into ``out``, send SIGINT once ``rows`` rows are written
    (or after ``wait`` seconds); (exit code, stderr, rows read back from ``out``)."""
    env = {**os.environ, "HYPECHECK_MODEL": "blank"}
    proc = subprocess.Popen([sys.executable, "-m", "hypecheck", str(corpus), "-f", "jsonl", *options,
                             "--output", str(out)], env=env, stderr=subprocess.PIPE, text=True)
    deadline = time.time() + wait
    while time.time() < deadline and (not out.exists() or out.read_text().count("\n") < rows):
        time.sleep(0.05)
    proc.send_signal(signal.SIGINT)
    _, stderr = proc.communicate(timeout=wait / 2)
    written = [json.loads(line) for line in out.read_text().splitlines()]  # every row complete
    return proc.returncode, stderr, written
