"""The Council's vote on an event that declares a rule: each human seat votes on each option
(yes, abstain, no), and each option shows its tally under the rule, counted by the engine
(engine/council_events.py `option_tally`, engine/treaty.py `count`).

Votes in the Council are public, so the whole table sees every seat's votes here; the AI
states vote by their utility, and a human seat that has not voted counts with its advisor's
stance until it does.
"""

from __future__ import annotations

import pygame

from autonomy_game.engine import treaty
from autonomy_game.engine.council import ABSTAIN, NO, YES
from autonomy_game.engine.council_events import option_tally
from autonomy_game.ui.widgets import Frame

VOTES = ((YES, "Yes", "yes"), (ABSTAIN, "Abstain", "abstain"), (NO, "No", "no"))


def rule_text(world, ev, votes) -> str:
    """The rule, who is counted and the thresholds, with the article."""
    t = option_tally(world, ev, votes, 0)
    return f"{treaty.threshold_text(t)} ({t.article})."


def tally_text(t: treaty.Tally) -> str:
    """One option's count: yes, no, abstain, the yes side's population and the verdict."""
    counts = (f"{len(t.yes_states)} yes ({t.yes_population_share * 100:.0f} % of the people)"
              f" · {len(t.no_states)} no · {len(t.abstaining_states)} abstain")
    verdict = "carries" if t.adopted else f"fails: {t.reason}"
    return f"{'✓' if t.adopted else '✗'} {counts} — {verdict}"


def _seat_row_height(frame: Frame) -> int:
    return frame.px(30)


def _seat_width(frame: Frame) -> int:
    return frame.px(44) + 3 * (frame.px(78) + frame.px(4)) + frame.px(14)


def seat_rows(frame: Frame, humans: list[str], width: int) -> int:
    """Lines the seats' vote buttons take at this width."""
    per_line = max(1, width // _seat_width(frame))
    return -(-len(humans) // per_line)


def layout_height(frame: Frame, game, event: int, humans: list[str], width: int) -> int:
    """Height of the vote section (rule, options with their votes and tallies, status quo,
    the button), laid out as `draw` lays it out."""
    world = game.world
    ev = world.events[event]
    votes = game.preview_event_vote(ev.id).votes[0]
    rows = seat_rows(frame, humans, width)
    h = frame.paragraph_height(rule_text(world, ev, votes), width, "small") + frame.px(8)
    for k, choice in enumerate(ev.choices[:-1]):
        h += frame.text.line_height("label", "semibold")
        if choice.text:
            h += frame.paragraph_height(choice.text, width, "small")
        h += rows * (_seat_row_height(frame) + frame.px(4))
        tally = tally_text(option_tally(world, ev, votes, k))
        h += frame.paragraph_height(tally, width, "small", "semibold") + frame.px(10)
    h += frame.text.line_height("small") + frame.px(8)  # the status quo
    return h + frame.px(44)  # the button row


def draw(frame: Frame, rect: pygame.Rect, game, event: int, humans: list[str]) -> None:
    """Draw the vote in `rect`: every option but the last with each human seat's buttons and
    its tally, then the status quo, the projected result and "Put to the vote"."""
    world = game.world
    ev = world.events[event]
    preview = game.preview_event_vote(ev.id)
    votes = preview.votes[0]  # [N, K]
    x, y, w = rect.x, rect.y, rect.width
    y += frame.paragraph(rule_text(world, ev, votes), pygame.Rect(x, y, w, 0), "small",
                         "text_dim") + frame.px(8)
    per_line = max(1, w // _seat_width(frame))
    bw, bh, gap = frame.px(78), _seat_row_height(frame), frame.px(4)
    for k, choice in enumerate(ev.choices[:-1]):
        frame.label(f"{k + 1}. {choice.label}", (x, y), "label", "semibold", max_width=w)
        y += frame.text.line_height("label", "semibold")
        if choice.text:
            y += frame.paragraph(choice.text, pygame.Rect(x, y, w, 0), "small", "text_dim")
        for s, seat in enumerate(humans):
            row, col = divmod(s, per_line)
            sx = x + col * _seat_width(frame)
            sy = y + row * (bh + gap)
            n = world.codes.index(seat)
            frame.label(seat, (sx, sy + bh // 2), "label", "bold", anchor="midleft")
            for j, (code, text, colour) in enumerate(VOTES):
                chosen = int(votes[n, k]) == code
                frame.button(pygame.Rect(sx + frame.px(44) + j * (bw + gap), sy, bw, bh),
                             ("✓ " if chosen else "") + text, ("ovote", choice.id, seat, code),
                             selected=chosen, colour=frame.c(colour) if chosen else None)
        y += seat_rows(frame, humans, w) * (bh + gap)
        t = option_tally(world, ev, votes, k)
        y += frame.paragraph(tally_text(t), pygame.Rect(x, y, w, 0), "small",
                             "good" if t.adopted else "down", "semibold") + frame.px(10)
    frame.label(f"If nothing carries: {ev.choices[-1].label}", (x, y), "small", "semibold",
                max_width=w)
    y += frame.text.line_height("small") + frame.px(8)
    pick = int(preview.picks[0])
    projected = ("Projected: nothing carries" if pick == len(ev.choices) - 1
                 else f"Projected: '{ev.choices[pick].label}' is taken")
    bw_call = frame.px(220)
    frame.label(projected, (x, y + frame.px(22)), "label", "semibold", "accent",
                anchor="midleft", max_width=w - bw_call - frame.px(12))
    frame.button(pygame.Rect(x + w - bw_call, y, bw_call, frame.px(44)), "Put to the vote  ⏎",
                 ("call",), primary=True)
