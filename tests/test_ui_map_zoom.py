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


def _window(app, pos):
    """A window position as SDL's normalised finger coordinates."""
    w, h = app.surface.get_size()
    return pos[0] / w, pos[1] / h


def _finger(kind, app, finger, pos):
    x, y = _window(app, pos)
    return pygame.event.Event(kind, touch_id=1, finger_id=finger, x=x, y=y, dx=0.0, dy=0.0,
                              pressure=1.0)


def _post_and_handle(app, events) -> None:
    """Through SDL's queue, as the window's loop receives them."""
    pygame.event.clear()
    for event in events:
        pygame.event.post(event)
    for event in pygame.event.get():
        app.handle(event)


def test_two_fingers_moving_apart_zoom_in_about_the_point_between_them(app):
    mv = app.services.map_view
    selected = app.services.session.selected
    mid = (mv.rect.centerx + 80, mv.rect.centery + 30)
    before = mv.to_map(mid)
    a0, b0 = (mid[0] - 50, mid[1]), (mid[0] + 50, mid[1])
    a1, b1 = (mid[0] - 100, mid[1]), (mid[0] + 100, mid[1])
    _post_and_handle(app, [
        _finger(pygame.FINGERDOWN, app, 1, a0),
        pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=a0, button=1, touch=True),
        _finger(pygame.FINGERDOWN, app, 2, b0),
        _finger(pygame.FINGERMOTION, app, 1, a1),
        pygame.event.Event(pygame.MOUSEMOTION, pos=a1, rel=(-50, 0), buttons=(1, 0, 0),
                           touch=True),
        _finger(pygame.FINGERMOTION, app, 2, b1),
        _finger(pygame.FINGERUP, app, 1, a1),
        pygame.event.Event(pygame.MOUSEBUTTONUP, pos=a1, button=1, touch=True),
        _finger(pygame.FINGERUP, app, 2, b1),
    ])
    app.render()
    # 100 px apart → 150 (one finger moved) → 200 (both): twice as large, within rounding
    # of the normalised coordinates.
    assert mv.zoom == pytest.approx(2.0, rel=0.02)
    after = mv.to_map(mid)
    assert abs(after[0] - before[0]) * mv.transform[0] < 3  # still under the fingers
    assert abs(after[1] - before[1]) * mv.transform[0] < 3
    assert app.services.session.selected == selected  # the pinch was not a click
    # Fingers moving together zoom back out (never below the whole map).
    _post_and_handle(app, [
        _finger(pygame.FINGERDOWN, app, 3, a1), _finger(pygame.FINGERDOWN, app, 4, b1),
        _finger(pygame.FINGERMOTION, app, 3, (mid[0] - 20, mid[1])),
        _finger(pygame.FINGERMOTION, app, 4, (mid[0] + 20, mid[1])),
        _finger(pygame.FINGERUP, app, 3, a1), _finger(pygame.FINGERUP, app, 4, b1),
    ])
    assert mv.zoom == 1.0


def test_one_finger_does_not_zoom_and_a_pinch_off_the_map_does_nothing(app):
    mv = app.services.map_view
    p = mv.rect.center
    _post_and_handle(app, [_finger(pygame.FINGERDOWN, app, 1, p),
                           _finger(pygame.FINGERMOTION, app, 1, (p[0] + 90, p[1])),
                           _finger(pygame.FINGERUP, app, 1, (p[0] + 90, p[1]))])
    assert mv.zoom == 1.0
    side = (app.surface.get_width() - 20, app.surface.get_height() // 2)  # the state panel
    _post_and_handle(app, [
        _finger(pygame.FINGERDOWN, app, 1, (side[0] - 10, side[1])),
        _finger(pygame.FINGERDOWN, app, 2, (side[0], side[1] + 10)),
        _finger(pygame.FINGERMOTION, app, 2, (side[0], side[1] + 40)),
    ])
    assert mv.zoom == 1.0


def test_a_multigesture_alone_zooms_by_its_distance_change(app):
    """Where SDL sends only MULTIGESTURE (no finger events reach the window)."""
    from autonomy_game.ui.touch import gesture_factor

    mv = app.services.map_view
    x, y = _window(app, mv.rect.center)
    _post_and_handle(app, [pygame.event.Event(pygame.MULTIGESTURE, touch_id=1, x=x, y=y,
                                              rotated=0.0, pinched=0.1, num_fingers=2)])
    assert mv.zoom == pytest.approx(gesture_factor(0.1)) and mv.zoom > 1.5
    _post_and_handle(app, [pygame.event.Event(pygame.MULTIGESTURE, touch_id=1, x=x, y=y,
                                              rotated=0.0, pinched=-0.5, num_fingers=2)])
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
