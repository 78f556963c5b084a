"""Tutorial hints beside what they describe: an event whose text names parts of the screen
in capitals ("THE TOP BAR", "THE MAP", "THE COUNCIL (key C)") is shown as a card over the
map, with a numbered arrow to each part named and that part outlined, instead of a dialog
that covers what it describes (issue 13)."""

from __future__ import annotations

import math
from dataclasses import dataclass

import pygame

from autonomy_game.ui import hud
from autonomy_game.ui.widgets import Frame

# (phrase in capitals in the event text, part of the game screen)
TARGETS = (
    ("TOP BAR", "top"),
    ("THE MAP", "map"),
    ("CLICK YOUR COUNTRY", "side"),
    ("STATE'S PANEL", "side"),
    ("THE COUNCIL", "tab:council"),
    ("NATIONAL ORDERS", "tab:orders"),
    ("QUARTER REPORT", "tab:report"),
)
TABS = ("map", "council", "orders", "report")


@dataclass(frozen=True)
class Hint:
    number: int
    phrase: str
    rect: pygame.Rect


def targets_in(text: str) -> list[tuple[str, str]]:
    """The parts of the screen the text names, in the order it names them (once each)."""
    found: list[tuple[int, str, str]] = []
    seen: set[str] = set()
    for phrase, part in TARGETS:
        at = text.find(phrase)
        if at >= 0 and part not in seen:
            seen.add(part)
            found.append((at, phrase, part))
    return [(phrase, part) for _, phrase, part in sorted(found)]


def part_rect(frame: Frame, part: str) -> pygame.Rect:
    """Where a part of the game screen is (the same layout the game screen draws)."""
    rects = hud.layout(frame.surface, frame)
    if part == "map":
        return rects["content"].inflate(-frame.px(24), -frame.px(24))
    if part.startswith("tab:"):
        bottom = rects["bottom"]
        pad, bh, gap = frame.px("pad"), frame.px("button_h"), frame.px(4)
        width = frame.px(100) * len(TABS)
        w = (width - gap * (len(TABS) - 1)) // len(TABS)
        k = TABS.index(part[4:])
        return pygame.Rect(bottom.x + pad + k * (w + gap), bottom.centery - bh // 2, w, bh)
    return rects[part].copy()


def card_rect(frame: Frame, height: int) -> pygame.Rect:
    """The hint card: over the lower right of the map, clear of the bars and the panel."""
    content = hud.layout(frame.surface, frame)["content"]
    w = min(frame.px(560), content.width * 3 // 5)
    h = min(height, content.height - frame.px(80))
    return pygame.Rect(content.right - w - frame.px(16), content.bottom - h - frame.px(16), w,
                       h)


def draw_hints(frame: Frame, card: pygame.Rect, hints: list[Hint]) -> None:
    """Outline each part named and draw a numbered arrow to it from the card's edge."""
    colour = frame.c("focus")
    width = max(2, frame.px(3))
    for hint in hints:
        pygame.draw.rect(frame.surface, colour, hint.rect, width,
                         border_radius=frame.px("radius"))
        if hint.rect.contains(card):  # the card sits on it (the map): the outline says it
            end = (hint.rect.left + frame.px(30), hint.rect.top + frame.px(30))
            start = (card.left, card.top)
        else:
            end = _nearest(hint.rect, card.center)
            start = _nearest(card, end)
        arrow(frame, start, end, colour, width)
        badge = pygame.Rect(0, 0, frame.px(26), frame.px(26))
        badge.center = ((start[0] * 2 + end[0]) // 3, (start[1] * 2 + end[1]) // 3)
        pygame.draw.circle(frame.surface, colour, badge.center, badge.width // 2)
        frame.label(str(hint.number), badge.center, "small", "bold", "accent_text",
                    anchor="center")


def arrow(frame: Frame, start: tuple[int, int], end: tuple[int, int], colour,
          width: int) -> None:
    pygame.draw.line(frame.surface, colour, start, end, width)
    angle = math.atan2(end[1] - start[1], end[0] - start[0])
    size = frame.px(14)
    left = (end[0] - size * math.cos(angle - 0.45), end[1] - size * math.sin(angle - 0.45))
    right = (end[0] - size * math.cos(angle + 0.45), end[1] - size * math.sin(angle + 0.45))
    pygame.draw.polygon(frame.surface, colour, [end, left, right])


def _nearest(rect: pygame.Rect, point: tuple[int, int]) -> tuple[int, int]:
    return (min(max(point[0], rect.left), rect.right - 1),
            min(max(point[1], rect.top), rect.bottom - 1))
