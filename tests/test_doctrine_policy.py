"""DoctrinePolicy: a doctrine plays one seat over the whole batch, within its money."""

from __future__ import annotations

import dataclasses
import functools

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from autonomy_game.doctrine import load_doctrine, shipped_doctrines
from autonomy_game.doctrine.format_spec import LEVERS
from autonomy_game.doctrine.model import Doctrine, SpendingRule
from autonomy_game.engine.ai import ai_orders
from autonomy_game.engine.council import ABSTAIN, NO, YES, eligible, open_session, proposable
from autonomy_game.engine.events import choice_scores
from autonomy_game.engine.expressions import EvalContext
from autonomy_game.engine.orders import EUROPEAN, FOREIGN
from autonomy_game.engine.policy.base import PolicyContext
from autonomy_game.engine.policy.doctrine import DoctrinePolicy, seat_money
from autonomy_game.engine.policy.runner import run_policies
from autonomy_game.engine.resolution import pct_limits
from autonomy_game.engine.state import OUTCOME_ONGOING, new_state
from autonomy_game.engine.world import build_world
from autonomy_game.scenario.model import DOMAINS
from autonomy_game.scenario.validate import load_scenario

MAIN = ("us-withdrawal", "ammunition-cofunding", "supply-line-crisis")


@functools.cache
def world_of(scenario: str):
    return build_world(load_scenario(scenario))


def setup(scenario: str = "us-withdrawal", batch: int = 16, turn: int = 1):
    world = world_of(scenario)
    state = new_state(world, batch)
    rng = np.random.default_rng(7)
    orders, _ = ai_orders(world, state, rng)
    ctx = PolicyContext(world, state, np.random.default_rng(8), turn)
    return world, state, orders, ctx


def money_invariants(ctx: PolicyContext, orders, seat: int) -> None:
    """What every doctrine's orders must satisfy, checked after each quarter's orders."""
    world, state = ctx.world, ctx.state
    low, high = pct_limits(world, state)
    pct = orders.target_pct[:, seat]
    assert np.all(np.isfinite(pct))
    assert np.all(pct >= low[:, seat] - 1e-9) and np.all(pct <= high[:, seat] + 1e-9)
    for name in ("procure", "shells", "industry", "aid_rounds", "aid_materiel", "protect_own",
                 "corridor_own", "protect", "corridor"):
        values = getattr(orders, name)
        if values is None:
            continue
        column = values[:, :, :, seat] if name == "procure" else values[:, seat]
        assert np.all(np.isfinite(column)), name
        assert np.all(column >= 0), name
    spent = orders.money()[:, seat]
    allowed = seat_money(world, state, seat, pct)
    assert np.all(spent <= allowed * (1 + 1e-9) + 1e-9)
    assert np.all(orders.aid_rounds[:, seat] <= state.ammunition[:, seat] + 1e-9)


# -- orders -----------------------------------------------------------------------------------


def test_a_doctrine_that_names_nothing_keeps_the_advisors_orders_within_the_limits() -> None:
    world, state, orders, ctx = setup(batch=64)
    before = orders.copy()
    seat = world.codes.index("PL")
    DoctrinePolicy(Doctrine(id="like-ai")).orders(ctx, seat, orders)
    low, high = (x[:, seat] for x in pct_limits(world, state))
    assert np.array_equal(orders.target_pct[:, seat],
                          np.clip(before.target_pct[:, seat], low, high))
    money = seat_money(world, state, seat, orders.target_pct[:, seat])
    fits = before.money()[:, seat] <= money
    assert fits.any()
    assert np.array_equal(before.procure[fits], orders.procure[fits])
    assert np.array_equal(before.shells[fits], orders.shells[fits])
    assert np.array_equal(before.aid_rounds, orders.aid_rounds)
    scale = money[~fits] / before.money()[~fits, seat]
    assert np.allclose(orders.industry[~fits, seat], before.industry[~fits, seat] * scale)


def test_a_doctrine_writes_only_its_own_seat() -> None:
    world, _state, orders, ctx = setup()
    before = orders.copy()
    seat = world.codes.index("DE")
    DoctrinePolicy(load_doctrine("thoughtful-us-withdrawal")).orders(ctx, seat, orders)
    others = np.arange(len(world.codes)) != seat
    assert np.array_equal(before.procure[:, :, :, others], orders.procure[:, :, :, others])
    assert np.array_equal(before.shells[:, others], orders.shells[:, others])
    assert np.array_equal(before.target_pct[:, others], orders.target_pct[:, others])


def test_single_lever_puts_all_the_seats_money_into_that_lever() -> None:
    world, state, orders, ctx = setup()
    seat = world.codes.index("DE")
    DoctrinePolicy(load_doctrine("european-shells")).orders(ctx, seat, orders)
    money = seat_money(world, state, seat, orders.target_pct[:, seat])
    assert np.allclose(orders.shells[:, seat, EUROPEAN], money)
    assert np.all(orders.shells[:, seat, FOREIGN] == 0)
    assert np.allclose(orders.money()[:, seat], money)


def test_money_is_the_budget_after_upkeep_less_committed_payments() -> None:
    """As `Game.discretionary`: GDP grows before the budget is set, upkeep comes first."""
    from autonomy_game.engine.game import Game

    game = Game(load_scenario("us-withdrawal"), humans=["DE"], seed=3)
    seat = game.world.codes.index("DE")
    pct = game.state.defence_pct[:, seat] + 0.1
    assert seat_money(game.world, game.state, seat, pct)[0] == pytest.approx(
        game.discretionary("DE", float(pct[0])))


@pytest.mark.parametrize(("rule", "expected"), [
    (SpendingRule("step", step=0.1, limit=10.0), "current + 0.1"),
    (SpendingRule("hold"), "current"),
    (SpendingRule("max"), "high"),
    (SpendingRule("path", values=(9.0, 0.0)), "high"),
    (SpendingRule("constant", values=(0.0,)), "low"),
])
def test_spending_rules_are_clipped_to_the_budget_limits(rule: SpendingRule,
                                                         expected: str) -> None:
    world, state, orders, _ctx = setup()
    seat = world.codes.index("PL")
    policy = DoctrinePolicy(Doctrine(id="s", spending=rule))
    pct = policy.target_pct(world, state, seat, 1, orders.target_pct[:, seat])
    low, high = (x[:, seat] for x in pct_limits(world, state))
    current = state.defence_pct[:, seat]
    want = {"current + 0.1": np.minimum(current + 0.1, high), "current": current,
            "high": high, "low": low}[expected]
    assert np.allclose(pct, want)


def test_a_step_stops_at_its_limit() -> None:
    world, state, orders, _ctx = setup()
    seat = world.codes.index("DE")
    limit = float(state.defence_pct[0, seat]) + 0.05
    policy = DoctrinePolicy(Doctrine(id="s", spending=SpendingRule("step", step=0.1,
                                                                   limit=limit)))
    assert np.allclose(policy.target_pct(world, state, seat, 1, orders.target_pct[:, seat]),
                       limit)


def test_in_time_buys_abroad_when_european_lead_times_are_too_long() -> None:
    world, _state, orders, ctx = setup()
    remaining = 2  # quarters left: foreign (about a year) may be too slow as well
    turn = world.turns - remaining
    ctx = dataclasses.replace(ctx, turn=turn)
    seat = world.codes.index("DE")
    doctrine = Doctrine(id="p", orders={"procurement": 1.0}, procurement_european=1.0)
    DoctrinePolicy(doctrine).orders(ctx, seat, orders)
    european_late = world.lead_european > remaining
    foreign_late = world.lead_foreign > remaining
    assert np.all(orders.procure[:, EUROPEAN, european_late, seat] == 0)
    assert np.all(orders.procure[:, FOREIGN, foreign_late, seat] == 0)


def test_nothing_is_bought_when_nothing_would_arrive_before_the_end() -> None:
    world, _state, orders, ctx = setup()
    ctx = dataclasses.replace(ctx, turn=world.turns)
    seat = world.codes.index("DE")
    DoctrinePolicy(Doctrine(id="p", orders={"procurement": 1.0})).orders(ctx, seat, orders)
    assert np.all(orders.procure[:, :, :, seat] == 0)


def test_fixed_domain_weights_split_procurement() -> None:
    world, _state, orders, ctx = setup()
    seat = world.codes.index("FR")
    doctrine = Doctrine(id="p", orders={"procurement": 1.0}, in_time=False,
                        domain_weights={"isr": 3.0, "land": 1.0}, procurement_european=0.5)
    DoctrinePolicy(doctrine).orders(ctx, seat, orders)
    bought = orders.procure[:, :, :, seat].sum(axis=1)  # [B, D]
    isr, land = DOMAINS.index("isr"), DOMAINS.index("land")
    assert np.allclose(bought[:, isr], 3 * bought[:, land])
    assert np.allclose(orders.procure[:, EUROPEAN, :, seat], orders.procure[:, FOREIGN, :, seat])


def test_named_hubs_and_corridors_get_the_money_whoever_owns_them() -> None:
    world, state, orders, ctx = setup("supply-line-crisis")
    seat = world.codes.index("DE")
    doctrine = load_doctrine("thoughtful-supply-line-crisis")
    DoctrinePolicy(doctrine).orders(ctx, seat, orders)
    money = seat_money(world, state, seat, orders.target_pct[:, seat])
    hubs = [world.hub_ids.index(h) for h in ("RZE", "PMY", "DRH")]
    assert np.allclose(orders.protect[:, seat][:, hubs].sum(axis=(1, 2)), 0.1 * money)
    routes = [world.corridor_ids.index(c) for c in ("PL_RAIL_N", "PL_BROAD", "RO_RAIL", "SK_RAIL")]
    assert np.allclose(orders.corridor[:, seat, routes].sum(axis=1), 0.4 * money)
    assert np.all(orders.protect_own[:, seat] == 0) and np.all(orders.corridor_own[:, seat] == 0)
    money_invariants(ctx, orders, seat)


def test_a_seat_without_hubs_buys_equipment_with_its_protection_money() -> None:
    world, state, orders, ctx = setup()
    without = [n for n in range(len(world.codes)) if world.owned_hub_share[n].sum() == 0]
    assert without, "the base data has states without hubs"
    seat = without[0]
    DoctrinePolicy(load_doctrine("hub-protection")).orders(ctx, seat, orders)
    money = seat_money(world, state, seat, orders.target_pct[:, seat])
    assert np.all(orders.protect_own[:, seat] == 0)
    assert np.allclose(orders.procure[:, :, :, seat].sum(axis=(1, 2)), money)


def test_no_money_means_no_orders_and_no_nan() -> None:
    world, state, orders, ctx = setup()
    seat = world.codes.index("DE")
    state.gdp[:, seat] = 0.0
    DoctrinePolicy(load_doctrine("thoughtful-us-withdrawal")).orders(ctx, seat, orders)
    money_invariants(ctx, orders, seat)
    assert np.all(orders.money()[:, seat] == 0)


# -- events and Council -----------------------------------------------------------------------


def test_event_preferences_pick_the_named_option_and_defaults_apply() -> None:
    world, state, _orders, ctx = setup()
    event = next(e for e in world.events if e.id == "patriot-offer")
    mask = np.ones(state.batch, bool)
    seat = world.codes.index("DE")
    named = DoctrinePolicy(Doctrine(id="e", event_choices={"patriot-offer": "split"}))
    assert np.all(named.choose(ctx, seat, event, mask) == 2)
    first = DoctrinePolicy(Doctrine(id="e", event_default="first"))
    assert np.all(first.choose(ctx, seat, event, mask) == 0)
    advisor = DoctrinePolicy(Doctrine(id="e"))
    some = np.arange(state.batch) % 2 == 0
    expected = choice_scores(event, EvalContext(state, world), some).argmax(axis=1)
    assert np.array_equal(advisor.choose(ctx, seat, event, some)[some], expected[some])


def session_for(scenario: str = "us-withdrawal", batch: int = 16):
    world, state, _orders, ctx = setup(scenario, batch)
    session = open_session(world, state, np.random.default_rng(5),
                           np.zeros(len(world.codes), bool))
    return world, state, ctx, session


@pytest.mark.parametrize(("rule", "code"), [("yes", YES), ("no", NO), ("abstain", ABSTAIN)])
def test_fixed_votes_are_cast_where_the_seat_is_eligible(rule: str, code: int) -> None:
    world, _state, ctx, session = session_for()
    seat = world.codes.index("AT")
    DoctrinePolicy(Doctrine(id="v", vote=rule)).council(ctx, seat, session)
    assert session.human_mask[seat] and session.human_mask.sum() == 1
    votes = session.human_votes[:, seat, session.columns]
    can = eligible(world)[seat, session.columns]
    assert np.all(votes[:, can] == code) and np.all(votes[:, ~can] == ABSTAIN)


def test_per_initiative_votes_override_the_rule() -> None:
    world, _state, ctx, session = session_for()
    seat = world.codes.index("FR")
    DoctrinePolicy(Doctrine(id="v", vote="no", votes={"essi": "yes"})).council(ctx, seat,
                                                                               session)
    column = session.column(world.initiative_ids.index("essi"))
    assert np.all(session.human_votes[:, seat, session.columns[column]] == YES)


def test_vote_by_threat_says_yes_to_initiatives_that_answer_the_seats_threats() -> None:
    world, _state, ctx, session = session_for()
    seat = world.codes.index("PL")
    DoctrinePolicy(Doctrine(id="v", vote="threat", threat_threshold=0.0)).council(
        ctx, seat, session)
    can = eligible(world)[seat, session.columns]
    assert np.all(session.human_votes[:, seat, session.columns][:, can] == YES)
    session2 = session_for()[3]
    DoctrinePolicy(Doctrine(id="v", vote="threat", threat_threshold=1.0)).council(
        ctx, seat, session2)
    assert np.all(session2.human_votes[:, seat, session2.columns][:, can] == NO)


def test_vote_by_cost_follows_the_cost_limit() -> None:
    world, _state, ctx, session = session_for()
    seat = world.codes.index("DE")
    DoctrinePolicy(Doctrine(id="v", vote="cost", cost_limit=1.0)).council(ctx, seat, session)
    can = eligible(world)[seat, session.columns]
    assert np.all(session.human_votes[:, seat, session.columns][:, can] == YES)
    session2 = session_for()[3]
    DoctrinePolicy(Doctrine(id="v", vote="cost", cost_limit=0.0)).council(ctx, seat, session2)
    assert np.all(session2.human_votes[:, seat, session2.columns][:, can] == NO)


def test_proposing_tables_at_most_one_item_per_game_and_only_what_would_pass() -> None:
    world, state, ctx, session = session_for(batch=64)
    before = session.agenda.copy()
    listed = tuple(world.initiative_ids[i] for i in session.columns)
    policy = DoctrinePolicy(Doctrine(id="p", propose=listed, only_if_passing=True))
    policy.council(ctx, world.codes.index("DE"), session)
    added = session.agenda & ~before
    assert np.all(added.sum(axis=1) <= 1)
    assert np.all(session.passes(world, state)[added])
    # The earliest listed item that may be tabled and would pass is the one tabled.
    rows = np.flatnonzero(added.any(axis=1))
    assert len(rows)


def test_most_support_tables_the_item_with_most_yes_votes() -> None:
    world, state, ctx, session = session_for(batch=64)
    before = session.agenda.copy()
    DoctrinePolicy(Doctrine(id="p", propose="most-support", only_if_passing=False)).council(
        ctx, world.codes.index("DE"), session)
    added = session.agenda & ~before
    assert np.all(added.sum(axis=1) <= 1)
    support = (session.column_votes(world, state) == YES).sum(axis=1)  # [B, C]
    for row in np.flatnonzero(added.any(axis=1)):
        picked = np.flatnonzero(session.columns == np.flatnonzero(added[row])[0])[0]
        # Free: not yet on the agenda and proposable (a step's prerequisite delivered).
        free = (~before[row] & proposable(world, state)[row])[session.columns]
        assert support[row, picked] == support[row][free].max()


# -- whole games ------------------------------------------------------------------------------


class Checked:
    """A doctrine played by the policy runner, its money checked after every quarter's
    orders."""

    def __init__(self, doctrine: Doctrine) -> None:
        self.inner = DoctrinePolicy(doctrine)
        self.name = self.inner.name
        self.quarters = 0

    def choose(self, ctx, seat, event, mask):
        return self.inner.choose(ctx, seat, event, mask)

    def council(self, ctx, seat, session):
        self.inner.council(ctx, seat, session)

    def orders(self, ctx, seat, orders):
        self.inner.orders(ctx, seat, orders)
        money_invariants(ctx, orders, seat)
        self.quarters += 1


def play(scenario: str, runs: int, seed: int, seat: str, doctrine: Doctrine):
    checked = Checked(doctrine)
    run = run_policies(world_of(scenario).scenario, runs, seed, {seat: checked},
                       world=world_of(scenario))
    assert checked.quarters >= 1
    return run


def scenario_for(name: str) -> str:
    doctrine = load_doctrine(name)
    return doctrine.scenario or "us-withdrawal"


@pytest.mark.parametrize("name", sorted(shipped_doctrines()))
def test_every_shipped_doctrine_plays_its_scenario_within_its_money(name: str) -> None:
    run = play(scenario_for(name), 24, 1, "DE", load_doctrine(name))
    assert np.all(run.outcome != OUTCOME_ONGOING)


LEVER_SHARES = st.lists(st.floats(0, 1), min_size=len(LEVERS), max_size=len(LEVERS)).filter(
    lambda xs: sum(xs) > 1e-3).map(lambda xs: {k: x / sum(xs) for k, x in zip(LEVERS, xs)})
DOCTRINES = st.builds(
    Doctrine,
    id=st.just("fuzz"),
    spending=st.one_of(
        st.builds(SpendingRule, kind=st.sampled_from(["hold", "ai", "max", "match threat"])),
        st.builds(SpendingRule, kind=st.just("path"),
                  values=st.lists(st.floats(0, 10), min_size=1, max_size=5).map(tuple)),
        st.builds(SpendingRule, kind=st.just("step"), step=st.sampled_from([-0.3, 0.1, 0.5]),
                  limit=st.floats(0, 10))),
    orders=st.one_of(st.none(), LEVER_SHARES),
    domain_weights=st.one_of(st.none(), st.dictionaries(st.sampled_from(DOMAINS),
                                                        st.floats(0.01, 5), min_size=1)),
    procurement_european=st.floats(0, 1),
    shells_european=st.floats(0, 1),
    in_time=st.booleans(),
    protection_hubs=st.one_of(st.none(), st.just(("RZE", "GDN")), st.just(("NOPE",))),
    corridor_routes=st.one_of(st.none(), st.just(("RO_RAIL",))),
    aid_rounds=st.one_of(st.none(), st.floats(0, 1)),
    vote=st.sampled_from(["ai", "yes", "no", "abstain", "threat", "cost"]),
    propose=st.sampled_from(["never", "most-support", ("essi", "eurodrone")]),
)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(DOCTRINES, st.sampled_from(MAIN), st.sampled_from(["DE", "PL", "MT"]))
def test_any_doctrine_keeps_money_within_limits(doctrine: Doctrine, scenario: str,
                                               seat_code: str) -> None:
    play(scenario, 8, 2, seat_code, doctrine)


def test_a_phase_takes_over_from_its_turn() -> None:
    from autonomy_game.doctrine import check_doctrine_bytes

    text = ("doctrine: 1\nid: phased\norders: {shell_capacity: 1}\n"
            "phases:\n  - from_turn: 5\n    orders: {shells: 1}\n")
    doctrine = check_doctrine_bytes(text.encode(), "p.yaml").doctrine
    policy = DoctrinePolicy(doctrine)
    seat = world_of("ammunition-cofunding").codes.index("DE")
    for turn, capacity in ((4, True), (5, False), (9, False)):
        _world, _state, orders, ctx = setup("ammunition-cofunding", turn=turn)
        policy.orders(ctx, seat, orders)
        assert np.all(orders.industry[:, seat] > 0) == capacity
        assert np.all(orders.shells[:, seat].sum(axis=1) > 0) != capacity
