"""The README and docs/ show output the program really prints: every marked example is re-run.

After a change that alters output, regenerate with `python scripts/readme_examples.py --write`.
The README stays a short page for newcomers; its links, and the docs' links, lead somewhere.
"""

from __future__ import annotations

import importlib.util
import re
import sys
from pathlib import Path

import pytest

from conftest import HAS_MODEL

SCRIPT = Path(__file__).resolve().parents[1] / "scripts" / "readme_examples.py"
REPO = SCRIPT.parents[1]
README_LIMIT = 15_000  # characters (issue 13): the rest belongs in docs/


def _load_script():
    spec = importlib.util.spec_from_file_location("readme_examples", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


script = _load_script()
PAGES = script.pages()


def _name(page: Path) -> str:
    return page.relative_to(REPO).as_posix()


def test_the_checker_covers_the_readme_and_every_docs_page():
    names = [_name(p) for p in PAGES]
    assert names[0] == "README.md"
    assert {"docs/usage.md", "docs/formats.md", "docs/inputs.md", "docs/configuration.md"} <= set(names)
    assert sorted(_name(p) for p in (REPO / "docs").glob("*.md")) == names[1:]
    blocks = sum(len(script.BLOCK.findall(p.read_text(encoding="utf-8"))) for p in PAGES)
    assert blocks >= 8


@pytest.mark.skipif(not HAS_MODEL, reason="the examples were generated with the English statistical pipeline")
@pytest.mark.parametrize("page", PAGES, ids=_name)
def test_examples_match_what_the_program_prints(page):
    text = page.read_text(encoding="utf-8")
    stale = [m.group("cmd") for m, now in script.examples(text) if m.group("body") != now]
    assert not stale, f"{_name(page)}: examples out of date (run scripts/readme_examples.py --write): {stale}"


def test_readme_names_one_install_and_one_test_command():
    text = (REPO / "README.md").read_text(encoding="utf-8")
    assert text.count("<!-- ci:install -->") == 1 and text.count("<!-- ci:test -->") == 1


def test_readme_is_short_and_shows_a_file_standard_input_and_a_folder():
    text = (REPO / "README.md").read_text(encoding="utf-8")
    assert len(text) <= README_LIMIT, f"README.md has {len(text):,} characters; move detail to docs/"
    commands = [m.group("cmd") for m in script.BLOCK.finditer(text)]
    assert any(c.startswith("hypecheck examples/") and c.split()[1].endswith(".txt") for c in commands)
    assert any(c.startswith("echo ") and "| hypecheck" in c for c in commands)
    assert "hypecheck examples/newsroom --format csv --jobs 1" in commands


def _slug(heading: str) -> str:
    """GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens."""
    return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")


def _unfenced(text: str) -> str:
    return re.sub(r"^```.*?^```", "", text, flags=re.DOTALL | re.MULTILINE)


def _prose(text: str) -> str:
    """The text outside fenced and inline code, where program output may look like links."""
    return re.sub(r"`[^`\n]*`", "", _unfenced(text))


LINKABLE = [REPO / "README.md", *sorted((REPO / "docs").glob("*.md")), REPO / "models" / "README.md"]


@pytest.mark.parametrize("page", LINKABLE, ids=_name)
def test_relative_links_lead_to_a_file_and_heading_that_exist(page):
    broken = []
    for target in re.findall(r"\]\(([^)\s]+)\)", _prose(page.read_text(encoding="utf-8"))):
        if re.match(r"[a-z]+:", target):
            continue  # a web address
        path, _, anchor = target.partition("#")
        dest = (page.parent / path).resolve() if path else page
        if not dest.exists():
            broken.append(target)
        elif anchor and dest.suffix == ".md":
            headings = re.findall(r"^#+ (.+)$", _unfenced(dest.read_text(encoding="utf-8")), flags=re.MULTILINE)
            if anchor not in {_slug(h) for h in headings}:
                broken.append(target)
    assert not broken, f"{_name(page)}: links to nothing: {broken}"


def test_the_checker_refuses_a_page_that_does_not_exist_with_one_line(tmp_path, capsys):
    with pytest.raises(SystemExit) as stop:
        script.main([str(tmp_path / "nosuch.md")])
    assert stop.value.code == 2
    assert "no such page" in capsys.readouterr().err
