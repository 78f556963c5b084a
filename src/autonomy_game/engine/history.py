"""Every indicator, every turn: the memory behind charts, the debrief and `simulate` figures."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from autonomy_game.engine.state import GameState

EUROPE_INDICATORS = (
    "deterrence", "autonomy", "cohesion", "us_commitment", "adversary_pressure",
    "ukraine_front", "ukraine_delivered", "aid_flow", "shell_price", "eu_funds",
)
MEMBER_INDICATORS = (
    "defence_pct", "budget", "support", "atlanticism", "ammunition", "shell_capacity",
    "capital", "aid_sent", "spent", "fiscal_space",
)


@dataclass
class History:
    """Snapshots after setup (index 0) and after each resolved turn (index t)."""

    record_members: bool = True
    europe: dict[str, list[np.ndarray]] = field(default_factory=dict)
    members: dict[str, list[np.ndarray]] = field(default_factory=dict)
    gaps: list[np.ndarray] = field(default_factory=list)
    capability: list[np.ndarray] = field(default_factory=list)
    threat: list[np.ndarray] = field(default_factory=list)

    def record(self, state: GameState) -> None:
        for name in EUROPE_INDICATORS:
            self.europe.setdefault(name, []).append(getattr(state, name).copy())
        self.gaps.append(state.gap.copy())
        if self.record_members:
            for name in MEMBER_INDICATORS:
                self.members.setdefault(name, []).append(getattr(state, name).copy())
            self.capability.append(state.capability.copy())
            self.threat.append(state.threat.copy())

    def series(self, name: str) -> np.ndarray:
        """[T+1, B] for a Europe indicator or [T+1, B, N] for a member indicator."""
        source = self.europe if name in self.europe else self.members
        return np.stack(source[name])

    def __len__(self) -> int:
        return len(self.gaps)

    def truncate(self, length: int) -> None:
        """Forget snapshots after `length` (used when a save is replayed)."""
        for store in (self.europe, self.members):
            for values in store.values():
                del values[length:]
        for values in (self.gaps, self.capability, self.threat):
            del values[length:]
