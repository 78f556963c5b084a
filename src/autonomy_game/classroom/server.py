"""The class's web server (aiohttp): the pages, the join endpoint and one WebSocket per page.

Every page opens `/ws`, says hello with its join code, then sends JSON requests and receives
its own view whenever the class changes. The server holds no game logic: it checks sizes and
rates, turns a frame into a dict and hands it to `Classroom`, then pushes fresh views.
Listening on loopback unless the teacher asks for the local network (`--lan`).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import time
from collections import deque
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

import segno
from aiohttp import WSMsgType, web

from autonomy_game.classroom import views
from autonomy_game.classroom.requests import RequestError
from autonomy_game.classroom.room import Classroom

MAX_BODY = 16 * 1024  # bytes of any HTTP body or WebSocket frame
RATE = 10.0  # requests a second a connection may keep up
BURST = 30.0  # and the burst it may send at once
MAX_BACKLOG = 500  # replies a page has not taken: it is closed
MAX_REFUSED = 200  # refused for rate in a row: the connection is closed
JOIN_RATE, JOIN_BURST = 1.0, 60.0  # join attempts per client address (code guessing)
PAGES = {"/": "index.html", "/team": "team.html", "/console": "console.html"}
STATIC = ("app.css", "common.js", "team.js", "console.js")
ROOM_KEY = web.AppKey("room", Classroom)
HUB_KEY = web.AppKey("hub", "Hub")
LOG = logging.getLogger(__name__)


@dataclass
class Bucket:
    """A token bucket: `take()` is False when the client sends faster than allowed."""

    rate: float
    burst: float
    tokens: float = -1.0
    at: float = field(default_factory=time.monotonic)

    def take(self) -> bool:
        now = time.monotonic()
        if self.tokens < 0:
            self.tokens = self.burst
        self.tokens = min(self.burst, self.tokens + (now - self.at) * self.rate)
        self.at = now
        if self.tokens >= 1:
            self.tokens -= 1
            return True
        return False


@dataclass(eq=False)
class Client:
    ws: web.WebSocketResponse
    role: str = ""
    seat: str | None = None
    sent_version: int = -1
    bucket: Bucket = field(default_factory=lambda: Bucket(RATE, BURST))
    refused: int = 0
    # The outbox: replies in order, and only the newest view (a slow page skips views it
    # never showed). The request loop and the pushes only post here and never wait on a
    # socket, so a page that reads slowly cannot stall the reading of its own requests.
    replies: deque[str] = field(default_factory=deque)
    view: str | None = None
    view_version: int = -1
    wake: asyncio.Event = field(default_factory=asyncio.Event)

    def reply(self, text: str) -> None:
        self.replies.append(text)
        self.wake.set()

    def post_view(self, text: str, version: int) -> None:
        self.view, self.view_version = text, version
        self.sent_version = version
        self.wake.set()

    @property
    def backlog(self) -> int:
        return len(self.replies)

    async def write(self) -> None:
        """The socket's only writer, until it closes."""
        while not self.ws.closed:
            await self.wake.wait()
            self.wake.clear()
            while self.replies:
                await self.ws.send_str(self.replies.popleft())
            if self.view is not None:
                text, self.view = self.view, None
                await self.ws.send_str(text)


class Hub:
    """The connected pages and the pushing of views to them."""

    def __init__(self, room: Classroom, url: str) -> None:
        self.room = room
        self.url = url
        self.clients: set[Client] = set()
        self.joins: dict[str, Bucket] = {}
        self.broadcasts: list[float] = []  # seconds each full broadcast took (benchmarks)
        self._soon: asyncio.Task[None] | None = None
        self._dirty = False
        self.closing = False  # shutting down: no new pushes

    def soon(self, delay: float = 0.03) -> None:
        """Broadcast shortly: a burst of requests from many pages makes one push, not one
        per request (each page still gets its own reply at once). A change made while a
        push is under way is pushed after it (`_dirty`), never lost."""
        self._dirty = True
        if self.closing:
            return
        if self._soon is None or self._soon.done():
            self._soon = asyncio.create_task(self._flush(delay))

    async def _flush(self, delay: float) -> None:
        while self._dirty:
            self._dirty = False
            await asyncio.sleep(delay)
            await self.broadcast()

    def view_for(self, client: Client, cache: dict[Any, str]) -> str:
        key = (client.role, client.seat)
        if key not in cache:
            room = self.room
            if client.role == "team":
                view = views.team_view(room, client.seat or "")
            elif client.role == "teacher":
                view = views.console_view(room, self.url)
            else:
                view = views.room_view(room, self.url)
            cache[key] = json.dumps({"type": "view", "sent": time.time(), "view": view})
        return cache[key]

    async def broadcast(self, force: bool = False) -> None:
        start = time.perf_counter()
        cache: dict[Any, str] = {}
        with self.room.lock:
            version = self.room.version
            frames = []
            for c in list(self.clients):
                if c.role and (force or c.sent_version != version):
                    try:
                        frames.append((c, self.view_for(c, cache)))
                    except Exception:  # one page's view failing must not starve the others
                        LOG.exception("class server: the %s view failed", c.seat or c.role)
        for client, frame in frames:
            client.post_view(frame, version)
        if frames:
            self.broadcasts.append(time.perf_counter() - start)

    def join_allowed(self, address: str) -> bool:
        bucket = self.joins.setdefault(address, Bucket(JOIN_RATE, JOIN_BURST))
        return bucket.take()


def _client_address(request: web.Request) -> str:
    return request.remote or "?"


async def page(request: web.Request) -> web.Response:
    name = PAGES[request.path]
    body = resources.files("autonomy_game.classroom").joinpath("static", name).read_bytes()
    return web.Response(body=body, content_type="text/html", charset="utf-8",
                        headers=_security_headers())


async def static(request: web.Request) -> web.Response:
    name = request.match_info["name"]
    if name not in STATIC:
        raise web.HTTPNotFound()
    body = resources.files("autonomy_game.classroom").joinpath("static", name).read_bytes()
    kind = "text/css" if name.endswith(".css") else "application/javascript"
    return web.Response(body=body, content_type=kind, charset="utf-8",
                        headers=_security_headers())


def _security_headers() -> dict[str, str]:
    # Scripts only from this server, no inline script: a message with a <script> tag that
    # somehow reached the page as HTML would still not run.
    return {"Content-Security-Policy": "default-src 'self'; script-src 'self'; "
                                       "style-src 'self'; img-src 'self' data:; "
                                       "connect-src 'self'",
            "X-Content-Type-Options": "nosniff", "Cache-Control": "no-store"}


async def qr(request: web.Request) -> web.Response:
    hub = request.app[HUB_KEY]
    svg = segno.make(hub.url, error="m").svg_inline(scale=8, border=2)
    return web.Response(text=svg, content_type="image/svg+xml")


async def join(request: web.Request) -> web.Response:
    """POST {"code": ...} -> {"role": "team"|"teacher", "seat": ...}: which page to open."""
    hub = request.app[HUB_KEY]
    if not hub.join_allowed(_client_address(request)):
        return _error(429, "too many attempts: wait a minute")
    data = await _json_body(request)
    try:
        role, seat = hub.room.join(data.get("code"))
    except RequestError as error:
        return _error(403, str(error))
    return web.json_response({"role": role, "seat": seat})


async def _json_body(request: web.Request) -> dict[str, Any]:
    if request.content_length is not None and request.content_length > MAX_BODY:
        raise web.HTTPRequestEntityTooLarge(max_size=MAX_BODY,
                                            actual_size=request.content_length)
    try:
        data = await request.json()
    except (ValueError, UnicodeDecodeError):
        raise web.HTTPBadRequest(text='{"error": "the body is not JSON"}',
                                 content_type="application/json") from None
    if not isinstance(data, dict):
        raise web.HTTPBadRequest(text='{"error": "the body must be a JSON object"}',
                                 content_type="application/json")
    return data


def _error(status: int, message: str) -> web.Response:
    return web.json_response({"error": message}, status=status)


async def websocket(request: web.Request) -> web.WebSocketResponse:
    hub = request.app[HUB_KEY]
    room = hub.room
    ws = web.WebSocketResponse(max_msg_size=MAX_BODY, heartbeat=20)
    await ws.prepare(request)
    client = Client(ws)
    hub.clients.add(client)
    writer = asyncio.create_task(client.write())
    try:
        async for message in ws:
            if message.type != WSMsgType.TEXT:
                break
            reply = await _handle(hub, client, message.data, _client_address(request))
            if reply is None:
                break
            if client.backlog > MAX_BACKLOG:
                break  # a page that does not read its replies: closed (it may rejoin)
            client.reply(json.dumps(reply))
            hub.soon()
    finally:
        writer.cancel()
        with contextlib.suppress(asyncio.CancelledError, ConnectionError, RuntimeError):
            await writer
        hub.clients.discard(client)
        if client.role == "team" and client.seat:
            room.connect(client.seat, -1)
            hub.soon()
    return ws


async def _handle(hub: Hub, client: Client, text: str, address: str) -> dict[str, Any] | None:
    """One frame from a page -> the reply; None closes the connection."""
    try:
        data = json.loads(text)
    except ValueError:
        data = None
    ident = data.get("id") if isinstance(data, dict) and type(data.get("id")) is int else None
    if not client.bucket.take():
        client.refused += 1
        if client.refused >= MAX_REFUSED:
            return None
        return {"type": "error", "id": ident, "error": "too many requests: slow down"}
    client.refused = 0
    if data is None:
        return {"type": "error", "error": "the request is not JSON"}
    if not isinstance(data, dict):
        return {"type": "error", "error": "a request is a JSON object"}
    try:
        if data.get("type") == "hello":
            if client.role:
                raise RequestError("already joined")
            if not hub.join_allowed(address):
                raise RequestError("too many attempts: wait a minute")
            role, seat = hub.room.join(data.get("code"))
            wanted = data.get("role")
            if wanted == "room" and role == "teacher":
                role = "room"  # the console's code may also open a bare room view
            client.role, client.seat = role, seat
            if seat is not None:
                hub.room.connect(seat, +1)
            with hub.room.lock:
                client.post_view(hub.view_for(client, {}), hub.room.version)
            return {"type": "ack", "id": ident, "ok": True, "message": f"joined as {seat or role}"}
        if not client.role:
            raise RequestError("say hello with your join code first")
        if client.role == "team":
            message = hub.room.team_request(client.seat or "", data)
        elif client.role == "teacher":
            message = hub.room.teacher_request(data)
        else:
            raise RequestError("the room view only watches")
    except RequestError as error:
        return {"type": "error", "id": ident, "error": str(error)}
    return {"type": "ack", "id": ident, "ok": True, "message": message}


async def _ticker(app: web.Application) -> None:
    hub = app[HUB_KEY]
    while True:
        await asyncio.sleep(1.0)
        try:
            hub.room.tick()
            await hub.broadcast()
        except RequestError as error:  # e.g. a timed-out phase the engine refused to close
            LOG.warning("countdown: %s", error)
        except Exception:  # the clock must keep running whatever one push met
            LOG.exception("class server: the countdown tick failed")


async def _start_ticker(app: web.Application) -> Any:
    task = asyncio.create_task(_ticker(app))
    yield
    task.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await task


async def _close_pages(app: web.Application) -> None:
    """On shutdown, close every page's socket (they reconnect to a resumed host)."""
    hub = app[HUB_KEY]
    hub.closing = True
    if hub._soon is not None:
        hub._soon.cancel()
    for client in list(app[HUB_KEY].clients):
        with contextlib.suppress(Exception):
            await client.ws.close(code=1001, message=b"server shutdown")


def make_app(room: Classroom, url: str = "") -> web.Application:
    app = web.Application(client_max_size=MAX_BODY)
    app[ROOM_KEY] = room
    app[HUB_KEY] = Hub(room, url)
    for path in PAGES:
        app.router.add_get(path, page)
    app.router.add_get("/static/{name}", static)
    app.router.add_get("/qr.svg", qr)
    app.router.add_post("/api/join", join)
    app.router.add_get("/ws", websocket)
    app.cleanup_ctx.append(_start_ticker)
    app.on_shutdown.append(_close_pages)
    return app


async def start(room: Classroom, host: str, port: int, url: str = "") -> tuple[web.AppRunner,
                                                                              int]:
    """Start serving; returns the runner (to stop it) and the port (0 picks a free one)."""
    app = make_app(room, url)
    runner = web.AppRunner(app, access_log=None, shutdown_timeout=2.0)
    await runner.setup()
    site = web.TCPSite(runner, host, port)
    await site.start()
    sockets = site._server.sockets if site._server else []  # type: ignore[union-attr]
    actual = sockets[0].getsockname()[1] if sockets else port
    if not url:
        app[HUB_KEY].url = f"http://{'127.0.0.1' if host in ('127.0.0.1', '') else host}:{actual}/"
    return runner, actual
