"""Parts every game screen shares: the top bar (date, turn, indicators) and the state panel."""

from __future__ import annotations

from dataclasses import dataclass

import pygame

from autonomy_game.engine.game import Game
from autonomy_game.engine.indicator_format import (
    format_change,
    format_indicator,
    format_points,
)
from autonomy_game.scenario.model import THREAT_AXES
from autonomy_game.ui import charts
from autonomy_game.ui.lenses import THREAT_NAMES
from autonomy_game.ui.theme import mix
from autonomy_game.ui.widgets import Frame

# (state field, label, shorter labels for narrow cards, glossary key, higher is better)
TOP_INDICATORS = (
    ("autonomy", "Autonomy", (), "strategic autonomy", True),
    ("cohesion", "Cohesion", (), "cohesion", True),
    ("deterrence", "Deterrence", (), "deterrence", True),
    ("us_commitment", "U.S. commitment", ("U.S. commit.", "U.S."), None, True),
    ("ukraine_front", "Ukraine front", ("Ukraine",), None, True),
    ("adversary_pressure", "Adversary pressure", ("Pressure",), None, False),
)
INDICATOR_TIPS = {
    "autonomy": "How much of Europe's military requirement Europe covers with capability "
                "made in Europe (0–100 %).",
    "cohesion": "How united the Union is: adopted joint projects raise it, vetoes and failed "
                "votes lower it.",
    "deterrence": "Europe's combined strength against its requirement, held back by its "
                  "weakest domain and by division.",
    "us_commitment": "How much of its forces and enablers the United States still commits "
                     "to Europe (100 % = today's level).",
    "ukraine_front": "Where Ukraine's front stands: above 50 % Ukraine is gaining, below it "
                     "is losing ground.",
    "adversary_pressure": "How hard the adversary presses on Europe: probing, sabotage, "
                          "threats. Lower is better; when it outruns deterrence, crises "
                          "follow.",
}


def layout(surface: pygame.Surface, frame: Frame) -> dict[str, pygame.Rect]:
    w, h = surface.get_size()
    top = frame.px("top_bar")
    bottom = frame.px("bottom_bar")
    side = min(frame.px("side_panel"), w // 3)
    return {
        "top": pygame.Rect(0, 0, w, top),
        "bottom": pygame.Rect(0, h - bottom, w, bottom),
        "side": pygame.Rect(w - side, top, side, h - top - bottom),
        "content": pygame.Rect(0, top, w - side, h - top - bottom),
    }


def previous_value(game: Game, name: str) -> float:
    """The indicator a quarter ago: the snapshot before the last resolved turn."""
    series = game.history.series(name)
    k = len(series) - 2 if len(series) >= 2 else 0
    return float(series[k][0])


def ease(t: float) -> float:
    """Ease-out cubic: fast at first, settling gently (the top bar's change on a new quarter)."""
    t = min(max(t, 0.0), 1.0)
    return 1.0 - (1.0 - t) ** 3


def top_bar(frame: Frame, rect: pygame.Rect, game: Game, progress: float = 1.0) -> None:
    """Date and turn, then one compact card per indicator (value, change since last quarter).

    `progress` < 1 animates a new quarter: a changed card's border glows in the colour of
    its change and fades out (off with reduce motion).

    Cards shrink with the window and the UI scale: a card whose label does not fit uses the
    short label, and a change that does not fit beside the value shows as its arrow only
    (the colour and the arrow still say up or down; the tooltip has the figure)."""
    frame.fill(rect, "panel")
    pygame.draw.line(frame.surface, frame.c("border"), rect.bottomleft, rect.bottomright, 1)
    pad = frame.px("pad")
    sc = game.world.scenario
    turn = max(min(game.turn, sc.turns), 1)
    date = sc.quarter_label(turn)
    date_size = "h2"
    if rect.width < frame.px(1100):
        date_size = "h3"
    frame.label(date, (rect.x + pad, rect.y + frame.px(4)), date_size, "bold")
    turn_text = (f"Turn {turn} of {sc.turns}" if date_size == "h2"
                 else f"Turn {turn}/{sc.turns}")
    frame.label(turn_text, (rect.x + pad, rect.bottom - frame.px(4)), "small", "semibold",
                "text_dim", anchor="bottomleft")
    date_w = max(frame.text.width("Q4 2099", date_size, "bold"),
                 frame.text.width(turn_text.replace(str(turn), str(sc.turns), 1), "small",
                                  "semibold"))
    x0 = rect.x + pad + date_w + pad
    gap = frame.px(6)
    cards = indicator_cards(game)
    slot = (rect.right - x0 - pad + gap) // len(cards)
    inset = frame.px(8)
    for k, card in enumerate(cards):
        x = x0 + k * slot
        box = pygame.Rect(x, rect.y + frame.px(4), slot - gap, rect.height - frame.px(8))
        frame.fill(box, "panel_alt", frame.px("radius"))
        if progress < 1.0 and abs(card.change) > card.threshold:
            # A new quarter: a changed card's border glows in the colour of its change
            # and fades out (never with reduce motion: progress is 1 then).
            good = (card.change > 0) == card.up_good
            glow = mix(frame.c("panel_alt"), frame.c("up" if good else "down"),
                       1.0 - ease(progress))
            pygame.draw.rect(frame.surface, glow, box, max(2, frame.px(2)),
                             border_radius=frame.px("radius"))
        frame.tip_zone(box, card.tip, card.label)  # under the label's glossary tooltip
        room = box.width - 2 * inset
        shown, size = _fit_label(frame, (card.label, *card.short), room)
        frame.term(shown, (box.x + inset, box.y + frame.px(2)), size, "semibold",
                   "text_dim", key=card.term, max_width=room)
        value = frame.label(card.value, (box.x + inset, box.bottom - frame.px(2)),
                            "h3", "bold", anchor="bottomleft")
        change = card.change
        text = card.change_text
        gap_x = frame.px(6)
        full = frame.text.width(f"▲ {text}", "small", "semibold")
        if value.right + gap_x + full > box.right - inset // 2:
            text = ""  # arrow (or "=") only
        if value.right + gap_x + frame.text.width("▲ ", "small", "semibold") <= box.right:
            frame.delta((value.right + gap_x, value.bottom - frame.px(3)), change, text,
                        "small", anchor="bottomleft", good_when_up=card.up_good,
                        threshold=card.threshold)


@dataclass(frozen=True)
class IndicatorCard:
    """One card of the top bar: Europe's indicators, then the scenario's own (format 2)."""

    label: str
    short: tuple[str, ...]
    term: str | None
    value: str
    change: float
    change_text: str
    tip: str
    up_good: bool
    threshold: float


def indicator_cards(game: Game) -> list[IndicatorCard]:
    cards = []
    for name, label, short, term, up_good in TOP_INDICATORS:
        now = float(getattr(game.state, name)[0])
        change = now - previous_value(game, name)
        tip = (INDICATOR_TIPS.get(name, "")
               + f" Change since last quarter: {change * 100:+.1f} points.")
        cards.append(IndicatorCard(label, short, term, f"{now * 100:.0f} %", change,
                                   format_points(change), tip, up_good,
                                   0.0005))
    own = game.world.scenario.indicators
    for k, ind in enumerate(own.values()):
        now = float(game.state.scenario_values[0, k])
        series = game.history.scenario
        before = float(series[-2][0, k]) if len(series) >= 2 else now
        change = now - before
        tip = (f"{ind.description} Change since last quarter: "
               f"{format_change(change, ind.unit)}.").strip()
        cards.append(IndicatorCard(ind.name, (), None, format_indicator(now, ind.unit),
                                   change, format_change(change, ind.unit), tip,
                                   ind.good == "high", 1e-9))
    return cards


WORDS = ((0.2, "very low"), (0.4, "low"), (0.6, "medium"), (0.8, "high"), (2.0, "very high"))


def in_words(index: float) -> str:
    """A 0–1 index for people: "high (0.85)" rather than a bare 0.85."""
    word = next(w for limit, w in WORDS if index < limit)
    return f"{word} ({index:.2f})"


def fmt_rounds(thousands: float, suffix: str = "") -> str:
    """Shells, counted in thousands of rounds in the engine: "233k rounds", "none"."""
    if thousands < 0.5:
        return "none" if thousands <= 0 else "<1k rounds" + suffix
    return f"{thousands:.0f}k rounds{suffix}"


def _fit_label(frame: Frame, labels: tuple[str, ...], room: int) -> tuple[str, str | int]:
    """The longest of `labels` that fits `room` at the small size, else the shortest at a
    slightly smaller size (never below the theme's minimum text size)."""
    for text in labels:
        if frame.text.width(text, "small", "semibold") <= room:
            return text, "small"
    smaller = max(frame.theme.min_text(), round(frame.text.px("small") * 0.85))
    return labels[-1], smaller


def state_panel(frame: Frame, rect: pygame.Rect, game: Game, code: str,
                objective: str | None = None) -> None:
    """The selected state: figures, threat bars and small trend lines."""
    frame.fill(rect, "panel")
    pygame.draw.line(frame.surface, frame.c("border"), rect.topleft, rect.bottomleft, 1)
    pad = frame.px("pad")
    n = game.world.codes.index(code)
    st = game.state
    x, y = rect.x + pad, rect.y + pad
    inner_w = rect.width - 2 * pad
    name = game.world.member_names[n]
    frame.label(name, (x, y), "h2", "bold", max_width=inner_w - frame.px(60))
    who = "Human" if code in game.humans else "AI"
    frame.label(f"{code} · {who}", (rect.right - pad, y + frame.px(6)), "small", "semibold",
                "accent" if who == "Human" else "text_dim", anchor="topright")
    y += frame.text.line_height("h2", "bold") + frame.px(4)

    hist_pct = game.history.series("defence_pct")[:, 0, n]
    hist_support = game.history.series("support")[:, 0, n]
    hist_ammo = game.history.series("ammunition")[:, 0, n]
    rows = [
        ("Defence", f"{st.defence_pct[0, n]:.2f} % of GDP", None, hist_pct),
        ("Budget", f"€{st.budget[0, n]:.1f} bn a quarter", None, None),
        ("Public support", f"{st.support[0, n] * 100:.0f} %", None, hist_support),
        ("Looks to the U.S.", in_words(float(st.atlanticism[0, n])), "Atlanticism", None),
        ("Room to spend", in_words(float(st.fiscal_space[0, n])), "fiscal space", None),
        ("Political capital", f"{st.capital[0, n]:.1f} points", "political capital", None),
        ("155 mm stock", fmt_rounds(float(st.ammunition[0, n])), "155 mm", hist_ammo),
        ("Shell output", fmt_rounds(float(st.shell_capacity[0, n]), " a quarter"), None, None),
    ]
    row_h = frame.text.line_height("label") + frame.px(2)
    widest = max(frame.text.width(label, "label") + frame.text.width(value, "label", "semibold")
                 for label, value, _, _ in rows) + frame.px(12)
    spark_w = frame.px(70) if widest + frame.px(78) <= inner_w else 0
    value_right = rect.right - pad - (spark_w + frame.px(8) if spark_w else 0)
    for label, value, term, hist in rows:
        val = frame.label(value, (value_right, y), "label", "semibold", anchor="topright")
        frame.term(label, (x, y), "label", colour="text_dim", key=term,
                   max_width=max(val.x - x - frame.px(8), frame.px(30)))
        if spark_w and hist is not None and len(hist) >= 3:  # two points are no trend
            charts.sparkline(frame, pygame.Rect(rect.right - pad - spark_w, y + frame.px(3),
                                                spark_w, row_h - frame.px(8)),
                             [float(v) for v in hist], frame.c("accent"))
        y += row_h
    y += frame.px(6)
    threat_h = row_h + len(THREAT_AXES) * (frame.text.line_height("small") + frame.px(2))
    need = 0
    if objective:
        need = (frame.text.line_height("label", "bold") + frame.px(24)
                + frame.px("button_h"))
    if objective and rect.bottom - pad - y - frame.px(8) - threat_h < need:
        # Not room for both: the seat's secret objective matters more than the threat bars
        # (the map's threat lenses show those).
        _objective_box(frame, pygame.Rect(x, y, inner_w, rect.bottom - pad - y), objective,
                       need)
        return
    frame.label("Threat perceived", (x, y), "label", "semibold", "text_dim")
    y += row_h
    bar_x = x + frame.px(120)
    for a, axis in enumerate(THREAT_AXES):
        value = float(st.threat[0, a, n])
        name = THREAT_NAMES[axis][0].upper() + THREAT_NAMES[axis][1:]
        frame.term(name, (x, y), "small", colour="text_dim",
                   key="hybrid threat" if axis == "hybrid" else None,
                   max_width=frame.px(115))
        bar = pygame.Rect(bar_x, y + frame.px(4), rect.right - pad - bar_x - frame.px(40),
                          frame.px(10))
        frame.bar(bar, value, frame.theme.ramp("cividis", value))
        frame.label(f"{value:.2f}", (rect.right - pad, y), "small", anchor="topright")
        y += frame.text.line_height("small") + frame.px(2)
    if objective:
        y += frame.px(8)
        _objective_box(frame, pygame.Rect(x, y, inner_w, rect.bottom - y - pad), objective,
                       need)


def _objective_box(frame: Frame, box: pygame.Rect, objective: str, need: int) -> None:
    """The seat's secret objective, closed: the shared screen never shows its text (issue
    12, item 6). A button (or S) opens the private reveal (scenes/secret.py)."""
    if box.height < need:
        return
    box.height = need
    frame.fill(box, "panel_alt", frame.px("radius"), "focus")
    inset = frame.px(8)
    frame.label("Your secret objective", (box.x + inset, box.y + frame.px(6)),
                "label", "bold", "focus", max_width=box.width - 2 * inset)
    bh = frame.px("button_h")
    frame.button(pygame.Rect(box.x + inset, box.bottom - inset - bh, box.width - 2 * inset, bh),
                 "Show it privately  S", ("secret",),
                 tip="Opens a screen with the objective alone; S or Enter hides it again. "
                     "Ask the others to look away.")
