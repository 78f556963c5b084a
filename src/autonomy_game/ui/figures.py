"""The engine's figures a screen reads, computed once per change of the game.

A frame redraws everything, but between two decisions the game does not change: the
projected result of a vote, the vote intentions with their reasons, the legal actions of a
seat and its budget room are the same in every frame drawn in between (while the pointer
moves, a tooltip opens, a list scrolls). `Figures` asks the game once and keeps the answer
until the game changes. Every change goes through `Game.apply`, which logs the action
(and takes it off the log again when it is refused), so the length of the decision log with
the phase and turn is a version of the game that moves with every change.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Any


class Figures:
    """`figures("projected_result", iid)` is `game.projected_result(iid)`, remembered until
    the game's next change. Callers treat the answers as read-only (they are shared)."""

    def __init__(self, game: Any) -> None:
        self.game = game
        self._version: tuple | None = None
        self._memo: dict[Hashable, Any] = {}
        self.computed = 0  # how many answers were computed (tests)

    def version(self) -> tuple:
        g = self.game
        return (len(g.decisions), g.phase, int(g.state.turn), len(g.pending))

    def __call__(self, name: str, *args: Hashable) -> Any:
        derived = DERIVED.get(name)
        if derived is not None:
            return self.keep((name, args), lambda: derived(self.game, *args))
        return self.keep((name, args), lambda: getattr(self.game, name)(*args))

    def keep(self, key: Hashable, compute: Callable[[], Any]) -> Any:
        """`compute()` once per game version under `key` (a figure a screen derives)."""
        version = self.version()
        if version != self._version:
            self._memo.clear()
            self._version = version
        try:
            return self._memo[key]
        except KeyError:
            pass
        value = compute()
        self.computed += 1
        self._memo[key] = value
        return value


# Figures built from the game's answers: name -> (game, *args) -> value.
DERIVED: dict[str, Callable[..., Any]] = {
    "legal_set": lambda game, seat: frozenset(game.legal_actions(seat)),
}
