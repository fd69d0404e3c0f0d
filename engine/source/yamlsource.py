"""Read a YAML or JSON file into plain data, keeping the line and column of every key and item.

Refuses, with the file and line: duplicate keys, aliases (the way to an alias bomb), files that
are too large or hold more than MAX_NODES parts, bytes that are not UTF-8 text, nesting deeper
than MAX_DEPTH levels, explicit tags other than YAML's plain types (on scalars, mappings and
sequences alike) and YAML syntax errors (an unclosed bracket or quote also names the line where
it was opened).
"""

from __future__ import annotations

import dataclasses
import os
import re
import sys
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ..errors import InputError, Problem, shown_path
from ..terminal import text_of, too_long
from .folderscan import not_regular, refusal
from .yamlcore import CoreLoader

MAX_BYTES = 2_000_000
MAX_DEPTH = 50  # levels of mappings and lists; our files need fewer than 20
MAX_NODES = 100_000  # values, mappings and lists in one file; the largest shipped file has about 2,500
_STD = "tag:yaml.org,2002:"
SCALAR_TAGS = {_STD + t for t in ("str", "int", "float", "bool", "null", "timestamp")}
PathKey = tuple[Any, ...]


@dataclass
class Document:
    """Parsed data plus where each part stands in the source."""

    data: Any
    source: str
    positions: dict[PathKey, tuple[int, int]] = field(default_factory=dict)
    text: str = field(default_factory=str)  # the source text, for the content hash of a rule or knowledge base
    # (a factory, not a default: no class attribute 'text', so a compacted document reaches __getattr__)

    def compact(self) -> None:
        """Let go of the data and the positions; both come back from `text`, parsed anew, when asked for.
        The text itself is kept compressed and unpacked on each read.

        A loaded rule base keeps its documents for messages that name a line, which are rare after
        loading; the positions of every key and item take far more memory than the rules themselves
        (about 70 MB for 10,000 rules), so a loader that has checked a file compacts it."""
        self.__dict__.pop("data", None)
        self.__dict__.pop("positions", None)
        text = self.__dict__.pop("text", None)
        if text is not None:
            self.__dict__["_packed"] = zlib.compress(text.encode("utf-8", "surrogatepass"), 1)

    def __getattr__(self, name: str) -> Any:
        # only reached for what compact() (or a parse without positions) let go of: 'text' is unpacked,
        # 'data' and 'positions' are parsed anew from the text
        held = self.__dict__
        if name == "text" and "_packed" in held:
            return zlib.decompress(held["_packed"]).decode("utf-8", "surrogatepass")
        if name not in ("data", "positions") or ("text" not in held and "_packed" not in held):
            raise AttributeError(name)
        fresh = parse(self.text, self.source)
        self.__dict__.update(data=fresh.data, positions=fresh.positions)
        return self.__dict__[name]

    def where(self, path: PathKey) -> tuple[int | None, int | None]:
        """Line and column (1-based) of the deepest known part of `path`."""
        path = tuple(path)
        while path:
            if path in self.positions:
                return self.positions[path]
            path = path[:-1]
        return self.positions.get((), (None, None))


# libyaml's parser where available, reading scalars as YAML 1.2 does (yes/on/dates stay text)
_Loader: Any = CoreLoader
ALIAS_MESSAGE = "verwijzingen (aliassen, *naam) zijn niet toegestaan"


def read_text(path: str, *, regular_only: bool = False) -> tuple[str, str]:
    """Text of `path` ('-' is standard input) and the name to show in messages.

    With `regular_only` (files found by a folder scan) anything but a regular file is refused:
    the file is opened without blocking and checked after opening, so a FIFO put in its place
    after the scan cannot make us wait."""
    name = "<stdin>" if path == "-" else shown_path(path)  # any file name prints: odd bytes become \\xNN
    try:
        if path == "-":
            raw = sys.stdin.buffer.read(MAX_BYTES + 1)
        else:
            p = Path(path)
            if p.is_dir():
                raise InputError([Problem("dit is een map, geen bestand", path=name)])
            if regular_only:
                fd = os.open(p, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0))
                kind = not_regular(os.fstat(fd).st_mode)
                if kind is not None:
                    os.close(fd)
                    raise InputError([refusal(name, kind)])
                with os.fdopen(fd, "rb") as fh:
                    raw = fh.read(MAX_BYTES + 1)
            else:
                with p.open("rb") as fh:
                    raw = fh.read(MAX_BYTES + 1)
    except FileNotFoundError:
        raise InputError([Problem("bestand niet gevonden", path=name)]) from None
    except PermissionError:
        raise InputError([Problem("geen leesrechten op dit bestand", path=name)]) from None
    except OSError as exc:
        raise InputError([Problem(f"kan het bestand niet lezen ({exc.strerror})", path=name)]) from None
    if len(raw) > MAX_BYTES:
        raise InputError([Problem(f"bestand is groter dan {MAX_BYTES // 1_000_000} MB; is dit wel een feitenbestand?", path=name)])
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise InputError([Problem("geen UTF-8-tekst (binaire inhoud?)", path=name, line=line)]) from None
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        raise InputError([Problem("bevat een nul-byte: dit lijkt geen tekstbestand", path=name, line=line)])
    return text, name


def load(path: str, *, regular_only: bool = False, positions: bool = True) -> Document:
    text, name = read_text(path, regular_only=regular_only)
    return parse(text, name, positions=positions)


class _NoPositions(dict):  # type: ignore[type-arg]
    """Where a parse without positions writes them: nowhere."""

    def __setitem__(self, key: Any, value: Any) -> None:
        pass

    def setdefault(self, key: Any, default: Any = None) -> Any:
        return default


def parse(text: str, name: str, *, positions: bool = True) -> Document:
    """The document in `text`. Without `positions` no line is kept (a loader that checks the data and then
    compacts the document needs none); they come back from the text when asked for (`Document.compact`)."""
    stand_ins = _stand_ins(text)
    if stand_ins is None:
        return _parse(text, name, positions)
    read = text.translate(stand_ins)
    try:
        doc = _parse(read, name, positions)
    except InputError as exc:
        raise InputError([_restored_problem(_at_break(p, read, stand_ins), stand_ins) for p in exc.problems]) from None
    doc.text = text
    doc.data = _restored(doc.data, stand_ins)
    if positions:
        doc.positions = {tuple(_restored(k, stand_ins) for k in path): at for path, at in doc.positions.items()}
    return doc


# YAML 1.1 (PyYAML and libyaml) reads NEL, LS and PS as line breaks; YAML 1.2, JSON and every editor
# as ordinary characters. Read as 1.1, a name holding one lost it (folded to a space between quotes)
# or broke the file (in a value without quotes), and each moved every later line number by one. So
# they are parsed as private-use characters the text does not hold, and put back in every string.
_BREAKS_11 = ("\x85", "\u2028", "\u2029")
_PRIVATE = re.compile("[\ue000-\uf8ff\U000f0000-\U000ffffd]")
# the BMP's private-use area first, then plane 15's: a text holding all 6,400 of the first still gets stand-ins
_CANDIDATES = (range(0xE000, 0xF900), range(0xF0000, 0xFFFFE))


def _stand_ins(text: str) -> dict[int, int] | None:
    """For each of NEL, LS, PS in `text`: a private-use character `text` does not hold (None: none there)."""
    present = [c for c in _BREAKS_11 if c in text]
    if not present:
        return None
    taken = set(_PRIVATE.findall(text))  # one scan: a test per candidate would read a large text thousands of times
    free = (c for block in _CANDIDATES for c in block if chr(c) not in taken)
    table = {ord(c): next(free, None) for c in present}
    if None in table.values():  # pragma: no cover - a text with all 71,932 private-use characters: read as 1.1
        return None
    return {k: v for k, v in table.items() if v is not None}


def _restored(value: Any, stand_ins: dict[int, int]) -> Any:
    """`value` (parsed data) with the stand-ins of `_stand_ins` turned back into what they stand for."""
    if isinstance(value, str):
        return value.translate({v: k for k, v in stand_ins.items()})
    if isinstance(value, dict):
        return {_restored(k, stand_ins): _restored(v, stand_ins) for k, v in value.items()}
    if isinstance(value, list):
        return [_restored(v, stand_ins) for v in value]
    return value


def _at_break(problem: Problem, read: str, stand_ins: dict[int, int]) -> Problem:
    """`problem` with a tip naming the NEL, LS or PS (by its stand-in in `read`) at its line and column, when
    it has no tip of its own: most editors show nothing there, and the message alone points elsewhere."""
    if problem.tip is not None or problem.line is None or problem.column is None:
        return problem
    lines = re.split("\r\n|\r|\n", read, maxsplit=problem.line)  # YAML's line breaks, as the parser counted
    line = lines[problem.line - 1] if problem.line <= len(lines) else ""
    here = line[problem.column - 1:problem.column]
    code = next((k for k, v in stand_ins.items() if chr(v) == here), None)
    if code is None:
        return problem
    return dataclasses.replace(problem, tip=f"hier staat een onzichtbaar teken (U+{code:04X}): haal het weg, of zet "
                                            "de waarde tussen aanhalingstekens")


def _restored_problem(problem: Problem, stand_ins: dict[int, int]) -> Problem:
    """`problem` with the stand-ins put back in every text it shows: the message, the field, and the best
    guess, which may quote the line (`_syntax_tip`)."""
    return dataclasses.replace(problem, message=_restored(problem.message, stand_ins),
                               field=_restored(problem.field, stand_ins), tip=_restored(problem.tip, stand_ins),
                               suggestion=_restored(problem.suggestion, stand_ins),
                               allowed=tuple(_restored(list(problem.allowed), stand_ins)))


def _parse(text: str, name: str, positions: bool) -> Document:
    try:
        loader = _Loader(text)
    except yaml.reader.ReaderError as exc:  # a character YAML does not allow, found before parsing (pure PyYAML)
        raise InputError([_reader_problem(exc, text, name)]) from None
    try:
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        msg = syntax_message(exc, text)
        long_key = _long_key(text, exc)
        if long_key is not None:
            line, col, length = long_key
            raise InputError([Problem(f"deze sleutel is te lang ({length} tekens): YAML staat voor een sleutel hoogstens "
                                      f"{MAX_KEY} tekens toe; maak hem korter", path=name, line=line, column=col)]) from None
        if exc.context_mark is not None and "expected ':'" in str(exc.problem):
            mark = exc.context_mark  # the key that lacks its colon, not the line after it
        elif (exc.context_mark is not None and mark is not None and exc.context_mark.line != mark.line
              and _opened(exc.context) != "dit onderdeel"):
            msg += f" ({_opened(exc.context)} geopend op regel {exc.context_mark.line + 1})"
        at_line: int | None = mark.line + 1 if mark else None
        at_col: int | None = mark.column + 1 if mark else None
        tip = _syntax_tip(exc, text)
        raise InputError([Problem(msg, path=name, line=at_line, column=at_col, tip=tip)]) from None
    except yaml.reader.ReaderError as exc:  # libyaml finds such a character while parsing
        raise InputError([_reader_problem(exc, text, name)]) from None
    except yaml.YAMLError:
        raise InputError([Problem("geen geldige YAML/JSON: " + SYNTAX_FALLBACK, path=name)]) from None
    except RecursionError:  # PyYAML's own parser (without libyaml) recurses per level
        raise InputError([Problem(f"te diep genest: meer dan {MAX_DEPTH} niveaus", path=name)]) from None
    finally:
        loader.dispose()
    doc = Document(data=None, source=name, text=text)
    if node is None:
        raise InputError([Problem("het bestand is leeg", path=name, line=1)])
    problems: list[Problem] = []
    if not positions:
        doc.positions = _NoPositions()
    doc.data = _build(node, (), doc, loader, problems, set(), _mark(node), 0)
    if problems:
        if not positions:  # a message may name an earlier line (a duplicate key): read it again with them
            return _parse(text, name, True)
        raise InputError(problems)
    if not positions:
        del doc.positions
    return doc


# Fragments of the parser's English (libyaml's and pure PyYAML's wording), first match wins.
SYNTAX = (
    ("tab character", "een tab mag niet voor inspringen worden gebruikt; gebruik spaties"),
    ("'\\t'", "een tab mag niet voor inspringen worden gebruikt; gebruik spaties"),
    ("nesting depth", f"te diep genest (meer dan {MAX_DEPTH} niveaus is niet toegestaan)"),
    ("mapping values are not allowed", "hier mag geen 'sleutel: waarde' staan (controleer inspringing en dubbele punten)"),
    ("expected ':'", "hier ontbreekt een dubbele punt met een spatie erna (veld: waarde)"),
    ("end of stream", "het bestand houdt onverwacht op"),
    ("',' or ']'", "komma of ']' ontbreekt"),
    ("',' or '}'", "komma of '}' ontbreekt"),
    ("another document", "het bestand bevat meer dan één document (---); er mag er maar één zijn"),
    ("document start", "hier verwacht ik '---' (na een %-regel), of er staat nog tekst na '...'"),
    ("incompatible", "onbekende YAML-versie in de %YAML-regel; gebruik 1.2 of laat de regel weg"),
    ("version number", "onbekende YAML-versie in de %YAML-regel; gebruik 1.2 of laat de regel weg"),
    ("directive", "ongeldige of dubbele %-regel aan het begin van het bestand"),
    ("escape", "ongeldige code na '\\' in tekst tussen dubbele aanhalingstekens"),
    ("hexdecimal", "ongeldige code na '\\' in tekst tussen dubbele aanhalingstekens"),
    ("node content", "hier ontbreekt een waarde"),
    ("block sequence entries", "hier mag geen lijstelement met '-' beginnen"),
    ("block end", "de inspringing klopt niet: hier verwacht ik een nieuwe sleutel op dezelfde hoogte"),
    ("expected key", "de inspringing klopt niet, of er staat iets achter een waarde: hier verwacht ik een nieuwe sleutel"),
    ("cannot start any token", "dit teken kan geen waarde beginnen (zoals @, ` of %); zet de waarde tussen aanhalingstekens"),
    ("alphabetic or numeric", "na '&' of '*' hoort een naam"),
    ("tag", "ongeldig label (!…)"),
    ("expected '>'", "ongeldig label (!<…>)"),
    ("comment or line break", "hier mag alleen commentaar (#) of het einde van de regel staan"),
    ("indicator", "hier staat een teken dat YAML als opmaak leest; zet de waarde tussen aanhalingstekens"),
)
SYNTAX_FALLBACK = "de opbouw van het bestand klopt hier niet (controleer inspringing, haakjes en aanhalingstekens)"
MAX_KEY = 1024  # characters of a simple key: the YAML specification's limit, which libyaml enforces


def syntax_message(exc: yaml.MarkedYAMLError, text: str = "") -> str:
    """Dutch for the parser's complaint; never its English, also for a wording we have not seen."""
    problem = str(exc.problem or "")
    mark = exc.problem_mark
    if mark is not None and 0 <= mark.index < len(text) and text[mark.index] == "\t":
        problem = "tab character"  # libyaml: 'found character that cannot start any token'
    return "YAML-syntaxfout: " + next((dutch for fragment, dutch in SYNTAX if fragment in problem), SYNTAX_FALLBACK)


_NO_SPACE = re.compile(r"(\s*(?:-\s+)?)([^\s:#'\"{}\[\],&*!|>][^:#]*?):([^\s/:\-][^#]*?)\s*")
_HAS_VALUE = re.compile(r"(\s*)(?:-\s+)?([^\s:#'\"{}\[\],&*!|>][^:#]*?):\s+([^\s|>#][^#]*?)\s*(?:#.*)?")


def _syntax_tip(exc: yaml.MarkedYAMLError, text: str) -> str | None:
    """A best guess for 'mapping values are not allowed here', from the line above the one the parser stopped
    at: a colon without a space after it ('steun:koplopers' reads as text that runs on to the next line),
    or a key that already has a value above indented keys ('gemeente: Voorbeeldstad' with naam: below it)."""
    mark = exc.problem_mark
    problem = str(exc.problem or "")
    lines = text.split("\n")
    if "expected ':'" in problem and exc.context_mark is not None:  # 'spanningen:true' or 'steun breed' as a key
        key_line = lines[exc.context_mark.line] if exc.context_mark.line < len(lines) else ""
        return None if too_long_line(key_line) else _colon_tip(key_line, exc.context_mark.line)
    if mark is None or mark.line >= len(lines) or too_long_line(lines[mark.line]):
        return None
    here = lines[mark.line]
    above = _content_line(lines, range(mark.line - 1, -1, -1))
    if above is None or too_long_line(lines[above]):
        return None
    line = lines[above]
    if "expected key" in problem:  # a line indented more or less than the keys around it
        if _KEY_LINE.match(here) and _KEY_LINE.match(line) and _indent(here) not in _open_indents(lines, above) \
                and _is_item(here) == _is_item(line):  # not a stray '-' before a key
            return (f"regel {mark.line + 1} springt {_spaces(_indent(here))} in, regel {above + 1} "
                    f"{_spaces(_indent(line))}: regels die bij elkaar horen, springen even ver in")
        return None
    if "block sequence entries" in problem:  # 'technieken: - warmtenet'
        inline = re.fullmatch(r"\s*([^\s:#][^:#]*?):\s+-\s+([^#]*?)\s*(?:#.*)?", here)
        if inline:
            key, item = inline.groups()
            return f"zet '- {item}' op een eigen regel onder {key}:, of schrijf {key}: [{item}]"
        return None
    if "mapping values are not allowed" not in problem:
        return None
    colon = _colon_tip(line, above) if _indent(line) == _indent(here) else None
    if colon:
        return colon
    valued = _HAS_VALUE.fullmatch(line)
    if valued and _indent(line) < _indent(here) and not _is_item(here):
        key, value = valued.group(2), valued.group(3)
        deeper = f"regel {mark.line + 1} springt verder in dan regel {above + 1}"
        if _SCALAR.fullmatch(value):  # 'spanningen: false' never has fields below it
            return f"{deeper}: zet beide regels even ver in"
        # 'gemeente: Voorbeeldstad' above 'naam: …', or 'organisatievorm: kernteam' above a line indented too far
        return (f"{deeper}: hoort regel {mark.line + 1} onder {key}:, haal dan '{value}' weg achter {key}:; "
                "anders zet u beide regels even ver in")
    return None


_SCALAR = re.compile(r"true|false|True|False|TRUE|FALSE|null|~|[-+]?[0-9][0-9_.eE+-]*|\[.*\]|\{.*\}")


def _open_indents(lines: list[str], last: int) -> set[int]:
    """The indentations a line after line `last` may have: that of `last` and of each section above it.
    (Going back to one of them closes a section; any other indentation is a mistake.)"""
    found = {_indent(lines[last])}
    lowest = _indent(lines[last])
    for n in range(last - 1, -1, -1):
        if lowest == 0:
            break
        if lines[n].strip() and not lines[n].lstrip().startswith("#") and _indent(lines[n]) < lowest:
            lowest = _indent(lines[n])
            found.add(lowest)
    return found


def _is_item(line: str) -> bool:
    return line.lstrip(" ").startswith("-")


_NO_COLON = re.compile(r"(\s*(?:-\s+)?)([^\s:#'\"{}\[\],&*!|>=-][^\s:#=]*?)[-=]?\s+(?:=\s*)?([^\s:#=][^:#]*?)\s*")


def _colon_tip(line: str, n: int) -> str | None:
    """'steun:breed' (no space after the colon) or 'steun breed' (no colon) on line n (0-based)."""
    glued = _NO_SPACE.fullmatch(line)
    if glued:
        return f"op regel {n + 1} ontbreekt een spatie na de dubbele punt: schrijf {glued.group(2)}: {glued.group(3)}"
    dash = re.fullmatch(r"\s*-([^\s\-:#][^:#]*?)\s*", line)
    if dash:  # '-isolatie': without the space YAML reads a word, not a list element
        return f"op regel {n + 1} ontbreekt een spatie na het streepje: schrijf - {dash.group(1)}"
    bare = _NO_COLON.fullmatch(line)
    if bare:
        return f"op regel {n + 1} ontbreekt de dubbele punt: schrijf {bare.group(2)}: {bare.group(3)}"
    return None


_KEY_LINE = re.compile(r"\s*(?:-\s|[^\s:#][^:#]*:(?:\s|$))")


def _spaces(n: int) -> str:
    return "1 spatie" if n == 1 else f"{n} spaties"


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _content_line(lines: list[str], order: range) -> int | None:
    """The first line in `order` that holds more than blanks or a comment."""
    return next((n for n in order if lines[n].strip() and not lines[n].lstrip().startswith("#")), None)


def too_long_line(line: str) -> bool:
    return len(line) > 200  # a message quotes a part of it: keep it to a screen line


def _long_key(text: str, exc: yaml.MarkedYAMLError) -> tuple[int, int, int] | None:
    """Line, column and length of a key longer than MAX_KEY on a line the error points at: libyaml then
    reports a missing ':' (block) or ',' (flow) instead."""
    if not any(f in str(exc.problem) for f in ("expected ':'", "',' or '}'", "',' or ']'", "mapping values")):
        return None
    lines = text.split("\n")
    for mark in (exc.context_mark, exc.problem_mark):
        if mark is None or mark.line >= len(lines):
            continue
        found = _LONG_KEY.search(lines[mark.line])
        if found:
            return mark.line + 1, found.start(2) + 1, len(found.group(2))
    return None


_QUOTED, _PLAIN = "{" + str(MAX_KEY - 1) + ",}", "{" + str(MAX_KEY) + ",}"
_LONG_KEY = re.compile(r"""(^\s*(?:-\s+)?|[{,]\s*)("[^"\n]""" + _QUOTED + r""""|'[^'\n]""" + _QUOTED
                       + r"""'|[^\s"'{},:#][^:\n]""" + _PLAIN + r""")\s*:""")


def _reader_problem(exc: yaml.reader.ReaderError, text: str, name: str) -> Problem:
    """A character YAML does not allow (a control character, U+FFFE), at its line and column.

    libyaml counts the position in UTF-8 bytes, PyYAML's own reader in characters."""
    char = chr(exc.character) if isinstance(exc.character, int) else ""
    raw = text.encode("utf-8", "surrogatepass")
    before = raw[: exc.position].decode("utf-8", "ignore")
    if not (char and raw[exc.position:].decode("utf-8", "ignore").startswith(char)):
        before = text[: exc.position]
    line = before.count("\n") + 1
    column = len(before) - (before.rfind("\n") + 1) + 1
    code = f"U+{exc.character:04X}" if isinstance(exc.character, int) else "?"
    return Problem(f"bevat een onzichtbaar stuurteken ({code}) dat YAML niet toestaat; haal het weg",
                   path=name, line=line, column=column)


def _opened(context: str | None) -> str:
    """What an unclosed construct is, from libyaml's context ('while parsing a flow sequence')."""
    text = str(context or "")
    if "flow sequence" in text:
        return "de lijst met '['"
    if "flow mapping" in text:
        return "de groep met '{'"
    if "quoted scalar" in text:
        return "de tekst tussen aanhalingstekens"
    return "dit onderdeel"


def shown_tag(tag: str) -> str:
    """A tag as the author wrote it ('!!python/…' rather than 'tag:yaml.org,2002:python/…'), control
    characters escaped."""
    text = "!!" + tag[len(_STD):] if tag.startswith(_STD) else tag
    return "".join(c if c.isprintable() else f"\\x{ord(c):02x}" for c in text)


def _mark(node: yaml.Node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


_DEEP = -1  # marks in `seen` that nesting was reported (no object has id -1)
_MANY = -2  # marks in `seen` that the node count was reported


def _build(node: yaml.Node, path: PathKey, doc: Document, loader: Any, problems: list[Problem],
           seen: set[int], at: tuple[int, int], depth: int) -> Any:
    """Plain data from the node tree. An alias shares its anchor's node, so meeting a node twice
    means an alias: refused before anything is expanded, which is what stops an alias bomb.
    Recursion stops at MAX_DEPTH, so no document can exhaust the stack."""
    if id(node) in seen:
        problems.append(Problem(ALIAS_MESSAGE, path=doc.source, line=at[0], column=at[1], field=_dotted(path) or None))
        return None
    seen.add(id(node))
    if len(seen) > MAX_NODES:
        if _MANY not in seen:  # once per file: where the file becomes too large to check
            seen.add(_MANY)
            line, col = _mark(node)
            problems.append(Problem(f"te veel onderdelen: meer dan {MAX_NODES} waarden en lijsten in één bestand",
                                    path=doc.source, line=line, column=col))
        return None
    if depth >= MAX_DEPTH:  # depth counts from 0: the root is the first level
        if _DEEP not in seen:  # once per file: the first node too deep
            seen.add(_DEEP)
            line, col = _mark(node)
            problems.append(Problem(f"te diep genest: meer dan {MAX_DEPTH} niveaus", path=doc.source, line=line,
                                    column=col))
        return None
    doc.positions.setdefault(path, _mark(node))
    if isinstance(node, yaml.ScalarNode):
        if node.tag == _STD + "str":
            return node.value  # the common case, without the constructor's bookkeeping
        return _construct(node, doc, loader, problems)
    if node.tag != _STD + ("map" if isinstance(node, yaml.MappingNode) else "seq"):
        line, col = _mark(node)
        problems.append(Problem(f"label '{shown_tag(node.tag)}' wordt niet ondersteund; labels (!…) zijn niet toegestaan",
                                path=doc.source, line=line, column=col, field=_dotted(path) or None))
        return None
    if isinstance(node, yaml.MappingNode):
        out: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                line, col = _mark(key_node)
                problems.append(Problem("een sleutel moet een eenvoudige naam zijn", path=doc.source, line=line, column=col))
                continue
            if key_node.tag == "tag:yaml.org,2002:merge":
                line, col = _mark(key_node)
                problems.append(Problem("samenvoegen met '<<' is niet toegestaan", path=doc.source, line=line, column=col))
                continue
            key = key_node.value if key_node.tag == _STD + "str" else _construct(key_node, doc, loader, problems)
            key = str(key) if not isinstance(key, str) else key
            if key in out:
                line, col = _mark(key_node)
                first = doc.positions.get(path + (key,), (None, None))[0]
                tip = (f"zet alle velden van beide onder één {key}:" if isinstance(value_node, yaml.MappingNode)
                       and len(key) <= 60 else f"houd er één over: haal regel {first} of regel {line} weg")
                problems.append(
                    Problem(
                        f"sleutel '{key}' komt twee keer voor (eerder op regel {first})",
                        path=doc.source, line=line, column=col, field=_dotted(path + (key,)), tip=tip,
                    )
                )
                continue
            doc.positions[path + (key,)] = _mark(key_node)
            out[key] = _build(value_node, path + (key,), doc, loader, problems, seen, _mark(key_node), depth + 1)
            if _MANY in seen:
                break
        return out
    here = _mark(node)
    items = []
    for i, item in enumerate(node.value):
        items.append(_build(item, path + (i,), doc, loader, problems, seen, here, depth + 1))
        if _MANY in seen:
            break
    return items


def _construct(node: yaml.Node, doc: Document, loader: Any, problems: list[Problem]) -> Any:
    """A scalar's value; a tag we do not construct (!!python/…, !!binary, !foo) or a bad value is a problem."""
    if node.tag not in SCALAR_TAGS:
        line, col = _mark(node)
        problems.append(Problem(f"label '{shown_tag(node.tag)}' wordt niet ondersteund; labels (!…) zijn niet toegestaan",
                                path=doc.source, line=line, column=col))
        return None
    try:
        value = loader.construct_object(node)
    except yaml.constructor.ConstructorError:
        line, col = _mark(node)
        problems.append(Problem(f"label '{shown_tag(node.tag)}' wordt niet ondersteund", path=doc.source, line=line, column=col))
    except Exception:  # e.g. '!!int x', '!!bool "ja"', '!!timestamp nonsense', a date that does not exist
        line, col = _mark(node)
        problems.append(Problem(bad_scalar(node.tag, str(node.value)), path=doc.source, line=line, column=col))
    else:
        if not too_long(value):
            return value
        line, col = _mark(node)
        problems.append(Problem(f"getal te groot: {text_of(value)}", path=doc.source, line=line, column=col))
    return None


def bad_scalar(tag: str, text: str) -> str:
    """Dutch for a value its (explicit or implied) standard tag cannot read."""
    shown_value = text if len(text) <= 40 else text[:37] + "…"
    kind = tag.removeprefix(_STD)
    number = text.strip().lstrip("+-").replace("_", "")
    if kind == "int" and number.isdigit() and len(number) > 100:
        return f"getal te groot: een getal van {len(number.lstrip('0')) or 1} cijfers"
    wanted = {
        "int": "geen geheel getal (label !!int)",
        "float": "geen getal (label !!float)",
        "bool": "geen ja/nee-waarde (label !!bool); toegestaan: true of false",
        "timestamp": "geen bestaande datum (label !!timestamp); schrijf JJJJ-MM-DD",
        "null": "geen lege waarde (label !!null)",
    }.get(kind, f"niet te lezen met label '{shown_tag(tag)}'")
    return f"'{shown_value}' is {wanted}"


def _dotted(path: PathKey) -> str:
    parts: list[str] = []
    for p in path:
        if isinstance(p, int) and not too_long(p):
            parts.append(f"[{p}]")
        else:
            parts.append(("." if parts else "") + text_of(p))
    return "".join(parts)


dotted = _dotted
