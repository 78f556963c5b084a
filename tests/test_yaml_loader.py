"""The safe YAML loader: YAML 1.2 scalars, duplicate keys, tags, limits, positions.

Every test runs twice: with libyaml composing (when PyYAML has it) and on the pure-Python path
(`USE_LIBYAML` off), which must give the same data, positions and messages.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from autonomy_game.scenario import yaml_loader
from autonomy_game.scenario.positions import Position, locate_in_scalar, render_path
from autonomy_game.scenario.yaml_loader import (
    MAX_ALIASES,
    MAX_BYTES,
    MAX_DEPTH,
    LoadedYaml,
    YamlLoadError,
    load_yaml_file,
    parse_yaml,
)


@pytest.fixture(autouse=True, params=["libyaml", "pure-python"])
def yaml_path(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Which composer `parse_yaml` uses in this run of the test."""
    if request.param == "libyaml" and not yaml_loader.USE_LIBYAML:
        pytest.skip("PyYAML was built without libyaml")
    monkeypatch.setattr(yaml_loader, "USE_LIBYAML", request.param == "libyaml")
    return str(request.param)


def load(text: str | bytes) -> LoadedYaml:
    raw = text.encode("utf-8") if isinstance(text, str) else text
    return parse_yaml(raw, "test.yaml")


def errors_of(text: str | bytes) -> list[str]:
    with pytest.raises(YamlLoadError) as caught:
        load(text)
    return [str(error) for error in caught.value.errors]


# -- YAML 1.2 scalars ---------------------------------------------------------------------------


def test_country_code_NO_stays_a_string() -> None:
    assert load("code: NO\nneighbours: [NO, SE]").data == {"code": "NO",
                                                           "neighbours": ["NO", "SE"]}


@pytest.mark.parametrize("word", ["yes", "no", "on", "off", "Yes", "OFF", "y", "n"])
def test_yaml_1_1_booleans_stay_strings(word: str) -> None:
    assert load(f"x: {word}").data == {"x": word}


@pytest.mark.parametrize(("text", "value"), [("true", True), ("false", False), ("True", True),
                                             ("FALSE", False)])
def test_only_true_and_false_are_booleans(text: str, value: bool) -> None:
    assert load(f"x: {text}").data["x"] is value


def test_numbers_follow_yaml_1_2() -> None:
    data = load("a: 010\nb: 1:20\nc: 1e3\nd: -2.5\ne: 0x1F\nf: 0o17\ng: 1_000").data
    assert data == {"a": 10, "b": "1:20", "c": 1000.0, "d": -2.5, "e": 31, "f": 15, "g": "1_000"}


def test_dates_and_infinities_stay_strings() -> None:
    assert load("d: 2025-01-01\ni: .inf\nn: .nan").data == {"d": "2025-01-01", "i": ".inf",
                                                           "n": ".nan"}


def test_null_and_empty_values_are_none() -> None:
    assert load("a:\nb: ~\nc: null").data == {"a": None, "b": None, "c": None}


def test_a_number_too_large_for_a_float_is_an_error() -> None:
    assert errors_of("x: 1e999") == ["test.yaml:1:4: error: '1e999' is not a finite number"]


# -- keys ---------------------------------------------------------------------------------------


def test_duplicate_key_reports_line_and_column() -> None:
    errors = errors_of("a: 1\nstates:\n  PL: 1\n  PL: 2\n")
    assert errors == ["test.yaml:4:3: error: duplicate key 'PL' (first at line 3, column 3): a "
                      "key may appear only once in a mapping"]


def test_every_duplicate_key_is_reported() -> None:
    errors = errors_of("a: 1\nb: 2\na: 3\nb: 4\n")
    assert [e.split(": error")[0] for e in errors] == ["test.yaml:3:1", "test.yaml:4:1"]


def test_a_list_as_key_is_refused() -> None:
    errors = errors_of("? [a, b]\n: 1\n")
    assert errors == ["test.yaml:1:3: error: a key must be a plain value, not a list or a mapping"]


def test_merge_keys_are_refused() -> None:
    errors = errors_of("base: &b {x: 1}\nother:\n  <<: *b\n")
    assert len(errors) == 1 and errors[0].startswith("test.yaml:3:3: error: merge keys (<<)")


# -- tags ---------------------------------------------------------------------------------------


def test_python_tag_is_refused_with_a_clean_error() -> None:
    errors = errors_of("x: !!python/object/apply:os.system ['echo hi']\n")
    assert errors == ["test.yaml:1:4: error: tag !!python/object/apply:os.system is not "
                      "allowed: Python tags are never loaded: a scenario holds plain data only"]


@pytest.mark.parametrize("text", ["x: !custom 1", "x: !!binary aGVsbG8=", "x: !!set {a}",
                                  "x: !!omap [a: 1]"])
def test_non_data_tags_are_refused(text: str) -> None:
    errors = errors_of(text)
    assert len(errors) == 1 and errors[0].startswith("test.yaml:1:4: error: tag ")
    assert "is not allowed" in errors[0]


def test_explicit_str_tag_is_allowed() -> None:
    assert load("x: !!str 12").data == {"x": "12"}


# -- text and syntax ----------------------------------------------------------------------------


def test_invalid_utf8_reports_line_and_column() -> None:
    errors = errors_of(b"a: 1\nbb: caf\xe9\n")
    assert errors == ["test.yaml:2:8: error: not UTF-8 text: byte 0xe9 is not part of a "
                      "character"]


def test_binary_junk_is_a_clean_error() -> None:
    errors = errors_of(bytes(range(256)) * 4)
    assert len(errors) == 1 and errors[0].startswith("test.yaml:")


def test_control_characters_are_refused_with_their_position() -> None:
    assert errors_of("a: 1\nb: x\x00y\n") == [
        "test.yaml:2:5: error: not text: character U+0000 is not allowed in a YAML file"]


def test_a_utf8_byte_order_mark_is_accepted() -> None:
    assert load(b"\xef\xbb\xbfa: 1").data == {"a": 1}


def test_syntax_error_reports_line_and_column() -> None:
    errors = errors_of("a: [1, 2\nb: 3\n")
    assert len(errors) == 1 and errors[0].startswith("test.yaml:2:2: error: invalid YAML: ")


def test_unquoted_colon_gets_a_hint() -> None:
    errors = errors_of("title: Europe: the test\n")
    assert errors == ["test.yaml:1:14: error: invalid YAML: mapping values are not allowed here "
                      "(put text that contains ': ' in quotes)"]


def test_tab_indentation_gets_a_hint() -> None:
    errors = errors_of("a:\n\tb: 1\n")
    assert "indent with spaces, not tabs" in errors[0] and errors[0].startswith("test.yaml:2:1:")


@pytest.mark.parametrize("text", ["", "   \n", "# only a comment\n"])
def test_empty_file_is_an_error(text: str) -> None:
    assert errors_of(text) == ["test.yaml:1:1: error: the file is empty"]


def test_a_second_document_is_refused() -> None:
    assert errors_of("a: 1\n---\nb: 2\n") == [
        "test.yaml:2:1: error: a file holds one YAML document: remove this '---'"]


def test_an_escape_past_the_last_unicode_character_is_an_error() -> None:
    assert errors_of('a: 1\nb: "x\\U00110000"\n') == [
        "test.yaml:2:6: error: invalid YAML: this escape is beyond the last Unicode character, "
        "\\U0010FFFF"]


def test_undefined_alias_is_an_error() -> None:
    errors = errors_of("a: *nowhere\n")
    assert errors == ["test.yaml:1:4: error: invalid YAML: '*' starts an alias to an '&anchor' "
                      "that is not defined: put the text in quotes (the parser said: found "
                      "undefined alias 'nowhere')"]


# -- limits -------------------------------------------------------------------------------------


def test_nesting_of_40_levels_is_accepted() -> None:
    assert load("[" * MAX_DEPTH + "]" * MAX_DEPTH).data is not None


def test_nesting_deeper_than_40_levels_is_refused() -> None:
    errors = errors_of("[" * (MAX_DEPTH + 1) + "]" * (MAX_DEPTH + 1))
    assert errors == [f"test.yaml:1:41: error: file refused: nested deeper than {MAX_DEPTH} "
                      "levels"]


def test_very_deep_nesting_is_refused_without_recursion_error() -> None:
    errors = errors_of("[" * 200_000 + "]" * 200_000)
    assert "nested deeper than" in errors[0]


def test_more_than_1000_aliases_are_refused() -> None:
    text = "a: &a 1\nb: [" + ", ".join(["*a"] * (MAX_ALIASES + 1)) + "]\n"
    errors = errors_of(text)
    assert len(errors) == 1 and f"more than {MAX_ALIASES} aliases" in errors[0]
    assert errors[0].startswith("test.yaml:2:")


def test_billion_laughs_is_refused() -> None:
    lines = ["l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    for level in range(1, 9):
        refs = ", ".join([f"*l{level - 1}"] * 10)
        lines.append(f"l{level}: &l{level} [{refs}]")
    errors = errors_of("\n".join(lines) + "\n")
    assert len(errors) == 1 and "aliases expand to more than" in errors[0]


def test_deep_nesting_through_aliases_is_refused() -> None:
    lines = ["a0: &a0 " + "[" * 30 + "]" * 30]
    for level in range(1, 4):
        lines.append(f"a{level}: &a{level} " + "[" * 30 + f"*a{level - 1}" + "]" * 30)
    errors = errors_of("\n".join(lines) + "\n")
    assert len(errors) == 1 and "levels" in errors[0]


def test_an_alias_inside_its_own_anchor_is_refused() -> None:
    errors = errors_of("a: &x [1, *x]\n")
    assert errors == ["test.yaml:1:4: error: an alias refers to the collection that contains it "
                      "(a loop)"]


def test_ordinary_aliases_are_expanded() -> None:
    assert load("a: &x {k: 1}\nb: *x\n").data == {"a": {"k": 1}, "b": {"k": 1}}


def test_file_over_2_mb_is_refused_by_size_without_reading(tmp_path: Path,
                                                            monkeypatch: pytest.MonkeyPatch
                                                            ) -> None:
    huge = tmp_path / "huge.yaml"
    with huge.open("wb") as stream:
        stream.truncate(100 * 1024 * 1024)  # sparse: 100 MB on paper, nothing on disk

    def refuse_to_open(*args: object, **kwargs: object) -> None:
        raise AssertionError("the file was opened")

    monkeypatch.setattr(Path, "open", refuse_to_open)
    with pytest.raises(YamlLoadError) as caught:
        load_yaml_file(huge, "huge.yaml")
    assert [str(e) for e in caught.value.errors] == [
        "huge.yaml:1:1: error: file is too large (104857600 bytes; the limit is 2 MB)"]


def test_bytes_over_2_mb_are_refused() -> None:
    errors = errors_of(b"a: 1\n" + b"#" * MAX_BYTES)
    assert errors[0].startswith("test.yaml:1:1: error: file is too large")


def test_missing_file_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(YamlLoadError) as caught:
        load_yaml_file(tmp_path / "nope.yaml", "nope.yaml")
    assert [str(e) for e in caught.value.errors] == ["nope.yaml:1:1: error: no such file"]


def test_directory_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(YamlLoadError) as caught:
        load_yaml_file(tmp_path, "dir")
    assert [str(e) for e in caught.value.errors] == [
        "dir:1:1: error: is a directory, not a YAML file"]


def test_permission_denied_is_an_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "secret.yaml"
    path.write_text("a: 1\n")

    def denied(*args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(Path, "open", denied)  # running as root, chmod would not stop a read
    with pytest.raises(YamlLoadError) as caught:
        load_yaml_file(path, "secret.yaml")
    assert [str(e) for e in caught.value.errors] == ["secret.yaml:1:1: error: permission denied"]


# -- positions ----------------------------------------------------------------------------------


def test_positions_of_values_and_keys_are_one_based() -> None:
    loaded = load("states:\n  PL:\n    gdp: 850\n")
    value = loaded.source_map.value(("states", "PL", "gdp"))
    key = loaded.source_map.key(("states", "PL", "gdp"))
    assert (value.line, value.col) == (3, 10)
    assert (key.line, key.col) == (3, 5)


def test_position_of_a_missing_value_falls_back_to_its_parent() -> None:
    loaded = load("states:\n  PL: {gdp: 850}\n")
    position = loaded.source_map.value(("states", "PL", "population"))
    assert (position.line, position.col) == (2, 7)


def test_render_path_reads_like_the_file() -> None:
    assert render_path(("events", 2, "effects", 0)) == "events[2].effects[0]"
    assert render_path(()) == "(top level)"


@pytest.mark.parametrize(("text", "offset", "expected"), [
    ("when: cohesion > x\n", 11, (1, 18)),
    ("when: 'cohesion > x'\n", 11, (1, 19)),
    ('when: "cohesion > x"\n', 11, (1, 19)),
    ('when: "say(\\"hi\\") + x"\n', 13, (1, 23)),
    ("when: |\n  cohesion >\n    x\n", 13, (3, 5)),
    ("when: cohesion >\n  x\n", 11, (2, 3)),
])
def test_offsets_inside_scalars_map_to_line_and_column(text: str, offset: int,
                                                       expected: tuple[int, int]) -> None:
    loaded = load(text)
    value = loaded.data["when"]
    assert loaded.source_map.inside(("when",), offset, value) == expected


def test_offset_at_the_end_points_just_after_the_last_character() -> None:
    position = Position("f", 1, 7, 0, 8, "|")
    assert locate_in_scalar("|\n  a >\n", position, "a >\n", 4) == (2, 6)
