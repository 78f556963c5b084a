"""The class's phases: every quarter stops at its report, whoever or whatever closes a phase.

A class must never skip its report. Three ways it could (all found while chasing the browser
test's intermittent "past the report"): a second "advance" from a console that still shows
the phase the groups' readiness has just closed; a class whose every seat the AI plays
(nobody is waited for, so each phase closed itself, reports included, to the end of the
game); and a reader in another thread that pairs `game.turn` and `game.phase` while the
orders resolve (the turn has moved on, the phase still says "orders").
"""

from __future__ import annotations

import threading

import pytest

import autonomy_game.engine.game as game_module
from autonomy_game.classroom import views
from autonomy_game.classroom.requests import RequestError
from tests.support.classroom import new_class

TEAMS = ["DE", "FR", "PL", "IT", "ES", "NL"]


@pytest.fixture(scope="module")
def us_withdrawal():
    from autonomy_game.scenario.validate import load_scenario

    return load_scenario("us-withdrawal")


def to_orders(room) -> None:
    room.teacher_request({"type": "start"})
    for _ in range(2):
        room.teacher_request({"type": "advance", "force": True})
    assert room.where() == (1, "orders")


def test_a_second_force_from_a_console_still_showing_the_orders_does_not_skip_the_report(
        us_withdrawal):
    room = new_class(us_withdrawal, TEAMS, seed=11)
    to_orders(room)
    shown = views.console_view(room)["token"]
    room.teacher_request({"type": "advance", "force": True, "phase": shown})
    assert room.where() == (1, "report")
    with pytest.raises(RequestError, match="phase has changed meanwhile"):
        room.teacher_request({"type": "advance", "force": True, "phase": shown})
    assert room.where() == (1, "report") and len(room.game.reports) == 1


def test_the_groups_readiness_closing_the_phase_first_makes_the_consoles_force_stale(
        us_withdrawal):
    room = new_class(us_withdrawal, TEAMS, seed=11)
    to_orders(room)
    shown = views.console_view(room)["token"]
    for seat in TEAMS:
        room.team_request(seat, {"type": "ready", "phase": views.team_view(room, seat)["token"]})
    assert room.where() == (1, "report")
    with pytest.raises(RequestError, match="nothing was skipped"):
        room.teacher_request({"type": "advance", "force": True, "phase": shown})
    assert room.where() == (1, "report")


def test_a_class_played_entirely_by_the_ai_stops_at_every_report(us_withdrawal):
    now = [0.0]
    room = new_class(us_withdrawal, ["DE", "FR"], seed=11, clock=lambda: now[0])
    for seat in ("DE", "FR"):
        room.teacher_request({"type": "takeover", "seat": seat})
    room.teacher_request({"type": "start"})
    assert room.where() == (1, "report") and len(room.game.reports) == 1
    assert room.timer.seconds == room.phase_seconds["report"]
    now[0] = room.phase_seconds["report"] + 1.0  # the report's countdown: one quarter on
    assert room.tick()
    assert room.where() == (2, "report") and len(room.game.reports) == 2


def test_taking_over_the_last_working_group_opens_the_report_with_its_own_countdown(
        us_withdrawal):
    now = [0.0]
    room = new_class(us_withdrawal, ["DE", "FR"], seed=11, clock=lambda: now[0])
    to_orders(room)
    now[0] = 50.0
    room.teacher_request({"type": "takeover", "seat": "DE"})
    assert room.where() == (1, "orders")
    room.teacher_request({"type": "takeover", "seat": "FR"})  # every seat holds now
    assert room.where() == (1, "report")
    assert room.timer.seconds == room.phase_seconds["report"] and room.timer.started == 50.0
    room.teacher_request({"type": "handback", "seat": "FR"})
    room.team_request("FR", {"type": "ready"})  # FR, the one group playing, reads and goes on
    assert room.where() == (2, "events")


def test_an_unlocked_read_during_the_resolution_is_torn_but_where_waits_for_the_report(
        us_withdrawal, monkeypatch):
    room = new_class(us_withdrawal, TEAMS, seed=11)
    to_orders(room)
    seen: dict[str, object] = {}
    build_report = game_module.build_report

    def in_the_middle(game, ledger):  # runs in the resolving thread, holding the room's lock
        seen["unlocked"] = (game.turn, game.phase)
        reader = threading.Thread(target=lambda: seen.__setitem__("where", room.where()))
        reader.start()
        reader.join(0.2)
        seen["reader_waited"] = reader.is_alive()
        seen["reader"] = reader
        return build_report(game, ledger)

    monkeypatch.setattr(game_module, "build_report", in_the_middle)
    for seat in TEAMS:
        room.team_request(seat, {"type": "ready"})
    seen["reader"].join(5)
    assert seen["unlocked"] == (2, "orders")  # a pair the class is never in
    assert seen["reader_waited"] is True
    assert seen["where"] == (1, "report")
