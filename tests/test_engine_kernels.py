"""The compiled kernels (engine/kernels) give the numpy code's arrays bit for bit.

Each kernel replaces numpy code in engine/council.py for large batches; the numpy code stays
as the reference and as the path of small batches (the live game, the preview). Here both
run on the same inputs, from real scenario states and from random ones (hypothesis), and
every array must be identical; whole batches must play the same games either way.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from autonomy_game.engine import kernels, treaty
from autonomy_game.engine.council import (
    count_and_decide,
    declared_votes,
    intentions,
    uniform_noise,
    utility_and_linkage,
)
from autonomy_game.engine.policy.runner import run_policies
from autonomy_game.engine.state import new_state
from autonomy_game.engine.streams import CounterStream, derive
from autonomy_game.engine.turn import play_turn, turn_streams
from autonomy_game.engine.world import build_world
from tests.support.bundled import bundled_scenario

pytest.importorskip("numba")  # a dependency: missing only on a broken install

MAIN = ["us-withdrawal", "ammunition-cofunding", "supply-line-crisis"]


@pytest.fixture(scope="module")
def played():
    """Each main scenario's world and a batch of 96 games after 0, 3 and 7 AI turns."""
    states = {}
    for scenario_id in MAIN:
        world = build_world(bundled_scenario(scenario_id))
        state = new_state(world, 96)
        seeds = np.random.SeedSequence(11)
        snapshots = []
        with kernels.use("numpy"):
            for turn in range(8):
                if turn in (0, 3, 7):
                    snapshots.append(state.copy())
                play_turn(world, state, turn_streams(seeds, turn), indicators_current=turn > 0)
        states[scenario_id] = (world, snapshots)
    return states


def _perturb(world, state, rng: np.random.Generator) -> None:
    """Move a state's inputs to the Council within their ranges (what effects could do)."""
    b, n = state.gdp.shape
    state.threat[:] = np.clip(state.threat + rng.normal(0, 0.2, state.threat.shape), 0, 1)
    state.atlanticism[:] = rng.random((b, n))
    state.support[:] = rng.random((b, n))
    state.cohesion[:] = rng.random(b)
    state.us_commitment[:] = rng.random(b)
    state.eu_funds[:] = rng.choice([0.0, 0.5, 3.0, 20.0], b)
    state.budget *= rng.uniform(0.2, 3.0, (b, n))
    state.shell_capacity *= rng.uniform(0.0, 2.0, (b, n))
    state.initiative_status[:] = rng.choice([0, 0, 0, 1, 2], state.initiative_status.shape)
    declared = rng.choice(5, state.declared.shape, p=[0.9, 0.025, 0.025, 0.025, 0.025])
    state.declared[:] = declared.astype(np.int8) if rng.random() < 0.5 else 0


def _both_ways(world, state, rng: np.random.Generator, human_mask=None, with_bonus=False):
    """utility_and_linkage, intentions and count_and_decide by numpy and by the kernels."""
    columns = np.flatnonzero(world.available)
    shape = (state.batch, len(world.codes), len(columns))
    noise = uniform_noise(rng, shape, world.params["ai_noise"])
    bonus = rng.normal(0, 0.3, shape).astype(np.float32) if with_bonus else None
    results = {}
    for mode in ("numpy", "numba"):
        with kernels.use(mode):
            total, link = utility_and_linkage(world, state, bonus, noise.copy(), columns,
                                              human_mask)
            votes = intentions(world, total, columns, declared_votes(state, columns))
            # The session's way: the declared votes read in place through the columns.
            assert np.array_equal(votes, intentions(world, total, columns,
                                                    all_declared=state.declared))
            passed = count_and_decide(world, votes, columns)
            results[mode] = (total, link, votes, passed)
    return results


def _assert_identical(results) -> None:
    for name, a, b in zip(("utility", "linkage", "votes", "passed"), results["numpy"],
                          results["numba"]):
        assert a.dtype == b.dtype and a.shape == b.shape, name
        # Bit for bit: the same float32 bits (NaN-free), the same votes.
        assert np.array_equal(a.view(np.uint8), b.view(np.uint8)), name


def test_the_kernels_know_the_treaty_vote_codes():
    from autonomy_game.engine.kernels import council_votes
    from autonomy_game.engine.world import DECLARED_CODES

    assert (council_votes.YES, council_votes.ABSTAIN, council_votes.NO,
            council_votes.CONSTRUCTIVE) == (treaty.YES, treaty.ABSTAIN, treaty.NO,
                                            treaty.CONSTRUCTIVE)
    assert DECLARED_CODES == {"yes": 1, "no": 2, "abstain": 3, "constructive-abstention": 4}


@pytest.mark.parametrize("scenario_id", MAIN)
def test_council_kernels_equal_numpy_on_played_states(played, scenario_id):
    world, snapshots = played[scenario_id]
    rng = np.random.default_rng(5)
    for state in snapshots:
        _assert_identical(_both_ways(world, state, rng))
        humans = np.zeros(len(world.codes), bool)
        humans[[0, 3]] = True  # seats voting for themselves: no linkage deal for them
        _assert_identical(_both_ways(world, state, rng, humans, with_bonus=True))


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(scenario=st.sampled_from(MAIN), snapshot=st.integers(0, 2), seed=st.integers(0, 2**32 - 1),
       humans=st.lists(st.integers(0, 26), max_size=3), with_bonus=st.booleans())
def test_council_kernels_equal_numpy_on_random_states(played, scenario, snapshot, seed, humans,
                                                      with_bonus):
    world, snapshots = played[scenario]
    state = snapshots[snapshot].copy()
    rng = np.random.default_rng(seed)
    _perturb(world, state, rng)
    mask = np.zeros(len(world.codes), bool)
    mask[[h % len(world.codes) for h in humans]] = True
    _assert_identical(_both_ways(world, state, rng, mask if humans else None, with_bonus))


@pytest.mark.parametrize("scenario_id,policies", [
    ("us-withdrawal", None),
    ("ammunition-cofunding", None),
    ("supply-line-crisis", None),
    ("us-withdrawal", {"DE": "random", "FR": "passive", "PL": "random"}),
])
def test_a_batch_plays_the_same_games_with_and_without_the_kernels(scenario_id, policies):
    scenario = bundled_scenario(scenario_id)
    world = build_world(scenario)
    runs = {}
    for mode in ("numpy", "numba"):
        with kernels.use(mode):
            runs[mode] = run_policies(scenario, 300, 3, policies, world=world)
    a, b = runs["numpy"], runs["numba"]
    for field in ("outcome", "ended_turn", "defeat_reason", "fired", "choice", "objectives",
                  "adopted_turn"):
        assert np.array_equal(getattr(a, field), getattr(b, field)), field
    for name in a.final:
        assert np.array_equal(a.final[name], b.final[name]), name


@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(scenario=st.sampled_from(MAIN), snapshot=st.integers(0, 2), seed=st.integers(0, 2**32 - 1))
def test_stance_inputs_kernel_equals_numpy(played, scenario, snapshot, seed):
    """The matrix product's inputs and the cost ratio, before any sum: the same bits."""
    from autonomy_game.engine import council
    from autonomy_game.engine.money import contribution_key

    world, snapshots = played[scenario]
    state = snapshots[snapshot].copy()
    _perturb(world, state, np.random.default_rng(seed))
    with kernels.use("numba"):
        inputs, ratio = council._compiled_inputs(kernels.council(1, 1), world, state,
                                                 contribution_key(world, state))
    reference = council._stance_inputs(world, state)
    reference_ratio = council._cost_factors(world, state, np.flatnonzero(world.available))[0]
    assert np.array_equal(inputs.view(np.uint32), reference.view(np.uint32))
    assert np.array_equal(ratio.view(np.uint32), reference_ratio.view(np.uint32))


@pytest.mark.parametrize("shape,batch_axis,keep", [
    ((300, 27, 23), 0, [0, 1, 2, 5, 9, 22]),  # the Council's open columns of the available
    ((300, 27, 23), 0, None),
    ((301, 27, 5), 0, [4]),  # a game's elements not a multiple of four
    ((3, 300, 27), 1, None),  # the AI's order noise: the batch on axis 1
    ((7, 2, 3), 0, []),  # nothing open
])
def test_council_noise_kernel_draws_the_numpy_numbers(shape, batch_axis, keep):
    """The compiled draw gives the same float32 noise, call after call of the stream."""
    keep = None if keep is None else np.array(keep, np.int64)
    draws = {}
    for mode in ("numpy", "numba"):
        stream = CounterStream(derive(7, 1), first_game=4090)
        with kernels.use(mode):
            draws[mode] = [uniform_noise(stream, shape, 0.3, batch_axis, keep) for _ in range(2)]
    for ours, reference in zip(draws["numba"], draws["numpy"]):
        assert ours.shape == reference.shape and ours.dtype == reference.dtype == np.float32
        assert np.array_equal(ours.view(np.uint32), reference.view(np.uint32))


def test_small_batches_and_councils_take_the_numpy_path_and_large_ones_the_kernels():
    big, wide, loaded = kernels.MIN_BATCH, kernels.MIN_COLUMNS, kernels.LOADED_MIN_BATCH
    # Before the kernels are loaded, only a large batch voting on many items repays numba.
    assert not kernels.worth_it(1, wide, loaded=False)
    assert not kernels.worth_it(big - 1, wide, loaded=False)
    assert not kernels.worth_it(big, wide - 1, loaded=False)  # a small Council: not worth it
    assert kernels.worth_it(big, wide, loaded=False)
    # Once loaded, any Council of a few hundred games; never the live game.
    assert not kernels.worth_it(1, wide, loaded=True)
    assert not kernels.worth_it(loaded - 1, wide, loaded=True)
    assert kernels.worth_it(loaded, 1, loaded=True)
    with kernels.use("auto"):
        assert kernels.council(1, wide) is None
        assert kernels.council(big, wide) is not None
        assert kernels.council(loaded, 1) is not None  # loaded by the line above
    with kernels.use("numpy"):
        assert kernels.council(10 * big, wide) is None
    with kernels.use("numba"):
        assert kernels.council(1, 1) is not None
    with pytest.raises(ValueError, match="unknown mode"), kernels.use("fast"):
        pass


def test_kernels_cache_in_the_users_cache_folder(monkeypatch, tmp_path):
    monkeypatch.delenv("NUMBA_CACHE_DIR", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    if sys.platform != "win32":
        assert kernels.cache_dir() == tmp_path / "autonomy-game" / "numba"
    monkeypatch.setenv("NUMBA_CACHE_DIR", str(tmp_path / "elsewhere"))
    assert kernels.cache_dir() == tmp_path / "elsewhere"


def test_the_game_and_a_small_simulate_never_import_numba():
    """Start-up and the interactive path stay free of numba's import (~0.35 s)."""
    code = (
        "import sys\n"
        "import autonomy_game.cli.main\n"
        "from autonomy_game.engine.game import Game, play_to_end\n"
        "from autonomy_game.engine.policy.runner import run_policies\n"
        "from autonomy_game.scenario.validate import load_scenario\n"
        "sc = load_scenario('supply-line-crisis')\n"
        "play_to_end(Game(sc, 1, humans=[]))\n"
        "run_policies(sc, 200, 1)\n"
        "assert 'numba' not in sys.modules, 'numba imported'\n"
    )
    src = str(Path(__file__).resolve().parents[1] / "src")
    env = {k: v for k, v in os.environ.items() if k != "AUTONOMY_KERNELS"}
    env["PYTHONPATH"] = src + os.pathsep + os.environ.get("PYTHONPATH", "")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env,
                          timeout=600)
    assert done.returncode == 0, done.stderr
