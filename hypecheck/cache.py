"""A small on-disk cache of derived data (never of anything a user gave).

Entries are JSON, named by a digest of everything they derive from, so a stale entry
is never read: a changed input gives a new name. JSON cannot run code when read. The
cache is an optimisation only: an unreadable, corrupt or unwritable cache is ignored.

Location: HYPECHECK_CACHE_DIR, else $XDG_CACHE_HOME/hypecheck, else ~/.cache/hypecheck;
HYPECHECK_CACHE_DIR set to an empty string turns the cache off.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any

ENV_VAR = "HYPECHECK_CACHE_DIR"
# Entries kept per kind, the most recently used first: two installed versions or checkouts
# used in turn (an editor's and a CI's) each keep theirs, instead of replacing each other's
# and parsing the YAML again on every other run (docs/performance.md, "Twelfth session").
KEEP = 4


def directory() -> Path | None:
    explicit = os.environ.get(ENV_VAR)
    if explicit is not None:
        return Path(explicit) if explicit else None
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "hypecheck"


def digest(*parts: str) -> str:
    h = hashlib.sha256()
    for part in parts:
        h.update(part.encode("utf-8"))
        h.update(b"\0")
    return h.hexdigest()[:32]


def read(kind: str, key: str) -> Any | None:
    folder = directory()
    if folder is None:
        return None
    path = folder / f"{kind}-{key}.json"
    try:
        with open(path, encoding="utf-8") as fh:
            value = json.load(fh)
    except (OSError, ValueError):
        return None
    _touch(path)  # used now: the last to go
    return value


def write(kind: str, key: str, value: Any) -> None:
    folder = directory()
    if folder is None:
        return
    path = folder / f"{kind}-{key}.json"
    tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with open(tmp, "w", encoding="utf-8") as fh:
            json.dump(value, fh, ensure_ascii=False)
        os.replace(tmp, path)  # readers see the old entry or the whole new one
    except OSError:
        _remove(tmp)
        return
    for stale in _by_last_use(folder.glob(f"{kind}-*.json"))[KEEP:]:  # inputs long since changed
        if stale != path:
            _remove(stale)


def _by_last_use(paths) -> list[Path]:
    dated = []
    for path in paths:
        try:
            dated.append((path.stat().st_mtime_ns, path))
        except OSError:
            pass
    return [path for _, path in sorted(dated, key=lambda d: d[0], reverse=True)]


def _touch(path: Path) -> None:
    try:
        os.utime(path)
    except OSError:
        pass


def _remove(path: Path) -> None:
    try:
        path.unlink()
    except OSError:
        pass
