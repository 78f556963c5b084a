"""The bundled scenario "Supply-line crisis": its network mechanics (attacks on hubs and
corridors, protection, aid flow). What every bundled scenario must offer is in
test_scenario_acceptance.py."""

from __future__ import annotations

import pytest

from autonomy_game.engine import actions as A
from autonomy_game.engine.expressions import EvalContext, compile_statement
from autonomy_game.engine.game import Game, advance_to
from tests.support.bundled import bundled_scenario, play_to_turn, step_to

ATTACKS = ("strike(", "cyberattack(", "blackout(", "blockade(")


@pytest.fixture(scope="module")
def scenario():
    return bundled_scenario("supply-line-crisis")


def fired_ids(game: Game) -> set[str]:
    return {game.world.events[e].id for e in game.fired}


def first_turn_firing(scenario, seed: int, event: str, not_before: tuple[str, ...] = ()):
    """The turn on which `event` first fires in the all-AI game of `seed`, or None.

    None as well if one of `not_before` fires earlier or on the same turn, so that two copies
    of the game are identical up to that quarter.
    """
    game = Game(scenario, seed=seed, humans=[])
    for turn in range(1, scenario.turns + 1):
        fired = fired_ids(game)
        if fired & set(not_before):
            return None
        if event in fired:
            return turn
        if not advance_to(game, "report", max_steps=20):
            return None  # the game ended (lost) this quarter
        game.advance()
    return None


def find_seed(scenario, event: str, not_before: tuple[str, ...] = ()) -> tuple[int, int]:
    for seed in range(60):
        turn = first_turn_firing(scenario, seed, event, not_before)
        if turn is not None and turn >= 2:
            return seed, turn
    raise AssertionError(f"{event} never fired in 60 games")


def play_until(scenario, seed: int, turn: int, humans: tuple[str, ...] = ()) -> Game:
    """A game (all AI unless `humans` are named) stopped in the events phase of `turn`
    (events fired, nothing resolved)."""
    return play_to_turn(Game(scenario, seed=seed, humans=list(humans)), turn)


def test_poland_the_main_transit_state_decides_events(scenario):
    assert "PL" in {ev.decider for ev in scenario.events if ev.choices}


def test_events_attack_the_network_in_every_way(scenario):
    effects = " ".join(e.text for ev in scenario.events for e in ev.effects)
    for attack in ATTACKS:
        assert attack in effects, attack
    assert 'strike("RZE"' in effects
    assert "corridor.RO_AIR.capacity +=" in " ".join(
        e.text for ev in scenario.events for c in ev.choices for e in (*ev.effects, *c.effects))


@pytest.mark.parametrize("event, hubs, corridors, tolerate", [
    ("rzeszow-strike", ("RZE", "PMY"), (), None),
    # Poland (a human seat here) tolerates the protest: the AI would clear the crossings at once.
    ("farmers-blockade", (), ("PL_ROAD", "PL_AIR", "PL_RAIL_S"), "tolerate"),
])
def test_a_disruption_reduces_aid_flow_in_the_quarter_it_hits(scenario, event, hubs, corridors,
                                                              tolerate):
    seed, turn = find_seed(scenario, event)
    humans = ("PL",) if tolerate else ()
    hit = play_until(scenario, seed, turn, humans)
    spared = play_until(scenario, seed, turn, humans)
    assert event in fired_ids(hit)
    if tolerate:
        for game in (hit, spared):
            game.apply(A.ChooseOption(event, tolerate))
    # The counterfactual: the same quarter, but the event's damage undone right after it fired.
    world, before = spared.world, spared.before
    for hub in hubs:
        h = world.hub_ids.index(hub)
        assert hit.state.hub_health[0, h] < before.hub_health[0, h]
        spared.state.hub_health[0, h] = before.hub_health[0, h]
    for corridor in corridors:
        c = world.corridor_ids.index(corridor)
        spared.state.corridor_open[0, c] = before.corridor_open[0, c]
    step_to(hit, "report")
    step_to(spared, "report")
    assert float(hit.state.aid_flow[0]) < float(spared.state.aid_flow[0]) - 0.5


def test_air_defence_on_a_hub_reduces_the_damage_of_a_strike(scenario):
    # A game where the strike is the first attack on Rzeszów, so both copies match until then.
    seed, turn = find_seed(scenario, "rzeszow-strike", not_before=("drone-swarm", "grid-blackout"))
    results = {}
    for protected in (False, True):
        game = Game(scenario, seed=seed, humans=[])
        if protected:  # an effect on turn 1, as an event or an initiative would apply it
            statement = compile_statement("hub.RZE.air_defence = 0.9", game.world.names)
            statement.execute(EvalContext(game.state, game.world))
        play_to_turn(game, turn)
        h = game.world.hub_ids.index("RZE")
        damage = float(game.before.hub_health[0, h] - game.state.hub_health[0, h])
        step_to(game, "report")
        results[protected] = (damage, float(game.state.aid_flow[0]))
    (bare_damage, bare_flow), (shielded_damage, shielded_flow) = results[False], results[True]
    assert bare_damage > 0.3
    assert shielded_damage < 0.5 * bare_damage
    assert shielded_flow > bare_flow


def _fired(run, world, event_id: str):
    return run.fired[:, [ev.id for ev in world.events].index(event_id)]


def test_a_reserve_held_back_goes_in_if_the_front_buckles_and_arrives_late_if_it_holds(scenario):
    """Issue 9's dilemmas: a held reserve is insurance, worth most where things go badly."""
    from autonomy_game.engine.policy.runner import run_policies
    from autonomy_game.engine.world import build_world

    world = build_world(scenario)
    base = run_policies(scenario, 120, 3, None, world=world)
    held = run_policies(scenario, 120, 3, None, {"romanian-hub-opens": "wait-for-eu"},
                        world=world)
    released = _fired(held, world, "ro-reserve-released")
    late = _fired(held, world, "ro-reserve-idle")
    assert released.any() and late.any()
    assert not (released & late).any()
    # The Romanian hub opens in every game, on turn 2: every game still going in the tenth
    # quarter settles its reserve one way or the other.
    assert (released | late)[held.ended_turn >= 10].all()
    # The advisor does not take the bet: in its games the reserve never exists.
    assert not _fired(base, world, "ro-reserve-released").any()
    assert not _fired(base, world, "ro-reserve-idle").any()


def test_a_reserve_held_for_the_winter_offensive_pays_only_if_the_offensive_comes(scenario):
    from autonomy_game.engine.policy.runner import run_policies
    from autonomy_game.engine.world import build_world

    world = build_world(scenario)
    runs = {option: run_policies(scenario, 120, 5, None, {"reserve-plan": option}, world=world)
            for option in ("send-now", "hold-for-winter")}
    came = _fired(runs["send-now"], world, "winter-offensive")
    assert (came == _fired(runs["hold-for-winter"], world, "winter-offensive")).all()
    assert 0 < came.sum() < len(came)
    gain = runs["hold-for-winter"].final["ukraine_front"] - runs["send-now"].final["ukraine_front"]
    assert gain[came].mean() > 0.02
    assert gain[~came].mean() < -0.02
