"""The private reveal of a seat's secret objective (issue 12, item 6; issue 13).

The shared screen never shows a secret objective during play: the state panel shows only a
closed box. After the hand-over, or when the seat asks with S, this opaque screen shows the
objective and nothing else, and any of S, Esc, Enter or Space hides it again, so the group
can glance at it while the rest of the room looks away.
"""

from __future__ import annotations

import pygame

from autonomy_game.ui.scene import CONFIRM_KEYS, Pop, Scene, Transition
from autonomy_game.ui.widgets import Frame

HIDE_KEYS = (*CONFIRM_KEYS, pygame.K_s, pygame.K_h)


class SecretScene(Scene):
    """Opaque: nothing of the game shows behind it (not `modal`, so nothing below is drawn)."""

    name = "secret"

    def __init__(self, services, seat: str) -> None:
        super().__init__(services)
        self.seat = seat

    def on_action(self, action, pos) -> Transition | None:
        return Pop() if action == ("hide",) else None

    def on_key(self, event: pygame.event.Event) -> Transition | None:
        return Pop() if event.key in HIDE_KEYS else None

    def on_escape(self) -> Transition | None:
        return Pop()

    def draw(self, frame: Frame) -> None:
        game = self.services.session.game
        sw, sh = frame.surface.get_size()
        frame.surface.fill(frame.c("bg"))
        name = game.world.member_names[game.world.codes.index(self.seat)]
        objective = game.world.scenario.objectives.get(self.seat)
        text = objective.text if objective else "This seat has no secret objective."
        w = min(frame.px(820), sw - 2 * frame.px(24))
        pad = frame.px(24)
        inner = w - 2 * pad
        text_h = frame.paragraph_height(text, inner, "h3")
        head_h = (frame.text.line_height("label", "semibold")
                  + frame.text.line_height("h1", "bold") + frame.px(12))
        bh = frame.px(56)
        h = pad * 2 + head_h + text_h + frame.px(24) + bh
        box = pygame.Rect((sw - w) // 2, max(frame.px(12), (sh - h) // 2), w, h)
        frame.fill(box, "panel", frame.px("radius"), "focus", max(2, frame.px(2)))
        x, y = box.x + pad, box.y + pad
        frame.label(f"For {name} only — the others look away", (x, y), "label", "semibold",
                    "focus", max_width=inner)
        y += frame.text.line_height("label", "semibold")
        frame.label("Your secret objective", (x, y), "h1", "bold", max_width=inner)
        y += frame.text.line_height("h1", "bold") + frame.px(12)
        y += frame.paragraph(text, pygame.Rect(x, y, inner, 0), "h3") + frame.px(24)
        bw = min(inner, frame.px(420))
        frame.button(pygame.Rect(box.centerx - bw // 2, y, bw, bh),
                     "Hide it and play  (S or ⏎)", ("hide",), primary=True, size="body")
