"""A small bounded memo: the most recently used answers, kept per key, safe to share between threads.

The open questions of a profile cost more than the rest of its advice, and the same profile comes
back often: the intake asks again after every answer, a page shows an advice again, a client polls.
They depend on nothing but the flattened facts and the day (the rule base of an `Adviseur` never
changes), so `Adviseur.raadpleeg` keeps them here. A value must not be changed after it is stored.

A batch of new files never asks the same profile twice. Keeping their answers then only costs:
every value is hundreds of objects the garbage collector follows, and a full collection comes
twice as often. So when a whole window of look-ups (WINDOW, or the size when larger) found
nothing, the memo keeps only one new value in SAMPLE until a window finds something again; what
it keeps meanwhile is what lets it notice that profiles come back. Keeping or not changes no
answer, only the time it takes.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

V = TypeVar("V")

WINDOW = 256  # look-ups per window (at least the size)
SAMPLE = 16  # while no look-up finds anything: keep one new value in this many


class Memo(Generic[V]):
    """At most `size` values; the least recently used goes first. `size` 0 keeps nothing."""

    def __init__(self, size: int):
        self.size = size
        self._data: OrderedDict[Hashable, V] = OrderedDict()
        self._lock = threading.Lock()
        self.hits = self.misses = 0
        self._seen = 0  # look-ups in this window
        self._found = 0  # hits in this window
        self._keeping = True  # whether every new value is kept (see the module text)

    def get(self, key: Hashable, make: Callable[[], V]) -> V:
        """The value stored for `key`, or `make()` (computed outside the lock, then stored)."""
        if self.size <= 0:  # keeps nothing, and answers nothing it kept before
            return make()
        with self._lock:
            found = key in self._data
            if found:
                self._data.move_to_end(key)
                self.hits += 1
                self._found += 1
            else:
                self.misses += 1
                keep = self._keeping or self.misses % SAMPLE == 0
            self._seen += 1
            if self._seen >= max(WINDOW, self.size):  # a window ends: keep everything while look-ups find something
                self._keeping = self._found > 0
                self._seen = self._found = 0
            if found:
                return self._data[key]
        value = make()
        if keep:
            with self._lock:
                self._data[key] = value
                self._data.move_to_end(key)
                while len(self._data) > self.size:
                    self._data.popitem(last=False)
        return value

    def __len__(self) -> int:
        return len(self._data)
