"""The bundled scenarios as the scenario tests use them: loaded once per session, and games
driven turn by turn with the advisor's defaults (first option of any pending human choice)."""

from __future__ import annotations

import functools

from autonomy_game.engine.game import Game, advance_to
from autonomy_game.scenario.model import Scenario
from autonomy_game.scenario.validate import load_scenario


@functools.cache
def bundled_scenario(scenario_id: str) -> Scenario:
    """The bundled scenario `scenario_id`, loaded (and so validated) once per test session.

    The same object is shared by every test module that asks for it: read it, never change it.
    """
    return load_scenario(scenario_id)


def step_to(game: Game, phase: str) -> None:
    """Advance to the next `phase`, taking the first option of any pending human choice."""
    assert advance_to(game, phase, max_steps=20), f"never reached phase {phase}"


def play_to_turn(game: Game, turn: int) -> Game:
    """Play quarters until the events phase of `turn` (its events fired, nothing resolved)."""
    while game.turn < turn:
        step_to(game, "report")
        game.advance()
    assert game.phase == "events" and game.turn == turn
    return game
