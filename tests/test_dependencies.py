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
