"""The bundled scenario "Ammunition co-funding": content, balance and its market mechanics."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from autonomy_game.engine import actions as A
from autonomy_game.engine.game import Game, advance_to
from autonomy_game.engine.orders import EUROPEAN
from autonomy_game.engine.simulate import simulate
from autonomy_game.scenario.model import DOMAINS
from autonomy_game.scenario.validate import load_scenario, validate_file

PATH = Path(__file__).resolve().parents[1] / "scenarios" / "ammunition-cofunding.yaml"
SCHEMA_LINE = "# yaml-language-server: $schema=../src/autonomy_game/scenario/schema.json"


@pytest.fixture(scope="module")
def scenario():
    return load_scenario(PATH)


def step_to(game: Game, phase: str) -> None:
    """Advance an all-AI (or default-playing) game to the next `phase`, choosing first options."""
    assert advance_to(game, phase, max_steps=20), f"never reached phase {phase}"


def test_file_validates_and_points_editors_at_the_shipped_schema():
    assert validate_file(PATH) == []
    assert PATH.read_text(encoding="utf-8").splitlines()[0] == SCHEMA_LINE
    schema = (PATH.parent / SCHEMA_LINE.split("=", 1)[1]).resolve()
    assert schema.is_file()


def test_has_enough_turns_events_and_player_choices(scenario):
    assert scenario.turns >= 12
    assert len(scenario.events) >= 12
    with_choices = [ev for ev in scenario.events if ev.choices]
    assert len(with_choices) >= 3
    assert all(c.ai_score is not None for ev in with_choices for c in ev.choices)
    assert any(ev.chance < 1 for ev in scenario.events), "some events must be random"
    assert any(ev.first_turn == ev.last_turn for ev in scenario.events), "some must be scripted"
    deciders = {ev.decider for ev in with_choices}
    assert "council" in deciders and len(deciders) >= 4


def test_has_briefing_objectives_debrief_and_sources(scenario):
    assert len(scenario.briefing.split()) >= 300
    assert scenario.summary
    assert len(scenario.objectives) >= 6
    assert len(scenario.debrief_questions) >= 5
    assert set(scenario.suggested_humans) <= set(scenario.objectives)
    ours = [s for k, s in scenario.sources.items() if k.startswith("ammo_")]
    assert len(ours) >= 5 and all(s.url.startswith("https://") for s in ours)
    assert any(s.kind == "estimate" for s in ours)


def test_thousand_ai_runs_are_balanced_between_20_and_80_percent(scenario):
    result = simulate(scenario, 1000, seed=1)
    assert 0.2 <= result.win_rate <= 0.8, result.outcomes
    assert result.outcomes["partial"] > 0 and result.outcomes["defeat"] > 0, result.outcomes


def test_shell_price_rises_above_base_when_orders_exceed_capacity(scenario):
    game = Game(scenario, seed=3, humans=[])
    base = scenario.ammunition.price
    for _ in range(scenario.turns):
        step_to(game, "orders")
        money = float(game.orders.shells[0, :, EUROPEAN].sum())
        demand = money * 1000.0 / base  # thousand rounds at the base price
        capacity = float(game.state.shell_capacity[0].sum())
        step_to(game, "report")
        if demand > capacity * 1.05:
            assert float(game.state.shell_price[0]) > base
            break
        game.advance()
    else:
        pytest.fail("European orders never exceeded capacity in this game")
    prices = game.history.series("shell_price")[:, 0]
    assert prices.max() > base


def test_co_funded_capacity_produces_only_after_the_lead_time(scenario):
    lead = scenario.ammunition.capacity_lead
    extra = 1.0  # € bn moved from German procurement into shell lines on turn 1
    expected = extra / scenario.ammunition.capacity_cost

    def play(invest: bool) -> list[float]:
        game = Game(scenario, seed=5, humans=["DE"])
        n = game.index("DE")
        step_to(game, "orders")
        if invest:
            own = game.orders.procure[0, :, :, n]  # [origin, domain]
            origin, d = np.unravel_index(np.argmax(own), own.shape)
            amount = float(game.orders.procure[0, origin, d, n])
            assert amount > extra
            game.apply(A.Procure("DE", DOMAINS[d], bool(origin == EUROPEAN), amount - extra))
            game.apply(A.InvestIndustry("DE", float(game.orders.industry[0, n]) + extra))
        capacities = []
        for _ in range(lead + 1):
            step_to(game, "report")
            capacities.append(float(game.state.shell_capacity[0, n]))
            game.advance()
        return capacities

    with_plant, without = play(True), play(False)
    # Turns 1..lead: the money is spent, but no new line produces yet.
    assert with_plant[lead - 1] == pytest.approx(without[lead - 1], abs=0.1 * expected)
    # Turn lead + 1: the line co-funded on turn 1 comes online.
    assert with_plant[lead] - without[lead] >= 0.8 * expected

