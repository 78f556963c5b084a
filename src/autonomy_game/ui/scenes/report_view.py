"""The quarter report: what changed and why (the causes of every indicator's change, events,
votes and what a failed one cost, where the game stands against each goal and defeat line,
late orders, what each state did, deliveries, indicators)."""

from __future__ import annotations

import pygame

from autonomy_game.engine.indicator_format import format_points, with_sign
from autonomy_game.engine.report import INDICATOR_LABELS
from autonomy_game.engine.report_words import cause_lines
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
        frame.label("Events", (x, y), "h3", "bold", "accent", max_width=w)
        y += frame.text.line_height("h3", "bold")
        for title, _text in report.events:
            y += frame.paragraph(f"• {title}", pygame.Rect(x, y, w, 0), "body")
        y += frame.px(6)
    why = cause_lines(report.indicators, report.causes)
    if why:
        frame.label("Why the indicators moved", (x, y), "h3", "bold", "accent", max_width=w)
        y += frame.text.line_height("h3", "bold")
        for line in why:
            y += frame.paragraph(f"• {line}", pygame.Rect(x, y, w, 0), "body")
            y += frame.px(3)
        y += frame.px(6)
    frame.label("What happened", (x, y), "h3", "bold", "accent", max_width=w)
    y += frame.text.line_height("h3", "bold")
    # The votes have their own list below; a Council line stays only for what a failed
    # vote cost.
    for line in report.lines:
        if line in why or (line.startswith("Council: ") and "Cost of" not in line
                           and report.votes):
            continue
        y += frame.paragraph(f"• {line}", pygame.Rect(x, y, w, 0), "body")
        y += frame.px(3)
    if report.warnings:
        y += frame.px(6)
        frame.label("Orders that come too late", (x, y), "h3", "bold", "warn", max_width=w)
        y += frame.text.line_height("h3", "bold")
        for line in report.warnings:
            y += frame.paragraph(f"⚠ {line}", pygame.Rect(x, y, w, 0), "body", "warn")
            y += frame.px(3)
    if report.standing:
        y += frame.px(6)
        frame.label("Where Europe stands", (x, y), "h3", "bold", "accent", max_width=w)
        y += frame.text.line_height("h3", "bold")
        for line in report.standing:
            y += frame.paragraph(f"• {line}", pygame.Rect(x, y, w, 0), "body")
            y += frame.px(3)
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
        y += frame.px(6)
        frame.label("What each state did", (x, y), "h3", "bold", "accent", max_width=w)
        y += frame.text.line_height("h3", "bold")
        humans = {game.world.member_names[game.world.codes.index(c)] for c in game.humans}
        ordered = sorted(report.states, key=lambda line: line.split(":")[0] not in humans)
        for line in ordered:
            human = line.split(":")[0] in humans
            y += frame.paragraph(line, pygame.Rect(x, y, w, 0), "small",
                                 "text" if human else "text_dim")
            y += frame.px(2)
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
