"""Compile a checked rule base into durable_rules rulesets (once per process).

Each rule becomes one durable rule per term of its normalised condition (a few more when a
term tests a number, see below). The encoding is chosen so that durable's hard limits are never
met, whatever the size of the rule base:

- Every key (a fact, a list member, an 'unknown' marker) is its own fact, ``{"sid": …, "id": …,
  "p12": "v3"}``. A pattern tests that the property exists, then its value code, so the root of
  the Rete network branches once per key and each key's node once per value (durable hangs in
  create_ruleset when one node branches more than 512 ways).
- A set of values (``in``, ``niet_in``, …) is a property of its own that the fact carries when
  its value is in the set (``"p12s1": 1``): one shared node, where a disjunction or a regular
  expression would cost a node per rule (durable shares neither).
- A number is asserted as its band (the thresholds the rules use cut its range into bands) at
  every dyadic level; a range of bands is a few equality tests, and a number matches at most
  one test per level (durable fails when one fact matches more than 64 tests at once).
- Terms longer than durable's 16 facts per match are chained through an internal key.
- Durable rules are packed first-fit over as many rulesets as needed, so that no ruleset has
  more than 4,000 rules, 500 branches at one node, 240 rules on one identical condition or 40
  tests that one fact matches at once (durable: 4,096, 512, 256 and 64).

Everything the reasoner asserts is precomputed here as JSON text. Durable compares property
names and fact ids by their 32-bit FNV hash only, so every name and id is checked to be unique.
"""

from __future__ import annotations

import bisect
import json
import math
import re
import threading
import zlib
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import product
from typing import Any, cast

from ..errors import InputError, Problem
from ..model.facts import FactSpec, value_key
from ..model.rules import Regel, RuleBase
from .conditions import Literal, Term, literal_key, normalise

_ACTION = re.compile(r"r(\d+)t(\d+)")  # the start of every rule name _encode_durable gives (END_ACTION has none)
START_KEY = "$start"
END_KEY = "$klaar"
END_ACTION = "$klaar"
SID = "1"

MAX_ACTIONS_PER_SET = 4000     # durable: 4,096 rules per ruleset (error 106)
MAX_BRANCHES = 500             # durable: a node with 512 children fills its table and hangs create_ruleset
MAX_SHARED = 240               # durable: 256 rules linked to one identical condition (error 108)
MAX_MATCHED = 40               # durable: 64 tests matched by one fact at once (error 303)
MAX_PATTERNS = 15              # durable: 16 facts per match (error 304); longer terms are chained
MAX_EXPANSION = 256            # durable rules one term may become through its number ranges

Test = tuple[str, Any] | None   # ("eq", value) or None: the property exists
Pattern = tuple[str, Test]      # (property, test)


@dataclass(slots=True)  # one per rule: no instance dict (about 1 MB at 10,000 rules)
class CompiledRule:
    index: int
    rule: Regel
    terms: tuple[Term, ...]

    def keys(self) -> set[str]:
        return {literal_key(lit) for term in self.terms for lit in term} | ({START_KEY} if any(not t for t in self.terms) else set())


@dataclass
class KeyCode:
    """How one key is asserted: its property, the code of each value, its value sets or number bands."""

    key: str
    prop: str
    codes: dict[tuple[bool, Any], str] = field(default_factory=dict)   # (is bool, value) -> code
    sets: dict[frozenset[str], str] = field(default_factory=dict)      # set of codes -> its property
    bounds: tuple[int, ...] | None = None                              # numbers: band boundaries
    levels: int = 0

    @property
    def numeric(self) -> bool:
        return self.bounds is not None

    def norm(self, value: Any) -> Any:
        """The value as the reasoner looks it up: a band index for numbers, else (is bool, value)."""
        if self.bounds is not None:
            return bisect.bisect_right(self.bounds, value) if isinstance(value, int) and not isinstance(value, bool) else None
        return (isinstance(value, bool), value)

    def universe(self) -> list[Any]:
        """Every normalised value this key can be asserted with (numbers: every band)."""
        if self.bounds is not None:
            return list(range(len(self.bounds) + 1))
        return list(self.codes) + [None]  # None: a value outside the declared domain

    def properties(self, norm: Any, allowed: set[str] | frozenset[str]) -> dict[str, Any]:
        if self.bounds is not None:
            return {f"{self.prop}_{lv}": norm >> lv for lv in range(self.levels)}
        code = self.codes.get(norm, "x")
        out: dict[str, Any] = {self.prop: code}
        for members, prop in sorted(self.sets.items(), key=lambda s: s[1]):
            if code in members and prop in allowed:
                out[prop] = 1
        return out

    def ident(self, norm: Any) -> str:
        return f"{self.prop}b{norm}" if self.bounds is not None else f"{self.prop}.{self.codes.get(norm, 'x')}"


@dataclass(slots=True)  # one per durable rule while encoding (16,000 at 10,000 rules)
class DurableRule:
    name: str
    patterns: list[Pattern]
    ri: int                 # the rule it belongs to
    ti: int                 # its term
    link: str | None = None  # the internal key it asserts when it is the first part of a long term


@dataclass
class CompiledSet:
    """One durable ruleset. Its definition is kept as the JSON text durable reads, compressed: at
    10,000 rules the same definitions as nested dicts take about 45 MB, as text 2.4 MB, compressed
    well under 1 MB. Only the durable reasoner reads the text, once per ruleset it creates."""

    name: str
    packed: bytes            # the definition, zlib: {"rule name": {"all": [...]}, ...} in firing order
    size: int                # rules in it
    keys: frozenset[str]
    facts: dict[str, dict[Any, str]] = field(default_factory=dict)   # key -> norm -> fact text worth asserting here
    end_fact: str = ""

    @property
    def text(self) -> str:
        """The definition as the JSON text durable reads (unpacked anew on each call)."""
        return zlib.decompress(self.packed).decode("utf-8")

    @property
    def definition(self) -> dict[str, Any]:
        """The definition as data (made anew on each call, for readers that look inside it)."""
        return cast(dict[str, Any], json.loads(self.text))


class CompiledBase:
    """The normalised rules and the keys they read; the durable encoding (`sets`, `actions`, `codes`,
    `chained`) is made on first use, so the engine 'python' never pays for it. A pickled base (the
    cache in advice/basecache) carries the encoding, so either engine starts from it without compiling."""

    def __init__(self, rules: list[CompiledRule], keys: tuple[str, ...], pending: _Pending | None = None):
        self.rules = rules
        self.keys = keys
        self._pending = pending
        self._sets: list[CompiledSet] = []
        self._chained: dict[str, str] = {}   # action name -> internal key it asserts
        self._codes: dict[str, KeyCode] = pending.codes if pending is not None else {}
        self._lock = threading.Lock()

    def _encode(self) -> None:
        if self._pending is not None:
            with self._lock:  # two reasoners started at once on one base encode it once
                if self._pending is not None:
                    _encode_durable(self, self._pending)
                    self._pending = None

    @property
    def sets(self) -> list[CompiledSet]:
        self._encode()
        return self._sets

    @property
    def actions(self) -> dict[str, tuple[int, int]]:
        """Durable rule name -> (rule index, term index), in the order of the rulesets. Read from the
        names in the definitions (r<rule>t<term>…) rather than kept: the reasoner reads it once."""
        return {name: (int(m[1]), int(m[2])) for s in self.sets for name in json.loads(s.text)
                if (m := _ACTION.match(name)) is not None}

    @property
    def codes(self) -> dict[str, KeyCode]:
        self._encode()
        return self._codes

    @property
    def chained(self) -> dict[str, str]:
        self._encode()
        return self._chained

    def __getstate__(self) -> dict[str, Any]:
        self._encode()
        return {k: v for k, v in self.__dict__.items() if k != "_lock"}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)
        self._lock = threading.Lock()

    def durable_rule_count(self) -> int:
        return sum(s.size for s in self.sets)


@dataclass
class _Pending:
    """What the durable encoding still needs: its name prefix, the names taken and the keys' codes."""

    prefix: str
    names: _Names
    codes: dict[str, KeyCode]


def fnv1a32(text: str) -> int:
    """durable's fnv1Hash32: it tells property names and fact ids apart by this hash alone."""
    h = 0x811C9DC5
    for b in text.encode("utf-8"):
        h = ((h ^ b) * 16777619) & 0xFFFFFFFF
    return h


class _Names:
    """Property names with distinct hashes (and none equal to durable's own 'sid', 'id', '$s')."""

    def __init__(self) -> None:
        self.used = {fnv1a32(n) for n in ("sid", "id", "$s", "m")}

    def take(self, name: str, suffixes: tuple[str, ...] = ("",)) -> str:
        while any(fnv1a32(name + s) in self.used for s in suffixes):
            name += "x"
        self.used.update(fnv1a32(name + s) for s in suffixes)
        return name


def _spec_for(key: str, facts: dict[str, FactSpec]) -> FactSpec | None:
    if key.startswith(("?", "$")) or ":" in key or "#" in key:
        return None  # a marker, a list member or 'is empty': true or false
    return facts.get(key)


def _encode_keys(compiled: list[CompiledRule], facts: dict[str, FactSpec], names: _Names) -> dict[str, KeyCode]:
    keys: set[str] = {START_KEY, END_KEY}
    literals: dict[str, list[Literal]] = {}
    for cr in compiled:
        for term in cr.terms:
            for lit in term:
                k = literal_key(lit)
                keys.add(k)
                literals.setdefault(k, []).append(lit)
    out: dict[str, KeyCode] = {}
    for n, key in enumerate(sorted(keys)):
        spec = _spec_for(key, facts)
        lits = literals.get(key, [])
        if spec is not None and spec.kind == "int":
            cuts: set[int] = set()
            for lit in lits:
                for lo, hi in _ranges(lit):
                    if lo is not None:
                        cuts.add(lo)
                    if hi is not None:
                        cuts.add(hi + 1)
            bounds = tuple(sorted(cuts))
            levels = max(1, len(bounds).bit_length())
            prop = names.take(f"p{n}", tuple(f"_{lv}" for lv in range(levels)))
            out[key] = KeyCode(key, prop, bounds=bounds, levels=levels)
            continue
        domain: dict[tuple[bool, Any], Any] = {value_key(v): v for v in (spec.domain() if spec is not None else (True, False))}
        for lit in lits:
            for v in lit.values:
                domain.setdefault(value_key(v), v)  # a dict, not a scan: one in-list of n values is O(n), not O(n²)
        out[key] = KeyCode(key, names.take(f"p{n}"), codes={k: f"v{i}" for i, k in enumerate(domain)})
    return out


def _ranges(lit: Literal) -> list[tuple[int | None, int | None]]:
    if lit.kind == "range":
        return [(lit.lo, lit.hi)]
    if lit.kind == "val":
        return [(v, v) for v in lit.values if isinstance(v, int) and not isinstance(v, bool)]
    return []


def _dyadic(lo: int, hi: int, levels: int) -> list[tuple[int, int]]:
    """Cover the band interval [lo, hi] with aligned blocks: (level, block index) pairs."""
    out = []
    hi = min(hi, (1 << levels) - 1)
    while lo <= hi:
        lv = 0
        while lv < levels and lo % (1 << (lv + 1)) == 0 and lo + (1 << (lv + 1)) - 1 <= hi:
            lv += 1
        out.append((lv, lo >> lv))
        lo += 1 << lv
    return out


def _alternatives(lit: Literal, code: KeyCode, names: _Names) -> list[Pattern]:
    """Patterns of which one must match for `lit` to hold (one, except for number ranges)."""
    if lit.kind in ("known", "unknown"):
        return [(f"{code.prop}_0" if code.numeric else code.prop, None)]
    if code.numeric:
        assert code.bounds is not None
        out: set[Pattern] = set()
        for lo, hi in _ranges(lit):
            b_lo = 0 if lo is None else bisect.bisect_right(code.bounds, lo)
            b_hi = len(code.bounds) if hi is None else bisect.bisect_right(code.bounds, hi)
            for lv, q in _dyadic(b_lo, b_hi, code.levels):
                out.add((f"{code.prop}_0", None) if lv >= code.levels else (f"{code.prop}_{lv}", ("eq", q)))
        return sorted(out, key=repr)
    wanted = frozenset(code.codes[(isinstance(v, bool), v)] for v in lit.values)
    if not wanted:
        return []
    if len(wanted) == 1:
        return [(code.prop, ("eq", next(iter(wanted))))]
    if wanted not in code.sets:
        code.sets[wanted] = names.take(f"{code.prop}s{len(code.sets)}")
    return [(code.sets[wanted], None)]


def _odds(pattern: Pattern, owner: dict[str, tuple[KeyCode, frozenset[str] | None]]) -> float:
    """A rough chance that a fact matches the pattern; the rarest pattern goes first, so that
    durable keeps fewer partial matches (a rule's first pattern is joined with every later one)."""
    prop, test = pattern
    kc, members = owner[prop]
    if kc.numeric:
        if test is None:
            return 0.9
        level = int(prop.rsplit("_", 1)[1])
        return min(0.9, (1 << level) / (len(kc.bounds or ()) + 1))
    size = max(1, len(kc.codes))
    if members is not None:
        return len(members) / size
    if test is None:
        return 0.3 if kc.key.startswith("?") else 0.9
    return 1 / size


def _test_json(prop: str, test: Test) -> dict[str, Any]:
    exists = {"$ex": {prop: 1}}
    return exists if test is None else {"$and": [exists, {prop: test[1]}]}


def _member(name: str, patterns: list[Pattern]) -> str:
    """One rule of a ruleset definition as JSON text: "name":{"all":[{"m0":test},...]}."""
    body = {"all": [{f"m{i}": _test_json(p, t)} for i, (p, t) in enumerate(patterns)]}
    return _JSON.encode(name) + ":" + _JSON.encode(body)


_JSON = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))


def _hits(values: dict[str, Any], prop: str, test: Test) -> bool:
    """Does a fact with these properties pass the pattern (prop, test)?"""
    return prop in values and (test is None or values[prop] == test[1])


class _Packer:
    """First-fit packing of durable rules into rulesets within durable's limits."""

    def __init__(self, owner: dict[str, tuple[KeyCode, frozenset[str] | None]]):
        self.owner = owner   # property -> (its key, the value set it stands for)
        self.sets: list[dict[str, Any]] = []

    def new(self) -> dict[str, Any]:
        s: dict[str, Any] = {"rules": [], "tests": {}, "shared": Counter(), "matched": {}}
        self.sets.append(s)
        return s

    def _matched(self, s: dict[str, Any], prop: str, test: Test) -> dict[str, int]:
        """How many tests at once a fact of this key's values would match, were (prop, test) added."""
        kc, members = self.owner[prop]
        if kc.numeric or (test is not None):
            return {}   # a value matches one equality per property; numbers one per level
        if members is None:
            return {}
        counts = s["matched"].get(kc.key, Counter())
        return {c: counts[c] + 1 for c in members}

    def _fits(self, s: dict[str, Any], dr: DurableRule) -> bool:
        if len(s["rules"]) + 2 > MAX_ACTIONS_PER_SET:
            return False
        new_props = {p for p, _ in dr.patterns} - set(s["tests"])
        if len(s["tests"]) + len(new_props) + 1 > MAX_BRANCHES:
            return False
        for prop, test in dr.patterns:
            tests = s["tests"].get(prop, set())
            if test not in tests:
                if len(tests) + 1 > MAX_BRANCHES:
                    return False
                if prop not in s["tests"] and any(n + 1 > MAX_MATCHED for n in self._matched(s, prop, test).values()):
                    return False
            if s["shared"][(prop, test)] + 1 > MAX_SHARED:
                return False
        return True

    def add(self, dr: DurableRule) -> None:
        target = next((s for s in self.sets if self._fits(s, dr)), None) or self.new()
        target["rules"].append(dr)
        for prop, test in dr.patterns:
            if prop not in target["tests"]:
                kc, members = self.owner[prop]
                if members is not None:
                    counts = target["matched"].setdefault(kc.key, Counter())
                    for c in members:
                        counts[c] += 1
            target["tests"].setdefault(prop, set()).add(test)
            target["shared"][(prop, test)] += 1


def _owners(codes: dict[str, KeyCode]) -> dict[str, tuple[KeyCode, frozenset[str] | None]]:
    """Property -> (its key, the value set it stands for, if it is a set property)."""
    owner: dict[str, tuple[KeyCode, frozenset[str] | None]] = {}
    for kc in codes.values():
        if kc.numeric:
            owner.update({f"{kc.prop}_{lv}": (kc, None) for lv in range(kc.levels)})
        else:
            owner[kc.prop] = (kc, None)
            owner.update({prop: (kc, members) for members, prop in kc.sets.items()})
    return owner


def compile_base(base: RuleBase, prefix: str) -> CompiledBase:
    """Normalise every rule and check that durable can hold it; the encoding itself waits for first use."""
    facts = base.facts()
    pool: dict[Any, Literal] = {}  # equal literals of different rules become one object: a large base repeats them

    def shared(term: Term) -> Term:
        return tuple(pool.setdefault((lit, tuple(type(v) for v in lit.values)), lit) for lit in term)

    compiled = [CompiledRule(i, rule, tuple(shared(t) for t in normalise(rule, facts))) for i, rule in enumerate(base.rules)]
    names = _Names()
    codes = _encode_keys(compiled, facts, names)
    for _ in _expand(compiled, codes, names):  # refuses a rule durable cannot hold, whichever engine runs it
        pass
    keys = tuple(sorted(k for k in codes if not k.startswith("$")))
    return CompiledBase(compiled, keys, _Pending(prefix, names, codes))


def _expand(compiled: list[CompiledRule], codes: dict[str, KeyCode],
            names: _Names) -> Iterator[tuple[CompiledRule, int, list[list[Pattern]]]]:
    """Each term's alternatives: per literal, the patterns of which one must match (the same on every call).
    One term at a time, so that a large base never holds them all."""
    seen: dict[Any, list[Pattern]] = {}  # a large base repeats its literals: one list of patterns for each
    for cr in compiled:
        for t, term in enumerate(cr.terms):
            lits = term or (Literal("known", START_KEY),)
            options = []
            for lit in lits:
                known = (lit, tuple(type(v) for v in lit.values))  # True and 1 stay apart, as in compile_base's pool
                found = seen.get(known)
                if found is None:
                    found = seen[known] = _alternatives(lit, codes[literal_key(lit)], names)
                options.append(found)
            count = math.prod(len(o) for o in options)
            if count > MAX_EXPANSION:
                raise InputError([Problem(f"de getalvoorwaarden van deze regel vallen uiteen in {count} gevallen "
                                          f"(maximaal {MAX_EXPANSION}); vereenvoudig de regel", rule=cr.rule.id)])
            yield cr, t, options


def _encode_durable(out: CompiledBase, pending: _Pending) -> None:
    """The durable rulesets: patterns, packing, definitions and the fact texts the reasoner asserts."""
    prefix, names, codes = pending.prefix, pending.names, pending.codes
    owner = _owners(codes)
    packer = _Packer(owner)
    for cr, t, options in _expand(out.rules, codes, names):  # each durable rule is packed as soon as it is made
        count = math.prod(len(o) for o in options)
        for n, combo in enumerate(product(*options)):
            patterns = sorted(set(combo), key=lambda pt: (_odds(pt, owner), repr(pt)))
            name = f"r{cr.index}t{t}" + (f"x{n}" if count > 1 else "")
            part = 0
            while len(patterns) > MAX_PATTERNS:  # chain: the first part asserts an internal key
                part += 1
                link = f"$deel{len(out._chained) + 1}"
                codes[link] = kc = KeyCode(link, names.take(f"q{len(out._chained) + 1}"), codes={(True, True): "v0"})
                owner[kc.prop] = (kc, None)
                head, patterns = patterns[:MAX_PATTERNS - 1], patterns[MAX_PATTERNS - 1:]
                packer.add(DurableRule(f"{name}d{part}", head, cr.index, t, link))
                out._chained[f"{name}d{part}"] = link
                patterns = [(kc.prop, ("eq", "v0"))] + patterns
            packer.add(DurableRule(name, patterns, cr.index, t))
    if not packer.sets:
        packer.new()
    ids = _fact_ids(codes)
    end = codes[END_KEY]
    for n, packed in enumerate(packer.sets):
        # the definition's members as JSON text, one rule at a time, compressed as they come (no dict,
        # list or text of them all); durable looks for the next rule to fire from the first rule on:
        # likely rules go first
        ordered = sorted(packed["rules"], key=lambda d: -math.prod(_odds(pt, owner) for pt in d.patterns))
        packed["rules"] = None
        members = [_member(dr.name, dr.patterns) for dr in ordered] + [_member(END_ACTION, [(end.prop, None)])]
        del ordered
        zipper = zlib.compressobj(6)
        text = b"".join([zipper.compress(b"{"),
                         *(zipper.compress((b"," if i else b"") + m.encode("utf-8")) for i, m in enumerate(members)),
                         zipper.compress(b"}"), zipper.flush()])
        tests: dict[str, list[Pattern]] = {END_KEY: [(end.prop, None)]}
        for prop, seen in packed["tests"].items():
            tests.setdefault(owner[prop][0].key, []).extend((prop, t) for t in seen)
        here = frozenset(packed["tests"])
        useful: dict[str, dict[Any, str]] = {}
        for key, patterns in sorted(tests.items()):
            kc = codes[key]
            table: dict[Any, str] = {}
            for norm in kc.universe():
                values = kc.properties(norm, here)
                if any(_hits(values, p, t) for p, t in patterns):
                    table[norm] = json.dumps({"sid": SID, "id": ids[key][norm], **values}, separators=(",", ":"))
            useful[key] = table
        end_fact = useful[END_KEY][(True, True)]
        out._sets.append(CompiledSet(f"{prefix}_{n}", text, len(members), frozenset(useful), useful, end_fact))


def _fact_ids(codes: dict[str, KeyCode]) -> dict[str, dict[Any, str]]:
    """An id for every fact the reasoner may assert, all with distinct hashes."""
    out: dict[str, dict[Any, str]] = {}
    seen: set[int] = set()
    for key in sorted(codes):
        kc = codes[key]
        table: dict[Any, str] = {}
        for norm in kc.universe():
            ident = kc.ident(norm)
            while fnv1a32(ident) in seen:
                ident += "~"
            seen.add(fnv1a32(ident))
            table[norm] = ident
        out[key] = table
    return out
