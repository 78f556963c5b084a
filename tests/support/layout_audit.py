"""Render views with the text audit on and list what a reader at the back of a room would
trip over: text cut short with "…", text outside the window, two labels on top of each
other, and the smallest text size. Used by tests/test_ui_layout.py and tools."""

from __future__ import annotations

from dataclasses import dataclass, field

import pygame

from autonomy_game.ui.text import TextAudit

SIZES = ((1280, 720), (1920, 1080), (3840, 2160))


@dataclass
class Findings:
    view: str
    size: tuple[int, int]
    projector: bool
    min_px: int = 0
    smallest: str = ""
    cut: list[str] = field(default_factory=list)
    outside: list[str] = field(default_factory=list)
    overlaps: list[tuple[str, str]] = field(default_factory=list)

    def problems(self) -> list[str]:
        where = f"{self.view} {self.size[0]}x{self.size[1]} projector={self.projector}"
        out = [f"{where}: cut short: {t!r}" for t in self.cut]
        out += [f"{where}: outside the window: {t!r}" for t in self.outside]
        out += [f"{where}: overlap: {a!r} / {b!r}" for a, b in self.overlaps]
        return out


def resize(app, size: tuple[int, int], projector: bool) -> None:
    """Give an off-screen App a new window size and preset, as a resize event would."""
    app.surface = pygame.Surface(size)
    app.services.settings.projector = projector
    app.services.settings.scale = None
    app._apply_scale()
    app.dirty = True


def rendered_audit(app) -> TextAudit:
    """Render one frame with the text audit on: every label drawn, its size and clip."""
    audit = app.services.text.audit = TextAudit()
    try:
        app.render()
    finally:
        app.services.text.audit = None
    return audit


def audit_frame(app, view: str) -> Findings:
    audit = rendered_audit(app)
    size = app.surface.get_size()
    found = Findings(view, size, app.services.settings.projector)
    if audit.sizes:
        found.min_px, found.smallest = min(audit.sizes)
    found.cut = sorted(set(audit.cut))
    screen = pygame.Rect((0, 0), size)
    boxes = []
    for ink, text, clip in audit.labels:
        shown = ink.clip(clip)
        if clip == screen and not screen.contains(ink):
            found.outside.append(text)  # off the window's edge
        elif shown.height > 1 and (ink.left < clip.left or ink.right > clip.right):
            found.outside.append(text)  # a visible row of a scrolled list, cut at the side
        if shown.width > 1 and shown.height > 1:
            boxes.append((shown.inflate(4, -2), text))  # words closer than 2 px read as one
    boxes.sort(key=lambda b: b[0].x)
    for i, (a, ta) in enumerate(boxes):
        for b, tb in boxes[i + 1:]:
            if b.x >= a.right:
                break
            if a.colliderect(b) and not (a == b and ta == tb):
                found.overlaps.append((ta, tb))
    return found
