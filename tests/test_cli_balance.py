"""`autonomy-game balance` on the real engine: JSON shape, exit codes, usage errors, and the
balance package's own policies (spending shift, voting only, order audit)."""

from __future__ import annotations

import json

import numpy as np
import pytest

from autonomy_game.balance.cells import Cell
from autonomy_game.balance.policies import OrderAudit, SpendingShift, VotingOnly
from autonomy_game.balance.run import ai_policy, run_cell
from autonomy_game.cli.main import main
from autonomy_game.engine.orders import EUROPEAN, empty_orders
from autonomy_game.engine.policy.base import Delegate, PolicyContext
from autonomy_game.engine.state import new_state
from autonomy_game.engine.turn import play_turn, turn_streams
from autonomy_game.engine.world import build_world
from autonomy_game.scenario.model import DOMAINS
from autonomy_game.scenario.validate import load_scenario


@pytest.fixture(scope="module")
def tutorial():
    return load_scenario("tutorial")


def test_balance_json_has_a_target_list_and_exits_by_whether_all_are_met(capsys, tmp_path):
    code = main(["balance", "tutorial", "--runs", "12", "--seed", "4", "--json",
                 "--doctrines", str(tmp_path)])
    out = json.loads(capsys.readouterr().out)
    assert out["scenario"] == "tutorial" and out["runs"] == 12 and out["seed"] == 4
    names = [t["name"] for t in out["targets"]]
    assert "ai_baseline_victory" in names and "ai_late_order_money_share" in names
    assert all(set(t) == {"name", "value", "goal", "met"} for t in out["targets"])
    assert code == (0 if all(t["met"] for t in out["targets"]) else 1)
    assert out["all_met"] == (code == 0)
    cells = {c["key"]: c for c in out["cells"]}
    assert cells["passive@all"]["seats"] == {"all": "passive"}
    assert {"victory", "partial", "failure", "defeat", "objectives"} <= set(cells["ai"])
    assert out["choices"][0]["event"] == "council-decides"
    assert out["elapsed_s"] > 0


def test_balance_text_prints_the_tables_and_the_elapsed_time(capsys, tmp_path):
    main(["balance", "tutorial", "--runs", "6", "--doctrines", str(tmp_path), "--quiet"])
    out = capsys.readouterr().out
    assert "victory" in out and "target" in out and "elapsed:" in out


@pytest.mark.parametrize("args", [["--runs", "1"], ["--runs", "x"], ["--seed", "-1"], [],
                                  ["--doctrines", "/nonexistent/folder"]])
def test_balance_usage_errors_exit_2(capsys, args):
    argv = ["balance", "tutorial", *args] if args else ["balance"]
    try:
        code = main(argv)
    except SystemExit as stop:
        code = stop.code
    assert code == 2
    assert "error:" in capsys.readouterr().err


def test_balance_broken_scenario_exits_1_with_file_line_col(tmp_path, capsys):
    bad = tmp_path / "bad.yaml"
    bad.write_text("format: 1\nid: bad\ntitle: [unclosed\n")
    assert main(["balance", str(bad), "--runs", "5", "--doctrines", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"{bad}:") and ": error:" in err and "Traceback" not in err


def test_order_audit_changes_nothing_and_counts_late_money(tutorial):
    base = run_cell(tutorial, Cell("ai", "baseline"), 40, 3)
    audited = run_cell(tutorial, Cell("ai-audit", "audit", {"DE": "audit"}), 40, 3)
    assert np.array_equal(base.run.outcome, audited.run.outcome)
    assert np.array_equal(base.run.adopted, audited.run.adopted)
    # The AI plans with the clock (issue 9): nothing it orders arrives after the last turn.
    assert audited.audit.late_share < 0.02
    # A seat that orders European aircraft (a lead of years) in a five-quarter game: the
    # audit counts that money as late, and only that money.
    world = build_world(tutorial)
    seat = world.codes.index("DE")
    audit = OrderAudit(BuysAircraft())
    state = new_state(world, 10)
    seeds = np.random.SeedSequence(3)
    for turn in range(world.turns):
        play_turn(world, state, turn_streams(seeds, turn), {seat: audit}, None,
                  indicators_current=True)
    assert audit.by_kind["procurement"] > 0.0
    assert 0.0 < audit.late_share < 1.0


class BuysAircraft:
    """The AI's choices and votes; its seat adds € 1 bn of European combat aircraft."""

    name = "buys-aircraft"

    def choose(self, ctx, seat, event, mask):
        return ai_policy().choose(ctx, seat, event, mask)

    def council(self, ctx, seat, session):
        return None

    def orders(self, ctx, seat, orders):
        orders.procure[:, EUROPEAN, DOMAINS.index("air"), seat] += 1.0


class Recorder:
    """Remembers which phases reached it."""

    name = "recorder"

    def __init__(self) -> None:
        self.calls: list[str] = []

    def choose(self, ctx, seat, event, mask):
        self.calls.append("choose")
        return np.zeros(len(mask), int)

    def council(self, ctx, seat, session):
        self.calls.append("council")

    def orders(self, ctx, seat, orders):
        self.calls.append("orders")


@pytest.mark.parametrize("wrap", [OrderAudit, lambda p: SpendingShift(p, 0.0),
                                  lambda p: VotingOnly(p, "yes")],
                         ids=["audit", "spending-shift", "voting-only"])
def test_every_wrapper_forwards_the_phases_it_does_not_change_to_its_inner_policy(tutorial,
                                                                                   wrap):
    world = build_world(tutorial)
    inner = Recorder()
    wrapper = wrap(inner)
    assert isinstance(wrapper, Delegate)
    state = new_state(world, 2)
    ctx = PolicyContext(world, state, np.random.default_rng(0), 1)
    wrapper.choose(ctx, 0, world.events[0], np.ones(2, bool))
    assert inner.calls == ["choose"]
    orders = empty_orders(2, len(world.codes), len(DOMAINS), state.defence_pct)
    wrapper.orders(ctx, 0, orders)
    assert inner.calls == ["choose", "orders"]  # each wrapper's orders start from inner's


def test_order_audit_counts_only_money_that_arrives_after_the_last_turn(tutorial):
    world = build_world(tutorial)
    state = new_state(world, 2)
    state.turn = world.turns - 1  # the last quarter: any lead time of 1 or more is too late
    orders = empty_orders(2, len(world.codes), len(DOMAINS), state.defence_pct)
    slow = int(np.flatnonzero(world.lead_european > 0)[0])
    orders.procure[:, EUROPEAN, slow, 0] = 1.0  # late
    orders.shells[:, 1, EUROPEAN] = 3.0  # bought at once
    audit = OrderAudit(ai_policy())
    ctx = PolicyContext(world, state, np.random.default_rng(0), world.turns)
    audit.orders(ctx, 0, orders)
    assert audit.money == pytest.approx(8.0) and audit.late == pytest.approx(2.0)
    assert audit.late_share == pytest.approx(0.25)
    state.outcome[1] = 1  # a game that has ended is not counted
    audit = OrderAudit(ai_policy())
    audit.orders(ctx, 0, orders)
    assert audit.money == pytest.approx(4.0) and audit.late_share == pytest.approx(0.25)


def test_a_blocking_minority_voting_no_on_everything_blocks_what_the_ai_adopts(tutorial):
    """One state alone cannot block a qualified majority (TFEU 238(3)(a): a blocking minority
    holds more than 35 % of the population, plus one state); Germany, France and Italy can:
    SAFE, tutorial's QMV item, is then never adopted."""
    base = run_cell(tutorial, Cell("ai", "baseline"), 40, 3)
    no = "votes:no"
    blocked = run_cell(tutorial, Cell("votes-no@DE+FR+IT", "voting",
                                      {"DE": no, "FR": no, "IT": no}), 40, 3)
    assert blocked.run.adopted.sum() < base.run.adopted.sum()


def spending_path(world, delta, turns=5):
    state = new_state(world, 30)
    seeds = np.random.SeedSequence(2)
    policies = {} if delta is None else {n: SpendingShift(ai_policy(), delta)
                                         for n in range(len(world.codes))}
    for turn in range(turns):
        play_turn(world, state, turn_streams(seeds, turn), policies, None,
                  indicators_current=True)
    return state.defence_pct.mean(), state.spent.mean()


def test_spending_shift_moves_the_ai_budget_and_its_spending(tutorial):
    world = build_world(tutorial)
    low, ai, high = (spending_path(world, d) for d in (-0.5, None, 0.5))
    assert low[0] < ai[0] < high[0]
    assert low[1] < ai[1] < high[1]


def test_balance_broken_doctrine_exits_1_before_playing(tmp_path, capsys):
    bad = tmp_path / "broken.yaml"
    bad.write_text("doctrine: 1\nid: broken\norders: [unclosed\n")
    assert main(["balance", "tutorial", "--runs", "5", "--doctrines", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"{bad}:") and "error:" in err and "Traceback" not in err


def test_balance_plays_the_shipped_doctrines_by_default(capsys):
    main(["balance", "tutorial", "--runs", "4", "--json"])
    out = json.loads(capsys.readouterr().out)
    keys = {c["key"] for c in out["cells"]}
    # The single-lever set, from the most populous seat and from every seat; the thoughtful
    # doctrines are written for the main scenarios, so the tutorial leaves them out.
    assert {"doctrine:european-shells@DE", "doctrine:european-shells@all",
            "doctrine:max-spending@DE"} <= keys
    assert not any("thoughtful" in k for k in keys)
    lever = {c["doctrine"]: c["lever"] for c in out["cells"] if c["doctrine"]}
    assert lever["european-shells"] == "single"
