"""The live `Game` and a batch of `run_policies` play the same games, bit for bit.

Both go through the phase functions of `engine.turn`; these tests compare every game's
outcome, ending turn, defeat reason, secret objectives and final Europe indicators exactly.
"""

from __future__ import annotations

import numpy as np
import pytest

from autonomy_game.engine.expressions import EvalContext
from autonomy_game.engine.game import Game, play_to_end
from autonomy_game.engine.goals import objectives_met
from autonomy_game.engine.history import EUROPE_INDICATORS
from autonomy_game.engine.policy.runner import run_policies
from autonomy_game.engine.world import build_world
from tests.support.bundled import bundled_scenario

MAIN = ["us-withdrawal", "ammunition-cofunding", "supply-line-crisis"]


def _assert_same_games(game: Game, run, rows: slice | np.ndarray) -> None:
    state = game.state
    assert np.array_equal(state.outcome, run.outcome[rows])
    assert np.array_equal(state.defeat_reason, run.defeat_reason[rows])
    ended = np.where(state.ended_turn > 0, state.ended_turn, state.turn)
    assert np.array_equal(ended, run.ended_turn[rows])
    # Game stops when its last game ends, so each game's end state is its final state only
    # when the whole batch ended together; compare indicators through the history instead.
    rows_idx = np.arange(state.batch)
    for name in EUROPE_INDICATORS:
        at_end = game.history.series(name)[ended, rows_idx]
        assert np.array_equal(at_end, run.final[name][rows]), name


@pytest.mark.parametrize("scenario_id", MAIN)
def test_a_batch_through_the_live_game_equals_run_policies_for_1000_games(scenario_id):
    """1 000 games, all seats AI: `Game(batch=1000)` against `run_policies(runs=1000)` with
    the same seed (the same streams), every game compared."""
    scenario = bundled_scenario(scenario_id)
    world = build_world(scenario)
    game = Game(scenario, 7, humans=[], batch=1000, prebuilt=world)
    play_to_end(game)
    run = run_policies(scenario, 1000, 7, world=world)
    _assert_same_games(game, run, slice(None))
    assert (run.outcome == run.outcome[0]).mean() < 1.0  # the games differ from each other


@pytest.mark.parametrize("scenario_id", MAIN)
def test_one_game_on_screen_equals_a_batch_of_one_for_each_seed(scenario_id):
    """Seeds one at a time: the live game with no humans against `run_policies(runs=1)`,
    objectives included."""
    scenario = bundled_scenario(scenario_id)
    world = build_world(scenario)
    for seed in range(25):
        game = Game(scenario, seed, humans=[], prebuilt=world)
        play_to_end(game)
        run = run_policies(scenario, 1, seed, world=world)
        _assert_same_games(game, run, slice(None))
        met = objectives_met(world, EvalContext(game.state, world))
        assert np.array_equal(met, run.objectives)
