"""Values worked out once per knowledge base and kept while it lives (which activities serve a goal,
where a plan edge is written): the same few come back in every consultation.

A knowledge base is a dataclass that compares by value, so it cannot be a dict key; the store is
keyed by its identity, checked through a weak reference, and dropped when the base is freed.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable
from typing import Any, TypeVar

from ..model.kennisbank import Kennisbank

T = TypeVar("T")

_stores: dict[int, tuple[weakref.ref[Kennisbank], dict[str, Any]]] = {}


def store(kb: Kennisbank) -> dict[str, Any]:
    """The cache of `kb`: name -> value, empty the first time."""
    found = _stores.get(id(kb))
    if found is None or found[0]() is not kb:
        found = _stores[id(kb)] = (weakref.ref(kb), {})
        weakref.finalize(kb, _stores.pop, id(kb), None)
    return found[1]


def once(kb: Kennisbank, name: str, make: Callable[[Kennisbank], T]) -> T:
    """`make(kb)`, worked out on the first call for this knowledge base."""
    cache = store(kb)
    if name not in cache:
        cache[name] = make(kb)
    return cache[name]  # type: ignore[no-any-return]
