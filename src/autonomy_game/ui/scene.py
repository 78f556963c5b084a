"""Scenes and the transitions they return (instead of reaching into a scene manager)."""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass
from typing import TYPE_CHECKING

import pygame

if TYPE_CHECKING:
    from autonomy_game.ui.app import Services
    from autonomy_game.ui.widgets import Frame


@dataclass(frozen=True)
class Push:
    scene: Scene


@dataclass(frozen=True)
class Pop:
    then: Transition | None = None  # applied to the scene revealed below


@dataclass(frozen=True)
class Replace:
    """Replace the whole stack with one scene (new game, back to the start screen)."""

    scene: Scene


@dataclass(frozen=True)
class Swap:
    """Replace only the top scene."""

    scene: Scene


@dataclass(frozen=True)
class Quit:
    pass


Transition = Push | Pop | Replace | Swap | Quit


CONFIRM_KEYS = (pygame.K_RETURN, pygame.K_KP_ENTER, pygame.K_SPACE)  # "go on" everywhere


class Scene:
    """One screen. `modal` scenes draw over the scene below it, dimmed."""

    modal = False
    name = "scene"

    def __init__(self, services: Services) -> None:
        self.services = services
        self.scroll: dict[str, int] = {}

    def draw(self, frame: Frame) -> None:
        raise NotImplementedError

    def on_action(self, action: Hashable, pos: tuple[int, int]) -> Transition | None:
        return None

    def on_key(self, event: pygame.event.Event) -> Transition | None:
        return None

    def on_wheel(self, steps: int, pos: tuple[int, int]) -> bool:
        """The wheel turned over no scrolling list; return True if the scene changed."""
        return False

    def on_pinch(self, factor: float, pos: tuple[int, int]) -> bool:
        """Two fingers pinched (factor > 1: apart) about `pos`; True if the scene changed."""
        return False

    def on_drag(self, rel: tuple[int, int], pos: tuple[int, int]) -> bool:
        """The pointer moved with the left button held (past a small threshold); return
        True if the scene changed. The release that ends a drag is not a click."""
        return False

    def on_hover(self, pos: tuple[int, int]) -> bool:
        """The pointer moved; return True if the scene looks different now."""
        return False

    def on_escape(self) -> Transition | None:
        from autonomy_game.ui.scenes.menu import MenuScene

        return Push(MenuScene(self.services))

    def on_enter(self) -> None:
        """Called when the scene becomes the top of the stack again."""

    def animating(self) -> bool:
        return False


class DismissibleScene(Scene):
    """A modal overlay that Esc, Enter or Space closes (the menu, the glossary)."""

    modal = True

    def on_escape(self) -> Transition | None:
        return Pop()

    def on_key(self, event: pygame.event.Event) -> Transition | None:
        return Pop() if event.key in CONFIRM_KEYS else None
