"""A whole game driven through the real event loop by posted mouse and keyboard events:
start screen → (hand-over, events, Council, orders, report) × turns → end screen."""

from __future__ import annotations

import pygame

from autonomy_game.engine.council import YES
from autonomy_game.engine.game import Game
from autonomy_game.ui import env
from autonomy_game.ui.app import App, Services, Settings
from autonomy_game.ui.catalog import Catalog
from autonomy_game.ui.scenes.end import EndScene
from autonomy_game.ui.scenes.event import EventScene
from autonomy_game.ui.scenes.game import GameScene
from autonomy_game.ui.scenes.handover import HandoverScene
from autonomy_game.ui.scenes.start import StartScene
from tests.test_ui_support import fingerprint, play_scenario, small_scenario


def click(app: App, action) -> None:
    zone = app.find(action)
    assert zone is not None, f"no control {action!r} on {app.top.name}"
    pos = zone.rect.center
    pygame.event.post(pygame.event.Event(pygame.MOUSEMOTION, pos=pos, rel=(0, 0),
                                         buttons=(0, 0, 0)))
    pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=pos, button=1))
    pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONUP, pos=pos, button=1))


def key(k: int, mod: int = 0) -> None:
    pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=k, mod=mod, unicode="",
                                         scancode=0))


class Driver:
    """Plays like a class would: reads the screen, clicks, presses Enter."""

    def __init__(self, humans: list[str]) -> None:
        self.humans = humans
        self.seen: list[str] = []
        self.handovers: list[str] = []
        self.voted: set[tuple[int, str]] = set()
        self.raised: set[tuple[int, str]] = set()
        self.steps = 0
        self.last_fingerprint: str | None = None
        self.applied_since = 0
        self.illegal_changes = 0

    def __call__(self, app: App) -> None:
        self.steps += 1
        assert self.steps < 5000, "the game did not reach the end screen"
        top = app.top
        self.seen.append(top.name)
        session = app.services.session
        if session is not None:
            self.check_purity(session.game)
        if isinstance(top, StartScene):
            for code in self.humans:
                if code not in top.humans:
                    click(app, ("seat", code))
                    return
            click(app, ("start",))
        elif isinstance(top, HandoverScene):
            self.handovers.append(top.seat)
            key(pygame.K_RETURN)
        elif isinstance(top, EventScene):
            options = top.options()
            if top.council_vote():
                click(app, ("call",))
            elif options:
                click(app, ("choose", options[0][0]))
            else:
                key(pygame.K_SPACE)
        elif isinstance(top, GameScene):
            game = session.game
            step = top._step
            token = (game.turn, step.seat or "")
            if step.kind == "council" and game.agenda() and token not in self.voted:
                self.voted.add(token)
                top.view = "council"
                app.dirty = True
                iid = top.initiative or game.agenda()[0]
                if app.find(("vote", iid, YES)) is not None:
                    click(app, ("vote", iid, YES))
                    return
            if step.kind == "orders" and token not in self.raised:
                self.raised.add(token)
                if app.find(("pct", 1)) is not None:
                    click(app, ("pct", 1))
                    return
            if self.steps % 3 == 0:
                key(pygame.K_1 + self.steps % 8)  # look at a lens now and then
                return
            key(pygame.K_RETURN)
        elif isinstance(top, EndScene):
            app.running = False
        else:  # a menu or anything else: close it
            key(pygame.K_ESCAPE)

    def check_purity(self, game: Game) -> None:
        now = fingerprint(game)
        changed = self.last_fingerprint is not None and now != self.last_fingerprint
        if changed and self.applied_since == 0:
            self.illegal_changes += 1
        self.last_fingerprint = now
        self.applied_since = 0


def run_game(scenario, humans, monkeypatch, tmp_path):
    env.headless_display()
    pygame.event.clear()
    driver = Driver(humans)
    original = Game.apply

    def apply(self, action):
        driver.applied_since += 1
        return original(self, action)

    monkeypatch.setattr(Game, "apply", apply)
    services = Services.create(Catalog.of(scenario), Settings(autosave=True),
                               autosave_path=tmp_path / "autosave.json")
    app = App(services, (1280, 720), window=True)
    app.start(StartScene(services, scenario.id, seed=4, humans=[]))
    app.run(driver=driver, timeout_ms=20, max_iterations=20_000)
    return app, driver


def test_full_game_from_start_to_end_screen(monkeypatch, tmp_path):
    scenario = play_scenario()
    humans = (scenario.suggested_humans or scenario.members)[:2]
    app, driver = run_game(scenario, humans, monkeypatch, tmp_path)
    game = app.services.session.game
    assert isinstance(app.top, EndScene)
    assert game.phase == "ended"
    assert game.humans == humans
    assert "start" in driver.seen and "end" in driver.seen and "game" in driver.seen
    assert driver.illegal_changes == 0
    # Every human seat took the chair through a hand-over, every Council and orders phase.
    assert set(driver.handovers) == set(humans)
    assert len(game.reports) == game.state.turn
    # The engine autosaved after each turn.
    assert (tmp_path / "autosave.json").exists()


def test_single_seat_game_has_no_handover(monkeypatch, tmp_path):
    app, driver = run_game(small_scenario(), ["PL"], monkeypatch, tmp_path)
    assert isinstance(app.top, EndScene)
    assert driver.handovers == []
    assert driver.illegal_changes == 0


def test_continue_autosave_from_start_screen(monkeypatch, tmp_path):
    from autonomy_game.ui.session import saves_module

    assert saves_module() is not None
    scenario = small_scenario()
    services = Services.create(Catalog.of(scenario), autosave_path=tmp_path / "a.json")
    session = services.new_game(scenario, 5, ["PL"])
    game = session.game
    while game.state.turn < 2:
        game.advance()
    saves_module().save_game(game, tmp_path / "a.json")
    monkeypatch.setattr(saves_module(), "load_game",
                        lambda path, scenario_=None: Game(scenario, 5, ["PL"]))
    env.headless_display()
    app = App(services, (1280, 720), window=False)
    start = StartScene(services, scenario.id)
    app.start(start)
    assert start.autosave is not None
    app.render()
    app.handle(pygame.event.Event(pygame.MOUSEBUTTONUP, pos=app.find(("continue",)).rect.center,
                                  button=1))
    assert app.top.name in ("game", "event", "handover")
