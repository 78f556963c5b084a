"""Single games for researchers: legal actions, a one-call hold, returns, policies on seats."""

from __future__ import annotations

import dataclasses
from types import SimpleNamespace

import numpy as np
import pytest

from autonomy_game.engine import actions as A
from autonomy_game.engine.council import allowed_votes, eligible
from autonomy_game.engine.game import Game, advance_to, play_to_end
from autonomy_game.engine.policy import PassivePolicy
from autonomy_game.engine.saves import load_game, save_game, state_digest
from autonomy_game.scenario.model import DOMAINS, PROTECTIONS
from tests.support.bundled import bundled_scenario

AMOUNTS = {"amount", "pct", "capital", "rounds", "materiel"}


def _key(action: A.Action) -> tuple:
    """An action's kind and what it is about, without its amounts."""
    return (action.kind, *(v for f, v in dataclasses.asdict(action).items()
                           if f not in AMOUNTS))


class _Screen:
    """Stands in for a UI scene: the views' `on_action` translate a control into the engine
    action the screen would send; this records them instead of sending."""

    def __init__(self, game: Game, seat: str, kind: str) -> None:
        self.sent: list[A.Action] = []
        self._step = SimpleNamespace(kind=kind, seat=seat)
        self.initiative = None
        self.session = SimpleNamespace(game=game, selected=seat, send=self._send)

    def _send(self, action: A.Action) -> bool:
        self.sent.append(action)
        return True


def _orders_controls(world) -> list[tuple]:
    """Every control of the orders screen (orders_view.draw), each as its '+' action."""
    controls: list[tuple] = [("pct", 1), ("industry", 1), ("aid_rounds", 1),
                             ("aid_materiel", 1)]
    controls += [("procure", d, european, 1) for d in DOMAINS for european in (True, False)]
    controls += [("shells", european, 1) for european in (True, False)]
    controls += [("corridor", cid, 1) for cid in world.corridor_ids]
    controls += [("protect", hid, kind, 1) for hid in world.hub_ids for kind in PROTECTIONS]
    controls += [("aid_priority", 0.0), ("aid_priority", 1.0)]  # the loading toggles
    return controls


def _council_controls(game: Game, seat: str) -> list[tuple]:
    """Every control of the Council screen (council_view.draw) for the agenda's items."""
    world, n = game.world, game.index(seat)
    controls: list[tuple] = []
    for iid in game.agenda():
        i = world.initiative_ids.index(iid)
        if eligible(world)[n, i]:
            controls += [("vote", iid, v) for v in allowed_votes(world, i)]
        for code in world.codes:
            if code != seat and eligible(world)[world.codes.index(code), i]:
                controls += [("persuade", code, iid), ("pay", code, iid, 0.01)]
    return controls


@pytest.mark.parametrize("scenario_id", ["us-withdrawal", "supply-line-crisis"])
def test_legal_actions_offer_every_kind_the_orders_screen_offers(scenario_id):
    from autonomy_game.ui.scenes import orders_view

    game = Game(bundled_scenario(scenario_id), 3, ["PL"])
    assert advance_to(game, "orders")
    screen = _Screen(game, "PL", "orders")
    for control in _orders_controls(game.world):
        orders_view.on_action(screen, control)
    offered = {_key(a) for a in game.legal_actions("PL")}
    on_screen = {_key(a) for a in screen.sent}
    assert on_screen, "the screen sent nothing"
    assert on_screen <= offered, sorted(on_screen - offered)
    # Every protection of every hub and every corridor, both origins of shells.
    assert {("protect", "PL", h, k) for h in game.world.hub_ids for k in PROTECTIONS} <= offered
    assert {("corridor", "PL", c) for c in game.world.corridor_ids} <= offered
    assert {("shells", "PL", True), ("shells", "PL", False)} <= offered
    assert {a for a in screen.sent if isinstance(a, A.AidPriority)} == {
        A.AidPriority("PL", 0.0), A.AidPriority("PL", 1.0)}
    assert A.Hold("PL") in game.legal_actions("PL")


def test_legal_actions_offer_every_kind_the_council_screen_offers():
    from autonomy_game.ui.scenes import council_view

    game = Game(bundled_scenario("us-withdrawal"), 5, ["PL"])
    assert advance_to(game, "council")
    proposals = [a for a in game.legal_actions("PL") if isinstance(a, A.Propose)]
    assert proposals
    screen = _Screen(game, "PL", "council")
    council_view.on_action(screen, ("propose", proposals[0].initiative))
    game.apply(screen.sent[-1])
    for control in _council_controls(game, "PL"):
        council_view.on_action(screen, control)
    offered = {_key(a) for a in game.legal_actions("PL")}
    on_screen = {_key(a) for a in screen.sent[1:]}
    assert {k[0] for k in on_screen} == {"vote", "persuade", "pay"}
    assert on_screen <= offered, sorted(on_screen - offered)


def test_every_offered_action_is_accepted_or_refused_with_a_reason():
    game = Game(bundled_scenario("supply-line-crisis"), 2, ["DE"])
    for phase in ("council", "orders"):
        assert advance_to(game, phase)
        for action in game.legal_actions("DE"):
            if isinstance(action, (A.EndPhase, A.Hold)):
                continue
            try:
                game.apply(action)
            except A.IllegalAction as error:
                assert str(error)


def test_hold_plays_a_whole_game_in_one_call_a_quarter():
    scenario = bundled_scenario("us-withdrawal")
    game = Game(scenario, 4, ["DE"])
    calls = 0
    while game.phase != "ended":
        game.apply(A.Hold("DE"))
        calls += 1
        assert game.phase in ("report", "ended")
    assert calls == game.state.turn
    assert all(isinstance(a, A.Hold) for a in game.decisions)


def test_a_seat_that_holds_waits_for_the_other_human_seat():
    game = Game(bundled_scenario("us-withdrawal"), 4, ["DE", "PL"])
    assert advance_to(game, "council")
    game.apply(A.Hold("DE"))
    assert game.phase == "council"
    assert A.Hold("DE") not in game.legal_actions("DE")
    with pytest.raises(A.IllegalAction, match="already holds"):
        game.apply(A.Hold("DE"))
    game.apply(A.Hold("PL"))
    assert game.phase in ("report", "ended")


def test_holds_replay_from_a_save_to_the_same_game(tmp_path):
    scenario = bundled_scenario("us-withdrawal")
    game = Game(scenario, 6, ["DE", "PL"])
    for _ in range(3):
        game.apply(A.Hold("DE"))
        game.apply(A.Hold("PL"))
    assert advance_to(game, "council")
    game.apply(A.Hold("PL"))  # half a quarter held: the save is taken in the middle of it
    path = save_game(game, tmp_path / "held.json")
    for verify in ("digest", "replay"):
        loaded = load_game(path, scenario, verify=verify)
        assert state_digest(loaded) == state_digest(game)
        assert loaded.decisions == game.decisions
    loaded.apply(A.Hold("DE"))
    game.apply(A.Hold("DE"))
    assert state_digest(loaded) == state_digest(game)


def test_returns_follow_the_outcome_and_each_seats_secret_objective():
    scenario = bundled_scenario("tutorial")
    game = Game(scenario, 1, [])
    assert set(game.returns().values()) == {0.0}  # not over yet
    play_to_end(game)
    base = {"victory": 1.0, "partial": 0.5, "failure": 0.0, "defeat": -1.0}[game.outcome]
    met = game.objectives_status()
    for code, value in game.returns().items():
        assert value == base + (0.5 if met.get(code, False) else 0.0)


def test_a_game_with_policies_on_seats_plays_them_and_saves_them(tmp_path):
    scenario = bundled_scenario("us-withdrawal")
    game = Game(scenario, 2, ["PL"], policies={"DE": "passive", "FR": "random"})
    de = game.index("DE")
    assert advance_to(game, "orders")
    assert float(game.orders.money()[0, de]) == 0.0
    game.apply(A.Hold("PL"))
    path = save_game(game, tmp_path / "p.json")
    for verify in ("digest", "replay"):
        loaded = load_game(path, scenario, verify=verify)
        assert loaded.policies == {"DE": "passive", "FR": "random"}
        assert state_digest(loaded) == state_digest(game)


@pytest.mark.parametrize("policies", [{"DE": "../evil.yaml"}, {"DE": 3}, ["DE"],
                                      {"PL": "passive"}, {"germany": "passive"}])
def test_a_save_with_edited_seat_policies_is_refused(tmp_path, policies):
    from autonomy_game.engine.saves import SaveError
    from tests.test_engine_saves import _rewrite

    scenario = bundled_scenario("tutorial")
    game = Game(scenario, 2, ["PL"], policies={"DE": "passive"})
    path = save_game(game, tmp_path / "p.json")
    _rewrite(path, lambda document: document.__setitem__("policies", policies))
    with pytest.raises(SaveError):
        load_game(path, scenario)


def test_a_seat_cannot_be_both_human_and_policy_and_odd_policies_are_not_saved(tmp_path):
    scenario = bundled_scenario("tutorial")
    with pytest.raises(ValueError, match="not both"):
        Game(scenario, 1, ["DE"], policies={"DE": "passive"})

    class Custom(PassivePolicy):
        name = "custom"

    game = Game(scenario, 1, [], policies={"DE": Custom()})
    with pytest.raises(ValueError, match="cannot be saved"):
        save_game(game, tmp_path / "c.json")


def test_a_passive_seat_in_the_live_game_matches_the_batch():
    from autonomy_game.engine.policy.runner import run_policies

    scenario = bundled_scenario("supply-line-crisis")
    for seed in range(5):
        game = Game(scenario, seed, [], policies={"DE": "passive", "PL": "random"})
        play_to_end(game)
        run = run_policies(scenario, 1, seed, {"DE": "passive", "PL": "random"})
        assert int(game.state.outcome[0]) == int(run.outcome[0])
        assert np.array_equal(game.state.deterrence, run.final["deterrence"])
