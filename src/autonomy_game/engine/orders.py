"""A quarter's national orders for every member state, as arrays.

The AI fills them in one vectorised pass; a human's actions overwrite their own seat's row.
Resolution reads nothing else, which is what makes "the UI sends the same actions an AI sends"
true by construction.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field

import numpy as np

from autonomy_game.engine.reductions import sum_last

EUROPEAN, FOREIGN = 0, 1


@dataclass
class Orders:
    target_pct: np.ndarray  # [B, N] desired defence % of GDP
    procure: np.ndarray  # [B, N, D, 2] € bn, European / foreign
    shells: np.ndarray  # [B, N, 2] € bn for 155 mm rounds, European / foreign
    industry: np.ndarray  # [B, N] € bn into shell production capacity
    aid_rounds: np.ndarray  # [B, N] thousand rounds sent to Ukraine from stock
    aid_materiel: np.ndarray  # [B, N] € bn of materiel bought for Ukraine
    protect_own: np.ndarray  # [B, N, 3] € bn into protecting the member's own hubs (spread evenly)
    corridor: np.ndarray  # [B, N, C] € bn into corridor capacity
    protect: np.ndarray | None = None  # [B, N, H, 3] € bn per named hub (the live game only)
    transfers: list[tuple[int, int, float]] = field(default_factory=list)  # payer, target, € bn

    def copy(self) -> Orders:
        return dataclasses.replace(
            self,
            **{f.name: getattr(self, f.name).copy() for f in dataclasses.fields(self)
               if isinstance(getattr(self, f.name), np.ndarray)},
            transfers=list(self.transfers),
        )

    def money(self) -> np.ndarray:
        """€ bn each member's orders would spend, before any scaling: [B, N]."""
        return (
            sum_last(self.procure, 2)
            + sum_last(self.shells)
            + self.industry
            + self.aid_materiel
            + sum_last(self.protect_own)
            + sum_last(self.corridor)
            + (sum_last(self.protect, 2) if self.protect is not None else 0.0)
        )

    def scale_money(self, factor: np.ndarray) -> None:
        """Shrink every money order of a member by its factor [B, N] to fit its budget."""
        f2 = factor[:, :, None]
        self.procure *= factor[:, :, None, None]
        self.shells *= f2
        self.industry *= factor
        self.aid_materiel *= factor
        self.protect_own *= f2
        self.corridor *= f2
        if self.protect is not None:
            self.protect *= factor[:, :, None, None]

    def hub_protection_money(self, owned_share: np.ndarray) -> np.ndarray:
        """€ bn arriving at each hub per protection kind: [B, H, 3]."""
        money = np.swapaxes(np.swapaxes(self.protect_own, 1, 2) @ owned_share, 1, 2)
        if self.protect is not None:
            money = money + self.protect.sum(axis=1)
        return money

    def densify_protection(self, owned_share: np.ndarray) -> None:
        """Turn own-hub protection into per-hub orders so a player can edit each hub."""
        dense = np.einsum("bnk,nh->bnhk", self.protect_own, owned_share)
        self.protect = dense if self.protect is None else self.protect + dense
        self.protect_own = np.zeros_like(self.protect_own)

    def set_row(self, member: int, other: Orders) -> None:
        """Copy one member's orders from `other` (same batch size)."""
        for f in dataclasses.fields(self):
            mine = getattr(self, f.name)
            if isinstance(mine, np.ndarray) and getattr(other, f.name) is not None:
                mine[:, member] = getattr(other, f.name)[:, member]


def empty_orders(batch: int, members: int, domains: int, hubs: int, corridors: int,
                 current_pct: np.ndarray) -> Orders:
    return Orders(
        target_pct=current_pct.copy(),
        procure=np.zeros((batch, members, domains, 2)),
        shells=np.zeros((batch, members, 2)),
        industry=np.zeros((batch, members)),
        aid_rounds=np.zeros((batch, members)),
        aid_materiel=np.zeros((batch, members)),
        protect_own=np.zeros((batch, members, 3)),
        corridor=np.zeros((batch, members, corridors)),
    )
