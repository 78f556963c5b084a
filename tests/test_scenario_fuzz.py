"""Whatever an author (or an attacker) writes, validation returns a list of errors and never
raises: mutate a valid scenario (delete keys, change types, corrupt bytes, truncate) and check.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from autonomy_game.scenario.errors import ScenarioError
from autonomy_game.scenario.validate import check_bytes
from autonomy_game.scenario.yaml_loader import load_yaml_file
from tests.support.fuzzing import value_paths

FIXTURES = Path(__file__).parent / "fixtures" / "scenario"
SCENARIO_PATH = FIXTURES / "fuzzed.yaml"  # never written: bases resolve next to it
SCENARIO_BYTES = (FIXTURES / "mini.yaml").read_bytes()
BASE_DATA = load_yaml_file(FIXTURES / "base.yaml").data
MERGED = {**BASE_DATA, **load_yaml_file(FIXTURES / "mini.yaml").data}
MERGED.pop("extends")

FUZZ = settings(max_examples=200, deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def _paths(value: Any) -> list[tuple[Any, ...]]:
    """Every path inside `value` but the root."""
    return value_paths(value)[1:]


PATHS = _paths(MERGED)

ODD_VALUES = st.one_of(
    st.none(), st.booleans(), st.integers(min_value=-10**6, max_value=10**6),
    st.floats(allow_nan=False, allow_infinity=False), st.text(max_size=12),
    st.sampled_from(["NO", "PL", "", "cohesion >", "strike(\"X\", 1)", "1/0", "a.b.c", "-"]),
    st.lists(st.integers(), max_size=3), st.dictionaries(st.text(max_size=4), st.integers(),
                                                         max_size=2),
)


def _mutate(document: dict[str, Any], path: tuple[Any, ...], action: str, value: Any) -> None:
    parent: Any = document
    for part in path[:-1]:
        parent = parent[part]
    last = path[-1]
    if action == "delete":
        del parent[last]
    else:
        parent[last] = value


def assert_clean(raw: bytes) -> list[ScenarioError]:
    result = check_bytes(raw, SCENARIO_PATH, "fuzzed.yaml")
    assert isinstance(result.errors, list)
    assert all(isinstance(error, ScenarioError) for error in result.errors)
    assert not any("internal error" in error.message for error in result.errors), result.errors
    for error in result.errors:
        assert error.line >= 1 and error.col >= 1
    return result.errors


def test_the_unmutated_scenario_is_valid() -> None:
    assert assert_clean(SCENARIO_BYTES) == []
    assert assert_clean(yaml.safe_dump(MERGED, allow_unicode=True).encode()) == []


@FUZZ
@given(data=st.data())
def test_deleting_or_retyping_values_never_raises(data: st.DataObject) -> None:
    document = yaml.safe_load(yaml.safe_dump(MERGED))  # a deep copy
    for _ in range(data.draw(st.integers(min_value=1, max_value=4))):
        live = _paths(document)
        if not live:
            break
        path = data.draw(st.sampled_from(live))
        action = data.draw(st.sampled_from(["delete", "replace"]))
        _mutate(document, path, action, data.draw(ODD_VALUES))
    assert_clean(yaml.safe_dump(document, allow_unicode=True).encode())


@FUZZ
@given(data=st.data())
def test_corrupted_bytes_never_raise(data: st.DataObject) -> None:
    raw = bytearray(SCENARIO_BYTES)
    for _ in range(data.draw(st.integers(min_value=1, max_value=8))):
        index = data.draw(st.integers(min_value=0, max_value=len(raw) - 1))
        raw[index] = data.draw(st.integers(min_value=0, max_value=255))
    assert_clean(bytes(raw))


@FUZZ
@given(cut=st.integers(min_value=0, max_value=len(SCENARIO_BYTES)))
def test_truncated_files_never_raise(cut: int) -> None:
    assert_clean(SCENARIO_BYTES[:cut])


@FUZZ
@given(insert=st.binary(max_size=40), at=st.integers(min_value=0, max_value=len(SCENARIO_BYTES)))
def test_inserted_junk_never_raises(insert: bytes, at: int) -> None:
    assert_clean(SCENARIO_BYTES[:at] + insert + SCENARIO_BYTES[at:])


@FUZZ
@given(text=st.text(max_size=200))
def test_arbitrary_text_never_raises(text: str) -> None:
    assert_clean(text.encode("utf-8", errors="surrogatepass"))


@FUZZ
@given(path=st.sampled_from(PATHS), value=ODD_VALUES)
def test_every_value_of_the_base_can_be_retyped(path: tuple[Any, ...], value: Any) -> None:
    document = yaml.safe_load(yaml.safe_dump(MERGED))
    _mutate(document, path, "replace", value)
    assert_clean(yaml.safe_dump(document, allow_unicode=True).encode())
