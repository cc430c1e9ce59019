"""The classifier's background loading: awaited lazily, safe across fork."""

from __future__ import annotations

import os
import threading

import pytest

from hypecheck.engine import _Background


def test_result_waits_and_reraises():
    gate = threading.Event()
    job = _Background(lambda: (gate.wait(5), 42)[1])
    gate.set()
    assert job.result() == 42

    def boom():
        raise ValueError("no model")

    with pytest.raises(ValueError, match="no model"):
        _Background(boom).result()


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork")
def test_a_child_forked_before_the_thread_finished_runs_the_function_itself():
    gate = threading.Event()
    parent = os.getpid()
    # the parent's thread waits for the gate; the child must not wait for anything
    job = _Background(lambda: (os.getpid() == parent and gate.wait(5), os.getpid())[1])
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: the parent's thread does not exist here
        try:
            os.write(write, str(job.result()).encode())
        finally:
            os._exit(0)
    os.close(write)
    child_value = int(os.read(read, 64) or b"0")
    os.waitpid(pid, 0)
    gate.set()
    assert child_value == pid
    assert job.result() == os.getpid()
