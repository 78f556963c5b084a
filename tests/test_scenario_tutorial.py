"""The bundled tutorial: short, small, one lesson per quarter, a Council vote, always finishes."""

from __future__ import annotations

from pathlib import Path

import pytest

from autonomy_game.engine.game import Game, play_to_end
from autonomy_game.engine.simulate import simulate
from autonomy_game.scenario.validate import load_scenario, validate_file

PATH = Path(__file__).resolve().parents[1] / "scenarios" / "tutorial.yaml"
SCHEMA_LINE = "# yaml-language-server: $schema=../src/autonomy_game/scenario/schema.json"


@pytest.fixture(scope="module")
def scenario():
    return load_scenario(PATH)


def test_file_validates_and_points_editors_at_the_shipped_schema():
    assert validate_file(PATH) == []
    assert PATH.read_text(encoding="utf-8").splitlines()[0] == SCHEMA_LINE


def test_is_short_and_small(scenario):
    assert scenario.id == "tutorial"
    assert 4 <= scenario.turns <= 6
    assert 6 <= len(scenario.members) <= 8
    assert {"DE", "FR", "PL", "IT", "ES", "NL"} <= set(scenario.members)
    assert set(scenario.suggested_humans) <= set(scenario.members)
    assert len(scenario.suggested_humans) >= 4


def test_every_quarter_opens_with_a_scripted_lesson(scenario):
    scripted = {ev.first_turn for ev in scenario.events if ev.first_turn == ev.last_turn}
    assert scripted == set(range(1, scenario.turns + 1))
    assert all(ev.chance == 1 for ev in scenario.events), "a tutorial is the same for every class"
    text = " ".join(ev.text for ev in scenario.events).lower()
    for control in ("top bar", "map", "lens", "panel", "council", "vote", "orders",
                    "quarter report", "secret objective"):
        assert control in text, control
    assert any(ev.choices for ev in scenario.events), "one event teaches a decision"


def test_has_briefing_goals_objectives_and_debrief(scenario):
    assert 50 <= len(scenario.briefing.split()) <= 300
    assert scenario.summary.strip()
    assert set(scenario.suggested_humans) <= set(scenario.objectives)
    assert len(scenario.debrief_questions) >= 3


def test_an_all_ai_playthrough_holds_a_council_vote_and_reaches_the_end(scenario):
    game = Game(scenario, seed=1, humans=[])
    play_to_end(game)
    assert game.phase == "ended"
    assert game.outcome != "ongoing"
    assert len(game.reports) == scenario.turns
    votes = [vote for report in game.reports for vote in report.votes]
    assert votes, "at least one Council vote"
    assert any(vote.passed for vote in votes)


def test_is_winnable(scenario):
    result = simulate(scenario, runs=200, seed=1)
    assert result.win_rate >= 0.8, result.outcomes
