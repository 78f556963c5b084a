"""App loop, hotseat secrecy, lenses, glossary, map hit-testing and the two commands."""

from __future__ import annotations

import pygame
import pytest

from autonomy_game.cli.main import main
from autonomy_game.engine.game import Game
from autonomy_game.ui import env
from autonomy_game.ui.app import App, Services, Settings, auto_scale
from autonomy_game.ui.catalog import Catalog
from autonomy_game.ui.glossary import Glossary, load_glossary
from autonomy_game.ui.lenses import LENSES
from autonomy_game.ui.scenes.game import GameScene
from autonomy_game.ui.scenes.handover import HandoverScene
from autonomy_game.ui.screenshot import build_app
from autonomy_game.ui.session import GameSession
from autonomy_game.ui.theme import MAX_SCALE, PROJECTOR_BOOST, load_theme
from tests.test_ui_support import small_scenario


def make_services(scenario=None):
    scenario = scenario or small_scenario()
    return Services.create(Catalog.of(scenario), Settings(autosave=False)), scenario


def test_idle_loop_draws_once_and_waits():
    """No input, no redraw: the loop blocks in event.wait and the frame count stays at 1."""
    env.headless_display()
    services, scenario = make_services()
    services.new_game(scenario, 1, [])
    app = App(services, (1280, 720), window=False)
    app.start(GameScene(services))
    pygame.event.clear()
    app.run(timeout_ms=5, max_iterations=30)
    assert app.frames == 1


def test_motion_over_nothing_does_not_redraw():
    env.headless_display()
    services, scenario = make_services()
    services.new_game(scenario, 1, [])
    app = App(services, (1280, 720), window=False)
    app.start(GameScene(services))
    app.render()
    app.dirty = False
    app.top.view = "report"
    app.render()
    app.dirty = False
    for x in range(600, 610):  # empty space of the report view
        app.handle(pygame.event.Event(pygame.MOUSEMOTION, pos=(x, 600), rel=(1, 0),
                                      buttons=(0, 0, 0)))
    assert not app.dirty


def test_base_map_is_cached_between_frames():
    app = build_app(small_scenario(), "map", (1280, 720), turns=1)
    mv = app.services.map_view
    for _ in range(5):
        app.render()
    assert mv.render_count == 1
    app.services.session.lens = LENSES[1].key
    app.render()
    assert mv.render_count == 2


def test_click_on_map_selects_the_state_under_the_pointer():
    app = build_app(small_scenario(), "map", (1280, 720), turns=1)
    app.render()
    mv = app.services.map_view
    shape = mv.map.countries["FR"]
    pos = mv.to_screen(*shape.label)
    assert mv.country_at(pos, ["DE", "FR", "PL"]) == "FR"
    app.handle(pygame.event.Event(pygame.MOUSEBUTTONUP, pos=pos, button=1))
    assert app.services.session.selected == "FR"


def test_number_keys_pick_lenses_and_f11_is_safe_off_screen():
    app = build_app(small_scenario(), "map", (1280, 720), turns=1)
    for k, lens in enumerate(LENSES):
        app.handle(pygame.event.Event(pygame.KEYDOWN, key=pygame.K_1 + k, mod=0, unicode=""))
        assert app.services.session.lens == lens.key
    app.handle(pygame.event.Event(pygame.KEYDOWN, key=pygame.K_F11, mod=0, unicode=""))
    app.render()


def test_escape_opens_and_closes_the_menu():
    app = build_app(small_scenario(), "map", (1280, 720), turns=1)
    esc = pygame.event.Event(pygame.KEYDOWN, key=pygame.K_ESCAPE, mod=0, unicode="")
    app.handle(esc)
    assert app.top.name == "menu"
    app.render()
    app.handle(pygame.event.Event(pygame.MOUSEBUTTONUP, pos=app.find(("glossary",)).rect.center,
                                  button=1))
    assert app.top.name == "glossary"
    app.render()
    app.handle(esc)
    app.handle(esc)
    assert app.top.name == "game"


def test_hotseat_hides_the_previous_seats_objective():
    scenario = small_scenario()
    scenario.objectives["DE"] = type(scenario.objectives["PL"])("DE", "secret DE",
                                                                 scenario.objectives["PL"].when)
    services, _ = make_services(scenario)
    session = services.new_game(scenario, 2, ["PL", "DE"])
    scene = GameScene(services)
    transition = scene.sync()
    assert isinstance(transition.scene, HandoverScene) and transition.scene.seat == "PL"
    assert scene.objective_for("PL") is None  # not before PL has taken the chair
    session.reveal("PL")
    scene.sync()
    assert scene.objective_for("PL") == "x"
    assert scene.objective_for("DE") is None
    session.finish_seat()  # PL is done; DE is next and must be handed the keyboard
    transition = scene.sync()
    assert isinstance(transition.scene, HandoverScene) and transition.scene.seat == "DE"
    assert scene.objective_for("PL") is None


def test_session_keeps_the_engines_refusal():
    services, scenario = make_services()
    session = services.new_game(scenario, 2, ["PL"])
    from autonomy_game.engine import actions as A

    assert not session.send(A.SetDefencePct("PL", 1.0))  # not in the orders phase
    assert "orders phase" in session.message


def test_session_is_a_thin_layer_over_game():
    services, scenario = make_services()
    session = services.new_game(scenario, 2, [])
    assert isinstance(session, GameSession) and isinstance(session.game, Game)


def test_glossary_terms_are_found_in_text():
    g = Glossary.build({"QMV": "qualified majority", "fiscal space": "room to spend"})
    runs = g.split("Under QMV the Fiscal space matters; qmv is not an acronym here.")
    keys = [k for _, k in runs if k]
    assert keys == ["QMV", "fiscal space"]
    assert load_glossary().terms  # the shipped glossary loads


def test_theme_palette_and_scale():
    theme = load_theme()
    assert {"yes", "no", "up", "down"} <= set(theme.colours)
    theme.set_scale(9)
    assert theme.scale == MAX_SCALE * PROJECTOR_BOOST
    theme.set_scale(2.0)
    assert theme.px("body") >= 32
    assert auto_scale((1280, 720)) == 1.0 and auto_scale((1920, 1080)) == 1.5
    theme.set_scale(1.0)
    assert theme.px("body") >= 16


def test_screenshot_command(tmp_path, capsys):
    out = tmp_path / "m.png"
    code = main(["screenshot", "tutorial", "--out", str(out), "--view", "report", "--turns",
                 "1", "--size", "1280x720"])
    assert code == 0 and out.exists()


def test_screenshot_command_errors(tmp_path, capsys):
    with pytest.raises(SystemExit) as usage:
        main(["screenshot", "tutorial", "--out", str(tmp_path / "x.png"), "--size", "big"])
    assert usage.value.code == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "size" in err
    code = main(["screenshot", "no-such-scenario", "--out", str(tmp_path / "x.png")])
    assert code == 1
    err = capsys.readouterr().err
    assert "no-such-scenario" in err and "Traceback" not in err


@pytest.mark.parametrize("argv", [["play", "tutorial", "--humans", "PL,DE", "--scale", "1.5"],
                                  ["play"], []])
def test_play_command_opens_and_quits(argv, monkeypatch):
    """`play` (and a bare `autonomy-game`) opens the window and returns on QUIT."""
    env.use_headless()
    monkeypatch.setattr(pygame.event, "wait",
                        lambda *a: pygame.event.Event(pygame.QUIT))
    assert main(argv) == 0


def test_play_command_rejects_unknown_seat(capsys):
    assert main(["play", "tutorial", "--humans", "XX"]) == 1
    assert "XX" in capsys.readouterr().err


def test_play_without_a_display_says_so_in_one_line(monkeypatch, capsys):
    """SDL's silent fall-back to "offscreen" would leave an invisible window waiting for
    input forever (issue 13); `play` stops with one line and exit status 1 instead."""
    monkeypatch.setenv("SDL_VIDEODRIVER", "")
    monkeypatch.setattr(pygame.display, "get_driver", lambda: "offscreen")
    assert main(["play", "tutorial"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "no display" in err and "Traceback" not in err


def test_screenshot_cli_edges(tmp_path, capsys):
    assert main(["screenshot", "tutorial", "--out", str(tmp_path / "no" / "x.png")]) == 1
    assert "does not exist" in capsys.readouterr().err
    assert not (tmp_path / "no").exists()
    out = tmp_path / "x.png"
    assert main(["screenshot", "tutorial", "--turns", "99", "--out", str(out)]) == 0
    captured = capsys.readouterr()
    assert "after 5 turns" in captured.out and "more than the 5 turns" in captured.err
    assert main(["screenshot", "tutorial", "--view", "end", "--out", str(out)]) == 0
    assert "after 5 turns" in capsys.readouterr().out


def test_a_quiet_window_sleeps_between_looks_for_events(monkeypatch):
    """pygame's event.wait looks for events every millisecond (1.7 % of a core on an idle
    display); a second after the last input the loop sleeps between looks instead."""
    import autonomy_game.ui.app as app_module

    env.headless_display()
    services, scenario = make_services()
    services.new_game(scenario, 1, [])
    app = App(services, (640, 360))  # a window: the loop a player runs
    app.start(GameScene(services))
    calls = []
    monkeypatch.setattr(pygame.event, "wait",
                        lambda timeout=0: calls.append(("wait", timeout))
                        or pygame.event.Event(pygame.NOEVENT))
    monkeypatch.setattr(app_module.time, "sleep", lambda s: calls.append(("sleep", s)))
    app.run(max_iterations=3)  # input just now: pygame's wait, until a second has passed
    assert calls and all(kind == "wait" and 0 < t <= 1000 for kind, t in calls)
    calls.clear()
    app._last_input -= app_module.IDLE_AFTER_S + 1  # a quiet second later
    app.run(max_iterations=3)
    assert calls == [("sleep", app_module.IDLE_POLL_S), ("wait", 1)] * 3
