"""The bundled tutorial: short, small, one lesson per quarter, a Council vote, always finishes.
Its briefing, objectives and balance (won in at least 80 % of games) are checked with every
bundled scenario's in test_scenario_acceptance.py."""

from __future__ import annotations

import pytest

from autonomy_game.engine.game import Game, play_to_end
from tests.support.bundled import bundled_scenario


@pytest.fixture(scope="module")
def scenario():
    return bundled_scenario("tutorial")


def test_is_short_and_small(scenario):
    assert scenario.id == "tutorial"
    assert 4 <= scenario.turns <= 6
    assert 6 <= len(scenario.members) <= 8
    assert {"DE", "FR", "PL", "IT", "ES", "NL"} <= set(scenario.members)
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


def test_an_all_ai_playthrough_holds_a_council_vote_and_reaches_the_end(scenario):
    game = Game(scenario, seed=1, humans=[])
    play_to_end(game)
    assert game.phase == "ended"
    assert game.outcome != "ongoing"
    assert len(game.reports) == scenario.turns
    votes = [vote for report in game.reports for vote in report.votes]
    assert votes, "at least one Council vote"
    assert any(vote.passed for vote in votes)

