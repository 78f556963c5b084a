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

# the per-turn lists outside the two dicts (`scenario`: the scenario's own indicators [B, K])
_LISTS = ("gaps", "capability", "threat", "scenario")


@dataclass
class History:
    """Snapshots after setup (index 0) and after each resolved turn (index t)."""

    record_members: bool = True
    europe: dict[str, list[np.ndarray]] = field(default_factory=dict)
    members: dict[str, list[np.ndarray]] = field(default_factory=dict)
    gaps: list[np.ndarray] = field(default_factory=list)
    capability: list[np.ndarray] = field(default_factory=list)
    threat: list[np.ndarray] = field(default_factory=list)
    scenario: list[np.ndarray] = field(default_factory=list)

    def record(self, state: GameState) -> None:
        for name in EUROPE_INDICATORS:
            self.europe.setdefault(name, []).append(getattr(state, name).copy())
        self.gaps.append(state.gap.copy())
        self.scenario.append(state.scenario_values.copy())
        if self.record_members:
            for name in MEMBER_INDICATORS:
                self.members.setdefault(name, []).append(getattr(state, name).copy())
            self.capability.append(state.capability.copy())
            self.threat.append(state.threat.copy())

    def series(self, name: str) -> np.ndarray:
        """[T+1, B] for a Europe indicator or [T+1, B, N] for a member indicator."""
        source = self.europe if name in self.europe else self.members
        return np.stack(source[name])

    def scenario_series(self, k: int) -> np.ndarray:
        """[T+1, B] for the scenario's own indicator number k (world.indicator_ids)."""
        return np.stack([values[:, k] for values in self.scenario])

    def __len__(self) -> int:
        return len(self.gaps)

    def copy(self) -> History:
        """A history that later `record` calls on this one do not change.

        Entries are copied by reference: `record` stores fresh copies and nothing ever writes
        into a stored entry, so sharing them is safe and keeps a per-turn checkpoint cheap.
        """
        return History(
            self.record_members,
            {k: list(v) for k, v in self.europe.items()},
            {k: list(v) for k, v in self.members.items()},
            list(self.gaps), list(self.capability), list(self.threat), list(self.scenario),
        )

    def to_arrays(self) -> dict[str, np.ndarray]:
        """Every series stacked over time ([T+1, ...]), keyed `europe/NAME`, `members/NAME`,
        `gaps`, `capability`, `threat`: plain arrays, so a save can store them exactly."""
        arrays = {f"europe/{k}": np.stack(v) for k, v in self.europe.items() if v}
        arrays |= {f"members/{k}": np.stack(v) for k, v in self.members.items() if v}
        for name in _LISTS:
            values = getattr(self, name)
            if values:
                arrays[name] = np.stack(values)
        return arrays

    @classmethod
    def from_arrays(cls, arrays: dict[str, np.ndarray], record_members: bool = True) -> History:
        """The inverse of `to_arrays`; a name it does not know is a ValueError (saves are
        untrusted input, so nothing is guessed)."""
        history = cls(record_members)
        for key, array in arrays.items():
            group, _, name = key.partition("/")
            if group == "europe" and name in EUROPE_INDICATORS:
                history.europe[name] = [row.copy() for row in array]
            elif group == "members" and name in MEMBER_INDICATORS:
                history.members[name] = [row.copy() for row in array]
            elif key in _LISTS:
                setattr(history, key, [row.copy() for row in array])
            else:
                raise ValueError(f"unknown history series '{key}'")
        lengths = {len(v) for v in (*history.europe.values(), *history.members.values(),
                                    *(getattr(history, n) for n in _LISTS)) if v}
        if len(lengths) > 1:
            raise ValueError("history series of different lengths")
        return history

    def truncate(self, length: int) -> None:
        """Forget snapshots after `length` (used when a save is replayed)."""
        for store in (self.europe, self.members):
            for values in store.values():
                del values[length:]
        for values in (self.gaps, self.capability, self.threat, self.scenario):
            del values[length:]
