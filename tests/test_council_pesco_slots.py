"""PESCO projects beside the presidency's one item (`pesco_slots`): a project is decided by
the PESCO participating states (TEU 46(6)) and needs partners, not the Council's single slot."""

from __future__ import annotations

import dataclasses

import numpy as np

from autonomy_game.engine.council import open_session
from autonomy_game.engine.policy.runner import run_policies
from autonomy_game.engine.state import new_state
from autonomy_game.engine.world import RULE_COALITION, build_world
from tests.support.bundled import bundled_scenario


def with_slots(slots: int):
    scenario = bundled_scenario("us-withdrawal")
    return dataclasses.replace(scenario, parameters={**scenario.parameters, "pesco_slots": slots})


def first_session(slots: int, games: int = 64):
    world = build_world(with_slots(slots))
    state = new_state(world, games)
    session = open_session(world, state, np.random.default_rng(4), np.zeros(len(world.codes), bool))
    return world, state, session


def test_without_slots_the_presidency_tables_at_most_one_item():
    _, _, session = first_session(0)
    assert session.agenda.sum(axis=1).max() <= 1


def test_a_pesco_slot_adds_only_pesco_projects_that_would_pass():
    world, state, session = first_session(1)
    _, _, alone = first_session(0)
    extra = session.agenda & ~alone.agenda
    assert extra.any(), "some PESCO project has partners in the first quarter"
    assert (extra.sum(axis=1) <= 1).all()
    cols = np.flatnonzero(extra.any(axis=0))
    assert (world.rule[cols] == RULE_COALITION).all() and world.pesco_only[cols].all()
    assert not (extra & ~session.passes(world, state)).any()


def test_pesco_projects_launch_earlier_and_more_often_with_a_slot():
    world = build_world(with_slots(0))
    pesco = [i for i, iid in enumerate(world.initiative_ids)
             if world.available[i] and world.pesco_only[i]]
    without = run_policies(with_slots(0), 200, 1)
    with_ = run_policies(with_slots(1), 200, 1)
    assert with_.adopted[:, pesco].mean() > without.adopted[:, pesco].mean()
