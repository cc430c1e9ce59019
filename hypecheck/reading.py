"""Reading bytes from files and standard input with the size limit enforced while reading.

A size on disk says nothing about /dev/zero, /dev/urandom, a FIFO or a pipe: they are
read until the limit plus one byte and no further, so no input can exhaust memory. A
failed open is described by what went wrong (a symlink loop, a broken link, a file
where a folder was expected...), never a blanket "no such file".
"""

from __future__ import annotations

import errno
import os
import stat
import sys
from typing import BinaryIO

from .errors import InputError

# The one size limit every reader, corpus and frame defaults to (--max-bytes).
DEFAULT_MAX_BYTES = 5_000_000

STDIN_NAME = "<stdin>"
_CHUNK = 1 << 16


def os_error_message(exc: OSError, path: str) -> str:
    """What went wrong when opening or reading ``path``, without the path itself."""
    code = exc.errno
    if code == errno.ELOOP:
        return "symlink loop (too many levels of symbolic links)"
    if code == errno.ENOENT:
        if os.path.islink(path):
            return f"broken symbolic link (it points to {os.readlink(path)}, which does not exist)"
        return "no such file"
    if code == errno.ENAMETOOLONG:
        return "file name too long"
    if code == errno.ENOTDIR:
        return "a part of the path is a file, not a folder"
    if code == errno.EACCES:
        return "permission denied"
    return f"cannot read ({exc.strerror or exc})"


def over_limit(name: str, max_bytes: int, size: int | None = None) -> InputError:
    if name == STDIN_NAME:
        return InputError(f"standard input is over the {max_bytes:,}-byte limit (raise it with --max-bytes)")
    if size is not None:
        return InputError(
            f"{name}: {size:,} bytes is over the size limit of {max_bytes:,} bytes (raise it with --max-bytes)"
        )
    return InputError(f"{name}: over the size limit of {max_bytes:,} bytes (raise it with --max-bytes)")


def open_file(path: str) -> BinaryIO:
    """Open a file for reading, or raise InputError saying why it cannot be read."""
    if not path:
        raise InputError("an empty path was given ('')")
    try:
        fh = open(path, "rb")  # noqa: SIM115 - the caller closes it
    except IsADirectoryError:
        raise InputError(f"{path}: is a directory, expected a file") from None
    except OSError as exc:
        raise InputError(f"{path}: {os_error_message(exc, path)}") from None
    except ValueError:  # a NUL byte in the name
        raise InputError(f"{path!r}: not a valid file name") from None
    try:
        if stat.S_ISDIR(os.fstat(fh.fileno()).st_mode):
            raise InputError(f"{path}: is a directory, expected a file")
    except BaseException:
        fh.close()
        raise
    return fh


def read_limited(fh: BinaryIO, name: str, max_bytes: int) -> bytes:
    """At most ``max_bytes`` bytes of ``fh``, or InputError when there are more."""
    size = None
    try:
        st = os.fstat(fh.fileno())
        if stat.S_ISREG(st.st_mode):
            size = st.st_size
    except (OSError, ValueError, AttributeError):
        pass
    if size is not None and size > max_bytes:
        raise over_limit(name, max_bytes, size)
    parts: list[bytes] = []
    total = 0
    try:
        while total <= max_bytes:
            chunk = fh.read(min(_CHUNK, max_bytes + 1 - total))
            if not chunk:
                break
            parts.append(chunk)
            total += len(chunk)
    except OSError as exc:
        raise InputError(f"{name}: cannot read ({exc.strerror or exc})") from None
    if total > max_bytes:
        # A regular file that grew while read has no honest size to quote.
        raise over_limit(name, max_bytes)
    return b"".join(parts)


def read_file(path: str, max_bytes: int) -> bytes:
    with open_file(path) as fh:
        return read_limited(fh, path, max_bytes)


def read_stdin(max_bytes: int) -> bytes:
    if sys.stdin is None:
        raise InputError("there is no standard input to read")
    return read_limited(sys.stdin.buffer, STDIN_NAME, max_bytes)


def stdin_identity() -> tuple[int, int] | None:
    """(st_dev, st_ino) of standard input when it is a regular file (``< file``), else None."""
    try:
        st = os.fstat(0)
    except OSError:
        return None
    return (st.st_dev, st.st_ino) if stat.S_ISREG(st.st_mode) else None
