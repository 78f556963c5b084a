"""Run a class's server on loopback inside a test: a thread with its own event loop."""

from __future__ import annotations

import asyncio
import threading
from typing import Any

from autonomy_game.classroom import server
from autonomy_game.classroom.room import Classroom


class RunningServer:
    """`with RunningServer(room) as srv:` serves `room` at `srv.url` until the block ends."""

    def __init__(self, room: Classroom) -> None:
        self.room = room
        self.loop = asyncio.new_event_loop()
        self.port = 0
        self.runner: Any = None
        self._ready = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        asyncio.set_event_loop(self.loop)

        async def begin() -> None:
            self.runner, self.port = await server.start(self.room, "127.0.0.1", 0)
            self._ready.set()

        self.loop.run_until_complete(begin())
        self.loop.run_forever()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/"

    @property
    def hub(self) -> server.Hub:
        return self.runner.app[server.HUB_KEY]

    def __enter__(self) -> RunningServer:
        self._thread.start()
        if not self._ready.wait(20):
            raise RuntimeError("the class server did not start")
        return self

    def __exit__(self, *exc: object) -> None:
        asyncio.run_coroutine_threadsafe(self.runner.cleanup(), self.loop).result(20)
        self.loop.call_soon_threadsafe(self.loop.stop)
        self._thread.join(20)


def new_class(scenario: Any, teams: list[str], seed: int = 7, **kwargs: Any) -> Classroom:
    from autonomy_game.engine.game import Game

    return Classroom.create(Game(scenario, seed, teams), **kwargs)
