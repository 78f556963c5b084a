"""Map zoom and pan: the wheel zooms about the pointer, +/− and 0 from the keyboard, a drag
or the arrows pan, and the base map is drawn again at the new scale (issue 13)."""

from __future__ import annotations

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
