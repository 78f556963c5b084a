"""One game on screen: whose turn it is at the table, what to show next, autosaves.

`GameSession` turns the engine's phases into the steps a table of players goes through:
event dialogs, a hand-over between human seats (so nobody sees another seat's secret
objective), each human seat's Council and orders, the quarter report, the end. It changes
the game only through `Game.apply` (every UI decision is an engine action).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from autonomy_game.engine import actions as A
from autonomy_game.engine.council import eligible
from autonomy_game.engine.game import Game
from autonomy_game.ui.figures import Figures

try:  # the save module is written alongside; the UI works without it
    from autonomy_game.engine import saves as _saves
except ImportError:  # pragma: no cover - depends on the engine version
    _saves = None


@dataclass(frozen=True)
class Step:
    kind: str  # event | handover | council | orders | report | ended
    seat: str | None = None
    event: int | None = None


class GameSession:
    def __init__(self, game: Game, autosave: object | None = None) -> None:
        self.game = game
        self.figures = Figures(game)  # engine figures, computed once per game change
        self.autosave = autosave  # saves.AutosaveSlot, or None when not saving
        self.humans: list[str] = list(game.humans)
        self.done: set[str] = set()
        self.revealed: str | None = self.humans[0] if len(self.humans) == 1 else None
        self.seen_events: set[tuple[int, int]] = set()
        self.report_seen: int = -1  # last turn whose report the table has read
        self.selected: str = self.humans[0] if self.humans else game.world.codes[0]
        self.lens: str = "defence"
        self.show_network: bool = True
        self.legend_open: bool = True
        self.message: str | None = None  # last refused action, in the engine's words
        self.saved_note: str | None = None
        # Council fairness in hotseat: the agenda each seat had when it finished the Council,
        # and the seats called back because an item was tabled after they had voted.
        self.council_seen: dict[str, frozenset[str]] = {}
        self.recall: dict[str, list[str]] = {}

    # -- reading ----------------------------------------------------------------------------
    @property
    def multi(self) -> bool:
        return len(self.humans) > 1

    def step(self) -> Step:
        """What the table should see now."""
        g = self.game
        if g.phase == "ended":
            if g.report is not None and self.report_seen < g.report.turn:
                return Step("report")
            return Step("ended")
        if g.phase == "events":
            for e in g.fired:
                if (g.turn, e) not in self.seen_events:
                    return Step("event", event=e)
            for p in g.pending:
                return Step("event", event=p.event)
            return Step("events_done")
        if g.phase in ("council", "orders"):
            seat = self.current_seat()
            if seat is not None and self.multi and seat != self.revealed:
                return Step("handover", seat=seat)
            return Step(g.phase, seat=seat)
        return Step("report")

    def current_seat(self) -> str | None:
        for seat in self.humans:
            if seat not in self.done:
                return seat
        return None

    def pending_choice(self, event: int):
        for p in self.game.pending:
            if p.event == event:
                return p
        return None

    # -- acting -------------------------------------------------------------------------------
    def send(self, action: A.Action) -> bool:
        """Apply an action; on refusal keep the engine's message for the screen."""
        try:
            self.game.apply(action)
        except A.IllegalAction as error:
            self.message = str(error)
            return False
        self.message = None
        if isinstance(action, A.EndPhase) and self.save_problem is not None:
            self.autosave.retry(self.game)  # type: ignore[union-attr]
        return True

    @property
    def save_problem(self) -> str | None:
        """Why the last autosave failed (shown on screen until a retry succeeds), or None."""
        return getattr(self.autosave, "problem", None)

    def settle(self) -> Step:
        """Advance through steps that need nobody (an events phase with nothing left)."""
        for _ in range(100):
            step = self.step()
            if step.kind != "events_done":
                return step
            self.send(A.EndPhase())
        return self.step()

    def acknowledge_event(self, event: int, option: str | None = None) -> bool:
        g = self.game
        if option is not None:
            ev = g.world.events[event]
            if not self.send(A.ChooseOption(ev.id, option)):
                return False
        elif self.pending_choice(event) is not None:
            self.message = "choose one of the options"
            return False
        self.seen_events.add((g.turn, event))
        return True

    def vote_on_option(self, event: int, seat: str, option: str, vote: int) -> bool:
        """A human seat's own vote on one option of a Council-decided event."""
        return self.send(A.VoteOnOption(seat, self.game.world.events[event].id, option, vote))

    def call_vote(self, event: int) -> bool:
        """Put a Council-decided event to the vote; the dialog then closes."""
        if not self.send(A.CallVote(self.game.world.events[event].id)):
            return False
        self.seen_events.add((self.game.turn, event))
        return True

    def reveal(self, seat: str) -> None:
        self.revealed = seat
        self.selected = seat

    def late_items(self) -> dict[str, list[str]]:
        """Seats that finished the Council before an item they may vote on was tabled:
        seat -> those items, in agenda order. Their vote on them is still the advisor's."""
        g = self.game
        if g.phase != "council":
            return {}
        agenda = g.agenda()
        can_vote = eligible(g.world)
        late: dict[str, list[str]] = {}
        for seat, seen in self.council_seen.items():
            n = g.world.codes.index(seat)
            items = [iid for iid in agenda if iid not in seen
                     and can_vote[n, g.world.initiative_ids.index(iid)]]
            if items:
                late[seat] = items
        return late

    def finish_seat(self) -> None:
        """The active seat is done with this phase; the last seat closes it.

        In the Council, a seat that finished before another seat tabled an item it may vote
        on is called back (a hand-over to it, the new items shown) before the vote closes,
        so that no seat's vote is cast silently at its advisor's suggestion."""
        seat = self.current_seat()
        council = self.game.phase == "council"
        if seat is not None:
            self.done.add(seat)
            if council:
                self.council_seen[seat] = frozenset(self.game.agenda())
                self.recall.pop(seat, None)
        if self.current_seat() is None and council:
            late = self.late_items()
            if late:
                self.recall = late
                self.done -= set(late)
                return
        if self.current_seat() is None and self.send(A.EndPhase()):
            self.done = set()
            self.council_seen = {}
            self.recall = {}

    def finish_report(self) -> None:
        if self.game.report is not None:
            self.report_seen = self.game.report.turn
        if self.game.phase == "report":
            self.send(A.EndPhase())
            self.revealed = self.humans[0] if len(self.humans) == 1 else None
            self.selected = self.humans[0] if len(self.humans) == 1 else self.selected

    def autosave_to(self, path: Path | None = None) -> None:
        """Save now into this game's slot (the engine also autosaves after every turn)."""
        if self.autosave is None or _saves is None:
            self.saved_note = "Saving is not available."
            return
        if self.autosave.save(self.game):  # type: ignore[attr-defined]
            self.saved_note = f"Saved: {self.game.world.scenario.quarter_label(self.game.turn)}"
        else:
            self.saved_note = self.save_problem


def saves_module():
    return _saves
