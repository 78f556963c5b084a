"""Fonts and text: one Font per (weight, pixel size), rendered strings cached, wrapping.

Rendering a string is the expensive part of drawing text, so every rendered line is kept in
a bounded cache keyed by (weight, size, colour, text); a frame that draws the same labels as
the last one only blits.
"""

from __future__ import annotations

import re
from collections import OrderedDict

import pygame

from autonomy_game.ui.theme import Colour, Theme

CACHE_LIMIT = 4000
MEMO_LIMIT = 400
_SOFT_BREAK = re.compile(r"(?<!\n)\n(?!\n|\s*(?:[-•*]|\d+[.)])\s)")


def reflow(text: str) -> str:
    """Join the hard-wrapped lines of a YAML block into paragraphs: a single newline is a
    space, a blank line ends a paragraph, and list items keep their own lines."""
    text = _SOFT_BREAK.sub(" ", text.strip())
    return re.sub(r"\n\s*\n+", "\n", text)


class TextCache:
    def __init__(self, theme: Theme) -> None:
        self.theme = theme
        self._fonts: dict[tuple[str, int], pygame.font.Font] = {}
        self._surfaces: OrderedDict[tuple, pygame.Surface] = OrderedDict()
        self._widths: dict[tuple, int] = {}
        self._wraps: dict[tuple, tuple[str, ...]] = {}
        # Laid-out and rendered paragraphs (see widgets.Frame.paragraph), bounded.
        self.memo: OrderedDict[tuple, object] = OrderedDict()

    def remember(self, key: tuple, value: object) -> object:
        self.memo[key] = value
        if len(self.memo) > MEMO_LIMIT:
            self.memo.popitem(last=False)
        return value

    def recall(self, key: tuple) -> object | None:
        value = self.memo.get(key)
        if value is not None:
            self.memo.move_to_end(key)
        return value

    def px(self, size: str | int) -> int:
        """Pixel size: a theme size name scaled, or an int taken as already in pixels."""
        return self.theme.px(size) if isinstance(size, str) else int(size)

    def font(self, size: str | int = "body", weight: str = "regular") -> pygame.font.Font:
        key = (weight, self.px(size))
        font = self._fonts.get(key)
        if font is None:
            font = pygame.font.Font(str(self.theme.fonts[weight]), key[1])
            self._fonts[key] = font
        return font

    def render(self, text: str, size: str | int = "body", weight: str = "regular",
               colour: Colour | None = None) -> pygame.Surface:
        colour = colour or self.theme.c("text")
        key = (weight, self.px(size), colour, text)
        surf = self._surfaces.get(key)
        if surf is not None:
            self._surfaces.move_to_end(key)
            return surf
        surf = self.font(size, weight).render(text, True, colour)
        self._surfaces[key] = surf
        if len(self._surfaces) > CACHE_LIMIT:
            self._surfaces.popitem(last=False)
        return surf

    def width(self, text: str, size: str | int = "body", weight: str = "regular") -> int:
        key = (weight, self.px(size), text)
        w = self._widths.get(key)
        if w is None:
            if len(self._widths) > CACHE_LIMIT * 4:
                self._widths.clear()
            w = self._widths[key] = self.font(size, weight).size(text)[0]
        return w

    def line_height(self, size: str | int = "body", weight: str = "regular") -> int:
        return self.font(size, weight).get_linesize()

    def ellipsize(self, text: str, max_width: int, size: str | int = "body",
                  weight: str = "regular") -> str:
        if self.width(text, size, weight) <= max_width:
            return text
        key = ("…", weight, self.px(size), max_width, text)
        cached = self._widths.get(key)
        if cached is not None:
            return cached  # type: ignore[return-value]
        font = self.font(size, weight)
        lo, hi = 0, len(text)
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if font.size(text[:mid].rstrip() + "…")[0] <= max_width:
                lo = mid
            else:
                hi = mid - 1
        result = text[:lo].rstrip() + "…"
        self._widths[key] = result  # type: ignore[assignment]
        return result

    def wrap(self, text: str, max_width: int, size: str | int = "body",
             weight: str = "regular") -> list[str]:
        """Greedy word wrap; keeps explicit newlines; breaks over-long words (cached)."""
        key = (weight, self.px(size), max_width, text)
        lines = self._wraps.get(key)
        if lines is None:
            if len(self._wraps) > CACHE_LIMIT:
                self._wraps.clear()
            lines = self._wraps[key] = self._wrap(text, max_width, size, weight)
        return list(lines)

    def clamp_lines(self, text: str, max_width: int, max_lines: int,
                    size: str | int = "body", weight: str = "regular") -> list[str]:
        """Wrapped to at most `max_lines` lines; the last one ends in … if text is cut."""
        lines = self.wrap(text, max_width, size, weight)
        if len(lines) <= max_lines:
            return lines
        rest = " ".join(lines[max_lines - 1:])
        return [*lines[:max_lines - 1], self.ellipsize(rest, max_width, size, weight)]

    def _wrap(self, text: str, max_width: int, size: str | int,
              weight: str) -> tuple[str, ...]:
        font = self.font(size, weight)
        lines: list[str] = []
        for paragraph in text.split("\n"):
            words = paragraph.split(" ")
            line = ""
            for word in words:
                candidate = word if not line else f"{line} {word}"
                if font.size(candidate)[0] <= max_width or not line:
                    line = candidate
                else:
                    lines.append(line)
                    line = word
                while font.size(line)[0] > max_width and len(line) > 1:
                    cut = len(line)
                    while cut > 1 and font.size(line[:cut])[0] > max_width:
                        cut -= 1
                    lines.append(line[:cut])
                    line = line[cut:]
            lines.append(line)
        return tuple(lines)

    def clear(self) -> None:
        self._surfaces.clear()
        self._widths.clear()
        self._wraps.clear()
        self.memo.clear()
