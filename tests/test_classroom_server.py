"""The class's server on loopback: hostile requests, a rejoin, and a small load."""

from __future__ import annotations

import asyncio
import contextlib
import json

import aiohttp
import pytest

from tests.support.class_load import p95, play_class
from tests.support.classroom import RunningServer, new_class


@pytest.fixture(scope="module")
def tutorial():
    from autonomy_game.scenario.validate import load_scenario

    return load_scenario("tutorial")


async def _ws(http, url, code):
    """A joined page: hello sent, its acknowledgement read."""
    ws = await http.ws_connect(url + "ws")
    await ws.send_str(json.dumps({"type": "hello", "code": code}))
    await _reply(ws, None)
    return ws


async def _reply(ws, ident):
    while True:
        data = json.loads((await ws.receive(timeout=10)).data)
        if data["type"] in ("ack", "error") and data.get("id") == ident:
            return data


async def _ask(ws, request, ident):
    await ws.send_str(json.dumps({**request, "id": ident}))
    return await _reply(ws, ident)


def test_malformed_and_hostile_requests_get_clear_errors_and_change_nothing(tutorial):
    room = new_class(tutorial, ["DE", "PL", "FR"])
    room.teacher_request({"type": "start"})

    async def attack(url):
        async with aiohttp.ClientSession() as http:
            big = await http.post(url + "api/join", data=b"x" * (10 * 1024 * 1024),
                                  headers={"Content-Type": "application/json"})
            assert big.status == 413
            bad = await http.post(url + "api/join", data=b"{not json",
                                  headers={"Content-Type": "application/json"})
            assert bad.status == 400 and "not JSON" in (await bad.text())
            wrong = await http.post(url + "api/join", json={"code": "ZZZZZZ"})
            assert wrong.status == 403
            ws = await _ws(http, url, room.teams["PL"].code)
            await ws.send_str("{nope")
            assert "not JSON" in (await _reply(ws, None))["error"]
            other = await _ask(ws, {"type": "vote", "seat": "DE", "initiative": "x", "vote": 1}, 7)
            assert "you play PL; you cannot act for DE" in other["error"]
            stale = await _ask(ws, {"type": "budget", "pct": 2.0, "phase": "1:orders"}, 8)
            assert "stale request" in stale["error"]
            teacher = await _ask(ws, {"type": "advance", "force": True}, 9)
            assert "unknown request" in teacher["error"]
            with contextlib.suppress(ConnectionError):  # the server may cut it mid-frame
                await ws.send_str("x" * (10 * 1024 * 1024))  # a 10 MB frame: closed
            msg = await ws.receive(timeout=10)
            while msg.type == aiohttp.WSMsgType.TEXT:
                msg = await ws.receive(timeout=10)
            assert msg.type in (aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.CLOSED,
                                aiohttp.WSMsgType.ERROR)

    before = (list(room.game.decisions), room.game.phase)
    with RunningServer(room) as srv:
        asyncio.run(attack(srv.url))
    assert (list(room.game.decisions), room.game.phase) == before
    assert not room.teams["DE"].ready


def test_a_page_that_disconnects_mid_phase_rejoins_with_its_code_and_finds_its_seat(tutorial):
    room = new_class(tutorial, ["DE", "PL"])
    room.teacher_request({"type": "start"})
    room.team_request("PL", {"type": "message", "to": "all", "text": "<b>before</b>"})

    async def session(url):
        async with aiohttp.ClientSession() as http:
            ws = await _ws(http, url, room.teams["PL"].code)
            assert (await _ask(ws, {"type": "ready"}, 1))["type"] == "ack"
            await ws.close()
            await asyncio.sleep(0.2)
            assert not room.teams["PL"].connected
            ws = await http.ws_connect(url + "ws")
            await ws.send_str(json.dumps({"type": "hello", "code": room.teams["PL"].code}))
            again = None
            while again is None:  # the hello's reply and the page's view, in either order
                again = json.loads((await ws.receive(timeout=10)).data).get("view")
            assert room.teams["PL"].connected
            await ws.close()
            return again

    with RunningServer(room) as srv:
        view = asyncio.run(session(srv.url))
    assert view["seat"] == "PL" and view["team"]["ready"]
    assert [e["text"] for e in view["log"]] == ["<b>before</b>"]


def test_thirty_clients_play_the_tutorial_to_its_end_and_all_see_the_same_end(tutorial):
    seats = ["DE", "FR", "PL", "IT", "ES", "NL"]
    room = new_class(tutorial, seats, seed=3)
    room.teacher_request({"type": "start"})
    with RunningServer(room) as srv:
        results = asyncio.run(play_class(srv.url, {s: room.teams[s].code for s in seats}, 5,
                                         deadline=240))
    assert len(results) == 30
    assert room.game.phase == "ended"
    finals = {json.dumps(r.final, sort_keys=True) for r in results}
    assert len(finals) == 1 and results[0].final["phase"] == "ended"
    assert all("deadline" not in r.errors for r in results)
    actions = [x for r in results for x in r.action_s]
    assert actions and p95(actions) < 5.0
