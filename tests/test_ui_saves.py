"""The load screen: named saves, newest first, each loaded into its own slot."""

from __future__ import annotations

import pygame

from autonomy_game.engine.actions import EndPhase
from autonomy_game.scenario import load_scenario


def _click(app, action):
    app.render()
    zone = app.find(action)
    assert zone is not None and zone.enabled, action
    app.handle(pygame.event.Event(pygame.MOUSEBUTTONUP, pos=zone.rect.center, button=1))


def test_load_screen_lists_every_game_and_continues_the_one_picked(tmp_path):
    from autonomy_game.ui import env
    from autonomy_game.ui.app import App, Services
    from autonomy_game.ui.catalog import Catalog
    from autonomy_game.ui.scenes.start import StartScene

    scenario = load_scenario("tutorial")
    services = Services.create(Catalog.of(scenario))
    services.saves_folder = tmp_path
    for turns, seed in ((2, 11), (3, 12)):  # two games, each in its own named slot
        session = services.new_game(scenario, seed, [scenario.members[0]])
        session.autosave.stem = f"tutorial-game{seed}"
        while session.game.turn <= turns:
            session.send(EndPhase())
    assert len(list(tmp_path.glob("*.json"))) == 2
    (tmp_path / "broken.json").write_text("{ not json")
    services.session = None
    env.headless_display()
    app = App(services, (1280, 720), window=False)
    app.start(StartScene(services, "tutorial"))
    _click(app, ("saves",))
    assert app.top.name == "load"
    descriptions = [i.description for i in app.top.infos if i.problem is None]
    assert len(descriptions) == 2 and all("tutorial" in d for d in descriptions)
    # The damaged one (the newest) was set aside by the start screen, never offered.
    assert len(app.top.infos) == 2 and (tmp_path / "broken.json.damaged").exists()
    pick = next(k for k, i in enumerate(app.top.infos) if "game11" in i.path.name)
    described = app.top.infos[pick].description
    _click(app, ("load", pick))
    assert app.top.name == "game"
    game = services.session.game
    assert game.seed == 11 and f"turn {game.turn} " in described
    services.session.send(EndPhase())  # goes on in its own slot, not another game's
    names = sorted(p.name for p in tmp_path.glob("tutorial-game*.json"))
    assert any(n.startswith("tutorial-game11") for n in names)
    assert any(n.startswith("tutorial-game12") for n in names)
