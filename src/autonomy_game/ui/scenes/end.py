"""The end: outcome, goals met or missed with the values that decided them (every defeat that
held), the turning points, secret objectives revealed with their values, indicator charts, the
scenario's debrief questions, and the debrief page written with one click."""

from __future__ import annotations

import webbrowser
from dataclasses import dataclass
from pathlib import Path

import pygame

from autonomy_game.ui import charts
from autonomy_game.ui.scene import CONFIRM_KEYS, Push, Quit, Replace, Scene, Transition
from autonomy_game.ui.scenes.counterfactual import WHAT_IF_KEYS, CounterfactualScene
from autonomy_game.ui.widgets import Frame

OUTCOME_TEXT = {"victory": ("Victory", "good"), "partial": ("Partial success", "warn"),
                "failure": ("Failure", "down"), "defeat": ("Defeat", "bad"),
                "ongoing": ("Game in progress", "text_dim")}
CHARTS = (
    ("Security", [("deterrence", "Deterrence"), ("autonomy", "Autonomy"),
                  ("us_commitment", "U.S. commitment"),
                  ("adversary_pressure", "Adversary pressure")]),
    ("Union and Ukraine", [("cohesion", "Cohesion"), ("ukraine_front", "Ukraine front"),
                           ("ukraine_delivered", "Ukraine supplied")]),
)


# How each goal row reads: (mark, suffix, colour of the heading, colour of the text, boxed)
ROW_STYLE = {
    "achieved": ("✓", " — achieved", "good", "text", True),
    "superseded": ("–", " — surpassed by the victory", "text_faint", "text_faint", False),
    "missed": ("✗", " — not reached", "down", "text_dim", False),
    "avoided": ("✓", "", "good", "text_dim", False),
    "hit": ("✗", "", "bad", "text", True),
}


@dataclass(frozen=True)
class GoalRow:
    label: str
    text: str
    status: str  # achieved | superseded | missed | avoided | hit
    values: str = ""  # the comparisons that decided it, e.g. "cohesion 0.38 (defeat at < 0.40)"


def open_in_browser(path: Path) -> None:
    """Open the written debrief (tests replace this)."""
    webbrowser.open(path.resolve().as_uri())


def goal_rows(game) -> list[GoalRow]:
    """The scenario's goals as the class should read them: one outcome is marked achieved
    (victory, partial success), or every defeat condition that held is marked hit (several can
    hold at once: none of them reads "avoided"); a partial success that a victory supersedes
    is greyed, not ticked. Each row carries the values that decided it."""
    if hasattr(game.world, "defeats"):  # a real game (tests pass a bare outline)
        from autonomy_game.debrief.content import goal_results

        results, _ = goal_results(game)
        return [GoalRow(r.label, r.text, r.status, r.values) for r in results]
    goals = game.world.scenario.goals
    outcome = game.outcome
    reason = int(game.state.defeat_reason[0])
    victory = "achieved" if outcome == "victory" else "missed"
    partial = {"victory": "superseded", "partial": "achieved"}.get(outcome, "missed")
    rows = [GoalRow("Victory", goals.victory.text, victory),
            GoalRow("Partial success", goals.partial.text, partial)]
    for k, goal in enumerate(goals.defeat):
        hit = outcome == "defeat" and reason == k
        rows.append(GoalRow("Defeat" if hit else "Defeat avoided", goal.text or goal.id,
                            "hit" if hit else "avoided"))
    return rows


def _draw_goal_row(frame: Frame, row: GoalRow, x: int, y: int, w: int) -> int:
    mark, suffix, head, body, boxed = ROW_STYLE[row.status]
    indent = frame.px(22)
    text_h = (frame.paragraph_height(row.text, w - indent - frame.px(8), "label")
              if row.text else 0)
    head_h = frame.text.line_height("label", "bold")
    values_h = (frame.paragraph_height(row.values, w - indent - frame.px(8), "small")
                if row.values else 0)
    if boxed:
        box = pygame.Rect(x - frame.px(6), y - frame.px(2), w + frame.px(12),
                          head_h + text_h + values_h + frame.px(8))
        frame.fill(box, "panel_hi", frame.px("radius"), head, max(2, frame.px(2)))
    frame.label(f"{mark} {row.label}{suffix}", (x, y), "label", "bold", head,
                max_width=w)
    y += head_h
    if row.text:
        y += frame.paragraph(row.text, pygame.Rect(x + indent, y, w - indent - frame.px(8), 0),
                             "label", body)
    if row.values:
        y += frame.paragraph(row.values, pygame.Rect(x + indent, y, w - indent - frame.px(8), 0),
                             "small", "text_dim")
    return y + frame.px(8 if boxed else 4)


class EndScene(Scene):
    name = "end"

    def on_action(self, action, pos) -> Transition | None:
        from autonomy_game.ui.scenes.start import StartScene

        if action == ("new",):
            self.services.session = None
            return Replace(StartScene(self.services))
        if action == ("quit",):
            return Quit()
        if action == ("debrief",):
            self.write_debrief()
        if action == ("what_if",):
            return Push(CounterfactualScene(self.services))
        return None

    def debrief_path(self) -> Path:
        """Beside the saves: the game's save slot with .html, else the saves folder."""
        services, session = self.services, self.services.session
        slot = getattr(session, "autosave", None)
        if slot is not None:
            return slot.path_for(session.game).with_suffix(".html")
        if services.autosave_path is not None:
            return Path(services.autosave_path).with_suffix(".html")
        from autonomy_game.engine.saves import saves_dir, slot_stem

        return saves_dir() / f"{slot_stem(session.game.scenario)}-debrief.html"

    def write_debrief(self) -> Path | None:
        """Write the debrief page beside the saves and open it in the browser."""
        from autonomy_game.debrief.page import debrief_html
        from autonomy_game.engine.saves import write_atomically

        session = self.services.session
        path = self.debrief_path()
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            write_atomically(path, debrief_html(session.game).encode("utf-8"))
        except OSError as error:
            session.saved_note = f"The debrief could not be written: {error.strerror or error}"
            return None
        session.saved_note = f"Debrief written to {path}"
        try:
            open_in_browser(path)
        except Exception:  # no browser is not an error: the file is there
            session.saved_note += " (open it in a browser)"
        return path

    def on_key(self, event: pygame.event.Event) -> Transition | None:
        if event.key in CONFIRM_KEYS:
            return self.on_action(("new",), (0, 0))
        if event.key in WHAT_IF_KEYS:
            return self.on_action(("what_if",), (0, 0))
        return None

    def _content(self, game):
        """Goal rows, turning points and objective values, computed once per game (they
        evaluate the scenario's conditions: not work for every frame)."""
        key = (id(game), game.state.turn, game.phase)
        if getattr(self, "_cached", (None,))[0] != key:
            values = {code: _objective_values(game, code)
                      for code in game.objectives_status()}
            self._cached = (key, (goal_rows(game), _turning_points(game), values))
        return self._cached[1]

    def draw(self, frame: Frame) -> None:
        game = self.services.session.game
        sc = game.world.scenario
        sw, sh = frame.surface.get_size()
        pad = frame.px(20)
        frame.surface.fill(frame.c("bg"))
        title, colour = OUTCOME_TEXT.get(game.outcome, (game.outcome.title(), "text"))
        y = pad
        frame.label(sc.title, (pad, y), "h3", "semibold", "text_dim")
        y += frame.text.line_height("h3", "semibold")
        frame.label(title, (pad, y), "title", "bold", colour)
        ended = int(game.state.ended_turn[0]) or game.state.turn
        frame.label(f"after {ended} of {sc.turns} turns · {sc.quarter_label(max(ended, 1))}",
                    (sw - pad, y + frame.px(20)), "h3", colour="text_dim", anchor="topright")
        y += frame.text.line_height("title", "bold")
        col_w = (sw - 3 * pad) // 2
        left = pygame.Rect(pad, y, col_w, sh - y - frame.px(80))
        right = pygame.Rect(2 * pad + col_w, y, col_w, left.height)

        # Goals and objectives.
        frame.panel(left)
        off = frame.begin_scroll(left, "end_left")
        x, w = left.x + frame.px(14), left.width - frame.px(28)
        yy = left.y + frame.px(10) - off
        frame.label("Goals", (x, yy), "h3", "bold", "accent")
        yy += frame.text.line_height("h3", "bold")
        rows, points, values = self._content(game)
        for row in rows:
            yy = _draw_goal_row(frame, row, x, yy, w)
        if points:
            yy += frame.px(6)
            frame.label("Turning points", (x, yy), "h3", "bold", "accent")
            yy += frame.text.line_height("h3", "bold")
            for point in points:
                frame.label(point.label, (x, yy), "label", "bold", max_width=w)
                yy += frame.text.line_height("label", "bold")
                yy += frame.paragraph(point.line, pygame.Rect(x + frame.px(22), yy,
                                                              w - frame.px(22), 0), "small",
                                      "text_dim")
                yy += frame.px(4)
        status = self.services.session.figures("objectives_status")
        if status:
            yy += frame.px(6)
            frame.label("Secret objectives", (x, yy), "h3", "bold", "accent")
            yy += frame.text.line_height("h3", "bold")
            for code, met in status.items():
                obj = sc.objectives.get(code)
                name = game.world.member_names[game.world.codes.index(code)]
                who = " (human)" if code in game.humans else ""
                frame.label(f"{'✓ met' if met else '✗ missed'} — {name}{who}", (x, yy),
                            "label", "bold", "good" if met else "down")
                yy += frame.text.line_height("label", "bold")
                if obj and obj.text:
                    yy += frame.paragraph(obj.text, pygame.Rect(x + frame.px(22), yy,
                                                                w - frame.px(22), 0), "label",
                                          "text_dim")
                    yy += frame.paragraph(values.get(code, ""),
                                          pygame.Rect(x + frame.px(22), yy, w - frame.px(22), 0),
                                          "small", "text_dim")
                yy += frame.px(4)
        if sc.debrief_questions:
            yy += frame.px(6)
            frame.label("Debrief", (x, yy), "h3", "bold", "accent")
            yy += frame.text.line_height("h3", "bold")
            for k, q in enumerate(sc.debrief_questions):
                yy += frame.paragraph(f"{k + 1}. {q}", pygame.Rect(x, yy, w, 0), "label")
                yy += frame.px(4)
        frame.end_scroll(left, "end_left", yy + off - left.y + frame.px(10))

        # Charts of the indicators over time.
        labels = [sc.quarter_label(t) if t else "start"
                  for t in range(len(game.history))]
        own = list(sc.indicators.values())
        ch = (right.height - pad // 2) // (len(CHARTS) + len(own))
        for k, (title, items) in enumerate(CHARTS):
            series = [(label, [float(v[0]) for v in game.history.series(name)],
                       frame.theme.categorical[j])
                      for j, (name, label) in enumerate(items)]
            charts.line_chart(frame, pygame.Rect(right.x, right.y + k * (ch + pad // 2),
                                                 right.width, ch), title, series,
                              x_labels=labels)
        for j, ind in enumerate(own):  # the scenario's own indicators, on their own scales
            values = [float(v) for v in game.history.scenario_series(j)[:, 0]]
            k = len(CHARTS) + j
            charts.line_chart(frame, pygame.Rect(right.x, right.y + k * (ch + pad // 2),
                                                 right.width, ch), ind.name,
                              [(ind.name, values, frame.theme.categorical[0])],
                              lo=min(ind.low, *values), hi=max(ind.high, *values),
                              x_labels=labels, percent=ind.unit == "share")
        bw, bh = frame.px(220), frame.px(48)
        by = sh - bh - frame.px(16)
        frame.button(pygame.Rect(sw - pad - bw, by, bw, bh), "New game  ⏎", ("new",),
                     primary=True)
        frame.button(pygame.Rect(sw - 2 * pad - 2 * bw, by, bw, bh), "Quit", ("quit",))
        frame.button(pygame.Rect(sw - 3 * pad - 3 * bw, by, bw, bh), "Write debrief", ("debrief",))
        frame.button(pygame.Rect(pad, by, bw, bh), "What if…  W", ("what_if",),
                     tip="The same game with one decision changed: replay it from that "
                         "moment and compare the outcomes")
        note = self.services.session.saved_note
        if note and note.startswith(("Debrief", "The debrief")):
            frame.label(note, (2 * pad + bw, by + bh // 2), "small", colour="text_dim",
                        anchor="midleft", max_width=max(sw - 6 * pad - 4 * bw, frame.px(40)))


def _turning_points(game):
    """The three largest swings with their causes (debrief.content); none for a game whose
    quarters were not all played in this session and cannot be replayed."""
    from autonomy_game.debrief.content import turning_points

    return turning_points(game)


def _objective_values(game, code: str) -> str:
    from autonomy_game.engine.thresholds import comparisons

    objective = game.world.scenario.objectives.get(code)
    if objective is None:
        return ""
    parts = comparisons(game.world, game.state, objective.when.text)
    return "; ".join(c.describe() for c in parts)
