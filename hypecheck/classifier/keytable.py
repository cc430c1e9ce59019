"""An exact uint64 key -> column table for whole arrays of keys, in numpy (the TF-IDF
scorers of ``features`` find their n-grams' columns with it)."""

from __future__ import annotations

import numpy as np


class KeyTable:
    """Exact uint64 key -> column lookup for whole arrays of keys: an open-addressing
    hash table (multiplicative hash, linear probing, load factor <= 1/4) in numpy.
    A lookup is one gather for most keys; the few that collided probe again."""

    _MULT = np.uint64(0x9E3779B97F4A7C15)  # 2^64 / golden ratio (Fibonacci hashing)

    def __init__(self, keys: np.ndarray):
        keys = np.asarray(keys, dtype=np.uint64)
        bits = max(4, (4 * len(keys)).bit_length())
        self._shift = np.uint64(64 - bits)
        self._mask = np.int64((1 << bits) - 1)
        self._keys = np.zeros(1 << bits, dtype=np.uint64)
        self._cols = np.full(1 << bits, -1, dtype=np.int32)  # -1: empty slot
        todo, slot = np.arange(len(keys)), self._slot(keys)
        while len(todo):  # each round, the first key aiming at each free slot takes it
            free = self._cols[slot] < 0
            taken, first = np.unique(slot[free], return_index=True)
            won = todo[free][first]
            self._keys[taken], self._cols[taken] = keys[won], won
            lost = np.ones(len(todo), dtype=bool)
            lost[np.flatnonzero(free)[first]] = False
            todo, slot = todo[lost], (slot[lost] + 1) & self._mask

    def _slot(self, keys: np.ndarray) -> np.ndarray:
        return ((keys * self._MULT) >> self._shift).astype(np.int64)

    def lookup(self, keys: np.ndarray) -> np.ndarray:
        """Column of each key, -1 where the key is not in the table."""
        keys = np.asarray(keys, dtype=np.uint64)
        slot = self._slot(keys)
        cols = self._cols[slot]
        out = np.where(self._keys[slot] == keys, cols, -1)  # -1 also where the slot is empty
        todo = np.flatnonzero((out < 0) & (cols >= 0))  # the slot holds another key: probe on
        slot = slot[todo]
        while len(todo):
            slot = (slot + 1) & self._mask
            cols = self._cols[slot]
            found = self._keys[slot] == keys[todo]
            out[todo[found]] = cols[found]
            more = ~found & (cols >= 0)
            todo, slot = todo[more], slot[more]
        return out
