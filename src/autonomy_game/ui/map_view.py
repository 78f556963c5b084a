"""Europe on screen: a cached base map (fills, borders, labels) plus a live overlay.

The base map is rendered into one Surface and re-rendered only when the size, the lens or
the lens values change; a frame blits it and draws the cheap parts on top (hover and
selection outlines, hubs, corridors and their flow). Hit-testing inverts the affine
transform and asks `point_in_country`.
"""

from __future__ import annotations

import itertools

import numpy as np
import pygame

from autonomy_game.geo.map_data import MapData, fit_transform, load_map_data, to_screen
from autonomy_game.geo.projection import laea_europe_forward
from autonomy_game.ui.theme import mix
from autonomy_game.ui.widgets import Frame


class MapView:
    def __init__(self, map_data: MapData | None = None) -> None:
        self.map = map_data or load_map_data()
        self.rect = pygame.Rect(0, 0, 0, 0)
        self.transform = (1.0, 0.0, 0.0)
        self._screen_rings: dict[str, list[np.ndarray]] = {}
        self._base: pygame.Surface | None = None
        self._base_key: tuple | None = None
        self._hub_xy: dict[str, tuple[float, float]] = {}
        self._focus: tuple[str, ...] = ()
        self.render_count = 0  # how often the base map was rebuilt (for tests)

    # -- geometry -------------------------------------------------------------------------------
    def view_bbox(self, focus: tuple[str, ...], width: int, height: int) -> tuple:
        """The members' bounding box with a margin, widened to the rectangle's shape and kept
        inside the map asset (so the scenario's states fill the view)."""
        boxes = [self.map.countries[c].bbox for c in focus if c in self.map.countries]
        if not boxes:
            return self.map.bbox
        xmin = min(b[0] for b in boxes)
        ymin = min(b[1] for b in boxes)
        xmax = max(b[2] for b in boxes)
        ymax = max(b[3] for b in boxes)
        mx, my = (xmax - xmin) * 0.06 + 50_000, (ymax - ymin) * 0.06 + 50_000
        xmin, xmax, ymin, ymax = xmin - mx, xmax + mx, ymin - my, ymax + my
        aspect = width / max(height, 1)
        w, h = xmax - xmin, ymax - ymin
        if w / h < aspect:
            grow = (h * aspect - w) / 2
            xmin, xmax = xmin - grow, xmax + grow
        else:
            grow = (w / aspect - h) / 2
            ymin, ymax = ymin - grow, ymax + grow
        # Keep the straight cut edges of the map asset (east and south) off screen; the
        # Atlantic and the Arctic (west and north) are open sea and may show.
        _, ay0, ax1, ay1 = self.map.bbox
        if xmax > ax1:
            xmin, xmax = xmin - (xmax - ax1), ax1
        if ymin < ay0 and ymax - ymin <= ay1 - ay0:
            ymin, ymax = ay0, ymax + (ay0 - ymin)
        return (xmin, ymin, xmax, ymax)

    def layout(self, rect: pygame.Rect, scale: float = 1.0,
               focus: tuple[str, ...] = ()) -> None:
        if rect == self.rect and self._screen_rings and focus == self._focus:
            return
        self.rect = rect.copy()
        self._focus = focus
        self.transform = fit_transform(self.view_bbox(focus, rect.width, rect.height),
                                       rect.width, rect.height, 2 * scale)
        s, ox, oy = self.transform
        self._screen_rings = {
            code: [to_screen(ring, s, ox, oy) for ring in shape.rings]
            for code, shape in self.map.countries.items()
        }
        self._hub_xy = {}
        self._base_key = None

    def to_screen(self, x: float, y: float) -> tuple[int, int]:
        s, ox, oy = self.transform
        return round(self.rect.x + x * s + ox), round(self.rect.y + oy - y * s)

    def to_map(self, pos: tuple[int, int]) -> tuple[float, float]:
        s, ox, oy = self.transform
        return (pos[0] - self.rect.x - ox) / s, (oy - (pos[1] - self.rect.y)) / s

    def country_at(self, pos: tuple[int, int], candidates: list[str]) -> str | None:
        """The candidate country under a screen position, or None."""
        if not self.rect.collidepoint(pos) or not self._screen_rings:
            return None
        x, y = self.to_map(pos)
        for code in candidates:
            shape = self.map.countries.get(code)
            if shape is not None and shape.contains(x, y):
                return code
        return None

    def hub_position(self, hub) -> tuple[int, int]:
        if hub.id not in self._hub_xy:
            e, n = laea_europe_forward(hub.lon, hub.lat)
            self._hub_xy[hub.id] = (float(e), float(n))
        return self.to_screen(*self._hub_xy[hub.id])

    # -- drawing --------------------------------------------------------------------------------
    def base(self, frame: Frame, members: list[str], colours: dict[str, tuple[int, int, int]],
             labels: dict[str, str]) -> pygame.Surface:
        key = (self.rect.size, frame.theme.scale, tuple(sorted(colours.items())),
               tuple(sorted(labels.items())), tuple(members))
        if self._base is not None and key == self._base_key:
            return self._base
        self.render_count += 1
        surf = pygame.Surface(self.rect.size)
        surf.fill(frame.c("sea"))
        border = frame.c("border_line")
        member_set = set(members)
        for code, shape in self.map.countries.items():
            if code in colours:
                fill = colours[code]
            elif shape.eu:
                fill = frame.c("land_eu_out")
            else:
                fill = frame.c("land_other")
            for ring in self._screen_rings[code]:
                pts = ring.round().astype(int).tolist()
                if len(pts) >= 3:
                    pygame.draw.polygon(surf, fill, pts)
                    pygame.draw.lines(surf, border, True, pts, 1)
        for code, text in labels.items():
            shape = self.map.countries.get(code)
            if shape is None or code not in member_set:
                continue
            s, ox, oy = self.transform
            x, y = shape.label[0] * s + ox, oy - shape.label[1] * s
            fill = colours.get(code, (0, 0, 0))
            light = sum(fill) / 3 > 140
            ink = (16, 21, 30) if light else (243, 245, 249)
            glyph = frame.text.render(text, "small", "bold", ink)
            surf.blit(glyph, glyph.get_rect(center=(round(x), round(y))))
        self._base, self._base_key = surf, key
        return surf

    def outline(self, frame: Frame, code: str, colour, width: int) -> None:
        for ring in self._screen_rings.get(code, []):
            pts = (ring + np.array(self.rect.topleft)).round().astype(int).tolist()
            if len(pts) >= 3:
                pygame.draw.lines(frame.surface, colour, True, pts, width)

    def draw_network(self, frame: Frame, game) -> None:
        """Corridors (line width = flow, dashed when cut) and hubs (ring = health)."""
        sc = game.world.scenario
        st = game.state
        surf = frame.surface
        max_cap = max(float(game.world.corridor_capacity.max(initial=1.0)), 1.0)
        for c, cid in enumerate(game.world.corridor_ids):
            corridor = sc.corridors[cid]
            pts = [self.hub_position(sc.hubs[h]) for h in corridor.path if h in sc.hubs]
            if len(pts) < 2:
                continue
            flow = float(st.corridor_flow[0, c])
            is_open = float(st.corridor_open[0, c])
            width = max(2, round(frame.px(1.5) + frame.px(7) * min(flow / max_cap, 1.0)))
            if is_open < 0.5:
                _dashed(surf, frame.c("disrupted"), pts, frame.px(3), frame.px(8))
                mid = _midpoint(pts)
                _cross(surf, frame.c("disrupted"), mid, frame.px(7), frame.px(3))
            else:
                col = mix(frame.c("corridor"), frame.c("disrupted"), 1.0 - is_open)
                pygame.draw.lines(surf, (10, 14, 21), False, pts, width + 2)
                pygame.draw.lines(surf, col, False, pts, width)
        for h, hid in enumerate(game.world.hub_ids):
            hub = sc.hubs[hid]
            x, y = self.hub_position(hub)
            health = float(st.hub_health[0, h])
            r = frame.px(4)
            pygame.draw.circle(surf, (10, 14, 21), (x, y), r + 2)
            pygame.draw.circle(surf, frame.c("hub"), (x, y), r)
            if health < 0.8:
                _cross(surf, frame.c("disrupted"), (x, y), r + frame.px(4), frame.px(3))
            frame.tip_zone(pygame.Rect(x - r - 3, y - r - 3, 2 * r + 6, 2 * r + 6),
                           f"{hub.kind.title()} hub, capacity {hub.capacity:.0f} kt a quarter."
                           f" Health {health * 100:.0f} %"
                           + (" — damaged." if health < 0.8 else "."),
                           hub.name)


def _midpoint(pts: list[tuple[int, int]]) -> tuple[int, int]:
    k = len(pts) // 2
    if len(pts) % 2 == 0:
        a, b = pts[k - 1], pts[k]
        return (a[0] + b[0]) // 2, (a[1] + b[1]) // 2
    return pts[k]


def _cross(surf, colour, centre, r, width) -> None:
    x, y = centre
    pygame.draw.line(surf, (10, 14, 21), (x - r, y - r), (x + r, y + r), width + 2)
    pygame.draw.line(surf, (10, 14, 21), (x - r, y + r), (x + r, y - r), width + 2)
    pygame.draw.line(surf, colour, (x - r, y - r), (x + r, y + r), width)
    pygame.draw.line(surf, colour, (x - r, y + r), (x + r, y - r), width)


def _dashed(surf, colour, pts, width, dash) -> None:
    for a, b in itertools.pairwise(pts):
        ax, ay = a
        bx, by = b
        length = max(1.0, ((bx - ax) ** 2 + (by - ay) ** 2) ** 0.5)
        steps = int(length // dash)
        for k in range(0, steps, 2):
            t0, t1 = k / steps, min((k + 1) / steps, 1.0)
            pygame.draw.line(surf, colour, (ax + (bx - ax) * t0, ay + (by - ay) * t0),
                             (ax + (bx - ax) * t1, ay + (by - ay) * t1), width)
