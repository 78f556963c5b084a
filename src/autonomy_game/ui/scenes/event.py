"""An event dialog: the text, and the choices when a human seat (or the class) decides; for an
event the Council decides under a declared rule, each human seat's vote on each option and
the tally under the rule (event_vote.py)."""

from __future__ import annotations

import pygame

from autonomy_game.engine.council_events import is_council_vote
from autonomy_game.engine.world import RULE_UNANIMITY
from autonomy_game.ui import hints
from autonomy_game.ui.scene import CONFIRM_KEYS, Pop, Push, Scene, Transition
from autonomy_game.ui.scenes import event_vote
from autonomy_game.ui.scenes.preview import PREVIEW_KEYS, PreviewScene, preview_available
from autonomy_game.ui.widgets import Frame


class EventScene(Scene):
    modal = True
    name = "event"

    def __init__(self, services, event: int) -> None:
        super().__init__(services)
        self.event = event

    @property
    def session(self):
        return self.services.session

    def options(self) -> list[tuple[str, str, str]]:
        if self.session.pending_choice(self.event) is None:
            return []
        ev = self.session.game.world.events[self.event]
        return [(c.id, c.label, _with_later(c.text, c.later)) for c in ev.choices]

    def council_vote(self) -> bool:
        """The event is open and decided by a Council vote: the seats vote option by option."""
        ev = self.session.game.world.events[self.event]
        return self.session.pending_choice(self.event) is not None and is_council_vote(ev)

    def preview_seat(self) -> str:
        """The seat whose secret objective the preview counts: the deciding seat, else the
        seat at the table."""
        pending = self.session.pending_choice(self.event)
        game = self.session.game
        if pending is not None and pending.decider >= 0:
            return game.world.codes[pending.decider]
        return self.session.revealed or self.session.current_seat() or ""

    def can_preview(self) -> bool:
        ev = self.session.game.world.events[self.event]
        return (bool(self.options()) and not self.council_vote()
                and preview_available(self.session, f"event:{ev.id}"))

    def open_preview(self) -> Transition | None:
        if not self.can_preview():
            return None
        ev = self.session.game.world.events[self.event]
        return Push(PreviewScene(self.services, f"event:{ev.id}", self.preview_seat(),
                                 ev.title))

    def on_action(self, action, pos) -> Transition | None:
        if action[0] == "preview":
            return self.open_preview()
        if action[0] == "ovote":
            _, option, seat, vote = action
            self.session.vote_on_option(self.event, seat, option, vote)
            return None
        if action[0] == "call":
            return Pop() if self.session.call_vote(self.event) else None
        if action[0] == "choose":
            if self.session.acknowledge_event(self.event, action[1]):
                return Pop()
        elif action[0] == "ok" and self.session.acknowledge_event(self.event):
            return Pop()
        return None

    def on_key(self, event: pygame.event.Event) -> Transition | None:
        if self.council_vote():
            if event.key in (pygame.K_RETURN, pygame.K_KP_ENTER):
                return self.on_action(("call",), (0, 0))
            return None
        options = self.options()
        if event.key in PREVIEW_KEYS:
            return self.open_preview()
        if not options and event.key in CONFIRM_KEYS:
            return self.on_action(("ok",), (0, 0))
        if options and pygame.K_1 <= event.key <= pygame.K_9:
            k = event.key - pygame.K_1
            if k < len(options):
                return self.on_action(("choose", options[k][0]), (0, 0))
        return None

    @property
    def dim(self) -> bool:
        """No dimming behind a hint card: the player must see what it points at."""
        return not self._hint_targets()

    def _hint_targets(self) -> list[tuple[str, str]]:
        ev = self.session.game.world.events[self.event]
        if self.options() or self.session.game.phase == "ended":
            return []
        return hints.targets_in(ev.text or "")

    def draw_hint_card(self, frame: Frame, targets: list[tuple[str, str]]) -> None:
        """The event as a card over the map with numbered arrows to what it describes."""
        game = self.session.game
        ev = game.world.events[self.event]
        pad = frame.px(16)
        probe = hints.card_rect(frame, 10_000)
        inner = probe.width - 2 * pad
        bh = frame.px(44)
        text_h = frame.paragraph_height(ev.text or "", inner, "label")
        title_h = frame.paragraph_height(ev.title, inner, "h2", "bold")
        height = (2 * pad + frame.text.line_height("small") + title_h + text_h + frame.px(12)
                  + bh)
        card = hints.card_rect(frame, height)
        marks = [hints.Hint(k + 1, phrase, hints.part_rect(frame, part))
                 for k, (phrase, part) in enumerate(targets)]
        hints.draw_hints(frame, card, marks)
        frame.fill(card, "panel", frame.px("radius"), "focus", max(2, frame.px(2)))
        x, y = card.x + pad, card.y + pad
        steps = " · ".join(f"{m.number} {m.phrase.lower()}" for m in marks)
        frame.label(f"{game.world.scenario.quarter_label(game.turn)} · Tutorial · {steps}",
                    (x, y), "small", "semibold", "accent", max_width=inner)
        y += frame.text.line_height("small")
        body = pygame.Rect(card.x, y, card.width, card.bottom - pad - bh - frame.px(8) - y)
        off = frame.begin_scroll(body, "hint")
        yy = y - off
        yy += frame.paragraph(ev.title, pygame.Rect(x, yy, inner, 0), "h2", weight="bold")
        yy += frame.paragraph(ev.text or "", pygame.Rect(x, yy, inner, 0), "label")
        frame.end_scroll(body, "hint", yy + off - y)
        bw = frame.px(200)
        frame.button(pygame.Rect(card.right - pad - bw, card.bottom - pad - bh, bw, bh),
                     "Continue  ⏎", ("ok",), primary=True)

    def draw(self, frame: Frame) -> None:
        targets = self._hint_targets()
        if targets:
            self.draw_hint_card(frame, targets)
            return
        game = self.session.game
        ev = game.world.events[self.event]
        voting = self.council_vote()
        options = [] if voting else self.options()
        sw, sh = frame.surface.get_size()
        w = min(frame.px(860 if voting else 760), sw - 2 * frame.px(20))
        pad = frame.px(20)
        inner = w - 2 * pad
        text_h = frame.paragraph_height(ev.text or "", inner, "body")
        opt_h = 0
        if voting:
            opt_h = event_vote.layout_height(frame, game, self.event, self.session.humans,
                                             inner)
        for _, _label, text in options:
            opt_h += max(frame.px(52), frame.text.line_height("label", "semibold")
                         + frame.paragraph_height(text, inner - frame.px(60), "small")
                         + frame.px(16)) + frame.px(8)
        title_h = frame.paragraph_height(ev.title, inner, "h1", "bold")
        preview = self.can_preview()
        h = (pad * 2 + frame.text.line_height("small") + title_h + text_h + frame.px(16)
             + (opt_h if options or voting else frame.px(60))
             + (frame.px(52) if preview else 0))
        h = min(h, sh - 2 * frame.px(20))
        box = pygame.Rect((sw - w) // 2, (sh - h) // 2, w, h)
        frame.fill(box, "panel", frame.px("radius"), "accent", 2)
        x, y = box.x + pad, box.y + pad
        label = game.world.scenario.quarter_label(game.turn)
        pending = self.session.pending_choice(self.event)
        if pending is not None:
            decider = ("The Council decides — the whole table together" if pending.decider < 0
                       else f"{game.world.member_names[pending.decider]} decides")
            if is_council_vote(ev):
                rule = "unanimity" if ev.rule == RULE_UNANIMITY else "qualified majority"
                decider = f"The Council votes by {rule}, each seat on each option"
            head = f"{label} · Event · {decider}"
        else:
            head = f"{label} · Event"
        frame.label(head, (x, y), "small", "semibold", "accent", max_width=inner)
        y += frame.text.line_height("small")
        y += frame.paragraph(ev.title, pygame.Rect(x, y, inner, 0), "h1", weight="bold")
        y += frame.paragraph(ev.text or "", pygame.Rect(x, y, inner, 0), "body")
        y += frame.px(16)
        if voting:
            event_vote.draw(frame, pygame.Rect(x, y, inner, opt_h), game, self.event,
                            self.session.humans)
        elif options:
            for k, (cid, label, text) in enumerate(options):
                th = frame.paragraph_height(text, inner - frame.px(60), "small") if text else 0
                bh = max(frame.px(52), frame.text.line_height("label", "semibold") + th
                         + frame.px(16))
                r = pygame.Rect(x, y, inner, bh)
                frame.button(r, "", ("choose", cid))
                frame.label(f"{k + 1}", (r.x + frame.px(20), r.centery), "h2", "bold",
                            "accent", anchor="center")
                frame.label(label, (r.x + frame.px(44), r.y + frame.px(8)), "label",
                            "semibold", max_width=r.width - frame.px(56))
                if text:
                    frame.paragraph(text, pygame.Rect(r.x + frame.px(44), r.y + frame.px(8)
                                                      + frame.text.line_height("label",
                                                                               "semibold"),
                                                      r.width - frame.px(60), 0), "small",
                                    "text_dim")
                y += bh + frame.px(8)
            if preview:
                bw = max(frame.px(220), frame.text.width("Preview the options  P", "label",
                                                         "semibold") + frame.px(30))
                frame.button(pygame.Rect(x, y + frame.px(4), bw, frame.px(40)),
                             "Preview the options  P", ("preview",),
                             tip="Play 1 000 futures of each option from here and compare "
                                 "the outcomes (the game is not changed; the debrief notes "
                                 "it)")
        elif pending is None:
            bw = frame.px(200)
            frame.button(pygame.Rect(box.right - pad - bw, box.bottom - pad - frame.px(44),
                                     bw, frame.px(44)), "Continue  ⏎", ("ok",), primary=True)
        if self.session.message and pending is not None:
            frame.label(self.session.message, (x, box.bottom - frame.px(8)), "small",
                        "semibold", "warn", anchor="bottomleft")

    def on_escape(self) -> Transition | None:
        return super().on_escape()


def _with_later(text: str, later) -> str:
    """A choice that sets effects going says when they come (the author's text may not)."""
    if later is None:
        return text
    quarters = f"{later.after} quarter{'s' if later.after != 1 else ''}"
    return f"{text} More follows in {quarters}.".strip()
