"""Motion on a new quarter (issue 13): the top bar's changed figures roll from last quarter's
value to the new one, and the map flashes the hubs struck and the initiatives adopted since
the quarter before, once, the first time it is seen; reduce motion turns both off."""

from __future__ import annotations

import time

import numpy as np
import pygame
import pytest

from autonomy_game.engine.game import play_to_end
from autonomy_game.scenario.validate import load_scenario
from autonomy_game.ui import hud
from autonomy_game.ui.map_flash import FLASH_S, Marks, news
from tests.support.layout_audit import rendered_audit


def _texts(app) -> list[str]:
    audit = rendered_audit(app)
    return [text for _ink, text, _clip in audit.labels]


def _app(scenario_id: str, turns: int, reduce_motion: bool = False):
    from autonomy_game.ui import env
    from autonomy_game.ui.app import App, Services, Settings
    from autonomy_game.ui.catalog import Catalog
    from autonomy_game.ui.scenes.game import GameScene

    env.headless_display()
    scenario = load_scenario(scenario_id)
    services = Services.create(Catalog.of(scenario),
                               Settings(autosave=False, reduce_motion=reduce_motion))
    services.autosave_path = None
    session = services.new_game(scenario, 1, [])
    play_to_end(session.game, until_turn=turns)
    app = App(services, (1280, 720), window=False)
    app.start(GameScene(services))
    return app


def _next_quarter(app) -> None:
    game = app.services.session.game
    turn = game.turn
    if game.phase != "report":
        play_to_end(game, until_turn=game.state.turn + 1)
    game.advance()  # from the report into the next quarter
    assert game.turn == turn + 1


def test_a_card_rolls_from_last_quarters_value_to_the_new_one() -> None:
    app = _app("us-withdrawal", 3)
    game = app.services.session.game
    cards = [c for c in hud.indicator_cards(game) if abs(c.change) > c.threshold]
    assert cards
    for card in cards:
        assert card.shown(1.0) == card.value
        assert card.shown(0.0) == card.fmt(card.before)
        assert card.fmt(card.now) == card.value
        half = card.before + (card.now - card.before) * hud.ease(0.5)
        assert card.shown(0.5) == card.fmt(half)


def test_the_top_bar_shows_the_old_figure_at_the_start_of_a_new_quarter(monkeypatch) -> None:
    app = _app("us-withdrawal", 2)
    scene = app.top
    app.render()
    _next_quarter(app)
    app.render()  # the new quarter is noticed: the motion begins
    assert scene.animating()
    frozen = scene._motion_start
    monkeypatch.setattr(time, "perf_counter", lambda: frozen)  # its very first frame
    shown = _texts(app)
    cards = [c for c in hud.indicator_cards(app.services.session.game)
             if c.fmt(c.before) != c.value]
    assert cards, "some figure must have changed visibly in a quarter"
    for card in cards:
        assert card.fmt(card.before) in shown
    monkeypatch.setattr(time, "perf_counter", lambda: frozen + 10)  # long past: settled
    shown = _texts(app)
    assert all(card.value in shown for card in cards)
    assert not scene.animating()


def test_reduce_motion_shows_the_new_figures_at_once() -> None:
    app = _app("us-withdrawal", 2, reduce_motion=True)
    scene = app.top
    app.render()
    _next_quarter(app)
    shown = _texts(app)
    assert not scene.animating()
    for card in hud.indicator_cards(app.services.session.game):
        assert card.value in shown


def test_news_between_two_snapshots_are_the_hubs_struck_and_items_adopted() -> None:
    before = Marks(np.array([1.0, 0.9, 0.5]), np.array([True, False, False]))
    after = Marks(np.array([1.0, 0.4, 0.5]), np.array([True, True, False]))
    assert news(before, after) == ([1], [1])
    assert news(after, after) == ([], [])
    healed = Marks(np.array([1.0, 0.9, 0.7]), after.adopted)
    assert news(after, healed) == ([], [])  # repairs do not flash


def _pixels_near(app, points, radius: int) -> np.ndarray:
    arr = pygame.surfarray.array3d(app.surface)
    return np.concatenate([arr[max(x - radius, 0):x + radius, max(y - radius, 0):y + radius]
                           .reshape(-1, 3) for x, y in points])


def test_the_map_flashes_struck_hubs_and_adopted_items_once_when_first_seen() -> None:
    # supply-line-crisis, seed 1, every seat AI: the first quarter whose Council adopts an
    # initiative and whose events strike hubs (found by playing, not assumed).
    app = _app("supply-line-crisis", 1)
    scene = app.top
    game = app.services.session.game
    app.render()
    for _ in range(game.scenario.turns):
        _next_quarter(app)  # the next quarter as a player meets it: the screen notes it
        app.render()
        before = Marks.of(game.state)
        _next_quarter(app)
        hubs, adopted = news(before, Marks.of(game.state))
        if hubs and adopted:
            break
    assert hubs and adopted, "no quarter with both a strike and an adoption to show"
    scene.view = "report"
    app.render()  # the quarter changes while the report is shown: nothing starts yet
    flash = scene.quarter_watch.flash
    assert flash is not None and flash.start is None
    assert (flash.hubs, flash.initiatives) == (hubs, adopted)
    scene.view = "map"
    mv = app.services.map_view
    shown = _texts(app)  # the map's first frame: the flash begins
    assert flash.start is not None and scene.animating()
    names = [game.scenario.initiatives[game.world.initiative_ids[i]].name for i in adopted]
    assert any(t.startswith("✓ Adopted: ") and names[0] in t for t in shown)
    points = [mv.hub_position(game.scenario.hubs[game.world.hub_ids[h]]) for h in hubs]
    flash.start = time.perf_counter() - FLASH_S * 0.3
    app.render()
    during = _pixels_near(app, points, app.services.theme.px(40))
    flash.start = time.perf_counter() - FLASH_S * 2
    shown = _texts(app)
    after = _pixels_near(app, points, app.services.theme.px(40))
    assert not scene.quarter_watch.running() and scene.quarter_watch.flash is None
    assert not any(t.startswith("✓ Adopted: ") for t in shown)
    assert (during != after).any(axis=1).sum() > 20  # rings were drawn round the hubs
    app.render()
    assert scene.map_flash() is None  # once only


@pytest.mark.parametrize("reduce_motion", [True])
def test_reduce_motion_flashes_nothing_on_the_map(reduce_motion: bool) -> None:
    app = _app("supply-line-crisis", 4, reduce_motion=reduce_motion)
    scene = app.top
    scene.view = "map"
    app.render()
    _next_quarter(app)
    shown = _texts(app)
    assert scene.quarter_watch.flash is None and not scene.animating()
    assert not any(t.startswith("✓ Adopted: ") for t in shown)
