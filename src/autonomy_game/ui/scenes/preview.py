"""The decision preview dialog: the futures of each option of an open decision, side by side.

Opened from the event dialog, the Council (for the selected item) and the orders with the
Preview button or P. The first frame says what is being played; the next one plays the
futures (engine/preview.py, about a second per option) and shows, for each option, the
shares of victory, partial success, failure and defeat as one bar, the seat's secret
objective rate, and the 10–90 % band of the indicators the scenario's goals name.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pygame

from autonomy_game.engine import actions as A
from autonomy_game.ui.scene import CONFIRM_KEYS, Pop, Scene, Transition
from autonomy_game.ui.widgets import Frame, fmt_pct

OUTCOMES = (("victory", "good", "victory"), ("partial", "accent", "partial"),
            ("failure", "abstain", "failure"), ("defeat", "bad", "defeat"))
PREVIEW_KEYS = (pygame.K_p,)

if TYPE_CHECKING:
    from autonomy_game.engine.preview import Preview

# engine/preview.py (the Monte Carlo runner and its thread limits) is imported when a
# preview opens, not with the game screen: the first frame does not need it.


def preview_available(session, subject: str | None) -> bool:
    """Whether a Preview button is offered: the game allows it and the subject is open."""
    from autonomy_game.engine.preview_open import preview_subjects

    game = session.game
    if subject is None or not game.preview_allowed:
        return False
    seat = session.current_seat() or ""
    return subject in preview_subjects(game, seat or None)


class PreviewScene(Scene):
    modal = True
    name = "preview"

    def __init__(self, services, subject: str, seat: str, title: str,
                 futures: int | None = None) -> None:
        super().__init__(services)
        self.subject, self.seat, self.title = subject, seat, title
        from autonomy_game.engine.preview import PREVIEW_FUTURES

        self.futures = futures or getattr(services.settings, "preview_futures", PREVIEW_FUTURES)
        self.result: Preview | None = None
        self.problem: str | None = None
        self._shown_waiting = False

    @property
    def session(self):
        return self.services.session

    def compute(self) -> None:
        """Play the futures (logged in the game as A.Preview through the session)."""
        from autonomy_game.engine.preview import PreviewError, run_preview

        game = self.session.game
        try:
            self.result = run_preview(game, self.subject, self.seat, self.futures,
                                      record=False)
        except PreviewError as error:
            self.problem = str(error)
            return
        self.session.send(A.Preview(self.seat, self.subject, game.turn))

    def animating(self) -> bool:
        return self.result is None and self.problem is None

    def on_action(self, action, pos) -> Transition | None:
        return Pop() if action == ("close",) else None

    def on_key(self, event: pygame.event.Event) -> Transition | None:
        if event.key in CONFIRM_KEYS or event.key in PREVIEW_KEYS:
            return Pop()
        return None

    def on_escape(self) -> Transition | None:
        return Pop()

    # -- drawing --------------------------------------------------------------------------------
    def draw(self, frame: Frame) -> None:
        if self.result is None and self.problem is None and self._shown_waiting:
            self.compute()
        sw, sh = frame.surface.get_size()
        w = min(frame.px(900), sw - 2 * frame.px(20))
        pad = frame.px(20)
        inner = w - 2 * pad
        options = self.result.options if self.result else []
        row_h = self._option_height(frame, inner)
        body = (len(options) * (row_h + frame.px(10)) if options
                else frame.text.line_height("body") * 3)
        head = (frame.text.line_height("small") + frame.paragraph_height(self.title, inner, "h2",
                                                                          "bold")
                + frame.paragraph_height(self._intro(), inner, "small") + frame.px(14))
        h = min(pad * 2 + head + body + frame.px(56), sh - 2 * frame.px(20))
        box = pygame.Rect((sw - w) // 2, (sh - h) // 2, w, h)
        frame.fill(box, "panel", frame.px("radius"), "accent", 2)
        x, y = box.x + pad, box.y + pad
        game = self.session.game
        frame.label(f"{game.world.scenario.quarter_label(game.turn)} · Preview",
                    (x, y), "small", "semibold", "accent", max_width=inner)
        y += frame.text.line_height("small")
        y += frame.paragraph(self.title, pygame.Rect(x, y, inner, 0), "h2", weight="bold")
        y += frame.paragraph(self._intro(), pygame.Rect(x, y, inner, 0), "small",
                             "text_dim")
        y += frame.px(14)
        if self.problem:
            frame.paragraph(self.problem, pygame.Rect(x, y, inner, 0), "body", "warn",
                            "semibold")
        elif self.result is None:
            frame.label(f"Playing {_count(self.futures)} futures of each option…",
                        (x, y), "body", "semibold")
            self._shown_waiting = True
        else:
            for opt in options:
                draw_option(frame, pygame.Rect(x, y, inner, row_h), opt)
                y += row_h + frame.px(10)
        bw = frame.px(220)
        frame.button(pygame.Rect(box.right - pad - bw, box.bottom - pad - frame.px(40), bw,
                                 frame.px(40)), "Back to the decision  Esc", ("close",),
                     primary=True)

    def _intro(self) -> str:
        return (f"{_count(self.futures)} futures of each option from this moment, played on "
                "to the end with the AI on every seat. The same futures meet every option, so "
                "a difference is the option's. A spread of what the rules allow, not a "
                "forecast.")

    def _option_height(self, frame: Frame, inner: int) -> int:
        if self.result is None or not self.result.options:
            return frame.text.line_height("small") * 3
        return option_height(frame, self.result.options, inner)


def _name_width(frame: Frame, inner: int) -> int:
    return min(frame.px(260), inner // 3)


def option_height(frame: Frame, options, width: int, tagged: bool = False) -> int:
    """The height of one option's block (the tallest of `options`) in a block `width` wide;
    `tagged` when `draw_option` gets a tag."""
    line = frame.text.line_height("small")
    inner = width - frame.px(24)
    name_w = _name_width(frame, inner)
    bands_w = inner - name_w - frame.px(12)
    bands = max(frame.paragraph_height(_bands_text(o), bands_w, "small") for o in options)
    names = max(frame.paragraph_height(o.label, name_w, "label", "semibold")
                + (line if o.objective_rate is not None else 0) for o in options) \
        + (line if tagged else 0)
    return frame.px(8) + max(frame.px(22) + frame.px(4) + line + bands, names) + frame.px(10)


def draw_option(frame: Frame, rect: pygame.Rect, opt, tag: str | None = None) -> None:
    """One option's futures: its name (and `tag`), the secret objective rate, the outcome
    shares as one bar labelled in words, and the key indicators' bands at the end."""
    frame.fill(rect, "panel_alt", frame.px("radius"))
    x, y = rect.x + frame.px(12), rect.y + frame.px(8)
    inner = rect.width - frame.px(24)
    name_w = _name_width(frame, inner)
    if tag:
        frame.label(tag, (x, y), "small", "semibold", "accent", max_width=name_w)
        y += frame.text.line_height("small")
    name_h = frame.paragraph(opt.label, pygame.Rect(x, y, name_w, 0), "label",
                             weight="semibold")
    if opt.objective_rate is not None:
        frame.label(f"Secret objective met in {fmt_pct(opt.objective_rate)}",
                    (x, y + name_h), "small", "regular", "text_dim", max_width=name_w)
    if tag:
        y -= frame.text.line_height("small")
    # The outcome shares as one bar, each part labelled in words (never colour alone).
    bx, bw = x + name_w + frame.px(12), inner - name_w - frame.px(12)
    bar = pygame.Rect(bx, y, bw, frame.px(22))
    frame.fill(bar, "panel_hi", 2)
    left = bar.x
    for key, colour, _ in OUTCOMES:
        share = opt.shares.get(key, 0.0)
        width = round(bar.width * share)
        if width <= 0:
            continue
        part = pygame.Rect(left, bar.y, width, bar.height)
        frame.fill(part, colour, 0)
        text = fmt_pct(share)
        if frame.text.width(text, "small", "semibold") + frame.px(6) < width:
            frame.label(text, part.center, "small", "semibold", "accent_text", anchor="center")
        left += width
    words = " · ".join(f"{name} {fmt_pct(opt.shares.get(key, 0.0))}"
                       for key, _, name in OUTCOMES)
    line = frame.text.line_height("small")
    frame.label(words, (bx, bar.bottom + frame.px(4)), "small", "semibold", "text",
                max_width=bw)
    frame.paragraph(_bands_text(opt), pygame.Rect(bx, bar.bottom + frame.px(4) + line, bw, 0),
                    "small", "text_dim")


def _count(n: int) -> str:
    return f"{n:,}".replace(",", "\u202f")  # a narrow no-break space: 1 000


def _bands_text(opt) -> str:
    """The key indicators' 10–90 % bands at the end, in one sentence."""
    bands = "; ".join(f"{name.replace('_', ' ')} {b.p10:.2f}–{b.p90:.2f}"
                      for name, b in opt.bands.items())
    return f"At the end, 10–90 % of futures: {bands}"
