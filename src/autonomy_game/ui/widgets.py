"""Immediate-mode widgets: each frame a scene draws its widgets and registers hit zones.

A `Frame` is the drawing context of one redraw. Buttons, steppers and tabs draw themselves
and record a `Zone` (rect + action + tooltip); the app routes the next click to the action of
the zone under the pointer. Nothing here knows about the game: actions are opaque values the
scene interprets.
"""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass, field

import pygame

from autonomy_game.engine.indicator_format import MINUS
from autonomy_game.ui.glossary import Glossary
from autonomy_game.ui.text import TextCache, reflow
from autonomy_game.ui.theme import Colour, Theme, mix


@dataclass
class Zone:
    rect: pygame.Rect
    action: Hashable | None = None
    tip: str | None = None
    tip_title: str | None = None
    enabled: bool = True
    scroll_key: str | None = None
    scroll_max: int = 0
    kind: str = "button"  # button | tip | scroll | area


@dataclass
class Frame:
    surface: pygame.Surface
    theme: Theme
    text: TextCache
    glossary: Glossary
    mouse: tuple[int, int] = (-1, -1)
    scroll: dict[str, int] = field(default_factory=dict)
    zones: list[Zone] = field(default_factory=list)
    clip: pygame.Rect | None = None
    focus: Hashable | None = None  # keyboard-focused action, drawn with a ring

    # -- basics -------------------------------------------------------------------------------
    @property
    def t(self) -> Theme:
        return self.theme

    def px(self, v: str | float) -> int:
        return self.theme.px(v)

    def c(self, name: str) -> Colour:
        return self.theme.c(name)

    def hovered(self, rect: pygame.Rect) -> bool:
        if self.clip is not None and not self.clip.collidepoint(self.mouse):
            return False
        return rect.collidepoint(self.mouse)

    def visible(self, y: int, height: int) -> bool:
        """Whether a row at y would show inside the current clip (skip drawing it if not)."""
        return self.clip is None or (y + height >= self.clip.top and y <= self.clip.bottom)

    def add_zone(self, zone: Zone) -> None:
        if self.clip is not None:
            zone.rect = zone.rect.clip(self.clip)
            if zone.rect.width <= 0 or zone.rect.height <= 0:
                return
        self.zones.append(zone)

    def set_clip(self, rect: pygame.Rect | None) -> None:
        self.clip = rect
        self.surface.set_clip(rect)

    def fill(self, rect: pygame.Rect, colour: str | Colour, radius: int = 0,
             border: str | Colour | None = None, width: int = 1) -> None:
        col = self.c(colour) if isinstance(colour, str) else colour
        pygame.draw.rect(self.surface, col, rect, border_radius=radius)
        if border is not None:
            bcol = self.c(border) if isinstance(border, str) else border
            pygame.draw.rect(self.surface, bcol, rect, width, border_radius=radius)

    def panel(self, rect: pygame.Rect, colour: str = "panel", border: bool = True) -> None:
        self.fill(rect, colour, self.px("radius"), "border" if border else None)

    # -- text -----------------------------------------------------------------------------------
    def label(self, text: str, pos: tuple[int, int], size: str | int = "body",
              weight: str = "regular", colour: str | Colour = "text", anchor: str = "topleft",
              max_width: int | None = None, tip: str | None = None,
              tip_title: str | None = None) -> pygame.Rect:
        col = self.c(colour) if isinstance(colour, str) else colour
        if max_width is not None:
            text = self.text.ellipsize(text, max_width, size, weight)
        surf = self.text.render(text, size, weight, col)
        rect = surf.get_rect(**{anchor: pos})
        self.surface.blit(surf, rect)
        self.audit_label(surf, rect, text)
        if tip:
            self.add_zone(Zone(rect.copy(), tip=tip, tip_title=tip_title, kind="tip"))
        return rect

    def audit_label(self, surf: pygame.Surface, rect: pygame.Rect, text: str) -> None:
        """Record where text landed (only while a layout test audits the frame): the box of
        its ink, not of its line height, so that stacked lines do not count as touching."""
        audit = self.text.audit
        if audit is not None and text.strip():
            ink = surf.get_bounding_rect().move(rect.topleft)
            audit.labels.append((ink, text, self.clip or self.surface.get_clip()))

    def chip(self, text: str, pos: tuple[int, int], size: str | int = "small",
             weight: str = "bold", colour: str | Colour = "text", anchor: str = "midleft",
             back: str | Colour = "bg") -> pygame.Rect:
        """A label on a small dark plate: readable over bars and lines of any colour (the
        thresholds on the Council's vote bars)."""
        surf = self.text.render(text, size, weight,
                                self.c(colour) if isinstance(colour, str) else colour)
        rect = surf.get_rect(**{anchor: pos})
        plate = rect.inflate(self.px(8), 0)
        if anchor.endswith("left"):
            plate.x = rect.x
            rect.x += self.px(4)
        elif anchor.endswith("right"):
            plate.right = rect.right
            rect.x -= self.px(4)
        self.fill(plate, back, radius=self.px(3))
        self.surface.blit(surf, rect)
        self.audit_label(surf, rect, text)
        return plate

    def term(self, text: str, pos: tuple[int, int], size: str | int = "body",
             weight: str = "regular", colour: str | Colour = "text", anchor: str = "topleft",
             key: str | None = None, max_width: int | None = None) -> pygame.Rect:
        """A label that explains itself: glossary entry `key` (or the text) as its tooltip."""
        found = self.glossary.lookup(key or text)
        rect = self.label(text, pos, size, weight, colour, anchor, max_width)
        if found:
            self._underline(rect, size)
            self.add_zone(Zone(rect.copy(), tip=found[1], tip_title=found[0], kind="tip"))
        return rect

    def _underline(self, rect: pygame.Rect, size: str | int,
                   surface: pygame.Surface | None = None) -> None:
        y = rect.bottom - max(1, self.text.px(size) // 8)
        step = max(2, self.px(3))
        for x in range(rect.left, rect.right, step * 2):
            pygame.draw.line(surface or self.surface, self.c("glossary"), (x, y),
                             (min(x + step, rect.right), y), max(1, self.px(1)))

    def _paragraph_layout(self, text: str, width: int, size: str | int, weight: str,
                          line_gap: float) -> tuple:
        """Word positions of a wrapped paragraph, cached: ((word, x, y, glossary key), …),
        the height and the widest line."""
        key = ("layout", id(self.glossary), text, width, self.text.px(size), weight, line_gap)
        found = self.text.recall(key)
        if found is not None:
            return found  # type: ignore[return-value]
        font = self.text.font(size, weight)
        space = font.size(" ")[0]
        line_h = round(font.get_linesize() * line_gap)
        words: list[tuple[str, int, int, str | None]] = []
        x = y = right = 0
        for paragraph in reflow(text).split("\n"):
            for run, term in self.glossary.split(paragraph):
                for k, word in enumerate(run.split(" ")):
                    if k > 0:
                        x += space
                    if not word:
                        continue
                    w = font.size(word)[0]
                    if x + w > width and x > 0:
                        x, y = 0, y + line_h
                    words.append((word, x, y, term))
                    x += w
                    right = max(right, x)
            x, y = 0, y + line_h
        return self.text.remember(key, (tuple(words), y, right))  # type: ignore[return-value]

    def paragraph(self, text: str, rect: pygame.Rect, size: str | int = "body",
                  colour: str | Colour = "text", weight: str = "regular",
                  line_gap: float = 1.0) -> int:
        """Wrapped text in `rect` (height may overflow); glossary terms get tooltips.

        The paragraph is laid out and rendered once into a cached surface; a frame blits it
        and registers the glossary terms' tooltips. Returns the height used.
        """
        col = self.c(colour) if isinstance(colour, str) else colour
        words, height, right = self._paragraph_layout(text, rect.width, size, weight,
                                                       line_gap)
        if not words or not self.visible(rect.y, height):
            return height
        key = ("paragraph", id(self.glossary), text, rect.width, self.text.px(size), weight,
               line_gap, col, self.c("glossary"))
        entry = self.text.recall(key)
        if entry is None:
            surf = pygame.Surface((max(right, 1), max(height, 1)), pygame.SRCALPHA)
            surf.fill((*col, 0))  # edge pixels blend towards the ink, not towards black
            terms: list[tuple[pygame.Rect, str]] = []
            glossary_col = self.c("glossary")
            for word, x, y, term in words:
                glyph = self.text.render(word, size, weight, glossary_col if term else col)
                wr = surf.blit(glyph, (x, y))
                if term:
                    self._underline(wr, size, surf)
                    terms.append((wr, term))
            entry = self.text.remember(key, (surf, tuple(terms)))
        surf, terms = entry  # type: ignore[misc]
        self.surface.blit(surf, rect.topleft)
        if self.text.audit is not None:  # the cached block still counts as text drawn
            px = self.text.px(size)
            self.text.audit.sizes.extend((px, word) for word, *_ in words)
            self.audit_label(surf, surf.get_rect(topleft=rect.topleft),
                             " ".join(word for word, *_ in words))
        for wr, term in terms:
            self.add_zone(Zone(wr.move(rect.topleft), tip=self.glossary.terms[term],
                               tip_title=term, kind="tip"))
        return height

    def paragraph_height(self, text: str, width: int, size: str | int = "body",
                         weight: str = "regular") -> int:
        return self._paragraph_layout(text, width, size, weight, 1.0)[1]

    # -- controls -------------------------------------------------------------------------------
    def button(self, rect: pygame.Rect, label: str, action: Hashable, *, primary: bool = False,
               enabled: bool = True, selected: bool = False, tip: str | None = None,
               size: str | int = "label", weight: str = "semibold",
               colour: Colour | None = None) -> bool:
        hover = enabled and self.hovered(rect)
        radius = self.px("radius")
        if not enabled:
            bg, fg = self.c("button_disabled"), self.c("text_faint")
        elif primary:
            bg = self.c("button_primary_hover" if hover else "button_primary")
            fg = self.c("accent_text")
        elif selected:
            bg, fg = self.c("panel_hi"), self.c("text")
        else:
            bg, fg = self.c("button_hover" if hover else "button"), self.c("text")
        if colour is not None and enabled:
            bg = mix(colour, (255, 255, 255), 0.2) if hover else colour
            fg = self.c("accent_text")
        pygame.draw.rect(self.surface, bg, rect, border_radius=radius)
        if selected:
            pygame.draw.rect(self.surface, self.c("accent"), rect, max(2, self.px(2)),
                             border_radius=radius)
        if self.focus is not None and self.focus == action:
            pygame.draw.rect(self.surface, self.c("focus"), rect.inflate(4, 4), 2,
                             border_radius=radius)
        room = rect.width - self.px(10)
        if size == "label":
            size = self._fitting_size(label, room, weight)
        text = self.text.ellipsize(label, rect.width - self.px(10), size, weight)
        surf = self.text.render(text, size, weight, fg)
        where = surf.get_rect(center=rect.center)
        self.surface.blit(surf, where)
        self.audit_label(surf, where, text)
        self.add_zone(Zone(rect.copy(), action, tip=tip, enabled=enabled))
        return hover

    def _fitting_size(self, text: str, room: int, weight: str) -> str | int:
        """"label" if the text fits `room`, else "small", else one notch smaller (not
        below the theme's minimum text size): a value is shrunk before it is ever cut short."""
        if self.text.width(text, "label", weight) <= room:
            return "label"
        if self.text.width(text, "small", weight) <= room:
            return "small"
        return max(self.theme.min_text(), round(self.text.px("small") * 0.85))

    def stepper(self, rect: pygame.Rect, value: str, minus: Hashable, plus: Hashable, *,
                can_minus: bool = True, can_plus: bool = True, tip: str | None = None) -> None:
        """[ − ]  value  [ + ] in one row."""
        bw = rect.height
        self.button(pygame.Rect(rect.x, rect.y, bw, rect.height), MINUS, minus,
                    enabled=can_minus, size="h3")
        self.button(pygame.Rect(rect.right - bw, rect.y, bw, rect.height), "+", plus,
                    enabled=can_plus, size="h3")
        mid = pygame.Rect(rect.x + bw, rect.y, rect.width - 2 * bw, rect.height)
        self.label(value, mid.center, self._fitting_size(value, mid.width - 4, "semibold"),
                   "semibold", anchor="center", max_width=mid.width - 4)
        if tip:
            self.add_zone(Zone(mid, tip=tip, kind="tip"))

    def tabs(self, rect: pygame.Rect, items: list[tuple[str, Hashable, bool, bool]]) -> None:
        """Equal-width tabs: (label, action, selected, enabled)."""
        if not items:
            return
        gap = self.px(4)
        w = (rect.width - gap * (len(items) - 1)) // len(items)
        for k, (label, action, selected, enabled) in enumerate(items):
            r = pygame.Rect(rect.x + k * (w + gap), rect.y, w, rect.height)
            self.button(r, label, action, selected=selected, enabled=enabled)

    def bar(self, rect: pygame.Rect, fraction: float, colour: str | Colour = "accent",
            back: str | Colour = "panel_hi") -> None:
        self.fill(rect, back, radius=2)
        fraction = min(max(fraction, 0.0), 1.0)
        if fraction > 0:
            inner = pygame.Rect(rect.x, rect.y, max(1, round(rect.width * fraction)), rect.height)
            self.fill(inner, colour, radius=2)

    def delta(self, pos: tuple[int, int], change: float, text: str, size: str | int = "small",
              anchor: str = "topleft", good_when_up: bool = True,
              threshold: float = 1e-9) -> pygame.Rect:
        """A change shown by arrow, sign AND colour (never by colour alone)."""
        if abs(change) <= threshold:
            return self.label(f"= {text}", pos, size, "semibold", "text_faint", anchor)
        up = change > 0
        colour = "up" if up == good_when_up else "down"
        arrow = "▲" if up else "▼"
        return self.label(f"{arrow} {text}", pos, size, "semibold", colour, anchor)

    def tip_zone(self, rect: pygame.Rect, text: str, title: str | None = None) -> None:
        self.add_zone(Zone(rect.copy(), tip=text, tip_title=title, kind="tip"))

    def area(self, rect: pygame.Rect, action: Hashable) -> None:
        """An invisible clickable area (the map, a table row)."""
        self.add_zone(Zone(rect.copy(), action, kind="area"))

    # -- scrolling ------------------------------------------------------------------------------
    def begin_scroll(self, rect: pygame.Rect, key: str) -> int:
        """Clip to rect; returns the y offset to subtract from content positions."""
        self.set_clip(rect)
        return self.scroll.get(key, 0)

    def end_scroll(self, rect: pygame.Rect, key: str, content_height: int) -> None:
        self.set_clip(None)
        limit = max(0, content_height - rect.height)
        offset = min(max(self.scroll.get(key, 0), 0), limit)
        self.scroll[key] = offset
        if limit > 0:
            # A thin scroll indicator on the right edge.
            track = pygame.Rect(rect.right - self.px(5), rect.y, self.px(4), rect.height)
            self.fill(track, "panel_hi", radius=2)
            h = max(self.px(20), rect.height * rect.height // max(content_height, 1))
            y = rect.y + (rect.height - h) * offset // limit
            self.fill(pygame.Rect(track.x, y, track.width, h), "text_faint", radius=2)
        self.zones.insert(0, Zone(rect.copy(), kind="scroll", scroll_key=key,
                                  scroll_max=limit))


def draw_tooltip(frame: Frame, zone: Zone) -> None:
    """A light box near the pointer with the zone's title and text, kept on screen."""
    if not zone.tip:
        return
    surf = frame.surface
    pad = frame.px(10)
    width = min(frame.px(380), surf.get_width() - 2 * pad)
    lines = frame.text.wrap(zone.tip, width - 2 * pad, "label")
    line_h = frame.text.line_height("label")
    title_h = frame.text.line_height("label", "bold") if zone.tip_title else 0
    height = title_h + line_h * len(lines) + 2 * pad
    widest = max([frame.text.width(s, "label") for s in lines] +
                 [frame.text.width(zone.tip_title or "", "label", "bold")])
    width = min(width, widest + 2 * pad)
    mx, my = frame.mouse
    x = mx + frame.px(16)
    y = my + frame.px(20)
    if x + width > surf.get_width() - 4:
        x = max(4, mx - width - frame.px(8))
    if y + height > surf.get_height() - 4:
        y = max(4, my - height - frame.px(8))
    box = pygame.Rect(x, y, width, height)
    pygame.draw.rect(surf, frame.c("tooltip_bg"), box, border_radius=frame.px("radius"))
    pygame.draw.rect(surf, frame.c("accent"), box, 2, border_radius=frame.px("radius"))
    ty = y + pad
    if zone.tip_title:
        surf.blit(frame.text.render(zone.tip_title, "label", "bold", frame.c("tooltip_text")),
                  (x + pad, ty))
        ty += title_h
    for line in lines:
        surf.blit(frame.text.render(line, "label", "regular", frame.c("tooltip_text")),
                  (x + pad, ty))
        ty += line_h


def fmt_pct(value: float, digits: int = 0) -> str:
    return f"{value * 100:.{digits}f} %"


def fmt_money(value: float) -> str:
    """An amount for a label, always with its unit, in € bn with as few decimals as show it
    exactly (up to two), and in € m below €0.1 bn, so that small amounts never round to
    zero or read as euro cents: 0.5 -> "€0.5 bn", 1.25 -> "€1.25 bn", 12 -> "€12 bn",
    0.05 -> "€50 m", 0.004 -> "€4 m", 0.0001 -> "<€1 m"."""
    value = float(value)
    if 0 < abs(value) < 0.0005:
        return "<€1 m"
    if 0 < abs(value) < 0.1:
        return f"{'−' if value < 0 else ''}€{abs(value) * 1000:.0f} m"
    digits = 2 if abs(value) < 10 else 1
    for d in range(digits + 1):
        if abs(round(value, d) - value) < 0.005 or abs(value) >= 100:
            digits = d
            break
    return f"€{value:.{digits}f} bn"


def fmt_signed(value: float, digits: int = 1, unit: str = "") -> str:
    sign = "+" if value > 0 else (MINUS if value < 0 else "±")
    return f"{sign}{abs(value):.{digits}f}{unit}"
