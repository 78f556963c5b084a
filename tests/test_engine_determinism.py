"""Same scenario + same seed + same decisions = the same game, bit for bit."""

from __future__ import annotations

import dataclasses
import subprocess
import sys

import numpy as np

from autonomy_game.engine.game import Game, play_to_end
from autonomy_game.engine.simulate import simulate
from autonomy_game.engine.state import GameState


def _arrays(state: GameState) -> dict[str, np.ndarray]:
    return {f.name: getattr(state, f.name) for f in dataclasses.fields(state)
            if isinstance(getattr(state, f.name), np.ndarray)}


def _same(a: GameState, b: GameState) -> bool:
    return all(np.array_equal(x, _arrays(b)[k]) for k, x in _arrays(a).items())


def test_same_seed_same_game(eu27):
    first, second = Game(eu27, 11, ["DE"]), Game(eu27, 11, ["DE"])
    play_to_end(first)
    play_to_end(second)
    assert _same(first.state, second.state)


def test_different_seed_different_game(eu27):
    first, second = Game(eu27, 11, []), Game(eu27, 12, [])
    play_to_end(first)
    play_to_end(second)
    assert not _same(first.state, second.state)


def test_replaying_the_decisions_reproduces_the_game(mini):
    game = Game(mini, 7, ["PL"])
    play_to_end(game)
    replay = Game(mini, 7, ["PL"])
    for action in game.decisions:
        replay.apply(action)
    assert _same(game.state, replay.state)


def test_simulate_is_reproducible(eu27):
    a, b = simulate(eu27, 64, 9), simulate(eu27, 64, 9)
    assert a.outcomes == b.outcomes
    assert a.indicators == b.indicators


def test_human_choices_do_not_shift_later_random_draws(mini):
    """Events draw from a per-turn stream: voting differently cannot change which events fire."""
    from autonomy_game.engine import actions as A

    runs = []
    for vote in (1, -1):
        game = Game(mini, 21, ["PL"])
        fired = []
        while game.phase != "ended":
            if game.phase == "events":
                fired.append(tuple(game.fired))
                for p in list(game.pending):
                    ev = game.world.events[p.event]
                    game.apply(A.ChooseOption(ev.id, ev.choices[0].id))
            if game.phase == "council":
                for iid in game.agenda():
                    game.apply(A.Vote("PL", iid, vote))
            game.advance()
        runs.append(fired)
    assert [len(f) for f in runs[0]] and runs[0][:2] == runs[1][:2]


def test_engine_never_imports_pygame():
    code = ("import sys, autonomy_game.engine.game, autonomy_game.engine.simulate, "
            "autonomy_game.engine.saves; print('pygame' in sys.modules)")
    import os
    from pathlib import Path

    import autonomy_game

    src = str(Path(autonomy_game.__file__).resolve().parents[1])
    env = {**os.environ, "PYTHONPATH": src + os.pathsep + os.environ.get("PYTHONPATH", "")}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, env=env)
    assert out.stdout.strip() == "False"
