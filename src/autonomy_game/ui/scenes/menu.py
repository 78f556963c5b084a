"""The Esc menu: resume, UI scale for projectors, full screen, glossary, save, quit."""

from __future__ import annotations

import pygame

from autonomy_game.ui.scene import (
    DismissibleScene,
    Pop,
    Push,
    Quit,
    Replace,
    Transition,
)
from autonomy_game.ui.widgets import Frame

SCALES = (None, 1.0, 1.5, 2.0, 2.5, 3.0)


def largest_fitting_scale(size: tuple[int, int]) -> float:
    """The largest UI scale whose layout (designed for 1280×720 at 1.0) fits `size`, with a
    tenth to spare: beyond it panels overlap and text is cut short."""
    from autonomy_game.ui.app import BASE_H, BASE_W

    return max(1.0, 1.1 * min(size[0] / BASE_W, size[1] / BASE_H))


class MenuScene(DismissibleScene):
    name = "menu"

    def on_action(self, action, pos) -> Transition | None:
        from autonomy_game.ui.scenes.glossary_scene import GlossaryScene
        from autonomy_game.ui.scenes.start import StartScene

        kind = action[0]
        if kind == "resume":
            return Pop()
        if kind == "scale":
            self.services.settings.scale = action[1]
            self.services.request = "rescale"
        elif kind == "projector":
            self.services.settings.projector = not self.services.settings.projector
            self.services.request = "rescale"
        elif kind == "motion":
            self.services.settings.reduce_motion = not self.services.settings.reduce_motion
        elif kind == "fullscreen":
            self.services.request = "fullscreen"
        elif kind == "glossary":
            return Push(GlossaryScene(self.services))
        elif kind == "save" and self.services.session is not None:
            self.services.session.autosave_to()
        elif kind == "start":
            return Replace(StartScene(self.services))
        elif kind == "quit":
            return Quit()
        return None

    def draw(self, frame: Frame) -> None:
        sw, sh = frame.surface.get_size()
        w = min(frame.px(520), sw - 40)
        bh = frame.px(44)
        gap = frame.px(10)
        in_game = self.services.session is not None
        rows = 6 + (2 if in_game else 0)
        h = frame.px(90) + rows * (bh + gap) + frame.px(30)
        box = pygame.Rect((sw - w) // 2, max(10, (sh - h) // 2), w, min(h, sh - 20))
        frame.fill(box, "panel", frame.px("radius"), "accent", 2)
        x = box.x + frame.px(24)
        iw = w - frame.px(48)
        y = box.y + frame.px(18)
        frame.label("Menu", (x, y), "h1", "bold")
        y += frame.text.line_height("h1", "bold") + frame.px(6)
        frame.button(pygame.Rect(x, y, iw, bh), "Resume  (Esc)", ("resume",), primary=True)
        y += bh + gap
        frame.label("UI scale (for projectors)", (x, y), "label", "semibold", "text_dim")
        y += frame.text.line_height("label", "semibold") + 2
        current = self.services.settings.scale
        sw_ = (iw - 5 * 4) // len(SCALES)
        fits = largest_fitting_scale(frame.surface.get_size())
        for k, scale in enumerate(SCALES):
            # A scale whose layout would not fit this window is offered once it is larger.
            roomy = scale is None or scale <= fits + 1e-9 or scale == current
            frame.button(pygame.Rect(x + k * (sw_ + 4), y, sw_, bh),
                         "Auto" if scale is None else f"{scale:g}×", ("scale", scale),
                         selected=current == scale, size="small", enabled=roomy,
                         tip=None if roomy else "Needs a larger window or full screen")
        y += bh + gap
        settings = self.services.settings
        half = (iw - gap) // 2
        frame.button(pygame.Rect(x, y, half, bh),
                     ("✓ " if settings.projector else "") + "Projector: larger text",
                     ("projector",), selected=settings.projector,
                     tip="Everything larger, so that no text is under 16 px on a 1280×720 "
                         "projector: for a classroom.")
        frame.button(pygame.Rect(x + half + gap, y, iw - half - gap, bh),
                     ("✓ " if settings.reduce_motion else "") + "Reduce motion",
                     ("motion",), selected=settings.reduce_motion,
                     tip="No animated changes or flashes: values change at once.")
        y += bh + gap
        full = "Leave full screen  (F11)" if self.services.settings.fullscreen \
            else "Full screen  (F11)"
        frame.button(pygame.Rect(x, y, iw, bh), full, ("fullscreen",))
        y += bh + gap
        frame.button(pygame.Rect(x, y, iw, bh), "Glossary", ("glossary",))
        y += bh + gap
        if in_game:
            can_save = self.services.save_path_now()
            frame.button(pygame.Rect(x, y, iw, bh), "Save now (continue it from the start "
                         "screen)", ("save",), enabled=can_save)
            y += bh + gap
            note = self.services.session.saved_note
            if note:
                frame.label(note, (x, y - gap + 2), "small", colour="text_dim", max_width=iw)
                y += frame.text.line_height("small")
            frame.button(pygame.Rect(x, y, iw, bh), "Back to the start screen", ("start",))
            y += bh + gap
        frame.button(pygame.Rect(x, y, iw, bh), "Quit the game  (Ctrl+Q)", ("quit",))
