"""Scenario validation: every error category, with its message, line and column.

Fixtures: `tests/fixtures/scenario/base.yaml` (five states, three hubs, two initiatives) and
`mini.yaml`, a small valid scenario over it. Each test writes a scenario next to a copy of the
base and checks the exact `path:line:col: error: message` lines.
"""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest

from autonomy_game.engine.parameters import PARAMETERS
from autonomy_game.resources import data_path
from autonomy_game.scenario import (
    ScenarioLoadError,
    bundled_scenarios,
    check_file,
    load_scenario,
    validate_file,
)
from autonomy_game.scenario.merge import deep_merge
from autonomy_game.scenario.schema import build_schema, load_schema, schema_text
from autonomy_game.scenario.validate import check_bytes
from autonomy_game.scenario.yaml_loader import load_yaml_file
from tests.support.scenario_files import FIXTURES, copy_base, errors_for, scenario_head

REPO = Path(__file__).resolve().parents[1]

HEAD = scenario_head(turns=8)  # 8 lines: appended text starts on line 9


@pytest.fixture
def workdir(tmp_path: Path) -> Path:
    return copy_base(tmp_path)


def scenario_errors(workdir: Path, extra: str) -> list[str]:
    return errors_for(workdir, HEAD + extra)


# -- valid files --------------------------------------------------------------------------------


def test_fixture_base_data_is_valid_on_its_own() -> None:
    result = check_file(FIXTURES / "base.yaml", "base.yaml")
    assert result.errors == []
    assert result.is_base_data
    assert result.summary() == "base.yaml: ok (base data: 5 states, 3 hubs, 2 initiatives)"


def test_fixture_scenario_is_valid_and_summarised() -> None:
    result = check_file(FIXTURES / "mini.yaml", "mini.yaml")
    assert result.errors == []
    assert result.summary() == "mini.yaml: ok (8 turns, 5 states, 2 events)"


def test_load_scenario_builds_typed_records_with_defaults() -> None:
    scenario = load_scenario(FIXTURES / "mini.yaml")
    assert scenario.id == "mini" and scenario.turns == 8
    assert scenario.members == ["DE", "FR", "PL", "IT", "HU"]
    assert scenario.start_year == 2027 and scenario.start_quarter == 1
    assert scenario.europe == {"us_commitment": 1.0, "cohesion": 0.6,
                               "adversary_pressure": 0.3, "eu_funds": 10.0, "epf_funds": 0.0}
    assert scenario.parameters["us_drawdown"] == 0.05
    assert scenario.parameters["ai_noise"] == PARAMETERS["ai_noise"].default
    drones, blockade = scenario.events
    assert (drones.first_turn, drones.last_turn, drones.chance, drones.once) == (2, 6, 0.5, True)
    assert (blockade.first_turn, blockade.last_turn, blockade.chance) == (4, 4, 1.0)
    assert blockade.decider == "council" and blockade.when is None
    assert drones.when is not None and (drones.when.line, drones.when.col) == (15, 11)
    assert scenario.initiatives["ammo"].min_participants == 3  # the parameter's default
    assert scenario.initiatives["essi"].delivers.hubs == {"air_defence": 0.3}
    assert scenario.available_initiatives == ["essi", "ammo"]
    assert scenario.states["HU"].sources["gdp"] == "test_estimate"  # the state's own source
    assert scenario.states["HU"].sources["threat.east"] == "test_estimate"
    assert scenario.states["PL"].sources["gdp"] == "eurostat_gdp_2024"  # field_sources
    assert scenario.goals.defeat[0].id == "split"
    assert scenario.objectives["PL"].when.text == "initiative.essi.adopted"
    assert scenario.hubs["RZE"].country == "PL"
    assert scenario.corridors["PL_RAIL"].path == ("GDN", "RZE", "MED")


def test_content_hash_covers_the_scenario_and_its_base() -> None:
    scenario = load_scenario(FIXTURES / "mini.yaml")
    raw = (FIXTURES / "mini.yaml").read_bytes() + (FIXTURES / "base.yaml").read_bytes()
    assert scenario.content_hash == hashlib.sha256(raw).hexdigest()


def test_content_hash_changes_when_the_base_changes(workdir: Path) -> None:
    shutil.copy(FIXTURES / "mini.yaml", workdir / "mini.yaml")
    before = load_scenario(workdir / "mini.yaml").content_hash
    with (workdir / "base.yaml").open("a") as stream:
        stream.write("# a comment changes the bytes\n")
    assert load_scenario(workdir / "mini.yaml").content_hash != before


# -- extends and merging ------------------------------------------------------------------------


def test_deep_merge_merges_mappings_and_replaces_lists() -> None:
    base = {"a": {"x": 1, "y": [1, 2]}, "b": 1}
    over = {"a": {"y": [3], "z": 2}}
    assert deep_merge(base, over) == {"a": {"x": 1, "y": [3], "z": 2}, "b": 1}


def test_scenario_overrides_one_figure_of_a_base_state(workdir: Path) -> None:
    path = workdir / "s.yaml"
    path.write_text(HEAD + "states:\n  PL: {support: 0.9}\n")
    scenario = load_scenario(path)
    assert scenario.states["PL"].support == 0.9
    assert scenario.states["PL"].gdp == 850  # still the base's


def test_scenario_list_replaces_the_base_list(workdir: Path) -> None:
    path = workdir / "s.yaml"
    path.write_text(HEAD + "network:\n  corridors:\n    PL_RAIL: {path: [GDN, MED]}\n")
    scenario = load_scenario(path)
    assert scenario.corridors["PL_RAIL"].path == ("GDN", "MED")
    assert scenario.corridors["PL_RAIL"].capacity == 80


def test_missing_base_file_is_reported_at_extends(workdir: Path) -> None:
    errors = errors_for(workdir, HEAD.replace("base.yaml", "nope.yaml"))
    assert len(errors) == 1
    assert errors[0].startswith("s.yaml:4:10: error: extends: cannot read 'nope.yaml': no such "
                                "file")


def test_extends_cycle_is_reported(workdir: Path) -> None:
    (workdir / "a.yaml").write_text("format: 1\nextends: b.yaml\n")
    (workdir / "b.yaml").write_text("format: 1\nextends: a.yaml\n")
    errors = errors_for(workdir, HEAD.replace("base.yaml", "a.yaml"))
    assert len(errors) == 1
    assert errors[0].startswith(f"{workdir / 'b.yaml'}:2:10: error: extends: a cycle (")


def test_extends_chain_deeper_than_the_limit_is_reported(workdir: Path) -> None:
    for level in range(12):
        (workdir / f"l{level}.yaml").write_text(f"format: 1\nextends: l{level + 1}.yaml\n")
    (workdir / "l12.yaml").write_text("format: 1\n")
    errors = errors_for(workdir, HEAD.replace("base.yaml", "l0.yaml"))
    assert len(errors) == 1 and "extends: more than 8 files deep" in errors[0]


def test_errors_in_the_base_are_reported_in_the_base_file(workdir: Path) -> None:
    base = (workdir / "base.yaml").read_text().replace("gdp: 850", "gdp: lots")
    (workdir / "base.yaml").write_text(base)
    line = next(i for i, text in enumerate(base.splitlines(), 1) if "gdp: lots" in text)
    errors = scenario_errors(workdir, "")
    assert errors == [f"{workdir / 'base.yaml'}:{line}:10: error: states.PL.gdp: expected a "
                      "number, found the text 'lots'"]


def test_yaml_errors_in_the_base_name_both_files(workdir: Path) -> None:
    (workdir / "base.yaml").write_text("format: 1\nstates: [\n")
    errors = scenario_errors(workdir, "")
    assert errors[0].startswith(f"{workdir / 'base.yaml'}:3:1: error: invalid YAML")
    assert errors[1] == ("s.yaml:4:10: error: extends: the base file 'base.yaml' cannot be used "
                         "(see its errors)")


def test_extends_must_be_text(workdir: Path) -> None:
    errors = errors_for(workdir, HEAD.replace("extends: base.yaml", "extends: [base.yaml]"))
    assert errors == ["s.yaml:4:10: error: extends: expected the path of a base data file "
                      "(e.g. data/eu27.yaml) or base:NAME"]


def test_unknown_bundled_base_is_reported(workdir: Path) -> None:
    errors = errors_for(workdir, HEAD.replace("extends: base.yaml", "extends: base:nowhere"))
    assert errors == ["s.yaml:4:10: error: extends: no bundled base data named 'nowhere' "
                      "(bundled: base:eu27)"]


def test_extends_base_eu27_names_the_bundled_base_data(workdir: Path) -> None:
    text = HEAD.replace("extends: base.yaml", "extends: base:eu27")
    path = workdir / "s.yaml"
    path.write_text(text)
    assert check_file(path).errors == []
    assert len(load_scenario(path).states) == 27


# -- structure: types, keys, ranges -------------------------------------------------------------


def test_wrong_type_reports_line_and_column(workdir: Path) -> None:
    errors = scenario_errors(workdir, "states:\n  PL: {gdp: lots}\n")
    assert errors == ["s.yaml:10:13: error: states.PL.gdp: expected a number, found the text "
                      "'lots'"]


def test_boolean_is_not_a_number(workdir: Path) -> None:
    errors = scenario_errors(workdir, "states:\n  PL: {support: true}\n")
    assert errors == ["s.yaml:10:17: error: states.PL.support: expected a number, found true "
                      "(a boolean)"]


def test_country_code_NO_as_value_stays_text_and_is_checked_as_a_state(workdir: Path) -> None:
    errors = scenario_errors(workdir, "suggested_humans: [NO]\n")
    assert errors == ["s.yaml:9:20: error: suggested_humans[0]: unknown state 'NO' (not under "
                      "states)"]


def test_fraction_where_a_whole_number_is_needed(workdir: Path) -> None:
    errors = errors_for(workdir, HEAD.replace("turns: 8", "turns: 8.5"))
    assert errors == ["s.yaml:5:8: error: turns: expected a whole number, found the number 8.5"]


def test_unknown_key_suggests_the_closest_known_key(workdir: Path) -> None:
    errors = scenario_errors(workdir, "states:\n  PL: {gpd: 900}\n")
    assert errors == ["s.yaml:10:8: error: unknown key 'gpd' in states.PL; did you mean 'gdp'?"]


def test_unknown_top_level_key_suggests_the_closest(workdir: Path) -> None:
    errors = scenario_errors(workdir, "evnts: []\n")
    assert errors == ["s.yaml:9:1: error: unknown key 'evnts'; did you mean 'events'?"]


def test_unknown_enum_value_suggests_the_closest(workdir: Path) -> None:
    errors = scenario_errors(workdir, "network:\n  hubs:\n    RZE: {kind: airprt}\n")
    assert errors == ["s.yaml:11:17: error: network.hubs.RZE.kind: unknown value 'airprt' "
                      "(expected one of port, airport, rail, road, crossing); did you mean "
                      "'airport'?"]


def test_unknown_domain_key_is_reported_at_the_key(workdir: Path) -> None:
    errors = scenario_errors(workdir, "requirements:\n  air_defense: 10\n")
    assert errors == ["s.yaml:10:3: error: requirements: unknown key 'air_defense' (expected one "
                      "of land, air, air_defence, isr, enablers, cyber, energy, mobility); did "
                      "you mean 'air_defence'?"]


def test_value_out_of_range_reports_line_and_column(workdir: Path) -> None:
    errors = scenario_errors(workdir, "europe:\n  cohesion: 1.5\n")
    assert errors == ["s.yaml:10:13: error: europe.cohesion: 1.5 is out of range (must be from "
                      "0 to 1)"]


def test_parameter_out_of_range_and_unknown_parameter(workdir: Path) -> None:
    errors = scenario_errors(workdir, "parameters:\n  ai_noise: 3\n  us_drawdon: 0.1\n")
    assert errors == [
        "s.yaml:10:13: error: parameters.ai_noise: 3 is out of range (must be from 0 to 1)",
        "s.yaml:11:3: error: unknown key 'us_drawdon' in parameters; did you mean 'us_drawdown'?",
    ]


def test_missing_required_key_reports_its_parent(workdir: Path) -> None:
    errors = errors_for(workdir, HEAD.replace("text: Muddle.", "tx: Muddle."))
    assert errors == ["s.yaml:8:3: error: goals.partial: missing required key 'text'",
                      "s.yaml:8:37: error: unknown key 'tx' in goals.partial; did you mean "
                      "'text'?"]


def test_missing_scenario_keys_are_reported_at_the_top(workdir: Path) -> None:
    errors = errors_for(workdir, "format: 1\nextends: base.yaml\ntitle: No id\n")
    assert errors == ["s.yaml:1:1: error: the scenario: missing required key 'goals'",
                      "s.yaml:1:1: error: the scenario: missing required key 'id'",
                      "s.yaml:1:1: error: the scenario: missing required key 'turns'"]


def test_wrong_format_version(workdir: Path) -> None:
    errors = errors_for(workdir, HEAD.replace("format: 1", "format: 3"))
    assert errors == ["s.yaml:1:9: error: format: must be 1 or 2, found the number 3 (this game "
                      "reads format 1 and 2 files)"]


def test_invalid_scenario_id(workdir: Path) -> None:
    errors = errors_for(workdir, HEAD.replace("id: test", "id: My_Test"))
    assert errors == ["s.yaml:2:5: error: id: 'My_Test' is not valid (expected 2-40 lower-case "
                      "letters, digits and -)"]


def test_invalid_state_code_key(workdir: Path) -> None:
    errors = scenario_errors(workdir, "neighbours:\n  Norway: {name: Norway}\n")
    assert errors == ["s.yaml:10:3: error: neighbours: key 'Norway' is not valid (expected two "
                      "capital letters (ISO 3166-1 alpha-2, e.g. PL))"]


def test_every_error_is_reported_not_just_the_first(workdir: Path) -> None:
    errors = scenario_errors(workdir, "states:\n  PL: {gdp: lots, support: 2, gpd: 1}\n"
                                      "europe: {cohesion: -1}\n")
    assert len(errors) == 4


def test_top_level_list_is_an_error(workdir: Path) -> None:
    assert errors_for(workdir, "- a\n- b\n") == [
        "s.yaml:1:1: error: expected a mapping of keys (format, id, title, ...) at the top level,"
        " found a list"]


# -- references ---------------------------------------------------------------------------------


def test_unknown_member_state_suggests_a_close_code(workdir: Path) -> None:
    errors = scenario_errors(workdir, "members: [DE, FR, PL, HUN]\n")
    assert errors == [
        "s.yaml:9:23: error: members[3]: 'HUN' is not valid (expected two capital letters "
        "(ISO 3166-1 alpha-2, e.g. PL))",
        "s.yaml:9:23: error: members[3]: unknown state 'HUN' (not under states); did you mean "
        "'HU'?",
    ]


def test_member_listed_twice(workdir: Path) -> None:
    assert scenario_errors(workdir, "members: [DE, PL, DE]\n") == [
        "s.yaml:9:19: error: members[2]: 'DE' is listed twice"]


def test_suggested_human_must_be_a_member(workdir: Path) -> None:
    assert scenario_errors(workdir, "members: [DE, PL]\nsuggested_humans: [FR]\n") == [
        "s.yaml:10:20: error: suggested_humans[0]: 'FR' is not among members"]


def test_objective_for_an_unknown_state_is_reported_at_its_key(workdir: Path) -> None:
    errors = scenario_errors(workdir, "objectives:\n  XX: {text: Hi., when: cohesion > 0.5}\n")
    assert errors == ["s.yaml:10:3: error: objectives: unknown state 'XX' (not under states)"]


def test_decider_must_be_a_member(workdir: Path) -> None:
    errors = scenario_errors(workdir, "members: [DE, PL]\nevents:\n  - id: e\n    title: E\n"
                                      "    decider: FR\n")
    assert errors == ["s.yaml:13:14: error: events[0].decider: 'FR' is not among members"]


def test_duplicate_event_ids_are_reported(workdir: Path) -> None:
    errors = scenario_errors(workdir, "events:\n  - {id: drones, title: A}\n"
                                      "  - {id: drones, title: B}\n")
    assert errors == ["s.yaml:11:10: error: events[1].id: duplicate event id 'drones' (first at "
                      "line 10)"]


def test_duplicate_choice_ids_are_reported(workdir: Path) -> None:
    errors = scenario_errors(workdir, "events:\n  - id: e\n    title: E\n    choices:\n"
                                      "      - {id: a, label: A}\n      - {id: a, label: B}\n")
    assert errors == ["s.yaml:14:14: error: events[0].choices[1].id: duplicate choice id 'a' "
                      "(first at line 13)"]


def test_event_window_checks(workdir: Path) -> None:
    errors = scenario_errors(workdir, "events:\n  - {id: a, title: A, turns: [5, 3]}\n"
                                      "  - {id: b, title: B, turn: 9}\n"
                                      "  - {id: c, title: C, turn: 2, turns: [1, 2]}\n")
    assert errors == [
        "s.yaml:10:30: error: events[0].turns: the first turn (5) is after the last (3)",
        "s.yaml:11:29: error: events[1].turn: turn 9 is after the scenario's last turn (8)",
        "s.yaml:12:32: error: events[2]: give either turn or turns, not both",
    ]


def test_unknown_available_initiative(workdir: Path) -> None:
    assert scenario_errors(workdir, "available_initiatives: [essi, amo]\n") == [
        "s.yaml:9:31: error: available_initiatives[1]: unknown initiative 'amo'; did you mean "
        "'ammo'?"]


def test_corridor_path_through_an_unknown_hub(workdir: Path) -> None:
    errors = scenario_errors(workdir, "network:\n  corridors:\n"
                                      "    PL_RAIL: {path: [GDN, RZF, MED]}\n")
    assert errors == ["s.yaml:11:27: error: network.corridors.PL_RAIL.path[1]: unknown hub 'RZF';"
                      " did you mean 'RZE'?"]


def test_hub_in_an_unknown_country(workdir: Path) -> None:
    errors = scenario_errors(workdir, "network:\n  hubs:\n    RZE: {country: RO}\n")
    assert errors == ["s.yaml:11:20: error: network.hubs.RZE.country: unknown country 'RO' (not "
                      "a state or a neighbour)"]


def test_hub_in_a_neighbour_country_is_fine(workdir: Path) -> None:
    assert scenario_errors(workdir, "network:\n  hubs:\n    RZE: {country: UA}\n") == []


def test_procurement_must_cover_every_domain(workdir: Path) -> None:
    base = (workdir / "base.yaml").read_text()
    (workdir / "base.yaml").write_text(
        base.replace("  cyber: {cost: 0.6, lead_european: 4, lead_foreign: 3}\n", ""))
    errors = scenario_errors(workdir, "")
    assert len(errors) == 1
    assert errors[0].endswith("error: procurement: no entry for cyber (every domain needs cost, "
                              "lead_european and lead_foreign)")


# -- sources ------------------------------------------------------------------------------------


def test_figure_without_a_source_is_reported_at_the_figure(workdir: Path) -> None:
    errors = scenario_errors(workdir, "field_sources: {gdp: eurostat_gdp_2024, support: ''}\n")
    support_lines = [i for i, line in enumerate(
        (workdir / "base.yaml").read_text().splitlines(), 1) if line.startswith("    support:")]
    assert len(errors) == 6  # the empty key, then a missing source once per state
    assert errors[-1] == ("s.yaml:9:50: error: field_sources.support: '' is not valid (expected "
                          "letters, digits, _ . and -)")
    assert errors[0] == (f"{workdir / 'base.yaml'}:{support_lines[0]}:14: error: "
                         "states.DE.support: no source for this figure (name one in "
                         "states.DE.sources or field_sources)")


def test_unknown_source_key_suggests_the_closest(workdir: Path) -> None:
    errors = scenario_errors(workdir, "states:\n  PL: {sources: {gdp: eurostat_gdp_2042}}\n")
    assert errors == ["s.yaml:10:23: error: states.PL.sources.gdp: unknown source "
                      "'eurostat_gdp_2042' (not under sources); did you mean 'eurostat_gdp_2024'?"]


def test_source_for_an_unknown_field(workdir: Path) -> None:
    errors = scenario_errors(workdir, "field_sources: {gdpp: eurostat_gdp_2024}\n")
    assert errors == ["s.yaml:9:17: error: field_sources: 'gdpp' is not a state figure; did you "
                      "mean 'gdp'?"]


def test_sub_figure_source_overrides_the_field(workdir: Path) -> None:
    path = workdir / "s.yaml"
    path.write_text(HEAD + "states:\n  PL: {sources: {threat.east: nato_spending_2025}}\n")
    state = load_scenario(path).states["PL"]
    assert state.sources["threat.east"] == "nato_spending_2025"
    assert state.sources["threat.south"] == "test_estimate"


def test_initiative_source_must_exist(workdir: Path) -> None:
    errors = scenario_errors(workdir, "initiatives:\n  essi: {source: nato}\n")
    assert errors == ["s.yaml:10:18: error: initiatives.essi.source: unknown source 'nato' (not "
                      "under sources)"]


# -- expressions --------------------------------------------------------------------------------


def test_expression_syntax_error_in_a_plain_scalar(workdir: Path) -> None:
    errors = scenario_errors(workdir, "events:\n  - id: e\n    title: E\n"
                                      "    when: cohesion > > 0.5\n")
    assert errors == ["s.yaml:12:22: error: events[0].when: syntax error: invalid syntax"]


def test_expression_syntax_error_in_a_quoted_scalar(workdir: Path) -> None:
    errors = scenario_errors(workdir, "events:\n  - id: e\n    title: E\n"
                                      "    when: \"cohesion > > 0.5\"\n")
    assert errors == ["s.yaml:12:23: error: events[0].when: syntax error: invalid syntax"]


def test_unknown_name_in_an_expression_points_inside_it(workdir: Path) -> None:
    errors = scenario_errors(workdir, "events:\n  - id: e\n    title: E\n"
                                      "    when: turn > 2 and cohesoin < 0.4\n")
    assert errors == ["s.yaml:12:24: error: events[0].when: unknown name 'cohesoin'; did you "
                      "mean 'cohesion'?"]


def test_unknown_state_in_an_expression(workdir: Path) -> None:
    errors = scenario_errors(workdir, "events:\n  - id: e\n    title: E\n"
                                      "    effects: [\"PQ.support += 0.1\"]\n")
    assert len(errors) == 1
    assert errors[0].startswith("s.yaml:12:16: error: events[0].effects[0]: unknown name "
                                "'PQ.support'")


def test_unknown_hub_in_an_effect_function(workdir: Path) -> None:
    errors = scenario_errors(workdir, "events:\n  - id: e\n    title: E\n"
                                      "    effects: ['strike(\"RZX\", 0.5)']\n")
    assert errors == ["s.yaml:12:23: error: events[0].effects[0]: unknown hub 'RZX'; did you mean"
                      " 'RZE'?"]


def test_read_only_name_cannot_be_assigned(workdir: Path) -> None:
    errors = scenario_errors(workdir, "events:\n  - id: e\n    title: E\n"
                                      "    effects:\n      - deterrence += 0.1\n")
    assert errors == ["s.yaml:13:9: error: events[0].effects[0]: 'deterrence' cannot be changed "
                      "by effects"]


def test_expression_in_a_block_scalar_points_at_the_right_line(workdir: Path) -> None:
    errors = scenario_errors(workdir, "events:\n  - id: e\n    title: E\n    when: >\n"
                                      "      cohesion > 0.5 and\n      deterence < 0.4\n")
    assert len(errors) == 1 and errors[0].startswith("s.yaml:14:7: error: events[0].when: "
                                                     "unknown name 'deterence'")


def test_expression_in_an_initiative_effect(workdir: Path) -> None:
    errors = scenario_errors(workdir, "initiatives:\n  ammo: {effects: [\"cohesion +== 1\"]}\n")
    assert len(errors) == 1 and errors[0].startswith("s.yaml:10:32: error: initiatives.ammo."
                                                     "effects[0]: syntax error")


def test_a_goal_that_names_nothing_that_changes_is_an_error(workdir: Path) -> None:
    errors = errors_for(workdir, HEAD.replace('"cohesion > 0.5"', '"turns > 2"'))
    assert errors == ["s.yaml:7:19: error: goals.victory.when: names nothing that changes during "
                      "play, so it is decided before the game starts; use names that move, such "
                      "as cohesion, deterrence, turn or PL.defence_pct"]


def test_an_objective_that_names_nothing_that_changes_is_an_error(workdir: Path) -> None:
    errors = scenario_errors(workdir, "objectives:\n  PL: {text: T., when: \"1 > 0\"}\n")
    assert len(errors) == 1 and errors[0].startswith("s.yaml:10:24: error: objectives.PL.when: "
                                                     "names nothing that changes")


def test_expression_longer_than_500_characters(workdir: Path) -> None:
    long = " + ".join(["cohesion"] * 60)
    errors = scenario_errors(workdir, f"events:\n  - id: e\n    title: E\n    when: {long}\n")
    assert errors[0].startswith("s.yaml:12:11: error: events[0].when: an expression longer than "
                                "500 characters")


def test_number_and_boolean_expressions_are_accepted(workdir: Path) -> None:
    text = ("events:\n  - id: e\n    title: E\n    when: true\n    choices:\n"
            "      - {id: a, label: A, ai_score: 0.5}\n")
    assert scenario_errors(workdir, text) == []


# -- never a traceback --------------------------------------------------------------------------


def test_directory_is_an_error(tmp_path: Path) -> None:
    assert [str(e) for e in validate_file(tmp_path)] == [
        f"{tmp_path}:1:1: error: is a directory, not a YAML file"]


def test_missing_file_is_an_error(tmp_path: Path) -> None:
    assert [str(e) for e in validate_file(tmp_path / "x.yaml")] == [
        f"{tmp_path / 'x.yaml'}:1:1: error: no such file"]


@pytest.mark.parametrize("raw", [b"", b"\x00\x01\x02", b"[1, 2]", b"42", b"null", b"- [a]: b",
                                 b"format: 1\nstates: 3\nevents: {a: 1}\ngoals: []\nid: x\n",
                                 b"!!python/object/apply:os.system ['ls']"])
def test_odd_inputs_give_errors_not_exceptions(raw: bytes) -> None:
    result = check_bytes(raw, FIXTURES / "odd.yaml", "odd.yaml")
    assert result.errors
    assert all(str(e).startswith("odd.yaml:") for e in result.errors)
    assert not any("internal error" in e.message for e in result.errors)


def test_load_scenario_raises_with_every_error(workdir: Path) -> None:
    path = workdir / "s.yaml"
    path.write_text(HEAD + "states:\n  PL: {gdp: lots, support: 2}\n")
    with pytest.raises(ScenarioLoadError) as caught:
        load_scenario(path)
    assert len(caught.value.errors) == 2


def test_load_scenario_refuses_base_data() -> None:
    with pytest.raises(ScenarioLoadError) as caught:
        load_scenario(FIXTURES / "base.yaml")
    assert "this is base data, not a scenario" in caught.value.errors[0].message


def test_load_scenario_with_an_unknown_id_suggests_bundled_ones() -> None:
    with pytest.raises(ScenarioLoadError) as caught:
        load_scenario("no-such-scenario")
    assert caught.value.errors[0].message.startswith("no bundled scenario 'no-such-scenario'")


# -- bundled data -------------------------------------------------------------------------------


@pytest.mark.parametrize("info", bundled_scenarios() or [None],
                         ids=lambda info: info.id if info else "none-yet")
def test_every_bundled_scenario_validates(info) -> None:  # type: ignore[no-untyped-def]
    if info is None:  # no scenario bundled yet: nothing to check (a skip would hide that)
        return
    errors = validate_file(info.path)
    assert [str(e) for e in errors] == []
    scenario = load_scenario(info.id)
    assert scenario.id == info.id, "a bundled scenario's id must match its file name"
    assert info.turns == scenario.turns and info.title == scenario.title


def test_bundled_scenarios_are_scenarios_not_base_data() -> None:
    for info in bundled_scenarios():
        assert info.path.parent.name == "scenarios"
        assert not info.path.is_relative_to(info.path.parent / "data")


def test_base_data_file_validates() -> None:
    base = REPO / "scenarios" / "data" / "eu27.yaml"
    assert base.exists(), "the bundled base data scenarios/data/eu27.yaml is missing"
    result = check_file(base)
    assert [str(e) for e in result.errors] == []
    assert result.is_base_data
    assert result.scenario is not None and len(result.scenario.states) == 27
    assert data_path("scenarios", "data", "eu27.yaml").exists()


# -- JSON Schema --------------------------------------------------------------------------------


def test_shipped_schema_is_up_to_date() -> None:
    """Regenerate with: PYTHONPATH=src python -m autonomy_game.scenario.schema"""
    assert load_schema() == build_schema()
    shipped = Path(__file__).resolve().parents[1] / "src/autonomy_game/scenario/schema.json"
    assert shipped.read_text(encoding="utf-8") == schema_text()


def test_schema_describes_every_top_level_key_with_a_description() -> None:
    schema = load_schema()
    assert schema["$schema"] == "http://json-schema.org/draft-07/schema#"
    for name, prop in schema["properties"].items():
        assert prop.get("description") or "$ref" in str(prop), name
    state = schema["definitions"]["state"]
    assert state["properties"]["population"]["minimum"] == 0.01
    assert schema["definitions"]["hub"]["properties"]["kind"]["enum"] == [
        "port", "airport", "rail", "road", "crossing"]
    assert schema["properties"]["states"]["propertyNames"]["pattern"] == "^[A-Z]{2}$"


def _schema_validator():  # type: ignore[no-untyped-def]
    jsonschema = pytest.importorskip("jsonschema")
    schema = load_schema()
    jsonschema.Draft7Validator.check_schema(schema)
    return jsonschema.Draft7Validator(schema)


def test_bundled_and_fixture_files_validate_against_the_schema() -> None:
    validator = _schema_validator()
    files = [FIXTURES / "base.yaml", FIXTURES / "mini.yaml",
             *(info.path for info in bundled_scenarios())]
    base = REPO / "scenarios" / "data" / "eu27.yaml"
    files += [base] if base.exists() else []
    for path in files:
        data = load_yaml_file(path).data
        problems = [f"{path.name}: {list(e.absolute_path)}: {e.message}"
                    for e in validator.iter_errors(data)]
        assert problems == []
    bad = load_yaml_file(FIXTURES / "mini.yaml").data | {"turns": 99, "colour": "red"}
    assert len(list(validator.iter_errors(bad))) == 2


def test_hub_and_corridor_ids_must_be_expression_identifiers(workdir: Path) -> None:
    errors = scenario_errors(workdir, "network:\n  corridors:\n    SK-ROAD: {name: Slovak road, "
                                      "mode: road, capacity: 10, path: [MED]}\n")
    assert errors == ["s.yaml:11:5: error: network.corridors: key 'SK-ROAD' is not valid "
                      "(expected a letter, then letters, digits or _ (e.g. PL_RAIL))"]


def test_corridor_names_work_inside_expressions(workdir: Path) -> None:
    text = ("events:\n  - id: e\n    title: E\n    when: corridor.PL_RAIL.open < 0.5\n"
            "    effects: [\"corridor.PL_RAIL.open = 1\", \"hub.RZE.health += 0.1\"]\n")
    assert scenario_errors(workdir, text) == []


@pytest.mark.parametrize("name", ["a\x00b.yaml", "x" * 5000 + ".yaml", "/dev/zero"])
def test_unusable_paths_give_errors_not_exceptions(name: str) -> None:
    errors = validate_file(name)
    assert len(errors) == 1 and (errors[0].line, errors[0].col) == (1, 1)
