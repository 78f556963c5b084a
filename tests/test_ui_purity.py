"""The UI reads the game; it changes it only through `Game.apply`."""

from __future__ import annotations

import pygame
import pytest

from autonomy_game.engine.game import Game
from autonomy_game.ui.lenses import LENSES
from autonomy_game.ui.screenshot import build_app
from tests.test_ui_support import fingerprint, small_scenario


@pytest.fixture
def spy(monkeypatch):
    calls = []
    original = Game.apply

    def apply(self, action):
        calls.append(action)
        return original(self, action)

    monkeypatch.setattr(Game, "apply", apply)
    return calls


@pytest.mark.parametrize("view", ["map", "council", "orders", "report"])
def test_render_hover_and_browse_do_not_touch_the_game(view, spy):
    app = build_app(small_scenario(), view, (1280, 720), turns=2)
    game = app.services.session.game
    spy.clear()
    before = fingerprint(game)
    scene = app.top
    for tab in ("map", "council", "orders", "report"):
        scene.view = tab
        for lens in LENSES[:3]:
            app.services.session.lens = lens.key
            app.render()
            for x in range(40, 1280, 160):
                for y in range(80, 720, 120):
                    app.handle(pygame.event.Event(pygame.MOUSEMOTION, pos=(x, y), rel=(0, 0),
                                                  buttons=(0, 0, 0)))
                    app.render()
    assert fingerprint(game) == before
    assert spy == []


def test_clicks_change_the_game_only_through_apply(spy):
    """Click every control on the orders and Council screens; each change is an action."""
    for view in ("council", "orders"):
        app = build_app(small_scenario(), view, (1280, 720), turns=1)
        game = app.services.session.game
        app.render()
        actions = [z.action for z in app.zones if z.action is not None and z.enabled
                   and z.action[0] not in ("primary", "view")]
        for action in actions:
            zone = app.find(action)
            if zone is None:
                continue
            before = fingerprint(game)
            count = len(spy)
            app.handle(pygame.event.Event(pygame.MOUSEBUTTONUP, pos=zone.rect.center,
                                          button=1))
            app.render()
            if fingerprint(game) != before:
                assert len(spy) > count, f"{action} changed the game without an action"
