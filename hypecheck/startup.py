"""Start-up of a command-line run: load without collecting garbage.

Loading spaCy and the pipeline creates a few hundred thousand objects that live for the
whole run, and no garbage. The collector would walk them again and again while they are
made (80-90 ms of a one-article run, more than all of hypecheck's own start-up work); so
collection pauses while they load, and they are then frozen out of later collections.
A process-wide setting, so the command line uses it and the library does not.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def loading() -> Iterator[None]:
    # A zero threshold rather than gc.disable(): spaCy's model loading (srsly's msgpack
    # reader) calls gc.enable() whatever the state was.
    thresholds = gc.get_threshold()
    gc.set_threshold(0)
    try:
        yield
    finally:
        gc.freeze()
        gc.set_threshold(*thresholds)
