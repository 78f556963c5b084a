"""The decision preview on screen: the Preview button and P open it where a decision is
open, the dialog shows each option's futures, and it is gone when switched off."""

from __future__ import annotations

import pygame

from autonomy_game.engine import actions as A
from autonomy_game.scenario.validate import load_scenario
from autonomy_game.ui.app import App, Services, Settings
from autonomy_game.ui.catalog import Catalog
from autonomy_game.ui.scenes.event import EventScene
from autonomy_game.ui.scenes.game import GameScene
from autonomy_game.ui.scenes.preview import PreviewScene
from autonomy_game.ui.screenshot import build_app


def _app(preview: bool = True) -> App:
    from autonomy_game.ui import env

    env.headless_display()
    scenario = load_scenario("us-withdrawal")
    services = Services.create(Catalog.of(scenario),
                               Settings(autosave=False, preview=preview, preview_futures=12))
    services.autosave_path = None
    app = App(services, (1280, 720), window=False)
    services.new_game(scenario, 3, ["PL"])
    app.start(GameScene(services))
    return app


def _key(app: App, key: int) -> None:
    app.handle(pygame.event.Event(pygame.KEYDOWN, key=key, mod=0, unicode=""))


def test_the_event_dialog_offers_a_preview_and_p_opens_it() -> None:
    app = _app()
    assert isinstance(app.top, EventScene)
    app.render()
    assert app.find(("preview",)) is not None
    _key(app, pygame.K_p)
    assert isinstance(app.top, PreviewScene)
    app.render()  # "Playing…" first
    assert app.top.result is None
    app.render()  # then the futures
    result = app.top.result
    assert result is not None and [o.option for o in result.options] == ["timetable", "pledge"]
    assert app.services.session.game.previews == [A.Preview("PL", "event:posture-review", 1)]
    _key(app, pygame.K_ESCAPE)
    assert isinstance(app.top, EventScene)


def test_the_orders_bottom_bar_offers_a_preview() -> None:
    scenario = load_scenario("us-withdrawal")
    services = Services.create(Catalog.of(scenario),
                               Settings(autosave=False, preview_futures=12))
    services.autosave_path = None
    app = build_app(scenario, "orders", (1280, 720), turns=1, services=services)
    assert isinstance(app.top, GameScene) and app.services.session.game.phase == "orders"
    app.render()
    zone = app.find(("preview",))
    assert zone is not None
    app.apply(app.top.on_action(("preview",), zone.rect.center))
    assert isinstance(app.top, PreviewScene) and app.top.subject == "orders"
    app.render()
    app.render()
    assert [o.option for o in app.top.result.options] == ["yours", "advisor"]


def test_no_preview_button_when_the_teacher_switched_it_off() -> None:
    app = _app(preview=False)
    app.render()
    assert app.find(("preview",)) is None
    _key(app, pygame.K_p)
    assert isinstance(app.top, EventScene)
    assert app.services.session.game.preview_off


def test_the_preview_screenshot_view_shows_the_futures() -> None:
    app = build_app(load_scenario("tutorial"), "preview", (1280, 720))
    assert isinstance(app.top, PreviewScene) and app.top.result is not None
    app.render()
    assert app.find(("close",)) is not None


def test_the_end_screens_what_if_replays_a_decision_changed() -> None:
    from autonomy_game.ui.scenes.counterfactual import CounterfactualScene
    from autonomy_game.ui.scenes.end import EndScene

    scenario = load_scenario("tutorial")
    services = Services.create(Catalog.of(scenario),
                               Settings(autosave=False, preview_futures=12))
    services.autosave_path = None
    app = build_app(scenario, "end", (1280, 720), services=services)
    assert isinstance(app.top, EndScene)
    game = services.session.game
    assert game.decisions == [a for a in game.decisions if not isinstance(a, A.ChooseOption)]
    app.render()
    assert app.find(("what_if",)) is not None
    _key(app, pygame.K_w)
    assert isinstance(app.top, CounterfactualScene)
    app.render()
    assert app.top.points == []  # the end view plays every seat by the AI: nothing to change


def test_the_what_if_view_shows_both_sides() -> None:
    app = build_app(load_scenario("tutorial"), "whatif", (1280, 720))
    scene = app.top
    assert scene.points and scene.result is not None
    assert len(scene.result.futures.options) == 2
    app.render()
    assert app.find(("cf_pick", 1)) is not None and app.find(("close",)) is not None
    assert scene.result.actual_outcome == app.services.session.game.outcome


def test_the_what_if_view_names_event_options_by_their_labels_not_their_ids() -> None:
    app = build_app(load_scenario("us-withdrawal"), "whatif", (1280, 720))
    scene = app.top
    point = next(p for p in scene.points if p.subject.startswith("event:"))
    event = next(ev for ev in app.services.session.game.world.events
                 if ev.id == point.subject.split(":", 1)[1])
    labels = {c.id: c.label for c in event.choices}
    for option in (point.taken, *point.alternatives):
        assert scene.option_words(point, option) == labels[option] != option
    app.render()


def test_play_no_preview_is_the_teachers_switch() -> None:
    from autonomy_game.cli.main import build_parser

    parser = build_parser()
    assert parser.parse_args(["play", "us-withdrawal", "--no-preview"]).no_preview is True
    assert parser.parse_args(["play", "us-withdrawal"]).no_preview is False


def test_the_teachers_no_preview_switch_is_saved_and_holds_after_loading(tmp_path) -> None:
    """`play --no-preview` is stored in the save: a game loaded by a window whose own
    setting allows the preview still has it off (and a game saved with it on keeps it on)."""
    from autonomy_game.engine.saves import load_game, read_document, save_game

    app = _app(preview=False)
    game = app.services.session.game
    path = save_game(game, tmp_path / "class.json")
    assert read_document(path)["preview_off"] is True
    scenario = load_scenario("us-withdrawal")
    services = Services.create(Catalog.of(scenario), Settings(autosave=False, preview=True))
    services.autosave_path = None
    loaded = services.attach(load_game(path))
    assert loaded.game.preview_off and not loaded.game.preview_allowed
    loaded_app = App(services, (1280, 720), window=False)
    loaded_app.start(GameScene(services))
    loaded_app.render()
    assert loaded_app.find(("preview",)) is None
    _key(loaded_app, pygame.K_p)
    assert not isinstance(loaded_app.top, PreviewScene)

    allowed = _app(preview=True).services.session.game
    path = save_game(allowed, tmp_path / "open.json")
    assert "preview_off" not in read_document(path)
    assert load_game(path).preview_allowed


def test_a_save_whose_preview_switch_is_not_a_boolean_is_refused(tmp_path) -> None:
    import json

    import pytest

    from autonomy_game.engine.saves import SaveError, _checksum, load_game, save_game

    path = save_game(_app(preview=False).services.session.game, tmp_path / "x.json")
    document = json.loads(path.read_text())
    document["preview_off"] = "yes"
    body = {k: v for k, v in document.items() if k != "checksum"}
    document["checksum"] = _checksum(body)
    path.write_text(json.dumps(document))
    with pytest.raises(SaveError, match="preview_off"):
        load_game(path)
