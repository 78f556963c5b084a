"""The end: outcome, goals met or missed, secret objectives revealed, indicator charts and
the scenario's debrief questions."""

from __future__ import annotations

from dataclasses import dataclass

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


def goal_rows(game) -> list[GoalRow]:
    """The scenario's goals as the class should read them: exactly one outcome is marked
    achieved (victory, partial success) or hit (a defeat); a partial success that a victory
    supersedes is greyed, not ticked."""
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
    if boxed:
        box = pygame.Rect(x - frame.px(6), y - frame.px(2), w + frame.px(12),
                          head_h + text_h + frame.px(8))
        frame.fill(box, "panel_hi", frame.px("radius"), head, max(2, frame.px(2)))
    frame.label(f"{mark} {row.label}{suffix}", (x, y), "label", "bold", head,
                max_width=w)
    y += head_h
    if row.text:
        y += frame.paragraph(row.text, pygame.Rect(x + indent, y, w - indent - frame.px(8), 0),
                             "label", body)
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
        if action == ("what_if",):
            return Push(CounterfactualScene(self.services))
        return None

    def on_key(self, event: pygame.event.Event) -> Transition | None:
        if event.key in CONFIRM_KEYS:
            return self.on_action(("new",), (0, 0))
        if event.key in WHAT_IF_KEYS:
            return self.on_action(("what_if",), (0, 0))
        return None

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
        for row in goal_rows(game):
            yy = _draw_goal_row(frame, row, x, yy, w)
        status = game.objectives_status()
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
        ch = (right.height - pad // 2) // len(CHARTS)
        for k, (title, items) in enumerate(CHARTS):
            series = [(label, [float(v[0]) for v in game.history.series(name)],
                       frame.theme.categorical[j])
                      for j, (name, label) in enumerate(items)]
            charts.line_chart(frame, pygame.Rect(right.x, right.y + k * (ch + pad // 2),
                                                 right.width, ch), title, series,
                              x_labels=labels)
        bw, bh = frame.px(220), frame.px(48)
        by = sh - bh - frame.px(16)
        frame.button(pygame.Rect(sw - pad - bw, by, bw, bh), "New game  ⏎", ("new",),
                     primary=True)
        frame.button(pygame.Rect(sw - 2 * pad - 2 * bw, by, bw, bh), "Quit", ("quit",))
        frame.button(pygame.Rect(pad, by, bw, bh), "What if…  W", ("what_if",),
                     tip="The same game with one decision changed: replay it from that "
                         "moment and compare the outcomes")
