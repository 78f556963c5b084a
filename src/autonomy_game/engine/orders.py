"""A quarter's national orders for every member state, as arrays.

The AI fills them in one vectorised pass; a human's actions overwrite their own seat's row.
Resolution reads nothing else, which is what makes "the UI sends the same actions an AI sends"
true by construction.

Money a member spreads evenly over its own hubs or corridors is kept as one figure per member
(`protect_own`, `corridor_own`) with the spread applied when the money arrives: at B = 10 000
the spread-out [B, N, H, 3] and [B, N, C] arrays would be rebuilt, scaled and summed every
turn for nothing. The live game turns them into per-hub and per-corridor orders
(`densify`) so a player can edit each one.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field

import numpy as np

from autonomy_game.engine.reductions import rows_matmul, sum_last, sum_members, sum_pairs

EUROPEAN, FOREIGN = 0, 1


@dataclass
class Orders:
    target_pct: np.ndarray  # [B, N] desired defence % of GDP
    procure: np.ndarray  # [B, 2, D, N] € bn by origin (European / foreign) and domain
    shells: np.ndarray  # [B, N, 2] € bn for 155 mm rounds, European / foreign
    industry: np.ndarray  # [B, N] € bn into shell production capacity
    aid_rounds: np.ndarray  # [B, N] thousand rounds sent to Ukraine from stock
    aid_materiel: np.ndarray  # [B, N] € bn of materiel bought for Ukraine
    protect_own: np.ndarray  # [B, N, 3] € bn into the member's own hubs (by owned_hub_share)
    corridor_own: np.ndarray  # [B, N] € bn into the corridors through the member (spread evenly)
    # [B, N] in [0, 1]: share of the member's shells loaded before any materiel at the border
    # (1, the default: rounds first, bulky materiel fills what capacity remains; 0: all cargo
    # in proportion, as the network moved it before issue 9).
    aid_shells_first: np.ndarray
    protect: np.ndarray | None = None  # [B, N, H, 3] € bn per named hub (the live game only)
    corridor: np.ndarray | None = None  # [B, N, C] € bn per named corridor (the live game only)
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
        b, origins, domains, n = self.procure.shape
        total = sum_members(self.procure.reshape(b, origins * domains, n))
        total += sum_pairs(self.shells)
        total += self.industry
        total += self.aid_materiel
        total += sum_last(self.protect_own)
        total += self.corridor_own
        if self.protect is not None:
            total += sum_last(self.protect, 2)
        if self.corridor is not None:
            total += sum_last(self.corridor)
        return total

    def scale_money(self, factor: np.ndarray) -> None:
        """Shrink every money order of a member by its factor [B, N] to fit its budget."""
        f2 = factor[:, :, None]
        self.procure *= factor[:, None, None, :]
        self.shells *= f2
        self.industry *= factor
        self.aid_materiel *= factor
        self.protect_own *= f2
        self.corridor_own *= factor
        if self.protect is not None:
            self.protect *= factor[:, :, None, None]
        if self.corridor is not None:
            self.corridor *= f2

    def hub_protection_money(self, owned_share: np.ndarray, factor: np.ndarray) -> np.ndarray:
        """€ bn arriving at each hub per protection kind, orders scaled by `factor`: [B, H, 3]."""
        spread = self.protect_own * factor[:, :, None]
        owner = single_owner(owned_share)
        if owner is None:
            money = np.swapaxes(np.swapaxes(spread, 1, 2) @ owned_share, 1, 2)
        else:  # each hub's one term of the product, gathered (see `single_owner`)
            held = owner >= 0
            money = np.take(spread, np.maximum(owner, 0), axis=1)
            money *= owned_share[np.maximum(owner, 0), np.arange(len(owner))][None, :, None]
            if not held.all():
                money[:, ~held] = 0.0
        if self.protect is not None:
            money += np.einsum("bnhk,bn->bhk", self.protect, factor)
        return money

    def corridor_money(self, owned_share: np.ndarray, factor: np.ndarray) -> np.ndarray:
        """€ bn arriving at each corridor, orders scaled by `factor`: [B, C]."""
        money = rows_matmul(self.corridor_own * factor, owned_share)
        if self.corridor is not None:
            money += np.einsum("bnc,bn->bc", self.corridor, factor)
        return money

    def densify(self, owned_hub_share: np.ndarray, owned_corridor_share: np.ndarray,
                seats: np.ndarray | None = None) -> None:
        """Turn own-hub and own-corridor money into per-hub and per-corridor orders, so a
        player can edit each one (the live game; a Monte Carlo batch keeps them compact).

        `seats` [N] bool limits it to those members (the human seats): the others keep the
        compact form, so their money reaches the hubs by exactly the arithmetic of a batch.
        """
        if seats is None:
            own_hubs, own_corridors = self.protect_own, self.corridor_own
        else:
            keep = seats.astype(self.corridor_own.dtype)
            own_hubs = self.protect_own * keep[None, :, None]
            own_corridors = self.corridor_own * keep[None, :]
        dense = np.einsum("bnk,nh->bnhk", own_hubs, owned_hub_share)
        self.protect = dense if self.protect is None else self.protect + dense
        spread = own_corridors[:, :, None] * owned_corridor_share[None]
        self.corridor = spread if self.corridor is None else self.corridor + spread
        if seats is None:
            self.protect_own = np.zeros_like(self.protect_own)
            self.corridor_own = np.zeros_like(self.corridor_own)
        else:
            self.protect_own = self.protect_own * ~seats[None, :, None]
            self.corridor_own = self.corridor_own * ~seats[None, :]

    def corridor_of(self, member: int, owned_corridor_share: np.ndarray) -> np.ndarray:
        """€ bn the member puts into each corridor, compact and per-corridor orders: [B, C]."""
        money = self.corridor_own[:, member, None] * owned_corridor_share[member][None, :]
        if self.corridor is not None:
            money = money + self.corridor[:, member]
        return money

    def protection_of(self, member: int, owned_hub_share: np.ndarray) -> np.ndarray:
        """€ bn the member puts into each hub by protection kind, compact and per-hub orders:
        [B, H, 3]."""
        money = owned_hub_share[member][None, :, None] * self.protect_own[:, member, None, :]
        if self.protect is not None:
            money = money + self.protect[:, member]
        return money

    def set_row(self, member: int, other: Orders) -> None:
        """Copy one member's orders from `other` (same batch size)."""
        for f in dataclasses.fields(self):
            mine = getattr(self, f.name)
            if isinstance(mine, np.ndarray) and getattr(other, f.name) is not None:
                mine[:, member] = getattr(other, f.name)[:, member]


def single_owner(owned_share: np.ndarray) -> np.ndarray | None:
    """The one member with a share in each hub [H] (-1 for none) of `owned_share` [N, H], or
    None when some hub has several.

    Every hub lies in one member state, so each hub's money is one member's money times its
    share: a product over the members whose other terms are all +0.0 adds up to that one
    term exactly (in any order), so gathering it gives the same bits as the [B, 3, N] @
    [N, H] product (a strided matmul done by numpy's own loop, 3 ms at B = 4 096) for a
    tenth of the time.
    """
    owned = owned_share != 0
    if (owned.sum(axis=0) > 1).any():
        return None
    return np.where(owned.any(axis=0), owned.argmax(axis=0), -1)


def empty_orders(batch: int, members: int, domains: int, current_pct: np.ndarray,
                 filled: bool = False) -> Orders:
    """No orders at all; `filled` leaves every money order and the target unset for a
    caller that writes them all (the AI: zeroing [B, 2, D, N] procurement alone costs a pass
    over 35 MB at B = 10 000, and eight [B, N] fills a quarter are for nothing)."""
    shape = (batch, 2, domains, members)
    blank = np.empty if filled else np.zeros
    return Orders(
        target_pct=np.empty_like(current_pct) if filled else current_pct.copy(),
        procure=blank(shape),
        shells=blank((batch, members, 2)),
        industry=blank((batch, members)),
        aid_rounds=blank((batch, members)),
        aid_materiel=blank((batch, members)),
        protect_own=blank((batch, members, 3)),
        corridor_own=blank((batch, members)),
        aid_shells_first=np.ones((batch, members)),
    )
