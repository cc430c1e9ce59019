"""The process's entry point: Ctrl-C at any moment of start-up is one line and exit 130.

Python's own SIGINT handler raises KeyboardInterrupt wherever the main thread is: inside
an import (a traceback), inside a class being created (wrapped in a RuntimeError, so exit
3), or inside click, which turns it into a silent exit. Until a command installs its own
handler (a folder run does, to keep the rows already written), Ctrl-C just stops the
process: nothing has been written that could be left half done.
"""

from __future__ import annotations

import os
import signal

INTERRUPTED = 130  # ExitCode.INTERRUPTED, without importing anything first


def _interrupted(signum, frame) -> None:
    try:
        os.write(2, b"hypecheck: interrupted\n")
    finally:
        os._exit(INTERRUPTED)


def install() -> None:
    import threading

    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGINT, _interrupted)


def main() -> None:
    install()
    from .cli import main as run

    run()
