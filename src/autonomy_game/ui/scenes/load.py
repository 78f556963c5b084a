"""The load screen: every saved game in the player's saves folder, newest first, each named
by its scenario, quarter, turn and seats; a click continues that game in its own slot."""

from __future__ import annotations

import datetime

import pygame

from autonomy_game.ui.scene import Pop, Replace, Scene, Transition
from autonomy_game.ui.session import saves_module
from autonomy_game.ui.widgets import Frame

LIMIT = 40  # the newest saves only: each description reads and checks the file's header


class LoadScene(Scene):
    name = "load"

    def __init__(self, services) -> None:
        super().__init__(services)
        self.error: str | None = None
        self.infos = []
        saves = saves_module()
        folder = services.saves_folder
        if saves is not None and folder is not None:
            self.infos = [saves.describe_save(p) for p in saves.saves_in(folder)[:LIMIT]]

    def on_action(self, action, pos) -> Transition | None:
        from autonomy_game.ui.scenes.game import GameScene

        if action == ("back",):
            return Pop()
        if action[0] == "load":
            info = self.infos[action[1]]
            self.services.last_save = info
            try:
                self.services.load_autosave()
            except Exception as error:  # a save that changed since it was listed
                self.error = f"cannot load {info.path.name}: {error}"
                return None
            return Replace(GameScene(self.services))
        return None

    def on_escape(self) -> Transition | None:
        return Pop()

    def draw(self, frame: Frame) -> None:
        sw, sh = frame.surface.get_size()
        pad = frame.px(20)
        frame.surface.fill(frame.c("bg"))
        frame.label("Saved games", (pad, pad), "h1", "bold")
        y = pad + frame.text.line_height("h1", "bold")
        where = self.services.saves_folder
        frame.label(f"In {where}" if where else "Saving is off in this session.", (pad, y),
                    "small", colour="text_dim", max_width=sw - 2 * pad)
        y += frame.text.line_height("small") + frame.px(10)
        bh = frame.px(52)
        by = sh - bh - frame.px(18)
        body = pygame.Rect(pad, y, sw - 2 * pad, by - y - frame.px(12))
        frame.panel(body)
        off = frame.begin_scroll(body, "saves")
        row_h = frame.px(58)
        yy = body.y + frame.px(8) - off
        inner = body.width - frame.px(16)
        if not self.infos:
            frame.label("No saved games yet: the game saves itself after every turn.",
                        (body.x + frame.px(14), yy), "label", colour="text_dim")
        for k, info in enumerate(self.infos):
            r = pygame.Rect(body.x + frame.px(8), yy, inner, row_h)
            usable = info.problem is None
            frame.button(r, "", ("load", k), enabled=usable)
            title = info.description if usable else f"{info.path.name}: cannot be loaded"
            frame.label(title, (r.x + frame.px(12), r.y + frame.px(6)), "label", "semibold",
                        "text" if usable else "down", max_width=r.width - frame.px(24))
            try:
                when = datetime.datetime.fromtimestamp(info.path.stat().st_mtime)
                stamp = f"saved {when:%Y-%m-%d %H:%M}"
            except OSError:
                stamp = ""
            sub = f"{stamp} · {info.path.name}" if usable else (info.problem or "")
            frame.label(sub, (r.x + frame.px(12), r.bottom - frame.px(6)), "small",
                        colour="text_dim", anchor="bottomleft", max_width=r.width - frame.px(24))
            yy += row_h + frame.px(6)
        frame.end_scroll(body, "saves", yy + off - body.y)
        frame.button(pygame.Rect(pad, by, frame.px(160), bh), "Back  Esc", ("back",))
        if self.error:
            frame.label(self.error, (pad + frame.px(180), by + bh // 2), "small", "semibold",
                        "warn", anchor="midleft", max_width=sw - 3 * pad - frame.px(180))
