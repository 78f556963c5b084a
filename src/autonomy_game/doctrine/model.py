"""The typed record of a loaded, validated doctrine: plain data, no numpy.

`DoctrinePolicy` (engine/policy/doctrine.py) turns it into batched decisions; keeping the
record plain lets the validator, the CLI and the engine share one description.
"""

from __future__ import annotations

from dataclasses import dataclass, field

# Spending rule kinds (see spending.py for the text each is written as).
SPEND_PATH, SPEND_HOLD, SPEND_AI, SPEND_MAX, SPEND_THREAT, SPEND_STEP, SPEND_CONSTANT = (
    "path", "hold", "ai", "max", "match threat", "step", "constant")


@dataclass(frozen=True)
class SpendingRule:
    """Where the seat sets its defence % of GDP each quarter (then clipped to its limits).

    path: `values[turn - 1]`, the last value after the list ends; constant: `values[0]`;
    step: the current level plus `step` (negative to cut), stopping at `limit`;
    match threat: `1.5 + 2.5 x` the seat's highest threat (0-1), so 3.5 % at threat 0.8;
    hold: the current level; max: the highest allowed; ai: the advisor's target.
    """

    kind: str
    values: tuple[float, ...] = ()
    step: float = 0.0
    limit: float = 0.0


@dataclass(frozen=True)
class Doctrine:
    """A scripted strategy for one seat. Shares are fractions (0-1); weights are normalised
    when used. `orders is None` keeps the advisor's orders, rescaled to the doctrine's money."""

    id: str
    title: str = ""
    description: str = ""
    scenario: str | None = None
    seat: str | None = None  # the seat it was written for (any seat may play it)
    kind: str = "other"  # single-lever | thoughtful | other
    spending: SpendingRule = field(default_factory=lambda: SpendingRule(SPEND_AI))
    orders: dict[str, float] | None = None  # lever -> share of order money
    domain_weights: dict[str, float] | None = None  # None: weight by the seat's gaps
    procurement_european: float = 0.7
    in_time: bool = True  # buy only equipment delivered before the last turn
    shells_european: float = 1.0
    protection_weights: dict[str, float] = field(default_factory=dict)  # kind -> weight
    protection_hubs: tuple[str, ...] | None = None  # hub ids; None: the seat's own hubs
    corridor_routes: tuple[str, ...] | None = None  # corridor ids; None: the seat's own
    aid_rounds: float | None = None  # share of stock per quarter; None: the advisor's
    propose: str | tuple[str, ...] = "never"
    only_if_passing: bool = True
    vote: str = "ai"
    threat_threshold: float = 0.4
    cost_limit: float = 0.1
    votes: dict[str, str] = field(default_factory=dict)  # initiative id -> yes/no/abstain
    event_default: str = "ai"
    event_choices: dict[str, str] = field(default_factory=dict)  # event id -> option id
    path: str = ""  # where it was loaded from, for messages
    # From a turn on, another set of rules: (from_turn, the doctrine in force), in order.
    phases: tuple[tuple[int, Doctrine], ...] = ()

    def at(self, turn: int) -> Doctrine:
        """The rules in force on `turn` (1-based): the last phase begun, else these."""
        active = self
        for first, phase in self.phases:
            if turn >= first:
                active = phase
        return active
