"""The command line's start-up pauses garbage collection and freezes what it loaded."""

from __future__ import annotations

import gc

from hypecheck import startup


def test_no_collection_while_loading_then_thresholds_back_and_objects_frozen():
    before = gc.get_threshold()
    frozen = gc.get_freeze_count()
    try:
        with startup.loading():
            gc.enable()  # what spaCy's model loading does (srsly's msgpack reader)
            assert gc.get_threshold()[0] == 0  # still no automatic collection
            kept = [[i] for i in range(1000)]
        assert gc.get_threshold() == before
        assert gc.get_freeze_count() >= frozen + len(kept)
    finally:
        gc.unfreeze()
        gc.set_threshold(*before)


def test_thresholds_come_back_when_loading_fails():
    before = gc.get_threshold()
    try:
        with startup.loading():
            raise RuntimeError("model missing")
    except RuntimeError:
        pass
    finally:
        gc.unfreeze()
    assert gc.get_threshold() == before
