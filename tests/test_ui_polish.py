"""Details a class reads off the projector: money labels, the outcome on the end screen, the
indicators in the top bar, the Council's late proposals in hotseat, the map layout."""

from __future__ import annotations

import itertools

import pytest

from autonomy_game.ui.screenshot import build_app
from autonomy_game.ui.widgets import fmt_money
from tests.test_ui_support import small_scenario


@pytest.mark.parametrize(("value", "text"), [
    (0.5, "€0.5 bn"), (1.0, "€1 bn"), (1.5, "€1.5 bn"), (1.25, "€1.25 bn"),
    (0.05, "€50 m"), (12.0, "€12 bn"), (12.3, "€12.3 bn"), (0.0, "€0 bn"),
    (0.004, "€4 m"), (0.0001, "<€1 m"), (0.1, "€0.1 bn"),
])
def test_money_labels_never_round_small_amounts_away(value, text):
    assert fmt_money(value) == text


class _Goal:
    def __init__(self, text):
        self.text, self.id = text, "g"


def _fake_game(outcome: str, reason: int = -1):
    from types import SimpleNamespace

    import numpy as np

    goals = SimpleNamespace(victory=_Goal("win"), partial=_Goal("muddle"),
                            defeat=[_Goal("split"), _Goal("tested")])
    scenario = SimpleNamespace(goals=goals)
    return SimpleNamespace(outcome=outcome, world=SimpleNamespace(scenario=scenario),
                           state=SimpleNamespace(defeat_reason=np.array([reason])))


@pytest.mark.parametrize(("outcome", "reason", "expected"), [
    ("victory", -1, ["achieved", "superseded", "avoided", "avoided"]),
    ("partial", -1, ["missed", "achieved", "avoided", "avoided"]),
    ("failure", -1, ["missed", "missed", "avoided", "avoided"]),
    ("defeat", 1, ["missed", "missed", "avoided", "hit"]),
])
def test_end_screen_marks_exactly_the_outcome_reached(outcome, reason, expected):
    from autonomy_game.ui.scenes.end import goal_rows

    rows = goal_rows(_fake_game(outcome, reason))
    assert [r.status for r in rows] == expected
    assert sum(r.status in ("achieved", "hit") for r in rows) == (0 if outcome == "failure"
                                                                  else 1)


@pytest.mark.parametrize("size", [(1280, 720), (1920, 1080)])
@pytest.mark.parametrize("scale", [1.0, 1.5, 2.0])
def test_top_bar_shows_adversary_pressure_in_a_card(size, scale):
    from autonomy_game.ui import hud

    assert "adversary_pressure" in [row[0] for row in hud.TOP_INDICATORS]
    app = build_app(small_scenario(), "report", size, turns=2)
    app.set_scale(scale)
    app.render()
    top = app.services.theme.px("top_bar")
    cards = [z for z in app.zones if z.kind == "tip" and z.rect.top < top
             and z.tip_title in [row[1] for row in hud.TOP_INDICATORS]]
    titles = {z.tip_title for z in cards}
    assert titles == {row[1] for row in hud.TOP_INDICATORS}
    boxes = sorted({tuple(z.rect) for z in cards if z.rect.height > top // 2})
    assert len(boxes) == 6
    for a, b in itertools.pairwise(boxes):
        assert a[0] + a[2] <= b[0], "top-bar cards overlap"
    assert boxes[-1][0] + boxes[-1][2] <= size[0]


def _council_session(humans):
    from autonomy_game.engine.game import advance_to
    from autonomy_game.ui.app import Services, Settings
    from autonomy_game.ui.catalog import Catalog

    scenario = small_scenario()
    services = Services.create(Catalog.of(scenario), Settings(autosave=False))
    services.autosave_path = None
    session = services.new_game(scenario, 1, humans)
    assert advance_to(session.game, "council")
    # These tests are about items the seats table: start from an agenda the presidency left
    # empty (with the mini scenario's data it would table ASAP, which now has the votes).
    session.game.session.agenda[:] = False
    session.game.session.presidency_tabled[:] = False
    session.revealed = humans[0]
    return services, session


def test_a_seat_that_voted_is_called_back_for_a_later_proposal():
    from autonomy_game.engine import actions as A
    from autonomy_game.engine.council import NO

    _services, session = _council_session(["PL", "DE"])
    game = session.game
    assert game.agenda() == []
    session.finish_seat()  # PL is done before anything is tabled
    assert session.current_seat() == "DE"
    session.reveal("DE")
    assert session.send(A.Propose("DE", "essi"))
    session.finish_seat()  # DE is last, but PL has not seen essi
    assert game.phase == "council", "the Council closed over PL's default vote"
    assert session.recall == {"PL": ["essi"]}
    step = session.step()
    assert (step.kind, step.seat) == ("handover", "PL")
    session.reveal("PL")
    assert session.step().kind == "council"
    assert session.send(A.Vote("PL", "essi", NO))
    session.finish_seat()
    assert game.phase == "orders"
    assert game.last_votes["essi"]["PL"] == NO
    assert session.recall == {} and session.council_seen == {}


def test_no_call_back_when_every_seat_saw_every_item():
    from autonomy_game.engine import actions as A

    _services, session = _council_session(["PL", "DE"])
    assert session.send(A.Propose("PL", "essi"))
    session.finish_seat()
    session.reveal("DE")
    session.finish_seat()
    assert session.game.phase == "orders"
    assert session.recall == {}


def test_called_back_seat_sees_the_new_item_on_screen():
    from autonomy_game.engine import actions as A
    from autonomy_game.ui.app import App
    from autonomy_game.ui.scenes.game import GameScene
    from autonomy_game.ui.scenes.handover import HandoverScene

    services, session = _council_session(["PL", "DE"])
    session.finish_seat()
    session.reveal("DE")
    session.send(A.Propose("DE", "asap"))
    app = App(services, (1280, 720), window=False)
    app.start(GameScene(services))  # DE's Council
    app.top.primary()  # DE finishes: PL is called back
    app.apply(app.top.sync())
    assert isinstance(app.top, HandoverScene) and app.top.seat == "PL"
    app.render()
    app.apply(app.top.on_action(("ready",), (0, 0)))
    scene = app.top
    assert isinstance(scene, GameScene) and scene.view == "council"
    assert scene.initiative == "asap"
    assert "back to" in scene.phase_text(scene._step).lower()
    app.render()
    assert app.find(("vote", "asap", 1)) is not None


def _legend_rect(app):
    for zone in app.zones:
        if zone.action == ("legend",):
            return zone
    return None


@pytest.mark.parametrize("size", [(1280, 720), (1920, 1080), (1024, 768)])
@pytest.mark.parametrize("scenario_id", ["us-withdrawal", "tutorial", "supply-line-crisis"])
def test_map_fills_its_height_and_the_legend_covers_no_member(scenario_id, size):
    from autonomy_game.scenario import load_scenario
    from autonomy_game.ui.scenes import map_panel

    app = build_app(load_scenario(scenario_id), "map", size, turns=1)
    app.render()
    scene = app.top
    mv = app.services.map_view
    game = app.services.session.game
    bounds = [mv.screen_bounds(c) for c in game.world.codes]
    union = bounds[0].unionall(bounds[1:])
    assert mv.rect.contains(union.inflate(-2, -2)), "a member state is cut off"
    # The states fill (nearly) the map's height or its width, whichever binds.
    assert union.height >= 0.85 * mv.rect.height or union.width >= 0.85 * mv.rect.width
    lens = map_panel.lens_by_key(app.services.session.lens)
    legend, _ = map_panel.place(scene, _frame(app), mv.rect, lens)
    for code in game.world.codes:
        x, y = mv.to_screen(*mv.map.countries[code].label)
        assert not legend.collidepoint(x, y), f"the legend covers {code}"


def _frame(app):
    from autonomy_game.ui.widgets import Frame

    s = app.services
    return Frame(app.surface, s.theme, s.text, s.glossary)


def test_legend_folds_away_with_l_and_its_button():
    import pygame

    app = build_app(small_scenario(), "map", (1280, 720), turns=1)
    app.render()
    assert app.services.session.legend_open
    app.handle(pygame.event.Event(pygame.KEYDOWN, key=pygame.K_l, mod=0, unicode="l"))
    app.render()
    assert not app.services.session.legend_open
    zone = _legend_rect(app)
    assert zone is not None and zone.rect.width < app.services.theme.px(200)
    app.handle(pygame.event.Event(pygame.MOUSEBUTTONUP, pos=zone.rect.center, button=1))
    assert app.services.session.legend_open


@pytest.mark.parametrize(("size", "offered"), [
    ((1280, 720), {None, 1.0}),
    ((1920, 1080), {None, 1.0, 1.5}),
    ((2560, 1440), {None, 1.0, 1.5, 2.0}),
    ((3840, 2160), {None, 1.0, 1.5, 2.0, 2.5, 3.0}),
])
def test_menu_offers_only_ui_scales_whose_layout_fits_the_window(size, offered):
    """At 1280×720 a 2× scale would overlap every panel: it is offered once the window is
    large enough (or in full screen on a large display)."""
    import pygame

    from autonomy_game.ui.scenes.menu import SCALES

    app = build_app(small_scenario(), "map", size)
    app.render()
    app.handle(pygame.event.Event(pygame.KEYDOWN, key=pygame.K_ESCAPE, mod=0))
    app.render()
    buttons = {z.action[1]: z.enabled for z in app.zones
               if isinstance(z.action, tuple) and z.action[0] == "scale"}
    assert set(buttons) == set(SCALES)
    assert {s for s, enabled in buttons.items() if enabled} == offered


def test_a_choice_with_later_effects_says_when_they_come():
    from types import SimpleNamespace

    from autonomy_game.ui.scenes.event import _with_later

    assert _with_later("Order tankers.", SimpleNamespace(after=8)) == \
        "Order tankers. More follows in 8 quarters."
    assert _with_later("", SimpleNamespace(after=1)) == "More follows in 1 quarter."
    assert _with_later("Wait.", None) == "Wait."
