"""Reading a YAML file safely, with YAML 1.2 scalars and the position of every value.

Scenario files come from authors and from the internet, so the loader is defensive:
- `ScenarioLoader` is a `yaml.SafeLoader` (no Python objects can ever be built) whose implicit
  types follow YAML 1.2's core schema: only `true`/`false` are booleans, so `NO` (Norway), `on`
  and `yes` stay strings; `010` is ten, `1:20` is text, dates stay text.
- Limits stop hostile files early: size before reading, nesting depth and alias count while
  composing, and the expanded size of aliases (billion laughs) while converting.
- The document is composed to nodes first and converted by `_Converter`, which refuses every
  tag outside plain data, reports every duplicate key and records each value's position.
Any problem becomes a `ScenarioError` in a `YamlLoadError`; nothing else escapes.

Composing in pure Python costs ~0.2 s for a scenario and its base data, so when PyYAML was
built with libyaml, `_CScenarioLoader` composes in C (about 12x faster) and `ScenarioLoader`
is the reference it must agree with. The C composer recurses once per nesting level and counts
no aliases, so the limits are kept in front of it: its `descend_resolver` hook (called before
every node is composed) stops it past `MAX_DEPTH` levels, and the alias count is checked on
the text (or on the events) before it starts. Whenever the C path cannot vouch for an
identical result (libyaml refused the file, a limit was reached, the converter found a
problem, or the text holds one of the few constructs libyaml reads otherwise, listed below),
the file is read again by `ScenarioLoader`: the same data, positions and messages either way.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.resolver import BaseResolver

try:  # present when PyYAML was built with libyaml
    from yaml._yaml import CParser as _CParser
except ImportError:  # pragma: no cover - depends on how PyYAML was installed
    _CParser = None

from autonomy_game.scenario.errors import ScenarioError
from autonomy_game.scenario.positions import DataPath, Position, SourceMap

MAX_BYTES = 2 * 1024 * 1024
MAX_DEPTH = 40
MAX_ALIASES = 1000
MAX_VALUES = 30_000  # values, after expanding aliases (bundled scenario + base: < 3 000;
# 500 rich events: ~20 000)

_TAG = "tag:yaml.org,2002:"
_STR, _INT, _FLOAT, _BOOL, _NULL = (_TAG + name for name in ("str", "int", "float", "bool", "null"))
_SEQ, _MAP = _TAG + "seq", _TAG + "map"


class YamlLoadError(Exception):
    """The file could not be read as plain YAML data; `errors` says where and why."""

    def __init__(self, errors: list[ScenarioError]) -> None:
        self.errors = errors
        super().__init__("\n".join(str(error) for error in errors))


class _LimitError(yaml.MarkedYAMLError):
    """A composing limit was hit; a YAML error so the parser's own handling applies."""


class ScenarioLoader(yaml.SafeLoader):
    """SafeLoader with YAML 1.2 core-schema scalars and limits on depth and aliases."""

    yaml_implicit_resolvers: ClassVar[dict[str, list[tuple[str, re.Pattern[str]]]]] = {}

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self._depth = 0
        self._aliases = 0
        self._nodes = 0

    def compose_node(self, parent: Node | None, index: Any) -> Node:
        if not self.check_event(yaml.AliasEvent):
            self._nodes += 1  # counted as `_CScenarioLoader.descend_resolver` counts
            if self._nodes > MAX_VALUES:
                raise _TooManyValues(parent)
        if self.check_event(yaml.AliasEvent):
            self._aliases += 1
            if self._aliases > MAX_ALIASES:
                mark = self.peek_event().start_mark
                raise _LimitError(problem=f"more than {MAX_ALIASES} aliases", problem_mark=mark)
            return super().compose_node(parent, index)
        event = self.peek_event()
        nests = isinstance(event, yaml.SequenceStartEvent | yaml.MappingStartEvent)
        self._depth += nests
        try:
            if self._depth > MAX_DEPTH:
                raise _LimitError(
                    problem=f"nested deeper than {MAX_DEPTH} levels", problem_mark=event.start_mark
                )
            return super().compose_node(parent, index)
        finally:
            self._depth -= nests


ScenarioLoader.add_implicit_resolver(
    _BOOL, re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)
ScenarioLoader.add_implicit_resolver(
    _INT, re.compile(r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$"), list("-+0123456789")
)
ScenarioLoader.add_implicit_resolver(
    _FLOAT,
    re.compile(r"^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$"),
    list("-+.0123456789"),
)
ScenarioLoader.add_implicit_resolver(
    _NULL, re.compile(r"^(?:~|null|Null|NULL|)$"), ["~", "n", "N", ""]
)


class _UsePurePython(Exception):
    """The C path cannot vouch for this file: `ScenarioLoader` decides (and words any error)."""


class _TooManyValues(Exception):
    """More than `MAX_VALUES` nodes written out: refused while composing, by either path
    alike (at the collection being composed), before the rest of a hostile file is read."""

    def __init__(self, parent: Node | None) -> None:
        super().__init__()
        self.mark = parent.start_mark if parent is not None else None

    def error(self, display: str) -> ScenarioError:
        line, col = (self.mark.line + 1, self.mark.column + 1) if self.mark else (1, 1)
        return ScenarioError(display, line, col, f"file refused: more than {MAX_VALUES} values")


# Where libyaml (0.2.5) reads text that PyYAML's pure-Python parser refuses or reads otherwise.
# Such files are composed by `ScenarioLoader`, the reference; each case has a test in
# tests/test_yaml_loader_c.py, which also compares both paths on thousands of mutated files.
# - a tab: libyaml takes it for a space between tokens where PyYAML refuses it;
# - U+FEFF: libyaml skips a byte order mark at the start of any line, PyYAML only at the start
#   of the file (and `_decode` has removed that one);
# - '#' right after a block scalar's header (`|#`, `>-#`): a comment for libyaml only.
_LIBYAML_LENIENT_CHARS = ("\t", "\ufeff")
_LIBYAML_LENIENT_HEADER = re.compile(r"[|>][-+0-9]*#")
# ...and two that show only in the composed nodes, checked by `_composed_alike`:
# - inside [...] or {...}, PyYAML ends a plain scalar at '?' (libyaml reads `{a?: b}`), and
#   puts an empty value right after its ':' or '?' (libyaml: at the next token);
# - an empty value at the end of a file without a final line break: libyaml places it on a
#   line of its own after the last one.
_LINE_BREAKS = ("\n", "\r", "\x85", "\u2028", "\u2029")


if _CParser is not None:

    class _CScenarioLoader(_CParser, BaseResolver):  # type: ignore[misc, valid-type]
        """libyaml scans, parses and composes; Python only tags scalars and counts the depth.

        The tags come from the very resolvers `ScenarioLoader` uses, so both paths type every
        scalar alike. libyaml's composer recurses in C for every nesting level, where neither a
        `RecursionError` nor `MAX_DEPTH` would stop a file of 100 000 `[`: it calls
        `descend_resolver` before composing each node (aliases excepted), and that hook gives up
        past `MAX_DEPTH` levels, before the next C frame is entered. The same hook notes the
        flow collections (`[...]`, `{...}`), whose plain scalars `_composed_alike` checks.
        """

        yaml_implicit_resolvers = ScenarioLoader.yaml_implicit_resolvers

        def __init__(self, stream: str) -> None:
            _CParser.__init__(self, stream)
            BaseResolver.__init__(self)
            self.depth = 0
            self.nodes = 0
            self.flow_collections: dict[int, Node] = {}

        def descend_resolver(self, current_node: Node | None, current_index: Any) -> None:
            self.nodes += 1
            if self.nodes > MAX_VALUES:
                raise _TooManyValues(current_node)
            # Counts nodes on the stack, scalars included: a scalar inside 40 collections is
            # fine for `ScenarioLoader`, but handing that rare file to it keeps this exact.
            self.depth += 1
            if self.depth > MAX_DEPTH:
                raise _UsePurePython
            if current_node is not None and current_node.flow_style:
                self.flow_collections[id(current_node)] = current_node

        def ascend_resolver(self) -> None:
            self.depth -= 1

else:  # pragma: no cover - depends on how PyYAML was installed
    _CScenarioLoader = None


def _libyaml_keeps_the_depth_limit() -> bool:
    """Whether this PyYAML's C composer calls the depth hook, so the limit holds in front of it.

    A PyYAML whose composer stopped calling `descend_resolver` would recurse without bound on a
    hostile file; then the pure-Python path is used and only speed is lost.
    """
    if _CScenarioLoader is None:
        return False
    levels = MAX_DEPTH + 1  # a recursion of 41 C frames is harmless
    try:
        _CScenarioLoader("[" * levels + "]" * levels).get_single_node()
    except _UsePurePython:
        return True
    except Exception:  # any surprise means: do not use the C path
        return False
    return False


USE_LIBYAML: bool = _libyaml_keeps_the_depth_limit()
"""Compose with libyaml; False (no libyaml, or tests forcing the reference path): pure Python."""


@dataclass
class LoadedYaml:
    """Plain data, where each value was written, and the raw bytes (for the content hash)."""

    data: Any
    source_map: SourceMap
    raw: bytes


def read_limited(path: Path, display: str) -> bytes:
    """The file's bytes, refusing anything over `MAX_BYTES` before reading it."""
    try:
        if path.is_dir():
            raise YamlLoadError([ScenarioError(display, 1, 1, "is a directory, not a YAML file")])
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise YamlLoadError([_too_big(display, size)])
        with path.open("rb") as stream:
            raw = stream.read(MAX_BYTES + 1)  # a pipe or device may report size 0
    except YamlLoadError:
        raise
    except FileNotFoundError:
        raise YamlLoadError([ScenarioError(display, 1, 1, "no such file")]) from None
    except PermissionError:
        raise YamlLoadError([ScenarioError(display, 1, 1, "permission denied")]) from None
    except OSError as error:
        reason = error.strerror or str(error)
        raise YamlLoadError([ScenarioError(display, 1, 1, f"cannot read: {reason}")]) from None
    except ValueError as error:  # e.g. a NUL character in the path
        raise YamlLoadError([ScenarioError(display, 1, 1, f"not a usable path: {error}")]) \
            from None
    if len(raw) > MAX_BYTES:
        raise YamlLoadError([_too_big(display, len(raw))])
    return raw


def _too_big(display: str, size: int) -> ScenarioError:
    limit = MAX_BYTES // (1024 * 1024)
    message = f"file is too large ({size} bytes; the limit is {limit} MB)"
    return ScenarioError(display, 1, 1, message)


def load_yaml_file(path: Path, display: str | None = None) -> LoadedYaml:
    """Read and parse one file; raises `YamlLoadError`."""
    display = display if display is not None else str(path)
    return parse_yaml(read_limited(path, display), display)


def parse_yaml(raw: bytes, display: str) -> LoadedYaml:
    """Parse bytes as one YAML document of plain data; raises `YamlLoadError`.

    libyaml composes when it can vouch for the result; a file with any problem is read again
    by `ScenarioLoader`, so its errors are worded, placed and ordered as they always were.
    """
    if len(raw) > MAX_BYTES:
        raise YamlLoadError([_too_big(display, len(raw))])
    text = _decode(raw, display)
    try:
        node = _compose_with_libyaml(text) if USE_LIBYAML else None
    except _TooManyValues as error:
        raise YamlLoadError([error.error(display)]) from None
    if node is not None:
        data, source_map, errors = _convert(node, text, display)
        if not errors:
            return LoadedYaml(data, source_map, raw)
    node = _compose(text, display)
    if node is None:
        raise YamlLoadError([ScenarioError(display, 1, 1, "the file is empty")])
    data, source_map, errors = _convert(node, text, display)
    if errors:
        raise YamlLoadError(errors)
    return LoadedYaml(data, source_map, raw)


def _convert(node: Node, text: str, display: str) -> tuple[Any, SourceMap, list[ScenarioError]]:
    """Plain data, positions and problems of a composed document."""
    source_map = SourceMap(texts={display: text}, fallback=Position(display, 1, 1))
    converter = _Converter(display, source_map)
    crossing = _value_past_limit(node)
    if crossing is not None:  # billion laughs: refused before any value is converted
        converter._error(crossing, f"file refused: aliases expand to more than {MAX_VALUES} "
                                   "values")
        return None, source_map, converter.errors
    data = converter.convert(node, ())
    return data, source_map, converter.errors


def _value_past_limit(root: Node) -> Node | None:
    """The node that would be value number MAX_VALUES + 1 when aliases are expanded (in the
    order `_Converter` visits them), or None. Subtree sizes are counted once per node (an
    alias reuses its anchor's count), so a 370-byte billion-laughs file costs microseconds.
    A loop through an alias counts once: `_Converter` reports it."""
    sizes: dict[int, int] = {}
    active: set[int] = set()

    def size(node: Node) -> int:
        known = sizes.get(id(node))
        if known is not None:
            return known
        if id(node) in active or isinstance(node, ScalarNode):
            return 1
        active.add(id(node))
        total = 1
        for child in _children(node):
            total += size(child)
            if total > MAX_VALUES:
                break
        active.discard(id(node))
        sizes[id(node)] = total
        return total

    if size(root) <= MAX_VALUES:
        return None
    node, before = root, 0  # `before`: values visited before `node`
    while True:
        if before + 1 > MAX_VALUES:
            return node
        before += 1
        for child in _children(node):
            if before + size(child) > MAX_VALUES:
                node = child
                break
            before += size(child)
        else:
            return node


def _children(node: Node) -> list[Node]:
    if isinstance(node, SequenceNode):
        return list(node.value)
    if isinstance(node, MappingNode):
        return [value for key, value in node.value if isinstance(key, ScalarNode)]
    return []


def _compose_with_libyaml(text: str) -> Node | None:
    """The root node as libyaml composes it, or None: then `_compose` must read the file.

    None also stands for an empty document, which `_compose` reports cheaply.
    """
    if _CScenarioLoader is None or any(char in text for char in _LIBYAML_LENIENT_CHARS):
        return None
    if _LIBYAML_LENIENT_HEADER.search(text):
        return None
    if text.count("*") > MAX_ALIASES and _aliases_in(text) > MAX_ALIASES:
        return None  # every alias starts with '*': only then are the events counted
    loader = _CScenarioLoader(text)
    try:
        node: Node | None = loader.get_single_node()
    except (yaml.YAMLError, _UsePurePython, ValueError):
        return None
    if node is None or not _composed_alike(loader, node, text):
        return None
    return node


def _aliases_in(text: str) -> int:
    """Alias events in the text, counted on libyaml's events (no nodes, no recursion)."""
    assert _CParser is not None
    parser = _CParser(text)
    count = 0
    try:
        while count <= MAX_ALIASES and (event := parser.get_event()) is not None:
            count += isinstance(event, yaml.AliasEvent)
    except (yaml.YAMLError, ValueError):
        return MAX_ALIASES + 1  # broken: the reference path reports where
    return count


def _composed_alike(loader: Any, root: Node, text: str) -> bool:
    """Whether `ScenarioLoader` would compose the same nodes at the same marks (see above)."""
    for collection in loader.flow_collections.values():
        children = collection.value
        if isinstance(collection, MappingNode):
            children = [child for pair in children for child in pair]
        for child in children:
            plain = isinstance(child, ScalarNode) and not child.style
            if plain and (not child.value or "?" in child.value):
                return False
    if text.endswith(_LINE_BREAKS):
        return True
    node = root  # the last node composed is the end of this chain of last children
    while True:
        if node.start_mark.index >= len(text):
            return False
        if isinstance(node, SequenceNode) and node.value:
            node = node.value[-1]
        elif isinstance(node, MappingNode) and node.value:
            key, node = node.value[-1]
            if key.start_mark.index >= len(text):
                return False
        else:
            return True


def _compose(text: str, display: str) -> Node | None:
    """The document's root node composed by `ScenarioLoader`, the reference for every error."""
    try:
        loader = ScenarioLoader(text)
    except yaml.reader.ReaderError as error:
        raise YamlLoadError([_from_reader_error(error, text, display)]) from None
    try:
        node: Node | None = loader.get_single_node()
    except yaml.reader.ReaderError as error:
        raise YamlLoadError([_from_reader_error(error, text, display)]) from None
    except yaml.MarkedYAMLError as error:
        raise YamlLoadError([_from_yaml_error(error, display)]) from None
    except _TooManyValues as error:
        raise YamlLoadError([error.error(display)]) from None
    except yaml.YAMLError as error:
        raise YamlLoadError([ScenarioError(display, 1, 1, f"invalid YAML: {error}")]) from None
    except RecursionError:
        raise YamlLoadError([ScenarioError(display, 1, 1, "nested too deeply")]) from None
    except ValueError:  # PyYAML's chr() of a "\U..." escape past U+10FFFF (its only one);
        # the reader stands at the escape's digits, two characters after the backslash
        mark = loader.get_mark()
        message = "invalid YAML: this escape is beyond the last Unicode character, \\U0010FFFF"
        raise YamlLoadError([ScenarioError(display, mark.line + 1, mark.column - 1, message)]) \
            from None
    finally:
        loader.dispose()
    return node


def _decode(raw: bytes, display: str) -> str:
    """UTF-8 text (a BOM is allowed); a bad byte is reported where it is."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        before = raw[: error.start]
        line = before.count(b"\n") + 1
        col = len(before) - (before.rfind(b"\n") + 1) + 1
        message = f"not UTF-8 text: byte 0x{raw[error.start]:02x} is not part of a character"
        raise YamlLoadError([ScenarioError(display, line, col, message)]) from None


def _from_reader_error(error: yaml.reader.ReaderError, text: str, display: str) -> ScenarioError:
    """A control character (NUL, escape...) that YAML does not allow: binary data, usually."""
    before = text[: error.position]
    line = before.count("\n") + 1
    col = error.position - (before.rfind("\n") + 1) + 1
    message = f"not text: character U+{error.character:04X} is not allowed in a YAML file"
    return ScenarioError(display, line, col, message)


def _from_yaml_error(error: yaml.MarkedYAMLError, display: str) -> ScenarioError:
    mark = error.problem_mark or error.context_mark
    line, col = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
    problem = error.problem or "not valid YAML"
    if isinstance(error, _LimitError):
        return ScenarioError(display, line, col, f"file refused: {problem}")
    if problem.startswith("but found another document"):
        message = "a file holds one YAML document: remove this '---'"
        return ScenarioError(display, line, col, message)
    context = error.context
    plain = _plain_problem(problem, context)
    if plain is not None:
        return ScenarioError(display, line, col, f"invalid YAML: {plain} (the parser said: "
                                                 f"{problem})")
    problem += _HINTS.get(problem, "")
    if context and error.context_mark is not None and error.context_mark is not mark:
        context = f"{context} (line {error.context_mark.line + 1})"
    message = f"invalid YAML: {problem}" + (f", {context}" if context else "")
    return ScenarioError(display, line, col, message)


def _plain_problem(problem: str, context: str | None) -> str | None:
    """The parser's message in an author's words, for the messages that read as jargon."""
    if problem.startswith("expected <block end>"):
        return ("this line's indentation does not fit the lines above it: items of one "
                "mapping or list must start in the same column (indent with spaces)")
    if problem == "could not find expected ':'":
        return ("a key needs ':' after it; text that runs over several lines, or contains "
                "': ' or '#', must be in quotes")
    if problem.startswith("found unexpected end of stream"):
        if context and "quoted scalar" in context:
            return "a quote opened here is never closed"
        return "the file ends inside an unfinished value: a quote or bracket is not closed"
    if problem.startswith("expected ',' or ']'") or problem.startswith("expected ',' or '}'"):
        closing = "]" if "]" in problem else "}"
        return (f"a list or mapping in brackets is not closed with '{closing}', or two of its "
                "items lack a ',' between them")
    if problem.startswith("found undefined alias"):
        return "'*' starts an alias to an '&anchor' that is not defined: put the text in quotes"
    if problem.startswith("found character '%' that cannot start any token") or \
            problem.startswith("found character '@' that cannot start any token") or \
            problem.startswith("found character '`' that cannot start any token"):
        return "a value cannot start with this character: put the value in quotes"
    return None


_HINTS = {
    "mapping values are not allowed here": " (put text that contains ': ' in quotes)",
    "found character '\\t' that cannot start any token": " (indent with spaces, not tabs)",
}


class _Converter:
    """Turns composed nodes into plain data, checking tags and keys and noting positions."""

    def __init__(self, display: str, source_map: SourceMap) -> None:
        self.display = display
        self.map = source_map
        self.errors: list[ScenarioError] = []
        self.values = 0
        self._active: set[int] = set()
        self._too_big = False

    def _error(self, node: Node, message: str) -> None:
        mark = node.start_mark
        self.errors.append(ScenarioError(self.display, mark.line + 1, mark.column + 1, message))

    def _position(self, node: Node) -> Position:
        start, end = node.start_mark, node.end_mark
        # PyYAML marks a plain scalar None, libyaml '': Positions must not depend on the path.
        style = (node.style or None) if isinstance(node, ScalarNode) else None
        line, col = start.line + 1, start.column + 1
        return Position(self.display, line, col, start.index, end.index, style)

    def convert(self, node: Node, path: DataPath) -> Any:
        self.values += 1
        if self.values > MAX_VALUES or len(path) > MAX_DEPTH:
            if not self._too_big:
                self._too_big = True
                what = "values" if self.values > MAX_VALUES else f"levels, {MAX_DEPTH} allowed"
                limit = MAX_VALUES if self.values > MAX_VALUES else len(path)
                self._error(node, f"file refused: aliases expand to more than {limit} {what}")
            return None
        self.map.values.setdefault(path, self._position(node))
        if id(node) in self._active:
            self._error(node, "an alias refers to the collection that contains it (a loop)")
            return None
        if isinstance(node, ScalarNode):
            return self._scalar(node)
        self._active.add(id(node))
        try:
            if isinstance(node, SequenceNode):
                return self._sequence(node, path)
            if isinstance(node, MappingNode):
                return self._mapping(node, path)
        finally:
            self._active.discard(id(node))
        return None

    def _sequence(self, node: SequenceNode, path: DataPath) -> list[Any]:
        if node.tag != _SEQ:
            self._refuse_tag(node)
        return [self.convert(child, (*path, index)) for index, child in enumerate(node.value)]

    def _mapping(self, node: MappingNode, path: DataPath) -> dict[Any, Any]:
        if node.tag != _MAP:
            self._refuse_tag(node)
        result: dict[Any, Any] = {}
        first_seen: dict[Any, Node] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode):
                self._error(key_node, "a key must be a plain value, not a list or a mapping")
                continue
            key = self._scalar(key_node)
            if key == "<<" and not key_node.style:  # plain: None from PyYAML, '' from libyaml
                self._error(key_node, "merge keys (<<) are not supported: repeat the keys, or "
                            "put shared data in a base file and use extends")
                continue
            if key in first_seen:
                first = first_seen[key].start_mark
                self._error(
                    key_node,
                    f"duplicate key {key!r} (first at line {first.line + 1}, column "
                    f"{first.column + 1}): a key may appear only once in a mapping",
                )
                continue
            first_seen[key] = key_node
            self.map.keys.setdefault((*path, key), self._position(key_node))
            result[key] = self.convert(value_node, (*path, key))
        return result

    def _refuse_tag(self, node: Node) -> None:
        tag = node.tag.replace(_TAG, "!!")
        if tag.startswith("!!python"):
            reason = "Python tags are never loaded: a scenario holds plain data only"
        else:
            reason = "only plain YAML data (text, numbers, true/false, lists, mappings) is read"
        self._error(node, f"tag {tag} is not allowed: {reason}")

    def _scalar(self, node: ScalarNode) -> Any:
        value: str = node.value
        tag = node.tag
        if tag == _STR:
            return value
        if tag == _NULL and value in ("", "~", "null", "Null", "NULL"):
            return None
        if tag == _BOOL and value.lower() in ("true", "false"):
            return value.lower() == "true"
        if tag == _INT:
            number = _parse_int(value)
            if number is not None:
                return number
            self._error(node, f"{value!r} is not an integer")
            return value
        if tag == _FLOAT:
            number = _parse_float(value)
            if number is not None:
                return number
            self._error(node, f"{value!r} is not a finite number")
            return value
        if tag in (_NULL, _BOOL):
            self._error(node, f"{value!r} cannot be read as {tag.replace(_TAG, '')}")
            return value
        self._refuse_tag(node)
        return value


def _parse_int(value: str) -> int | None:
    text = value.strip()
    try:
        if text.startswith("0o"):
            return int(text[2:], 8)
        if text.startswith("0x"):
            return int(text[2:], 16)
        if len(text.lstrip("+-")) > 4300:
            return None
        return int(text, 10)
    except ValueError:
        return None


def _parse_float(value: str) -> float | None:
    try:
        number = float(value.strip())
    except ValueError:
        return None
    return number if math.isfinite(number) else None

