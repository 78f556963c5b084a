"""Every glossary term with its explanation, scrollable (for the debrief and the class)."""

from __future__ import annotations

import pygame

from autonomy_game.ui.scene import DismissibleScene, Pop, Transition
from autonomy_game.ui.widgets import Frame


class GlossaryScene(DismissibleScene):
    name = "glossary"

    def on_action(self, action, pos) -> Transition | None:
        return Pop() if action == ("close",) else None

    def draw(self, frame: Frame) -> None:
        sw, sh = frame.surface.get_size()
        w, h = min(frame.px(900), sw - 40), sh - frame.px(60)
        box = pygame.Rect((sw - w) // 2, (sh - h) // 2, w, h)
        frame.fill(box, "panel", frame.px("radius"), "accent", 2)
        x = box.x + frame.px(20)
        frame.label("Glossary", (x, box.y + frame.px(12)), "h1", "bold")
        bw = frame.px(140)
        frame.button(pygame.Rect(box.right - bw - frame.px(16), box.y + frame.px(16), bw,
                                 frame.px(40)), "Close  Esc", ("close",))
        body = pygame.Rect(x, box.y + frame.px(70), w - frame.px(40), h - frame.px(86))
        off = frame.begin_scroll(body, "glossary")
        y = body.y - off
        terms = frame.glossary.terms
        if not terms:
            frame.label("The glossary file is missing.", (x, y), "body", colour="text_dim")
        for key in sorted(terms, key=str.lower):
            frame.label(key, (x, y), "h3", "bold", "accent")
            y += frame.text.line_height("h3", "bold")
            rect = pygame.Rect(x, y, body.width - frame.px(12), 0)
            lines = frame.text.wrap(terms[key], rect.width, "body")
            for line in lines:
                frame.label(line, (x, y), "body")
                y += frame.text.line_height("body")
            y += frame.px(10)
        frame.end_scroll(body, "glossary", y + off - body.y)
