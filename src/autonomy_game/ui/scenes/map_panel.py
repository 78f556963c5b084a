"""The map view of the game screen: lens tabs above the map, the map fitted to the scenario's
member states (and its logistics hubs), a legend that keeps clear of those states, and the
hover card.

Europe is nearly square and the content area is wide, so the map usually has room to spare
on its left (the Atlantic): the legend goes there and the states are fitted to the rest.
When the area is too narrow for that, the states fill the whole map and the legend takes the
corner where it covers the least of them; it can be folded away (L).
"""

from __future__ import annotations

import functools

import numpy as np
import pygame

from autonomy_game.geo.projection import laea_europe_forward
from autonomy_game.ui.lenses import LENSES, RAMP_START, lens_by_key
from autonomy_game.ui.overlays import draw_overlays
from autonomy_game.ui.widgets import Frame

LENS_SHORT = {"defence": "Defence", "threat_east": "East", "threat_south": "South",
              "threat_hybrid": "Hybrid", "threat_china": "China",
              "atlanticism": "Atlanticism", "support": "Support", "gaps": "Gaps"}
LEGEND_W = 244
COMPACT_W = LEGEND_W


@functools.lru_cache(maxsize=8)
def _hub_points(hubs: tuple[tuple[float, float], ...]) -> tuple[tuple[float, float], ...]:
    out = []
    for lon, lat in hubs:
        e, n = laea_europe_forward(lon, lat)
        out.append((float(e), float(n)))
    return tuple(out)


def hub_points(game) -> tuple[tuple[float, float], ...]:
    """The network's hubs in map metres (so the view keeps the whole network in sight)."""
    sc = game.world.scenario
    return _hub_points(tuple((sc.hubs[h].lon, sc.hubs[h].lat) for h in game.world.hub_ids))


def _outsiders(scene) -> bool:
    """Whether some EU members sit this scenario out (the legend then explains their grey)."""
    mv = scene.services.map_view
    return bool(set(mv.map.eu_codes) - set(scene.session.game.world.codes))


def legend_height(frame: Frame, lens, open_: bool, compact: bool = False,
                  outsiders: bool = True) -> int:
    if not open_:
        return frame.px(30)
    small_h = frame.text.line_height("small")
    head = (frame.px(8) + frame.text.line_height("label", "bold") + frame.px(14)
            + frame.px(2) + small_h + frame.px(6))
    if compact:
        return head
    inner = frame.px(LEGEND_W) - frame.px(20)
    return (head + frame.paragraph_height(lens.legend, inner, "small") + frame.px(4)
            + (3 if outsiders else 2) * (small_h + frame.px(4)) + frame.px(6) + small_h
            + frame.px(8))


def legend_width(frame: Frame, open_: bool, compact: bool = False) -> int:
    if open_:
        return frame.px(COMPACT_W if compact else LEGEND_W)
    return frame.text.width("Legend  L  +", "small", "semibold") + frame.px(20)


def place(scene, frame: Frame, map_rect: pygame.Rect, lens) -> tuple[pygame.Rect, bool]:
    """Lay the map out in `map_rect`; returns where the legend goes and whether it is the
    compact one (the colour scale only, when it has to sit over the map)."""
    game = scene.session.game
    mv = scene.services.map_view
    pad = frame.px("pad")
    focus = tuple(game.world.codes)
    points = hub_points(game)
    open_ = scene.session.legend_open
    column = frame.px(LEGEND_W) + 2 * pad  # reserved whether open or folded: a stable map
    aspect = mv.focus_aspect(focus, points)
    if map_rect.width - column >= map_rect.height * aspect:
        focus_rect = pygame.Rect(map_rect.x + column, map_rect.y, map_rect.width - column,
                                 map_rect.height)
        mv.layout(map_rect, frame.theme.scale, focus, focus_rect, points)
        lw = legend_width(frame, open_)
        lh = legend_height(frame, lens, open_, outsiders=_outsiders(scene))
        return pygame.Rect(map_rect.x + pad, map_rect.bottom - lh - pad, lw, lh), False
    mv.layout(map_rect, frame.theme.scale, focus, None, points)
    lw, lh = legend_width(frame, open_, True), legend_height(frame, lens, open_, True)
    corners = [pygame.Rect(map_rect.x + pad, map_rect.bottom - lh - pad, lw, lh),
               pygame.Rect(map_rect.right - lw - pad, map_rect.bottom - lh - pad, lw, lh),
               pygame.Rect(map_rect.x + pad, map_rect.y + pad, lw, lh),
               pygame.Rect(map_rect.right - lw - pad, map_rect.y + pad, lw, lh)]
    bounds = [b for b in (mv.screen_bounds(c) for c in focus) if b is not None]
    labels = [mv.to_screen(*mv.map.countries[c].label) for c in focus
              if c in mv.map.countries]

    def covered(box: pygame.Rect) -> tuple[int, int]:
        """(member labels under the box, area of member outlines' boxes under it)."""
        area = 0
        for b in bounds:
            clip = box.clip(b)
            area += clip.width * clip.height
        return sum(box.collidepoint(p) for p in labels), area

    return min(corners, key=covered), True


def draw_map(scene, frame: Frame, rect: pygame.Rect) -> None:
    game = scene.session.game
    session = scene.session
    mv = scene.services.map_view
    pad = frame.px("pad")
    bar_h = frame.px(36)
    lens_rect = pygame.Rect(rect.x + pad, rect.y + pad // 2, rect.width - 2 * pad, bar_h)
    map_rect = pygame.Rect(rect.x, lens_rect.bottom + pad // 2, rect.width,
                           rect.bottom - lens_rect.bottom - pad // 2)
    lens = lens_by_key(session.lens)
    legend, compact = place(scene, frame, map_rect, lens)
    values = lens.values(game)
    span = lens.span(np.asarray(values, dtype=float))
    colours = {c: frame.theme.ramp(lens.ramp, lens.shade(float(values[n]), span))
               for n, c in enumerate(game.world.codes)}
    frame.surface.blit(mv.base(frame, game.world.codes, colours), map_rect)
    frame.area(map_rect, ("map",))
    frame.set_clip(map_rect)
    draw_overlays(mv, frame, game)
    news = scene.map_flash() if hasattr(scene, "map_flash") else None
    flash = news.progress() if news is not None else 1.0
    struck = set(news.hubs) if news is not None else set()
    markers = mv.draw_network(frame, game, flash, struck) if session.show_network else []
    adopted = news.initiatives if news is not None else []
    if adopted:  # the members taking part in what was just adopted glow once
        mask = game.state.initiative_participants_mask[0]
        taking_part = {game.world.codes[n] for i in adopted for n in np.flatnonzero(mask[i])}
        for code in sorted(taking_part):
            mv.flash_outline(frame, code, flash)
    for code in game.humans:
        mv.outline(frame, code, frame.c("accent"), frame.px(2))
    if scene.hover:
        mv.outline(frame, scene.hover, frame.c("hover"), frame.px(2))
    mv.outline(frame, session.selected, frame.c("selected"), frame.px(3))
    placed = mv.draw_labels(frame, {c: c for c in game.world.codes}, markers)
    if session.show_network:
        mv.draw_hub_labels(frame, game, [*placed, legend])
    if adopted:
        names = [game.scenario.initiatives[game.world.initiative_ids[i]].name for i in adopted]
        more = f" and {len(names) - 2} more" if len(names) > 2 else ""
        frame.chip("✓ Adopted: " + ", ".join(names[:2]) + more,
                   (map_rect.centerx, map_rect.y + pad),
                   "label", "semibold", "good", anchor="midtop", back="panel")
    if mv.zoom > 1.0:
        frame.chip(f"Zoom ×{mv.zoom:.1f} · drag or arrows to move · 0 resets",
                   (map_rect.right - pad, map_rect.y + pad), "small", "semibold",
                   "text_dim", anchor="topright", back="panel")
    frame.set_clip(None)
    frame.tabs(lens_rect, lens_tabs(frame, lens_rect, lens))
    draw_legend(scene, frame, legend, lens, compact, span)
    if scene.hover:
        draw_hover_card(scene, frame, map_rect, lens, values)


def lens_tabs(frame: Frame, rect: pygame.Rect, lens) -> list[tuple]:
    """Tab items "1 Defence" …; the key numbers go when the names would not fit."""
    names = [LENS_SHORT.get(ln.key, ln.label) for ln in LENSES]
    tab_w = (rect.width - frame.px(4) * (len(LENSES) - 1)) // len(LENSES) - frame.px(10)
    numbered = [f"{k + 1} {name}" for k, name in enumerate(names)]
    fits = all(min(frame.text.width(t, "label", "semibold"),
                   frame.text.width(t, "small", "semibold")) <= tab_w for t in numbered)
    labels = numbered if fits else names
    return [(text, ("lens", ln.key), ln.key == lens.key, True)
            for text, ln in zip(labels, LENSES, strict=True)]


def _outline_swatch(frame: Frame, x: int, y: int, colour: str) -> int:
    sw = pygame.Rect(x, y + frame.px(2), frame.px(18), frame.px(13))
    frame.fill(sw, "land_eu_out")
    pygame.draw.rect(frame.surface, frame.c(colour), sw, max(2, frame.px(2)))
    return sw.right + frame.px(6)


def draw_legend(scene, frame: Frame, box: pygame.Rect, lens, compact: bool = False,
                span: tuple[float, float] | None = None) -> None:
    """What the colours and lines mean; `compact`: the colour scale only; `span`: the
    range this quarter's colours are spread over (the lens's own, or wider)."""
    lo, hi = span or (lens.lo, lens.hi)
    session = scene.session
    if not session.legend_open:
        frame.button(box, "Legend  L  +", ("legend",), size="small",
                     tip="Show the map legend (L).")
        return
    frame.fill(box, "panel", frame.px("radius"), "border")
    x, y = box.x + frame.px(10), box.y + frame.px(6)
    inner = box.width - frame.px(20)
    small_h = frame.text.line_height("small")
    fold = frame.px(26)
    frame.button(pygame.Rect(box.right - frame.px(6) - fold, box.y + frame.px(6), fold,
                             fold - frame.px(4)), "−", ("legend",), size="small",
                 tip="Fold the legend away (L).")
    frame.term(lens.label, (x, y), "label", "bold", key=lens.term,
               max_width=inner - fold - frame.px(4))
    y += frame.text.line_height("label", "bold")
    if not compact:
        y += frame.paragraph(lens.legend, pygame.Rect(x, y, inner, 0), "small", "text_dim")
        y += frame.px(4)
    bar = pygame.Rect(x, y, inner, frame.px(14))
    steps = 40
    for k in range(steps):
        col = frame.theme.ramp(lens.ramp, RAMP_START + (1 - RAMP_START) * k / (steps - 1))
        x0 = bar.x + bar.width * k // steps
        x1 = bar.x + bar.width * (k + 1) // steps
        pygame.draw.rect(frame.surface, col, (x0, bar.y, x1 - x0 + 1, bar.height))
    y = bar.bottom + frame.px(2)
    frame.label(lens.fmt(lo), (bar.x, y), "small", colour="text_dim")
    frame.label(lens.fmt(hi), (bar.right, y), "small", colour="text_dim",
                anchor="topright")
    y += small_h + frame.px(6)
    if compact:
        return
    # The network: line width = flow, a dot = hub, a cross = disrupted; the N toggle.
    mid = y + small_h // 2
    pygame.draw.line(frame.surface, frame.c("corridor"), (x, mid), (x + frame.px(20), mid),
                     frame.px(4))
    lab = frame.label("aid flow", (x + frame.px(25), y), "small", colour="text_dim")
    cx = lab.right + frame.px(12)
    r = frame.px(4)
    pygame.draw.circle(frame.surface, frame.c("hub"), (cx, mid), r)
    lab = frame.label("hub", (cx + r + frame.px(5), y), "small", colour="text_dim")
    cx = lab.right + frame.px(14)
    r = frame.px(5)
    for a, b in (((cx - r, mid - r), (cx + r, mid + r)), ((cx - r, mid + r), (cx + r, mid - r))):
        pygame.draw.line(frame.surface, frame.c("disrupted"), a, b, max(2, frame.px(3)))
    frame.label("cut", (cx + r + frame.px(5), y), "small", colour="text_dim")
    y += small_h + frame.px(4)
    nx = _outline_swatch(frame, x, y, "accent")
    lab = frame.label("human seat", (nx, y), "small", colour="text_dim")
    nx = _outline_swatch(frame, lab.right + frame.px(12), y, "selected")
    frame.label("selected", (nx, y), "small", colour="text_dim")
    y += small_h + frame.px(4)
    if _outsiders(scene):
        sw = pygame.Rect(x, y + frame.px(2), frame.px(18), frame.px(13))
        frame.fill(sw, "land_eu_out")
        frame.label("EU, not in this scenario", (sw.right + frame.px(6), y), "small",
                    colour="text_dim", max_width=inner - sw.width - frame.px(6))
        y += small_h + frame.px(4)
    net_w = frame.text.width("Net  N", "small", "semibold") + frame.px(14)
    frame.button(pygame.Rect(x, y, net_w, small_h + frame.px(4)), "Net  N", ("network",),
                 selected=session.show_network, size="small",
                 tip="Show or hide the logistics network (N).")
    frame.label("network shown" if session.show_network else "network hidden",
                (x + net_w + frame.px(8), y + frame.px(2)), "small", colour="text_dim")


def draw_hover_card(scene, frame: Frame, map_rect: pygame.Rect, lens, values) -> None:
    game = scene.session.game
    n = game.world.codes.index(scene.hover)
    st = game.state
    lines = [
        (lens.label, lens.fmt(float(values[n]))),
        *([] if lens.key == "defence" else
          [("Defence", f"{st.defence_pct[0, n]:.2f} % of GDP")]),
        ("Budget", f"€{st.budget[0, n]:.1f} bn/quarter"),
        ("Public support", f"{st.support[0, n] * 100:.0f} %"),
        ("155 mm stock", f"{st.ammunition[0, n]:.0f}k rounds"),
    ]
    pad = frame.px(10)
    line_h = frame.text.line_height("small")
    w = frame.px(260)
    h = frame.text.line_height("label", "bold") + line_h * len(lines) + 2 * pad
    x, y = scene.hover_pos[0] + frame.px(18), scene.hover_pos[1] + frame.px(18)
    if x + w > map_rect.right:
        x = scene.hover_pos[0] - w - frame.px(12)
    if y + h > map_rect.bottom:
        y = scene.hover_pos[1] - h - frame.px(12)
    box = pygame.Rect(x, y, w, h)
    frame.fill(box, "panel", frame.px("radius"), "hover")
    frame.label(game.world.member_names[n] + ("  (human)" if scene.hover in game.humans
                                               else ""),
                (x + pad, y + pad // 2), "label", "bold", max_width=w - 2 * pad)
    yy = y + pad // 2 + frame.text.line_height("label", "bold")
    for label, value in lines:
        frame.label(label, (x + pad, yy), "small", colour="text_dim", max_width=w // 2)
        frame.label(value, (box.right - pad, yy), "small", "semibold", anchor="topright")
        yy += line_h
