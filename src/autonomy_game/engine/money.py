"""Where the money for common projects comes from: keys, funds, loans and side payments.

Europe's defence money is not one pool, and the game keeps the pools apart:

* **National shares by GNI.** A member's share of a common cost is keyed on its gross national
  income, as the EU's own resources and the European Peace Facility are (`contribution_key`):
  Ireland pays on its GNI (€428 bn), not on a GDP inflated by multinationals' profits.
* **The EU budget** (`eu_funds`: EDF, EDIP, CEF) pays for `funding: eu` initiatives first; the
  rest falls on the members by GNI key. Topping it up changes the multiannual financial
  framework, which needs unanimity (TFEU 312(2)); the loader enforces that in the data.
* **The European Peace Facility** (`epf_funds`) is off-budget (TEU 41(2)): `funding: epf`
  initiatives draw on what is left in it and then on national contributions by GNI key, and
  never touch the EU budget. The neutral members' contributions pay for non-lethal aid only
  (as Austria, Ireland and Malta do by constructive abstention), which counts for half at the
  front (an estimate).
* **SAFE loans** go to the states that asked (the real allocations: Poland €43.7 bn ...). Each
  quarter a borrower may draw a tranche, but only for European equipment (the buy-European
  condition): joint initiatives and European orders. It pays interest on what it owes and,
  after the grace period, repays it in equal parts. Loans are money now and a bill later.
* **Side payments** do not go into another state's national budget: the payer's money goes
  into a named fund, the recipient's co-financing account, which pays the recipient's share of
  joint initiatives (`cofinance_credit`). What it buys is visible: a share of a common project.

Everything is [B, N] or [B] arithmetic over the batch.
"""

from __future__ import annotations

import numpy as np

from autonomy_game.engine.state import GameState
from autonomy_game.engine.world import World

NON_LETHAL_VALUE = 0.5  # front value of a € of non-lethal aid against a € of arms (estimate)


def contribution_key(world: World, state: GameState) -> np.ndarray:
    """Each member's key for common costs: its GNI, growing with its GDP: [B, N]."""
    return state.gdp * world.contribution_ratio[None, :]


def draw_fund(state: GameState, fund: str, uses: np.ndarray, quarterly: np.ndarray
              ) -> np.ndarray:
    """Pay the initiatives marked `uses` [I] from the Europe-wide fund `fund` ([B]) as far as it
    goes, pro rata: what each initiative received [B, I]; the fund is reduced."""
    if not uses.any():
        return np.zeros_like(quarterly)
    money = getattr(state, fund)
    asked = np.where(uses[None, :], quarterly, 0.0)
    share = np.minimum(money / np.maximum(asked.sum(axis=1), 1e-12), 1.0)
    paid = asked * share[:, None]
    setattr(state, fund, np.maximum(money - paid.sum(axis=1), 0.0))
    return paid


def lethal_share(world: World, shares: np.ndarray) -> np.ndarray:
    """Front value of an EPF delivery given the contributors' shares [R, N]: [R] in (0.5, 1].

    The neutral members' part buys non-lethal aid, worth `NON_LETHAL_VALUE` of arms.
    """
    neutral = shares[:, world.neutral].sum(axis=1)
    return 1.0 - (1.0 - NON_LETHAL_VALUE) * neutral


# -- SAFE loans ------------------------------------------------------------------------------

def open_loans(world: World, state: GameState, rows: np.ndarray, initiative: int) -> None:
    """A loan instrument is delivered in games `rows`: the states that asked get their credit
    lines and their grace period starts."""
    allocation = world.loan_allocation[initiative]  # [N]
    state.loan_credit[rows] += allocation[None, :]
    asked = allocation > 0
    state.loan_grace[np.ix_(rows, np.flatnonzero(asked))] = float(world.loan_terms["grace"])


def loan_flows(world: World, state: GameState) -> tuple[np.ndarray, np.ndarray]:
    """This quarter's loan money: (tranche a borrower may draw, debt service it owes) [B, N].

    Service is a quarter's interest on the debt plus, once the grace period is over, an equal
    part of what was drawn (never more than is owed).
    """
    if not world.loan_allocation.any():
        zero = np.zeros_like(state.gdp)
        return zero, zero
    terms = world.loan_terms
    tranche = np.minimum(state.loan_credit,
                         world.loan_allocation.max(axis=0)[None, :] / terms["draw"])
    interest = state.loan_debt * terms["rate"] / 4.0
    repay = np.where(state.loan_grace <= 0.0,
                     np.minimum(state.loan_drawn / terms["repay"], state.loan_debt), 0.0)
    return tranche, interest + repay


def settle_loans(world: World, state: GameState, drawn: np.ndarray, service: np.ndarray
                 ) -> None:
    """Book a quarter: what was drawn [B, N] adds to the debt, repayments reduce it, the grace
    period runs down."""
    if not world.loan_allocation.any():
        return
    interest = state.loan_debt * world.loan_terms["rate"] / 4.0
    repaid = np.maximum(service - interest, 0.0)
    state.loan_credit = np.maximum(state.loan_credit - drawn, 0.0)
    state.loan_drawn += drawn
    state.loan_debt = np.maximum(state.loan_debt + drawn - repaid, 0.0)
    borrowing = (state.loan_drawn > 0) | (state.loan_credit > 0)
    state.loan_grace = np.where(borrowing, np.maximum(state.loan_grace - 1.0, 0.0),
                                state.loan_grace)


def order_factor(wanted: np.ndarray, european: np.ndarray, national: np.ndarray,
                 loan: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Share of each member's orders that can be paid, and the loan money it draws: [B, N].

    `wanted` orders cost this much, `european` of it European equipment; `national` is the
    member's own money left, `loan` the tranche still undrawn. Loan money pays European
    equipment only, so the orders fit when (a) all of them fit national money plus the loan
    and (b) the non-European part fits national money: the factor is the largest that
    satisfies both (one factor for all of a member's orders, as without loans). National
    money is spent first; the loan pays only what it cannot (interest runs on what is drawn).
    """
    other = np.maximum(wanted - european, 0.0)
    with np.errstate(divide="ignore", invalid="ignore"):
        by_total = np.where(wanted > 1e-12, (national + loan) / wanted, 1.0)
        by_other = np.where(other > 1e-12, national / other, 1.0)
    factor = np.clip(np.minimum(by_total, by_other), 0.0, 1.0)
    drawn = np.clip(factor * wanted - national, 0.0, loan)
    return factor, drawn
