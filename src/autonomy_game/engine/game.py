"""The live game: one scenario, one seed, a batch of one, with human seats.

`Game` walks the phases of a turn and waits for humans between them. It calls exactly the
phase functions that `simulate` uses, so a game played on screen and a Monte Carlo run follow
the same rules. Every change goes through `apply(action)`, which is logged: replaying the log
from the same seed reproduces the game bit for bit.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import KW_ONLY, InitVar, dataclass, field

import numpy as np

from autonomy_game.engine import actions as A
from autonomy_game.engine import treaty
from autonomy_game.engine.causes import CauseLedger, QuarterCauses, attach
from autonomy_game.engine.council import (
    ABSTAIN,
    TERMS,
    CouncilSession,
    admit_to_project,
    allowed_votes,
    eligible,
    joinable,
    meets_commitments,
    proposable,
    suspend_from_project,
)
from autonomy_game.engine.council_events import (
    EventVote,
    event_vote,
    is_council_vote,
    vote_message,
)
from autonomy_game.engine.events import (
    PendingChoice,
    apply_ai_choice,
    apply_choice,
    choice_scores,
)
from autonomy_game.engine.expressions import EvalContext
from autonomy_game.engine.goals import objectives_met
from autonomy_game.engine.history import History
from autonomy_game.engine.indicators import update_indicators
from autonomy_game.engine.orders import EUROPEAN, FOREIGN, Orders
from autonomy_game.engine.policy.base import Policy
from autonomy_game.engine.policy.moves import discretionary
from autonomy_game.engine.policy.registry import seat_policies
from autonomy_game.engine.policy.seats import TurnPolicies
from autonomy_game.engine.report import TurnReport, build_report
from autonomy_game.engine.report_words import order_split
from autonomy_game.engine.resolution import pct_limits
from autonomy_game.engine.state import OUTCOME_NAMES, OUTCOME_ONGOING, GameState, new_state
from autonomy_game.engine.streams import GameSeeds
from autonomy_game.engine.turn import (
    TurnStreams,
    close_council,
    council_phase,
    events_phase,
    finish_turn,
    orders_phase,
    turn_streams,
)
from autonomy_game.engine.world import World, build_world
from autonomy_game.scenario.model import DOMAINS, PROTECTIONS, Scenario

PHASES = ("events", "council", "orders", "report", "ended")
RETURNS = {"victory": 1.0, "partial": 0.5, "failure": 0.0, "defeat": -1.0}
OBJECTIVE_BONUS = 0.5


@dataclass
class VoteExplanation:
    """Why a state leans the way it does on one initiative: the utility's named terms."""

    state: str
    initiative: str
    vote: int
    terms: dict[str, float]

    @property
    def total(self) -> float:
        return sum(self.terms.values())


@dataclass(frozen=True)
class ChoiceRecord:
    """An event decision as the debrief tells it: who decided, which option, how."""

    turn: int
    event: str  # event id
    title: str
    decider: str  # member code, or "Council"
    option: str  # option id
    label: str
    by: str  # human | AI | policy | Council vote


@dataclass(frozen=True)
class OrderRecord:
    """A quarter's national orders as resolution paid them, game 0, per member [N]."""

    turn: int
    defence_pct: np.ndarray
    spent: np.ndarray
    european: np.ndarray  # € bn: European equipment, shells and shell capacity
    foreign: np.ndarray  # € bn: bought abroad
    materiel: np.ndarray  # € bn of materiel for Ukraine
    rounds: np.ndarray  # thousand rounds sent to Ukraine from stock


@dataclass(frozen=True)
class TurnCheckpoint:
    """Everything a game carries from one turn into the next, taken as the turn begins.

    The turn boundary (the top of `_start_turn`, before this turn's events fire) is where a
    game's transient state is simplest: the previous turn's Council session, orders, pending
    choices, evaluation context and report are finished with, and everything the coming turn
    builds (streams, events, session, orders) is derived from the state and the seed alone.
    So a game is this checkpoint plus the decisions logged since `decision_index`; a save
    stores it and loading replays one turn instead of the whole game. What is not here is
    rebuilt by the turn: the streams come from the seed and the turn number, `fired`,
    `pending`, `session`, `orders` and `report` are set by `_start_turn` and the phases after
    it, and `advisor`/`budget_terms` are only read in the orders phase, which recomputes them.
    """

    state: GameState  # a private copy, as the previous turn left it
    history: History
    reports: tuple[TurnReport, ...]
    last_votes: dict[str, dict[str, int]]  # the previous Council's ballots
    passed: tuple[str, ...]  # the previous Council's adopted initiatives
    decision_index: int  # game.decisions[decision_index:] were made during this turn


@dataclass(frozen=True)
class _Resume:
    """What `Game.restore` passes to the constructor instead of starting turn 1."""

    checkpoint: TurnCheckpoint
    decisions: Sequence[A.Action]
    world: World | None  # the scenario's world when the caller has built it already


@dataclass
class Game:
    scenario: Scenario
    seed: int
    humans: list[str]
    _: KW_ONLY
    # Seats played by a policy (seat code -> `ai`, `passive`, `random`, a doctrine path or a
    # Policy): they decide through the same phase code as in `simulate`.
    policies: Mapping[str, str | Policy] = field(default_factory=dict)
    # Games played in lockstep (one seed, one batch, as `run_policies` plays them): more than
    # one is for measurements without human seats; the report and `fired` follow game 0.
    batch: int = 1
    # The teacher's switch (`play --no-preview`): no decision preview in this game, whatever
    # the scenario allows (engine/preview.py).
    preview_off: bool = False
    # The scenario's world when the caller has built it already (saves building it again).
    prebuilt: InitVar[World | None] = None
    # Private: `Game.restore` resumes from a checkpoint and the decision log before it.
    _resume: InitVar[_Resume | None] = None
    world: World = field(init=False)
    state: GameState = field(init=False)
    history: History = field(init=False)
    decisions: list[A.Action] = field(default_factory=list, init=False)
    phase: str = field(default="events", init=False)
    pending: list[PendingChoice] = field(default_factory=list, init=False)
    fired: list[int] = field(default_factory=list, init=False)
    session: CouncilSession | None = field(default=None, init=False)
    # This turn's Council votes on events, by event id (shown in the event dialog).
    event_votes: dict[str, EventVote] = field(default_factory=dict, init=False)
    # Votes human seats cast on open Council-decided events: event -> seat -> option -> vote.
    event_ballots: dict[str, dict[str, dict[str, int]]] = field(default_factory=dict,
                                                               init=False)
    proposals: dict[str, str] = field(default_factory=dict, init=False)  # seat -> initiative
    # (seat, PESCO project) -> admitted: this quarter's requests to join (TEU 46(3))
    join_results: dict[tuple[str, str], bool] = field(default_factory=dict, init=False)
    # (seat, target, PESCO project) -> suspended: this quarter's suspension requests (46(4))
    suspension_results: dict[tuple[str, str, str], bool] = field(default_factory=dict,
                                                                 init=False)
    orders: Orders | None = field(default=None, init=False)
    advisor: Orders | None = field(default=None, init=False)
    budget_terms: dict[str, np.ndarray] = field(default_factory=dict, init=False)
    report: TurnReport | None = field(default=None, init=False)
    reports: list[TurnReport] = field(default_factory=list, init=False)
    last_votes: dict[str, dict[str, int]] = field(default_factory=dict, init=False)
    on_turn_end: Callable[[Game], None] | None = field(default=None, init=False)
    _streams: TurnStreams | None = field(default=None, init=False)
    _ctx: EvalContext | None = field(default=None, init=False)
    _before: GameState | None = field(default=None, init=False)
    checkpoint: TurnCheckpoint | None = field(default=None, init=False, repr=False)
    # The causal ledger of every quarter played in this session, by turn (causes.py). A game
    # restored from a save has the quarters since the restore only; `debrief.replay` rebuilds
    # them all from the decision log.
    quarters: dict[int, QuarterCauses] = field(default_factory=dict, init=False, repr=False)
    # What the debrief tells per seat (session-only, like `quarters`): event decisions and
    # each quarter's orders as paid.
    choices_made: list[ChoiceRecord] = field(default_factory=list, init=False, repr=False)
    order_records: dict[int, OrderRecord] = field(default_factory=dict, init=False, repr=False)
    decision_turns: list[int] = field(default_factory=list, init=False, repr=False)  # 0: unknown
    _causes: CauseLedger | None = field(default=None, init=False, repr=False)

    def __post_init__(self, prebuilt: World | None, _resume: _Resume | None) -> None:
        unknown = [h for h in self.humans if h not in self.scenario.members]
        if unknown:
            raise ValueError(f"not a member state in this scenario: {', '.join(unknown)}")
        both = sorted(set(self.humans) & set(self.policies))
        if both:
            raise ValueError(f"a seat is played by a human or a policy, not both: "
                             f"{', '.join(both)}")
        self._seat_policies = seat_policies(list(self.scenario.members), self.policies)
        self.policies = dict(self.policies)
        if self.batch < 1 or (self.batch > 1 and self.humans):
            raise ValueError("a batch of games has at least one game and no human seats")
        world = _resume.world if _resume is not None else prebuilt
        self.world = world if world is not None else build_world(self.scenario)
        self._seed_sequence = GameSeeds(self.seed)  # the live game is game 0 of its seed
        if _resume is None:
            self.state = new_state(self.world, self.batch)
            self.history = History()
            self.history.record(self.state)
        else:
            checkpoint = _resume.checkpoint
            self.state = checkpoint.state.copy()
            self.history = checkpoint.history.copy()
            self.reports = list(checkpoint.reports)
            self.last_votes = {k: dict(v) for k, v in checkpoint.last_votes.items()}
            self._passed = list(checkpoint.passed)
            self.decisions = list(_resume.decisions[:checkpoint.decision_index])
            self.decision_turns = [0] * len(self.decisions)
        self._start_turn()

    @classmethod
    def restore(cls, scenario: Scenario, seed: int, humans: list[str],
                checkpoint: TurnCheckpoint, decisions: Sequence[A.Action],
                world: World | None = None,
                policies: Mapping[str, str | Policy] | None = None) -> Game:
        """The game whose log is `decisions`, from a checkpoint of its current turn: only the
        decisions from `checkpoint.decision_index` on are replayed. The checkpoint is trusted
        (saves.py validates a save file's snapshot first); IllegalAction if a decision fails.
        `world` must be `build_world(scenario)` if given (it saves building it twice)."""
        game = cls(scenario, seed, humans, policies=dict(policies or {}),
                   _resume=_Resume(checkpoint, decisions, world))
        for action in decisions[checkpoint.decision_index:]:
            game.apply(action)
        return game

    # -- queries --------------------------------------------------------------------------------

    @property
    def turn(self) -> int:
        """The turn being played (1-based); after the end, the last turn played."""
        return self.state.turn + (0 if self.phase in ("report", "ended") else 1)

    @property
    def held(self) -> frozenset[str]:
        """The human seats that hold this turn (A.Hold: their advisor decides)."""
        return frozenset(self._held)

    @property
    def human_mask(self) -> np.ndarray:
        return np.array([c in self.humans for c in self.world.codes], bool)

    @property
    def ongoing(self) -> bool:
        """Whether a game of the batch is still being played."""
        return bool((self.state.outcome == OUTCOME_ONGOING).any())

    @property
    def outcome(self) -> str:
        return OUTCOME_NAMES[int(self.state.outcome[0])]

    def index(self, code: str) -> int:
        if code not in self.world.codes:
            raise A.IllegalAction(f"{code} is not a member state in this scenario")
        return self.world.codes.index(code)

    def agenda(self) -> list[str]:
        if self.session is None:
            return []
        return [self.world.initiative_ids[i] for i in np.flatnonzero(self.session.agenda[0])]

    def pesco_requests(self, seat: str) -> tuple[list[str], list[tuple[str, str]]]:
        """What a seat's Council screen lists after adoption, for every front end: the
        adopted PESCO projects it may ask to join (TEU 46(3)) and the (participant, project)
        pairs it may ask to suspend (TEU 46(4)), each with this quarter's requests kept in
        the list so their answers (`join_results`, `suspension_results`) show in place."""
        if self.phase != "council" or seat not in self.humans:
            return [], []
        legal = self.legal_actions(seat)
        joins = {a.initiative for a in legal if isinstance(a, A.JoinProject)}
        joins |= {iid for (s, iid) in self.join_results if s == seat}
        cuts = {(a.target, a.initiative) for a in legal if isinstance(a, A.SuspendFromProject)}
        cuts |= {(t, iid) for (s, t, iid) in self.suspension_results if s == seat}
        ids, codes = self.world.initiative_ids, self.world.codes
        return (sorted(joins, key=ids.index),
                sorted(cuts, key=lambda k: (ids.index(k[1]), codes.index(k[0]))))

    def vote_intentions(self, initiative: str) -> list[VoteExplanation]:
        """Each member's current stance on an initiative, with the reasons."""
        if self.session is None:
            raise A.IllegalAction("the Council is not in session")
        i = self.world.initiative_ids.index(initiative)
        try:
            c = self.session.column(i)
        except ValueError as error:
            raise A.IllegalAction(str(error)) from None
        terms = self.session.terms(self.world, self.state)
        votes = self.session.votes(self.world, self.state)
        return [
            VoteExplanation(code, initiative, int(votes[0, n, i]),
                            {t: float(terms[t][0, n, c]) for t in TERMS})
            for n, code in enumerate(self.world.codes)
        ]

    def projected_result(self, initiative: str) -> bool:
        if self.session is None:
            return False
        i = self.world.initiative_ids.index(initiative)
        return bool(self.session.passes(self.world, self.state)[0, i])

    def advisor_option(self, event: str) -> str:
        """The option the advisor (the AI's scoring) would take for an open event choice:
        what a facilitator's forced close or an absent group falls back on."""
        for p in self.pending:
            ev = self.world.events[p.event]
            if ev.id == event:
                return ev.choices[int(choice_scores(ev, self._ctx, p.mask).argmax(axis=1)[0])].id
        raise A.IllegalAction(f"no open decision for event '{event}'")

    @property
    def preview_allowed(self) -> bool:
        """Whether the decision preview may be used: the scenario allows it (`preview`) and
        the teacher has not switched it off."""
        return self.scenario.preview and not self.preview_off

    @property
    def previews(self) -> list[A.Preview]:
        """Every decision preview asked for, in order (the debrief reports them)."""
        return [a for a in self.decisions if isinstance(a, A.Preview)]

    def objectives_status(self) -> dict[str, bool]:
        met = objectives_met(self.world, EvalContext(self.state, self.world))
        return {c: bool(met[0, k]) for k, c in enumerate(self.world.objective_codes)}

    def budget_limits(self, seat: str) -> tuple[float, float]:
        low, high = pct_limits(self.world, self.state)
        n = self.index(seat)
        return float(low[0, n]), float(high[0, n])

    def discretionary(self, seat: str, pct: float | None = None) -> float:
        """€ bn a seat can spend on orders this quarter at a given defence % GDP."""
        n = self.index(seat)
        if pct is None:
            source = self.orders.target_pct if self.orders is not None else self.state.defence_pct
            pct = float(source[0, n])
        at = self.state.defence_pct.copy()
        at[0, n] = float(pct)
        return float(discretionary(self.world, self.state, at)[0, n])

    def order_spending(self, seat: str) -> float:
        if self.orders is None:
            return 0.0
        n = self.index(seat)
        total = float(self.orders.money()[0, n])
        total += sum(a for p, _, a in self.orders.transfers if p == n)
        return total

    # -- legal actions --------------------------------------------------------------------------

    def legal_actions(self, seat: str | None = None) -> list[A.Action]:
        """A representative set of legal actions for a seat now: every kind a human has on
        screen, amounts on a coarse grid (budget at five levels, about a tenth of the
        seat's money for each order line, one capital point to persuade, a twentieth of the
        money to pay), plus `Hold` for each human seat that has not held this turn."""
        if self.phase == "ended":
            return []
        result: list[A.Action] = []
        seats = [seat] if seat else list(self.humans)
        holds = [A.Hold(s) for s in seats
                 if s in self.humans and (self.phase == "report" or s not in self._held)]
        if self.phase == "events":
            for p in self.pending:
                ev = self.world.events[p.event]
                result += [A.ChooseOption(ev.id, c.id) for c in ev.choices]
                if is_council_vote(ev):  # each human seat votes on each option itself
                    result += [A.VoteOnOption(s, ev.id, c.id, v) for s in seats
                               if s in self.humans for c in ev.choices[:-1]
                               for v in (1, 0, -1)]
                    result.append(A.CallVote(ev.id))
            if not self.pending:
                result.append(A.EndPhase())
            return result + holds
        result.append(A.EndPhase())
        for s in seats:
            if s not in self.humans:
                continue
            if self.phase == "council":
                result += self._council_actions(s)
            elif self.phase == "orders":
                result += self._order_actions(s)
        return result + holds

    def _council_actions(self, seat: str) -> list[A.Action]:
        result: list[A.Action] = []
        open_now = proposable(self.world, self.state)[0]
        agenda = self.session.agenda[0] if self.session else np.zeros(0, bool)
        if seat not in self.proposals:
            result += [A.Propose(seat, iid) for i, iid in enumerate(self.world.initiative_ids)
                       if open_now[i] and not agenda[i]]
        n = self.index(seat)
        capital = float(self.state.capital[0, n])
        for i in np.flatnonzero(joinable(self.world, self.state, n)[0]):
            if (seat, self.world.initiative_ids[i]) not in self.join_results:
                result.append(A.JoinProject(seat, self.world.initiative_ids[i]))
        failing = ~meets_commitments(self.world, self.state)[0]
        for i in np.flatnonzero(self.world.rules.kind == treaty.PESCO_PROJECT):
            members = self.state.initiative_participants_mask[0, i]
            if not members[n]:
                continue
            for t in np.flatnonzero(members & failing):
                key = (seat, self.world.codes[t], self.world.initiative_ids[i])
                if t != n and key not in self.suspension_results:
                    result.append(A.SuspendFromProject(*key))
        room = self.discretionary(seat, float(self.state.defence_pct[0, n]))
        room -= sum(a for p, _, a in self._transfers if p == n)
        payment = round(max(room * 0.05, 0.01), 3)
        for iid in self.agenda():
            i = self.world.initiative_ids.index(iid)
            if eligible(self.world)[n, i]:
                result += [A.Vote(seat, iid, v) for v in allowed_votes(self.world, i)]
            for target in self.world.codes:
                if target == seat:
                    continue
                if capital >= 1:
                    result.append(A.Persuade(seat, target, iid, 1.0))
                if room >= payment:
                    result.append(A.SidePayment(seat, target, iid, payment))
        return result

    def _order_actions(self, seat: str) -> list[A.Action]:
        low, high = self.budget_limits(seat)
        result: list[A.Action] = [A.SetDefencePct(seat, round(x, 2))
                                  for x in np.linspace(low, high, 5)]
        money = self.discretionary(seat)
        tenth = round(money * 0.1, 3)
        for d in DOMAINS:
            for european in (True, False):
                result.append(A.Procure(seat, d, european, tenth))
        result += [A.BuyShells(seat, european, tenth) for european in (True, False)]
        result.append(A.InvestIndustry(seat, round(money * 0.05, 3)))
        n = self.index(seat)
        result.append(A.AidUkraine(seat, round(float(self.state.ammunition[0, n]) * 0.2, 3),
                                   round(money * 0.05, 3)))
        result += [A.AidPriority(seat, share) for share in (1.0, 0.0)]
        small = round(money * 0.02, 3)
        for hub in self.world.hub_ids:
            result += [A.Protect(seat, hub, kind, small) for kind in PROTECTIONS]
        result += [A.InvestCorridor(seat, c, small) for c in self.world.corridor_ids]
        return result

    # -- outcomes for researchers ---------------------------------------------------------------

    def returns(self) -> dict[str, float]:
        """Each member's return for game 0 (OpenSpiel style), on this scale: victory 1,
        partial victory 0.5, failure 0, defeat -1 (shared by every seat: the Union wins or
        loses together), plus 0.5 for a seat whose secret objective is met. Zeros while the
        game is being played."""
        outcome = self.outcome
        if outcome == "ongoing":
            return {code: 0.0 for code in self.world.codes}
        base = RETURNS[outcome]
        met = self.objectives_status()
        return {code: base + (OBJECTIVE_BONUS if met.get(code, False) else 0.0)
                for code in self.world.codes}

    # -- applying actions -----------------------------------------------------------------------

    def apply(self, action: A.Action) -> None:
        """Check and apply one action; raises IllegalAction (nothing changes) when not allowed."""
        handler = getattr(self, f"_do_{action.kind}", None)
        if handler is None:
            raise A.IllegalAction(f"unknown action {action.kind}")
        if self.phase == "ended":
            raise A.IllegalAction("the game is over")
        A.check_values(action)  # finite, bounded numbers and clean texts (engine/untrusted.py)
        self.decisions.append(action)  # logged first, so a save made during it is complete
        self.decision_turns.append(self.turn)
        try:
            handler(action)
        except BaseException:
            self.decisions.pop()
            self.decision_turns.pop()
            raise

    def advance(self) -> None:
        self.apply(A.EndPhase())

    def _seat(self, seat: str) -> int:
        n = self.index(seat)
        if seat not in self.humans:
            raise A.IllegalAction(f"{seat} is played by the AI")
        return n

    def _require(self, phase: str) -> None:
        if self.phase != phase:
            raise A.IllegalAction(f"that is done in the {phase} phase, not the {self.phase} phase")

    def _do_end_phase(self, action: A.EndPhase) -> None:
        if self.phase == "events":
            if self.pending:
                raise A.IllegalAction("decide the open events first")
            self._open_council()
        elif self.phase == "council":
            self._close_council()
        elif self.phase == "orders":
            self._resolve()
        elif self.phase == "report":
            self._start_turn()

    def _do_hold(self, action: A.Hold) -> None:
        self._seat(action.seat)
        if self.phase == "report":
            self._start_turn()
            if self.phase == "ended":
                return
        if action.seat in self._held:
            raise A.IllegalAction(f"{action.seat} already holds this quarter")
        self._held.add(action.seat)
        everyone = set(self.humans) <= self._held
        for p in list(self.pending):  # the advisor's option for the held seats' events
            decider = self.world.codes[p.decider] if p.decider >= 0 else None
            ev = self.world.events[p.event]
            if decider is None and everyone and is_council_vote(ev):
                # The Council votes: human seats as they voted, the advisor's elsewhere.
                self._settle_council_event(p, None, "AI (seat held)")
            elif (decider in self._held) or (decider is None and everyone):
                picks = apply_ai_choice(ev, self._ctx, p.mask)
                self._record_choice(p.event, int(picks[0]), "AI (seat held)")
                self.pending.remove(p)
                update_indicators(self.world, self.state)
        while everyone and self.phase in ("events", "council", "orders"):
            self._do_end_phase(A.EndPhase())

    def _do_preview(self, action: A.Preview) -> None:
        """Log a look at a decision's futures; the futures themselves are played outside the
        game (engine/preview.py), so replaying a log never plays them again."""
        if not self.preview_allowed:
            raise A.IllegalAction("the decision preview is switched off in this game")
        if self.phase not in ("events", "council", "orders"):
            raise A.IllegalAction("a preview is for an open decision: an event, a vote or "
                                  "the orders")
        if action.turn != self.turn:
            raise A.IllegalAction(f"this is turn {self.turn}, not {action.turn}")
        if action.seat:
            self._seat(action.seat)
        kind, _, name = action.subject.partition(":")
        if not (action.subject == "orders" or (kind in ("event", "vote") and name)):
            raise A.IllegalAction("a preview's subject is event:ID, vote:ID or orders")

    def _do_choose(self, action: A.ChooseOption) -> None:
        self._require("events")
        for k, p in enumerate(self.pending):
            ev = self.world.events[p.event]
            if ev.id == action.event:
                ids = [c.id for c in ev.choices]
                if action.option not in ids:
                    raise A.IllegalAction(f"'{action.option}' is not an option of {ev.id}")
                option = ids.index(action.option)
                if is_council_vote(ev):
                    # The table's pick is the vote of its seats that cast none themselves.
                    self._settle_council_event(p, option)
                    return
                apply_choice(ev, option, self._ctx, p.mask)
                self._record_choice(p.event, option, "human")
                del self.pending[k]
                update_indicators(self.world, self.state)
                return
        raise A.IllegalAction(f"no open decision for event '{action.event}'")

    def _do_inject(self, action: A.FireInject) -> None:
        """An inject of the scenario's script, fired by the facilitator during a turn."""
        if self.phase not in ("events", "council", "orders"):
            raise A.IllegalAction(f"an inject is fired during a turn, not in the {self.phase} "
                                  "phase")
        found = [ev for ev in self.world.injects if ev.id == action.inject]
        if not found:
            raise A.IllegalAction(f"no inject '{action.inject}' in this scenario")
        ev = found[0]
        ids = [c.id for c in ev.choices]
        if ids and action.option not in ids:
            raise A.IllegalAction(f"inject {ev.id} needs one of its options: {', '.join(ids)}")
        if not ids and action.option:
            raise A.IllegalAction(f"inject {ev.id} has no options")
        if any(a.inject == ev.id for a in self.decisions[:-1] if isinstance(a, A.FireInject)):
            raise A.IllegalAction(f"inject {ev.id} was fired already")
        for statement in ev.effects:
            statement.execute(self._ctx, None)
        if ids:
            apply_choice(ev, ids.index(action.option), self._ctx)
        update_indicators(self.world, self.state)

    def _council_event(self, event: str) -> tuple[PendingChoice, int]:
        """The open Council-decided event `event` and its index; IllegalAction otherwise."""
        self._require("events")
        for p in self.pending:
            ev = self.world.events[p.event]
            if ev.id == event:
                if not is_council_vote(ev):
                    raise A.IllegalAction(f"'{event}' is not decided by a Council vote")
                return p, p.event
        raise A.IllegalAction(f"no open decision for event '{event}'")

    def _do_option_vote(self, action: A.VoteOnOption) -> None:
        self._seat(action.seat)
        _, e = self._council_event(action.event)
        ids = [c.id for c in self.world.events[e].choices]
        if action.option not in ids[:-1]:
            raise A.IllegalAction(f"'{action.option}' is not an option put to the vote "
                                  f"(the last, '{ids[-1]}', is what stands if none carries)")
        if action.vote not in (1, 0, -1):
            raise A.IllegalAction("a vote is 1 (yes), 0 (abstain) or -1 (no)")
        cast = self.event_ballots.setdefault(action.event, {}).setdefault(action.seat, {})
        cast[action.option] = action.vote

    def _do_call_vote(self, action: A.CallVote) -> None:
        p, _ = self._council_event(action.event)
        self._settle_council_event(p, None)

    def _ballots(self, e: int) -> dict[int, dict[int, int]]:
        """The votes human seats cast on event `e`, by member and option index."""
        ev = self.world.events[e]
        ids = [c.id for c in ev.choices]
        return {self.index(seat): {ids.index(o): v for o, v in cast.items()}
                for seat, cast in self.event_ballots.get(ev.id, {}).items()}

    def preview_event_vote(self, event: str) -> EventVote:
        """How the Council would vote on an open event now (human seats as they voted, the
        advisor's stance where they did not): nothing is applied."""
        _, e = self._council_event(event)
        return event_vote(self.world, self._ctx, self.world.events[e], self.human_mask,
                          None, self._ballots(e))

    def _settle_council_event(self, p: PendingChoice, pick: int | None,
                              by: str = "human") -> None:
        """Count the Council's vote on an open event under its rule and apply what carried."""
        ev = self.world.events[p.event]
        vote = event_vote(self.world, self._ctx, ev, self.human_mask, pick,
                          self._ballots(p.event))
        self.event_votes[ev.id] = vote
        self._ctx.messages.append((np.ones(1, bool), vote_message(self.world, ev, vote)))
        apply_choice(ev, int(vote.picks[0]), self._ctx, p.mask)
        self._record_choice(p.event, int(vote.picks[0]), by)
        self.pending.remove(p)
        update_indicators(self.world, self.state)

    def _record_choice(self, e: int, option: int, by: str) -> None:
        ev = self.world.events[e]
        decider = self.world.codes[ev.decider] if ev.decider >= 0 else "Council"
        choice = ev.choices[option]
        self.choices_made.append(ChoiceRecord(self.state.turn + 1, ev.id, ev.title, decider,
                                              choice.id, choice.label, by))

    def _initiative(self, iid: str) -> int:
        if iid not in self.world.initiative_ids:
            raise A.IllegalAction(f"unknown initiative '{iid}'")
        return self.world.initiative_ids.index(iid)

    def _do_suspend(self, action: A.SuspendFromProject) -> None:
        self._require("council")
        n = self._seat(action.seat)
        t = self.index(action.target)
        i = self._initiative(action.initiative)
        key = (action.seat, action.target, action.initiative)
        if key in self.suspension_results:
            raise A.IllegalAction(f"{action.seat} has already asked that this quarter")
        if self.world.rules.kind[i] != treaty.PESCO_PROJECT:
            raise A.IllegalAction("only a PESCO project's participants can suspend a member")
        members = self.state.initiative_participants_mask[0, i]
        if not members[n] or not members[t] or n == t:
            raise A.IllegalAction(f"both {action.seat} and {action.target} must take part in "
                                  "the project, and they must differ")
        if meets_commitments(self.world, self.state)[0, t]:
            raise A.IllegalAction(f"{action.target} still meets the commitments (its defence "
                                  "spending has not fallen below where it started)")
        # The other participants, human seats included, vote as their advisor would.
        suspended = suspend_from_project(self.world, self.state, i, t, n)
        self.suspension_results[key] = bool(suspended[0])

    def _do_propose(self, action: A.Propose) -> None:
        self._require("council")
        self._seat(action.seat)
        i = self._initiative(action.initiative)
        if action.seat in self.proposals:
            raise A.IllegalAction(f"{action.seat} has already tabled a proposal this quarter")
        if not proposable(self.world, self.state)[0, i]:
            raise A.IllegalAction("that initiative cannot be proposed now")
        if self.session.agenda[0, i]:
            raise A.IllegalAction("that initiative is already on the agenda")
        self.session.agenda[0, i] = True
        self.proposals[action.seat] = action.initiative
        self._default_human_votes()

    def _do_vote(self, action: A.Vote) -> None:
        self._require("council")
        n = self._seat(action.seat)
        i = self._initiative(action.initiative)
        if not self.session.agenda[0, i]:
            raise A.IllegalAction("that initiative is not on the agenda")
        if action.vote not in allowed_votes(self.world, i):
            raise A.IllegalAction("a vote is 1 (yes), 0 (abstain) or -1 (no); 2 (abstain "
                                  "constructively) only under unanimity")
        if not eligible(self.world)[n, i] and action.vote != ABSTAIN:
            raise A.IllegalAction(f"{action.seat} cannot take part in this initiative")
        self.session.human_votes[0, n, i] = action.vote
        self._voted[n, i] = True

    def _do_join(self, action: A.JoinProject) -> None:
        self._require("council")
        n = self._seat(action.seat)
        i = self._initiative(action.initiative)
        if (action.seat, action.initiative) in self.join_results:
            raise A.IllegalAction(f"{action.seat} has already asked to join it this quarter")
        if not joinable(self.world, self.state, n)[0, i]:
            raise A.IllegalAction("only a PESCO state outside an adopted PESCO project, not "
                                  "yet delivered, can ask to join it")
        admitted = admit_to_project(self.world, self.state, i, n)
        self.join_results[(action.seat, action.initiative)] = bool(admitted[0])

    def _do_persuade(self, action: A.Persuade) -> None:
        self._require("council")
        n = self._seat(action.seat)
        t = self.index(action.target)
        i = self._initiative(action.initiative)
        if t == n:
            raise A.IllegalAction("persuade another state")
        if not 0 < action.capital <= float(self.state.capital[0, n]) + 1e-9:
            raise A.IllegalAction(f"{action.seat} has {self.state.capital[0, n]:.1f} political "
                                  "capital")
        self.state.capital[0, n] -= action.capital
        self.session.add_bonus(t, i, action.capital * self.world.params["persuasion_effect"])

    def _do_pay(self, action: A.SidePayment) -> None:
        self._require("council")
        n = self._seat(action.seat)
        t = self.index(action.target)
        i = self._initiative(action.initiative)
        if t == n or action.amount <= 0:
            raise A.IllegalAction("pay a positive amount to another state")
        room = self.discretionary(action.seat, float(self.state.defence_pct[0, n]))
        already = sum(a for p, _, a in self._transfers if p == n)
        if already + action.amount > room + 1e-9:
            raise A.IllegalAction(f"{action.seat} can pay at most €{room - already:.2f} bn more")
        self._transfers.append((n, t, action.amount))
        budget = max(float(self.state.budget[0, t]), 1e-6)
        self.session.add_bonus(t, i, self.world.params["payment_effect"] * action.amount / budget)

    def _do_budget(self, action: A.SetDefencePct) -> None:
        self._require("orders")
        n = self._seat(action.seat)
        low, high = self.budget_limits(action.seat)
        if not low - 1e-9 <= action.pct <= high + 1e-9:
            raise A.IllegalAction(f"{action.seat} can set between {low:.2f} % and {high:.2f} % "
                                  "of GDP this quarter")
        self.orders.target_pct[0, n] = action.pct
        # A lower budget shrinks this seat's money orders proportionally rather than refusing.
        room, spending = self.discretionary(action.seat), self.order_spending(action.seat)
        if spending > room:
            factor = np.ones((1, len(self.world.codes)))
            factor[0, n] = room / spending
            self.orders.scale_money(factor)
            self.orders.transfers = [(p, t, a * (factor[0, n] if p == n else 1.0))
                                     for p, t, a in self.orders.transfers]

    def _set_money(self, seat: str, array: np.ndarray, index: tuple, amount: float) -> None:
        if amount < 0 or not np.isfinite(amount):
            raise A.IllegalAction("amounts cannot be negative")
        old = float(array[index])
        array[index] = amount
        try:
            self._check_money(seat)
        except A.IllegalAction:
            array[index] = old
            raise

    def _check_money(self, seat: str) -> None:
        room = self.discretionary(seat)
        spending = self.order_spending(seat)
        if spending > room + 1e-6:
            raise A.IllegalAction(f"{seat} would spend €{spending:.2f} bn of €{room:.2f} bn "
                                  "available this quarter")

    def _do_procure(self, action: A.Procure) -> None:
        self._require("orders")
        n = self._seat(action.seat)
        if action.domain not in DOMAINS:
            raise A.IllegalAction(f"unknown capability domain '{action.domain}'")
        origin = EUROPEAN if action.european else FOREIGN
        self._set_money(action.seat, self.orders.procure,
                        (0, origin, DOMAINS.index(action.domain), n), action.amount)

    def _do_shells(self, action: A.BuyShells) -> None:
        self._require("orders")
        n = self._seat(action.seat)
        origin = EUROPEAN if action.european else FOREIGN
        self._set_money(action.seat, self.orders.shells, (0, n, origin), action.amount)

    def _do_industry(self, action: A.InvestIndustry) -> None:
        self._require("orders")
        n = self._seat(action.seat)
        self._set_money(action.seat, self.orders.industry, (0, n), action.amount)

    def _do_aid(self, action: A.AidUkraine) -> None:
        self._require("orders")
        n = self._seat(action.seat)
        stock = float(self.state.ammunition[0, n])
        if not 0 <= action.rounds <= stock + 1e-9:
            raise A.IllegalAction(f"{action.seat} holds {stock:.0f} thousand rounds")
        old_rounds = float(self.orders.aid_rounds[0, n])
        self.orders.aid_rounds[0, n] = action.rounds
        try:
            self._set_money(action.seat, self.orders.aid_materiel, (0, n), action.materiel)
        except A.IllegalAction:
            # A refused action is dropped from the log, so it must leave no trace either:
            # otherwise the game and its replay (a loaded save) differ.
            self.orders.aid_rounds[0, n] = old_rounds
            raise

    def _do_aid_priority(self, action: A.AidPriority) -> None:
        self._require("orders")
        n = self._seat(action.seat)
        if not 0.0 <= action.shells_first <= 1.0:
            raise A.IllegalAction("shells_first is a share from 0 (all cargo in proportion) "
                                  "to 1 (shells before materiel)")
        self.orders.aid_shells_first[:, n] = action.shells_first

    def _do_protect(self, action: A.Protect) -> None:
        self._require("orders")
        n = self._seat(action.seat)
        if action.hub not in self.world.hub_ids:
            raise A.IllegalAction(f"unknown hub '{action.hub}'")
        if action.protection not in PROTECTIONS:
            raise A.IllegalAction(f"protection is one of {', '.join(PROTECTIONS)}")
        index = (0, n, self.world.hub_ids.index(action.hub), PROTECTIONS.index(action.protection))
        self._set_money(action.seat, self.orders.protect, index, action.amount)

    def _do_corridor(self, action: A.InvestCorridor) -> None:
        self._require("orders")
        n = self._seat(action.seat)
        if action.corridor not in self.world.corridor_ids:
            raise A.IllegalAction(f"unknown corridor '{action.corridor}'")
        index = (0, n, self.world.corridor_ids.index(action.corridor))
        self._set_money(action.seat, self.orders.corridor, index, action.amount)

    # -- phase machinery ------------------------------------------------------------------------

    def _start_turn(self) -> None:
        self._held: set[str] = set()  # seats that hold this turn (A.Hold)
        if not self.ongoing:
            self.phase = "ended"
            return
        self.checkpoint = TurnCheckpoint(
            self.state.copy(), self.history.copy(), tuple(self.reports),
            {k: dict(v) for k, v in self.last_votes.items()}, tuple(self.passed_this_turn),
            len(self.decisions),  # the EndPhase that led here is already logged
        )
        self._before = self.state.copy()
        self._causes = attach(self.world, self.state)
        self._streams = turn_streams(self._seed_sequence, self.state.turn)
        self._players = TurnPolicies.for_turn(
            self.world, self.state, self._streams,
            {n: policy for n, (_, policy) in self._seat_policies.items()})
        picks = np.full((self.batch, len(self.world.events)), -1)
        opening = events_phase(self.world, self.state, self._streams, self._players,
                               self.human_mask, choices=picks)
        self._ctx, self.pending = opening.ctx, opening.pending
        self.fired = [int(e) for e in np.flatnonzero(opening.fired[0])]
        for e in self.fired:
            if picks[0, e] >= 0:
                ev = self.world.events[e]
                decider = self.world.codes[ev.decider] if ev.decider >= 0 else None
                by = ("policy" if decider in self.policies
                      else "Council vote" if decider is None else "AI")
                self._record_choice(e, int(picks[0, e]), by)
        self.event_votes = {}
        self.event_ballots = {}
        self.session = None
        self.proposals = {}
        self.join_results = {}
        self.suspension_results = {}
        self._transfers: list[tuple[int, int, float]] = []
        self.orders = None
        self.report = None
        self.phase = "events"

    def _open_council(self) -> None:
        self.session = council_phase(self.world, self.state, self._streams, self._players,
                                     self.human_mask)
        self._voted = np.zeros((len(self.world.codes), len(self.world.initiative_ids)), bool)
        self._default_human_votes()
        self.phase = "council"

    def _default_human_votes(self) -> None:
        """Human seats start from their advisor's intention; they may change it. (Seats of
        policies keep the votes their policy cast.)"""
        advice = np.zeros_like(self.session.human_votes)
        advice[:, :, self.session.columns] = self.session.intentions(self.world, self.state)
        keep = self._voted | ~self.human_mask[:, None]
        self.session.human_votes = np.where(keep[None], self.session.human_votes,
                                            advice).astype(np.int8)

    def _close_council(self) -> None:
        agenda = self.agenda()
        votes = self.session.votes(self.world, self.state)
        passed = close_council(self.world, self.state, self.session)
        self.last_votes = {
            iid: {c: int(votes[0, n, self.world.initiative_ids.index(iid)])
                  for n, c in enumerate(self.world.codes)}
            for iid in agenda
        }
        self._passed = [self.world.initiative_ids[i] for i in np.flatnonzero(passed[0])]
        # No indicator refresh here: as in a batch, the orders and resolution read the
        # indicators as the quarter's news left them (engine.turn).
        orders, advisor, self.budget_terms = orders_phase(
            self.world, self.state, self._streams, self._players, self._transfers)
        self.advisor = advisor if advisor is not None else orders.copy()
        self.advisor.transfers = []
        humans = self.human_mask
        if humans.any():  # editable per-hub and per-corridor orders for the human seats only
            for o in (self.advisor, orders):
                o.densify(self.world.owned_hub_share, self.world.owned_corridor_share, humans)
        self.orders = orders
        self._fit_after_payments()
        self.phase = "orders"

    def _fit_after_payments(self) -> None:
        """A human seat that promised side payments in the Council starts its orders from
        the advisor's, shrunk in proportion to fit the money the payments leave."""
        factor = np.ones((1, len(self.world.codes)))
        for seat in self.humans:
            n = self.index(seat)
            paid = sum(a for p, _, a in self._transfers if p == n)
            if not paid:
                continue
            allowed = max(self.discretionary(seat) - paid, 0.0)
            wanted = float(self.orders.money()[0, n])
            if wanted > allowed:
                factor[0, n] = allowed / wanted
        if (factor < 1).any():
            for o in (self.advisor, self.orders):
                o.scale_money(factor)

    def _resolve(self) -> None:
        ledger = finish_turn(self.world, self.state, self.orders, self._ctx)
        european, foreign, materiel = order_split(self.orders, ledger)
        self.order_records[self.state.turn] = OrderRecord(
            self.state.turn, self.state.defence_pct[0].copy(), self.state.spent[0].copy(),
            european, foreign, materiel, self.state.aid_sent[0].copy())
        if self._causes is not None:
            self.quarters[self.state.turn] = self._causes.close()
            self._causes = None
        self.history.record(self.state)
        self.report = build_report(self, ledger)
        self.reports.append(self.report)
        self.phase = "report" if self.ongoing else "ended"
        if self.on_turn_end is not None:
            self.on_turn_end(self)

    @property
    def passed_this_turn(self) -> list[str]:
        return list(getattr(self, "_passed", []))

    @property
    def before(self) -> GameState | None:
        return self._before


def default_step(game: Game) -> None:
    """One step with the advisor's defaults: take the first option of an open event, or
    close the phase. Tests, tools and screenshots drive games with it."""
    if game.phase == "events" and game.pending:
        ev = game.world.events[game.pending[0].event]
        game.apply(A.ChooseOption(ev.id, ev.choices[0].id))
    else:
        game.advance()


def advance_to(game: Game, phase: str, max_steps: int = 50) -> bool:
    """Step with defaults until the game is in `phase`; False if it ended first."""
    for _ in range(max_steps):
        if game.phase == phase:
            return True
        if game.phase == "ended":
            return False
        default_step(game)
    return game.phase == phase


def play_to_end(game: Game, until_turn: int | None = None, max_steps: int = 100_000) -> None:
    """Drive a game with its advisor's defaults on every human seat (for tests and tools).

    Human event choices take the first option. Stops at the end, or once `until_turn` turns
    are resolved.
    """
    for _ in range(max_steps):
        if game.phase == "ended" or (until_turn is not None and game.state.turn >= until_turn):
            return
        default_step(game)
    raise RuntimeError("game did not end")
