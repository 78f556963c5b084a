"""Each screen renders without error at 1280×720 and 1920×1080 (headless)."""

from __future__ import annotations

import pygame
import pytest

from autonomy_game.ui.screenshot import VIEWS, build_app, save_screenshot
from tests.test_ui_support import small_scenario

SIZES = [(1280, 720), (1920, 1080)]


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("view", VIEWS)
def test_each_view_renders(view, size):
    app = build_app(small_scenario(), view, size, turns=2, seed=3)
    ms = app.render()
    assert app.surface.get_size() == size
    assert ms > 0
    assert app.zones, "a screen with nothing to click or hover"
    # Something besides the background was drawn.
    pixels = pygame.surfarray.array3d(app.surface).reshape(-1, 3)
    colours = {tuple(p) for p in pixels[::7]}
    assert len(colours) > 3


@pytest.mark.parametrize("view", ["map", "council", "orders", "report", "end"])
def test_bundled_scenario_views_render(view):
    from autonomy_game.scenario import bundled_scenarios, load_scenario

    assert "us-withdrawal" in [i.id for i in bundled_scenarios()]
    scenario = load_scenario("us-withdrawal")
    for size in SIZES:
        app = build_app(scenario, view, size, turns=2)
        app.render()


@pytest.mark.parametrize("scale", [1.0, 1.5, 2.0])
def test_ui_scale_setting_renders(scale):
    app = build_app(small_scenario(), "orders", (1280, 720), turns=1)
    app.set_scale(scale)
    assert app.services.theme.scale == scale
    app.render()


def test_every_lens_renders():
    from autonomy_game.ui.lenses import LENSES

    app = build_app(small_scenario(), "map", (1280, 720), turns=1)
    for lens in LENSES:
        app.services.session.lens = lens.key
        app.render()


def test_screenshot_writes_png(tmp_path):
    out, played = save_screenshot(small_scenario(), tmp_path / "shot.png", "council",
                                  (1280, 720), 1)
    assert played == 1
    image = pygame.image.load(str(out))
    assert image.get_size() == (1280, 720)
