"""Sparklines and line charts drawn straight onto a Surface."""

from __future__ import annotations

from collections.abc import Sequence

import pygame

from autonomy_game.ui.theme import Colour
from autonomy_game.ui.widgets import Frame

MARKERS = ("circle", "square", "triangle", "diamond")


def _points(values: Sequence[float], rect: pygame.Rect, lo: float, hi: float,
            count: int | None = None) -> list[tuple[int, int]]:
    n = max(count or len(values), 2)
    span = (hi - lo) or 1.0
    return [
        (round(rect.x + rect.width * k / (n - 1)),
         round(rect.bottom - rect.height * (min(max(v, lo), hi) - lo) / span))
        for k, v in enumerate(values)
    ]


def sparkline(frame: Frame, rect: pygame.Rect, values: Sequence[float], colour: Colour,
              lo: float | None = None, hi: float | None = None) -> None:
    if not values:
        return
    lo = min(values) if lo is None else lo
    hi = max(values) if hi is None else hi
    if hi - lo < 1e-9:
        lo, hi = lo - 1.0, hi + 1.0
    pts = _points(values, rect, lo, hi)
    if len(pts) >= 2:
        pygame.draw.lines(frame.surface, colour, False, pts, max(2, frame.px(2)))
    pygame.draw.circle(frame.surface, colour, pts[-1], max(3, frame.px(3)))


def _marker(surf: pygame.Surface, kind: str, colour: Colour, pos: tuple[int, int],
            r: int) -> None:
    x, y = pos
    if kind == "square":
        pygame.draw.rect(surf, colour, (x - r, y - r, 2 * r, 2 * r))
    elif kind == "triangle":
        pygame.draw.polygon(surf, colour, [(x, y - r - 1), (x - r - 1, y + r), (x + r + 1, y + r)])
    elif kind == "diamond":
        pygame.draw.polygon(surf, colour, [(x, y - r - 1), (x + r + 1, y), (x, y + r + 1),
                                           (x - r - 1, y)])
    else:
        pygame.draw.circle(surf, colour, pos, r)


def line_chart(frame: Frame, rect: pygame.Rect, title: str,
               series: list[tuple[str, Sequence[float], Colour]], *, lo: float = 0.0,
               hi: float = 1.0, x_labels: Sequence[str] = (), percent: bool = True,
               threshold: tuple[float, str] | None = None) -> None:
    """A framed chart with gridlines, a y axis, markers per series (shape AND colour)."""
    frame.panel(rect, "panel_alt")
    pad = frame.px(10)
    frame.term(title, (rect.x + pad, rect.y + pad // 2), "label", "semibold")
    legend_y = rect.y + pad // 2 + frame.text.line_height("label", "semibold")
    x = rect.x + pad
    r = max(3, frame.px(4))
    small_h = frame.text.line_height("small")
    for k, (name, _values, colour) in enumerate(series):
        item_w = 2 * r + frame.px(7) + frame.text.width(name, "small")
        if x > rect.x + pad and x + item_w > rect.right - pad:  # wrap the legend
            x, legend_y = rect.x + pad, legend_y + small_h
        mid = legend_y + small_h // 2 + 1
        _marker(frame.surface, MARKERS[k % len(MARKERS)], colour, (x + r + 1, mid), r)
        lab = frame.label(name, (x + 2 * r + frame.px(7), legend_y), "small", colour="text_dim")
        x = lab.right + frame.px(14)
    axis_w = frame.text.width("100 %", "small") + pad
    plot = pygame.Rect(rect.x + axis_w, legend_y + frame.text.line_height("small") + pad // 2,
                       rect.width - axis_w - pad, 0)
    plot.height = rect.bottom - plot.y - frame.text.line_height("small") - pad // 2
    if plot.height < 10 or plot.width < 10:
        return
    steps = 4 if plot.height >= 5 * frame.text.line_height("small") else 2  # labels apart
    for k in range(steps + 1):
        v = lo + (hi - lo) * k / steps
        y = round(plot.bottom - plot.height * k / steps)
        pygame.draw.line(frame.surface, frame.c("border"), (plot.x, y), (plot.right, y), 1)
        text = f"{v * 100:.0f} %" if percent else f"{v:.3g}"
        # The lowest value sits above its line, clear of the quarter labels under the axis.
        frame.label(text, (plot.x - frame.px(6), y), "small", colour="text_faint",
                    anchor="bottomright" if k == 0 else "midright")
    if threshold is not None:
        v, label = threshold
        y = round(plot.bottom - plot.height * (v - lo) / ((hi - lo) or 1))
        for xx in range(plot.x, plot.right, frame.px(10)):
            pygame.draw.line(frame.surface, frame.c("warn"), (xx, y), (xx + frame.px(5), y), 2)
        frame.label(label, (plot.right - 2, y - 2), "small", colour="warn",
                    anchor="bottomright")
    count = max((len(v) for _, v, _ in series), default=2)
    if x_labels:
        step = max(1, len(x_labels) // 6)
        ticks = list(range(0, len(x_labels), step))
        if ticks[-1] != len(x_labels) - 1:
            ticks.append(len(x_labels) - 1)
        left_limit = rect.right - 2
        for k in reversed(ticks):  # right to left, so the last quarter is always labelled
            xx = round(plot.x + plot.width * k / max(count - 1, 1))
            w = frame.text.width(x_labels[k], "small")
            x0 = min(xx - w // 2, left_limit - w)
            if k == 0:
                x0 = min(xx, left_limit - w)
            if x0 < rect.x + 2:
                continue
            frame.label(x_labels[k], (x0, plot.bottom + 2), "small", colour="text_faint")
            left_limit = x0 - frame.px(8)
    for k, (_name, values, colour) in enumerate(series):
        if not values:
            continue
        pts = _points(values, plot, lo, hi, count)
        if len(pts) >= 2:
            pygame.draw.lines(frame.surface, colour, False, pts, max(2, frame.px(3)))
        for p in pts if len(pts) <= 16 else [*pts[::2], pts[-1]]:
            _marker(frame.surface, MARKERS[k % len(MARKERS)], colour, p, r)
