"""Fonts and text: one Font per (weight, pixel size), rendered strings cached, wrapping.

Rendering a string is the expensive part of drawing text, so every rendered line is kept in
a bounded cache keyed by (weight, size, colour, text); a frame that draws the same labels as
the last one only blits.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections import OrderedDict
from dataclasses import dataclass, field

import pygame

from autonomy_game.ui.theme import Colour, Theme

CACHE_LIMIT = 4000
MEMO_LIMIT = 400
LONG_LINE = 200  # characters: beyond this a line is broken by `_break` straight away
LONG_PARAGRAPH = 2_000  # characters: beyond any real text; wrapped from advances alone
_SOFT_BREAK = re.compile(r"(?<!\n)\n(?!\n|\s*(?:[-•*]|\d+[.)])\s)")


def reflow(text: str) -> str:
    """Join the hard-wrapped lines of a YAML block into paragraphs: a single newline is a
    space, a blank line ends a paragraph, and list items keep their own lines."""
    text = _SOFT_BREAK.sub(" ", text.strip())
    return re.sub(r"\n\s*\n+", "\n", text)


_LEAD_IN = re.compile(r"^((?:[A-Z0-9][A-Z0-9'’&,-]*\s+)*[A-Z0-9][A-Z0-9'’&,-]*)\.\s+(?=\S)")


def briefing_blocks(text: str) -> list[tuple[str, str]]:
    """A briefing split into ("heading", text) and ("paragraph", text) blocks.

    The markup (docs/scenario-format.md, *Briefing markup*): a blank line starts a new
    paragraph; a paragraph that is a single line starting with `## ` is a heading; a
    paragraph that opens with a lead-in in capitals ending in a full stop ("THE SITUATION.
    For seventy years …") shows the lead-in as a heading in sentence case. Lines starting
    with `- ` stay list items inside their paragraph."""
    blocks: list[tuple[str, str]] = []
    for chunk in re.split(r"\n\s*\n", text.strip()):
        chunk = chunk.strip()
        if not chunk:
            continue
        if chunk.startswith("## ") and "\n" not in chunk:
            blocks.append(("heading", chunk[3:].strip()))
            continue
        lead = _LEAD_IN.match(chunk)
        if lead and len(lead.group(1)) >= 4 and any(c.isalpha() for c in lead.group(1)):
            words = lead.group(1).lower()
            blocks.append(("heading", words[0].upper() + words[1:]))
            chunk = chunk[lead.end():]
        blocks.append(("paragraph", reflow(chunk)))
    return blocks


@dataclass
class TextAudit:
    """What one or more frames drew as text, for the layout tests (off in play: the cache's
    `audit` is None then and nothing is recorded).

    `sizes` has the pixel size of every string rendered, `cut` every string that had to be
    shortened with "…", and `labels` the box of every label placed on screen with its text
    and the clip it was drawn in (None: the whole window)."""

    sizes: list[tuple[int, str]] = field(default_factory=list)
    cut: list[str] = field(default_factory=list)
    labels: list[tuple[pygame.Rect, str, pygame.Rect | None]] = field(default_factory=list)


class TextCache:
    def __init__(self, theme: Theme) -> None:
        self.theme = theme
        self.audit: TextAudit | None = None
        self._fonts: dict[tuple[str, int], pygame.font.Font] = {}
        self._surfaces: OrderedDict[tuple, pygame.Surface] = OrderedDict()
        self._widths: dict[tuple, int] = {}
        self._wraps: dict[tuple, tuple[str, ...]] = {}
        self._advances: dict[tuple[str, int], dict[str, int]] = {}  # per font: char -> px
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
        if self.audit is not None and text.strip():
            self.audit.sizes.append((key[1], text))
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
        if self.audit is not None:
            self.audit.cut.append(text)
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
        """Greedy wrap, linear in the text's length (issue 11: a 10 000-character word once
        took minutes). A line is measured once per word added to it; a word too long for a
        line is cut where the per-character advances say it fills the line (`_break`)."""
        font = self.font(size, weight)
        lines: list[str] = []
        advances = self._advances.setdefault((weight, self.px(size)), {})
        for paragraph in text.split("\n"):
            if len(paragraph) > LONG_PARAGRAPH:
                lines.extend(_wrap_by_advances(font, paragraph, max_width, advances))
                continue
            line = ""
            for word in paragraph.split(" "):
                candidate = word if not line else f"{line} {word}"
                if not line or font.size(candidate)[0] <= max_width:
                    line = candidate
                else:
                    lines.append(line)
                    line = word
                # A long line is cut from its advances without measuring it whole first
                # (`size` of 10 000 characters alone costs 15 ms).
                if len(line) > 1 and (len(line) > LONG_LINE or font.size(line)[0] > max_width):
                    *full, line = _break(font, line, max_width, advances)
                    lines.extend(full)
            lines.append(line)
        return tuple(lines)

    def clear(self) -> None:
        self._advances.clear()
        self._surfaces.clear()
        self._widths.clear()
        self._wraps.clear()
        self.memo.clear()


def _break(font: pygame.font.Font, text: str, max_width: int,
           known: dict[str, int]) -> list[str]:
    """`text` cut into pieces that each fit `max_width` (the last may be shorter).

    Linear in len(text), however many characters have no width (combining marks) or no
    glyph: one `metrics` call per character never seen before in this font gives its
    advance, and each cut is found by bisection on their running sum. `size` is not asked
    per piece (0.25 ms each on mixed text: 85 ms for a 10 000-character word); instead the
    budget leaves room for the last glyph's overhang, the only way the drawn width exceeds
    the sum of advances (kerning only narrows; measured at most 2 px on the bundled fonts).
    """
    if len(text) <= LONG_LINE and font.size(text)[0] <= max_width:
        return [text]
    prefix, budget = _prefix(font, text, max_width, known)
    return _cut(prefix, budget, text, 0, len(text))


def _prefix(font: pygame.font.Font, text: str, max_width: int,
            known: dict[str, int]) -> tuple[list[int], int]:
    """Running sum of advances (one `metrics` call for unseen characters) and the budget."""
    new = "".join(set(text) - known.keys())
    if new:
        if len(known) > CACHE_LIMIT * 4:
            known.clear()
            new = "".join(set(text))
        known.update(zip(new, (m[4] if m else 0 for m in font.metrics(new)), strict=True))
    prefix = [0, *itertools.accumulate(known[c] for c in text)]
    return prefix, max(1, max_width - max(3, font.get_height() // 6))


def _cut(prefix: list[int], budget: int, text: str, start: int, stop: int) -> list[str]:
    pieces: list[str] = []
    while start < stop:
        end = min(stop, max(start + 1, bisect.bisect_right(prefix, prefix[start] + budget) - 1))
        pieces.append(text[start:end])
        start = end
    return pieces


def _wrap_by_advances(font: pygame.font.Font, paragraph: str, max_width: int,
                      known: dict[str, int]) -> list[str]:
    """Greedy word wrap of a very long paragraph from the advances alone: linear, with
    `_break`'s margin for overhang; over-long words are cut as `_break` cuts them."""
    prefix, budget = _prefix(font, paragraph, max_width, known)
    lines: list[str] = []
    line_start = word_start = 0
    n = len(paragraph)
    while word_start <= n:
        word_end = paragraph.find(" ", word_start)
        word_end = n if word_end < 0 else word_end
        if word_start > line_start and prefix[word_end] - prefix[line_start] > budget:
            lines.append(paragraph[line_start:word_start - 1])
            line_start = word_start
        if prefix[word_end] - prefix[line_start] > budget and word_end - line_start > 1:
            *full, last = _cut(prefix, budget, paragraph, line_start, word_end)
            lines.extend(full)
            line_start = word_end - len(last)
        word_start = word_end + 1
    lines.append(paragraph[line_start:])
    return lines
