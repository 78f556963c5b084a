"""`later:` blocks: effects an event or a choice sets going, due some quarters on."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from autonomy_game.engine import actions as A
from autonomy_game.engine.game import Game, play_to_end
from autonomy_game.engine.saves import load_game, save_game
from autonomy_game.scenario.validate import check_file, load_scenario

FIXTURES = Path(__file__).parent / "fixtures" / "scenario"
EVENTS = """events:
  - id: order
    title: An order is placed
    turn: 2
    decider: {decider}
    choices:
      - id: buy
        label: Buy the batteries
        effects: ["var.ordered = turn"]
        later: {{after: 3, effects: ["var.arrived = turn", "PL.cap.air_defence += 5"]}}
        ai_score: 1
      - id: wait
        label: Wait
        ai_score: 0
  - id: promise
    title: A promise is made
    turn: 1
    later: {{after: 2, effects: ["var.kept = turn"]}}
"""


def _scenario(tmp_path: Path, decider: str = "council", events: str | None = None) -> Path:
    shutil.copy(FIXTURES / "base.yaml", tmp_path / "base.yaml")
    text = (FIXTURES / "mini.yaml").read_text()
    start = text.index("events:")
    end = text.index("goals:")
    body = EVENTS.format(decider=decider) if events is None else events
    path = tmp_path / "later.yaml"
    path.write_text(text[:start] + body + text[end:])
    return path


def _var(game: Game, name: str) -> float:
    return float(game.state.variables[0, game.world.names.variables[name]])


def test_a_choice_and_an_event_set_effects_going_that_arrive_after_their_delay(tmp_path):
    game = Game(load_scenario(str(_scenario(tmp_path))), seed=1, humans=[])
    seen = []
    while game.phase != "ended" and game.state.turn < 6:
        game.advance()
        if game.phase == "council":  # this turn's events (and due blocks) have run
            seen.append((game.turn, _var(game, "ordered"), _var(game, "arrived"),
                         _var(game, "kept")))
    assert seen[:6] == [(1, 0, 0, 0), (2, 2, 0, 0), (3, 2, 0, 3), (4, 2, 0, 3), (5, 2, 5, 3),
                        (6, 2, 5, 3)]


def test_only_the_games_that_chose_it_receive_it(tmp_path):
    """In a batch, the games whose AI waited get nothing. (The batteries are left out here:
    the options then do the same to the goals, so each game's `ai_score` decides.)"""
    import numpy as np

    from autonomy_game.engine.state import new_state
    from autonomy_game.engine.turn import play_ai_turn, turn_streams

    events = (EVENTS.format(decider="council").replace('ai_score: 1\n', 'ai_score: "var.coin"\n')
              .replace("ai_score: 0\n", "ai_score: 0.5\n")
              .replace(', "PL.cap.air_defence += 5"', ""))
    scenario = load_scenario(str(_scenario(tmp_path, events=events)))
    from autonomy_game.engine.world import build_world

    world = build_world(scenario)
    state = new_state(world, 6)
    coin = world.names.variables["coin"]
    state.variables[:3, coin] = 1.0  # games 0-2 prefer buying, 3-5 prefer waiting
    seeds = np.random.SeedSequence(3)
    for turn in range(5):
        play_ai_turn(world, state, turn_streams(seeds, turn))
    arrived = state.variables[:, world.names.variables["arrived"]]
    assert list(arrived) == [5, 5, 5, 0, 0, 0]


def test_a_human_choice_sets_it_going_and_a_save_keeps_it_pending(tmp_path):
    path = _scenario(tmp_path, decider="PL")
    scenario = load_scenario(str(path))
    game = Game(scenario, seed=2, humans=["PL"])
    while not game.pending:
        game.advance()
    game.apply(A.ChooseOption("order", "buy"))
    play_to_end(game, until_turn=3)
    saved = save_game(game, tmp_path / "s.json")
    loaded = load_game(saved, scenario)
    for g in (game, loaded):
        play_to_end(g, until_turn=5)
        assert _var(g, "arrived") == 5


@pytest.mark.parametrize(("later", "where", "message"), [
    ("{after: 0, effects: ['var.x = 1']}", "14:20", "later.after: 0 is out of range"),
    ("{after: 2, effects: ['var.x === 1']}", "14:42", "later.effects[0]: syntax error"),
    ("{after: 2}", "14:5", "later: missing required key 'effects'"),
])
def test_a_bad_later_block_is_reported_where_it_was_written(tmp_path, later, where, message):
    events = (f"events:\n  - id: promise\n    title: A promise\n    turn: 1\n"
              f"    later: {later}\n")
    result = check_file(_scenario(tmp_path, events=events))
    errors = [str(e) for e in result.errors]
    assert len(errors) == 1
    assert errors[0].split("later.yaml:")[1].startswith(f"{where}: error: events[0].{message}")
