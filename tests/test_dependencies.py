"""Every package the code imports is declared in pyproject.toml (issue 12, item 1).

A package that only arrives as another's dependency (lxml through trafilatura) can vanish
or lose an extra with a resolver change; deptry reads the imports of hypecheck/ and the
declared dependencies and fails on missing (DEP001) and transitive (DEP003) ones.
Justified exceptions are in [tool.deptry] of pyproject.toml.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def test_imports_are_declared_dependencies():
    result = subprocess.run(
        [sys.executable, "-m", "deptry", "hypecheck"],
        cwd=REPO, capture_output=True, text=True, env={"NO_COLOR": "1", "PATH": ""},
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_html_cleaner_that_justext_imports_is_installed():
    # jusText (trafilatura's dependency) imports lxml.html.clean, a shim that raises
    # ImportError without the separate lxml_html_clean package.
    import lxml.html.clean  # noqa: F401


def test_running_imports_no_training_library(tmp_path):
    """scikit-learn and scipy are the [train] extra's: `hypecheck FILE` (the statistical
    pipeline, the span model and the classifier included) must not import them."""
    import os

    article = tmp_path / "article.txt"
    article.write_text("SHOCKING: Critics Say This Is The Best Phone Ever\n\nYou won't believe what it does!!\n")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")]))}
    result = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "hypecheck", str(article), "--format", "json"],
        cwd=tmp_path, capture_output=True, text=True, env=env, timeout=600,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    imported = {
        line.rsplit("|", 1)[1].strip() for line in result.stderr.splitlines() if line.startswith("import time:")
    }
    assert "hypecheck.engine" in imported  # the analysis did run in this process
    assert not {m for m in imported if m.split(".")[0] in ("sklearn", "scipy", "joblib")}
