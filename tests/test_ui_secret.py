"""Hotseat secrets: a seat's secret objective is never on the shared screen during play,
only on a private reveal after the hand-over, hidden again with a key (issue 12 item 6)."""

from __future__ import annotations

import pygame
import pytest

from autonomy_game.ui.screenshot import build_app
from tests.support.layout_audit import rendered_audit


@pytest.fixture
def scenario():
    """us-withdrawal with each objective's text marked by words found nowhere else, so that
    a test can tell whether any part of it reached the screen."""
    import dataclasses

    from autonomy_game.scenario import load_scenario

    scenario = load_scenario("us-withdrawal")
    for code, objective in list(scenario.objectives.items()):
        scenario.objectives[code] = dataclasses.replace(
            objective, text=f"Quokkamark{code} {objective.text} Zanzibarmark{code}")
    return scenario


def _drawn_words(app) -> set[str]:
    audit = rendered_audit(app)
    return {w for _, text in audit.sizes for w in text.split()}


def _secret_words(scenario, seat) -> set[str]:
    return {f"Quokkamark{seat}", f"Zanzibarmark{seat}"}


def _key(app, key):
    app.handle(pygame.event.Event(pygame.KEYDOWN, key=key, mod=0, unicode=""))


def test_objective_only_on_a_private_reveal_after_the_handover(scenario):
    app = build_app(scenario, "handover", (1280, 720), turns=1)
    seat = app.top.seat
    assert app.top.name == "handover"
    secret = _secret_words(scenario, seat)
    assert secret and not secret & _drawn_words(app)
    _key(app, pygame.K_RETURN)  # "I am …": the private reveal, alone on the screen
    assert app.top.name == "secret"
    shown = _drawn_words(app)
    assert secret <= shown
    assert "Autonomy" not in shown  # no top bar, map or panel behind it
    _key(app, pygame.K_s)  # hidden again
    assert app.top.name == "game"
    assert not secret & _drawn_words(app)
    for view in ("map", "council", "orders", "report"):
        app.top.view = view
        assert not secret & _drawn_words(app), view
    _key(app, pygame.K_s)  # the seat in the chair may look again, privately
    assert app.top.name == "secret" and secret <= _drawn_words(app)
    _key(app, pygame.K_ESCAPE)
    assert app.top.name == "game"


def test_single_seat_sees_only_a_closed_box_on_the_shared_screen(scenario):
    app = build_app(scenario, "council", (1280, 720), turns=1)
    seat = app.top.session.humans[0]
    secret = _secret_words(scenario, seat)
    assert not secret & _drawn_words(app)
    button = app.find(("secret",))
    assert button is not None
    app.handle(pygame.event.Event(pygame.MOUSEBUTTONUP, pos=button.rect.center, button=1))
    assert app.top.name == "secret" and secret <= _drawn_words(app)
    _key(app, pygame.K_RETURN)
    assert app.top.name == "game"


def test_another_seats_secret_cannot_be_revealed(scenario):
    """S reveals only the seat in the chair: selecting another state shows nothing."""
    app = build_app(scenario, "council", (1280, 720), turns=1)
    scene = app.top
    others = [c for c in scenario.objectives if c not in scene.session.humans]
    scene.session.selected = others[0]
    assert not _secret_words(scenario, others[0]) & _drawn_words(app)
    assert scene.objective_for(others[0]) is None


def _new_quarter_animates(reduce_motion: bool) -> tuple[bool, bool]:
    from autonomy_game.scenario import load_scenario

    app = build_app(load_scenario("tutorial"), "map", (1280, 720))
    app.services.settings.reduce_motion = reduce_motion
    scene = app.top
    app.render()
    opened = scene.animating()  # a screen opening on a quarter does not animate
    from autonomy_game.engine.game import play_to_end

    play_to_end(scene.session.game, until_turn=scene.session.game.turn + 1)
    app.render()
    return opened, scene.animating()


def test_a_new_quarter_animates_the_top_bar_unless_motion_is_reduced():
    assert _new_quarter_animates(False) == (False, True)
    assert _new_quarter_animates(True) == (False, False)
