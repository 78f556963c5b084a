"""The start screen: pick a scenario, read its summary, choose the human seats and the
seed, start — or continue the last autosave."""

from __future__ import annotations

import random

import pygame

from autonomy_game.ui.scene import CONFIRM_KEYS, Push, Quit, Replace, Scene, Transition
from autonomy_game.ui.text import briefing_blocks
from autonomy_game.ui.widgets import Frame


class StartScene(Scene):
    name = "start"

    def __init__(self, services, scenario_id: str | None = None, seed: int | None = None,
                 humans: list[str] | None = None) -> None:
        super().__init__(services)
        catalog = services.catalog
        self.index = catalog.index_of(scenario_id) if catalog.entries else -1
        self.seed = seed if seed is not None else 1
        self.humans: list[str] = []
        self._explicit_humans = humans
        self.error: str | None = None
        self.autosave = services.autosave_info()
        self._select(self.index, humans)

    @property
    def entry(self):
        entries = self.services.catalog.entries
        return entries[self.index] if 0 <= self.index < len(entries) else None

    def _select(self, index: int, humans: list[str] | None = None) -> None:
        self.index = index
        entry = self.entry
        self.scroll.pop("summary", None)
        if entry is None:
            return
        scenario = self.services.catalog.load(entry)
        if scenario is None:
            self.humans = []
            return
        # The scenario's suggested seats: the groups its briefing speaks of (issue 13).
        wanted = humans if humans is not None else list(scenario.suggested_humans)
        self.humans = [c for c in wanted if c in scenario.members]

    def start_game(self) -> Transition | None:
        from autonomy_game.ui.scenes.game import GameScene

        entry = self.entry
        scenario = self.services.catalog.load(entry) if entry else None
        if scenario is None:
            self.error = entry.error if entry else "no scenario to play"
            return None
        try:
            self.services.new_game(scenario, self.seed, list(self.humans))
        except Exception as error:
            self.error = f"cannot start: {error}"
            return None
        return Replace(GameScene(self.services))

    def on_action(self, action, pos) -> Transition | None:
        from autonomy_game.ui.scenes.game import GameScene

        kind = action[0]
        if kind == "scenario":
            self._select(action[1])
        elif kind == "seat":
            code = action[1]
            if code in self.humans:
                self.humans.remove(code)
            else:
                self.humans.append(code)
        elif kind == "seed":
            self.seed = max(0, self.seed + action[1])
        elif kind == "random_seed":
            self.seed = random.randint(1, 9999)
        elif kind == "suggested":
            scenario = self.entry.scenario if self.entry else None
            if scenario:
                self.humans = list(scenario.suggested_humans)
        elif kind == "no_humans":
            self.humans = []
        elif kind == "start":
            return self.start_game()
        elif kind == "saves":
            from autonomy_game.ui.scenes.load import LoadScene

            return Push(LoadScene(self.services))
        elif kind == "continue":
            try:
                self.services.load_autosave()
            except Exception as error:
                self.error = f"cannot continue: {error}"
                return None
            return Replace(GameScene(self.services))
        elif kind == "quit":
            return Quit()
        return None

    def on_key(self, event: pygame.event.Event) -> Transition | None:
        if event.key in CONFIRM_KEYS:
            return self.start_game()
        n = len(self.services.catalog.entries)
        if n and event.key in (pygame.K_DOWN, pygame.K_UP):
            self._select((self.index + (1 if event.key == pygame.K_DOWN else -1)) % n)
        return None

    def draw(self, frame: Frame) -> None:
        sw, sh = frame.surface.get_size()
        pad = frame.px(20)
        frame.surface.fill(frame.c("bg"))
        frame.label("Autonomy", (pad, pad - frame.px(6)), "title", "bold")
        frame.label("European defence cooperation, one quarter at a time",
                    (pad, pad + frame.text.line_height("title", "bold") - frame.px(10)), "h3",
                    colour="text_dim")
        top = pad + frame.text.line_height("title", "bold") + frame.px(28)
        list_w = min(frame.px(300), sw // 4)
        seats_w = min(frame.px(400), sw // 3)
        bottom = sh - frame.px(84)
        lst = pygame.Rect(pad, top, list_w, bottom - top)
        seats = pygame.Rect(sw - pad - seats_w, top, seats_w, bottom - top)
        mid = pygame.Rect(lst.right + pad, top, seats.x - lst.right - 2 * pad, bottom - top)

        # Scenario list.
        frame.panel(lst)
        frame.label("Scenarios", (lst.x + frame.px(12), lst.y + frame.px(8)), "h3", "bold")
        off = frame.begin_scroll(pygame.Rect(lst.x, lst.y + frame.px(44), lst.width,
                                             lst.height - frame.px(50)), "scenarios")
        y = lst.y + frame.px(44) - off
        for k, entry in enumerate(self.services.catalog.entries):
            room = lst.width - frame.px(36)
            lines = frame.text.clamp_lines(entry.title, room, 2, "label", "semibold")
            name_h = frame.text.line_height("label", "semibold")
            bh = frame.px(12) + len(lines) * name_h + frame.text.line_height("small")
            r = pygame.Rect(lst.x + frame.px(8), y, lst.width - frame.px(16), bh)
            frame.button(r, "", ("scenario", k), selected=k == self.index)
            for n, line in enumerate(lines):  # a long title wraps rather than being cut
                frame.label(line, (r.x + frame.px(10), r.y + frame.px(6) + n * name_h),
                            "label", "semibold")
            sub = (f"{entry.turns} turns · " if entry.turns else "") + (
                "your folder" if entry.origin == "user" else entry.id)
            frame.label(sub, (r.x + frame.px(10), r.bottom - frame.px(6)), "small",
                        colour="text_dim", anchor="bottomleft", max_width=r.width - 20)
            y += bh + frame.px(6)
        if not self.services.catalog.entries:
            frame.label("No scenarios found.", (lst.x + 12, y), "label", colour="text_dim")
        frame.end_scroll(pygame.Rect(lst.x, lst.y + frame.px(44), lst.width,
                                     lst.height - frame.px(50)), "scenarios",
                         y + off - lst.y - frame.px(44))

        # Summary and briefing.
        frame.panel(mid)
        entry = self.entry
        scenario = entry.scenario if entry else None
        x, w = mid.x + frame.px(16), mid.width - frame.px(32)
        if scenario is None:
            msg = entry.error if entry and entry.error else "Pick a scenario."
            frame.paragraph(msg, pygame.Rect(x, mid.y + 16, w, 0), "body", "warn")
        else:
            y = mid.y + frame.px(10)
            frame.label(scenario.title, (x, y), "h1", "bold", max_width=w)
            y += frame.text.line_height("h1", "bold")
            frame.label(f"{scenario.turns} quarters from "
                        f"{scenario.quarter_label(1)} · {len(scenario.members)} member states",
                        (x, y), "label", colour="text_dim", max_width=w)
            y += frame.text.line_height("label") + frame.px(8)
            body = pygame.Rect(mid.x, y, mid.width, mid.bottom - y - frame.px(8))
            off = frame.begin_scroll(body, "summary")
            yy = y - off
            if scenario.summary:
                yy += frame.paragraph(scenario.summary, pygame.Rect(x, yy, w, 0), "body")
                yy += frame.px(10)
            if scenario.briefing:
                frame.label("Briefing", (x, yy), "h2", "bold", "accent")
                yy += frame.text.line_height("h2", "bold")
                for kind, text in briefing_blocks(scenario.briefing):
                    if kind == "heading":
                        yy += frame.px(6)
                        yy += frame.paragraph(text, pygame.Rect(x, yy, w, 0), "h3", "accent",
                                              "bold")
                    else:
                        yy += frame.paragraph(text, pygame.Rect(x, yy, w, 0), "body",
                                              "text_dim") + frame.px(8)
            frame.end_scroll(body, "summary", yy + off - y + frame.px(10))

        # Seats and seed.
        frame.panel(seats)
        x, w = seats.x + frame.px(14), seats.width - frame.px(28)
        seats_off = frame.begin_scroll(seats, "seats")  # scrolls at large UI scales
        y = seats.y + frame.px(8) - seats_off
        frame.label("Who plays whom", (x, y), "h3", "bold")
        y += frame.text.line_height("h3", "bold")
        y += frame.paragraph("Click a state to make it human (hotseat); the rest are AI.",
                             pygame.Rect(x, y, w, 0), "small", "text_dim") + frame.px(6)
        if scenario is not None:
            cols = 5 if seats.width > frame.px(330) else 4
            gap = frame.px(5)
            cw = (w - gap * (cols - 1)) // cols
            ch = frame.px(34)
            suggested = set(scenario.suggested_humans)
            for k, code in enumerate(scenario.members):
                r = pygame.Rect(x + (k % cols) * (cw + gap), y + (k // cols) * (ch + gap), cw,
                                ch)
                human = code in self.humans
                label = code + (" ★" if code in suggested else "")
                frame.button(r, label, ("seat", code), selected=human, size="label",
                             colour=frame.c("accent") if human else None,
                             tip=scenario.states[code].name + (" — human" if human else
                                                                " — AI"))
            rows = (len(scenario.members) + cols - 1) // cols
            y += rows * (ch + gap) + frame.px(4)
            order = ", ".join(self.humans) if self.humans else "none: watch the AI play"
            # Short, so that the seed row below stays in the panel with the projector preset.
            y += frame.paragraph(f"Human seats in order: {order}",
                                 pygame.Rect(x, y, w, 0), "small", "text")
            y += frame.px(4)
            hw = (w - frame.px(8)) // 2
            frame.button(pygame.Rect(x, y, hw, frame.px(32)), "★ Suggested", ("suggested",),
                         size="small", enabled=bool(scenario.suggested_humans))
            frame.button(pygame.Rect(x + hw + frame.px(8), y, hw, frame.px(32)), "All AI",
                         ("no_humans",), size="small")
            y += frame.px(44)
        # One row: "Seed", the stepper, Random (what a seed is in the label's tooltip).
        row_h = frame.px(36)
        seed_label = frame.label("Seed", (x, y + row_h // 2), "small", "semibold",
                                 "text_dim", anchor="midleft")
        frame.tip_zone(seed_label, "The same seed and the same choices give the same game, "
                                   "move for move.", "Seed")
        sx = seed_label.right + frame.px(10)
        stepper_w = min(frame.px(170), x + w - sx - frame.px(110) - frame.px(8))
        frame.stepper(pygame.Rect(sx, y, stepper_w, row_h), str(self.seed),
                      ("seed", -1), ("seed", 1), can_minus=self.seed > 0)
        frame.button(pygame.Rect(sx + stepper_w + frame.px(8), y, frame.px(110), row_h),
                     "Random", ("random_seed",), size="small")
        y += row_h + frame.px(10)
        frame.end_scroll(seats, "seats", y + seats_off - seats.y)

        # Bottom row.
        bh = frame.px(52)
        by = sh - bh - frame.px(18)
        bw = frame.px(260)
        frame.button(pygame.Rect(sw - pad - bw, by, bw, bh), "Start  ⏎", ("start",),
                     primary=True, enabled=scenario is not None, size="h3")
        cw = frame.px(300)
        frame.button(pygame.Rect(sw - 2 * pad - bw - cw, by, cw, bh), "Continue last autosave",
                     ("continue",), enabled=self.autosave is not None,
                     tip=self.autosave or self.services.autosave_problem
                     or "No autosave yet: the game saves after each turn.")
        frame.button(pygame.Rect(pad, by, frame.px(120), bh), "Quit", ("quit",))
        lw = frame.px(190)
        frame.button(pygame.Rect(pad + frame.px(136), by, lw, bh), "Saved games…", ("saves",),
                     enabled=self.services.saves_folder is not None,
                     tip="Every saved game, by scenario, quarter and turn: pick one to go on.")
        problem = self.services.autosave_problem
        note = self.error or problem or (f"Autosave: {self.autosave}" if self.autosave else "")
        if note:
            nx = pad + frame.px(136) + lw + frame.px(16)
            frame.paragraph(note, pygame.Rect(nx, by, sw - 2 * pad - bw - cw - nx, 0), "small",
                            "warn" if self.error or problem else "text_dim", "semibold")
