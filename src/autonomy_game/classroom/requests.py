"""Checking what a browser sends: every field typed and bounded before anything changes.

A team's engine action is rebuilt here with the team's own seat: a request naming another
seat is refused outright (it is never "corrected"), and only the kinds a group may take are
accepted (no end_phase, hold or inject: those are the teacher's).
"""

from __future__ import annotations

from typing import Any

from autonomy_game.engine import actions as A
from autonomy_game.engine.untrusted import text_problem

TEAM_KINDS = ("propose", "vote", "join", "suspend", "persuade", "pay", "budget", "procure",
              "shells", "industry", "aid", "aid_priority", "protect", "corridor")


class RequestError(ValueError):
    """A request refused, with the reason shown to the user; nothing has changed."""


def phase_token(game: Any) -> str:
    """What a page sends back to say which phase it acted in (a stale page is refused)."""
    return f"{game.turn}:{game.phase}"


def text_field(request: dict[str, Any], name: str, limit: int, *,
               required: bool = True) -> str:
    value = request.get(name, None if required else "")
    if not isinstance(value, str):
        raise RequestError(f"'{name}' must be text")
    value = value.strip()
    if required and not value:
        raise RequestError(f"'{name}' is empty")
    problem = text_problem(value, max_length=limit, multiline=True) if value else None
    if problem is not None:
        raise RequestError(f"'{name}' {problem}")
    return value


def engine_action(seat: str, request: dict[str, Any]) -> A.Action:
    """The engine action a team asks for, as its own seat; RequestError when malformed."""
    kind = request.get("type")
    if kind not in TEAM_KINDS:
        raise RequestError(f"unknown request {str(kind)[:40]!r}")
    asked = request.get("seat", seat)
    if asked != seat:
        raise RequestError(f"you play {seat}; you cannot act for {str(asked)[:8]}")
    fields = {k: v for k, v in request.items() if k not in ("type", "phase", "seat", "id")}
    try:
        return A.action_from_dict({"kind": kind, "seat": seat, **fields})
    except ValueError as error:
        raise RequestError(str(error)) from None
