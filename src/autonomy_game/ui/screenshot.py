"""Render any screen off-screen and save it as PNG (the `screenshot` command and tests).

The game is played for N turns with the AI on every seat; the Council, orders and event
views need a seat at the table to show their controls, so for those one state (the
scenario's first suggested human seat) takes the advisor's suggestion at every step, which
is what the AI would do.
"""

from __future__ import annotations

from pathlib import Path

import pygame

from autonomy_game.engine import actions as A
from autonomy_game.engine.council import proposable
from autonomy_game.engine.game import advance_to, play_to_end
from autonomy_game.scenario.model import Scenario
from autonomy_game.ui import env
from autonomy_game.ui.scene import Push

VIEWS = ("start", "map", "council", "orders", "event", "report", "end", "handover", "secret",
         "preview", "whatif")
SEATED_VIEWS = ("council", "orders", "event", "secret", "preview", "whatif")


def default_seat(scenario: Scenario) -> str:
    for code in scenario.suggested_humans:
        if code in scenario.members:
            return code
    return max(scenario.members, key=lambda c: scenario.states[c].population)


def _play_turns(session, turns: int) -> None:
    """Advance with the advisor's defaults until `turns` turns are resolved."""
    play_to_end(session.game, until_turn=turns)


def _to_phase(session, phase: str) -> None:
    """Within the current turn, advance until the game reaches `phase` (or ends)."""
    advance_to(session.game, phase, max_steps=20)


def _mark_events_seen(session) -> None:
    game = session.game
    for e in game.fired:
        session.seen_events.add((game.turn, e))


def build_app(scenario: Scenario, view: str, size: tuple[int, int] = (1280, 720),
              turns: int = 0, seed: int = 1, lens: str | None = None, services=None,
              projector: bool = False):
    """An off-screen App showing `view` after `turns` AI-played turns."""
    if view not in VIEWS:
        raise ValueError(f"unknown view {view!r}; choose from {', '.join(VIEWS)}")
    env.headless_display()
    from autonomy_game.ui.app import App, Services, Settings
    from autonomy_game.ui.catalog import Catalog
    from autonomy_game.ui.scenes.game import GameScene
    from autonomy_game.ui.scenes.start import StartScene

    if services is None:
        catalog = Catalog.of(scenario)
        if view == "start":  # every bundled scenario in the list, this one selected
            bundled = [e for e in Catalog.discover().entries
                       if e.origin == "bundled" and e.id != scenario.id]
            catalog = Catalog([*catalog.entries, *bundled])
        services = Services.create(catalog,
                                   Settings(autosave=False, projector=projector))
        services.autosave_path = None
    app = App(services, size, window=False)
    if view == "start":
        app.start(StartScene(services, scenario.id, seed))
        return app
    humans = [default_seat(scenario)] if view in SEATED_VIEWS else []
    if view == "handover":  # two seats: the game opens on the hand-over to the first
        humans = list(dict.fromkeys([*scenario.suggested_humans, *scenario.members]))[:2]
    session = services.new_game(scenario, seed, humans)
    game = session.game
    if view in ("end", "whatif"):
        _play_turns(session, scenario.turns)
        session.report_seen = game.state.turn
    elif view == "report":
        _play_turns(session, max(turns, 1))
    elif view == "event":
        _play_turns(session, turns)
        for _ in range(scenario.turns + 1):
            if game.phase == "report":
                game.advance()  # into the next turn's events
            if game.phase == "ended" or (game.phase == "events" and game.fired):
                break
            _play_turns(session, game.state.turn + 1)
    else:
        _play_turns(session, turns)
        if view == "preview" and game.phase == "report":
            game.advance()  # into the next turn: its event choice is previewed if any
        if not (view == "preview" and game.pending):
            _mark_events_seen(session)
        if view == "map":
            _to_phase(session, "council")
        elif view == "council":
            _to_phase(session, "council")
            if game.phase == "council" and not game.agenda() and humans:
                open_now = proposable(game.world, game.state)[0]
                for i, iid in enumerate(game.world.initiative_ids):
                    if open_now[i]:
                        session.send(A.Propose(humans[0], iid))
                        break
        elif view == "orders" or (view == "preview" and not game.pending):
            _to_phase(session, "orders")
        elif view in ("handover", "secret"):
            _to_phase(session, "council")
    if lens:
        session.lens = lens
    scene = GameScene(services)
    app.start(scene)
    if view == "map" and isinstance(app.top, GameScene):
        app.top.view = "map"
    if view == "secret":
        from autonomy_game.ui.scenes.secret import SecretScene

        app.apply(Push(SecretScene(services, humans[0])))
    if view == "preview":
        # The open event's preview, else the orders', played at once (the window shows
        # "Playing…" for a frame first).
        top = app.top
        preview = top.open_preview() if hasattr(top, "open_preview") else None
        if preview is not None:
            preview.scene.compute()
            app.apply(preview)
    if view == "whatif" and hasattr(app.top, "on_action"):
        # The end screen's "What if…" with its first decision changed, played at once.
        app.apply(app.top.on_action(("what_if",), (0, 0)))
        top = app.top
        if getattr(top, "points", None):
            top.choose(1)
            top.compute()
    return app


def turns_played(app) -> int:
    """How many turns were resolved before the view shown (what the command reports)."""
    session = app.services.session
    if session is None:
        return 0
    game = session.game
    return len(game.history.series("autonomy")) - 1  # snapshot 0 is the setup


def render_view(scenario: Scenario, view: str, size: tuple[int, int] = (1280, 720),
                turns: int = 0, seed: int = 1, lens: str | None = None,
                projector: bool = False) -> pygame.Surface:
    app = build_app(scenario, view, size, turns, seed, lens, projector=projector)
    app.render()
    return app.surface


def save_screenshot(scenario: Scenario, out: str | Path, view: str = "map",
                    size: tuple[int, int] = (1280, 720), turns: int = 0, seed: int = 1,
                    lens: str | None = None, projector: bool = False) -> tuple[Path, int]:
    """Render and write the PNG (into an existing folder); returns the path and the number
    of turns played before the view."""
    app = build_app(scenario, view, size, turns, seed, lens, projector=projector)
    app.render()
    out = Path(out)
    pygame.image.save(app.surface, str(out))
    return out, turns_played(app)
