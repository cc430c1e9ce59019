"""The screenshot of the HTML report in docs/: a hover card showing a finding's suggestion.

    PYTHONPATH=$PWD python scripts/report_screenshot.py [TEXT_FILE] [--out docs/img/html-report-suggestion.png]

Renders the report of TEXT_FILE (default: examples/streaming-teaser.txt) in the system
Chromium (apt-get install chromium) through playwright, hovers over the first finding
that has a replacement and saves the top of the page, hover card included.
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("text", nargs="?", default=str(REPO / "examples" / "streaming-teaser.txt"))
    parser.add_argument("--out", default=str(REPO / "docs" / "img" / "html-report-suggestion.png"))
    args = parser.parse_args()

    from playwright.sync_api import sync_playwright

    from hypecheck.engine import Analyzer
    from hypecheck.render import html_report
    from hypecheck.sources import read_path

    report = next(Analyzer().analyze_sources([read_path(args.text)]))
    report = type(report)(**{**report.__dict__, "source": Path(args.text).name})
    page_file = Path(tempfile.mkdtemp()) / "report.html"
    page_file.write_text(html_report.render(report), encoding="utf-8")
    executable = shutil.which("chromium") or "/usr/bin/chromium"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=["--headless", "--no-sandbox", "--disable-gpu"])
        page = browser.new_page(viewport={"width": 1000, "height": 760}, device_scale_factor=1)
        page.emulate_media(color_scheme="light")
        page.goto(page_file.as_uri())
        target = next(i + 1 for i, f in enumerate(report.findings) if f.suggestion.replacements and i >= 3)
        mark = page.locator(f"#d0-m{target}")
        mark.scroll_into_view_if_needed()
        mark.hover()
        page.wait_for_timeout(200)
        page.screenshot(path=args.out)
        browser.close()
    print(args.out)


if __name__ == "__main__":
    main()
