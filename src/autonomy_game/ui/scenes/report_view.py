"""The quarter report: what changed and why (the causes of every indicator's change, events,
votes and what a failed one cost, where the game stands against each goal and defeat line,
late orders, what each state did, deliveries, indicators)."""

from __future__ import annotations

import pygame

from autonomy_game.engine.indicator_format import format_points, with_sign
from autonomy_game.engine.report import INDICATOR_LABELS
from autonomy_game.engine.report_words import cause_lines, member_cause_lines
from autonomy_game.ui.widgets import Frame

PERCENT = {"deterrence", "autonomy", "cohesion", "us_commitment", "adversary_pressure",
           "ukraine_front", "ukraine_delivered"}
LOWER_IS_BETTER = {"adversary_pressure", "shell_price"}


def fmt_value(name: str, value: float) -> str:
    if name in PERCENT:
        return f"{value * 100:.0f} %"
    if name == "shell_price":
        return f"€{value:.1f}k"
    return f"{value:.1f}"


def draw(scene, frame: Frame, rect: pygame.Rect) -> None:
    game = scene.session.game
    frame.fill(rect, "bg")
    report = game.report or (game.reports[-1] if game.reports else None)
    if report is None:
        frame.label("The first quarter report comes after the first turn.", rect.center, "h3",
                    colour="text_dim", anchor="center")
        return
    pad = frame.px("pad")
    right_w = min(frame.px(360), int(rect.width * 0.42))
    left = pygame.Rect(rect.x + pad, rect.y + pad, rect.width - right_w - 3 * pad,
                       rect.height - 2 * pad)
    right = pygame.Rect(left.right + pad, rect.y + pad, right_w, rect.height - 2 * pad)
    frame.panel(left)
    off = frame.begin_scroll(left, "report")
    x = left.x + frame.px(14)
    w = left.width - frame.px(28)
    y = left.y + frame.px(10) - off
    for line in frame.text.clamp_lines(f"Quarter report — {report.label}", w, 2, "h2",
                                       "bold"):
        frame.label(line, (x, y), "h2", "bold")
        y += frame.text.line_height("h2", "bold")
    y += frame.px(4)
    if report.events:
        y = _bullets(frame, "Events", [title for title, _text in report.events], x, y, w,
                     spacing=0) + frame.px(6)
    why = cause_lines(report.indicators, report.causes)
    if why:
        y = _bullets(frame, "Why the indicators moved", why, x, y, w) + frame.px(6)
    # The votes have their own list below; a Council line stays only for what a failed
    # vote cost.
    happened = [line for line in report.lines
                if line not in why and not (line.startswith("Council: ")
                                            and "Cost of" not in line and report.votes)]
    y = _bullets(frame, "What happened", happened, x, y, w)
    if report.warnings:
        y = _bullets(frame, "Orders that come too late", report.warnings, x, y + frame.px(6),
                     w, mark="⚠", colour="warn", text_colour="warn")
    if report.standing:
        y = _bullets(frame, "Where Europe stands", report.standing, x, y + frame.px(6), w)
    if report.votes:
        y += frame.px(6)
        frame.label("Council votes", (x, y), "h3", "bold", "accent")
        y += frame.text.line_height("h3", "bold")
        for vote in report.votes:
            mark = "✓ adopted" if vote.passed else "✗ rejected"
            mark_w = frame.text.width(mark, "body", "bold") + frame.px(10)
            frame.label(mark, (x, y), "body", "bold", "good" if vote.passed else "down")
            for line in frame.text.clamp_lines(vote.name, w - mark_w, 2, "body", "semibold"):
                frame.label(line, (x + mark_w, y), "body", "semibold")
                y += frame.text.line_height("body", "semibold")
            detail = (f"{len(vote.yes)} yes ({', '.join(vote.yes) or '—'}); "
                      f"{len(vote.no)} no ({', '.join(vote.no) or '—'}); "
                      f"{len(vote.abstain)} abstain.")
            y += frame.paragraph(detail, pygame.Rect(x, y, w, 0), "small", "text_dim")
            y += frame.px(4)
    if report.states:
        y = _state_lines(scene, frame, report, left, x, y, w)
    frame.end_scroll(left, "report", y + off - left.y + frame.px(10))

    frame.panel(right)
    x = right.x + frame.px(12)
    y = right.y + frame.px(10)
    frame.label("Europe this quarter", (x, y), "h3", "bold")
    y += frame.text.line_height("h3", "bold") + frame.px(4)
    row_h = frame.text.line_height("label") + frame.px(6)
    for name, (before, after) in report.indicators.items():
        label = INDICATOR_LABELS.get(name, name)
        value = frame.label(fmt_value(name, after), (right.right - frame.px(110), y), "label",
                            "semibold", anchor="topright")
        frame.term(label, (x, y), "label", colour="text_dim",
                   max_width=value.x - x - frame.px(8), key=label.split(" (")[0])
        change = after - before
        text = (format_points(change) if name in PERCENT
                else with_sign(change, f"{abs(change):.1f}"))
        frame.delta((right.right - frame.px(100), y + frame.px(1)), change, text, "small",
                    good_when_up=name not in LOWER_IS_BETTER, threshold=1e-4)
        y += row_h
    if report.delivered:
        y += frame.px(8)
        frame.label("Delivered", (x, y), "label", "bold", "good")
        y += row_h
        for name in report.delivered:
            frame.label(f"✓ {name}", (x, y), "label", max_width=right.width - 24)
            y += row_h
    _selected_state(scene, frame, report, pygame.Rect(right.x, y, right.width,
                                                      right.bottom - y))


def _bullets(frame: Frame, heading: str, lines: list[str], x: int, y: int, w: int, *,
             mark: str = "•", colour: str = "accent", text_colour: str = "text",
             spacing: int = 3) -> int:
    """A section of the report: its heading, then one wrapped paragraph per line behind a
    mark, `spacing` pixels apart; returns the y below it."""
    frame.label(heading, (x, y), "h3", "bold", colour, max_width=w)
    y += frame.text.line_height("h3", "bold")
    for line in lines:
        y += frame.paragraph(f"{mark} {line}", pygame.Rect(x, y, w, 0), "body", text_colour)
        y += frame.px(spacing) if spacing else 0  # px() rounds a size up to 1 pixel
    return y


def _selected_state(scene, frame: Frame, report, rect: pygame.Rect) -> None:
    """The selected state's quarter (click a state on the map, in the list or Tab): why
    each of its figures moved, in the room the Europe panel leaves (it scrolls)."""
    game = scene.session.game
    code = scene.session.selected
    quarter = game.quarters.get(report.turn)
    if quarter is None or code not in game.world.codes:
        return
    causes = state_causes(game.world, quarter, code)
    head_h = frame.text.line_height("h3", "bold")
    if rect.height < frame.px(16) + head_h + frame.text.line_height("small"):
        return
    pygame.draw.line(frame.surface, frame.c("border"), (rect.x + frame.px(12), rect.y + 6),
                     (rect.right - frame.px(12), rect.y + 6), 1)
    box = pygame.Rect(rect.x + 1, rect.y + frame.px(12), rect.width - 2,
                      rect.height - frame.px(12) - 1)
    off = frame.begin_scroll(box, "report_state")
    x, w = box.x + frame.px(11), box.width - frame.px(26)
    y = box.y - off
    name = game.world.member_names[game.world.codes.index(code)]
    frame.label(f"{name} this quarter", (x, y), "h3", "bold", max_width=w)
    y += head_h
    for line in causes or ["Its figures did not move this quarter."]:
        y += frame.paragraph(f"• {line}", pygame.Rect(x, y, w, 0), "small", "text_dim")
        y += frame.px(3)
    frame.end_scroll(box, "report_state", y + off - box.y + frame.px(8))


_CAUSE_LINES: dict[tuple[int, str], tuple[object, list[str]]] = {}


def state_causes(world, quarter, code: str) -> list[str]:
    """`member_cause_lines`, worked out once per quarter and state (27 states take some
    milliseconds; the report is redrawn on every hover)."""
    key = (id(quarter), code)
    hit = _CAUSE_LINES.get(key)
    if hit is not None and hit[0] is quarter:
        return hit[1]
    if len(_CAUSE_LINES) > 512:
        _CAUSE_LINES.clear()
    lines = member_cause_lines(world, quarter, code)
    _CAUSE_LINES[key] = (quarter, lines)
    return lines


def opened_states(scene) -> set[str]:
    """The states whose causes the report shows in full: the human seats until the player
    opens or closes one (the scene keeps the choice for the rest of the game)."""
    if getattr(scene, "report_open", None) is None:
        scene.report_open = set(scene.session.game.humans)
    return scene.report_open


def _state_lines(scene, frame: Frame, report, left: pygame.Rect, x: int, y: int,
                 w: int) -> int:
    """"What each state did", human seats first; a state's line opens (▶/▼, a click) on why
    its figures moved this quarter: the causal ledger's contributions to its support, room
    to spend, budget, shell stock and capability (the same as `report --json`'s quarters)."""
    game = scene.session.game
    world = game.world
    # The causes of the quarter this report is about (a game restored from a save has the
    # quarters played since; `report` replays the whole game for the debrief).
    quarter = game.quarters.get(report.turn)
    y += frame.px(6)
    frame.label("What each state did", (x, y), "h3", "bold", "accent", max_width=w)
    y += frame.text.line_height("h3", "bold")
    if quarter is not None:
        hint = "Click a state for why its figures moved."
        frame.label(hint, (x, y), "small", colour="text_dim", max_width=w)
        y += frame.text.line_height("small") + frame.px(2)
    codes = dict(zip(world.member_names, world.codes))
    humans = set(game.humans)
    ordered = sorted(report.states, key=lambda line: codes.get(line.split(":")[0]) not in humans)
    opened = opened_states(scene)
    arrow_w = frame.text.width("▼ ", "small", "semibold")
    for line in ordered:
        code = codes.get(line.split(":")[0])
        human = code in humans
        causes = state_causes(world, quarter, code) if code and quarter else []
        top = y
        if causes:
            is_open = code in opened
            frame.label("▼" if is_open else "▶", (x, y), "small", "semibold", "accent")
            y += frame.paragraph(line, pygame.Rect(x + arrow_w, y, w - arrow_w, 0), "small",
                                 "text" if human else "text_dim")
            row = pygame.Rect(x, top, w, y - top).clip(left)
            if row.height > 0:
                frame.area(row, ("state_causes", code))
            if is_open:
                for cause in causes:
                    y += frame.paragraph(f"· {cause}",
                                         pygame.Rect(x + 2 * arrow_w, y, w - 2 * arrow_w, 0),
                                         "small", "text_dim")
                y += frame.px(4)
        else:
            y += frame.paragraph(line, pygame.Rect(x + arrow_w, y, w - arrow_w, 0), "small",
                                 "text" if human else "text_dim")
        y += frame.px(2)
    return y
