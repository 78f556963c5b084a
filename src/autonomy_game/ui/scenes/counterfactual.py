"""What if…: the same game with one decision changed, from the end screen.

The left column lists the game's decisions (event choices, votes, each seat's orders in a
quarter); picking one shows its alternatives, and picking an alternative replays the game
from that point (engine/counterfactual.py): the futures of the decision as taken and of the
alternative side by side, and the outcome of the same game replayed on its seed with the
change. The first frame says what is being played; the next one plays it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pygame

from autonomy_game.ui.scene import CONFIRM_KEYS, Pop, Scene, Transition
from autonomy_game.ui.scenes.preview import draw_option, option_height
from autonomy_game.ui.widgets import Frame

if TYPE_CHECKING:
    from autonomy_game.engine.counterfactual import Counterfactual

# engine/counterfactual.py (and the preview's Monte Carlo runner under it) is imported when
# "What if…" opens, not with the end screen.

OUTCOME_WORDS = {"victory": "a victory", "partial": "a partial success", "failure": "a failure",
                 "defeat": "a defeat", "ongoing": "a game still being played"}
WHAT_IF_KEYS = (pygame.K_w,)


class CounterfactualScene(Scene):
    modal = True
    name = "counterfactual"

    def __init__(self, services, futures: int | None = None) -> None:
        from autonomy_game.engine.counterfactual import COUNTERFACTUAL_FUTURES, decision_points

        super().__init__(services)
        self.futures = futures or min(COUNTERFACTUAL_FUTURES, getattr(
            services.settings, "preview_futures", COUNTERFACTUAL_FUTURES))
        self.points = decision_points(self.session.game)
        self.selected: tuple[int, str] | None = None  # (decision number, alternative)
        self.result: Counterfactual | None = None
        self.problem: str | None = None
        self._shown_waiting = False

    @property
    def session(self):
        return self.services.session

    def option_words(self, point, option: str) -> str:
        """An event option as the class read it (its label), not its id; votes and orders
        are already words."""
        if point.subject.startswith("event:"):
            event_id = point.subject.split(":", 1)[1]
            for ev in self.session.game.world.events:
                if ev.id == event_id:
                    for choice in ev.choices:
                        if choice.id == option:
                            return choice.label or option
        return option

    def choose(self, number: int, alternative: str | None = None) -> None:
        point = self.points[number - 1]
        self.selected = (number, alternative or point.alternatives[0])
        self.result, self.problem, self._shown_waiting = None, None, False

    def compute(self) -> None:
        from autonomy_game.engine.counterfactual import CounterfactualError, counterfactual

        if self.selected is None:
            return
        number, alternative = self.selected
        try:
            self.result = counterfactual(self.session.game, number, alternative, self.futures)
        except CounterfactualError as error:
            self.problem = str(error)

    def animating(self) -> bool:
        return self.selected is not None and self.result is None and self.problem is None

    def on_action(self, action, pos) -> Transition | None:
        if action == ("close",):
            return Pop()
        if action[0] == "cf_pick":
            self.choose(action[1])
        elif action[0] == "cf_alt" and self.selected is not None:
            self.choose(self.selected[0], action[1])
        return None

    def on_key(self, event: pygame.event.Event) -> Transition | None:
        if event.key in CONFIRM_KEYS or event.key in WHAT_IF_KEYS:
            return Pop()
        return None

    def on_escape(self) -> Transition | None:
        return Pop()

    # -- drawing --------------------------------------------------------------------------------
    def draw(self, frame: Frame) -> None:
        if self.animating() and self._shown_waiting:
            self.compute()
        sw, sh = frame.surface.get_size()
        margin, pad = frame.px(24), frame.px(18)
        box = pygame.Rect(margin, margin, sw - 2 * margin, sh - 2 * margin)
        frame.fill(box, "panel", frame.px("radius"), "accent", 2)
        x, y = box.x + pad, box.y + pad
        inner = box.width - 2 * pad
        frame.label("What if… the same game with one decision changed", (x, y), "h2", "bold")
        y += frame.text.line_height("h2", "bold") + frame.px(6)
        list_w = min(frame.px(420), inner * 2 // 5)
        bottom = box.bottom - pad - frame.px(52)
        self._draw_list(frame, pygame.Rect(x, y, list_w, bottom - y))
        right = pygame.Rect(x + list_w + pad, y, inner - list_w - pad, bottom - y)
        self._draw_detail(frame, right)
        bw = frame.px(220)
        frame.button(pygame.Rect(box.right - pad - bw, box.bottom - pad - frame.px(40), bw,
                                 frame.px(40)), "Back to the end  Esc", ("close",),
                     primary=True)

    def _draw_list(self, frame: Frame, rect: pygame.Rect) -> None:
        frame.panel(rect, "panel_alt")
        off = frame.begin_scroll(rect, "cf_list")
        x, w = rect.x + frame.px(8), rect.width - frame.px(16)
        y = rect.y + frame.px(8) - off
        game = self.session.game
        if not self.points:
            frame.paragraph("No decision to change: every seat was played by the AI.",
                            pygame.Rect(x, y, w, 0), "label", "text_dim")
        for p in self.points:
            text = f"{p.number}. {game.scenario.quarter_label(p.turn)} · {p.description}"
            h = frame.paragraph_height(text, w - frame.px(16), "small") + frame.px(12)
            if frame.visible(y, h):
                chosen = self.selected is not None and self.selected[0] == p.number
                frame.button(pygame.Rect(x, y, w, h), "", ("cf_pick", p.number),
                             selected=chosen)
                frame.paragraph(text, pygame.Rect(x + frame.px(8), y + frame.px(6),
                                                  w - frame.px(16), 0), "small")
            y += h + frame.px(4)
        frame.end_scroll(rect, "cf_list", y + off - rect.y)

    def _draw_detail(self, frame: Frame, rect: pygame.Rect) -> None:
        x, y, w = rect.x, rect.y, rect.width
        if self.selected is None:
            frame.paragraph("Pick a decision on the left: the game is replayed from that "
                            "moment on the same seed, once as the class decided and once "
                            "with another option, and the outcomes are shown side by side.",
                            pygame.Rect(x, y, w, 0), "label", "text_dim")
            return
        number, alternative = self.selected
        point = self.points[number - 1]
        y += frame.paragraph(point.description, pygame.Rect(x, y, w, 0), "h3", weight="bold")
        y += frame.px(4)
        frame.label("Change it to:", (x, y + frame.px(16)), "label", "semibold",
                    anchor="midleft")
        bx = x + frame.text.width("Change it to:", "label", "semibold") + frame.px(12)
        for alt in point.alternatives:
            words = self.option_words(point, alt)
            bw = min(frame.text.width(words, "label", "semibold") + frame.px(28),
                     x + w - bx)
            if bx > x and bx + bw > x + w:  # wrap long option labels onto a new row
                bx, y = x + frame.text.width("Change it to:", "label", "semibold") \
                    + frame.px(12), y + frame.px(38)
                bw = min(frame.text.width(words, "label", "semibold") + frame.px(28),
                         x + w - bx)
            frame.button(pygame.Rect(bx, y, bw, frame.px(32)), words, ("cf_alt", alt),
                         selected=alt == alternative)
            bx += bw + frame.px(6)
        y += frame.px(42)
        if self.problem:
            frame.paragraph(self.problem, pygame.Rect(x, y, w, 0), "label", "warn", "semibold")
            return
        if self.result is None:
            frame.label(f"Replaying the game and {self.futures} futures of each side…",
                        (x, y), "label", "semibold")
            self._shown_waiting = True
            return
        r = self.result
        replay = (f"The game as played ended in {OUTCOME_WORDS[r.actual_outcome]}. Replayed "
                  f"on the same seed with \u201c{self.option_words(point, r.alternative)}\u201d "
                  f"instead of \u201c{self.option_words(point, point.taken)}\u201d, and "
                  f"every later decision kept where it still applied, it ends in "
                  f"{OUTCOME_WORDS[r.replayed_outcome]}.")
        if r.skipped or r.advised:
            skipped = f"{r.skipped} later decision{'' if r.skipped == 1 else 's'}"
            advised = f"{r.advised} event choice{'' if r.advised == 1 else 's'}"
            replay += (f" ({skipped} no longer applied; {advised} fell to the "
                       "advisor.)")
        y += frame.paragraph(replay, pygame.Rect(x, y, w, 0), "label", weight="semibold")
        y += frame.px(6)
        y += frame.paragraph(f"One game is one draw of luck. {r.futures.futures} futures "
                             "from that moment, with the AI on every seat after it (the same "
                             "futures on both sides):", pygame.Rect(x, y, w, 0), "small",
                             "text_dim")
        y += frame.px(6)
        h = option_height(frame, r.futures.options, w, tagged=True)
        for opt in r.futures.options:
            tag = "As played" if opt.option == point.taken else "Changed"
            draw_option(frame, pygame.Rect(x, y, w, h), opt, tag)
            y += h + frame.px(8)
