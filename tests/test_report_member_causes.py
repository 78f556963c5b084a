"""Per-member causes where a player looks (issue 10): each state's key figures with the
ledger's causes in the quarter report (a state's line opens; the selected state's panel) and
in the HTML debrief, in lines whose causes add up to the change they explain."""

from __future__ import annotations

import re

import numpy as np
import pygame
import pytest

from autonomy_game.debrief.page import debrief_html
from autonomy_game.engine.game import Game, play_to_end
from autonomy_game.engine.report_words import MEMBER_FIGURE_WORDS, member_cause_lines
from autonomy_game.scenario.validate import load_scenario
from tests.support.layout_audit import rendered_audit

NUMBER = re.compile(r"([+−])(<?)(\d+(?:\.\d+)?)")


def _value(match: re.Match) -> tuple[float, float]:
    """A signed amount as written and how far rounding may have moved it."""
    sign = -1.0 if match.group(1) == "−" else 1.0
    text = match.group(3)
    digits = len(text.partition(".")[2])
    step = 10.0 ** -digits
    if match.group(2):  # "+<0.1": between 0 and the step
        return sign * step / 2, step / 2
    return sign * float(text), step / 2


def _adds_up(line: str) -> None:
    head, _, tail = line.partition(": ")
    total, total_err = _value(list(NUMBER.finditer(head))[-1] if "(" not in head
                              else list(NUMBER.finditer(head.split(" over all")[0]))[-1])
    parts = [_value(m) for m in NUMBER.finditer(tail)]
    assert parts, line
    err = total_err + sum(e for _, e in parts) + 1e-9
    assert abs(sum(v for v, _ in parts) - total) <= err, line


@pytest.fixture(scope="module")
def played() -> Game:
    scenario = load_scenario("us-withdrawal")
    game = Game(scenario, 7, humans=["PL", "FR"])
    play_to_end(game, until_turn=4)
    return game


def test_each_states_cause_lines_add_up_to_the_change_they_explain(played: Game) -> None:
    world = played.world
    lines_seen = 0
    for turn, quarter in played.quarters.items():
        for n, code in enumerate(world.codes):
            lines = member_cause_lines(world, quarter, code)
            for line in lines:
                _adds_up(line)
            lines_seen += len(lines)
            # Every figure that moved by a shown amount has its line.
            for figure, (label, scale, _unit, _digits, floor) in MEMBER_FIGURE_WORDS.items():
                change = float(quarter.change(figure)[0, n]) * scale
                named = [ln for ln in lines if ln.startswith(label + " ")]
                if abs(change) >= floor:
                    assert len(named) == 1, (turn, code, figure, change)
    assert lines_seen > 100


def test_cause_lines_name_the_ledgers_largest_cause_of_a_budget_change(played: Game) -> None:
    world, quarter = played.world, played.quarters[2]
    n = world.codes.index("PL")
    parts = quarter.contributions("budget")
    largest = max(parts, key=lambda c: abs(float(parts[c][0, n])))
    line = next(ln for ln in member_cause_lines(world, quarter, "PL")
                if ln.startswith("Defence budget"))
    assert largest in line
    assert np.isclose(float(quarter.change("budget")[0, n]),
                      sum(float(a[0, n]) for a in parts.values()))


def _report_app(turns: int = 2):
    from autonomy_game.ui import env
    from autonomy_game.ui.app import App, Services, Settings
    from autonomy_game.ui.catalog import Catalog
    from autonomy_game.ui.scenes.game import GameScene
    from autonomy_game.ui.screenshot import _play_turns

    env.headless_display()
    scenario = load_scenario("us-withdrawal")
    services = Services.create(Catalog.of(scenario), Settings(autosave=False))
    services.autosave_path = None
    session = services.new_game(scenario, 7, ["PL"])
    _play_turns(session, turns)
    app = App(services, (1280, 720), window=False)
    app.start(GameScene(services))
    app.top.view = "report"
    return app


def _texts(app) -> str:
    audit = rendered_audit(app)
    return " ".join(text for _ink, text, _clip in audit.labels)


def _read_through(app) -> tuple[str, dict]:
    """Scroll the report from top to bottom: every text drawn on the way, and the zone of
    each state line that opens."""
    scene = app.top
    texts, zones = [], {}
    scene.scroll["report"] = 0
    for _ in range(200):
        texts.append(_texts(app))
        zones.update({z.action[1]: (scene.scroll["report"], z) for z in app.zones
                      if isinstance(z.action, tuple) and z.action[0] == "state_causes"})
        before = scene.scroll["report"]
        scene.scroll["report"] = before + app.services.theme.px(200)
        app.render()  # the view clamps the offset at the end
        if scene.scroll["report"] == before:
            break
    return " ".join(texts), zones


def test_the_quarter_report_opens_a_states_line_on_its_causes_and_shows_the_selected_state(
        ) -> None:
    app = _report_app()
    game = app.services.session.game
    quarter = game.quarters[game.reports[-1].turn]
    scene = app.top
    # The human seat's causes are open from the start, in the list and the state panel.
    shown, zones = _read_through(app)
    poland = member_cause_lines(game.world, quarter, "PL")
    assert poland and f"· {poland[0]}" in shown and f"• {poland[0]}" in shown
    assert "Poland this quarter" in shown
    # Clicking another state's line opens it and selects it.
    other = next(code for code in zones if code != "PL"
                 and member_cause_lines(game.world, quarter, code))
    lines = member_cause_lines(game.world, quarter, other)
    assert f"· {lines[0]}" not in shown
    offset, zone = zones[other]
    scene.scroll["report"] = offset
    app.render()
    zone = app.find(("state_causes", other))
    assert zone is not None
    app.handle(pygame.event.Event(pygame.MOUSEBUTTONDOWN, button=1, pos=zone.rect.center))
    app.handle(pygame.event.Event(pygame.MOUSEBUTTONUP, button=1, pos=zone.rect.center))
    assert app.services.session.selected == other and other in scene.report_open
    shown, _ = _read_through(app)
    name = game.world.member_names[game.world.codes.index(other)]
    assert f"{name} this quarter" in shown and f"• {lines[0]}" in shown
    assert f"· {lines[0]}" in shown
    # And a second click closes it again.
    app.apply(scene.on_action(("state_causes", other), (0, 0)))
    assert other not in scene.report_open


def test_the_debrief_shows_each_states_causes_per_quarter(played: Game) -> None:
    page = debrief_html(played)
    assert page.count("Why your states' figures moved") == len(played.reports)
    assert page.count("Why the other states' figures moved") == len(played.reports)
    from html import escape

    for turn, quarter in played.quarters.items():
        for code in ("PL", "FR", "HU"):
            for line in member_cause_lines(played.world, quarter, code):
                assert escape(line) in page, (turn, code, line)
