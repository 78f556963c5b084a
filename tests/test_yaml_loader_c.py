"""libyaml composing scenario files: the same result as the pure-Python path, and as safe.

`parse_yaml` composes with libyaml when PyYAML has it (`yaml_loader.USE_LIBYAML`) and hands a
file to the pure-Python `ScenarioLoader` (the reference) whenever libyaml cannot vouch for an
identical result: any problem in the file, a limit reached, or one of the few constructs
libyaml reads otherwise. These tests compare both paths on the bundled files, on each known
difference and on thousands of mutated files, and check that the depth and alias limits hold
before libyaml's recursive composer could be hurt.
"""

from __future__ import annotations

import os
import random
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from autonomy_game.scenario import yaml_loader
from autonomy_game.scenario.yaml_loader import (
    MAX_ALIASES,
    MAX_DEPTH,
    MAX_VALUES,
    YamlLoadError,
    parse_yaml,
)

pytestmark = pytest.mark.skipif(not yaml_loader.USE_LIBYAML,
                                reason="PyYAML was built without libyaml")

ROOT = Path(__file__).resolve().parent.parent
YAML_FILES = sorted([*(ROOT / "scenarios").rglob("*.yaml"), *(ROOT / "tests").rglob("*.yaml")])


def outcome(text: str | bytes, libyaml: bool) -> tuple[Any, ...]:
    """Everything `parse_yaml` tells a caller: data (types included) and positions, or errors."""
    raw = text.encode("utf-8") if isinstance(text, str) else text
    saved = yaml_loader.USE_LIBYAML
    yaml_loader.USE_LIBYAML = libyaml
    try:
        loaded = parse_yaml(raw, "t.yaml")
    except YamlLoadError as error:
        return ("errors", [str(problem) for problem in error.errors])
    finally:
        yaml_loader.USE_LIBYAML = saved
    return ("data", repr(loaded.data), loaded.source_map.values, loaded.source_map.keys)


def assert_alike(text: str | bytes) -> tuple[Any, ...]:
    with_libyaml = outcome(text, libyaml=True)
    assert with_libyaml == outcome(text, libyaml=False), repr(text)
    return with_libyaml


def composed_by_libyaml(text: str) -> bool:
    """Whether libyaml's nodes are used as they are (no hand-over to the pure-Python path)."""
    return yaml_loader._compose_with_libyaml(text) is not None


@pytest.fixture
def deepest_c_level(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[int]]:
    """The deepest level libyaml's composer was allowed to reach, recorded by its hook."""
    deepest = [0]
    hook = yaml_loader._CScenarioLoader.descend_resolver

    def recording(self: Any, node: Any, index: Any) -> None:
        deepest[0] = max(deepest[0], self.depth + 1)
        hook(self, node, index)

    monkeypatch.setattr(yaml_loader._CScenarioLoader, "descend_resolver", recording)
    yield deepest


# -- the bundled files --------------------------------------------------------------------------


def test_libyaml_is_used_when_pyyaml_has_it() -> None:
    assert yaml.__with_libyaml__ and yaml_loader.USE_LIBYAML


@pytest.mark.parametrize("path", YAML_FILES, ids=lambda path: path.name)
def test_every_bundled_file_is_composed_by_libyaml_alike(path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    text = path.read_text(encoding="utf-8")
    assert composed_by_libyaml(text)
    expected = outcome(text, libyaml=False)

    def no_fallback(*args: object) -> None:
        raise AssertionError("the pure-Python path was used")

    monkeypatch.setattr(yaml_loader, "_compose", no_fallback)
    if expected[0] == "data":  # test fixtures may be broken on purpose
        assert outcome(text, libyaml=True) == expected


# -- limits, with libyaml composing -------------------------------------------------------------


@pytest.mark.parametrize("text", [
    "[" * 100_000 + "]" * 100_000,
    "[" * 100_000,
    "{a: " * 100_000 + "}" * 100_000,
    "- " * 100_000 + "x\n",
    "".join("  " * level + "a:\n" for level in range(1000)) + "  " * 1000 + "x\n",
], ids=["flow-sequences", "unclosed", "flow-mappings", "block-sequences", "block-mappings"])
def test_deep_nesting_stops_libyaml_at_the_limit(text: str, deepest_c_level: list[int]) -> None:
    result = assert_alike(text)
    assert result[0] == "errors" and "nested deeper than 40 levels" in result[1][0]
    # Either the hook refused the 41st level, or libyaml refused the text before composing a
    # single node: libyaml 0.2.5 as built into PyYAML 6.0.4 wheels limits flow nesting in its
    # scanner, which reads a run of `[` ahead. Both stop before any deep C recursion.
    assert deepest_c_level[0] in (0, MAX_DEPTH + 1)


def test_nesting_at_the_limit_is_composed_by_libyaml(deepest_c_level: list[int]) -> None:
    text = "[" * MAX_DEPTH + "]" * MAX_DEPTH
    assert composed_by_libyaml(text) and deepest_c_level[0] == MAX_DEPTH
    assert assert_alike(text)[0] == "data"


def test_100000_brackets_do_not_crash_a_fresh_process() -> None:
    """A crash (segfault) would end the test run, so the real thing runs in a child process."""
    code = ("from autonomy_game.scenario import yaml_loader as y\n"
            "assert y.USE_LIBYAML\n"
            "try:\n"
            "    y.parse_yaml(b'[' * 100_000 + b']' * 100_000, 'deep.yaml')\n"
            "except y.YamlLoadError as error:\n"
            "    print(error)\n")
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True,
                          timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout == "deep.yaml:1:41: error: file refused: nested deeper than 40 levels\n"


def test_the_c_path_is_off_if_pyyaml_stops_calling_the_depth_hook(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(yaml_loader._CScenarioLoader, "descend_resolver",
                        lambda self, node, index: None)
    assert yaml_loader._libyaml_keeps_the_depth_limit() is False


def _aliases(count: int) -> str:
    return "a: &a 1\nb: [" + ", ".join(["*a"] * count) + "]\n"


def test_more_than_1000_aliases_are_refused_alike() -> None:
    result = assert_alike(_aliases(MAX_ALIASES + 1))
    assert result[0] == "errors" and f"more than {MAX_ALIASES} aliases" in result[1][0]
    assert not composed_by_libyaml(_aliases(MAX_ALIASES + 1))


def test_1000_aliases_are_composed_by_libyaml() -> None:
    assert composed_by_libyaml(_aliases(MAX_ALIASES))
    assert assert_alike(_aliases(MAX_ALIASES))[0] == "data"


def test_many_multiplications_are_no_aliases() -> None:
    """Over 1000 '*' in expressions: libyaml's events are counted, and there is no alias."""
    text = "effects:\n" + "".join(f"  - x{i} * 2 * 3\n" for i in range(600))
    assert composed_by_libyaml(text)
    assert assert_alike(text)[0] == "data"


def test_billion_laughs_is_refused_alike() -> None:
    lines = ["l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    for level in range(1, 10):
        lines.append(f"l{level}: &l{level} [{', '.join([f'*l{level - 1}'] * 10)}]")
    result = assert_alike("\n".join(lines) + "\n")
    assert result == ("errors", ["t.yaml:1:50: error: file refused: aliases expand to more than "
                                 f"{MAX_VALUES} values"])


def test_deep_nesting_through_aliases_is_refused_alike() -> None:
    lines = ["a0: &a0 " + "[" * 30 + "]" * 30]
    for level in range(1, 4):
        lines.append(f"a{level}: &a{level} " + "[" * 30 + f"*a{level - 1}" + "]" * 30)
    result = assert_alike("\n".join(lines) + "\n")
    assert result[0] == "errors" and "levels" in result[1][0]


def test_an_alias_loop_is_refused_alike() -> None:
    assert assert_alike("a: &x [1, {b: *x}]\n") == (
        "errors", ["t.yaml:1:4: error: an alias refers to the collection that contains it "
                   "(a loop)"])


# -- where libyaml reads otherwise: the pure-Python path decides --------------------------------


@pytest.mark.parametrize("text", [
    "a: 1\nsour\tce: x\n",          # libyaml: a tab separates tokens; PyYAML: an error
    "a: [1,\t2]\n",
    "a: 1\n\ufeffb: 2\n",           # libyaml skips a byte order mark at the start of any line
    "a: |#\n  x\n",                 # libyaml: '#' right after a block header is a comment
    "a: >-#c\n  x\n",
    "t: {a?: b}\n",                 # PyYAML ends a plain scalar at '?' inside {...} or [...]
    "t: [why?]\n",
    "t: {a: }\n",                   # empty value in {...}: PyYAML puts it after ':', libyaml
    "t: [a: , b]\n",                # at the next token
    "t: {? }\n",
    "a: 1\nb:",                     # empty value at the end without a line break: libyaml
    "? a",                          # places it on a line after the last
    "---",
], ids=repr)
def test_constructs_libyaml_reads_otherwise_go_the_pure_python_way(text: str) -> None:
    assert not composed_by_libyaml(text)
    assert_alike(text)


@pytest.mark.parametrize("text", [
    "a: [b:]\n",                    # libyaml refuses what PyYAML reads
    "a: {b:[c]}\n",
    'a: "\\ud800"\n',
    "%YAML 1.3\n---\na: 1\n",
    "a: [1, 2\nb: 3\n",             # broken for both: PyYAML's words and places
    "title: Europe: the test\n",
    "a:\n\tb: 1\n",
    "a: 1\n---\nb: 2\n",
    "a: *nowhere\n",
    "a: &x 1\nb: &x 2\n",
    "a: 1\na: 2\n",                 # composed by libyaml, refused by the converter
    "a: !!python/object/apply:os.system ['echo hi']\n",
    "<<: {a: 1}\n",
], ids=repr)
def test_problems_are_reported_in_the_pure_python_words(text: str) -> None:
    assert_alike(text)


def test_libyaml_words_syntax_errors_otherwise() -> None:
    """Why broken files are read again: libyaml says "mapping values are not allowed in this
    context" and suggests nothing; authors read PyYAML's message and the hint, on both paths."""
    text = "title: Europe: the test\n"
    with pytest.raises(yaml.YAMLError) as caught:
        yaml.load(text, Loader=yaml.CSafeLoader)
    assert "(put text" not in str(caught.value)
    assert assert_alike(text) == ("errors", [
        "t.yaml:1:14: error: invalid YAML: mapping values are not allowed here (put text that "
        "contains ': ' in quotes)"])


def test_plain_scalars_keep_their_style_on_both_paths() -> None:
    """libyaml marks a plain scalar '' and PyYAML None: positions (and `<<`) must not differ."""
    assert assert_alike("a: x\nb: 'y'\nc: |\n  z\n")[0] == "data"
    assert assert_alike("'<<': {a: 1}\n")[0] == "data"  # a quoted key is an ordinary key


# -- differential fuzzing -----------------------------------------------------------------------

ATOMS = ["a", "b", "1", "x y", "é", "NO", "'q'", '"d"', "?", ":", ": ", " ", "\n", "\n  ",
         "\n- ", "- ", "[", "]", "{", "}", ", ", ",", "? ", "&a ", "*a", "!!str ", "#c", " #c",
         "|\n  t\n", ">-\n  t\n", "---\n", "...\n", "\r\n", "\u2028", "\x85", "-", "a:b", "a?b",
         "  ", "!x ", "%YAML 1.1\n", "%TAG !e! tag:e,1:\n", "!e!x ", "\\", "'", '"', "\t",
         "\ufeff", "|#", "\U0001f600", "\\U0001F600", "<<: "]


@settings(max_examples=600, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(ATOMS), min_size=1, max_size=14))
def test_random_yaml_reads_alike(atoms: list[str]) -> None:
    assert_alike("".join(atoms))


def _mutated(rng: random.Random, lines: list[str]) -> str:
    start = rng.randrange(len(lines))
    text = "".join(lines[start:start + rng.randint(1, 30)])
    for _ in range(rng.randint(1, 4)):
        at = rng.randint(0, len(text))
        end = min(len(text), at + rng.randint(1, 8))
        action = rng.random()
        if action < 0.6:
            text = text[:at] + rng.choice(ATOMS) + text[at:]
        elif action < 0.8:
            text = text[:at] + text[end:]
        else:
            text = text[:at] + text[at:end] * 2 + text[end:]
    return text


def test_mutated_bundled_files_read_alike() -> None:
    """Windows of the bundled files with tokens inserted, cut or doubled; about one in five
    stays valid YAML, so both accepted and refused files are compared."""
    rng = random.Random(2025)
    sources = [path.read_text(encoding="utf-8").splitlines(keepends=True) for path in YAML_FILES]
    read = 0
    for _ in range(1500):
        read += assert_alike(_mutated(rng, rng.choice(sources)))[0] == "data"
    assert read > 150
