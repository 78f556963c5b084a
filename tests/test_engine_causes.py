"""The causal ledger: a quarter's named contributions sum to every change it records."""

from __future__ import annotations

import functools

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from autonomy_game.engine.causes import UNATTRIBUTED, mark, recording
from autonomy_game.engine.game import Game, play_to_end
from autonomy_game.engine.history import EUROPE_INDICATORS
from autonomy_game.engine.simulate import simulate
from autonomy_game.engine.state import new_state
from autonomy_game.engine.world import build_world

SCENARIOS = ("us-withdrawal", "ammunition-cofunding", "supply-line-crisis", "tutorial")


@functools.cache
def _scenario(name: str):
    from autonomy_game.scenario.validate import load_scenario

    return load_scenario(name)


def _check_quarters(game: Game) -> None:
    assert sorted(game.quarters) == list(range(1, game.state.turn + 1))
    europe = {name: game.history.series(name) for name in EUROPE_INDICATORS}
    members = {name: game.history.series(name) for name in ("support", "fiscal_space",
                                                              "budget", "ammunition")}
    capability = np.stack(game.history.capability).astype(float)
    for turn, quarter in game.quarters.items():
        # Nothing changed that no phase named.
        assert UNATTRIBUTED not in quarter.causes, (turn, quarter.causes.get(UNATTRIBUTED))
        for figure in quarter.start:
            total = quarter.total(figure)
            change = quarter.change(figure)
            np.testing.assert_allclose(total, change, rtol=0, atol=1e-9,
                                       err_msg=f"turn {turn}: {figure}")
            # ... and the change is the game's own, as the history recorded it.
            if figure in europe:
                recorded = europe[figure][turn] - europe[figure][turn - 1]
            elif figure in members:
                recorded = members[figure][turn] - members[figure][turn - 1]
            else:
                recorded = capability[turn] - capability[turn - 1]
            np.testing.assert_allclose(change, recorded, rtol=0, atol=1e-6,
                                       err_msg=f"turn {turn}: {figure}")


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(name=st.sampled_from(SCENARIOS), seed=st.integers(0, 2**31 - 1),
       random_seats=st.sets(st.integers(0, 26), max_size=27), batch=st.integers(1, 3))
def test_causes_sum_to_every_change_in_every_quarter_of_random_games(name, seed, random_seats,
                                                                     batch):
    scenario = _scenario(name)
    codes = list(scenario.members)
    policies = {codes[k]: "random" for k in random_seats if k < len(codes)}
    game = Game(scenario, seed, [], policies=policies, batch=batch)
    play_to_end(game)
    _check_quarters(game)


def test_a_hotseat_games_ledger_sums_with_human_choices():
    game = Game(_scenario("us-withdrawal"), 5, ["FR", "PL", "HU"])
    play_to_end(game)
    _check_quarters(game)


def test_the_ledger_records_only_the_state_it_is_attached_to():
    """Monte Carlo batches and the AI's look-ahead copies never record (it costs them
    nothing), the live game does."""
    scenario = _scenario("us-withdrawal")
    world = build_world(scenario)
    state = new_state(world, 4)
    assert not recording(state)
    mark(state, "anything")  # a no-op, not an error
    game = Game(scenario, 1, [])
    assert recording(game.state)
    assert not recording(game.state.copy())
    simulate(scenario, runs=8, seed=1)
    assert game.quarters == {}


def test_a_failed_vote_is_named_with_its_cohesion_cost():
    """A proposal the Council rejects costs cohesion (`cohesion_veto`) and the no-voters'
    support (`veto_support`): the ledger names the vote with both amounts. Hungary tables a
    unanimity item (TEU 31(1)) and votes against it, so it fails."""
    from autonomy_game.engine import actions as A
    from autonomy_game.engine.game import advance_to

    scenario = _scenario("us-withdrawal")
    game = Game(scenario, 2, ["HU"])
    assert advance_to(game, "council")
    item = next(a.initiative for a in game.legal_actions("HU")
                if isinstance(a, A.Propose)
                and scenario.initiatives[a.initiative].rule == "unanimity")
    game.apply(A.Propose("HU", item))
    game.apply(A.Vote("HU", item, -1))
    assert advance_to(game, "report")
    vote = next(v for v in game.report.votes if v.initiative == item)
    assert not vote.passed and "HU" in vote.no
    quarter = game.quarters[1]
    name = scenario.initiatives[item].name
    cohesion = quarter.contributions("cohesion")[f"vote on {name}: failed"][0]
    assert cohesion == -game.world.params["cohesion_veto"]
    hu = game.world.codes.index("HU")
    support = quarter.contributions("support")[f"voted no on {name} (failed)"][0]
    assert support[hu] < 0
