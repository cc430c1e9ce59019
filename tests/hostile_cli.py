"""Helpers for the hostile-input tests: run the real CLI in a subprocess, hash the user's files.

The command runs as a user types it (``python -m hypecheck``), with this checkout first on
the path so CI tests the code it checked out, never an installed copy.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
HOSTILE = Path(__file__).parent / "fixtures" / "hostile"


def env(**extra: str) -> dict[str, str]:
    base = {k: v for k, v in os.environ.items() if k not in ("HYPECHECK_MODEL", "HYPECHECK_DEBUG")}
    base.update({"PYTHONPATH": str(REPO), "NO_COLOR": "1", "COLUMNS": "200", **extra})
    return base


def run(args, cwd: Path, stdin=None, input: bytes | None = None, timeout: float = 120, **extra_env: str):
    """The finished process; ``stdin`` an open file or None, ``input`` bytes to send."""
    return subprocess.run(
        [sys.executable, "-m", "hypecheck", *map(str, args)],
        cwd=cwd, stdin=stdin if input is None else None, input=input,
        capture_output=True, timeout=timeout, env=env(**extra_env),
    )


def copy(tmp: Path, *names: str) -> list[Path]:
    """Fixtures copied into the test's folder: the CLI works on the copies."""
    return [Path(shutil.copy(HOSTILE / name, tmp / name)) for name in names]


def snapshot(folder: Path) -> dict[str, str]:
    """sha256 of every regular file below ``folder`` (links not followed)."""
    out = {}
    for root, _, files in os.walk(folder):
        for name in files:
            path = Path(root) / name
            if path.is_file() and not path.is_symlink():
                out[str(path.relative_to(folder))] = hashlib.sha256(path.read_bytes()).hexdigest()
    return out


def one_line(proc) -> str:
    """Standard error, which must be exactly one line and never a traceback."""
    err = proc.stderr.decode("utf-8", "replace")
    assert "Traceback" not in err, err
    lines = err.splitlines()
    assert len(lines) == 1, err
    return lines[0]
