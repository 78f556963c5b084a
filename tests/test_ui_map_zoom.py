"""Map zoom and pan: the wheel zooms about the pointer, +/− and 0 from the keyboard, a drag
or the arrows pan, and the base map is drawn again at the new scale (issue 13)."""

from __future__ import annotations

import numpy as np
import pygame
import pytest

from autonomy_game.ui.screenshot import build_app


@pytest.fixture
def app():
    from autonomy_game.scenario import load_scenario

    app = build_app(load_scenario("supply-line-crisis"), "map", (1280, 720))
    app.render()
    return app


def test_wheel_zooms_about_the_pointer_and_redraws_the_base_map(app):
    mv = app.services.map_view
    pos = (mv.rect.centerx + 120, mv.rect.centery - 60)
    app.handle(pygame.event.Event(pygame.MOUSEMOTION, pos=pos, rel=(0, 0), buttons=(0, 0, 0)))
    before = mv.to_map(pos)
    scale = mv.transform[0]
    rebuilt = mv.render_count
    for _ in range(3):
        app.handle(pygame.event.Event(pygame.MOUSEWHEEL, x=0, y=1))
        app.render()
    assert mv.zoom == pytest.approx(1.25 ** 3)
    assert mv.transform[0] == pytest.approx(scale * 1.25 ** 3)
    after = mv.to_map(pos)
    assert abs(after[0] - before[0]) * mv.transform[0] < 2  # the same place, within 2 px
    assert abs(after[1] - before[1]) * mv.transform[0] < 2
    assert mv.render_count > rebuilt  # drawn again at the zoom, not a stretched bitmap


def test_drag_pans_without_clicking_and_zero_resets(app):
    mv = app.services.map_view
    app.handle(pygame.event.Event(pygame.KEYDOWN, key=pygame.K_PLUS, mod=0, unicode="+"))
    app.render()
    assert mv.zoom > 1
    selected = app.services.session.selected
    start = mv.rect.center
    centre = mv.to_map(start)
    app.handle(pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=start, button=1))
    end = (start[0] + 100, start[1] + 40)
    app.handle(pygame.event.Event(pygame.MOUSEMOTION, pos=end, rel=(100, 40),
                                  buttons=(1, 0, 0)))
    app.handle(pygame.event.Event(pygame.MOUSEBUTTONUP, pos=end, button=1))
    app.render()
    moved = mv.to_map(end)  # what was under the press is now under the release
    assert abs(moved[0] - centre[0]) * mv.transform[0] < 2
    assert abs(moved[1] - centre[1]) * mv.transform[0] < 2
    assert app.services.session.selected == selected  # a drag is not a click
    app.handle(pygame.event.Event(pygame.KEYDOWN, key=pygame.K_0, mod=0, unicode="0"))
    app.render()
    assert mv.zoom == 1.0 and mv.center is None


def test_zooming_out_stops_at_the_whole_map(app):
    mv = app.services.map_view
    app.handle(pygame.event.Event(pygame.KEYDOWN, key=pygame.K_MINUS, mod=0, unicode="-"))
    assert mv.zoom == 1.0


def _drawn_in_colour(mv, frame, colours):
    """The base map as it was drawn before the index map: every polygon in its colour."""
    surf = pygame.Surface(mv.rect.size)
    surf.fill(frame.c("sea"))
    for code, shape in mv.map.countries.items():
        fill = colours.get(code) or frame.c("land_eu_out" if shape.eu else "land_other")
        for ring in mv._screen_rings[code]:
            pts = ring.round().astype(int).tolist()
            if len(pts) >= 3:
                pygame.draw.polygon(surf, fill, pts)
                pygame.draw.lines(surf, frame.c("border_line"), True, pts, 1)
    return pygame.surfarray.array3d(surf)


@pytest.mark.parametrize("zoom_steps", [0, 3])
def test_every_lens_colours_the_index_map_exactly_as_drawing_in_colour(app, zoom_steps):
    """A lens only sets the index map's palette; the pixels equal drawing each polygon in
    its colour, for every lens, at two zoom levels, and back again."""
    from autonomy_game.ui.lenses import LENSES
    from autonomy_game.ui.widgets import Frame

    mv = app.services.map_view
    for _ in range(zoom_steps):
        app.handle(pygame.event.Event(pygame.MOUSEWHEEL, x=0, y=1))
    app.render()
    services = app.services
    frame = Frame(app.surface, services.theme, services.text, services.glossary)
    game = services.session.game
    members = list(game.world.codes)
    for lens in [*LENSES, LENSES[0]]:
        values = np.asarray(lens.values(game), dtype=float)
        span = lens.span(values)
        colours = {c: services.theme.ramp(lens.ramp, lens.shade(float(values[n]), span))
                   for n, c in enumerate(members)}
        base = mv.base(frame, members, colours)
        expected = _drawn_in_colour(mv, frame, colours)
        assert (pygame.surfarray.array3d(base) == expected).all(), lens.key
