"""A small bounded memo: the most recently used answers, kept per key, safe to share between threads.

The open questions of a profile cost more than the rest of its advice, and the same profile comes
back often: the intake asks again after every answer, a page shows an advice again, a client polls.
They depend on nothing but the flattened facts and the day (the rule base of an `Adviseur` never
changes), so `Adviseur.raadpleeg` keeps them here. A value must not be changed after it is stored.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

V = TypeVar("V")


class Memo(Generic[V]):
    """At most `size` values; the least recently used goes first. `size` 0 keeps nothing."""

    def __init__(self, size: int):
        self.size = size
        self._data: OrderedDict[Hashable, V] = OrderedDict()
        self._lock = threading.Lock()
        self.hits = self.misses = 0

    def get(self, key: Hashable, make: Callable[[], V]) -> V:
        """The value stored for `key`, or `make()` (computed outside the lock, then stored)."""
        if self.size <= 0:  # keeps nothing, and answers nothing it kept before
            return make()
        with self._lock:
            if key in self._data:
                self._data.move_to_end(key)
                self.hits += 1
                return self._data[key]
            self.misses += 1
        value = make()
        with self._lock:
            self._data[key] = value
            self._data.move_to_end(key)
            while len(self._data) > self.size:
                self._data.popitem(last=False)
        return value

    def __len__(self) -> int:
        return len(self._data)
