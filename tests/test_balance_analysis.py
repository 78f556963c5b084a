"""Balance statistics on synthetic paired batches whose answers are known by construction."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from autonomy_game.balance.analysis import (
    choice_effect,
    dominance_rate,
    event_swing,
    outcome_score,
    outcome_shares,
    split_best,
    variance_shares,
)
from autonomy_game.engine.policy.base import BatchRun
from autonomy_game.engine.state import (
    OUTCOME_DEFEAT,
    OUTCOME_FAILURE,
    OUTCOME_PARTIAL,
    OUTCOME_VICTORY,
)

V, P, F, D = OUTCOME_VICTORY, OUTCOME_PARTIAL, OUTCOME_FAILURE, OUTCOME_DEFEAT


def batch(outcome, fired=None, objectives=None) -> BatchRun:
    """A BatchRun with the given outcomes; one event whose fired column is `fired`."""
    outcome = np.asarray(outcome, int)
    b = len(outcome)
    fired = np.ones(b, bool) if fired is None else np.asarray(fired, bool)
    objectives = np.zeros((b, 0), bool) if objectives is None else np.asarray(objectives, bool)
    return BatchRun(
        scenario_id="synthetic", seed=0, policies={}, outcome=outcome,
        ended_turn=np.full(b, 4), defeat_reason=np.where(outcome == D, 0, -1),
        fired=fired[:, None], fired_turn=np.where(fired, 2, 0)[:, None],
        choice=np.where(fired, 0, -1)[:, None], objectives=objectives,
        adopted=np.zeros((b, 0), bool), adopted_turn=np.zeros((b, 0), int),
    )


def test_outcome_score_orders_victory_partial_failure_defeat():
    assert outcome_score(np.array([V, P, F, D])).tolist() == pytest.approx([1, 2 / 3, 1 / 3, 0])


def test_outcome_shares_count_each_outcome_and_objectives():
    run = batch([V, V, P, D], objectives=[[1, 0], [1, 1], [0, 0], [0, 0]])
    shares = outcome_shares(run)
    assert (shares.victory, shares.partial, shares.failure, shares.defeat) == (0.5, 0.25, 0, 0.25)
    assert shares.objectives == pytest.approx(3 / 8)


def test_variance_shares_all_policy_when_policies_differ_by_a_constant():
    # Every game gives the same result under a policy; policies differ: all policy variance.
    y = np.array([[0.0] * 10, [1.0] * 10])
    shares = variance_shares(y)
    assert shares.policy == pytest.approx(1.0) and shares.seed == pytest.approx(0.0)
    assert shares.residual == pytest.approx(0.0)


def test_variance_shares_all_seed_when_policies_agree_game_by_game():
    games = np.array([0, 1, 1, 0, 1, 0, 0, 1], float)
    shares = variance_shares(np.stack([games, games, games]))
    assert shares.seed == pytest.approx(1.0) and shares.policy == pytest.approx(0.0)


def test_variance_shares_known_additive_table_plus_interaction():
    # y = row effect (+-1) + column effect (+-2) + interaction (+-0.5, checkerboard):
    # SS over a 2 x 2 table: policy 4, seed 16, interaction 1 of total 21.
    y = np.array([[1 + 2 + 0.5, 1 - 2 - 0.5], [-1 + 2 - 0.5, -1 - 2 + 0.5]])
    shares = variance_shares(y)
    assert shares.policy == pytest.approx(4 / 21)
    assert shares.seed == pytest.approx(16 / 21)
    assert shares.residual == pytest.approx(1 / 21)


@settings(max_examples=60, deadline=None)
@given(arrays(float, st.tuples(st.integers(2, 5), st.integers(2, 30)),
              elements=st.floats(0, 1, allow_nan=False)))
def test_variance_shares_add_up_to_one_or_all_zero(y):
    shares = variance_shares(y)
    total = shares.policy + shares.seed + shares.residual
    assert total == pytest.approx(1.0, abs=1e-9) or total == 0.0
    assert min(shares.policy, shares.seed, shares.residual) >= 0.0


def test_variance_shares_need_two_policies_and_two_games():
    with pytest.raises(ValueError):
        variance_shares(np.zeros((1, 5)))


def test_dominance_rate_counts_games_where_the_best_is_beaten():
    # Option 1 is better on average (0.6 vs 0.4) but loses to option 0 in 2 of 5 games.
    scores = np.array([[1, 1, 0, 0, 0], [0, 0, 1, 1, 1]], float)
    best, rate = dominance_rate(scores)
    assert best == 1 and rate == pytest.approx(0.6)


def test_dominance_rate_ties_count_as_at_least_as_good():
    scores = np.array([[1, 0, 1], [1, 0, 0]], float)
    best, rate = dominance_rate(scores)
    assert best == 0 and rate == 1.0


@settings(max_examples=60, deadline=None)
@given(arrays(float, st.tuples(st.integers(1, 4), st.integers(1, 40)),
              elements=st.sampled_from([0.0, 1 / 3, 2 / 3, 1.0])))
def test_dominance_rate_is_a_share_and_full_for_a_single_option(scores):
    _, rate = dominance_rate(scores)
    assert 0.0 <= rate <= 1.0
    if scores.shape[0] == 1:
        assert rate == 1.0
    # With two options, the better one on average is at least as good as the other in some
    # game. With three or more it can lose every game to a different rival (a = [1, 0],
    # b = [0, 1], c = [2/3, 2/3]: c is best on average and never the best in a game).
    if scores.shape[0] <= 2:
        assert rate > 0.0


def test_dominance_rate_can_be_zero_with_three_options():
    best, rate = dominance_rate(np.array([[1.0, 0.0], [0.0, 1.0], [2 / 3, 2 / 3]]))
    assert best == 2 and rate == 0.0


def test_choice_effect_measures_gap_and_dominance_over_fired_games_only():
    fired = [1, 1, 1, 1, 0, 0]
    # Option a wins 3 of the 4 fired games, b 1 of 4; the unfired games are identical.
    a = batch([V, V, V, D, V, D], fired)
    b = batch([D, D, D, V, V, D], fired)
    effect = choice_effect("e", 0, ["a", "b"], [a, b])
    assert effect.fired_games == 4 and effect.fired_share == pytest.approx(4 / 6)
    assert effect.victory == pytest.approx([0.75, 0.25])
    assert effect.victory_gap == pytest.approx(0.5)
    assert effect.victory_gap_all == pytest.approx(2 / 6)
    assert effect.best == "a" and effect.dominance == pytest.approx(0.75)
    assert effect.largest_effect_measure == "victory"


def test_choice_effect_finds_an_effect_on_a_secret_objective():
    same = [V, D, V, D]
    a = batch(same, objectives=[[1], [1], [1], [0]])
    b = batch(same, objectives=[[0], [0], [1], [0]])
    effect = choice_effect("e", 0, ["a", "b"], [a, b], objective_codes=["PL"])
    assert effect.victory_gap == 0.0
    assert effect.largest_effect == pytest.approx(0.5)
    assert effect.largest_effect_measure == "objective PL"


def test_choice_effect_of_an_event_that_never_fired_is_not_a_number():
    a = batch([V, D], fired=[0, 0])
    effect = choice_effect("e", 0, ["a", "b"], [a, a])
    assert effect.fired_games == 0 and np.isnan(effect.victory_gap)


def test_event_swing_compares_the_fired_games_with_the_event_switched_off():
    base = batch([V, V, D, D, V], fired=[1, 1, 1, 0, 0])
    off = batch([D, V, D, D, V], fired=[0, 0, 0, 0, 0])
    swing = event_swing("e", 0, base, off)
    assert swing.fired_games == 3
    assert swing.victory_with == pytest.approx(2 / 3)
    assert swing.victory_without == pytest.approx(1 / 3)
    assert swing.swing == pytest.approx(1 / 3)


def test_split_best_names_the_doctrine_that_wins_within_each_split():
    wins = {
        "shells": np.array([1, 1, 1, 1, 0, 0], float),  # best overall (4/6)
        "capacity": np.array([0, 0, 0, 1, 1, 1], float),  # best where the event fired
    }
    fired = np.array([0, 0, 0, 0, 1, 1], bool)
    results = {r.split: r for r in split_best(wins, {"e fired": fired, "e not": ~fired})}
    assert results["e fired"].best == "capacity" and results["e fired"].margin == 1.0
    assert results["e not"].best == "shells" and results["e not"].margin == 0.0
    assert results["e fired"].overall_best == "shells"


def test_split_best_leaves_out_small_splits():
    wins = {"a": np.ones(4), "b": np.zeros(4)}
    assert split_best(wins, {"tiny": np.array([1, 0, 0, 0], bool)}, min_games=2) == []


def test_major_event_splits_merge_splits_that_hold_the_same_games():
    from types import SimpleNamespace

    from autonomy_game.balance.measure import major_event_splits

    events = [SimpleNamespace(id=name, index=k) for k, name in
              enumerate(["reengage", "accelerate", "rare", "always"])]
    world = SimpleNamespace(events=events)
    reengage = np.array([1, 1, 0, 0, 1, 0, 0, 1, 0, 0], bool)
    fired = np.stack([reengage, ~reengage, np.eye(10, dtype=bool)[0],
                      np.ones(10, bool)], axis=1)
    splits = major_event_splits(world, fired)
    # rare (10 %) is at the edge and kept; always-fired has nothing to split.
    assert set(splits) == {"reengage fired = accelerate not fired",
                           "reengage not fired = accelerate fired",
                           "rare fired", "rare not fired"}
    assert splits["reengage fired = accelerate not fired"].tolist() == reengage.tolist()
