"""The bundled default scenario "U.S. withdrawal": content, balance and its drawdown mechanics."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from autonomy_game.engine.game import Game, play_to_end
from autonomy_game.engine.simulate import simulate
from autonomy_game.engine.state import new_state
from autonomy_game.engine.turn import play_ai_turn, turn_streams
from autonomy_game.engine.world import build_world
from autonomy_game.scenario.model import DOMAINS
from autonomy_game.scenario.validate import load_scenario, validate_file

PATH = Path(__file__).resolve().parents[1] / "scenarios" / "us-withdrawal.yaml"
SCHEMA_LINE = "# yaml-language-server: $schema=../src/autonomy_game/scenario/schema.json"
GAP_DOMAINS = ("isr", "enablers", "air_defence")


@pytest.fixture(scope="module")
def scenario():
    return load_scenario(PATH)


@pytest.fixture(scope="module")
def batch(scenario):
    """200 all-AI games played turn by turn, keeping the state after every turn."""
    world = build_world(scenario)
    state = new_state(world, 200)
    seeds = np.random.SeedSequence(7)
    snapshots = [state.copy()]
    for turn in range(world.turns):
        play_ai_turn(world, state, turn_streams(seeds, turn))
        snapshots.append(state.copy())
    return world, snapshots


def test_file_validates_and_points_editors_at_the_shipped_schema():
    assert validate_file(PATH) == []
    assert PATH.read_text(encoding="utf-8").splitlines()[0] == SCHEMA_LINE
    schema = (PATH.parent / SCHEMA_LINE.split("=", 1)[1]).resolve()
    assert schema.is_file()


def test_is_the_bundled_us_withdrawal_starting_in_2027(scenario):
    assert scenario.id == "us-withdrawal"
    assert (scenario.start_year, scenario.start_quarter) == (2027, 1)
    assert scenario.turns >= 12
    assert {"DE", "FR", "PL", "IT", "ES", "NL"} <= set(scenario.suggested_humans)
    assert set(scenario.suggested_humans) <= set(scenario.members)


def test_has_enough_events_scripted_and_random_with_player_choices(scenario):
    assert len(scenario.events) >= 12
    with_choices = [ev for ev in scenario.events if ev.choices]
    assert len(with_choices) >= 3
    assert all(c.ai_score is not None for ev in with_choices for c in ev.choices)
    assert any(ev.first_turn == ev.last_turn for ev in scenario.events), "some must be scripted"
    assert any(ev.chance < 1 for ev in scenario.events), "some must be random"
    assert any(ev.when is not None for ev in scenario.events), "some must be triggered"
    deciders = {ev.decider for ev in with_choices}
    assert "council" in deciders and len(deciders - {"council"}) >= 2, deciders


def test_has_briefing_summary_objectives_debrief_and_sources(scenario):
    assert len(scenario.briefing.split()) >= 300
    assert scenario.summary.strip()
    assert len(scenario.objectives) >= 6
    assert all(o.text.strip() for o in scenario.objectives.values())
    assert len(scenario.debrief_questions) >= 5
    own = ["us_troops_romania_2025", "ndaa_troop_floor_2025", "estonia_migs_2025",
           "autonomy_estimate_us_withdrawal"]
    for key in own:
        assert scenario.sources[key].url.startswith("http")
    assert scenario.sources["autonomy_estimate_us_withdrawal"].kind == "estimate"


def test_goals_have_victory_partial_and_two_kinds_of_defeat(scenario):
    assert "deterrence" in scenario.goals.victory.when.text
    assert "cohesion" in scenario.goals.victory.when.text
    assert "autonomy" in scenario.goals.victory.when.text
    defeats = " ".join(d.when.text for d in scenario.goals.defeat)
    assert "cohesion" in defeats and "adversary_pressure" in defeats


def test_win_rate_over_1000_all_ai_runs_is_balanced(scenario):
    result = simulate(scenario, runs=1000, seed=1)
    assert 0.2 <= result.win_rate <= 0.8, result.outcomes
    assert result.outcomes["partial"] > 0
    assert result.outcomes["defeat"] > 0


def test_us_commitment_falls_in_every_game(batch):
    _, snapshots = batch
    start, end = snapshots[0].us_commitment, snapshots[-1].us_commitment
    assert np.all(end < start - 0.3)
    # It falls in steps, not only at the end: the posture review and the enabler withdrawal.
    assert np.all(snapshots[4].us_commitment < start - 0.15)


def test_isr_enabler_and_air_defence_gaps_widen_before_europe_can_fill_them(batch):
    _, snapshots = batch
    gap = {d: np.stack([s.gap[:, DOMAINS.index(d)] for s in snapshots]) for d in GAP_DOMAINS}
    for d in GAP_DOMAINS:
        # After the ISR and tanker withdrawal (turn 4) and before European orders can arrive.
        assert np.all(gap[d][4] > gap[d][0] + 0.05), d
    # The enabler gaps stay open for years: most games still lack a tenth of ISR and enablers.
    assert np.median(gap["isr"][-1]) > 0.1 and np.median(gap["enablers"][-1]) > 0.1


def test_gaps_close_more_where_europe_fills_them(scenario):
    """The European tanker and drone pool visibly narrows the enabler gap when it arrives."""
    world = build_world(scenario)
    state = new_state(world, 300)
    seeds = np.random.SeedSequence(3)
    for turn in range(world.turns):
        play_ai_turn(world, state, turn_streams(seeds, turn))
    pool = state.variables[:, world.names.variables["pool"]] == 1
    assert 0 < pool.sum() < len(pool), "the AI should sometimes choose the pool, sometimes not"
    enablers = state.gap[:, DOMAINS.index("enablers")]
    assert enablers[pool].mean() < enablers[~pool].mean()


def test_choices_send_games_down_different_paths(batch):
    world, snapshots = batch
    final = snapshots[-1]
    variables = world.names.variables
    us_buy = final.variables[:, variables["us_buy"]]
    eu_buy = final.variables[:, variables["eu_buy"]]
    assert (us_buy > 0).any() and (eu_buy > 0).any(), "Patriot or SAMP/T: both must happen"
    floor = final.variables[:, variables["floor"]]
    assert 0 < floor.mean() < 1, "Congress's troop floor is a random event"


def test_a_single_game_reaches_its_end_with_reports(scenario):
    game = Game(scenario, seed=5, humans=[])
    play_to_end(game)
    assert game.phase == "ended"
    assert game.outcome in ("victory", "partial", "failure", "defeat")
    assert len(game.reports) >= 1
    titles = [title for report in game.reports for title, _ in report.events]
    assert "Washington announces a European posture review" in titles
    commitment = game.history.series("us_commitment")[:, 0]
    assert commitment[-1] < commitment[0]
