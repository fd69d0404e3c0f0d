"""Forward chaining on durable_rules, with the engine's hazards absorbed.

One Host per rule base, its background threads off, one lock around each consultation. A
consultation asserts the input facts one at a time, queues the facts that fired rules derive
and asserts those in turn until nothing new comes (chaining), then asserts an end marker and
deletes its session, so nothing stays behind. Errors inside actions become EngineError.
"""

from __future__ import annotations

import datetime as dt
import itertools
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from durable.engine import Host, MessageNotHandledException, MessageObservedException

from .compile import END_ACTION, END_KEY, START_KEY, CompiledBase
from .errors import EngineError

_names = itertools.count()


@dataclass
class Inference:
    """What fired, and the facts derived on the way (with the rule that derived each)."""

    fired: list[tuple[int, int]] = field(default_factory=list)
    derived: dict[str, list[tuple[Any, int]]] = field(default_factory=dict)
    skipped: list[int] = field(default_factory=list)  # rules that matched but are not valid on the day
    keys: dict[str, Any] = field(default_factory=dict)  # every key asserted, input and derived


class _Host(Host):
    def __init__(self, actions: dict[str, Callable[[Any], None]]):
        self._actions_by_name = actions
        super().__init__()

    def get_action(self, action_name: str) -> Callable[[Any], None]:
        return self._actions_by_name[action_name]

    def _run(self) -> None:  # no background dispatch threads: everything runs in the caller
        return None


class _Consultation:
    __slots__ = ("result", "queue", "seen", "day", "errors")

    def __init__(self, day: dt.date):
        self.result = Inference()
        self.queue: list[tuple[str, Any]] = []
        self.seen: set[str] = set()
        self.day = day
        self.errors: list[str] = []


class Reasoner:
    def __init__(self, compiled: CompiledBase):
        self.compiled = compiled
        self._lock = threading.Lock()
        self._current: _Consultation | None = None
        self._sid = itertools.count()
        actions: dict[str, Callable[[Any], None]] = {END_ACTION: _noop}
        for name, (ri, ti) in compiled.actions.items():
            actions[name] = self._make_action(ri, ti)
        self._host = _Host(actions)
        self._sets = []
        tag = next(_names)
        for cset in compiled.sets:
            name = f"{cset.name}_{tag}"
            self._host.register_rulesets({name: _deep_copy(cset.definition)})
            self._sets.append((name, cset.keys))
        self._rule_derives = [
            [(c.afleiden.feit, c.afleiden.waarde) for c in cr.rule.dan if c.afleiden is not None]
            for cr in compiled.rules
        ]

    def _make_action(self, ri: int, ti: int) -> Callable[[Any], None]:
        rule = self.compiled.rules[ri].rule
        dated = rule.geldig_vanaf is not None or rule.geldig_tot is not None

        def action(_c: Any) -> None:
            cons = self._current
            if cons is None:
                return
            try:
                if dated and not rule.valid_on(cons.day):
                    cons.result.skipped.append(ri)
                    return
                cons.result.fired.append((ri, ti))
                for name, value in self._rule_derives[ri]:
                    cons.result.derived.setdefault(name, [])
                    if (value, ri) not in cons.result.derived[name]:
                        cons.result.derived[name].append((value, ri))
                    cons.queue.append((name, value))
            except Exception as exc:  # pragma: no cover - defensive: surfaced as EngineError below
                cons.errors.append(f"regel '{rule.id}': {exc!r}")

        return action

    def run(self, keys: dict[str, Any], day: dt.date) -> Inference:
        with self._lock:
            cons = _Consultation(day)
            self._current = cons
            sid = str(next(self._sid))
            try:
                cons.queue.append((START_KEY, True))
                cons.queue.extend(sorted(keys.items()))
                i = 0
                while i < len(cons.queue):
                    key, value = cons.queue[i]
                    i += 1
                    ident = f"{key}\x00{value!r}"
                    if ident in cons.seen:
                        continue
                    cons.seen.add(ident)
                    if key != START_KEY:
                        cons.result.keys.setdefault(key, value)
                    fact = {"sid": sid, "k": key, "v": value} if not key.startswith("?") else {"sid": sid, "k": key}
                    for name, wanted in self._sets:
                        if key in wanted:
                            self._assert(name, fact)
                for name, _ in self._sets:
                    self._assert(name, {"sid": sid, "k": END_KEY})
            finally:
                for name, _ in self._sets:
                    try:
                        self._host.delete_state(name, sid)
                    except Exception:  # pragma: no cover
                        pass
                self._current = None
            if cons.errors:
                raise EngineError("fout tijdens het redeneren: " + "; ".join(cons.errors))
            return cons.result

    def _assert(self, ruleset: str, fact: dict[str, Any]) -> None:
        try:
            self._host.assert_fact(ruleset, fact)
        except (MessageNotHandledException, MessageObservedException):
            pass
        except Exception as exc:
            raise EngineError(f"de regelmachine weigerde feit '{fact.get('k')}': {exc}") from exc

    def close(self) -> None:
        import durable_rules_engine

        for name, _ in self._sets:
            ruleset = self._host._ruleset_directory.get(name)
            if ruleset is not None:
                durable_rules_engine.delete_ruleset(ruleset._handle)
        self._sets = []


def _noop(_c: Any) -> None:
    return None


def _deep_copy(definition: dict[str, Any]) -> dict[str, Any]:
    import copy

    return copy.deepcopy(definition)
