"""Simulated groups for load tests: bounded WebSocket clients that play a class to its end.

Each client joins with its seat's code and, once per phase, does what a group does: picks the
first option of an open event, votes yes on every item it may vote on, sets its defence
spending, then declares itself ready. It stops by itself at the end of the game, after
`max_frames` frames or at `deadline` (no unbounded loop). It records the latency of each
request (send -> reply) and of each view (server's send time -> arrival). A request the
server's rate limit refuses is sent again after a pause, as a group would press again.
"""

from __future__ import annotations

import asyncio
import json
import time
from dataclasses import dataclass, field
from typing import Any

import aiohttp

MAX_RETRIES = 2_000  # rate-limited requests a client sends again, at most
RATE_BACKOFF = 5.0  # per second: the pause before sending a refused request again


@dataclass
class ClientResult:
    seat: str
    action_s: list[float] = field(default_factory=list)
    broadcast_s: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    final: dict[str, Any] = field(default_factory=dict)
    last: tuple[Any, ...] = ()  # the last view's version, phase token and ready flag
    limited: int = 0  # replies "too many requests" (sent again after a pause)


def _plan(view: dict[str, Any]) -> list[dict[str, Any]]:
    phase = view["phase"]
    if phase == "events":
        return [{"type": "choose", "event": e["id"], "option": e["choices"][0]["id"]}
                for e in view["events"]]
    if phase == "council":
        return [{"type": "vote", "initiative": i["id"], "vote": 1}
                for i in view["council"].get("agenda", []) if i.get("can_vote")]
    if phase == "orders" and view["orders"].get("open"):
        o = view["orders"]
        return [{"type": "budget", "pct": round((o["pct_low"] + o["pct_high"]) / 2, 2)}]
    return []


async def play(url: str, code: str, seat: str, *, max_frames: int = 20_000,
               deadline: float = 600.0) -> ClientResult:
    result = ClientResult(seat)
    sent: dict[int, float] = {}
    texts: dict[int, str] = {}
    retries = 0
    pending: list[asyncio.Task[None]] = []
    next_id = 1
    done_tokens: set[str] = set()
    stop_at = time.monotonic() + deadline
    async with aiohttp.ClientSession() as http, http.ws_connect(url + "ws") as ws:
        await ws.send_str(json.dumps({"type": "hello", "code": code}))
        for _ in range(max_frames):
            if time.monotonic() > stop_at:
                result.errors.append("deadline")
                break
            try:
                msg = await ws.receive(timeout=max(stop_at - time.monotonic(), 0.1))
            except asyncio.TimeoutError:
                result.errors.append("deadline")
                break
            if msg.type != aiohttp.WSMsgType.TEXT:
                result.errors.append(f"closed: {msg.type}")
                break
            data = json.loads(msg.data)
            now = time.monotonic()
            if data["type"] in ("ack", "error") and data.get("id") in sent:
                took = now - sent.pop(data["id"])
                text = texts.pop(data["id"])
                if "too many requests" not in data.get("error", ""):
                    result.action_s.append(took)  # carried out or refused by the rules
                if data["type"] == "error":
                    result.errors.append(data["error"])
                    if "too many requests" in data["error"] and retries < MAX_RETRIES:
                        retries += 1  # the server's rate limit: wait, then send it again
                        result.limited += 1
                        pending.append(asyncio.create_task(_again(ws, data["id"], text, sent,
                                                                  texts)))
                continue
            if data["type"] != "view":
                continue
            result.broadcast_s.append(max(time.time() - data["sent"], 0.0))
            view = data["view"]
            result.final = {k: view[k] for k in ("turn", "phase", "outcome", "indicators")}
            result.last = (view["version"], view["token"], view["team"]["ready"])
            if view["phase"] == "ended":
                break
            token = view["token"]
            if not view["started"] or view["team"]["ready"]:
                continue
            # Once per phase the group's moves; then "ready" again whenever it reads as not
            # ready (a slower page of the same group may have changed a vote since).
            plan = [] if token in done_tokens else _plan(view)
            done_tokens.add(token)
            for request in [*plan, {"type": "ready", "ready": True}]:
                request.update(id=next_id, phase=token)
                sent[next_id], texts[next_id] = time.monotonic(), json.dumps(request)
                await ws.send_str(texts[next_id])
                next_id += 1
        for task in pending:
            task.cancel()
    return result


async def _again(ws: Any, ident: int, text: str, sent: dict[int, float],
                 texts: dict[int, str]) -> None:
    await asyncio.sleep(1.0 / RATE_BACKOFF)
    if not ws.closed:
        sent[ident], texts[ident] = time.monotonic(), text
        await ws.send_str(text)


async def play_class(url: str, codes: dict[str, str], per_seat: int,
                     **kwargs: Any) -> list[ClientResult]:
    tasks = [play(url, code, seat, **kwargs) for seat, code in codes.items()
             for _ in range(per_seat)]
    return list(await asyncio.gather(*tasks))


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(int(0.95 * len(ordered)), len(ordered) - 1)] if ordered else float("nan")
