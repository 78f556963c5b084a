"""Classroom mode without a browser: who may do what, secrets, injects, saves and resume."""

from __future__ import annotations

import pytest

from autonomy_game.classroom import persist, views
from autonomy_game.classroom.requests import RequestError
from autonomy_game.engine import saves
from tests.support.classroom import new_class

TEAMS = ["DE", "FR", "PL", "IT", "ES", "NL"]


@pytest.fixture(scope="module")
def us_withdrawal():
    from autonomy_game.scenario.validate import load_scenario

    return load_scenario("us-withdrawal")


@pytest.fixture()
def room(us_withdrawal):
    r = new_class(us_withdrawal, TEAMS, seed=5)
    r.teacher_request({"type": "start"})
    return r


def to_council(room):
    for seat in TEAMS:
        room.team_request(seat, {"type": "ready"})
    assert room.game.phase == "council"


def test_join_codes_are_random_distinct_and_the_console_has_its_own(us_withdrawal):
    a, b = new_class(us_withdrawal, TEAMS), new_class(us_withdrawal, TEAMS)
    codes = [t.code for t in a.teams.values()] + [a.teacher_code]
    assert len(set(codes)) == 7
    assert [t.code for t in a.teams.values()] != [t.code for t in b.teams.values()]
    assert a.join(a.teams["PL"].code.lower()) == ("team", "PL")
    assert a.join(a.teacher_code) == ("teacher", None)
    with pytest.raises(RequestError, match="unknown join code"):
        a.join(b.teams["PL"].code)


def test_a_team_cannot_act_for_another_state_and_nothing_changes(room):
    to_council(room)
    before = list(room.game.decisions)
    iid = room.game.agenda()[0] if room.game.agenda() else "edf_research"
    with pytest.raises(RequestError, match="you play PL; you cannot act for DE"):
        room.team_request("PL", {"type": "vote", "seat": "DE", "initiative": iid, "vote": 1})
    with pytest.raises(RequestError, match="unknown request"):
        room.team_request("PL", {"type": "end_phase"})
    with pytest.raises(RequestError, match="unknown request"):
        room.team_request("PL", {"type": "hold"})
    assert room.game.decisions == before


def test_stale_and_out_of_phase_requests_are_refused_with_a_clear_error(room):
    token = views.team_view(room, "PL")["token"]
    to_council(room)
    with pytest.raises(RequestError, match="stale request"):
        room.team_request("PL", {"type": "budget", "pct": 3.0, "phase": token})
    with pytest.raises(RequestError, match="orders phase"):
        room.team_request("PL", {"type": "budget", "pct": 3.0})
    with pytest.raises(RequestError, match="amount"):
        room.team_request("PL", {"type": "shells", "european": True, "amount": float("nan")})


def test_each_team_view_holds_its_own_secret_and_the_projector_none(room, us_withdrawal):
    secrets = {s: us_withdrawal.objectives[s].text for s in TEAMS if s in us_withdrawal.objectives}
    for seat in TEAMS:
        text = str(views.team_view(room, seat))
        for other, secret in secrets.items():
            assert (secret in text) == (other == seat)
    projector = str(views.room_view(room))
    assert not any(secret in projector for secret in secrets.values())
    assert not any(t.code in projector for t in room.teams.values())
    assert room.teacher_code not in projector


def test_messages_reach_only_their_recipients_and_notes_stay_private(room):
    room.team_request("DE", {"type": "message", "to": ["FR"], "text": "<script>x()</script>"})
    room.team_request("PL", {"type": "note", "text": "trust nobody"})
    seen = {s: [e["text"] for e in views.team_view(room, s)["log"]] for s in TEAMS}
    assert seen["FR"] == ["<script>x()</script>"] and seen["DE"] == ["<script>x()</script>"]
    assert seen["IT"] == [] and seen["PL"] == ["trust nobody"]
    assert "trust nobody" not in str(views.console_view(room))


def test_an_accepted_offer_is_executed_by_the_engine_as_a_payment_and_a_vote(room):
    to_council(room)
    if not room.game.agenda():
        room.team_request("PL", {"type": "propose",
                                 "initiative": views.team_view(room, "PL")["council"]
                                 ["proposable"][0]["id"]})
    iid = room.game.agenda()[0]
    room.team_request("DE", {"type": "offer", "to": "FR", "initiative": iid, "amount": 0.2})
    offer = next(iter(room.log.offers.values()))
    with pytest.raises(RequestError, match="no such offer to you"):
        room.team_request("IT", {"type": "answer_offer", "offer": offer.id, "accept": True})
    room.team_request("FR", {"type": "answer_offer", "offer": offer.id, "accept": True})
    assert offer.status == "accepted"
    kinds = [(a.kind, getattr(a, "seat", "")) for a in room.game.decisions[-2:]]
    assert kinds == [("pay", "DE"), ("vote", "FR")]


def test_a_fired_inject_is_logged_and_replays_from_the_save(room, tmp_path):
    with pytest.raises(RequestError, match="needs an option"):
        room.teacher_request({"type": "inject", "inject": "leaked-cable"})
    cohesion = float(room.game.state.cohesion[0])
    room.teacher_request({"type": "inject", "inject": "leaked-cable", "option": "disown"})
    assert float(room.game.state.cohesion[0]) == pytest.approx(cohesion - 0.01 + 0.02)
    with pytest.raises(RequestError, match="fired already"):
        room.teacher_request({"type": "inject", "inject": "leaked-cable", "option": "silence"})
    room.teacher_request({"type": "inject", "inject": "drone-over-base"})
    assert [e.inject for e in room.log.entries if e.kind == "inject"] == \
        ["leaked-cable", "drone-over-base"]
    assert "drone-over-base" not in str(views.team_view(room, "DE")["log"])  # PL + projector
    assert "drone-over-base" in str(views.team_view(room, "PL")["log"])
    path = saves.save_game(room.game, tmp_path / "g.json")
    again = saves.load_game(path, verify="replay")
    assert saves.state_digest(again) == saves.state_digest(room.game)


def test_ai_takes_over_an_absent_group_and_hands_back(room):
    room.teacher_request({"type": "takeover", "seat": "NL"})
    assert "NL" in room.game.held and "NL" not in room.waiting_for()
    with pytest.raises(RequestError, match="the AI plays NL"):
        room.team_request("NL", {"type": "ready"})
    room.teacher_request({"type": "handback", "seat": "NL"})
    room.team_request("NL", {"type": "ready"})


def test_the_class_resumes_from_its_autosave_after_a_crash(room, tmp_path):
    slots = persist.ClassSaves(tmp_path, "us-withdrawal-test")
    room.on_phase = slots.save
    room.team_request("DE", {"type": "message", "to": "all", "text": "hello"})
    to_council(room)
    resumed = persist.resume(persist.latest(tmp_path))
    assert saves.state_digest(resumed.game) == saves.state_digest(room.game)
    assert resumed.game.phase == "council"
    assert {s: t.code for s, t in resumed.teams.items()} == \
        {s: t.code for s, t in room.teams.items()}
    assert [e.text for e in resumed.log.entries] == ["hello"]
    assert resumed.teacher_code == room.teacher_code


def test_the_countdown_closes_the_phase_when_time_is_up(us_withdrawal):
    now = [0.0]
    r = new_class(us_withdrawal, TEAMS, clock=lambda: now[0])
    r.teacher_request({"type": "start"})
    assert r.game.phase == "events"
    now[0] = 100.0
    assert not r.tick()
    r.teacher_request({"type": "pause"})
    now[0] = 1000.0
    assert not r.tick()
    r.teacher_request({"type": "resume"})
    now[0] = 1081.0
    assert r.tick() and r.game.phase == "council"


BAD_INJECTS = """format: 1
id: bad-injects
title: Bad injects
extends: base:eu27
turns: 2
members: [DE, FR]
goals:
  victory: {when: "cohesion > 2", text: a}
  partial: {when: "cohesion > 1", text: b}
injects:
  - id: leak
    title: A leak
    recipients: [PL, projector]
  - id: leak
    title: Another
    choices: [{id: c, label: C, effects: ["cohesion += nothing"]}]
"""


def test_inject_errors_are_reported_at_their_line_and_column(tmp_path):
    from autonomy_game.scenario.errors import ScenarioLoadError
    from autonomy_game.scenario.validate import load_scenario

    path = tmp_path / "bad.yaml"
    path.write_text(BAD_INJECTS)
    with pytest.raises(ScenarioLoadError) as caught:
        load_scenario(str(path))
    lines = caught.value.lines()
    assert f"{path}:13:18: error: injects[0].recipients[0]: 'PL' is not among members" in lines
    assert any(line.startswith(f"{path}:14:9: error: injects[1].id: duplicate inject id")
               for line in lines)
    assert any(line.startswith(f"{path}:16:") and "unknown name 'nothing'" in line
               for line in lines)


def test_the_room_view_draws_the_map_the_panel_and_the_qr_code(room):
    from autonomy_game.classroom.room_view import render

    room.teacher_request({"type": "news", "text": "Summit moved to Vilnius"})
    surface = render(room, "http://192.0.2.1:8765/", (1280, 720))
    assert surface.get_size() == (1280, 720)
    colours = {tuple(surface.get_at((x, y)))[:3] for x in range(0, 1280, 40)
               for y in range(0, 720, 40)}
    assert len(colours) > 20  # a map, panels and text, not a blank screen
