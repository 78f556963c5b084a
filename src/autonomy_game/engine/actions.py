"""Actions: the only way anyone (human, AI, test) changes a game.

Each action is a small frozen record that serialises to a dict, so a save is just the scenario,
the seed and the list of actions. Amount actions *set* a value rather than add to it, which
makes them idempotent: pressing "+" five times sends five actions, each naming the new total.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any, ClassVar

from autonomy_game.engine.untrusted import MAX_ACTION_TEXT, number_problem, text_problem


class IllegalAction(ValueError):
    """The action is not allowed now; the message says why, for the player."""


@dataclass(frozen=True)
class Action:
    kind: ClassVar[str] = ""

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, **dataclasses.asdict(self)}


@dataclass(frozen=True)
class EndPhase(Action):
    """Close the current phase (events -> Council -> orders -> report -> next turn)."""

    kind: ClassVar[str] = "end_phase"


@dataclass(frozen=True)
class ChooseOption(Action):
    kind: ClassVar[str] = "choose"
    event: str
    option: str


@dataclass(frozen=True)
class VoteOnOption(Action):
    """A human seat's own vote on one option of an event the Council decides (the event
    declares its rule): 1 yes, 0 abstain, -1 no. Every option but the last (the status quo,
    what stands if nothing carries) is voted on; votes not cast are the advisor's."""

    kind: ClassVar[str] = "option_vote"
    seat: str
    event: str
    option: str
    vote: int


@dataclass(frozen=True)
class CallVote(Action):
    """Put a Council-decided event to the vote now: human seats' votes as cast (the advisor's
    where none was), AI states' by their utility, counted under the event's rule."""

    kind: ClassVar[str] = "call_vote"
    event: str


@dataclass(frozen=True)
class Propose(Action):
    kind: ClassVar[str] = "propose"
    seat: str
    initiative: str


@dataclass(frozen=True)
class Vote(Action):
    kind: ClassVar[str] = "vote"
    seat: str
    initiative: str
    vote: int  # 1 yes, 0 abstain, -1 no


@dataclass(frozen=True)
class JoinProject(Action):
    """Ask to join a PESCO project already adopted: its members decide by QMV among
    themselves (TEU 46(3) applied to the project)."""

    kind: ClassVar[str] = "join"
    seat: str
    initiative: str


@dataclass(frozen=True)
class SuspendFromProject(Action):
    """Ask the Council to suspend `target` from a PESCO project both take part in, because it
    no longer meets the commitments (it cut its defence spending): QMV among the project's
    participants other than the state concerned (TEU 46(4) applied to the project)."""

    kind: ClassVar[str] = "suspend"
    seat: str
    target: str
    initiative: str


@dataclass(frozen=True)
class Persuade(Action):
    """Spend political capital to move another state's stance on an initiative."""

    kind: ClassVar[str] = "persuade"
    seat: str
    target: str
    initiative: str
    capital: float


@dataclass(frozen=True)
class SidePayment(Action):
    """Offer money (€ bn from this quarter's budget) to win another state's vote."""

    kind: ClassVar[str] = "pay"
    seat: str
    target: str
    initiative: str
    amount: float


@dataclass(frozen=True)
class SetDefencePct(Action):
    kind: ClassVar[str] = "budget"
    seat: str
    pct: float


@dataclass(frozen=True)
class Procure(Action):
    kind: ClassVar[str] = "procure"
    seat: str
    domain: str
    european: bool
    amount: float  # € bn this quarter


@dataclass(frozen=True)
class BuyShells(Action):
    kind: ClassVar[str] = "shells"
    seat: str
    european: bool
    amount: float  # € bn


@dataclass(frozen=True)
class InvestIndustry(Action):
    kind: ClassVar[str] = "industry"
    seat: str
    amount: float  # € bn into 155 mm production capacity


@dataclass(frozen=True)
class AidUkraine(Action):
    kind: ClassVar[str] = "aid"
    seat: str
    rounds: float  # thousand rounds from stock
    materiel: float  # € bn


@dataclass(frozen=True)
class AidPriority(Action):
    """How the seat's aid is loaded at the border: the share `shells_first` (0-1) of its
    rounds crosses before any materiel (1, the default: bulky materiel fills what capacity
    remains, so more of it never delays a round); 0 loads all its cargo in proportion."""

    kind: ClassVar[str] = "aid_priority"
    seat: str
    shells_first: float


@dataclass(frozen=True)
class Protect(Action):
    kind: ClassVar[str] = "protect"
    seat: str
    hub: str
    protection: str  # air_defence | cyber | microgrid
    amount: float  # € bn


@dataclass(frozen=True)
class InvestCorridor(Action):
    kind: ClassVar[str] = "corridor"
    seat: str
    corridor: str
    amount: float  # € bn


@dataclass(frozen=True)
class Hold(Action):
    """The seat submits nothing new this turn: its open event choices take the advisor's
    option, its votes and orders stay as they are (the advisor's unless already changed).
    Once every human seat holds, the turn runs to its report; from the report, holding
    starts the next turn and holds it. One call a quarter plays a seat on its advisor."""

    kind: ClassVar[str] = "hold"
    seat: str


@dataclass(frozen=True)
class FireInject(Action):
    """The facilitator fires an inject of the scenario's script (classroom mode): its effects
    apply now, then those of `option` (one of its choices; "" when it has none). Logged like
    every action, so a save replays the injects exactly where they were fired."""

    kind: ClassVar[str] = "inject"
    inject: str
    option: str


@dataclass(frozen=True)
class Preview(Action):
    """A look at a decision's futures before making it (engine/preview.py). It changes
    nothing in the game (the futures play on private copies with their own random streams);
    it is logged so the debrief can say who looked, at what and when. `seat` is the seat
    that asked, or "" for the table as a whole; `subject` is `event:ID`, `vote:ID` or
    `orders`; `turn` the turn it was asked in (so the log alone says when)."""

    kind: ClassVar[str] = "preview"
    seat: str
    subject: str
    turn: int


ACTION_TYPES: dict[str, type[Action]] = {
    cls.kind: cls
    for cls in (EndPhase, ChooseOption, VoteOnOption, CallVote, Propose, Vote, JoinProject,
                SuspendFromProject, Persuade, SidePayment, SetDefencePct, Procure, BuyShells,
                InvestIndustry, AidUkraine, AidPriority, Protect, InvestCorridor, Hold, Preview,
                FireInject)
}


def check_values(action: Action) -> None:
    """Every field of `action` has its declared type, numbers are finite and bounded, texts
    are short and printable; IllegalAction otherwise. `Game.apply` calls this before any rule
    looks at the action, so `SidePayment(..., nan)` cannot slip past a comparison
    (`already + nan > room` is False) into the state."""
    for f in dataclasses.fields(action):
        value = getattr(action, f.name)
        kind = str(f.type)
        if kind in ("float", "int"):
            problem = number_problem(value, integer=kind == "int")
            if problem is None and kind == "int" and not isinstance(value, int):
                problem = "is not a whole number"
            if problem is not None:
                raise IllegalAction(f"{action.kind}: {f.name} {problem}")
        elif kind == "str":
            problem = ("is not text" if not isinstance(value, str)
                       else text_problem(value, max_length=MAX_ACTION_TEXT))
            if problem is not None:
                raise IllegalAction(f"{action.kind}: {f.name} {problem}")
        elif kind == "bool" and not isinstance(value, bool):
            raise IllegalAction(f"{action.kind}: {f.name} is not true or false")


def action_from_dict(data: Any) -> Action:
    """Rebuild an action from a save; raises ValueError on anything malformed."""
    if not isinstance(data, dict) or not isinstance(data.get("kind"), str) \
            or data["kind"] not in ACTION_TYPES:
        raise ValueError(f"unknown action {data!r:.80}")
    cls = ACTION_TYPES[data["kind"]]
    fields = {f.name: f.type for f in dataclasses.fields(cls)}
    values = {k: v for k, v in data.items() if k != "kind"}
    if set(values) != set(fields):
        raise ValueError(f"action '{cls.kind}' has fields {sorted(values)}, expected "
                         f"{sorted(fields)}")
    for name, value in values.items():
        expected = fields[name]
        ok = {
            "str": isinstance(value, str),
            "int": isinstance(value, int) and not isinstance(value, bool),
            "float": isinstance(value, (int, float)) and not isinstance(value, bool),
            "bool": isinstance(value, bool),
        }.get(str(expected), False)
        if not ok:
            raise ValueError(f"action '{cls.kind}' field '{name}' has the wrong type")
    action = cls(**values)
    check_values(action)  # IllegalAction is a ValueError
    return action
