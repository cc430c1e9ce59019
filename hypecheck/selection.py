"""Which files a run scores: folders walked, glob patterns expanded, --include/--exclude.

Folders are walked recursively and sorted, following symlinks; hidden names are skipped
unless asked; symlink loops, broken links and unreadable folders become entries with an
error (rows later), never a failure of the run. Patterns are gitignore patterns, matched
by ``pathspec`` against the path below the folder given (a pattern without "/" matches a
name at any depth; a trailing "/" matches folders only; "!" re-includes).
"""

from __future__ import annotations

import errno
import glob
import os
import re
import stat
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from .errors import InputError
from .formats.url import is_url

# What hypecheck reads when it walks a folder; .jsonl and .parquet files hold many
# documents (.csv/.tsv corpora are read when named or included: a folder's CSV files are
# as often results, hypecheck's own among them).
TEXT_SUFFIXES = (".txt", ".md", ".markdown", ".html", ".htm", ".jsonl", ".parquet")
_GLOB_CHARS = re.compile(r"[*?\[]")

SKIP_REASONS = {
    "type": "not a text type (see --include)",
    "hidden": "hidden (see --hidden)",
    "excluded": "excluded by --exclude",
}


def has_glob(arg: str) -> bool:
    return bool(_GLOB_CHARS.search(arg))


def is_batch(args: Sequence[str]) -> bool:
    """Several inputs, a folder or a glob pattern: score file by file, one row each."""
    if len(args) > 1:
        return True
    if not args or args[0] == "-" or is_url(args[0]):
        return False
    arg = args[0]
    return os.path.isdir(arg) or (has_glob(arg) and not os.path.lexists(arg))


@dataclass(frozen=True)
class Entry:
    """One file to score, or a problem found while walking (``error`` set)."""

    path: str
    error: str | None = None
    row_groups: tuple[int, ...] | None = None  # of a Parquet file: only these (a --dask task)


@dataclass
class Selection:
    entries: list[Entry]
    skipped: Counter = field(default_factory=Counter)  # reason -> number of files

    @property
    def files(self) -> int:
        return len(self.entries)


class Filter:
    """--include (files only; default: the text suffixes), --exclude (files and folders), --hidden."""

    def __init__(self, include: Sequence[str] = (), exclude: Sequence[str] = (), hidden: bool = False) -> None:
        self.include = _spec(include)
        self.exclude = _spec(exclude)
        self.hidden = hidden

    def excluded(self, rel: str, folder: bool = False) -> bool:
        return self.exclude is not None and self.exclude.match_file(rel + "/" if folder else rel)

    def wanted(self, rel: str) -> bool:
        if self.include is not None:
            return self.include.match_file(rel)
        return rel.lower().endswith(TEXT_SUFFIXES)


def _spec(patterns: Sequence[str]):
    if not patterns:
        return None
    import pathspec  # lazy: start-up time (~50 ms), and only --include/--exclude need it

    return pathspec.GitIgnoreSpec.from_lines(patterns)


def select(
    args: Sequence[str],
    include: Sequence[str] = (),
    exclude: Sequence[str] = (),
    hidden: bool = False,
) -> Selection:
    """The files to score, sorted by path. Files named literally are always scored;
    files found in folders or by a glob pattern go through the type and name filters."""
    filt = Filter(include, exclude, hidden)
    found: dict[str, Entry] = {}
    skipped: Counter = Counter()

    def add(entry: Entry) -> None:
        found.setdefault(entry.path, entry)

    for arg in args:
        if not arg:
            raise InputError("an empty path was given ('')")
        if arg == "-" or is_url(arg):
            add(Entry(arg))
        elif os.path.isdir(arg):
            walk(arg, filt, add, skipped)
        elif os.path.lexists(arg) or not has_glob(arg):
            add(Entry(arg))  # a missing or unreadable file becomes a row with its error
        else:
            matches = sorted(glob.glob(arg, recursive=True, include_hidden=hidden))
            if not matches:  # a mistyped pattern must not pass silently (in CI above all)
                raise InputError(f"no file matches the pattern {arg!r}")
            for match in matches:
                if os.path.isdir(match):
                    walk(match, filt, add, skipped)
                elif filt.excluded(match):
                    skipped["excluded"] += 1
                elif filt.wanted(match):
                    add(Entry(match))
                else:
                    skipped["type"] += 1
    entries = sorted(found.values(), key=lambda e: _sort_key(e.path))
    return Selection(entries, skipped)


def _sort_key(path: str) -> tuple[str, ...]:
    return tuple(path.split(os.sep))


def _join(top: str, name: str) -> str:
    return name if top in (".", "./") else os.path.join(top, name)


def walk(root: str, filt: Filter, add: Callable[[Entry], None], skipped: Counter) -> None:
    """Depth-first walk following symlinks; a link back to an ancestor is a loop."""
    try:
        st = os.stat(root)
    except OSError as exc:
        add(Entry(root, _os_message(exc)))
        return
    stack = [(root, "", frozenset({(st.st_dev, st.st_ino)}))]
    while stack:
        top, rel_top, ancestors = stack.pop()
        try:
            with os.scandir(top) as it:
                children = list(it)
        except OSError as exc:
            add(Entry(top, f"cannot list the folder ({exc.strerror or exc})"))
            continue
        for child in children:
            name = child.name
            path = _join(top, name)
            rel = f"{rel_top}/{name}" if rel_top else name
            if name.startswith(".") and not filt.hidden:
                skipped["hidden"] += 1
                continue
            try:
                cst = os.stat(child.path)  # follows symlinks
            except OSError as exc:
                if filt.excluded(rel):
                    skipped["excluded"] += 1
                elif filt.wanted(rel) or exc.errno == errno.ELOOP:
                    add(Entry(path, _os_message(exc, child)))
                else:
                    skipped["type"] += 1
                continue
            folder = stat.S_ISDIR(cst.st_mode)
            if filt.excluded(rel, folder):
                skipped["excluded"] += 1
            elif folder:
                key = (cst.st_dev, cst.st_ino)
                if key in ancestors:
                    target = os.readlink(child.path) if child.is_symlink() else path
                    add(Entry(path, f"symlink loop: it leads back to a folder above it ({target})"))
                    continue
                stack.append((path, rel, ancestors | {key}))
            elif stat.S_ISREG(cst.st_mode) and filt.wanted(rel):
                add(Entry(path))
            else:
                skipped["type"] += 1


def _os_message(exc: OSError, entry: os.DirEntry | None = None) -> str:
    if exc.errno == errno.ELOOP:
        return "symlink loop (too many levels of symbolic links)"
    if entry is not None and exc.errno == errno.ENOENT and entry.is_symlink():
        return f"broken symbolic link (it points to {os.readlink(entry.path)}, which does not exist)"
    if exc.errno == errno.ENOENT:
        return "no such file or folder"
    return f"cannot read ({exc.strerror or exc})"
