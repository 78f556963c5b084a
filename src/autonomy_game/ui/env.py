"""Start pygame the light way: display and font only, optionally without a window."""

from __future__ import annotations

import os

os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")

import pygame


def use_headless() -> None:
    """Select SDL's dummy video and audio drivers (call before `init`)."""
    os.environ["SDL_VIDEODRIVER"] = "dummy"
    os.environ["SDL_AUDIODRIVER"] = "dummy"


def init() -> None:
    """Initialise only what the game uses; `pygame.init()` would also probe audio (slow)."""
    os.environ.setdefault("SDL_WINDOWS_DPI_AWARENESS", "permonitorv2")
    if not pygame.display.get_init():
        pygame.display.init()
    if not pygame.font.get_init():
        pygame.font.init()


HEADLESS_DRIVERS = ("offscreen", "dummy")


def no_display_reason() -> str | None:
    """Why a window cannot be shown, or None. SDL falls back to its "offscreen" driver on a
    machine without a display and the game would then run invisibly, waiting for input that
    never comes; a headless driver is accepted only when asked for in SDL_VIDEODRIVER."""
    driver = pygame.display.get_driver() if pygame.display.get_init() else None
    asked = os.environ.get("SDL_VIDEODRIVER", "")
    if driver in HEADLESS_DRIVERS and driver != asked:
        return (f"no display found (SDL chose its {driver!r} driver); run it on a desktop, "
                f"or use `autonomy-game screenshot` to render without one")
    return None


def headless_display() -> None:
    """A 1×1 display under the dummy driver, so `convert()` works in off-screen rendering."""
    use_headless()
    init()
    if pygame.display.get_surface() is None:
        pygame.display.set_mode((1, 1))
