"""The Council screen states, for every item on the agenda, the Treaty rule, who takes part
and the thresholds, counted by the engine's own code (engine/treaty.py)."""

from __future__ import annotations

import copy
import dataclasses

import numpy as np
import pytest

from autonomy_game.engine import actions as A
from autonomy_game.engine.council import CONSTRUCTIVE, NO, YES
from autonomy_game.engine.game import VoteExplanation
from autonomy_game.engine.world import build_world
from autonomy_game.ui.scenes.council_view import current_tally, rule_line


def _intentions(world, i, votes: dict[str, int], default: int) -> list[VoteExplanation]:
    return [VoteExplanation(c, world.initiative_ids[i], votes.get(c, default), {})
            for c in world.codes]


def test_rule_line_counts_a_pesco_qmv_item_among_the_26_tfeu_238_3_a(eu27):
    """TFEU 238(3)(a): the line names the 26 PESCO states, 15 needed and the blocking
    minority, and where the count stands."""
    changed = copy.copy(eu27)
    changed.initiatives = {**eu27.initiatives, "pesco_crrt": dataclasses.replace(
        eu27.initiatives["pesco_crrt"], rule="qmv", proposed_by="commission")}
    world = build_world(changed)
    i = world.initiative_ids.index("pesco_crrt")
    against = {c: NO for c in ("BE", "DE", "ES", "SE", "SI")}
    tally = current_tally(world, i, _intentions(world, i, against, YES))
    line = rule_line(world, i, tally)
    assert tally.adopted
    assert line.startswith("QMV among 26 PESCO states: 15 states and 65 % of their population")
    assert "now 21 states, 65 %" in line and "blocking minority needs 4" in line
    assert "TFEU 238(3)(a)" in line


def test_rule_line_for_reinforced_qmv_and_unanimity_names_the_article(eu27):
    """TFEU 238(2) and TEU 31(1): the thresholds differ by rule and the line says which."""
    changed = copy.copy(eu27)
    changed.initiatives = {**eu27.initiatives, "asap_production": dataclasses.replace(
        eu27.initiatives["asap_production"], proposed_by="member-states")}
    world = build_world(changed)
    i = world.initiative_ids.index("asap_production")
    line = rule_line(world, i, current_tally(world, i, _intentions(world, i, {}, YES)))
    assert "Reinforced QMV among 27 members: 20 states (72 %)" in line
    epf = world.initiative_ids.index("epf_ukraine_topup")
    tally = current_tally(world, epf, _intentions(world, epf, {"HU": CONSTRUCTIVE}, YES))
    line = rule_line(world, epf, tally)
    assert "by 9 states holding a third of the people (1 now)" in line
    assert tally.adopted and "TEU 31(1)" in line


@pytest.mark.parametrize("size", [(1280, 720), (1920, 1080)])
def test_council_screen_offers_constructive_abstention_only_under_unanimity(size):
    """TEU 31(1): the vote buttons include a constructive abstention on the EPF top-up (a
    unanimity item), not on a QMV item; the screen renders at both sizes."""
    from autonomy_game.scenario.validate import load_scenario
    from autonomy_game.ui.screenshot import build_app

    app = build_app(load_scenario("ammunition-cofunding"), "council", size)
    scene = app.top
    game = scene.session.game
    seat = game.humans[0]
    for iid in ("epf_ukraine_topup", "asap_production"):
        if iid not in game.agenda():
            scene.session.send(A.Propose(seat, iid))
    shown = {}
    for iid in ("epf_ukraine_topup", "asap_production"):
        if iid not in game.agenda():
            continue  # one proposal per seat: the AI presidency may have tabled the other
        scene.initiative = iid
        app.render()
        shown[iid] = app.find(("vote", iid, CONSTRUCTIVE)) is not None
        assert app.find(("vote", iid, YES)) is not None
    assert shown.get("epf_ukraine_topup") is True
    assert shown.get("asap_production", False) is False
    assert np.asarray(app.surface.get_size()).tolist() == list(size)
