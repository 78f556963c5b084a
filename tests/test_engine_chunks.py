"""Monte Carlo at scale: chunks, game indices and worker processes never change a result.

Each game's random numbers are keyed by its seed and game index (engine/streams.py), so a
batch cut into chunks of any size, played on any number of processes, gives every game bit for
bit as a single batch does; the first n games of a big batch are a batch of n.
"""

from __future__ import annotations

import json

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from autonomy_game.cli.main import main
from autonomy_game.engine.policy.base import BatchRun
from autonomy_game.engine.policy.runner import (
    SUMMARY_FIELDS,
    balanced_chunk,
    chunk_spans,
    play_chunk,
    run_policies,
)
from autonomy_game.engine.world import build_world
from tests.support.bundled import bundled_scenario
from tests.support.timings import without_timing

MAIN = ["us-withdrawal", "ammunition-cofunding", "supply-line-crisis"]
FIELDS = ["outcome", "ended_turn", "defeat_reason", "fired", "fired_turn", "choice",
          "objectives", "adopted", "adopted_turn"]
TIMING = {"elapsed_s", "games_per_s"}


def _rows(run: BatchRun, rows) -> dict[str, np.ndarray]:
    values = {name: getattr(run, name)[rows] for name in FIELDS}
    values |= {f"final.{k}": v[rows] for k, v in run.final.items()}
    return values


def _assert_same(a: dict[str, np.ndarray], b: dict[str, np.ndarray]) -> None:
    assert a.keys() == b.keys()
    for name in a:
        assert a[name].dtype == b[name].dtype, name
        assert np.array_equal(a[name], b[name]), name


@pytest.mark.parametrize("scenario_id", MAIN)
def test_the_first_games_of_a_big_batch_are_a_smaller_batch_bit_for_bit(scenario_id):
    """A random player on one seat and a doctrine on another too: their draws are keyed by
    the game as well (no draw depends on what happened elsewhere in the batch)."""
    scenario = bundled_scenario(scenario_id)
    world = build_world(scenario)
    seats = {scenario.members[0]: "random", scenario.members[1]: "passive"}
    big = run_policies(scenario, 240, 13, seats, world=world)
    small = run_policies(scenario, 90, 13, seats, world=world)
    _assert_same(_rows(big, slice(0, 90)), _rows(small, slice(None)))
    assert len(set(big.outcome.tolist())) > 1  # the games differ from each other


@pytest.mark.parametrize("scenario_id", MAIN)
def test_game_k_of_a_batch_is_the_single_game_with_index_k(scenario_id):
    scenario = bundled_scenario(scenario_id)
    world = build_world(scenario)
    batch = run_policies(scenario, 64, 3, world=world)
    for k in (0, 1, 17, 63):
        alone = play_chunk(world, 3, k, 1, {}, {})
        _assert_same(_rows(batch, slice(k, k + 1)), _rows(alone, slice(None)))


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(runs=st.integers(1, 70), chunk=st.integers(1, 80), seed=st.integers(0, 2**40))
def test_results_are_bit_identical_whatever_the_chunk_size(runs, chunk, seed):
    scenario = bundled_scenario("supply-line-crisis")
    world = _world(scenario)
    whole = run_policies(scenario, runs, seed, world=world, chunk=runs)
    chunked = run_policies(scenario, runs, seed, world=world, chunk=chunk)
    _assert_same(_rows(whole, slice(None)), _rows(chunked, slice(None)))


_worlds: dict[str, object] = {}


def _world(scenario):
    if scenario.id not in _worlds:
        _worlds[scenario.id] = build_world(scenario)
    return _worlds[scenario.id]


@settings(max_examples=60, deadline=None)
@given(runs=st.integers(1, 10**6), chunk=st.integers(1, 10**5), workers=st.integers(1, 16))
def test_chunks_cover_every_game_once_and_stay_within_the_chunk_size(runs, chunk, workers):
    size = balanced_chunk(runs, chunk, workers)
    spans = chunk_spans(runs, size)
    assert size <= chunk
    assert [first for first, _ in spans] == list(range(0, runs, size))
    assert sum(n for _, n in spans) == runs and all(n >= 1 for _, n in spans)


def test_two_worker_processes_give_the_very_same_games_as_one():
    scenario = bundled_scenario("us-withdrawal")
    one = run_policies(scenario, 300, 9, {"FR": "random"}, chunk=64, workers=1)
    two = run_policies(scenario, 300, 9, {"FR": "random"}, chunk=64, workers=2)
    _assert_same(_rows(one, slice(None)), _rows(two, slice(None)))


def test_simulate_keeps_only_what_it_reads_per_game():
    run = run_policies(bundled_scenario("supply-line-crisis"), 30, 2, keep=SUMMARY_FIELDS)
    assert run.fired.shape == (30, 0) and run.choice.shape == (30, 0)
    assert run.adopted.shape[0] == 30 and run.final


def _simulate_json(capsys, *args: str) -> dict:
    assert main(["simulate", "us-withdrawal", "--json", *args]) == 0
    result = json.loads(capsys.readouterr().out)
    return {k: v for k, v in result.items() if k not in TIMING}


def test_simulate_with_one_or_two_workers_prints_the_same_json(capsys):
    one = _simulate_json(capsys, "--runs", "500", "--seed", "4", "--chunk", "100",
                         "--workers", "1")
    two = _simulate_json(capsys, "--runs", "500", "--seed", "4", "--chunk", "100",
                         "--workers", "2")
    whole = _simulate_json(capsys, "--runs", "500", "--seed", "4", "--chunk", "500")
    assert one == two == whole


def test_balance_with_one_or_two_workers_measures_the_same(tmp_path):
    from autonomy_game.balance.measure import measure
    from autonomy_game.balance.report import to_json

    scenario = bundled_scenario("tutorial")

    def measured(workers: int) -> str:
        result = to_json(measure(scenario, 8, 5, [], workers=workers, chunk=5))
        return json.dumps(without_timing(result), sort_keys=True)

    assert measured(1) == measured(2)


