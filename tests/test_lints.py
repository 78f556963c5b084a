"""Lints: the silent mistakes an author makes in a well-formed scenario (issue 14).

Each test writes a scenario over the fixture base data (tests/fixtures/scenario/base.yaml)
with one mistake and checks the exact `path:line:col: warning: ...` line, that the file is
still valid (warnings are not errors), and that `validate --strict` refuses it.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from autonomy_game.cli.main import main
from autonomy_game.scenario import check_file
from tests.support.scenario_files import copy_base, scenario_head

HEAD = scenario_head(turns=8)  # what a test appends starts on line 9


@pytest.fixture
def workdir(tmp_path: Path) -> Path:
    return copy_base(tmp_path)


def warnings_for(workdir: Path, extra: str, head: str = HEAD) -> list[str]:
    path = workdir / "s.yaml"
    path.write_text(head + extra, encoding="utf-8")
    result = check_file(path, "s.yaml")
    assert result.errors == [], result.errors
    return [str(w) for w in result.warnings]


def event(when: str = "", effects: str = "[]", extra: str = "") -> str:
    condition = f"    when: \"{when}\"\n" if when else ""
    return ("events:\n"
            "  - id: e\n"
            "    title: E\n"
            "    turns: [1, 8]\n"
            f"{condition}"
            f"    effects: {effects}\n"
            f"{extra}")


def test_misspelt_variable_read_but_never_written_suggests_the_written_one(workdir: Path) -> None:
    text = event(effects='["var.cuts += 1"]') + (
        "  - id: f\n    title: F\n    turns: [1, 8]\n    when: \"var.cutz > 2\"\n"
        "    effects: [\"cohesion -= 0.1\"]\n")
    found = warnings_for(workdir, text)
    assert ("s.yaml:17:12: warning: events[1].when: var.cutz is read but nothing writes it, so "
            "it is 0 all game; did you mean var.cuts?") in found


def test_variable_written_but_never_read_is_reported_at_its_write(workdir: Path) -> None:
    found = warnings_for(workdir, event(effects='["cohesion += 0.01", "var.flag = 1"]'))
    assert found == ["s.yaml:13:36: warning: events[0].effects[1]: var.flag is written but never "
                     "read; a variable matters only where a condition, goal, chance or effect "
                     "reads it"]


def test_variable_both_written_and_read_is_not_reported(workdir: Path) -> None:
    text = event(effects='["var.n += 1"]') + (
        "  - id: f\n    title: F\n    turns: [1, 8]\n    when: \"var.n >= 2\"\n"
        "    effects: [\"cohesion -= 0.1\"]\n")
    assert warnings_for(workdir, text) == []


def test_event_whose_condition_can_never_hold_is_reported(workdir: Path) -> None:
    found = warnings_for(workdir, event(when="cohesion > 1.5", effects='["cohesion -= 0.1"]'))
    assert found == ["s.yaml:13:11: warning: events[0].when: this event condition can never "
                     "hold, whatever happens in play (the names it uses stay within their "
                     "ranges; see docs/scenario-format.md, Expressions)"]


def test_always_true_goal_is_reported() -> None:
    head = HEAD.replace('cohesion > 0.3', 'cohesion >= 0')
    path_dir = Path(__import__("tempfile").mkdtemp())
    copy_base(path_dir)
    found = warnings_for(path_dir, "", head=head)
    assert found == ["s.yaml:8:19: warning: goals.partial.when: this goal is always met, "
                     "whatever happens in play (the names it uses stay within their ranges; "
                     "see docs/scenario-format.md, Expressions)"]


def test_condition_that_can_hold_is_not_reported(workdir: Path) -> None:
    text = event(when="cohesion > 0.9 and mean(support) < 0.2 or turn >= 3",
                 effects='["cohesion -= 0.1"]')
    assert warnings_for(workdir, text) == []


def test_later_effects_after_the_last_turn_are_reported(workdir: Path) -> None:
    text = event(effects='["cohesion -= 0.1"]',
                 extra="    later: {after: 30, effects: [\"cohesion += 0.1\"]}\n")
    found = warnings_for(workdir, text)
    assert found == ["s.yaml:14:20: warning: events[0].later.after: 30 quarters after turn 1 "
                     "(the earliest this event fires) is turn 31, after the last turn (8): "
                     "these effects never happen"]


def test_decider_without_choices_is_reported(workdir: Path) -> None:
    text = event(effects='["cohesion -= 0.1"]', extra="    decider: PL\n")
    found = warnings_for(workdir, text)
    assert found == ["s.yaml:14:14: warning: events[0].decider: PL decides nothing here: the "
                     "event has no choices (add choices, or remove decider)"]


def test_redefining_a_base_hub_without_override_is_reported(workdir: Path) -> None:
    text = ("network:\n  hubs:\n"
            "    GDN: {name: Gdynia, country: PL, kind: port, capacity: 40, lon: 18.5,"
            " lat: 54.5}\n")
    found = warnings_for(workdir, text)
    assert found == ["s.yaml:11:5: warning: network.hubs.GDN: hub 'GDN' is already defined in "
                     f"{workdir / 'base.yaml'} (Gdańsk); this entry replaces its figures. "
                     "Add `override: true` if that is meant, or choose a new id"]


def test_override_true_or_a_partial_tweak_is_not_reported(workdir: Path) -> None:
    text = ("network:\n  hubs:\n"
            "    GDN: {override: true, name: Gdynia, country: PL, kind: port, capacity: 40,"
            " lon: 18.5, lat: 54.5}\n"
            "    RZE: {capacity: 70}\n")
    assert warnings_for(workdir, text) == []


def test_validate_prints_warnings_and_passes_unless_strict(
        workdir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = workdir / "s.yaml"
    path.write_text(HEAD + event(effects='["cohesion += 0.01", "var.flag = 1"]'), "utf-8")
    assert main(["validate", str(path)]) == 0
    captured = capsys.readouterr()
    assert "warning: events[0].effects[1]: var.flag is written but never read" in captured.err
    assert "ok (8 turns, 5 states, 1 events, 1 warning)" in captured.out
    assert main(["validate", "--strict", str(path)]) == 1


def test_validate_accepts_the_bundled_base_data_by_its_extends_name(
        capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", "base:eu27"]) == 0
    assert "ok (base data: 27 states" in capsys.readouterr().out


def test_unknown_base_name_lists_the_bundled_bases(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", "base:eu28"]) == 1
    err = capsys.readouterr().err
    assert "no bundled base data 'base:eu28'; did you mean 'base:eu27'? (bundled: base:eu27)" in err


def test_base_data_reference_is_generated_from_the_current_data() -> None:
    """docs/base-data.md lists every id of base:eu27; regenerate with
    `PYTHONPATH=src python -m autonomy_game.scenario.base_docs`."""
    from autonomy_game.scenario.base_docs import DOC, current_text

    text = current_text()
    assert DOC.read_text(encoding="utf-8") == text
    for ident in ("`KLJ`", "`PL_RAIL_N`", "`essi`", "`MT`", "`UA`", "`upkeep_share`"):
        assert ident in text


# -- messages that say what to do (issue 14) ---------------------------------------------------

def errors_of(workdir: Path, text: str) -> list[str]:
    path = workdir / "s.yaml"
    path.write_text(text, encoding="utf-8")
    return [str(e) for e in check_file(path, "s.yaml").errors]


def test_single_equals_in_a_condition_suggests_double_equals(workdir: Path) -> None:
    found = errors_of(workdir, HEAD + event(when="var.x = 1", effects='["var.x += 1"]'))
    assert len(found) == 1
    assert "did you mean '=='? A condition compares with ==" in found[0]
    assert found[0].startswith("s.yaml:13:")


def test_chance_written_as_a_formula_in_format_1_says_how_to_migrate(workdir: Path) -> None:
    found = errors_of(workdir, HEAD + event(effects='["cohesion -= 0.1"]',
                                            extra='    chance: "0.3 + cohesion"\n'))
    assert found == ["s.yaml:14:5: error: events[0].chance: chance as an expression was added "
                     "in format 2: write `format: 2` at the top (a format 1 file is also a valid "
                     "format 2 file)"]


def test_a_neighbour_as_decider_is_named_as_a_neighbour(workdir: Path) -> None:
    text = HEAD + event(effects='["cohesion -= 0.1"]', extra=(
        "    decider: NO\n    choices:\n      - {id: a, label: A}\n      - {id: b, label: B}\n"))
    found = errors_of(workdir, text)
    assert found == ["s.yaml:14:14: error: events[0].decider: 'NO' (Norway) is a neighbour, not "
                     "a member state; a neighbour decides events only from format 2: write "
                     "`format: 2` at the top"]


def test_events_and_choices_may_cite_a_source(workdir: Path) -> None:
    text = HEAD.replace("format: 1", "format: 2") + event(effects='["cohesion -= 0.1"]', extra=(
        "    source: nowhere_key\n    choices:\n      - {id: a, label: A, source: other_key}\n"))
    found = errors_of(workdir, text)
    assert [f.split(": error: ")[1].split(" (not")[0] for f in found] == [
        "events[0].source: unknown source 'nowhere_key'",
        "events[0].choices[0].source: unknown source 'other_key'"]


def test_yaml_indentation_error_is_said_in_plain_words(workdir: Path) -> None:
    text = HEAD + "events:\n  - id: e\n    title: E\n    turns: [1, 2]\n   effects: []\n"
    found = errors_of(workdir, text)
    assert found == ["s.yaml:13:4: error: invalid YAML: this line's indentation does not fit the "
                     "lines above it: items of one mapping or list must start in the same column "
                     "(indent with spaces) (the parser said: expected <block end>, but found "
                     "'<block mapping start>')"]


def test_uk_as_decider_names_its_iso_code_and_says_it_is_a_neighbour(workdir: Path) -> None:
    text = HEAD + event(effects='["cohesion -= 0.1"]', extra=(
        "    decider: UK\n    choices:\n      - {id: a, label: A}\n      - {id: b, label: B}\n"))
    base = (workdir / "base.yaml").read_text(encoding="utf-8")
    (workdir / "base.yaml").write_text(base.replace("  UA: {name: Ukraine}",
                                                    "  UA: {name: Ukraine}\n  GB: {name: United "
                                                    "Kingdom}"), encoding="utf-8")
    assert errors_of(workdir, text) == [
        "s.yaml:14:14: error: events[0].decider: 'UK' is not an ISO 3166-1 code: use 'GB' (a "
        "neighbour drawn on the map, not a member state)"]
