"""Which decisions a preview can show now: a light module, so that the game screen can
offer its Preview button without importing the Monte Carlo runner of engine/preview.py (the
first frame imports nothing it does not draw with)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from autonomy_game.engine.council import eligible

if TYPE_CHECKING:
    from autonomy_game.engine.game import Game


def preview_subjects(game: Game, seat: str | None = None) -> list[str]:
    """The decisions open now that a preview can show: each pending event (`event:ID`), each
    item on the Council's agenda the seat may vote on (`vote:ID`), or `orders`."""
    if game.phase == "events":
        return [f"event:{game.world.events[p.event].id}" for p in game.pending]
    if game.phase == "council":
        n = game.world.codes.index(seat) if seat in game.world.codes else None
        return [f"vote:{iid}" for iid in game.agenda()
                if n is None or eligible(game.world)[n, game.world.initiative_ids.index(iid)]]
    if game.phase == "orders" and seat:
        return ["orders"]
    return []
