"""Shared helpers for the UI tests (headless SDL, scenarios, state fingerprints); no tests."""

from __future__ import annotations

import dataclasses
import hashlib
import os

os.environ["SDL_VIDEODRIVER"] = "dummy"
os.environ["SDL_AUDIODRIVER"] = "dummy"
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")

import numpy as np

from tests.support.mini_scenario import mini_scenario


def play_scenario():
    """The tutorial when it is bundled, else the five-state test scenario (two humans)."""
    try:
        from autonomy_game.scenario import bundled_scenarios, load_scenario

        ids = [info.id for info in bundled_scenarios()]
        if "tutorial" in ids:
            return load_scenario("tutorial")
    except Exception:  # pragma: no cover - loader not available
        pass
    return small_scenario()


def small_scenario():
    sc = mini_scenario()
    sc.suggested_humans = ["PL", "DE"]
    return sc


def fingerprint(game) -> str:
    """Everything an action can change: state arrays, orders, council session, phase."""
    digest = hashlib.sha256()
    digest.update(f"{game.phase}:{game.state.turn}:{len(game.decisions)}".encode())

    def arrays(obj) -> None:
        if obj is None:
            digest.update(b"none")
            return
        for f in dataclasses.fields(obj):
            if f.name.startswith("_"):
                continue  # the engine's private caches (memoised utilities), not game state
            value = getattr(obj, f.name)
            if isinstance(value, np.ndarray):
                digest.update(f.name.encode())
                digest.update(np.ascontiguousarray(value).tobytes())
            elif isinstance(value, (int, float, str)):
                digest.update(f"{f.name}={value}".encode())

    arrays(game.state)
    arrays(game.orders)
    arrays(game.session)
    digest.update(repr(sorted(game.proposals.items())).encode())
    digest.update(repr([(p.event, p.decider) for p in game.pending]).encode())
    return digest.hexdigest()
