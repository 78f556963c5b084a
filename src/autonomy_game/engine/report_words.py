"""Words for the quarter report: why each indicator moved, where the game stands against its
goals, orders that come too late, and what each state did.

Everything here reads what the engine recorded (the causal ledger, the resolution's money
ledger, the orders) and writes sentences; nothing is estimated again.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from autonomy_game.engine.causes import QuarterCauses
from autonomy_game.engine.history import EUROPE_INDICATORS
from autonomy_game.engine.indicator_format import MINUS
from autonomy_game.engine.late_orders import arrives_in_time, capacity_in_time, late_money
from autonomy_game.engine.orders import EUROPEAN, FOREIGN, Orders
from autonomy_game.engine.resolution import Ledger
from autonomy_game.engine.thresholds import deterrence_target_line, standings
from autonomy_game.scenario.model import DOMAINS

if TYPE_CHECKING:
    from autonomy_game.engine.state import GameState
    from autonomy_game.engine.world import World

CAUSE_LABELS = {
    "deterrence": "Deterrence", "autonomy": "Autonomy", "cohesion": "Cohesion",
    "us_commitment": "U.S. commitment", "adversary_pressure": "Adversary pressure",
    "ukraine_front": "Ukraine front", "ukraine_delivered": "Ukraine supplied",
    "aid_flow": "Aid moved (kt)", "shell_price": "Shell price (k€)",
    "eu_funds": "EU funds (€ bn)",
}
PERCENT_INDICATORS = {"deterrence", "autonomy", "cohesion", "us_commitment",
                      "adversary_pressure", "ukraine_front", "ukraine_delivered"}
EXPLAIN_ABOVE = 0.0005  # indicator changes smaller than this are not worth a sentence
TOP_CAUSES = 4


def domain_name(domain: str) -> str:
    return "ISR" if domain == "isr" else domain.replace("_", " ")


def signed(amount: float, digits: int = 3) -> str:
    """+0.012 / −0.012; a change too small for `digits` does not vanish into ±0.0: it reads
    "−<0.1" (negative, under 0.1)."""
    text = f"{abs(amount):.{digits}f}"
    sign = "+" if amount >= 0 else MINUS
    if float(text) == 0 and amount != 0:
        return f"{sign}<{10 ** -digits:.{digits}f}"
    return f"{sign}{text}"


def europe_causes(quarter: QuarterCauses | None, game: int = 0
                  ) -> dict[str, list[tuple[str, float]]]:
    """Each Europe indicator's contributions in game `game`, largest first (all of them:
    they sum to the change)."""
    if quarter is None:
        return {}
    result: dict[str, list[tuple[str, float]]] = {}
    for name in EUROPE_INDICATORS:
        items = [(cause, float(amount[game]))
                 for cause, amount in quarter.contributions(name).items()
                 if abs(float(amount[game])) > 1e-12]
        if items:
            result[name] = sorted(items, key=lambda item: -abs(item[1]))
    return result


def amount_text(name: str, amount: float) -> str:
    """A change in the unit the screens show: points of a percentage for the 0-1
    indicators (−0.098 is "−9.8"), two decimals for the rest (kt, k€, € bn)."""
    if name in PERCENT_INDICATORS:
        return signed(amount * 100, 1)
    return signed(amount, 2)


def cause_line(name: str, change: float, items: list[tuple[str, float]],
               top: int = TOP_CAUSES) -> str:
    """`Cohesion −10.0 points: vote on EDIP: failed −3.0, drift −3.0, 2 smaller causes −1.0`:
    the largest causes and, when there are more, the rest summed, so the line adds up."""
    shown = [item for k, item in enumerate(items[:top])
             if k == 0 or abs(item[1]) >= EXPLAIN_ABOVE]
    others = items[len(shown):]
    parts = [f"{cause} {amount_text(name, amount)}" for cause, amount in shown]
    if others:
        rest = sum(amount for _, amount in others)
        word = "cause" if len(others) == 1 else "causes"
        parts.append(f"{len(others)} smaller {word} {amount_text(name, rest)}")
    label = CAUSE_LABELS.get(name, name)
    unit = " points" if name in PERCENT_INDICATORS else ""
    return f"{label} {amount_text(name, change)}{unit}: " + ", ".join(parts) + "."


def cause_lines(indicators: dict[str, tuple[float, float]],
                causes: dict[str, list[tuple[str, float]]]) -> list[str]:
    lines = []
    for name, (before, after) in indicators.items():
        change = after - before
        if abs(change) >= EXPLAIN_ABOVE and causes.get(name):
            lines.append(cause_line(name, change, causes[name]))
    return lines


def standing_lines(world: World, state: GameState) -> list[str]:
    """Where the game stands against every victory and defeat line, and the deterrence
    target that drives adversary pressure."""
    lines = []
    for row in standings(world, state):
        if row.kind == "defeat":
            head = f"Defeat “{row.id}” {'HOLDS' if row.holds else 'not reached'}"
        else:
            name = "Victory" if row.kind == "victory" else "Partial success"
            head = f"{name} {'would be met' if row.holds else 'not met yet'}"
        lines.append(f"{head}: {row.describe()}.")
    lines.append(deterrence_target_line(world, state))
    return lines


def late_order_lines(world: World, before: GameState, orders: Orders | None,
                     turn_played: int) -> list[str]:
    """Warnings: orders placed this quarter that arrive after the last turn (money spent on
    nothing the players will see), and what can no longer arrive in time from next quarter."""
    lines: list[str] = []
    if orders is not None:
        late = late_money(world, before, orders)[0]
        for n in np.flatnonzero(late > 0.005):
            lines.append(f"{world.member_names[n]} ordered €{late[n]:.2f} bn that arrives after "
                         "the last quarter: it will never count in this game.")
    if turn_played < world.turns:
        now, later = arrives_in_time(world, turn_played - 1), arrives_in_time(world, turn_played)
        lost = []
        for origin, word in ((EUROPEAN, "European"), (FOREIGN, "foreign")):
            for d in np.flatnonzero(now[origin] & ~later[origin]):
                lost.append(f"{word} {domain_name(DOMAINS[d])}")
        if lost:
            lines.append("From next quarter these orders arrive too late for this game: "
                         + ", ".join(lost) + ".")
        if capacity_in_time(world, turn_played - 1) and not capacity_in_time(world, turn_played):
            lines.append("From next quarter new shell production capacity comes on line too "
                         "late for this game.")
    return lines


def state_lines(world: World, before: GameState, state: GameState, orders: Orders | None,
                ledger: Ledger) -> list[str]:
    """What each state did this quarter, one line each: budget, spending, European against
    foreign orders, aid."""
    if orders is None:
        return []
    european, foreign, materiel = order_split(orders, ledger)
    rounds = state.aid_sent[0]
    lines = []
    for n, name in enumerate(world.member_names):
        pct, was = float(state.defence_pct[0, n]), float(before.defence_pct[0, n])
        move = f" ({signed(pct - was, 2)})" if abs(pct - was) >= 0.005 else ""
        equipment = european[n] + foreign[n]
        share = (f"{european[n] / equipment:.0%} European, {foreign[n] / equipment:.0%} abroad"
                 if equipment > 1e-9 else "no equipment orders")
        aid = []
        if rounds[n] >= 0.5:
            aid.append(f"{rounds[n]:.0f}k rounds")
        if materiel[n] >= 0.005:
            aid.append(f"€{materiel[n]:.2f} bn materiel")
        paid = ledger.initiatives[0, n] + ledger.transfers[0, n]
        joint = f"; joint projects and side payments €{paid:.2f} bn" if paid >= 0.005 else ""
        lines.append(f"{name}: {pct:.2f} % of GDP{move}; spent €{float(state.spent[0, n]):.2f} bn"
                     f" (equipment and shells €{equipment:.2f} bn: {share}{joint}); aid to "
                     f"Ukraine: {', '.join(aid) or 'none'}.")
    return lines


def order_split(orders: Orders, ledger: Ledger) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Game 0's order money as resolution paid it (scaled to the budget), by member [N]:
    European equipment, shells and shell capacity; equipment and shells bought abroad;
    materiel for Ukraine."""
    wanted = orders.money()[0]
    factor = np.divide(ledger.orders[0], wanted, out=np.ones_like(wanted), where=wanted > 1e-12)
    european = (orders.procure[0, EUROPEAN].sum(axis=0) + orders.shells[0, :, EUROPEAN]
                + orders.industry[0]) * factor
    foreign = (orders.procure[0, FOREIGN].sum(axis=0) + orders.shells[0, :, FOREIGN]) * factor
    return european, foreign, orders.aid_materiel[0] * factor


def ukraine_line(world: World, state: GameState, ledger: Ledger) -> str:
    """The supply sentence: rounds sent, what arrived, and what the supply figure is (rounds
    that arrived over the quarter's need plus materiel at its value in rounds, capped at 1)."""
    need = float(state.ukraine_need[0])
    sent = float(state.aid_sent[0].sum())
    line = f"Ukraine: {sent:.0f}k rounds sent from stocks against a quarterly need of {need:.0f}k"
    if len(ledger.rounds_arrived):
        arrived = float(ledger.rounds_arrived[0])
        materiel = float(ledger.materiel_arrived[0])
        line += (f"; {arrived:.0f}k rounds (with any backlog) and €{materiel:.2f} bn of "
                 "materiel arrived")
    line += (f". Supply index {state.ukraine_delivered[0]:.0%}: rounds that arrived over the "
             "need, plus materiel counted at its value in rounds (at most 100 %)")
    return (line + f"; {state.aid_flow[0]:.0f} kt moved, {state.aid_backlog[0]:.0f} kt "
            "waiting.")


def failed_vote_cost(world: World, quarter: QuarterCauses | None, name: str) -> str:
    """What a rejected proposal cost: cohesion and the no-voters' public support."""
    if quarter is None:
        return ""
    parts = []
    cohesion = quarter.contributions("cohesion").get(f"vote on {name}: failed")
    if cohesion is not None and cohesion[0]:
        parts.append(f"cohesion {signed(float(cohesion[0]))}")
    support = quarter.contributions("support").get(f"voted no on {name} (failed)")
    if support is not None:
        for n in np.flatnonzero(support[0] < 0):
            parts.append(f"{world.codes[n]} support {signed(float(support[0, n]))}")
    return f" Cost of the failed vote: {', '.join(parts)}." if parts else ""
