"""Shared fixtures: scenarios loaded once per session (loading validates the whole base data)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="session")
def eu27():
    """The real EU-27 base data in a scenario without events."""
    from autonomy_game.scenario.validate import load_scenario

    return load_scenario(str(DATA / "eu27-plain.yaml"))


@pytest.fixture(scope="session")
def eu27_world(eu27):
    from autonomy_game.engine.world import build_world

    return build_world(eu27)


@pytest.fixture()
def mini():
    from tests.support.mini_scenario import mini_scenario

    return mini_scenario()
