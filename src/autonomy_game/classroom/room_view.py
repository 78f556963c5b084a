"""The room view: the projector's pygame window while a class plays.

Built from the game screens' own pieces (ui/hud.py's top bar, ui/map_view.py's map, the
theme and text cache), plus what only a class needs: the phase and its countdown, the join
address with a QR code, which groups are connected and ready, the Council's tallies, the
quarter's headlines, the teacher's news and injects for the room and, when the teacher
reveals it, the AI states' reasons. Never a secret: it draws from `views.room_view`, which
holds no objective, join code or private message.
"""

from __future__ import annotations

import io
from typing import Any

import pygame
import segno

from autonomy_game.classroom import views
from autonomy_game.classroom.room import Classroom
from autonomy_game.ui import env, hud
from autonomy_game.ui.glossary import load_glossary
from autonomy_game.ui.lenses import lens_by_key
from autonomy_game.ui.map_view import MapView
from autonomy_game.ui.text import TextCache
from autonomy_game.ui.theme import load_theme
from autonomy_game.ui.widgets import Frame

PHASE_WORDS = {"events": "Events and briefing", "council": "Council", "orders": "National orders",
               "report": "Quarter report", "ended": "The end"}


class RoomView:
    """Draws the room view of a class onto a surface (the window, or one for screenshots)."""

    def __init__(self, room: Classroom, url: str) -> None:
        self.room, self.url = room, url
        self.theme = load_theme()
        self.text = TextCache(self.theme)
        self.glossary = load_glossary()
        self.map_view = MapView()
        self._qr: pygame.Surface | None = None

    def qr(self, size: int) -> pygame.Surface:
        if self._qr is None or self._qr.get_width() != size:
            buffer = io.BytesIO()
            segno.make(self.url, error="m").save(buffer, kind="png", scale=8, border=2,
                                                 dark="#000000", light="#ffffff")
            buffer.seek(0)
            image = pygame.image.load(buffer, "qr.png")
            self._qr = pygame.transform.scale(image, (size, size))
        return self._qr

    def draw(self, surface: pygame.Surface) -> None:
        with self.room.lock:
            view = views.room_view(self.room, self.url)
            self._draw(surface, view)

    def _draw(self, surface: pygame.Surface, view: dict[str, Any]) -> None:
        game = self.room.game
        frame = Frame(surface, self.theme, self.text, self.glossary)
        surface.fill(frame.c("bg"))
        parts = hud.layout(surface, frame)
        hud.top_bar(frame, parts["top"], game)
        w, h = surface.get_size()
        top = parts["top"].bottom
        side_w = max(w * 36 // 100, frame.px(360))
        map_rect = pygame.Rect(0, top, w - side_w, h - top)
        self._map(frame, map_rect)
        self._side(frame, pygame.Rect(w - side_w, top, side_w, h - top), view)

    def _map(self, frame: Frame, rect: pygame.Rect) -> None:
        game = self.room.game
        mv = self.map_view
        mv.layout(rect, frame.theme.scale, tuple(game.world.codes))
        lens = lens_by_key("defence")
        values = lens.values(game)
        colours = {c: frame.theme.ramp(lens.ramp, lens.fraction(float(values[n])))
                   for n, c in enumerate(game.world.codes)}
        frame.surface.blit(mv.base(frame, game.world.codes, colours), rect)
        frame.set_clip(rect)
        markers = mv.draw_network(frame, game)
        for code in game.humans:
            mv.outline(frame, code, frame.c("accent"), frame.px(3))
        mv.draw_labels(frame, {c: c for c in game.world.codes}, markers)
        frame.set_clip(None)
        frame.label(f"{lens.legend} · outlined: the groups' states",
                    (rect.x + frame.px(10), rect.bottom - frame.px(28)), "small", colour="text_dim")

    def _side(self, frame: Frame, rect: pygame.Rect, view: dict[str, Any]) -> None:
        frame.panel(rect)
        pad = frame.px("pad")
        x, y, width = rect.x + pad, rect.y + pad, rect.width - 2 * pad
        phase = PHASE_WORDS.get(view["phase"], view["phase"])
        if not view["started"]:
            phase = "Waiting for the teacher to start"
        clock = ""
        if view["paused"]:
            clock = "paused"
        elif view["seconds_left"] is not None and view["started"]:
            s = view["seconds_left"]
            clock = f"{s // 60}:{s % 60:02d}"
        frame.label(f"{view['quarter']} · {phase}", (x, y), "h2", "bold")
        if clock:
            r = frame.label(clock, (rect.right - pad, y), "h1", "bold", anchor="topright")
            y = max(y, r.bottom - frame.px("h2"))
        y += frame.px(44)
        qr = min(frame.px(150), width // 3)
        frame.surface.blit(self.qr(qr), (x, y))
        frame.label("Join at", (x + qr + pad, y), "small", colour="text_dim")
        frame.paragraph(self.url, pygame.Rect(x + qr + pad, y + frame.px(20), width - qr - pad,
                                              frame.px(48)), "body", weight="bold")
        ty = y + frame.px(74)
        for k, team in enumerate(view["teams"]):
            col, row = k % 3, k // 3
            tx = x + qr + pad + col * ((width - qr - pad) // 3)
            state = "AI" if team["ai"] else ("ready" if team["ready"] else
                                             "online" if team["connected"] else "offline")
            colour = {"ready": "good", "online": "text", "AI": "text_dim"}.get(state, "bad")
            frame.label(f"{team['seat']} {state}", (tx, ty + row * frame.px(22)), "small",
                        colour=colour)
        y += qr + pad
        y = self._section(frame, "Council", x, y, width, [
            f"{t['name']} ({t['rule'].split(' (')[0]}): yes {t['yes']}, no {t['no']}, "
            f"abstain {t['abstain']} — {'passes' if t['passes'] else 'fails'}"
            for t in view["tallies"]] or [
            f"{v['name']}: {'adopted' if v['passed'] else 'rejected'}"
            for v in view["last_votes"]] or ["Not sitting."], rect)
        y = self._section(frame, "Headlines", x, y, width,
                          [h["title"] for h in view["headlines"]] or ["No news this quarter."],
                          rect)
        news = [(f"{e['title']}: " if e["title"] else "") + e["text"]
                for e in reversed(view["news"])][:4]
        if news:
            y = self._section(frame, "From the teacher", x, y, width, news, rect)
        for item in view["ai_reasoning"][:2]:
            lines = [f"{s['state']} {s['vote']}: " + ", ".join(
                f"{r['term']} {r['value']:+.2f}" for r in s["reasons"][:2])
                for s in item["stances"] if s["vote"] != "yes"][:6]
            y = self._section(frame, f"Why the AI states vote so — {item['name']}", x, y,
                              width, lines or ["All AI states vote yes."], rect)

    def _section(self, frame: Frame, title: str, x: int, y: int, width: int,
                 lines: list[str], rect: pygame.Rect) -> int:
        if y > rect.bottom - frame.px(40):
            return y
        frame.label(title, (x, y), "body", "bold", colour="text_dim")
        y += frame.px(26)
        for line in lines:
            height = frame.paragraph_height(line, width, "small")
            if y + height > rect.bottom - frame.px(6):
                break
            frame.paragraph(line, pygame.Rect(x, y, width, height), "small")
            y += height + frame.px(4)
        return y + frame.px(8)


def render(room: Classroom, url: str, size: tuple[int, int]) -> pygame.Surface:
    """The room view drawn off-screen (screenshots, tests)."""
    env.headless_display()
    surface = pygame.Surface(size)
    RoomView(room, url).draw(surface)
    return surface


def run_room_view(room: Classroom, url: str) -> None:
    """The projector window until it is closed (F11: full screen)."""
    pygame.init()
    pygame.display.set_caption(f"Autonomy — {room.game.scenario.title} — join at {url}")
    screen = pygame.display.set_mode((1280, 720), pygame.RESIZABLE)
    view = RoomView(room, url)
    clock = pygame.time.Clock()
    running = True
    while running:
        for event in pygame.event.get():
            if event.type == pygame.QUIT:
                running = False
            elif event.type == pygame.KEYDOWN and event.key == pygame.K_F11:
                pygame.display.toggle_fullscreen()
        view.draw(screen)
        pygame.display.flip()
        clock.tick(4)
    pygame.quit()
