"""Forward chaining on durable_rules (the engine 'durable'), with the engine's hazards absorbed.

The reasoner talks to durable's C functions directly (no Host, no Python actions inside the
engine, no background threads): it asserts precomputed fact texts, reads the names of the rules
that became ready, and completes them. What a fired rule concludes is recorded here, and the
facts it derives are queued and asserted in turn until nothing new comes (chaining). The facts
of one wave (the inputs, then what the previous wave derived) go to each ruleset in one
`assert_facts` call: durable then reports one code for the whole batch, which is safe because
every text the compiler prepares for a ruleset meets a pattern of it (so durable stores it) and
no text is sent twice in a consultation. A consultation ends with an end marker that fires a
no-op rule in every ruleset (proof that durable still hands out actions); then every fact it
asserted is retracted in one `retract_facts` call, so the one session per ruleset is empty
again for the next consultation (creating a session costs durable memory for every node of
the network, so it is made once). One lock serialises consultations. Any fault, in durable or
in handling a fired rule, becomes an EngineError; after a fault in durable the sessions are
discarded and made anew.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
import os
import threading
import weakref
from typing import Any

import durable_rules_engine as _dre

from ..errors import EngineError
from ..model.rules import Regel
from .compile import END_ACTION, SID, START_KEY, CompiledBase
from .inference import Inference, settle

__all__ = ["Inference", "Reasoner"]

_names = itertools.count()
_OK, _NOT_HANDLED, _OBSERVED = 0, 1, 2


class _Route:
    """Where a number key goes: its normaliser (the value's band) and, per ruleset that reads the
    key, the texts worth asserting by band."""

    __slots__ = ("norm", "targets")

    def __init__(self, norm: Any, targets: list[tuple[int, dict[Any, str]]]):
        self.norm = norm
        self.targets = targets


# Every live reasoner, so that a fork waits for the consultations under way: a child made while another
# thread holds a reasoner's lock would inherit it held (its first consultation would wait for ever), and
# durable's sessions half-way through a consultation.
_LIVE: weakref.WeakSet[Reasoner] = weakref.WeakSet()
_HELD: list[threading.Lock] = []


def _before_fork() -> None:
    locks = sorted((r._lock for r in list(_LIVE)), key=id)  # one order for every fork: no deadlock between two
    for lock in locks:
        lock.acquire()
    _HELD[:] = locks


def _after_fork() -> None:  # in the parent and in the child alike
    locks = list(_HELD)
    _HELD.clear()
    for lock in locks:
        lock.release()


if hasattr(os, "register_at_fork"):  # POSIX only; Windows has no fork
    os.register_at_fork(before=_before_fork, after_in_parent=_after_fork, after_in_child=_after_fork)


class Reasoner:
    def __init__(self, compiled: CompiledBase):
        self.compiled = compiled
        self._lock = threading.Lock()
        tag = next(_names)
        self._names = [f"{cset.name}_{tag}" for cset in compiled.sets]
        self._handles: list[int] = []
        derives = [[(c.afleiden.feit, c.afleiden.waarde) for c in cr.rule.dan if c.afleiden is not None]
                   for cr in compiled.rules]
        # action name -> (rule, term, internal key it asserts or None, what the rule derives, the rule when dated)
        self._actions: dict[str, tuple[int, int, str | None, list[tuple[str, Any]], Regel | None]] = {
            name: (ri, ti, compiled.chained.get(name), derives[ri],
                   rule if (rule := compiled.rules[ri].rule).geldig_vanaf is not None or rule.geldig_tot is not None
                   else None)
            for name, (ri, ti) in compiled.actions.items()
        }
        routes: dict[str, list[tuple[int, dict[Any, str]]]] = {}
        for n, cset in enumerate(compiled.sets):
            for key, table in cset.facts.items():
                if table:
                    routes.setdefault(key, []).append((n, table))
        # any other key: (key, is bool, value) -> the (ruleset, text) pairs to assert, one look-up per value
        self._facts: dict[tuple[str, bool, Any], tuple[tuple[int, str], ...]] = {}
        self._numbers: dict[str, _Route] = {}
        for key, targets in routes.items():
            code = compiled.codes[key]
            if code.numeric:
                self._numbers[key] = _Route(code.norm, targets)
                continue
            pairs: dict[tuple[bool, Any], list[tuple[int, str]]] = {}
            for n, table in targets:
                for norm, text in table.items():
                    if norm is not None:  # 'a value outside the domain': KeyCode.norm never gives it
                        pairs.setdefault(norm, []).append((n, text))
            self._facts.update({(key, *norm): tuple(found) for norm, found in pairs.items()})
        self._end = [cset.end_fact for cset in compiled.sets]
        self._asserted: list[list[str]] = [[] for _ in compiled.sets]
        self._start = (START_KEY, True, True) in self._facts
        self._closed = False
        try:
            for name, cset in zip(self._names, compiled.sets, strict=True):
                self._handles.append(_dre.create_ruleset(name, cset.text))
        except Exception as exc:
            _free(list(self._handles), [False] * len(self._handles), self._end)
            raise EngineError(f"de regelbasis kon niet in de regelmachine worden geladen: {exc}") from exc
        self._live = [False] * len(self._handles)  # does the ruleset hold a session now?
        self._finalizer = weakref.finalize(self, _free, self._handles, self._live, self._end)
        self._finalizer.atexit = False
        _LIVE.add(self)

    # -- one consultation -------------------------------------------------------------------
    def run(self, keys: dict[str, Any], day: dt.date) -> Inference:
        with self._lock:
            if self._closed:
                raise EngineError("deze regelbasis is gesloten")
            result = Inference()
            errors: list[str] = []
            try:
                self._consult(keys, day, result, errors)
            except _dre.error as exc:
                self._reset()
                raise EngineError(f"de regelmachine faalde: {exc}") from None
            except BaseException:
                self._reset()
                raise
            if errors:
                raise EngineError("fout tijdens het redeneren: " + "; ".join(errors))
            return settle(result, keys)

    def _consult(self, keys: dict[str, Any], day: dt.date, result: Inference, errors: list[str]) -> None:
        queue: list[tuple[str, Any]] = [(START_KEY, True)] if self._start else []
        queue.extend(sorted(keys.items()))
        seen: set[tuple[str, bool, Any]] = set()
        fired: set[tuple[int, int]] = set()
        handles, asserted, live, actions = self._handles, self._asserted, self._live, self._actions
        facts, numbers = self._facts, self._numbers
        sent = [set[str]() for _ in handles]  # two values of a key may share a fact (one band, one 'other')
        assert_facts, start, complete = _dre.assert_facts, _dre.start_action_for_state, _dre.complete_and_start_action
        i = 0
        while i < len(queue):
            # one wave: gather everything queued, assert it in one call per ruleset, then let each fire
            end = len(queue)
            batch: dict[int, list[str]] = {}
            while i < end:
                key, value = queue[i]
                i += 1
                ident = (key, isinstance(value, bool), value)
                if ident in seen:
                    continue
                seen.add(ident)
                if key[0] != "$":
                    result.keys.setdefault(key, value)
                found = facts.get(ident)
                if found is None:
                    route = numbers.get(key)
                    if route is None:
                        continue
                    norm = route.norm(value)
                    found = tuple((n, text) for n, table in route.targets if (text := table.get(norm)) is not None)
                for n, text in found:
                    if text not in sent[n]:
                        sent[n].add(text)
                        batch.setdefault(n, []).append(text)
            for n in sorted(batch):
                texts = batch[n]
                live[n] = True
                asserted[n].extend(texts)  # before the call: if durable fails halfway, _reset still empties it
                # every text is new in the session and matches a pattern here (compile keeps no other),
                # so durable stores each one; the code it returns is that of the last fact
                h = handles[n]
                _code, state = assert_facts(h, "[" + ",".join(texts) + "]")
                ready = start(h, state)
                message = ready[1] if ready is not None else None
                while message is not None:  # what a fired rule means: this loop runs for every firing
                    name = message[2:message.index('"', 2)]
                    try:
                        ri, ti, link, derives, dated = actions[name]
                        if link is not None:  # first half of a long term: assert the internal key
                            queue.append((link, True))
                        elif (ri, ti) not in fired:
                            fired.add((ri, ti))
                            if dated is not None and not dated.valid_on(day):
                                result.skipped.append(ri)
                            else:
                                queue.extend(result.record(ri, ti, derives))
                    except Exception as exc:
                        errors.append(f"regel {name}: {exc!r}")
                    message = complete(h, state)
        assert_fact = _dre.assert_fact
        for n, text in enumerate(self._end):
            live[n] = True
            code, state = assert_fact(handles[n], text)
            ended = False
            if code == _OK:
                asserted[n].append(text)
                ready = start(handles[n], state)
                message = ready[1] if ready is not None else None
                while message is not None:
                    name = message[2:message.index('"', 2)]
                    ended = ended or name == END_ACTION
                    if name != END_ACTION:  # pragma: no cover - the end marker meets its own rule only
                        errors.append(f"regel {name} werd pas na het einde klaar")
                    message = complete(handles[n], state)
            if not ended:
                raise EngineError(f"de regelmachine sloot ruleset {n} niet af (code {code})")
        retract_facts = _dre.retract_facts
        for n, texts in enumerate(asserted):
            if texts:
                retract_facts(handles[n], "[" + ",".join(texts) + "]")
                texts.clear()

    def _reset(self) -> None:
        """After a fault: throw the sessions away; durable makes a new one on the next assert."""
        for n, h in enumerate(self._handles):
            self._asserted[n].clear()
            if self._live[n]:
                _end_and_delete(h, self._end[n])
                self._live[n] = False

    def leftover_facts(self) -> list[Any]:
        """Facts still in the engine between consultations (there should be none)."""
        with self._lock:
            out: list[Any] = []
            for n, h in enumerate(self._handles):
                if self._live[n]:
                    out.extend(f for f in json.loads(_dre.get_facts(h, SID)) if "$s" not in f)
            return out

    def close(self) -> None:
        """Free the rulesets and their sessions (durable keeps them until asked)."""
        with self._lock:
            self._closed = True
            self._finalizer()


def _end_and_delete(handle: int, end_text: str) -> None:
    # durable can crash deleting a session in which no rule ever fired: fire the end marker first
    try:
        code, state = _dre.assert_fact(handle, end_text)
        if code == _OK:
            ready = _dre.start_action_for_state(handle, state)
            message = ready[1] if ready is not None else None
            while message is not None:
                message = _dre.complete_and_start_action(handle, state)
        _dre.delete_state(handle, SID)
    except _dre.error:  # pragma: no cover - a session durable cannot delete is left to the ruleset
        pass


def _free(handles: list[int], live: list[bool], end: list[str]) -> None:
    for n, h in enumerate(handles):
        if n < len(live) and live[n]:
            _end_and_delete(h, end[n])
        try:
            _dre.delete_ruleset(h)
        except _dre.error:  # pragma: no cover
            pass
    handles.clear()
    live.clear()
