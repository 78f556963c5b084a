"""The window and the event-driven main loop.

The loop waits for events (`_wait_for_events`: pygame's wait while input is recent, then
sleeps between looks) and redraws only when a handled event changed what is on screen (the
dirty flag), so an idle game uses almost no CPU. Only while a scene animates does it tick at
60 frames a second. Scenes never touch the stack:
they return transitions (`Push`, `Pop`, `Swap`, `Replace`, `Quit`) that the app applies.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pygame

from autonomy_game.engine.game import Game
from autonomy_game.scenario.model import Scenario
from autonomy_game.ui import env
from autonomy_game.ui.catalog import Catalog
from autonomy_game.ui.glossary import Glossary, load_glossary, with_scenario_terms
from autonomy_game.ui.map_view import MapView
from autonomy_game.ui.scene import Pop, Push, Quit, Replace, Scene, Swap, Transition
from autonomy_game.ui.session import GameSession, saves_module
from autonomy_game.ui.text import TextCache
from autonomy_game.ui.theme import MAX_SCALE, MIN_SCALE, PROJECTOR_BOOST, Theme, load_theme
from autonomy_game.ui.widgets import Frame, Zone, draw_tooltip

BASE_W, BASE_H = 1280, 720
SCROLL_STEP = 48
DRAG_PX = 6  # a press that moves further than this is a drag (panning), not a click
IDLE_AFTER_S = 1.0  # this long after the last input the window loop starts to sleep…
IDLE_POLL_S = 0.04  # …this long between looks for events (see App._wait_for_events)


@dataclass
class Settings:
    scale: float | None = None  # None: follow the window size (1.0 at 1280×720)
    fullscreen: bool = False
    window_size: tuple[int, int] = (BASE_W, BASE_H)
    autosave: bool = True
    projector: bool = False  # everything PROJECTOR_BOOST larger: text ≥ 16 px at 1280×720
    reduce_motion: bool = False  # no animation of changes (a setting for those who need it)
    preview: bool = True  # False: the teacher switched the decision preview off (--no-preview)
    preview_futures: int = 1000  # futures per option in a decision preview (tests use fewer)


def auto_scale(size: tuple[int, int], projector: bool = False) -> float:
    """The UI scale that fits the 1280×720 layout into `size`, continuously (1.5 at
    1920×1080, 3.0 at 3840×2160, capped at MAX_SCALE), times the projector boost.

    The window's size in pixels is what decides: SDL reports sizes in physical pixels when
    the process is DPI-aware (`env.init` asks for that on Windows; macOS and Wayland report
    the drawable size), so a high-DPI display gets a proportionally higher scale."""
    fit = min(max(min(size[0] / BASE_W, size[1] / BASE_H), MIN_SCALE), MAX_SCALE)
    return fit * (PROJECTOR_BOOST if projector else 1.0)


@dataclass
class Services:
    """What every scene may use: look, text, glossary, scenarios, the map and the game."""

    theme: Theme
    text: TextCache
    glossary: Glossary
    catalog: Catalog
    settings: Settings = field(default_factory=Settings)
    map_view: MapView = field(default_factory=MapView)
    session: GameSession | None = None
    # A fixed autosave file (tests, `--save`), or None with `saves_folder`: then every game
    # gets its own named slot there (scenario, start date, turn), so a new game never
    # destroys an old one.
    autosave_path: Path | None = None
    saves_folder: Path | None = None
    request: str | None = None  # for the app: "fullscreen" or "rescale" (from the menu)
    last_save: object | None = None  # saves.SaveInfo of the save "Continue" would load

    @classmethod
    def create(cls, catalog: Catalog | None = None, settings: Settings | None = None,
               autosave_path: Path | None = None) -> Services:
        theme = load_theme()
        saves = saves_module()
        folder = None
        if autosave_path is None and saves is not None and (settings is None or
                                                             settings.autosave):
            folder = saves.saves_dir()
        services = cls(theme, TextCache(theme), load_glossary(), catalog or Catalog.discover(),
                       settings or Settings(), autosave_path=autosave_path,
                       saves_folder=folder)
        if saves is not None:
            for place in {p for p in (folder, autosave_path and autosave_path.parent) if p}:
                saves.clean_stray_temps(place)  # left by saves killed mid-write
        return services

    def new_game(self, scenario: Scenario, seed: int, humans: list[str],
                 policies: dict[str, str] | None = None) -> GameSession:
        """A new game; `policies` (seat -> policy spec) play AI seats as `simulate --policy`
        does (saves keep them)."""
        game = Game(scenario, seed, humans=humans, policies=dict(policies or {}))
        return self.attach(game)

    def attach(self, game: Game, slot: object | None = None) -> GameSession:
        if not self.settings.preview:
            game.preview_off = True  # the teacher's switch holds for loaded games too
        saves = saves_module()
        autosave = None
        if saves is not None and (self.autosave_path is not None or self.saves_folder):
            if slot is None and self.autosave_path is None:
                assert self.saves_folder is not None
                slot = saves.AutosaveSlot(self.saves_folder, saves.slot_stem(game.scenario))
            autosave = saves.enable_autosave(game, self.autosave_path, slot)
        self.session = GameSession(game, autosave)
        self.glossary = with_scenario_terms(load_glossary(), game.scenario.glossary)
        return self.session

    def save_path_now(self) -> bool:
        """Whether saving is possible at all (the menu's "Save now")."""
        return self.autosave_path is not None or self.saves_folder is not None

    def autosave_info(self) -> str | None:
        """A one-line description of the save "Continue" loads, None when there is none.

        A damaged or unreadable save is reported with its reason in `autosave_problem` and
        moved aside as `NAME.damaged`, so no later save can overwrite it."""
        saves = saves_module()
        self.last_save = None
        if saves is None:
            return None
        if self.autosave_path is not None:
            candidates = [self.autosave_path] if self.autosave_path.exists() else []
        elif self.saves_folder is not None:
            candidates = saves.saves_in(self.saves_folder)[:1]
        else:
            candidates = []
        if not candidates:
            return None
        info = saves.describe_save(candidates[0])
        if info.problem is not None:
            info.moved_to = saves.set_aside(info.path)
        self.last_save = info
        return info.description

    @property
    def autosave_problem(self) -> str | None:
        info = self.last_save
        if info is None or getattr(info, "problem", None) is None:
            return None
        moved = getattr(info, "moved_to", None)
        where = f"; kept as {moved.name}" if moved is not None else ""
        return f"Last save {info.path.name} is damaged: {info.problem}{where}"

    def load_autosave(self) -> GameSession:
        saves = saves_module()
        info = self.last_save
        if saves is None or info is None or getattr(info, "description", None) is None:
            raise RuntimeError("there is no save to continue")
        game = saves.load_game(info.path)
        slot = None
        if self.autosave_path is None and self.saves_folder is not None:
            stem = info.path.stem.rsplit("-turn", 1)[0]  # the game goes on in its own slot
            slot = saves.AutosaveSlot(self.saves_folder, stem, current=info.path)
        return self.attach(game, slot)


class App:
    def __init__(self, services: Services, size: tuple[int, int] = (BASE_W, BASE_H), *,
                 window: bool = True, fullscreen: bool = False) -> None:
        env.init()
        self.services = services
        self.window = window
        self.stack: list[Scene] = []
        self.running = True
        self.dirty = True
        self.mouse = (-1, -1)
        self.zones: list[Zone] = []
        self._hover_key: object = None
        self._press: tuple[int, int] | None = None  # where the left button went down
        self._dragging = False
        self.frames = 0
        self.last_frame_ms = 0.0
        self._overlay: pygame.Surface | None = None
        # The scenes under the top dialog as last drawn (render), and what happened since
        # the last frame: "none", "hover" (only plain pointer motion) or "other".
        self._backdrop: pygame.Surface | None = None
        self._backdrop_key: tuple | None = None
        self._since_render = "none"
        self._last_input = time.perf_counter()  # when the window last had an event
        self._clock = pygame.time.Clock()
        if window:
            pygame.display.set_caption("Autonomy — European defence cooperation")
            flags = pygame.RESIZABLE
            self.surface = pygame.display.set_mode(size, flags)
            if fullscreen:
                self.toggle_fullscreen()
        else:
            if pygame.display.get_surface() is None:
                pygame.display.set_mode((1, 1))
            self.surface = pygame.Surface(size)
        self._apply_scale()

    # -- stack ----------------------------------------------------------------------------------
    @property
    def top(self) -> Scene | None:
        return self.stack[-1] if self.stack else None

    def start(self, scene: Scene) -> None:
        self.stack = []
        self.apply(Push(scene))

    def apply(self, transition: Transition | None, depth: int = 0) -> None:
        if transition is None or depth > 20:
            return
        self.dirty = True
        self._changed()
        if isinstance(transition, Quit):
            self.running = False
            return
        if isinstance(transition, Push):
            self.stack.append(transition.scene)
        elif isinstance(transition, Pop):
            if self.stack:
                self.stack.pop()
            if transition.then is not None:
                self.apply(transition.then, depth + 1)
                return
        elif isinstance(transition, Swap):
            if self.stack:
                self.stack.pop()
            self.stack.append(transition.scene)
        elif isinstance(transition, Replace):
            self.stack = [transition.scene]
        if not self.stack:
            self.running = False
            return
        self.apply(self.stack[-1].on_enter(), depth + 1)

    # -- drawing --------------------------------------------------------------------------------
    def _apply_scale(self) -> None:
        settings = self.services.settings
        theme = self.services.theme
        if settings.scale:
            scale = settings.scale * (PROJECTOR_BOOST if settings.projector else 1.0)
        else:
            scale = auto_scale(self.surface.get_size(), settings.projector)
        if abs(scale - theme.scale) > 1e-9 or theme.projector != settings.projector:
            theme.projector = settings.projector
            theme.set_scale(scale)
            self.services.text.clear()

    def render(self) -> float:
        """Draw the visible scenes; returns the time taken in milliseconds.

        Under a dialog the scenes below are drawn without the pointer (their buttons do not
        light up: a click goes to the dialog), so while only the pointer moves they look the
        same, and the frame starts from the backdrop kept from the last full draw (the
        scenes below and the dim) instead of drawing them again: at 4K that is most of a
        dialog's frame. Anything else since the last frame (a key, a click, a transition, a
        scene below that animates, a direct call) draws everything again."""
        t0 = time.perf_counter()
        surf = self.surface
        since, self._since_render = self._since_render, "none"
        if not self.stack:
            surf.fill(self.services.theme.c("bg"))
            return 0.0
        first = len(self.stack) - 1
        while first > 0 and self.stack[first].modal:
            first -= 1
        top = len(self.stack) - 1
        audit = self.services.text.audit
        key = (tuple(id(s) for s in self.stack[first:]), surf.get_size(),
               self.services.theme.scale, self.services.theme.projector)
        reuse = (since == "hover" and top > first and audit is None
                 and self._backdrop is not None and self._backdrop_key == key
                 and not any(s.animating() for s in self.stack[first:top]))
        zones: list[Zone] = []
        if reuse:
            surf.blit(self._backdrop, (0, 0))
            start = top
        else:
            surf.fill(self.services.theme.c("bg"))
            start = first
            self._backdrop = None
        for k in range(start, len(self.stack)):
            scene = self.stack[k]
            if k > first and not (reuse and k == top):
                if getattr(scene, "dim", True):  # a hint card leaves what it shows bright
                    surf.blit(self._dim(surf.get_size()), (0, 0))
                if audit is not None:  # a dialog may cover what is below
                    audit.labels.clear()
            if k == top and k > first and not reuse and audit is None:
                self._keep_backdrop(surf, key)
            frame = Frame(surf, self.services.theme, self.services.text,
                          self.services.glossary, self.mouse if k == top else (-1, -1),
                          scene.scroll)
            scene.draw(frame)
            surf.set_clip(None)
            zones = frame.zones
        self.zones = zones
        tip = self.zone_at(self.mouse, want="tip")
        if tip is not None:
            draw_tooltip(Frame(surf, self.services.theme, self.services.text,
                               self.services.glossary, self.mouse), tip)
        self.frames += 1
        self.last_frame_ms = (time.perf_counter() - t0) * 1000.0
        return self.last_frame_ms

    def _keep_backdrop(self, surf: pygame.Surface, key: tuple) -> None:
        """Copy what is under the top dialog (scenes below and the dim) for hover frames."""
        if self._backdrop is None or self._backdrop.get_size() != surf.get_size():
            self._backdrop = pygame.Surface(surf.get_size())
        self._backdrop.blit(surf, (0, 0))
        self._backdrop_key = key

    def _changed(self) -> None:
        """Something other than the pointer moved since the last frame: draw it all."""
        self._since_render = "other"

    def _dim(self, size: tuple[int, int]) -> pygame.Surface:
        if self._overlay is None or self._overlay.get_size() != size:
            self._overlay = pygame.Surface(size, pygame.SRCALPHA)
            r, g, b = self.services.theme.c("overlay")
            self._overlay.fill((r, g, b, self.services.theme.overlay_alpha))
        return self._overlay

    def zone_at(self, pos: tuple[int, int], want: str = "action") -> Zone | None:
        for zone in reversed(self.zones):
            if not zone.rect.collidepoint(pos):
                continue
            if want == "action" and zone.action is not None:
                return zone
            if want == "tip" and zone.tip:
                return zone
            if want == "scroll" and zone.kind == "scroll":
                return zone
        return None

    def find(self, action: object) -> Zone | None:
        """The zone of an action drawn in the last frame (tests click it)."""
        for zone in self.zones:
            if zone.action == action:
                return zone
        return None

    # -- events ---------------------------------------------------------------------------------
    def handle(self, event: pygame.event.Event) -> None:
        scene = self.top
        plain_motion = (event.type == pygame.MOUSEMOTION and self._press is None
                        and not any(getattr(event, "buttons", ()) or ()))
        if not plain_motion:
            self._changed()
        elif self._since_render == "none":
            self._since_render = "hover"
        if event.type == pygame.QUIT:
            self.running = False
        elif event.type in (pygame.VIDEORESIZE, pygame.WINDOWSIZECHANGED):
            if self.window:
                self.surface = pygame.display.get_surface()
            self._apply_scale()
            self.dirty = True
        elif event.type in (pygame.WINDOWEXPOSED, pygame.WINDOWSHOWN, pygame.WINDOWRESTORED):
            self.dirty = True
        elif event.type == pygame.MOUSEMOTION and self._press is not None \
                and event.buttons and event.buttons[0]:
            self.mouse = event.pos
            far = (abs(event.pos[0] - self._press[0]) + abs(event.pos[1] - self._press[1])
                   > self.services.theme.px(DRAG_PX))
            if (far or self._dragging) and scene is not None:
                self._dragging = True
                if scene.on_drag(event.rel, event.pos):
                    self.dirty = True
        elif event.type == pygame.MOUSEMOTION:
            self.mouse = event.pos
            zone = self.zone_at(event.pos, "action") or self.zone_at(event.pos, "tip")
            key = None if zone is None else (tuple(zone.rect), zone.action, zone.tip)
            if key != self._hover_key:
                self._hover_key = key
                self.dirty = True
            if scene is not None and scene.on_hover(event.pos):
                self.dirty = True
        elif event.type == pygame.MOUSEBUTTONDOWN:
            self.mouse = event.pos
            if event.button == 1:
                self._press, self._dragging = event.pos, False
        elif event.type == pygame.MOUSEBUTTONUP and event.button == 1:
            self.mouse = event.pos
            dragged, self._press, self._dragging = self._dragging, None, False
            zone = None if dragged else self.zone_at(event.pos)
            if zone is not None and zone.enabled and scene is not None:
                self.apply(scene.on_action(zone.action, event.pos))
                self._serve_request()
            self.dirty = True
        elif event.type == pygame.MOUSEWHEEL:
            zone = self.zone_at(self.mouse, "scroll")
            if zone is not None and scene is not None:
                step = self.services.theme.px(SCROLL_STEP)
                old = scene.scroll.get(zone.scroll_key, 0)
                new = min(max(old - event.y * step, 0), zone.scroll_max)
                if new != old:
                    scene.scroll[zone.scroll_key] = new
                    self.dirty = True
            elif scene is not None and scene.on_wheel(event.y, self.mouse):
                self.dirty = True
        elif event.type == pygame.KEYDOWN:
            self.dirty = True
            if event.key == pygame.K_F11:
                self.toggle_fullscreen()
            elif event.key == pygame.K_q and event.mod & pygame.KMOD_CTRL:
                self.running = False
            elif scene is not None:
                if event.key == pygame.K_ESCAPE:
                    self.apply(scene.on_escape())
                else:
                    self.apply(scene.on_key(event))

    def _wait_for_events(self) -> list[pygame.event.Event]:
        """Block until something happens, using (almost) no CPU.

        pygame's `event.wait` looks for events every millisecond while it waits (1.7 % of a
        core on an idle X display, measured with benchmarks/bench_idle.py). For a second
        after the last input it is used as it is, so a reply is immediate; after that the
        loop sleeps IDLE_POLL_S between looks (about 0.4 % of a core; the first event after a
        pause waits at most that long)."""
        quiet = time.perf_counter() - self._last_input
        if quiet < IDLE_AFTER_S:
            first = pygame.event.wait(max(1, round((IDLE_AFTER_S - quiet) * 1000)))
        else:
            time.sleep(IDLE_POLL_S)
            first = pygame.event.wait(1)
        return [first, *pygame.event.get()]

    def _serve_request(self) -> None:
        request, self.services.request = self.services.request, None
        if request == "fullscreen":
            self.toggle_fullscreen()
        elif request == "rescale":
            self._apply_scale()

    def toggle_fullscreen(self) -> None:
        if not self.window:
            return
        settings = self.services.settings
        settings.fullscreen = not settings.fullscreen
        if settings.fullscreen:
            settings.window_size = self.surface.get_size()
            self.surface = pygame.display.set_mode((0, 0), pygame.FULLSCREEN)
        else:
            self.surface = pygame.display.set_mode(settings.window_size, pygame.RESIZABLE)
        self._apply_scale()
        self.dirty = True

    def set_scale(self, scale: float | None) -> None:
        self.services.settings.scale = scale
        self._apply_scale()
        self.dirty = True

    def set_projector(self, on: bool) -> None:
        """The projector preset: everything larger, text at least 16 px at 1280×720."""
        self.services.settings.projector = on
        self._apply_scale()
        self.dirty = True

    # -- loop -----------------------------------------------------------------------------------
    def run(self, driver: Callable[[App], None] | None = None, timeout_ms: int = 0,
            max_iterations: int | None = None) -> None:
        """Run until quit. `driver` (tests) is called whenever the app is idle."""
        iterations = 0
        while self.running and self.stack:
            if self.dirty:
                self.render()
                if self.window:
                    pygame.display.flip()
                self.dirty = False
            if driver is not None and not pygame.event.peek():
                driver(self)
                self._changed()  # a driver (tests) may change the game directly
                if not self.running:
                    break
            if self.top is not None and self.top.animating():
                events = pygame.event.get()
                self._clock.tick(60)
                self.dirty = True
            elif self.window and driver is None:
                events = self._wait_for_events()
            else:
                first = pygame.event.wait(timeout_ms) if timeout_ms else pygame.event.wait()
                events = [first, *pygame.event.get()]
            for event in events:
                if event.type != pygame.NOEVENT:
                    self._last_input = time.perf_counter()
                    self.handle(event)
            iterations += 1
            if max_iterations is not None and iterations >= max_iterations:
                break
