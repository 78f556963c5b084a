"""The team page offers what the pygame orders and Council screens offer: corridor investment,
hub protection, asking to join a PESCO project (TEU 46(3)) and asking to suspend a fellow
participant that no longer meets the commitments (TEU 46(4)), all through the same engine
actions. Plus the pygame Council's own button for a suspension."""

from __future__ import annotations

import pytest

from autonomy_game.classroom import views
from autonomy_game.classroom.requests import RequestError
from autonomy_game.engine import actions as A
from autonomy_game.engine.state import STATUS_ADOPTED
from tests.support.classroom import new_class

TEAMS = ["DE", "FR", "PL", "IT", "ES", "NL"]
PROJECT = "pesco_military_mobility"


@pytest.fixture(scope="module")
def us_withdrawal():
    from autonomy_game.scenario.validate import load_scenario

    return load_scenario("us-withdrawal")


def started(scenario, phase: str):
    room = new_class(scenario, TEAMS, seed=5)
    room.teacher_request({"type": "start"})
    while room.game.phase != phase:
        room.teacher_request({"type": "advance", "force": True})
    return room


def adopt_project(game, members: list[str], cut: str | None = None) -> None:
    """PROJECT adopted with `members`; `cut` has cut its defence spending below where it
    started (it no longer meets PESCO's commitments)."""
    world, state = game.world, game.state
    i = world.initiative_ids.index(PROJECT)
    state.initiative_status[0, i] = STATUS_ADOPTED
    for code in members:
        state.initiative_participants_mask[0, i, world.codes.index(code)] = True
    if cut is not None:
        state.defence_pct[0, world.codes.index(cut)] -= 0.3


def test_a_team_invests_in_a_corridor_and_protects_a_hub_with_the_engines_actions(
        us_withdrawal):
    room = started(us_withdrawal, "orders")
    world = room.game.world
    view = views.team_view(room, "PL")["orders"]
    assert [c["id"] for c in view["corridors"]] == list(world.corridor_ids)
    assert [h["id"] for h in view["hubs"]] == list(world.hub_ids)
    assert view["protections"] == ["air_defence", "cyber", "microgrid"]
    corridor, hub = world.corridor_ids[0], world.hub_ids[0]
    # The advisor's orders use all the money: free some (no equipment bought this quarter).
    for domain, lines in view["procure"].items():
        for origin, amount in lines.items():
            if amount > 0:
                room.team_request("PL", {"type": "procure", "domain": domain,
                                         "european": origin == "european", "amount": 0.0})
    assert room.game.discretionary("PL") - room.game.order_spending("PL") > 0.35
    room.team_request("PL", {"type": "corridor", "corridor": corridor, "amount": 0.2})
    room.team_request("PL", {"type": "protect", "hub": hub, "protection": "cyber",
                             "amount": 0.15})
    assert room.game.decisions[-2:] == [A.InvestCorridor("PL", corridor, 0.2),
                                        A.Protect("PL", hub, "cyber", 0.15)]
    view = views.team_view(room, "PL")["orders"]
    assert view["corridors"][0]["amount"] == pytest.approx(0.2)
    assert view["hubs"][0]["protect"]["cyber"] == pytest.approx(0.15)
    with pytest.raises(RequestError, match="unknown hub"):
        room.team_request("PL", {"type": "protect", "hub": "nowhere",
                                 "protection": "cyber", "amount": 0.1})
    with pytest.raises(RequestError, match="you play PL"):
        room.team_request("PL", {"type": "corridor", "seat": "DE", "corridor": corridor,
                                 "amount": 0.1})


def test_a_team_outside_an_adopted_pesco_project_asks_to_join_it_teu_46_3(us_withdrawal):
    room = started(us_withdrawal, "council")
    adopt_project(room.game, ["DE", "FR", "IT", "NL", "CZ", "HU"])
    joins = views.team_view(room, "PL")["council"]["joinable"]
    assert [(j["id"], j["members"], j["result"]) for j in joins] == [(PROJECT, 6, None)]
    assert all(j["id"] != PROJECT for j in views.team_view(room, "DE")["council"]["joinable"])
    room.team_request("PL", {"type": "join", "initiative": PROJECT})
    assert room.game.decisions[-1] == A.JoinProject("PL", PROJECT)
    answer = room.game.join_results[("PL", PROJECT)]
    joins = views.team_view(room, "PL")["council"]["joinable"]
    assert [(j["id"], j["result"]) for j in joins] == [(PROJECT, answer)]
    with pytest.raises(RequestError, match="already asked"):
        room.team_request("PL", {"type": "join", "initiative": PROJECT})


def test_a_participant_asks_to_suspend_one_that_cut_its_spending_teu_46_4(us_withdrawal):
    room = started(us_withdrawal, "council")
    adopt_project(room.game, ["DE", "FR", "IT", "PL", "NL", "CZ", "HU"], cut="HU")
    offered = views.team_view(room, "PL")["council"]["suspendable"]
    assert [(x["initiative"], x["target"], x["result"]) for x in offered] == \
        [(PROJECT, "HU", None)]
    assert views.team_view(room, "ES")["council"]["suspendable"] == []  # not a participant
    room.team_request("PL", {"type": "suspend", "target": "HU", "initiative": PROJECT})
    assert room.game.decisions[-1] == A.SuspendFromProject("PL", "HU", PROJECT)
    result = room.game.suspension_results[("PL", "HU", PROJECT)]
    offered = views.team_view(room, "PL")["council"]["suspendable"]
    assert [(x["target"], x["result"]) for x in offered] == [("HU", result)]
    with pytest.raises(RequestError, match="already asked"):
        room.team_request("PL", {"type": "suspend", "target": "HU", "initiative": PROJECT})
    with pytest.raises(RequestError, match="still meets the commitments"):
        room.team_request("PL", {"type": "suspend", "target": "DE", "initiative": PROJECT})


def test_the_pygame_council_has_an_ask_to_suspend_button_that_sends_the_action():
    from autonomy_game.scenario.validate import load_scenario
    from autonomy_game.ui.screenshot import build_app

    app = build_app(load_scenario("us-withdrawal"), "council", (1280, 720))
    game = app.top.session.game
    seat = game.humans[0]
    target = next(c for c in ("HU", "CZ", "NL") if c != seat)
    adopt_project(game, [seat, "DE", "FR", "IT", "CZ", "HU", "NL"], cut=target)
    app.render()
    app.top.scroll["council_list"] = 10**6  # to the end of the list: clamped on this frame,
    app.render()
    app.render()  # drawn there on the next
    zone = app.find(("suspend", target, PROJECT))
    assert zone is not None, "no Ask to suspend button on the Council screen"
    app.apply(app.top.on_action(("suspend", target, PROJECT), zone.rect.center))
    assert game.decisions[-1] == A.SuspendFromProject(seat, target, PROJECT)
    assert (seat, target, PROJECT) in game.suspension_results
    app.render()  # the answer is drawn in place of the button
    assert app.find(("suspend", target, PROJECT)) is None
