"""The pre-commit hook, run by pre-commit itself (`pre-commit try-repo`) on a scratch repository.

try-repo clones this checkout (with uncommitted changes), builds the hook's own virtual
environment and pip-installs hypecheck into it from the clone, exactly as for a user.
Installing spaCy, scikit-learn and an English pipeline from PyPI takes over two minutes
and needs the network, twice per run (try-repo keeps no environment between calls); so by
default the test lends the hook environment the test interpreter's installed packages
(PYTHONPATH = its site-packages): pip then finds the dependencies satisfied and installs
only hypecheck itself, from the clone, and the hook runs that copy. .pth files are not read
from PYTHONPATH, so the editable install of the developer's checkout is not what runs.
HYPECHECK_PRECOMMIT_ISOLATED=1 runs the fully isolated install instead.
"""

from __future__ import annotations

import os
import shutil
import site
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import HAS_MODEL, REPO

pytestmark = [
    pytest.mark.model,
    pytest.mark.skipif(not HAS_MODEL, reason="no English statistical pipeline installed"),
    pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed"),
    pytest.mark.skipif(not (REPO / ".git").exists(), reason="not a git checkout: pre-commit clones the hook repository"),
]
pre_commit = pytest.importorskip("pre_commit", reason="pre-commit is in the test extra")

HYPED = (
    "# SHOCKING: The Best Phone Ever Made\n\n"
    "You won't believe what this amazing, game-changing phone can do! Experts say it is the most "
    "revolutionary device of the decade, and fans are calling it an absolute must-have. Click here "
    "to find out why everyone is talking about it!!!\n"
)
SOBER = (
    "# Council approves budget\n\n"
    "The council approved next year's budget on Tuesday by seven votes to two. Spending on "
    "libraries rises by 3%, and the bus subsidy is unchanged.\n"
)


def git(*args: str, cwd: Path) -> None:
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True)


@pytest.fixture
def project(tmp_path):
    root = tmp_path / "project"
    root.mkdir()
    git("init", "-q", cwd=root)
    (root / ".hypecheck.toml").write_text("fail_above = 40\n", encoding="utf-8")
    (root / "hyped.md").write_text(HYPED, encoding="utf-8")
    (root / "sober.txt").write_text(SOBER, encoding="utf-8")
    git("add", "-A", cwd=root)
    return root


def try_repo(project: Path, *files: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    env.update(PRE_COMMIT_COLOR="never", GIT_AUTHOR_NAME="test", GIT_AUTHOR_EMAIL="test@example.org",
               GIT_COMMITTER_NAME="test", GIT_COMMITTER_EMAIL="test@example.org")
    if not os.environ.get("HYPECHECK_PRECOMMIT_ISOLATED"):
        env["PYTHONPATH"] = os.pathsep.join(site.getsitepackages())
    return subprocess.run(
        [sys.executable, "-m", "pre_commit", "try-repo", str(REPO), "hypecheck", "--files", *files],
        cwd=project, env=env, capture_output=True, text=True, timeout=1200,
    )


def test_the_hook_blocks_a_hyped_file_with_hypecheck_output(project):
    run = try_repo(project, "hyped.md")
    assert run.returncode == 1, run.stdout + run.stderr
    assert "hypecheck" in run.stdout and "Failed" in run.stdout
    assert "- exit code: 1" in run.stdout  # over fail_above, not an error (2) or a crash (3)
    # hypecheck's own report: the file and its findings
    assert "hyped.md" in run.stdout
    assert "superlative" in run.stdout and "clickbait_hook" in run.stdout


def test_the_hook_passes_a_sober_file(project):
    run = try_repo(project, "sober.txt")
    assert run.returncode == 0, run.stdout + run.stderr
    assert "Passed" in run.stdout
