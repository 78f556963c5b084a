"""Instruments from the brief: the Rapid Deployment Capacity, EUMAM, the eastern rapid response
units, and air-defence data sharing as the step before joint interceptors."""

from __future__ import annotations

from pathlib import Path

import pytest

from autonomy_game.engine.council import proposable
from autonomy_game.engine.state import STATUS_DELIVERED, new_state
from autonomy_game.engine.world import build_world
from autonomy_game.scenario.errors import ScenarioLoadError
from autonomy_game.scenario.validate import load_scenario
from tests.support.bundled import bundled_scenario

SCENARIO = """format: 1
id: instruments-test
title: Instruments test
extends: base:eu27
turns: 8
available_initiatives: {available}
goals:
  victory: {{when: "deterrence >= 0.8", text: Europe holds.}}
  partial: {{when: "deterrence >= 0.5", text: Europe muddles through.}}
"""


def test_joint_interceptors_wait_for_the_shared_air_picture():
    world = build_world(bundled_scenario("us-withdrawal"))
    state = new_state(world, 2)
    shield = world.initiative_ids.index("european_air_shield")
    imlamd = world.initiative_ids.index("pesco_imlamd")
    sharing = world.initiative_ids.index("air_defence_data_sharing")
    ready = proposable(world, state)
    assert ready[:, sharing].all()
    assert not ready[:, shield].any() and not ready[:, imlamd].any()
    state.initiative_status[1, sharing] = STATUS_DELIVERED  # game 1 shares its radars
    ready = proposable(world, state)
    assert not ready[0, shield] and ready[1, shield] and ready[1, imlamd]


def test_a_scenario_offering_interceptors_without_data_sharing_is_refused(tmp_path: Path):
    path = tmp_path / "scenario.yaml"
    path.write_text(SCENARIO.format(available="[european_air_shield]"), encoding="utf-8")
    with pytest.raises(ScenarioLoadError, match="air_defence_data_sharing"):
        load_scenario(str(path))
    path.write_text(SCENARIO.format(available="[air_defence_data_sharing, european_air_shield]"),
                    encoding="utf-8")
    assert load_scenario(str(path)).available_initiatives == ["air_defence_data_sharing",
                                                              "european_air_shield"]


def test_rapid_deployment_capacity_is_a_unanimous_military_operation(eu27):
    rdc = eu27.initiatives["eu_rapid_deployment"]
    assert rdc.rule == "unanimity" and rdc.military  # TEU 42(4); abstainers do not pay, 41(2)
    assert eu27.sources[rdc.source].title.startswith("EU Rapid Deployment Capacity: up to 5,000")


def test_eumam_training_is_paid_by_the_peace_facility_and_helps_the_front(eu27):
    eumam = eu27.initiatives["eumam_ukraine"]
    assert eumam.funding == "epf" and eumam.rule == "unanimity"
    assert eumam.delivers.europe["ukraine_front"] > 0


def test_eastern_rapid_response_units_are_a_coalition_of_the_willing(eu27):
    units = eu27.initiatives["eastern_rapid_response"]
    assert units.rule == "coalition" and units.min_participants == 3
    assert units.threat["east"] >= 0.9
