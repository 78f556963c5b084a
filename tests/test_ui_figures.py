"""Engine figures on screen are computed once per game change, and never go stale."""

from __future__ import annotations

import pygame

from autonomy_game.engine import actions as A
from autonomy_game.engine.council import NO, YES
from autonomy_game.ui.screenshot import build_app
from tests.test_ui_support import small_scenario


def council_app():
    app = build_app(small_scenario(), "council", (1280, 720), turns=1)
    scene = app.top
    scene.view = "council"
    app.render()
    return app, app.services.session


def test_hover_frames_ask_the_engine_nothing_new():
    app, session = council_app()
    computed = session.figures.computed
    assert computed > 0  # the Council screen does read engine figures
    for x in range(40, 1280, 200):
        app.handle(pygame.event.Event(pygame.MOUSEMOTION, pos=(x, 360), rel=(0, 0),
                                      buttons=(0, 0, 0)))
        app.render()
    assert session.figures.computed == computed


def test_a_vote_refreshes_the_projected_result_and_intentions():
    app, session = council_app()
    game = session.game
    seat = session.current_seat()
    iid = game.agenda()[0]
    n = game.world.codes.index(seat)
    for vote in (NO, YES, NO):
        assert session.send(A.Vote(seat, iid, vote))
        app.render()
        assert session.figures("vote_intentions", iid)[n].vote == vote
        assert session.figures("projected_result", iid) == game.projected_result(iid)
        assert session.figures("legal_set", seat) == frozenset(game.legal_actions(seat))


def test_a_refused_action_keeps_the_figures():
    app, session = council_app()
    computed = session.figures.computed
    assert not session.send(A.Vote(session.current_seat(), "no-such-initiative", YES))
    app.render()
    assert session.figures.computed == computed


def _motion(app, pos):
    app.handle(pygame.event.Event(pygame.MOUSEMOTION, pos=pos, rel=(0, 0), buttons=(0, 0, 0)))


def _dialog_counting_backdrop_draws():
    """An event dialog over the game, and the list of the pointer positions each time the
    scene below it was drawn."""
    app = build_app(small_scenario(), "event", (1280, 720), turns=1)
    app.render()
    below = app.stack[0]
    assert len(app.stack) > 1 and app.top.modal
    drawn = []
    original = type(below).draw

    def counting(self, frame):
        drawn.append(frame.mouse)
        return original(self, frame)

    below.draw = counting.__get__(below)
    return app, drawn


def test_hover_under_a_dialog_reuses_the_backdrop_and_looks_the_same():
    """While only the pointer moves over a dialog, the scenes below it are not drawn again;
    the frame is pixel for pixel what a full redraw gives."""
    app, drawn = _dialog_counting_backdrop_draws()
    app.render()
    assert len(drawn) == 1 and drawn[-1] == (-1, -1)  # no hover under a dialog
    for x in range(100, 1280, 150):
        _motion(app, (x, 400))
        app.render()
        hover = pygame.surfarray.array3d(app.surface).copy()
        zones = [(tuple(z.rect), z.action) for z in app.zones]
        app.render()  # a direct call: everything drawn again
        assert (pygame.surfarray.array3d(app.surface) == hover).all()
        assert [(tuple(z.rect), z.action) for z in app.zones] == zones
    assert len(drawn) == 1 + len(range(100, 1280, 150))  # only the direct calls drew it


def test_a_key_or_a_click_under_a_dialog_draws_everything_again():
    app, drawn = _dialog_counting_backdrop_draws()
    app.render()
    _motion(app, (10, 10))
    app.render()
    assert len(drawn) == 1
    app.handle(pygame.event.Event(pygame.KEYDOWN, key=pygame.K_F1, mod=0, unicode=""))
    app.render()
    assert len(drawn) == 2
    _motion(app, (2, 2))
    app.handle(pygame.event.Event(pygame.MOUSEBUTTONUP, pos=(2, 2), button=1))
    app.render()
    assert len(drawn) == 3


def test_vote_rows_are_drawn_again_after_each_vote():
    """The Council's table of states comes from a kept surface; after every vote it shows
    the new vote and reasons, exactly as a table drawn from nothing."""
    app, session = council_app()
    scene = app.top
    game = session.game
    seat = session.current_seat()
    iid = game.agenda()[0]
    scene.initiative = iid
    for vote in (NO, YES, NO):
        assert session.send(A.Vote(seat, iid, vote))
        app.render()
        kept = pygame.surfarray.array3d(app.surface).copy()
        scene._vote_rows = None  # forget the kept rows: drawn from nothing
        app.render()
        assert (pygame.surfarray.array3d(app.surface) == kept).all()
