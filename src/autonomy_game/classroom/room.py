"""The class in session: one authoritative `Game` plus what a class adds around it.

`Classroom` owns the game on the teacher's laptop and everything the network must not own:
which team plays which seat (join codes), who is connected and ready, the phase timer, AI
take-over, the message log, offers between states and the injects the teacher fires. It
changes the game only through engine actions (`Game.apply`), exactly as the pygame front end
and the AI do, so a class's save replays like any other. It knows nothing of HTTP: the server
(`server.py`) calls `join`, `team_request` and `teacher_request` with parsed JSON and sends
back the views (`views.py`). Every method holds one lock: the room view (pygame, main thread)
and the server (its own thread) read and write the same object.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from autonomy_game.classroom.codes import new_code
from autonomy_game.classroom.log import ClassLog, Offer
from autonomy_game.classroom.requests import (
    RequestError,
    engine_action,
    phase_token,
    text_field,
)
from autonomy_game.engine import actions as A
from autonomy_game.engine.council import eligible
from autonomy_game.engine.game import Game

DEFAULT_SECONDS = {"events": 180, "council": 600, "orders": 420, "report": 180}
MAX_EXTEND_S = 3600


@dataclass
class Team:
    """One group of students and the seat it plays."""

    seat: str
    code: str
    connections: int = 0
    ready: bool = False
    ai: bool = False  # taken over by the AI (an absent group); handed back by the teacher

    @property
    def connected(self) -> bool:
        return self.connections > 0


@dataclass
class Timer:
    """The countdown of the current phase; paused time does not count."""

    seconds: float = 0.0  # 0: no countdown
    started: float = 0.0
    paused_at: float | None = None

    def left(self, now: float) -> float | None:
        if self.seconds <= 0:
            return None
        end = self.started + self.seconds
        at = self.paused_at if self.paused_at is not None else now
        return max(end - at, 0.0)


@dataclass
class Classroom:
    game: Game
    teams: dict[str, Team] = field(default_factory=dict)
    teacher_code: str = ""
    log: ClassLog = field(default_factory=ClassLog)
    started: bool = False
    paused: bool = False
    reveal_ai: bool = False
    auto_advance: bool = True  # close the phase when every active team is ready
    phase_seconds: dict[str, int] = field(default_factory=lambda: dict(DEFAULT_SECONDS))
    timer: Timer = field(default_factory=Timer)
    table_picks: dict[str, dict[str, str]] = field(default_factory=dict)  # event -> seat -> id
    clock: Callable[[], float] = time.monotonic
    on_phase: Callable[[Classroom], None] | None = None  # autosave hook
    version: int = 0
    lock: threading.RLock = field(default_factory=threading.RLock, repr=False)

    @classmethod
    def create(cls, game: Game, **kwargs: Any) -> Classroom:
        """A new class: a random join code for each human seat and one for the teacher, all
        different from each other (codes.py)."""
        used: set[str] = set()
        room = cls(game, **kwargs)
        for seat in game.humans:
            room.teams[seat] = Team(seat, new_code(used))
        room.teacher_code = new_code(used, length=8)
        return room

    # -- joining ----------------------------------------------------------------------------

    def join(self, code: Any) -> tuple[str, str | None]:
        """("team", seat) or ("teacher", None) for a valid code; RequestError otherwise."""
        if not isinstance(code, str) or not 1 <= len(code) <= 16:
            raise RequestError("a join code is 4 to 16 letters")
        code = code.strip().upper()
        with self.lock:
            if code == self.teacher_code:
                return "teacher", None
            for team in self.teams.values():
                if team.code == code:
                    return "team", team.seat
        raise RequestError("unknown join code")

    def connect(self, seat: str, delta: int) -> None:
        with self.lock:
            team = self.teams[seat]
            team.connections = max(team.connections + delta, 0)
            self._changed()

    # -- teams ------------------------------------------------------------------------------

    def team_request(self, seat: str, request: dict[str, Any]) -> str:
        """Carry out one request of the team playing `seat`; returns a short confirmation.
        RequestError (nothing changed) when it is malformed, stale, for another seat or not
        allowed now; the engine's IllegalAction message is passed on as it is."""
        kind = request.get("type")
        with self.lock:
            team = self.teams[seat]
            token = request.get("phase")
            if token is not None and token != phase_token(self.game):
                raise RequestError(f"stale request: the game is now in "
                                   f"{self._phase_words()}; your page has been refreshed")
            if kind == "message":
                return self._message(seat, request)
            if kind == "note":
                text = text_field(request, "text", 1000)
                self.log.add("note", self.game, sender=seat, to=[seat], text=text)
                self._changed()
                return "note kept"
            if self.game.phase == "ended":
                raise RequestError("the game is over")
            if not self.started:
                raise RequestError("the teacher has not started the game yet")
            if self.paused:
                raise RequestError("the game is paused")
            if team.ai:
                raise RequestError(f"the AI plays {seat} now; ask the teacher to hand it back")
            if kind == "ready":
                team.ready = bool(request.get("ready", True))
                self._changed()
                self._maybe_advance()
                return "ready" if team.ready else "not ready"
            if kind == "offer":
                return self._offer(seat, request)
            if kind == "answer_offer":
                return self._answer_offer(seat, request)
            if kind == "inject_choice":
                return self._inject_choice(seat, request)
            if kind == "choose":
                return self._choose(seat, request)
            action = engine_action(seat, request)
            self._apply(action)
            team.ready = False
            self._changed()
            return "done"

    def _message(self, seat: str, request: dict[str, Any]) -> str:
        text = text_field(request, "text", 1000)
        to = request.get("to")
        codes = list(self.game.world.codes)
        if to == "all" or to == ["all"]:
            recipients = ["all"]
        elif isinstance(to, list) and to and all(isinstance(c, str) and c in codes for c in to):
            recipients = sorted(set(to))
        else:
            raise RequestError("a message goes to 'all' or a list of member state codes")
        self.log.add("message", self.game, sender=seat, to=recipients, text=text)
        self._changed()
        return "sent"

    def _choose(self, seat: str, request: dict[str, Any]) -> str:
        game = self.game
        event, option = text_field(request, "event", 64), text_field(request, "option", 64)
        if game.phase != "events":
            raise RequestError(f"event choices are made in the events phase, not the "
                               f"{game.phase} phase")
        for p in game.pending:
            ev = game.world.events[p.event]
            if ev.id != event:
                continue
            if option not in [c.id for c in ev.choices]:
                raise RequestError(f"'{option}' is not an option of {ev.id}")
            if p.decider >= 0:
                if game.world.codes[p.decider] != seat:
                    raise RequestError(f"{game.world.codes[p.decider]} decides {ev.id}, "
                                       f"not {seat}")
                self._apply(A.ChooseOption(ev.id, option))
            else:  # the table decides: each group's pick counts; the plurality is applied
                self.table_picks.setdefault(ev.id, {})[seat] = option
            self._changed()
            return "chosen"
        raise RequestError(f"no open decision for event '{event}'")

    def _offer(self, seat: str, request: dict[str, Any]) -> str:
        game = self.game
        if game.phase != "council":
            raise RequestError("offers are made during the Council")
        target = text_field(request, "to", 2)
        initiative = text_field(request, "initiative", 64)
        amount = request.get("amount")
        if target not in game.world.codes or target == seat:
            raise RequestError("an offer goes to another member state")
        if initiative not in game.agenda():
            raise RequestError(f"'{initiative}' is not on the Council's agenda")
        if not isinstance(amount, (int, float)) or isinstance(amount, bool) \
                or not 0 < amount <= 1000:
            raise RequestError("the amount is € bn, more than 0 and at most 1000")
        text = text_field(request, "text", 500, required=False)
        offer = self.log.new_offer(game, seat, target, initiative, float(amount), text)
        if target not in self.teams or self.teams[target].ai:
            self._settle_offer(offer, accept=True)  # an AI state takes money for its vote
        self._changed()
        return f"offer {offer.id} sent"

    def _answer_offer(self, seat: str, request: dict[str, Any]) -> str:
        ident = request.get("offer")
        offer = self.log.offers.get(ident) if isinstance(ident, int) else None
        if offer is None or offer.to != seat:
            raise RequestError("no such offer to you")
        if offer.status != "open":
            raise RequestError(f"that offer is {offer.status} already")
        if self.game.phase != "council" or offer.turn != self.game.turn:
            raise RequestError("that offer lapsed with its Council")
        self._settle_offer(offer, accept=bool(request.get("accept")))
        self._changed()
        return f"offer {offer.status}"

    def _settle_offer(self, offer: Offer, accept: bool) -> None:
        """An accepted offer is executed by the engine: the side payment, then (for a human
        target) the target's yes vote; both are logged decisions."""
        if not accept:
            offer.status = "declined"
            return
        try:
            self._apply(A.SidePayment(offer.sender, offer.to, offer.initiative, offer.amount))
        except RequestError as error:
            offer.status, offer.note = "failed", str(error)
            return
        offer.status = "accepted"
        game = self.game
        i = game.world.initiative_ids.index(offer.initiative)
        n = game.world.codes.index(offer.to)
        if offer.to in game.humans and eligible(game.world)[n, i]:
            try:
                self._apply(A.Vote(offer.to, offer.initiative, 1))
            except RequestError as error:
                offer.note = f"paid, but the vote was refused: {error}"

    def _inject_choice(self, seat: str, request: dict[str, Any]) -> str:
        ident = text_field(request, "inject", 64)
        option = text_field(request, "option", 64)
        pending = self.log.pending_injects.get(ident)
        if pending != seat:
            raise RequestError(f"no inject '{ident}' waits for {seat}'s choice")
        self._fire(ident, option)
        return "chosen"

    # -- the teacher --------------------------------------------------------------------------

    def teacher_request(self, request: dict[str, Any]) -> str:
        kind = request.get("type")
        with self.lock:
            handler = getattr(self, f"_t_{kind}", None) if isinstance(kind, str) else None
            if handler is None:
                raise RequestError(f"unknown console request {str(kind)[:40]!r}")
            result = handler(request)
            self._changed()
            return result

    def _t_start(self, request: dict[str, Any]) -> str:
        if self.started:
            raise RequestError("the game has started already")
        self.started = True
        self._phase_started()
        return "started"

    def _t_pause(self, request: dict[str, Any]) -> str:
        if self.paused:
            raise RequestError("paused already")
        self.paused = True
        self.timer.paused_at = self.clock()
        return "paused"

    def _t_resume(self, request: dict[str, Any]) -> str:
        if not self.paused:
            raise RequestError("not paused")
        self.paused = False
        if self.timer.paused_at is not None:
            self.timer.started += self.clock() - self.timer.paused_at
            self.timer.paused_at = None
        return "resumed"

    def _t_extend(self, request: dict[str, Any]) -> str:
        seconds = request.get("seconds", 60)
        if not isinstance(seconds, int) or isinstance(seconds, bool) \
                or not -MAX_EXTEND_S <= seconds <= MAX_EXTEND_S:
            raise RequestError(f"extend by whole seconds, at most {MAX_EXTEND_S}")
        if self.timer.seconds <= 0:
            self.timer = Timer(max(seconds, 0), self.clock(),
                               self.clock() if self.paused else None)
        else:
            self.timer.seconds = max(self.timer.seconds + seconds, 1)
        return "extended"

    def _t_timer(self, request: dict[str, Any]) -> str:
        phase, seconds = request.get("phase"), request.get("seconds")
        if phase not in DEFAULT_SECONDS or not isinstance(seconds, int) \
                or isinstance(seconds, bool) or not 0 <= seconds <= MAX_EXTEND_S:
            raise RequestError("a phase (events, council, orders, report) and 0-3600 seconds")
        self.phase_seconds[phase] = seconds
        return "timer set"

    def _t_auto(self, request: dict[str, Any]) -> str:
        self.auto_advance = bool(request.get("on"))
        return "auto-advance " + ("on" if self.auto_advance else "off")

    def _t_advance(self, request: dict[str, Any]) -> str:
        """Close the phase the console shows. The console sends its phase token: a second
        click, or a click on a console that has not yet shown that the groups' readiness
        closed the phase, is refused rather than closing the next phase (the report)."""
        if not self.started:
            raise RequestError("start the game first")
        if self.game.phase == "ended":
            raise RequestError("the game is over")
        token = request.get("phase")
        if token is not None and token != phase_token(self.game):
            raise RequestError(f"the phase has changed meanwhile (now {self._phase_words()}); "
                               f"nothing was skipped")
        waiting = self.waiting_for()
        if waiting and not request.get("force"):
            raise RequestError(f"waiting for {', '.join(waiting)}: force to go on without them")
        self._advance()
        return "advanced"

    def _t_takeover(self, request: dict[str, Any]) -> str:
        team = self._team_of(request)
        team.ai = True
        team.ready = False
        if self.started:
            if self._hold_ai_seats():
                self._phase_started()  # the last group's seat held: the engine closed the turn
            else:
                self._maybe_advance()
        return f"the AI plays {team.seat}"

    def _t_handback(self, request: dict[str, Any]) -> str:
        team = self._team_of(request)
        team.ai = False
        return f"{team.seat} is played by its group again"

    def _t_reveal(self, request: dict[str, Any]) -> str:
        self.reveal_ai = bool(request.get("on"))
        return "AI reasoning " + ("shown" if self.reveal_ai else "hidden")

    def _t_news(self, request: dict[str, Any]) -> str:
        text = text_field(request, "text", 1000)
        self.log.add("news", self.game, sender="teacher", to=["all"], text=text)
        return "news sent"

    def _t_inject(self, request: dict[str, Any]) -> str:
        ident = text_field(request, "inject", 64)
        option = request.get("option")
        inject = self._inject(ident)
        if ident in self.log.fired_injects():
            raise RequestError(f"inject {ident} was fired already")
        if self.game.phase not in ("events", "council", "orders"):
            raise RequestError("injects are fired during a turn (events, Council or orders)")
        if inject.choices and option is None:
            decider = next((r for r in inject.recipients if r in self.teams
                            and not self.teams[r].ai), None)
            if decider is None:
                raise RequestError(f"inject {ident} needs an option")
            self.log.pending_injects[ident] = decider
            self.log.add("inject", self.game, sender="teacher", to=list(inject.recipients),
                         text=inject.text, title=inject.title, inject=ident, option="")
            return f"inject {ident} sent; {decider} chooses"
        self._fire(ident, option if isinstance(option, str) else "")
        return f"inject {ident} fired"

    def _fire(self, ident: str, option: str) -> None:
        inject = self._inject(ident)
        self._apply(A.FireInject(ident, option))
        waited = self.log.pending_injects.pop(ident, None)
        if waited is None:
            self.log.add("inject", self.game, sender="teacher", to=list(inject.recipients),
                         text=inject.text, title=inject.title, inject=ident, option=option)
        else:
            self.log.add("inject", self.game, sender=waited, to=list(inject.recipients),
                         text=f"{waited} chose: {option}", title=inject.title, inject=ident,
                         option=option)
        self._changed()

    def _inject(self, ident: str) -> Any:
        for inject in self.game.scenario.injects:
            if inject.id == ident:
                return inject
        raise RequestError(f"no inject '{ident}' in this scenario")

    def _team_of(self, request: dict[str, Any]) -> Team:
        seat = request.get("seat")
        if not isinstance(seat, str) or seat not in self.teams:
            raise RequestError("name a seat played by a group")
        return self.teams[seat]

    # -- phases -----------------------------------------------------------------------------

    def where(self) -> tuple[int, str]:
        """The turn and phase as one consistent pair, for readers in other threads. Read
        without the lock, `game.turn` and `game.phase` can pair up as a state the class is
        never in: while the orders resolve, the turn has moved on and the phase still says
        "orders" ((2, "orders") during turn 1's resolution)."""
        with self.lock:
            return self.game.turn, self.game.phase

    def waiting_for(self) -> list[str]:
        """Connected-or-not groups still to declare themselves ready (AI seats never wait)."""
        with self.lock:
            return [t.seat for t in self.teams.values() if not t.ai and not t.ready]

    def tick(self) -> bool:
        """Called about once a second: a countdown that ran out closes the phase (forced).
        True when something changed."""
        with self.lock:
            if not self.started or self.paused or self.game.phase == "ended":
                return False
            left = self.timer.left(self.clock())
            if left is not None and left <= 0:
                self.log.add("system", self.game, sender="timer", to=["all"],
                             text=f"time is up for the {self.game.phase} phase")
                self._advance()
                self._changed()
                return True
            return False

    def _maybe_advance(self) -> None:
        """Close the phase when every group that plays is ready. With no group playing (the
        AI holds every seat) nothing is waited for, so nothing closes by itself: the
        countdown or the teacher moves on, and a class never runs through its reports."""
        playing = [t for t in self.teams.values() if not t.ai]
        if self.auto_advance and self.started and not self.paused \
                and self.game.phase != "ended" and playing and not self.waiting_for():
            self._advance()

    def _advance(self) -> None:
        """Close the current phase: open event choices are settled (a seat's by its advisor,
        the table's by the groups' plurality), then one EndPhase."""
        game = self.game
        before = (game.turn, game.phase)
        if game.phase == "events":
            for p in list(game.pending):
                ev = game.world.events[p.event]
                picks = list(self.table_picks.get(ev.id, {}).values()) if p.decider < 0 else []
                ids = [c.id for c in ev.choices]
                option = (max(ids, key=lambda o: (picks.count(o), -ids.index(o)))
                          if picks else game.advisor_option(ev.id))
                self._apply(A.ChooseOption(ev.id, option))
        if (game.turn, game.phase) == before and game.phase != "ended":
            self._apply(A.EndPhase())
        self._phase_started()

    def _phase_started(self) -> None:
        # AI-held seats first: when every seat holds, the engine carries the turn on to its
        # report, and the countdown, readiness and lapsed injects below are the report's.
        self._hold_ai_seats()
        for team in self.teams.values():
            team.ready = False
        self.table_picks = {}
        self.restart_timer()
        for ident, seat in list(self.log.pending_injects.items()):  # a lapsed inject choice
            if self.game.phase in ("report", "ended"):
                self._fire(ident, self._inject(ident).choices[0].id)
                self.log.entries[-1].text = f"{seat} did not choose: the first option applies"
        if self.on_phase is not None:
            self.on_phase(self)
        self._maybe_advance()

    def _hold_ai_seats(self) -> bool:
        """An AI-played seat holds (its advisor decides) each quarter: the engine's Hold.
        True when that moved the game on (every seat held: the engine resolves the turn)."""
        game = self.game
        before = (game.turn, game.phase)
        for team in self.teams.values():
            if game.phase not in ("events", "council", "orders"):
                break
            if team.ai and team.seat not in game.held:
                self._apply(A.Hold(team.seat))
        return (game.turn, game.phase) != before

    def _apply(self, action: A.Action) -> None:
        try:
            self.game.apply(action)
        except A.IllegalAction as error:
            raise RequestError(str(error)) from None

    def _phase_words(self) -> str:
        g = self.game
        return "the end of the game" if g.phase == "ended" else f"turn {g.turn}, {g.phase}"

    def _changed(self) -> None:
        self.version += 1

    def restart_timer(self) -> None:
        """A fresh countdown for the current phase (after a resume)."""
        seconds = self.phase_seconds.get(self.game.phase, 0)
        self.timer = Timer(seconds, self.clock(), self.clock() if self.paused else None)

    def seconds_left(self) -> float | None:
        with self.lock:
            return self.timer.left(self.clock())
