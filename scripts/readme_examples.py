"""Keep the README's example output true: run each marked command and compare or rewrite.

A block is marked with a comment naming the command, followed by a code block:

    <!-- example: hypecheck examples/council-budget.txt --no-color -->
    ```
    $ hypecheck examples/council-budget.txt --no-color
    ...what it prints...
    ```

`python scripts/readme_examples.py` reports blocks that differ (exit 1);
`--write` rewrites them with what the program prints now.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
README = REPO / "README.md"
BLOCK = re.compile(r"(<!-- example: (?P<cmd>.+?) -->\n```[a-z]*\n)(?P<body>.*?)(```)", re.DOTALL)


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


def main(argv: list[str]) -> int:
    text = README.read_text(encoding="utf-8")
    stale = [(m, now) for m, now in examples(text) if m.group("body") != now]
    if "--write" in argv:
        for m, now in reversed(stale):
            text = text[: m.start("body")] + now + text[m.end("body") :]
        README.write_text(text, encoding="utf-8")
        print(f"rewrote {len(stale)} example(s)")
        return 0
    for m, _ in stale:
        print(f"stale README example: {m.group('cmd')}")
    return 1 if stale else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
