"""Europe on screen: a cached base map (fills, borders) plus a live overlay (network,
outlines, labels with a halo).

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

MAX_ZOOM = 6.0
INDEX_LAYOUTS = 4  # rasterised map layouts kept (zoom levels, sizes); 8 bits a pixel each


class MapView:
    def __init__(self, map_data: MapData | None = None) -> None:
        self.map = map_data or load_map_data()
        self.rect = pygame.Rect(0, 0, 0, 0)
        self.transform = (1.0, 0.0, 0.0)
        self._screen_rings: dict[str, list[np.ndarray]] = {}
        self._all_points: np.ndarray | None = None  # every ring's points, concatenated
        self._ring_spans: dict[str, list[tuple[int, int]]] = {}
        self._base: pygame.Surface | None = None
        self._base_key: tuple | None = None
        # Palette indices of the shapes per layout (`base`), the last few kept so that
        # zooming back to a level (or resetting the zoom) does not rasterise it again.
        self._indices: dict[tuple, pygame.Surface] = {}
        self._hub_xy: dict[str, tuple[float, float]] = {}
        self._focus: tuple[str, ...] = ()
        self._layout_key: tuple | None = None
        self.focus_rect = pygame.Rect(0, 0, 0, 0)
        self._glyphs: dict[tuple, pygame.Surface] = {}
        self._label_key: tuple | None = None
        self._label_rects: dict[str, pygame.Rect] = {}
        self.render_count = 0  # how often the base map was rebuilt (for tests)
        # Zoom and pan: 1.0 shows the scenario's states whole; above it the view is
        # magnified about `center` (map metres), and the base map is drawn again at that
        # scale (never a stretched bitmap).
        self.zoom = 1.0
        self.center: tuple[float, float] | None = None

    # -- zoom and pan -----------------------------------------------------------------------------
    def zoom_by(self, factor: float, about: tuple[int, int] | None = None) -> bool:
        """Zoom in (factor > 1) or out, keeping the map point under `about` (a screen
        position; default the view's centre) where it is. Returns whether anything changed."""
        old = self.zoom
        new = min(max(old * factor, 1.0), MAX_ZOOM)
        if abs(new - old) < 1e-9 or not self.rect.width:
            return False
        pos = about if about is not None and self.rect.collidepoint(about) \
            else self.rect.center
        fixed = self.to_map(pos)
        self.zoom = new
        if new <= 1.0 + 1e-9:
            self.zoom, self.center = 1.0, None
        else:
            # After zooming, `fixed` must still be under `pos`: solve for the centre.
            s = self.transform[0] * new / old
            dx = (pos[0] - self.rect.centerx) / s
            dy = (pos[1] - self.rect.centery) / s
            self.center = (fixed[0] - dx, fixed[1] + dy)
        self._layout_key = None
        return True

    def pan_by(self, dx: int, dy: int) -> bool:
        """Move the view by a screen distance (only when zoomed in)."""
        if self.zoom <= 1.0 or self.center is None:
            return False
        s = self.transform[0]
        self.center = (self.center[0] - dx / s, self.center[1] + dy / s)
        self._layout_key = None
        return True

    def reset_zoom(self) -> bool:
        changed = self.zoom != 1.0
        self.zoom, self.center = 1.0, None
        self._layout_key = None
        return changed

    # -- geometry -------------------------------------------------------------------------------
    def focus_bbox(self, focus: tuple[str, ...],
                   points: tuple[tuple[float, float], ...] = ()) -> tuple | None:
        """The bounding box (metres) of the focus states and extra points (hubs), or None."""
        boxes = [self.map.countries[c].bbox for c in focus if c in self.map.countries]
        boxes += [(x, y, x, y) for x, y in points]
        if not boxes:
            return None
        return (min(b[0] for b in boxes), min(b[1] for b in boxes),
                max(b[2] for b in boxes), max(b[3] for b in boxes))

    def view_bbox(self, focus: tuple[str, ...], width: int, height: int,
                  points: tuple[tuple[float, float], ...] = ()) -> tuple:
        """The members' (and hubs') bounding box with a small margin, widened to the
        rectangle's shape and kept inside the map asset where its edges are cut."""
        box = self.focus_bbox(focus, points)
        if box is None:
            return self.map.bbox
        xmin, ymin, xmax, ymax = box
        mx, my = (xmax - xmin) * 0.03 + 30_000, (ymax - ymin) * 0.03 + 30_000
        xmin, xmax, ymin, ymax = xmin - mx, xmax + mx, ymin - my, ymax + my
        # The asset's south and east edges are straight cuts through land (North Africa,
        # Russia): keep them off screen when the members allow it.
        _, ay0, ax1, ay1 = self.map.bbox
        if ymin < ay0 < box[1]:
            ymin = ay0
        if xmax > ax1 > box[2]:
            xmax = ax1
        aspect = width / max(height, 1)
        w, h = xmax - xmin, ymax - ymin
        if w / h < aspect:
            grow = (h * aspect - w) / 2
            xmin, xmax = xmin - grow, xmax + grow
        else:
            grow = (w / aspect - h) / 2
            ymin, ymax = ymin - grow, ymax + grow
        if xmax > ax1:
            xmin, xmax = xmin - (xmax - ax1), ax1
        if ymin < ay0 and ymax - ymin <= ay1 - ay0:
            ymin, ymax = ay0, ymax + (ay0 - ymin)
        return (xmin, ymin, xmax, ymax)

    def focus_aspect(self, focus: tuple[str, ...],
                     points: tuple[tuple[float, float], ...] = ()) -> float:
        """Width / height of what must be on screen (the focus with its margin)."""
        box = self.focus_bbox(focus, points)
        if box is None:
            box = self.map.bbox
        w, h = box[2] - box[0], box[3] - box[1]
        return (w * 1.06 + 60_000) / max(h * 1.06 + 60_000, 1.0)

    def layout(self, rect: pygame.Rect, scale: float = 1.0, focus: tuple[str, ...] = (),
               focus_rect: pygame.Rect | None = None,
               points: tuple[tuple[float, float], ...] = ()) -> None:
        """Place the map in `rect`, with the focus (states and points) fitted into
        `focus_rect` (a part of `rect`, default all of it) so that overlays such as the
        legend can keep clear of the states that matter."""
        fr = (focus_rect or rect).clip(rect)
        if fr.width < 10 or fr.height < 10:
            fr = rect
        key = (tuple(rect), tuple(fr), focus, points, scale, self.zoom, self.center)
        if key == self._layout_key and self._screen_rings:
            return
        self._layout_key = key
        self.rect = rect.copy()
        self.focus_rect = fr.copy()
        self._focus = focus
        s, ox, oy = fit_transform(self.view_bbox(focus, fr.width, fr.height, points),
                                  fr.width, fr.height, 2 * scale)
        self.transform = (s, ox + fr.x - rect.x, oy + fr.y - rect.y)
        if self.zoom > 1.0:
            if self.center is None:  # zoomed from the keyboard: about the view's middle
                self.center = ((rect.width / 2 - self.transform[1]) / s,
                               (self.transform[2] - rect.height / 2) / s)
            z = s * self.zoom
            cx, cy = self.center
            self.transform = (z, rect.width / 2 - cx * z, rect.height / 2 + cy * z)
        s, ox, oy = self.transform
        if self._all_points is None:  # every ring in one array: one transform per layout
            rings = [ring for shape in self.map.countries.values() for ring in shape.rings]
            self._all_points = np.concatenate(rings) if rings else np.zeros((0, 2))
            ends = np.cumsum([len(ring) for ring in rings]).tolist()
            starts = [0, *ends[:-1]]
            spans = iter(zip(starts, ends, strict=True))
            self._ring_spans = {code: [next(spans) for _ in shape.rings]
                                for code, shape in self.map.countries.items()}
        screen = to_screen(self._all_points, s, ox, oy)
        self._screen_rings = {code: [screen[a:b] for a, b in spans]
                              for code, spans in self._ring_spans.items()}
        self._hub_xy = {}
        self._base_key = None

    def screen_bounds(self, code: str) -> pygame.Rect | None:
        """A country's bounding rectangle on screen (absolute coordinates)."""
        rings = self._screen_rings.get(code)
        if not rings:
            return None
        pts = np.concatenate(rings)
        x0, y0 = pts.min(axis=0)
        x1, y1 = pts.max(axis=0)
        return pygame.Rect(round(self.rect.x + x0), round(self.rect.y + y0),
                           max(1, round(x1 - x0)), max(1, round(y1 - y0)))

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
    def base(self, frame: Frame, members: list[str],
             colours: dict[str, tuple[int, int, int]]) -> pygame.Surface:
        """Sea, land and borders (labels are drawn over the network by `draw_labels`).

        The shapes are rasterised once per layout into an 8-bit surface whose pixels are
        palette indices (sea, border, one index per country); a lens or a new quarter's
        values only set the palette and copy it into the colour surface, so a lens change
        costs one blit instead of drawing some 220 polygons again. The pixels are the same
        as drawing the polygons in colour: same shapes, same order, exact fills."""
        key = (self.rect.size, self._layout_key, frame.theme.scale,
               tuple(sorted(colours.items())), tuple(members))
        if self._base is not None and key == self._base_key:
            return self._base
        self.render_count += 1
        shapes = self._shapes()
        palette = [frame.c("sea"), frame.c("border_line")]
        for code, shape in self.map.countries.items():
            if code in colours:
                palette.append(colours[code])
            elif shape.eu:
                palette.append(frame.c("land_eu_out"))
            else:
                palette.append(frame.c("land_other"))
        shapes.set_palette(palette + [(0, 0, 0)] * (256 - len(palette)))
        surf = self._base if (self._base is not None
                              and self._base.get_size() == self.rect.size) \
            else pygame.Surface(self.rect.size)
        surf.blit(shapes, (0, 0))
        self._base, self._base_key = surf, key
        return surf

    def _shapes(self) -> pygame.Surface:
        """The index surface of the current layout: 0 sea, 1 border, 2 + k country k."""
        key = (self.rect.size, self._layout_key)
        kept = self._indices.pop(key, None)
        if kept is not None:
            self._indices[key] = kept  # most recently used last
            return kept
        if len(self.map.countries) > 254:
            raise ValueError(f"the map has {len(self.map.countries)} countries; the base "
                             "map's palette holds 254")
        surf = pygame.Surface(self.rect.size, 0, 8)
        surf.fill(0)
        for k, code in enumerate(self.map.countries):
            for ring in self._screen_rings[code]:
                pts = ring.round().astype(int).tolist()
                if len(pts) >= 3:
                    pygame.draw.polygon(surf, 2 + k, pts)
                    pygame.draw.lines(surf, 1, True, pts, 1)
        self._indices[key] = surf
        while len(self._indices) > INDEX_LAYOUTS:
            del self._indices[next(iter(self._indices))]
        return surf

    def _halo(self, frame: Frame, text: str, size: str | int, colour) -> pygame.Surface:
        """Bold text with a dark halo, readable on any fill and over corridor lines."""
        key = (text, frame.text.px(size), colour)
        glyph = self._glyphs.get(key)
        if glyph is None:
            ink = frame.text.render(text, size, "bold", colour)
            dark = frame.text.render(text, size, "bold", (8, 11, 17))
            r = max(1, round(frame.theme.scale * 1.5))
            glyph = pygame.Surface((ink.get_width() + 2 * r, ink.get_height() + 2 * r),
                                   pygame.SRCALPHA)
            glyph.fill((8, 11, 17, 0))
            for dx in range(-r, r + 1):
                for dy in range(-r, r + 1):
                    if (dx or dy) and dx * dx + dy * dy <= r * r + 1:
                        glyph.blit(dark, (r + dx, r + dy))
            glyph.blit(ink, (r, r))
            if len(self._glyphs) > 400:
                self._glyphs.clear()
            self._glyphs[key] = glyph
        return glyph

    def draw_labels(self, frame: Frame, labels: dict[str, str],
                    avoid: list[pygame.Rect] = ()) -> list[pygame.Rect]:
        """Country codes at their label points; a code that would sit on a hub marker or on
        another code moves to the nearest clear spot that is still inside its country.
        Returns their rects. Placement is cached per layout and markers."""
        colour = frame.c("text")
        # The small text size, but no bigger than the map's own scale allows (a large UI
        # scale on a small window would otherwise pile the codes of small states up).
        size = min(frame.text.px("small"),
                   max(frame.theme.min_text(), round(self.transform[0] * 130_000)))
        glyphs = {code: self._halo(frame, text, size, colour) for code, text in labels.items()
                  if code in self.map.countries}
        key = (self._layout_key, tuple(map(tuple, avoid)),
               tuple((c, g.get_size()) for c, g in glyphs.items()))
        if key != self._label_key:
            self._label_key = key
            self._label_rects = self._place_labels(glyphs, list(avoid))
        for code, rect in self._label_rects.items():
            frame.surface.blit(glyphs[code], rect)
        return list(self._label_rects.values())

    def _place_labels(self, glyphs: dict[str, pygame.Surface],
                      taken: list[pygame.Rect]) -> dict[str, pygame.Rect]:
        s, ox, oy = self.transform
        placed: dict[str, pygame.Rect] = {}

        def area(code: str) -> float:
            b = self.map.countries[code].bbox
            return (b[2] - b[0]) * (b[3] - b[1])

        # Small states first: they have the least room to move within their borders.
        for code in sorted(glyphs, key=area):
            glyph = glyphs[code]
            shape = self.map.countries[code]
            x = self.rect.x + shape.label[0] * s + ox
            y = self.rect.y + oy - shape.label[1] * s
            rect = glyph.get_rect(center=(round(x), round(y)))
            w, h = rect.width * 3 // 4, rect.height * 2 // 3
            best, best_hit = rect, None
            for dx, dy in ((0, 0), (0, h // 2), (0, -h // 2), (w // 2, 0), (-w // 2, 0),
                           (0, h), (0, -h), (w, 0), (-w, 0), (w, h), (-w, h), (w, -h),
                           (-w, -h), (0, 2 * h), (0, -2 * h)):
                moved = rect.move(dx, dy)
                if (dx or dy) and not shape.contains(*self.to_map(moved.center)):
                    continue  # a code outside its own country misleads
                core = moved.inflate(-rect.width // 4, -rect.height // 3)
                hit = sum(core.clip(t).width * core.clip(t).height for t in taken)
                if best_hit is None or hit < best_hit:
                    best, best_hit = moved, hit
                if hit == 0:
                    break
            placed[code] = best
            taken.append(best.inflate(-rect.width // 4, -rect.height // 3))
        return placed

    def draw_hub_labels(self, frame: Frame, game, taken: list[pygame.Rect]) -> None:
        """Names of damaged hubs (the ones a class must talk about), placed where they cover
        no country code and no other hub name; skipped when there is no such place."""
        sc = game.world.scenario
        taken = list(taken)
        colour = frame.c("disrupted")
        for h, hid in enumerate(game.world.hub_ids):
            if float(game.state.hub_health[0, h]) >= 0.8:
                continue
            hub = sc.hubs[hid]
            x, y = self.hub_position(hub)
            name = hub.name.split(" (")[0]
            glyph = self._halo(frame, name, "small", colour)
            w, hh = glyph.get_size()
            off = frame.px(10)
            for rect in (pygame.Rect(x + off, y - hh // 2, w, hh),
                         pygame.Rect(x - off - w, y - hh // 2, w, hh),
                         pygame.Rect(x - w // 2, y + off, w, hh),
                         pygame.Rect(x - w // 2, y - off - hh, w, hh)):
                if self.rect.contains(rect) and not any(rect.colliderect(t) for t in taken):
                    frame.surface.blit(glyph, rect)
                    taken.append(rect)
                    break

    def outline(self, frame: Frame, code: str, colour, width: int) -> None:
        for ring in self._screen_rings.get(code, []):
            pts = (ring + np.array(self.rect.topleft)).round().astype(int).tolist()
            if len(pts) >= 3:
                pygame.draw.lines(frame.surface, colour, True, pts, width)

    def draw_network(self, frame: Frame, game, flash: float = 1.0) -> list[pygame.Rect]:
        """Corridors (line width = flow, dashed when cut) and hubs (ring = health); returns
        the hubs' marker rectangles (labels keep off them). `flash` < 1 (a new quarter's
        first second) sends a widening, fading ring out of each damaged hub, once."""
        markers: list[pygame.Rect] = []
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
                if flash < 1.0:
                    ring = r + frame.px(4) + round(frame.px(26) * flash)
                    pygame.draw.circle(surf, mix(frame.c("disrupted"), frame.c("bg"), flash),
                                       (x, y), ring, max(2, round(frame.px(4) * (1 - flash))))
            markers.append(pygame.Rect(x - r - 2, y - r - 2, 2 * r + 4, 2 * r + 4))
            frame.tip_zone(pygame.Rect(x - r - 3, y - r - 3, 2 * r + 6, 2 * r + 6),
                           f"{hub.kind.title()} hub, capacity {hub.capacity:.0f} kt a quarter."
                           f" Health {health * 100:.0f} %"
                           + (" — damaged." if health < 0.8 else "."),
                           hub.name)
        return markers


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
