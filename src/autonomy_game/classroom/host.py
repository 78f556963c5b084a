"""Putting a class together: the game, the classroom, its autosaves, the server, the window.

With a window, the server runs in a background thread with its own event loop and the pygame
room view owns the main thread (pygame wants it); without one (`--no-window`, tests) the
server runs in the main thread until interrupted.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime
import random
import socket
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from autonomy_game.classroom import persist
from autonomy_game.classroom.room import Classroom
from autonomy_game.engine.game import Game

SAVE_EVERY_S = 2.0  # the current phase's slot is written again this often when it changed


class HostError(Exception):
    """The class cannot be hosted as asked; the message says why."""


@dataclass
class Session:
    room: Classroom
    host: str
    port: int
    slots: persist.ClassSaves
    resumed_from: Path | None = None


def lan_address() -> str:
    """This computer's address on the local network (no packet is sent), else loopback."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        try:
            s.connect(("10.254.254.254", 1))
            return str(s.getsockname()[0])
        except OSError:
            return "127.0.0.1"


def prepare(args: Any, load: Callable[[str], Any]) -> Session:
    from autonomy_game.cli.common import ScenarioUnavailable

    folder = args.saves or persist.class_dir()
    host = "0.0.0.0" if args.lan else "127.0.0.1"
    if args.resume is not None:
        path = persist.latest(folder) if args.resume == "latest" else Path(args.resume)
        if path is None:
            raise HostError(f"no class autosave in {folder} to resume")
        try:
            room = persist.resume(path)
        except persist.ResumeError as error:
            raise HostError(str(error)) from None
        stem = path.name.split("-t")[0] if "-t" in path.name else path.stem
        slots = persist.ClassSaves(folder, stem)
        session = Session(room, host, args.port, slots, resumed_from=path)
    else:
        try:
            scenario = load(args.scenario)
        except ScenarioUnavailable:
            raise HostError("the scenario could not be loaded (see above)") from None
        teams = [t.strip().upper() for t in args.teams.split(",") if t.strip()] \
            or list(scenario.suggested_humans)
        if not teams:
            raise HostError("name the states the groups play: --teams PL,DE,FR")
        if len(set(teams)) != len(teams):
            raise HostError("a state is named twice in --teams")
        unknown = [t for t in teams if t not in scenario.members]
        if unknown:
            raise HostError(f"not a member state in {scenario.id}: {', '.join(unknown)}")
        seed = args.seed if args.seed is not None else random.SystemRandom().randrange(2**31)
        room = Classroom.create(Game(scenario, seed, teams))
        stem = f"{scenario.id}-{datetime.datetime.now():%Y-%m-%d-%H%M%S}"
        session = Session(room, host, args.port, persist.ClassSaves(folder, stem))
    room.on_phase = lambda r: session.slots.save(r)
    session.slots.save(room)
    return session


def announce(session: Session, url: str) -> None:
    room = session.room
    print(f"Autonomy class: {room.game.scenario.title}"
          + (f" (resumed from {session.resumed_from})" if session.resumed_from else ""))
    print(f"Groups open {url} and type their code:")
    for team in room.teams.values():
        print(f"  {team.seat}  {team.code}")
    print(f"Teacher's console: {url}console  (code {room.teacher_code})")
    print(f"Autosaves: {session.slots.folder}")
    if session.host == "127.0.0.1":
        print("Listening on this computer only: add --lan for phones and laptops in the room.")


def public_url(session: Session, port: int) -> str:
    address = lan_address() if session.host == "0.0.0.0" else "127.0.0.1"
    return f"http://{address}:{port}/"


async def _serve_forever(session: Session, ready: threading.Event | None,
                         stop: threading.Event | None, holder: dict[str, Any]) -> None:
    from autonomy_game.classroom import server

    runner, port = await server.start(session.room, session.host, session.port)
    url = public_url(session, port)
    runner.app[server.HUB_KEY].url = url
    holder["url"], holder["port"] = url, port
    announce(session, url)
    if ready is not None:
        ready.set()
    saved = session.room.version
    try:
        while stop is None or not stop.is_set():
            await asyncio.sleep(SAVE_EVERY_S)
            # Between phases too: a message, a vote or an inject survives a crash.
            with session.room.lock:
                if session.room.version != saved:
                    saved = session.room.version
                    session.slots.save(session.room)
    finally:
        await runner.cleanup()


def serve(session: Session, window: bool = True) -> int:
    holder: dict[str, Any] = {}
    if not window:
        with contextlib.suppress(KeyboardInterrupt):
            asyncio.run(_serve_forever(session, None, None, holder))
        return 0
    from autonomy_game.classroom.room_view import run_room_view

    ready, stop = threading.Event(), threading.Event()
    thread = threading.Thread(target=lambda: asyncio.run(
        _serve_forever(session, ready, stop, holder)), daemon=True)
    thread.start()
    if not ready.wait(15):
        print("autonomy-game host: error: the server did not start")
        return 1
    try:
        run_room_view(session.room, holder["url"])
    finally:
        stop.set()
        thread.join(5)
    return 0
