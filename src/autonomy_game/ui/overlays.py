"""A scenario's cables, pipelines and sea zones on the map (format 2 `overlays:`).

Drawn under the logistics network: a line for a cable (thin, dashed) or a pipeline (solid), a
translucent area for a zone. Damage shows as the colour turning to the disrupted red and, below
half health, a cross at the line's middle, so a class sees at a glance what was cut.
"""

from __future__ import annotations

import itertools

import pygame

from autonomy_game.geo.projection import laea_europe_forward
from autonomy_game.ui.theme import mix
from autonomy_game.ui.widgets import Frame

LINE_COLOURS = {"cable": (120, 190, 230), "pipeline": (230, 170, 90), "zone": (120, 170, 220)}


def _screen_points(view, points: tuple[tuple[float, float], ...]) -> list[tuple[int, int]]:
    out = []
    for lon, lat in points:
        e, n = laea_europe_forward(lon, lat)
        out.append(view.to_screen(float(e), float(n)))
    return out


def draw_overlays(view, frame: Frame, game) -> None:
    """Every overlay of the scenario, coloured by its health in game 0."""
    overlays = game.world.scenario.overlays
    if not overlays:
        return
    surf = frame.surface
    for k, overlay in enumerate(overlays.values()):
        health = float(game.state.overlay_health[0, k])
        pts = _screen_points(view, overlay.points)
        if len(pts) < 2:
            continue
        colour = mix(LINE_COLOURS.get(overlay.kind, LINE_COLOURS["cable"]),
                     frame.c("disrupted"), 1.0 - health)
        if overlay.kind == "zone" and len(pts) >= 3:
            box = pygame.Rect(pts[0], (0, 0)).unionall([pygame.Rect(p, (1, 1)) for p in pts])
            layer = pygame.Surface(box.size, pygame.SRCALPHA)
            local = [(x - box.x, y - box.y) for x, y in pts]
            pygame.draw.polygon(layer, (*colour, 60), local)
            pygame.draw.polygon(layer, (*colour, 200), local, max(1, frame.px(2)))
            surf.blit(layer, box.topleft)
            anchor = box.center
        else:
            width = max(2, frame.px(3 if overlay.kind == "pipeline" else 2))
            pygame.draw.lines(surf, (10, 14, 21), False, pts, width + 2)
            if overlay.kind == "cable":
                _dashed(surf, colour, pts, width, frame.px(7))
            else:
                pygame.draw.lines(surf, colour, False, pts, width)
            anchor = pts[len(pts) // 2]
        if health < 0.5:
            r, w = frame.px(7), frame.px(3)
            x, y = anchor
            pygame.draw.line(surf, frame.c("disrupted"), (x - r, y - r), (x + r, y + r), w)
            pygame.draw.line(surf, frame.c("disrupted"), (x - r, y + r), (x + r, y - r), w)
        r = frame.px(10)
        state = "intact" if health >= 0.999 else f"{health * 100:.0f} % working"
        frame.tip_zone(pygame.Rect(anchor[0] - r, anchor[1] - r, 2 * r, 2 * r),
                       f"{overlay.kind.title()}: {state}. {overlay.description}".strip(),
                       overlay.name)


def _dashed(surf: pygame.Surface, colour, pts: list[tuple[int, int]], width: int,
            dash: int) -> None:
    for (x0, y0), (x1, y1) in itertools.pairwise(pts):
        length = max(((x1 - x0) ** 2 + (y1 - y0) ** 2) ** 0.5, 1.0)
        steps = max(int(length // dash), 1)
        for k in range(0, steps, 2):
            a, b = k / steps, min((k + 1) / steps, 1.0)
            pygame.draw.line(surf, colour, (x0 + (x1 - x0) * a, y0 + (y1 - y0) * a),
                             (x0 + (x1 - x0) * b, y0 + (y1 - y0) * b), width)
