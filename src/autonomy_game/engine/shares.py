"""Initiative cost shares by contribution key: who pays what of each initiative, and who gets
what.

Participants share an initiative's cost, and what it delivers, in proportion to their key:
their GNI (`money.contribution_key`) where the caller passes it, their GDP otherwise. The
sums run over the boolean participant mask [B, I, N] directly with einsum: casting the mask
to floats first, or gathering only the columns in progress, costs more than it saves at
B = 10 000, where nearly every initiative is in progress in some game.
"""

from __future__ import annotations

import numpy as np

from autonomy_game.engine.state import GameState


def participation(state: GameState) -> np.ndarray:
    """The participant mask [B, I, N] as 0.0 / 1.0, for a caller that sums over it more than
    once: einsum casts a boolean operand to float64 chunk by chunk on every call (half of its
    time), while the sums over this array are the same 27-term loops, so the same bits."""
    return state.initiative_participants_mask.astype(np.float64)


def member_counts(mask: np.ndarray) -> np.ndarray:
    """Members taking part in each initiative [B, I] from `participation`'s 0/1 mask: whole
    numbers, exact in any order of summation (as `participant_counts` gives them)."""
    return np.einsum("bin->bi", mask)  # faster than a one-thread BLAS product here


def gdp_rates(state: GameState, amounts: np.ndarray, key: np.ndarray | None = None,
              mask: np.ndarray | None = None) -> np.ndarray:
    """€ per € of participating key (GDP unless `key` [B, N] is given) for each initiative's
    amount [B, I]: [B, I] (0 for an initiative nobody takes part in). `mask` is the
    participant mask as `participation` gives it (the state's when None)."""
    key = state.gdp if key is None else key
    mask = state.initiative_participants_mask if mask is None else mask
    participating = np.einsum("bin,bn->bi", mask, key)
    return np.divide(amounts, participating, out=np.zeros_like(participating),
                     where=participating > 1e-12)


def member_bills(state: GameState, rates: np.ndarray, key: np.ndarray | None = None,
                 mask: np.ndarray | None = None) -> np.ndarray:
    """What each member owes over all initiatives at the given rates [B, I]: [B, N]
    (`mask` as in `gdp_rates`)."""
    key = state.gdp if key is None else key
    mask = state.initiative_participants_mask if mask is None else mask
    return key * np.einsum("bin,bi->bn", mask, rates)


def paid_per_initiative(state: GameState, amounts: np.ndarray, rates: np.ndarray,
                        can: np.ndarray, key: np.ndarray | None = None,
                        mask: np.ndarray | None = None) -> np.ndarray:
    """What reaches each initiative [B, I] of the `amounts` asked at `rates` when each member
    pays the share `can` [B, N] of its bill (1 when it can afford it all); `mask` as in
    `gdp_rates`.

    Where every member of a game pays in full the initiatives get what was asked, so the sum
    runs only over the games where someone fell short.
    """
    key = state.gdp if key is None else key
    mask = state.initiative_participants_mask if mask is None else mask
    short = np.flatnonzero((can < 1.0).any(axis=1))
    paid = np.where(rates > 0.0, amounts, 0.0)  # an initiative nobody joined receives nothing
    if len(short):
        paid[short] = rates[short] * np.einsum(
            "bin,bn->bi", mask[short],
            key[short] * can[short])
    return paid


def delivered_shares(state: GameState, rows: np.ndarray, initiative: int,
                     key: np.ndarray | None = None) -> np.ndarray:
    """Each participant's share of one initiative (by `key`, else GDP) in the given games:
    [R, N]."""
    key = state.gdp if key is None else key
    gdp = np.where(state.initiative_participants_mask[rows, initiative], key[rows], 0.0)
    gdp /= np.maximum(gdp.sum(axis=1), 1e-12)[:, None]
    return gdp
