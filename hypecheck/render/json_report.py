from __future__ import annotations

import json

from ..findings import Report


def render(report: Report) -> str:
    return json.dumps(report.to_dict(), ensure_ascii=False, indent=2)


def render_line(report: Report, **extra) -> str:
    """One compact JSON object on one line (JSON Lines), with extra fields first."""
    return json.dumps({**extra, **report.to_dict()}, ensure_ascii=False)
