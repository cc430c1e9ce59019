"""Keep the documentation's example output true: run each marked command and compare or rewrite.

The README and every docs/*.md page are checked. A block is marked with a comment naming
the command, followed by a code block:

    <!-- example: hypecheck examples/council-budget.txt --no-color -->
    ```
    $ hypecheck examples/council-budget.txt --no-color
    ...what it prints...
    ```

`python scripts/readme_examples.py` reports blocks that differ (exit 1);
`--write` rewrites them with what the program prints now. Paths given as arguments
limit the run to those pages.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
README = REPO / "README.md"
BLOCK = re.compile(r"(<!-- example: (?P<cmd>.+?) -->\n```[a-z]*\n)(?P<body>.*?)(```)", re.DOTALL)


def pages() -> list[Path]:
    """Every page whose examples are checked: the README, then docs/*.md in name order."""
    return [README, *sorted((REPO / "docs").glob("*.md"))]


def run(command: str) -> str:
    env = {k: v for k, v in os.environ.items() if k not in ("HYPECHECK_MODEL", "NO_COLOR", "FORCE_COLOR")}
    env.update(COLUMNS="80", PATH=f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}")
    done = subprocess.run(
        ["bash", "-c", command], cwd=REPO, env=env, capture_output=True, text=True, timeout=300
    )
    out = done.stdout + done.stderr
    return f"$ {command}\n{out.rstrip()}\n"


def examples(text: str):
    for m in BLOCK.finditer(text):
        yield m, run(m.group("cmd"))


def check(page: Path, write: bool) -> list[str]:
    """The commands of the page's stale examples; with write, the page is rewritten."""
    text = page.read_text(encoding="utf-8")
    stale = [(m, now) for m, now in examples(text) if m.group("body") != now]
    if write and stale:
        for m, now in reversed(stale):
            text = text[: m.start("body")] + now + text[m.end("body") :]
        page.write_text(text, encoding="utf-8")
    return [m.group("cmd") for m, _ in stale]


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("pages", nargs="*", type=Path, help="pages to check (default: README.md and docs/*.md)")
    ap.add_argument("--write", action="store_true", help="rewrite stale blocks with what the program prints now")
    args = ap.parse_args(argv)
    missing = [str(p) for p in args.pages if not p.is_file()]
    if missing:
        ap.error(f"no such page: {', '.join(missing)}")
    chosen = [p.resolve() for p in args.pages] or pages()
    total = 0
    for page in chosen:
        stale = check(page, args.write)
        total += len(stale)
        name = page.relative_to(REPO) if page.is_relative_to(REPO) else page
        for cmd in stale:
            print(f"{'rewrote' if args.write else 'stale'} example in {name}: {cmd}")
    if args.write:
        print(f"rewrote {total} example(s)")
        return 0
    return 1 if total else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
