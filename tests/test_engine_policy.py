"""Policies: the batched turn with a policy per seat, the built-in players and the registry."""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from autonomy_game.engine.ai import ai_orders
from autonomy_game.engine.council import (
    ABSTAIN,
    ai_join_projects,
    close_session,
    open_session,
    pesco_review_due,
)
from autonomy_game.engine.events import apply_choice, fire_events
from autonomy_game.engine.goals import check_goals
from autonomy_game.engine.indicators import update_indicators
from autonomy_game.engine.policy import PassivePolicy, PolicySpecError, RandomPolicy, make_policy
from autonomy_game.engine.policy.moves import budget_limits, discretionary
from autonomy_game.engine.policy.runner import run_policies
from autonomy_game.engine.policy.seats import TurnPolicies
from autonomy_game.engine.resolution import resolve
from autonomy_game.engine.state import GameState, new_state
from autonomy_game.engine.streams import CounterStream, as_seeds, derive
from autonomy_game.engine.turn import (
    begin_turn,
    events_phase,
    play_turn,
    turn_streams,
)
from autonomy_game.engine.world import build_world
from autonomy_game.scenario.validate import load_scenario
from tests.support.bundled import bundled_scenario

FIXTURES = Path(__file__).parent / "fixtures" / "scenario"


def _fixture_scenario(tmp_path: Path):
    shutil.copy(FIXTURES / "base.yaml", tmp_path / "base.yaml")
    shutil.copy(FIXTURES / "mini.yaml", tmp_path / "mini.yaml")
    return load_scenario(str(tmp_path / "mini.yaml"))


def _states_equal(a: GameState, b: GameState) -> bool:
    for f in dataclasses.fields(GameState):
        x, y = getattr(a, f.name), getattr(b, f.name)
        if isinstance(x, np.ndarray):
            if x.shape != y.shape or not np.array_equal(x, y):
                return False
        elif x != y:
            return False
    return True


def _turn_before_policies(world, state, seeds, turn):
    """The all-AI turn as it was before policies existed (three streams, no policy code):
    the reference the policy-aware turn must reproduce bit for bit."""
    key = as_seeds(seeds).turn_key(turn)
    events, council, orders = (CounterStream(derive(key, tag)) for tag in range(3))
    no_humans = np.zeros(len(world.codes), bool)
    ctx = begin_turn(world, state, True)
    fire_events(world, state, events, no_humans, ctx)
    update_indicators(world, state)
    session = open_session(world, state, council, no_humans)
    close_session(world, state, session)
    if pesco_review_due(state):
        ai_join_projects(world, state, ~no_humans)  # AI states ask to join PESCO projects
    planned, _ = ai_orders(world, state, orders)
    resolve(world, state, planned)
    state.turn += 1
    state.turn_number[:] = state.turn
    check_goals(world, state, ctx)


@pytest.mark.parametrize("scenario_id", ["us-withdrawal", "supply-line-crisis"])
def test_all_ai_games_are_bit_identical_to_the_turn_before_policies(scenario_id):
    world = build_world(bundled_scenario(scenario_id))
    ours, reference = new_state(world, 150), new_state(world, 150)
    seeds = np.random.SeedSequence(11)
    for turn in range(world.turns):
        play_turn(world, ours, turn_streams(seeds, turn), {}, indicators_current=True)
        _turn_before_policies(world, reference, seeds, turn)
    assert _states_equal(ours, reference)


def test_naming_ai_for_a_seat_is_the_same_as_naming_nothing():
    scenario = bundled_scenario("supply-line-crisis")
    plain = run_policies(scenario, 200, 4)
    named = run_policies(scenario, 200, 4, {"DE": "ai", "PL": make_policy("ai")})
    assert named.policies == {}
    assert np.array_equal(plain.outcome, named.outcome)
    assert all(np.array_equal(plain.final[k], named.final[k]) for k in plain.final)


def test_unknown_policy_names_and_seats_are_refused_with_one_clear_message():
    with pytest.raises(PolicySpecError, match="unknown policy 'bogus'"):
        make_policy("bogus")
    with pytest.raises(PolicySpecError, match="'XX' is not a member state"):
        run_policies(bundled_scenario("tutorial"), 4, 1, {"XX": "passive"})
    with pytest.raises(PolicySpecError, match="unknown event"):
        run_policies(bundled_scenario("tutorial"), 4, 1, forced_choices={"nope": "a"})


def test_built_in_names_make_the_built_in_players():
    assert isinstance(make_policy("passive"), PassivePolicy)
    assert isinstance(make_policy("random"), RandomPolicy)
    assert make_policy("ai").name == "ai"


class Spy:
    """Wraps a policy and records the orders and votes it leaves for its seat."""

    def __init__(self, inner):
        self.inner, self.name = inner, inner.name
        self.orders_seen, self.votes_seen, self.limits, self.money = [], [], [], []

    def choose(self, ctx, seat, event, mask):
        return self.inner.choose(ctx, seat, event, mask)

    def council(self, ctx, seat, session):
        self.inner.council(ctx, seat, session)
        self.votes_seen.append(session.human_votes[:, seat].copy())

    def orders(self, ctx, seat, orders):
        low, high = budget_limits(ctx.world, ctx.state, seat)
        self.inner.orders(ctx, seat, orders)
        pct = ctx.state.defence_pct.copy()
        pct[:, seat] = orders.target_pct[:, seat]
        self.limits.append((low, high, orders.target_pct[:, seat].copy()))
        self.money.append((orders.money()[:, seat].copy(),
                           discretionary(ctx.world, ctx.state, pct)[:, seat]))
        self.orders_seen.append(orders.copy())


def test_a_passive_seat_holds_its_budget_orders_nothing_and_abstains():
    scenario = bundled_scenario("us-withdrawal")
    world = build_world(scenario)
    de = world.codes.index("DE")
    spy = Spy(PassivePolicy())
    state = new_state(world, 50)
    seeds = np.random.SeedSequence(5)
    for turn in range(4):
        pct_before = state.defence_pct[:, de].copy()
        result = play_turn(world, state, turn_streams(seeds, turn), {de: spy},
                           indicators_current=True)
        assert np.array_equal(state.defence_pct[:, de], pct_before)
        assert np.all(result.ledger.orders[:, de] == 0.0)
        assert np.all(spy.votes_seen[-1] == ABSTAIN)
        assert np.all(spy.orders_seen[-1].aid_rounds[:, de] == 0.0)


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 2**32 - 1), scenario_id=st.sampled_from(
    ["us-withdrawal", "ammunition-cofunding", "supply-line-crisis"]))
def test_a_random_seat_stays_within_its_money_and_budget_limits(seed, scenario_id):
    world = build_world(bundled_scenario(scenario_id))
    seats = [world.codes.index(c) for c in ("DE", "FR", "PL") if c in world.codes]
    spies = {n: Spy(RandomPolicy()) for n in seats}
    state = new_state(world, 40)
    seeds = np.random.SeedSequence(seed)
    for turn in range(world.turns):
        play_turn(world, state, turn_streams(seeds, turn), spies, indicators_current=True)
    for n, spy in spies.items():
        for low, high, pct in spy.limits:
            assert np.all((pct >= low - 1e-12) & (pct <= high + 1e-12))
        for spent, room in spy.money:
            assert np.all(spent <= room + 1e-9)
        for orders in spy.orders_seen:
            assert np.all(orders.aid_rounds[:, n] >= 0.0)
    for f in dataclasses.fields(GameState):
        value = getattr(state, f.name)
        if isinstance(value, np.ndarray) and value.dtype.kind == "f":
            assert np.isfinite(value).all(), f.name


def test_a_random_player_draws_from_its_own_stream_so_the_events_stay_paired():
    world = build_world(bundled_scenario("us-withdrawal"))
    seeds = np.random.SeedSequence(21)
    first, second = new_state(world, 300), new_state(world, 300)
    a = play_turn(world, first, turn_streams(seeds, 0), {}, indicators_current=True)
    b = play_turn(world, second, turn_streams(seeds, 0),
                  {world.codes.index("DE"): RandomPolicy()}, indicators_current=True)
    assert np.array_equal(a.fired, b.fired)
    # The same seed with the same policies gives the same games.
    again = run_policies(bundled_scenario("tutorial"), 100, 3, {"DE": "random"})
    once = run_policies(bundled_scenario("tutorial"), 100, 3, {"DE": "random"})
    assert np.array_equal(again.outcome, once.outcome)
    assert all(np.array_equal(again.final[k], once.final[k]) for k in again.final)


def test_a_forced_option_is_taken_wherever_its_event_fired_and_nowhere_else(tmp_path):
    scenario = _fixture_scenario(tmp_path)
    run = run_policies(scenario, 300, 2, forced_choices={"drones": "absorb"})
    e = [ev.id for ev in scenario.events].index("drones")
    assert run.fired[:, e].any() and not run.fired[:, e].all()
    assert np.all(run.choice[run.fired[:, e], e] == 1)
    assert np.all(run.choice[~run.fired[:, e], e] == -1)
    assert np.all((run.fired_turn[:, e] >= 2) == run.fired[:, e])


def test_a_human_choice_in_a_batch_applies_only_where_its_event_fired(tmp_path):
    """Regression: with human seats and B > 1 a choice used to reach every game."""
    scenario = _fixture_scenario(tmp_path)
    world = build_world(scenario)
    state = new_state(world, 200)
    seeds = np.random.SeedSequence(8)
    play_turn(world, state, turn_streams(seeds, 0))  # drones can fire from turn 2
    humans = np.array([c == "PL" for c in world.codes])
    streams = turn_streams(seeds, 1)
    players = TurnPolicies.for_turn(world, state, streams)
    opening = events_phase(world, state, streams, players, humans)
    (pending,) = [p for p in opening.pending if world.events[p.event].id == "drones"]
    assert pending.mask.any() and not pending.mask.all()
    assert np.array_equal(pending.mask, opening.fired[:, pending.event])
    before = state.cohesion.copy()
    ev = world.events[pending.event]
    apply_choice(ev, [c.id for c in ev.choices].index("escalate"), opening.ctx, pending.mask)
    moved = state.cohesion != before
    assert np.array_equal(moved, pending.mask & (before < 1.0))


def test_policy_votes_follow_each_initiatives_rule():
    """A constructive abstention is cast only where the rule allows it (TEU 31(1)); an
    unknown vote value is refused."""
    from autonomy_game.engine.council import CONSTRUCTIVE, allowed_votes, open_session
    from autonomy_game.engine.policy import moves
    from autonomy_game.engine.policy.base import PolicyContext

    world = build_world(bundled_scenario("us-withdrawal"))
    state = new_state(world, 4)
    streams = turn_streams(np.random.SeedSequence(1), 0)
    session = open_session(world, state, streams.council, np.zeros(len(world.codes), bool))
    ctx = PolicyContext(world, state, streams.policy_rng(0), 1)
    count = len(world.initiative_ids)
    assert any(CONSTRUCTIVE in allowed_votes(world, i) for i in range(count))
    moves.vote(ctx, session, 0, np.full((4, count), CONSTRUCTIVE))
    for i in range(count):
        cast = set(session.human_votes[:, 0, i].tolist())
        if CONSTRUCTIVE in allowed_votes(world, i) and eligible_for(world, 0, i):
            assert cast == {CONSTRUCTIVE}
        else:
            assert cast == {ABSTAIN}
    with pytest.raises(ValueError, match="a vote is"):
        moves.vote(ctx, session, 0, np.full((4, count), 7))
    random_votes = RandomPolicy()
    random_votes.council(ctx, 1, session)
    for i in range(count):
        assert set(session.human_votes[:, 1, i].tolist()) <= set(allowed_votes(world, i))


def eligible_for(world, seat, initiative):
    from autonomy_game.engine.council import eligible

    return bool(eligible(world)[seat, initiative])
