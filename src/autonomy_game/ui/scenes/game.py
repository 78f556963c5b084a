"""The main game screen: top bar, a content view (map, Council, orders, report), the
selected state's panel and a bottom bar with the phase and its Continue button."""

from __future__ import annotations

import time
from collections.abc import Hashable

import pygame

from autonomy_game.ui import hud
from autonomy_game.ui.lenses import LENSES
from autonomy_game.ui.map_flash import MapFlash, QuarterWatch
from autonomy_game.ui.scene import CONFIRM_KEYS, Push, Replace, Scene, Transition
from autonomy_game.ui.scenes import council_view, map_panel, orders_view, report_view
from autonomy_game.ui.scenes.preview import PREVIEW_KEYS, PreviewScene, preview_available
from autonomy_game.ui.session import GameSession, Step
from autonomy_game.ui.widgets import Frame

VIEWS = ("map", "council", "orders", "report")
ZOOM_STEP = 1.25
ZOOM_KEYS = {pygame.K_PLUS: 1, pygame.K_EQUALS: 1, pygame.K_KP_PLUS: 1, pygame.K_MINUS: -1,
             pygame.K_KP_MINUS: -1, pygame.K_0: 0, pygame.K_KP_0: 0}
PAN_KEYS = {pygame.K_LEFT: (1, 0), pygame.K_RIGHT: (-1, 0), pygame.K_UP: (0, 1),
            pygame.K_DOWN: (0, -1)}
MOTION_S = 0.9  # how long a new quarter's changes take to settle in the top bar
VIEW_KEYS = {pygame.K_m: "map", pygame.K_c: "council", pygame.K_o: "orders",
             pygame.K_r: "report"}
PRIMARY = {"council": "Finish Council", "orders": "Submit orders", "report": "Next quarter",
           "ended": "See the outcome"}


class GameScene(Scene):
    name = "game"

    def __init__(self, services, view: str | None = None) -> None:
        super().__init__(services)
        self.view = view or "map"
        self.hover: str | None = None
        self.hover_pos = (0, 0)
        self.initiative: str | None = None  # selected in the Council view
        self._step: Step | None = None
        self._last_phase: tuple | None = None
        self._shown_turn: int | None = None  # the quarter the top bar last showed
        self._motion_start: float | None = None  # when the new quarter's animation began
        self.report_open: set[str] | None = None  # states opened in the report (None: humans)
        self.quarter_watch = QuarterWatch()  # what the map flashes once in a new quarter

    @property
    def session(self) -> GameSession:
        assert self.services.session is not None
        return self.services.session

    # -- flow -----------------------------------------------------------------------------------
    def on_enter(self) -> Transition | None:
        return self.sync()

    def sync(self) -> Transition | None:
        """Show what the table should see now: a dialog, a hand-over, a phase view, the end."""
        from autonomy_game.ui.scenes.end import EndScene
        from autonomy_game.ui.scenes.event import EventScene
        from autonomy_game.ui.scenes.handover import HandoverScene

        step = self.session.settle()
        self._step = step
        if step.kind == "ended":
            return Replace(EndScene(self.services))
        if step.kind == "event":
            return Push(EventScene(self.services, step.event))
        if step.kind == "handover":
            return Push(HandoverScene(self.services, step.seat))
        recalled = tuple(self.session.recall.get(step.seat, ())) if step.seat else ()
        phase_key = (self.session.game.turn, step.kind, step.seat, recalled)
        if phase_key != self._last_phase:
            self._last_phase = phase_key
            self.view = "report" if step.kind in ("report",) else step.kind
            self.session.message = None
            if step.seat:
                self.session.selected = step.seat
            if recalled and step.kind == "council":
                self.initiative = recalled[0]
            self.scroll.clear()
        return None

    def primary(self) -> Transition | None:
        step = self._step or self.session.settle()
        if step.kind in ("council", "orders"):
            self.session.finish_seat()
        elif step.kind == "report":
            self.session.finish_report()
        return self.sync()

    # -- input ----------------------------------------------------------------------------------
    def on_action(self, action: Hashable, pos: tuple[int, int]) -> Transition | None:
        kind = action[0] if isinstance(action, tuple) else action
        if kind == "primary":
            return self.primary()
        if kind == "preview":
            return self.open_preview()
        if kind == "view":
            self.view = action[1]
        elif kind == "lens":
            self.session.lens = action[1]
        elif kind == "network":
            self.session.show_network = not self.session.show_network
        elif kind == "legend":
            self.session.legend_open = not self.session.legend_open
        elif kind == "map":
            code = self.services.map_view.country_at(pos, self.session.game.world.codes)
            if code:
                self.session.selected = code
        elif kind == "select":
            self.session.selected = action[1]
        elif kind == "state_causes":  # a state's line in the report: open or close its causes
            opened = report_view.opened_states(self)
            opened.symmetric_difference_update({action[1]})
            self.session.selected = action[1]
        elif kind == "secret":
            return self.reveal_secret()
        elif self.view == "council":
            council_view.on_action(self, action)
        elif self.view == "orders":
            orders_view.on_action(self, action)
        return None

    def on_key(self, event: pygame.event.Event) -> Transition | None:
        if event.key in CONFIRM_KEYS:
            return self.primary()
        if event.key in PREVIEW_KEYS:
            return self.open_preview()
        if event.key in VIEW_KEYS:
            self.view = VIEW_KEYS[event.key]
        elif event.key == pygame.K_s:
            return self.reveal_secret()
        elif event.key in ZOOM_KEYS and self.view == "map":
            mv = self.services.map_view
            if ZOOM_KEYS[event.key] == 0:
                mv.reset_zoom()
            else:
                mv.zoom_by(ZOOM_STEP ** ZOOM_KEYS[event.key])
        elif event.key in PAN_KEYS and self.view == "map":
            dx, dy = PAN_KEYS[event.key]
            step = self.services.theme.px(80)
            self.services.map_view.pan_by(dx * step, dy * step)
        elif event.key == pygame.K_n:
            self.session.show_network = not self.session.show_network
        elif event.key == pygame.K_l:
            self.session.legend_open = not self.session.legend_open
            self.view = "map"
        elif pygame.K_1 <= event.key <= pygame.K_9:
            k = event.key - pygame.K_1
            if k < len(LENSES):
                self.session.lens = LENSES[k].key
                self.view = "map"
        elif event.key == pygame.K_TAB:
            codes = self.session.game.world.codes
            k = codes.index(self.session.selected)
            step = -1 if event.mod & pygame.KMOD_SHIFT else 1
            self.session.selected = codes[(k + step) % len(codes)]
        return None

    def on_wheel(self, steps: int, pos: tuple[int, int]) -> bool:
        """The wheel over the map zooms about the pointer."""
        mv = self.services.map_view
        if self.view != "map" or not mv.rect.collidepoint(pos):
            return False
        return mv.zoom_by(ZOOM_STEP ** steps, pos)

    def on_pinch(self, factor: float, pos: tuple[int, int]) -> bool:
        """A pinch over the map zooms about the point between the fingers (ui/touch.py)."""
        mv = self.services.map_view
        if self.view != "map" or not mv.rect.collidepoint(pos):
            return False
        return mv.zoom_by(factor, pos)

    def on_drag(self, rel: tuple[int, int], pos: tuple[int, int]) -> bool:
        if self.view != "map":
            return False
        return self.services.map_view.pan_by(*rel)

    # -- decision preview -------------------------------------------------------------------------
    def preview_subject(self) -> str | None:
        """What the Preview button looks at now: the seat's vote on the selected item on the
        agenda, or the seat's orders."""
        step = self._step
        if step is None or not step.seat:
            return None
        if step.kind == "council" and self.initiative in self.session.game.agenda():
            return f"vote:{self.initiative}"
        if step.kind == "orders":
            return "orders"
        return None

    def open_preview(self) -> Transition | None:
        subject = self.preview_subject()
        if not preview_available(self.session, subject):
            return None
        game, seat = self.session.game, self._step.seat
        name = game.world.member_names[game.world.codes.index(seat)]
        if subject == "orders":
            title = f"{name}'s orders: as they stand, or the advisor's"
        else:
            initiative = game.scenario.initiatives[subject.partition(":")[2]].name
            title = f"{name}'s vote on {initiative}"
        return Push(PreviewScene(self.services, subject, seat, title))

    def on_hover(self, pos: tuple[int, int]) -> bool:
        if self.view != "map":
            return False
        code = self.services.map_view.country_at(pos, self.session.game.world.codes)
        changed = code != self.hover or (code is not None and pos != self.hover_pos)
        self.hover, self.hover_pos = code, pos
        return changed

    # -- drawing --------------------------------------------------------------------------------
    def draw(self, frame: Frame) -> None:
        game = self.session.game
        self.quarter_watch.note(game, self.services.settings.reduce_motion)
        rects = hud.layout(frame.surface, frame)
        if self.view == "map":
            map_panel.draw_map(self, frame, rects["content"])
        elif self.view == "council":
            council_view.draw(self, frame, rects["content"])
        elif self.view == "orders":
            orders_view.draw(self, frame, rects["content"])
        else:
            report_view.draw(self, frame, rects["content"])
        hud.top_bar(frame, rects["top"], game, self.motion_progress())
        hud.state_panel(frame, rects["side"], game, self.session.selected,
                        self.objective_for(self.session.selected))
        self.draw_bottom(frame, rects["bottom"])

    def reveal_secret(self) -> Transition | None:
        """The private reveal of the seat in the chair (nothing when no seat may see one)."""
        from autonomy_game.ui.scenes.secret import SecretScene

        step = self._step
        if step is None or step.seat is None or self.objective_for(step.seat) is None:
            return None
        return Push(SecretScene(self.services, step.seat))

    def motion_progress(self) -> float:
        """0 → 1 over MOTION_S after a new quarter is first drawn; 1 with reduce motion or
        when the screen opens on a quarter (a loaded game does not animate)."""
        turn = self.session.game.turn
        if turn != self._shown_turn:
            first = self._shown_turn is None
            self._shown_turn = turn
            reduce = self.services.settings.reduce_motion
            self._motion_start = None if first or reduce else time.perf_counter()
        if self._motion_start is None:
            return 1.0
        progress = (time.perf_counter() - self._motion_start) / MOTION_S
        if progress >= 1.0:
            self._motion_start = None
            return 1.0
        return progress

    def map_flash(self) -> MapFlash | None:
        """Hubs struck and initiatives adopted since the quarter before, flashed once the
        first time the map is drawn in the new quarter (never with reduce motion)."""
        return self.quarter_watch.map_progress()

    def animating(self) -> bool:
        return self._motion_start is not None or self.quarter_watch.running()

    def objective_for(self, code: str) -> str | None:
        """A secret objective is shown only to its own seat, once it has taken the chair."""
        step = self._step
        if step is None or step.kind not in ("council", "orders") or code != step.seat:
            return None
        if self.session.multi and self.session.revealed != code:
            return None
        objective = self.session.game.world.scenario.objectives.get(code)
        return objective.text if objective else None

    def draw_bottom(self, frame: Frame, rect: pygame.Rect) -> None:
        frame.fill(rect, "panel")
        pygame.draw.line(frame.surface, frame.c("border"), rect.topleft, rect.topright, 1)
        pad = frame.px("pad")
        step = self._step or self.session.step()
        bh = frame.px("button_h")
        y = rect.centery - bh // 2
        tab_w = frame.px(100)
        phase = self.session.game.phase
        items = [("Map  M", ("view", "map"), self.view == "map", True),
                 ("Council  C", ("view", "council"), self.view == "council",
                  phase == "council"),
                 ("Orders  O", ("view", "orders"), self.view == "orders", phase == "orders"),
                 ("Report  R", ("view", "report"), self.view == "report",
                  bool(self.session.game.reports))]
        frame.tabs(pygame.Rect(rect.x + pad, y, tab_w * 4, bh), items)
        label = PRIMARY.get(step.kind, "Continue")
        if step.kind == "report" and phase == "ended":
            label = PRIMARY["ended"]
        bw = max(frame.px(200), frame.text.width(label + "  ⏎", "label", "semibold")
                 + frame.px(30))
        button = pygame.Rect(rect.right - pad - bw, y, bw, bh)
        frame.button(button, f"{label}  ⏎", ("primary",), primary=True,
                     tip="Enter or Space")
        if step.kind == "orders" and preview_available(self.session, self.preview_subject()):
            # (The Council's is beside the seat's vote: the bottom bar has no room there.)
            pw = max(frame.px(130), frame.text.width("Preview  P", "label", "semibold")
                     + frame.px(30))
            button = pygame.Rect(button.x - pad - pw, y, pw, bh)
            frame.button(button, "Preview  P", ("preview",),
                         tip="Play 1 000 futures of each option from here and compare "
                             "the outcomes (the game is not changed; the debrief notes it)")
        mid_x = rect.x + pad + tab_w * 4 + pad * 2
        mid_w = button.x - pad - mid_x
        if self.session.message:
            frame.label(self.session.message, (mid_x, rect.centery), "label", "semibold",
                        "warn", anchor="midleft", max_width=mid_w)
        elif self.session.save_problem:  # shown at once, until a retry succeeds
            frame.label(self.session.save_problem, (mid_x, rect.centery), "label", "semibold",
                        "warn", anchor="midleft", max_width=mid_w)
        else:
            frame.label(self.phase_text(step), (mid_x, rect.centery), "label", "semibold",
                        "text_dim", anchor="midleft", max_width=mid_w)

    def phase_text(self, step: Step) -> str:
        game = self.session.game
        names = dict(zip(game.world.codes, game.world.member_names))
        who = names.get(step.seat, "") if step.seat else ""
        if step.kind == "council":
            late = self.session.recall.get(step.seat or "", [])
            if who and late:
                return (f"Council — back to {who}: vote on the new "
                        f"item{'s' if len(late) > 1 else ''}")
            return (f"Council — {who} proposes, votes and persuades" if who
                    else "Council — the AI states vote (no human seat)")
        if step.kind == "orders":
            return (f"National orders — {who}" if who
                    else "National orders — every state is AI-run")
        if step.kind == "report":
            return "Quarter report — what changed and why"
        return ""
