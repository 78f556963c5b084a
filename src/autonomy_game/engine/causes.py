"""The causal ledger: every change of a quarter, as named contributions that sum to it.

Each phase says what it just did by calling `mark(state, cause)` (or `split` when one step
has several named causes): the ledger takes the figures as they are now, credits the change
since the previous mark to that cause, and moves on. Because every change between two marks
goes to one of them, the contributions of a quarter add up to its change by construction
(telescoping, to float rounding); a change no mark names lands in `UNATTRIBUTED`, which the
property test keeps at zero.

Derived indicators (deterrence, autonomy, budget) are recomputed at every mark from the raw
arrays, so a delivery that raises coverage is credited with the deterrence it adds, not the
indicator refresh that later writes it.

The ledger is switched on only where someone reads it (the live game, a replayed save): it is
attached to one `GameState` object and `mark` is a dictionary look-up and nothing more for
every other state (Monte Carlo batches, the AI's look-ahead copies). It works on the batch
axis all the same: every contribution is an array over the games.
"""

from __future__ import annotations

import weakref
from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np

from autonomy_game.engine.history import EUROPE_INDICATORS
from autonomy_game.engine.indicators import derived_indicators
from autonomy_game.engine.state import GameState
from autonomy_game.engine.world import World
from autonomy_game.scenario.model import DOMAINS

MEMBER_FIGURES = ("support", "fiscal_space", "budget", "ammunition")
UNATTRIBUTED = "unattributed"
# What every tracked figure is called in reports: Europe indicators by name, member figures
# as `figure/CODE`, capability as `capability/DOMAIN/CODE`.


def figures(world: World, state: GameState) -> dict[str, np.ndarray]:
    """Every tracked figure now (float64 copies): Europe [B], members [B, N], capability
    [B, D, N]; derived indicators computed from the raw arrays."""
    derived = derived_indicators(world, state)
    now = {name: np.array(derived[name] if name in derived else getattr(state, name),
                          dtype=float)
           for name in EUROPE_INDICATORS}
    for name in MEMBER_FIGURES:
        now[name] = np.array(derived[name] if name in derived else getattr(state, name),
                             dtype=float)
    now["capability"] = state.capability.astype(float)
    return now


@dataclass
class QuarterCauses:
    """One quarter's ledger, closed: start and end values and the contributions by cause."""

    start: dict[str, np.ndarray]
    end: dict[str, np.ndarray]
    causes: dict[str, dict[str, np.ndarray]]  # cause -> figure -> contribution

    def change(self, figure: str) -> np.ndarray:
        return self.end[figure] - self.start[figure]

    def contributions(self, figure: str) -> dict[str, np.ndarray]:
        return {cause: parts[figure] for cause, parts in self.causes.items() if figure in parts}

    def total(self, figure: str) -> np.ndarray:
        total = np.zeros_like(self.start[figure])
        for amount in self.contributions(figure).values():
            total = total + amount
        return total

    def named(self, world: World, game: int = 0, floor: float = 1e-12
              ) -> tuple[dict[str, float], dict[str, list[tuple[str, float]]]]:
        """Game `game`'s changes and causes keyed by report names (`cohesion`,
        `support/FR`, `capability/air_defence/FR`), largest cause first; figures that did
        not move (|change| and every cause below `floor`) are left out."""
        changes: dict[str, float] = {}
        causes: dict[str, list[tuple[str, float]]] = {}
        for figure in self.start:
            change = self.change(figure)[game]
            parts = {c: a[game] for c, a in self.contributions(figure).items()}
            for key, index in _keys(world, figure, np.shape(change)):
                items = [(c, float(a[index])) for c, a in parts.items()
                         if abs(float(a[index])) > floor]
                delta = float(change[index])
                if abs(delta) <= floor and not items:
                    continue
                changes[key] = delta
                causes[key] = sorted(items, key=lambda item: -abs(item[1]))
        return changes, causes


def _keys(world: World, figure: str, shape: tuple[int, ...]):
    if not shape:
        yield figure, ()
    elif len(shape) == 1:
        for n, code in enumerate(world.codes):
            yield f"{figure}/{code}", (n,)
    else:
        for d, domain in enumerate(DOMAINS):
            for n, code in enumerate(world.codes):
                yield f"{figure}/{domain}/{code}", (d, n)


@dataclass
class CauseLedger:
    """The open ledger of the quarter being played on one state."""

    world: World
    state: GameState
    start: dict[str, np.ndarray] = field(init=False)
    last: dict[str, np.ndarray] = field(init=False)
    causes: dict[str, dict[str, np.ndarray]] = field(default_factory=dict, init=False)

    def __post_init__(self) -> None:
        self.start = figures(self.world, self.state)
        self.last = {k: v.copy() for k, v in self.start.items()}

    def _credit(self, cause: str, figure: str, amount: np.ndarray) -> None:
        if not amount.any():
            return
        parts = self.causes.setdefault(cause, {})
        parts[figure] = parts[figure] + amount if figure in parts else amount

    def mark(self, cause: str) -> None:
        """Credit every change since the previous mark to `cause`."""
        now = figures(self.world, self.state)
        for figure, value in now.items():
            self._credit(cause, figure, value - self.last[figure])
        self.last = now

    def split(self, parts: Mapping[str, np.ndarray], only: tuple[str, ...],
              amounts: bool = False) -> None:
        """Share the change of the figures in `only` since the previous mark among several
        causes, in proportion to each cause's weight (broadcastable to the figure, signed:
        a cause that pulled the other way gets a negative share). Where the weights sum to
        zero the change stays pending for the next mark, unless the weights are `amounts`
        in the figures' own unit: then each cause is credited its own amount there."""
        now = figures(self.world, self.state)
        for figure in only:
            diff = now[figure] - self.last[figure]
            weights = {c: np.broadcast_to(np.asarray(w, float), diff.shape)
                       for c, w in parts.items()}
            total = sum(weights.values())
            # Where the weights cancel out (one vote adopted, one failed) amounts are kept as
            # they are; whatever is left stays pending.
            ok = np.abs(total) > 1e-15
            fallback = np.ones_like(diff) if amounts else np.zeros_like(diff)
            scale = np.divide(diff, total, out=fallback, where=ok)
            shared = np.zeros_like(diff)
            for cause, weight in weights.items():
                amount = weight * scale
                self._credit(cause, figure, amount)
                shared = shared + amount
            self.last[figure] = self.last[figure] + shared

    def close(self) -> QuarterCauses:
        """Credit anything no phase named to UNATTRIBUTED, detach and return the quarter."""
        self.mark(UNATTRIBUTED)
        _ACTIVE.pop(id(self.state), None)
        return QuarterCauses(self.start, self.last, self.causes)


_ACTIVE: weakref.WeakValueDictionary[int, CauseLedger] = weakref.WeakValueDictionary()


def attach(world: World, state: GameState) -> CauseLedger:
    """Start recording the quarter on `state` (this object only: copies never record). The
    caller keeps the ledger alive; dropping it stops the recording."""
    ledger = CauseLedger(world, state)
    _ACTIVE[id(state)] = ledger
    return ledger


def _ledger(state: GameState) -> CauseLedger | None:
    ledger = _ACTIVE.get(id(state))
    return ledger if ledger is not None and ledger.state is state else None


def mark(state: GameState, cause: str) -> None:
    """What changed since the last mark on `state` was caused by `cause` (no-op unless a
    ledger is attached to this very state)."""
    if _ACTIVE:
        ledger = _ledger(state)
        if ledger is not None:
            ledger.mark(cause)


def split(state: GameState, parts: Mapping[str, np.ndarray], only: tuple[str, ...],
          amounts: bool = False) -> None:
    """`CauseLedger.split` on the ledger attached to `state`, if any."""
    if _ACTIVE:
        ledger = _ledger(state)
        if ledger is not None:
            ledger.split(parts, only, amounts)


def recording(state: GameState) -> bool:
    """Whether a ledger records on `state` (to skip building cause labels otherwise)."""
    return bool(_ACTIVE) and _ledger(state) is not None
