"""The quarter report: what changed this turn and why, in words a class can discuss."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

from autonomy_game.engine.council import NO, YES
from autonomy_game.engine.history import EUROPE_INDICATORS
from autonomy_game.engine.indicator_format import format_change, format_indicator
from autonomy_game.engine.report_words import (
    cause_lines,
    europe_causes,
    failed_vote_cost,
    late_order_lines,
    standing_lines,
    state_lines,
    ukraine_line,
)
from autonomy_game.engine.resolution import Ledger
from autonomy_game.engine.state import OUTCOME_NAMES
from autonomy_game.engine.untrusted import number_problem, text_problem
from autonomy_game.scenario.model import DOMAINS

if TYPE_CHECKING:
    from autonomy_game.engine.game import Game
    from autonomy_game.engine.state import GameState
    from autonomy_game.engine.world import World

INDICATOR_LABELS = {
    "deterrence": "Deterrence",
    "autonomy": "Autonomy",
    "cohesion": "Cohesion",
    "us_commitment": "U.S. commitment",
    "adversary_pressure": "Adversary pressure",
    "ukraine_front": "Ukraine front",
    "ukraine_delivered": "Ukraine supplied",
    "aid_flow": "Aid moved (kt)",
    "shell_price": "Shell price (k€)",
    "eu_funds": "EU funds (€ bn)",
}


@dataclass
class VoteRecord:
    initiative: str
    name: str
    rule: str
    passed: bool
    yes: list[str]
    no: list[str]
    abstain: list[str]

    @classmethod
    def from_dict(cls, data: Any) -> VoteRecord:
        """Rebuild from `dataclasses.asdict`; ValueError on anything else (saves are untrusted)."""
        data = _record(data, ("initiative", "name", "rule", "passed", "yes", "no", "abstain"))
        if not isinstance(data["passed"], bool):
            raise ValueError("a vote's 'passed' must be true or false")
        return cls(_text(data["initiative"]), _text(data["name"]), _text(data["rule"]),
                   data["passed"], _texts(data["yes"]), _texts(data["no"]),
                   _texts(data["abstain"]))


@dataclass
class TurnReport:
    turn: int
    label: str
    events: list[tuple[str, str]] = field(default_factory=list)
    votes: list[VoteRecord] = field(default_factory=list)
    delivered: list[str] = field(default_factory=list)
    indicators: dict[str, tuple[float, float]] = field(default_factory=dict)
    lines: list[str] = field(default_factory=list)
    outcome: str = "ongoing"
    # Why each Europe indicator moved: the causal ledger's contributions, largest first, that
    # sum to the change (engine/causes.py).
    causes: dict[str, list[tuple[str, float]]] = field(default_factory=dict)
    standing: list[str] = field(default_factory=list)  # distance to every goal and defeat line
    warnings: list[str] = field(default_factory=list)  # orders that arrive too late
    states: list[str] = field(default_factory=list)  # what each state did, one line each

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready data (tuples become lists); `from_dict` gives an equal report back."""
        return {
            "turn": self.turn,
            "label": self.label,
            "events": [list(e) for e in self.events],
            "votes": [asdict(v) for v in self.votes],
            "delivered": list(self.delivered),
            "indicators": {k: list(v) for k, v in self.indicators.items()},
            "lines": list(self.lines),
            "outcome": self.outcome,
            "causes": {k: [[c, a] for c, a in v] for k, v in self.causes.items()},
            "standing": list(self.standing),
            "warnings": list(self.warnings),
            "states": list(self.states),
        }

    @classmethod
    def from_dict(cls, data: Any) -> TurnReport:
        """The inverse of `to_dict`, checking every type: a save file is untrusted input, and
        a report that loads must not break the screens that show it. ValueError when wrong."""
        keys = ("turn", "label", "events", "votes", "delivered", "indicators", "lines",
                "outcome")
        newer = ("causes", "standing", "warnings", "states")
        # Reports saved before the causal ledger have none of the newer keys.
        data = _record(data, keys + newer if isinstance(data, dict) and "causes" in data
                       else keys)
        turn = data["turn"]
        if not isinstance(turn, int) or isinstance(turn, bool) or turn < 0:
            raise ValueError("a report's turn must be a whole number")
        events = _list(data["events"])
        if not all(isinstance(e, list) and len(e) == 2 for e in events):
            raise ValueError("a report's events must be [title, text] pairs")
        indicators = data["indicators"]
        if not isinstance(indicators, dict):
            raise ValueError("a report's indicators must be a mapping")
        pairs: dict[str, tuple[float, float]] = {}
        for name, pair in indicators.items():
            values = _list(pair)
            if name not in EUROPE_INDICATORS or len(values) != 2:
                raise ValueError(f"unknown report indicator '{name}'")
            pairs[name] = (_number(values[0]), _number(values[1]))
        outcome = _text(data["outcome"])
        if outcome not in OUTCOME_NAMES:
            raise ValueError(f"unknown outcome '{outcome}'")
        return cls(
            turn=turn,
            label=_text(data["label"]),
            events=[(_text(t), _text(x)) for t, x in events],
            votes=[VoteRecord.from_dict(v) for v in _list(data["votes"])],
            delivered=_texts(data["delivered"]),
            indicators=pairs,
            lines=_texts(data["lines"]),
            outcome=outcome,
            causes=_causes(data.get("causes", {})),
            standing=_texts(data.get("standing", [])),
            warnings=_texts(data.get("warnings", [])),
            states=_texts(data.get("states", [])),
        )


def _causes(value: Any) -> dict[str, list[tuple[str, float]]]:
    if not isinstance(value, dict):
        raise ValueError("a report's causes must be a mapping")
    result: dict[str, list[tuple[str, float]]] = {}
    for name, items in value.items():
        if name not in EUROPE_INDICATORS:
            raise ValueError(f"unknown report indicator '{name}'")
        pairs = []
        for item in _list(items):
            if not isinstance(item, list) or len(item) != 2:
                raise ValueError("a cause is a [text, amount] pair")
            pairs.append((_text(item[0]), _number(item[1])))
        result[name] = pairs
    return result


def _record(data: Any, keys: tuple[str, ...]) -> dict[str, Any]:
    if not isinstance(data, dict) or set(data) != set(keys):
        raise ValueError(f"expected a record with exactly the keys {', '.join(keys)}")
    return data


def _list(value: Any) -> list[Any]:
    if not isinstance(value, list):
        raise ValueError("expected a list")
    return value


MAX_REPORT_TEXT = 20_000  # an event text (2 000) with room to spare


def _text(value: Any) -> str:
    if not isinstance(value, str):
        raise ValueError("expected text")
    problem = text_problem(value, max_length=MAX_REPORT_TEXT, multiline=True)
    if problem is not None:
        raise ValueError(f"a text {problem}")
    return value


def _texts(value: Any) -> list[str]:
    return [_text(v) for v in _list(value)]


def _number(value: Any) -> float:
    problem = number_problem(value)
    if problem is not None:
        raise ValueError(f"a number {problem}")
    return float(value)


def scenario_indicator_lines(world: World, before: GameState, state: GameState) -> list[str]:
    """The scenario's own indicators (format 2), one line each: "Attacks: 3 (+1)"."""
    lines = []
    for k, ind in enumerate(world.scenario.indicators.values()):
        now = float(state.scenario_values[0, k])
        change = now - float(before.scenario_values[0, k])
        moved = f" ({format_change(change, ind.unit)} this quarter)" if abs(change) > 1e-9 \
            else " (unchanged)"
        lines.append(f"{ind.name}: {format_indicator(now, ind.unit)}{moved}.")
    return lines


def build_report(game: Game, ledger: Ledger) -> TurnReport:
    world, state, before = game.world, game.state, game.before
    sc = world.scenario
    report = TurnReport(turn=state.turn, label=sc.quarter_label(state.turn))
    for e in game.fired:
        ev = world.events[e]
        report.events.append((ev.title, ev.text))
    for iid, ballots in game.last_votes.items():
        init = sc.initiatives[iid]
        report.votes.append(VoteRecord(
            iid, init.name, init.rule, iid in game.passed_this_turn,
            [c for c, v in ballots.items() if v == YES],
            [c for c, v in ballots.items() if v == NO],
            [c for c, v in ballots.items() if v not in (YES, NO)],
        ))
    for i in np.flatnonzero(ledger.delivered_initiatives[0]):
        report.delivered.append(sc.initiatives[world.initiative_ids[i]].name)
    for name in EUROPE_INDICATORS:
        report.indicators[name] = (float(getattr(before, name)[0]),
                                   float(getattr(state, name)[0]))
    quarter = game.quarters.get(state.turn)
    report.causes = europe_causes(quarter)
    report.lines = _lines(game, ledger, report) + scenario_indicator_lines(world, before, state)
    report.standing = standing_lines(world, state)
    report.warnings = late_order_lines(world, before, game.orders, state.turn)
    report.states = state_lines(world, before, state, game.orders, ledger)
    report.outcome = OUTCOME_NAMES[int(state.outcome[0])]
    return report


def _lines(game: Game, ledger: Ledger, report: TurnReport) -> list[str]:
    world, state, before = game.world, game.state, game.before
    lines: list[str] = cause_lines(report.indicators, report.causes)
    quarter = game.quarters.get(state.turn)
    for vote in report.votes:
        verdict = "adopted" if vote.passed else "rejected"
        against = f"; against: {', '.join(vote.no)}" if vote.no else ""
        cost = "" if vote.passed else failed_vote_cost(world, quarter, vote.name)
        lines.append(f"Council: {vote.name} {verdict} ({vote.rule}, {len(vote.yes)} for"
                     f"{against}).{cost}")
    if not report.votes:
        lines.append("Council: nothing was put to a vote.")
    for name in report.delivered:
        lines.append(f"Delivered: {name} is operational.")
    # The biggest budget moves, and why.
    change = state.defence_pct[0] - before.defence_pct[0]
    for n in np.argsort(-np.abs(change))[:3]:
        if abs(change[n]) >= 0.05:
            verb = "raised" if change[n] > 0 else "cut"
            lines.append(f"{world.member_names[n]} {verb} defence spending to "
                         f"{state.defence_pct[0, n]:.2f} % of GDP.")
    lines.append(ukraine_line(world, state, ledger))
    front = float(state.ukraine_front[0] - before.ukraine_front[0])
    if abs(front) >= 0.005:
        lines.append("The front " + ("gained ground." if front > 0 else "lost ground."))
    damaged = [world.scenario.hubs[h].name for k, h in enumerate(world.hub_ids)
               if state.hub_health[0, k] < 0.8]
    if damaged:
        lines.append("Damaged hubs: " + ", ".join(damaged) + ".")
    if state.shell_price[0] > world.scenario.ammunition.price * 1.05:
        lines.append(f"155 mm shells cost €{state.shell_price[0] * 1000:,.0f} a round: "
                     "demand exceeds European production.")
    gap_names = [d for d, g in zip(DOMAINS, state.gap[0]) if g > 0.15]
    if gap_names:
        lines.append("Capability gaps: " + ", ".join(g.replace("_", " ") for g in gap_names)
                     + ".")
    if game._ctx is not None:
        lines += [text for mask, text in game._ctx.messages if mask[0]]
        game._ctx.messages.clear()
    return lines
