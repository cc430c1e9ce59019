"""Exit codes and the errors the library raises for the CLI to turn into one line."""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    OK = 0  # analysis done (findings or not)
    ABOVE_THRESHOLD = 1  # a score was above --fail-above
    USAGE = 2  # bad arguments or unreadable input
    INTERNAL = 3  # a bug in hypecheck
    INTERRUPTED = 130  # Ctrl-C


class HypecheckError(Exception):
    """Base class: the message is one line a user can act on."""

    exit_code = ExitCode.USAGE


class InputError(HypecheckError):
    """The input cannot be analysed: missing, binary, undecodable, empty, too large."""


class ConfigError(HypecheckError):
    """A rule file, configuration file or option has a wrong key or value."""
