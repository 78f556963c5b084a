"""Hotseat hand-over: an opaque screen between human seats, so that the next group does not
see the previous seat's secret objective or orders."""

from __future__ import annotations

import pygame

from autonomy_game.ui.scene import CONFIRM_KEYS, Pop, Scene, Swap, Transition
from autonomy_game.ui.widgets import Frame


class HandoverScene(Scene):
    name = "handover"

    def __init__(self, services, seat: str) -> None:
        super().__init__(services)
        self.seat = seat

    def on_action(self, action, pos) -> Transition | None:
        if action == ("ready",):
            from autonomy_game.ui.scenes.secret import SecretScene

            session = self.services.session
            session.reveal(self.seat)
            if self._secret():
                return Swap(SecretScene(self.services, self.seat))  # the private reveal
            return Pop()
        return None

    def _secret(self) -> bool:
        """Whether the hand-over leads to the private reveal: the seat has an objective and
        is not merely called back to vote on late items (it saw it at its turn)."""
        session = self.services.session
        late = session.recall.get(self.seat) if session.game.phase == "council" else None
        return self.seat in session.game.world.scenario.objectives and not late

    def on_key(self, event: pygame.event.Event) -> Transition | None:
        if event.key in CONFIRM_KEYS:
            return self.on_action(("ready",), (0, 0))
        return None

    def draw(self, frame: Frame) -> None:
        session = self.services.session
        game = session.game
        sw, sh = frame.surface.get_size()
        frame.surface.fill(frame.c("bg"))
        name = game.world.member_names[game.world.codes.index(self.seat)]
        phase = {"council": "the Council", "orders": "national orders"}.get(game.phase,
                                                                            game.phase)
        cx = sw // 2
        late = session.recall.get(self.seat, []) if game.phase == "council" else []
        y = (sh // 5 if late else sh // 3) - frame.px(40)
        frame.label(game.world.scenario.quarter_label(game.turn) + f" · {phase}", (cx, y),
                    "h3", "semibold", "text_dim", anchor="midtop")
        y += frame.px(44)
        frame.label("Pass the keyboard to", (cx, y), "h2", colour="text_dim", anchor="midtop")
        y += frame.px(40)
        frame.label(name, (cx, y), "title", "bold", "accent", anchor="midtop")
        y += frame.text.line_height("title", "bold") + frame.px(20)
        order = "  →  ".join(
            (f"[{c}]" if c == self.seat else c) for c in session.humans)
        frame.label(f"Seats this round: {order}", (cx, y), "label", colour="text_dim",
                    anchor="midtop")
        y += frame.px(50)
        if late:
            y = self.draw_recall(frame, cx, y, name, late)
        bw, bh = frame.px(360), frame.px(56)
        secret = self._secret()
        text = (f"I am {name} — show my secret  ⏎" if secret
                else f"I am {name} — show my screen  ⏎")
        bw = max(bw, frame.text.width(text, "body", "semibold") + frame.px(40))
        frame.button(pygame.Rect(cx - bw // 2, y, bw, bh), text, ("ready",), primary=True,
                     size="body")
        y += bh + frame.px(18)
        note = ("Your secret objective comes first, on a screen of its own; S or Enter hides "
                "it. The previous seat's orders stay hidden." if secret
                else "The previous seat's objective and orders stay hidden.")
        frame.label(note, (cx, y), "small", colour="text_dim", anchor="midtop")

    def draw_recall(self, frame: Frame, cx: int, y: int, name: str, late: list[str]) -> int:
        """Why this seat is called back: items tabled after it had voted."""
        game = self.services.session.game
        names = [game.world.scenario.initiatives[iid].name for iid in late]
        sw = frame.surface.get_width()
        w = min(frame.px(760), sw - 2 * frame.px(20))
        inner = w - 2 * frame.px(14)
        text = (f"Back to {name}: {'these items were' if len(late) > 1 else 'this item was'} "
                "tabled after you had voted. Your vote on "
                f"{'them' if len(late) > 1 else 'it'} is still your advisor's suggestion — "
                "check it before the Council closes.")
        lines = [f"• {n}" for n in names]
        h = (frame.paragraph_height(text, inner, "label") + frame.px(24)
             + len(lines) * frame.text.line_height("label", "bold"))
        box = pygame.Rect(cx - w // 2, y - frame.px(20), w, h)
        frame.fill(box, "panel_alt", frame.px("radius"), "focus", 2)
        yy = box.y + frame.px(10)
        yy += frame.paragraph(text, pygame.Rect(box.x + frame.px(14), yy, inner, 0), "label")
        for line in lines:
            frame.label(line, (box.x + frame.px(14), yy), "label", "bold", "focus",
                        max_width=inner)
            yy += frame.text.line_height("label", "bold")
        return box.bottom + frame.px(24)
