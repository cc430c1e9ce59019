"""Start-up of a command-line run: load without collecting garbage, and import spaCy
without its own command line.

Loading spaCy and the pipeline creates a few hundred thousand objects that live for the
whole run, and no garbage. The collector would walk them again and again while they are
made (80-90 ms of a one-article run, more than all of hypecheck's own start-up work); so
collection pauses while they load, and they are then frozen out of later collections.
A process-wide setting, so the command line uses it and the library does not.
"""

from __future__ import annotations

import gc
import sys
from collections.abc import Iterator
from contextlib import contextmanager

# spaCy's package imports its command line (``spacy.cli``: weasel, requests, httpx and
# every training command) only to offer ``spacy.info``; a pipeline loads without it.
_SPACY_CLI = ("spacy.cli", "spacy.cli.info")


@contextmanager
def loading() -> Iterator[None]:
    # A zero threshold rather than gc.disable(): spaCy's model loading (srsly's msgpack
    # reader) calls gc.enable() whatever the state was.
    thresholds = gc.get_threshold()
    gc.set_threshold(0)
    try:
        import_spacy()
        yield
    finally:
        gc.freeze()
        gc.set_threshold(*thresholds)


def import_spacy() -> None:
    """Import spaCy, its command line left out: about 290 modules and a tenth of a second
    of every cold start (benchmarks/profile_cold.py). While spaCy's package runs, stand-ins
    take the place of ``spacy.cli`` and ``spacy.cli.info``; they are gone from
    ``sys.modules`` after it, so ``import spacy.cli`` still gives the real one, and
    ``spacy.info`` imports the real function when it is called. Nothing happens when
    spaCy is imported already."""
    import types

    if "spacy" in sys.modules or any(name in sys.modules for name in _SPACY_CLI):
        return
    stand_ins = {name: types.ModuleType(name) for name in _SPACY_CLI}
    stand_ins["spacy.cli"].__path__ = []  # a package, so that spacy.cli.info is found in sys.modules
    stand_ins["spacy.cli.info"].info = _spacy_info
    sys.modules.update(stand_ins)
    try:
        import spacy  # noqa: F401
    finally:
        for name, module in stand_ins.items():
            if sys.modules.get(name) is module:
                del sys.modules[name]


def _spacy_info(*args, **kwargs):
    """``spacy.info``: spaCy's own, imported when it is called."""
    from spacy.cli.info import info

    return info(*args, **kwargs)
