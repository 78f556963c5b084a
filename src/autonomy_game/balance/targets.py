"""The balance targets of issue 9 ("make the game reward understanding"), each measured.

Each target is `{"name", "value", "goal", "met"}`; values are shares (0.35 is 35 %, a gap of
0.15 is 15 percentage points). A target that cannot be measured in a run (no thoughtful
doctrine for the scenario, no choice event that fired) has value None and is not met: an
unmeasured target is not a passed one.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from autonomy_game.balance.measure import Measurements

AI_VICTORY = (0.35, 0.65)
SINGLE_LEVER_ONE_SEAT_MAX = 0.70
SINGLE_LEVER_EVERY_SEAT_MAX = 0.80
THOUGHTFUL_MARGIN = 0.15
SPLITS_NEEDED = 2
SPLIT_MARGIN = 0.10
POLICY_SHARE_MIN = 0.30
SEED_SHARE_MAX = 0.50
VOTING_SWING_MAX = 0.40
CHOICE_EFFECT_MIN = 0.05
DILEMMA_BEATEN = 0.25  # the best option is worse than another in at least this share
DILEMMA_EVENTS = 0.5  # ... in at least this share of the choice events
CHOICE_SWING_MAX = 0.35
EVENT_SWING_MAX = 0.30
LATE_MONEY_MAX = 0.02


@dataclass
class Target:
    name: str
    value: float | None
    goal: str
    met: bool
    detail: str = ""  # which doctrine, event or seat gives the value

    def to_json(self) -> dict[str, object]:
        value = None if self.value is None or math.isnan(self.value) else round(self.value, 4)
        return {"name": self.name, "value": value, "goal": self.goal, "met": self.met}


def _at_most(name: str, value: float | None, limit: float, detail: str = "") -> Target:
    ok = value is not None and not math.isnan(value) and value <= limit
    return Target(name, value, f"<= {limit:g}", ok, detail)


def _at_least(name: str, value: float | None, limit: float, detail: str = "") -> Target:
    ok = value is not None and not math.isnan(value) and value >= limit
    return Target(name, value, f">= {limit:g}", ok, detail)


def _top(pairs: list[tuple[str, float]]) -> tuple[float | None, str]:
    pairs = [(k, v) for k, v in pairs if not math.isnan(v)]
    if not pairs:
        return None, "none measured"
    key, value = max(pairs, key=lambda p: p[1])
    return value, key


def evaluate(m: Measurements) -> list[Target]:
    """Every target of issue 9 section 3 that a balance run measures."""
    targets = []
    ai = m.victory("ai")
    low, high = AI_VICTORY
    targets.append(Target("ai_baseline_victory", ai, f"{low:g}-{high:g}",
                          low <= ai <= high, "AI on every seat"))

    one = [(c.key, m.victory(c.key)) for c in m.cells_in("doctrine-one") if c.lever == "single"]
    value, key = _top(one)
    targets.append(_at_most("single_lever_one_seat_max_victory", value,
                            SINGLE_LEVER_ONE_SEAT_MAX, key))
    every = [(c.key, m.victory(c.key)) for c in m.cells_in("doctrine-all")
             if c.lever == "single"]
    value, key = _top(every)
    targets.append(_at_most("single_lever_every_seat_max_victory", value,
                            SINGLE_LEVER_EVERY_SEAT_MAX, key))

    thoughtful = [(c.key, m.victory(c.key) - ai) for c in m.cells_in("doctrine-one")
                  if c.lever == "thoughtful" and c.sensible]
    value, key = _top(thoughtful)
    targets.append(_at_least("thoughtful_minus_ai_victory", value, THOUGHTFUL_MARGIN,
                             f"{key} (from one seat)"))

    different = [s for s in m.splits if s.best != s.overall_best and s.margin >= SPLIT_MARGIN]
    targets.append(_at_least(
        "event_splits_with_another_best_doctrine", float(len(different)), SPLITS_NEEDED,
        f"splits where another doctrine beats the overall best ({m.overall_best or '-'}) "
        f"by >= {SPLIT_MARGIN:g}: " + (", ".join(s.split for s in different) or "none")))

    if m.variance is not None:
        targets.append(_at_least("sensible_policy_variance_share", m.variance.policy,
                                 POLICY_SHARE_MIN, f"{m.variance.policies} sensible policies"))
        targets.append(_at_most("sensible_seed_variance_share", m.variance.seed,
                                SEED_SHARE_MAX, f"{m.variance.games} paired games"))
    else:
        targets.append(Target("sensible_policy_variance_share", None,
                              f">= {POLICY_SHARE_MIN:g}", False, "fewer than two policies"))
        targets.append(Target("sensible_seed_variance_share", None,
                              f"<= {SEED_SHARE_MAX:g}", False, "fewer than two policies"))

    voting = [(c.key, abs(m.victory(c.key) - ai)) for c in m.cells_in("voting")]
    value, key = _top(voting)
    targets.append(_at_most("single_seat_voting_max_victory_swing", value, VOTING_SWING_MAX,
                            key))

    effects = [(e.event, 0.0 if math.isnan(e.largest_effect) else e.largest_effect)
               for e in m.choices]
    effects += [(event, 0.0) for event in m.unfired_choice_events]
    if effects:
        event, weakest = min(effects, key=lambda p: p[1])
        detail = f"weakest: {event}"
        if m.unfired_choice_events:
            detail += ("; never fired in the AI baseline, so not measured and counted as no "
                       "effect: " + ", ".join(m.unfired_choice_events))
        targets.append(_at_least("choice_event_min_effect", weakest, CHOICE_EFFECT_MIN,
                                 detail))
    else:
        targets.append(Target("choice_event_min_effect", None, f">= {CHOICE_EFFECT_MIN:g}",
                              False, "no choice events"))
    measured = [e for e in m.choices if not math.isnan(e.dominance)]
    total = len(measured) + len(m.unfired_choice_events)
    dilemmas = [e for e in measured if 1.0 - e.dominance >= DILEMMA_BEATEN]
    targets.append(_at_least("choice_events_with_dilemma_share",
                             len(dilemmas) / total if total else None, DILEMMA_EVENTS,
                             f"{len(dilemmas)} of {total} events: the best option is beaten "
                             f"in >= {DILEMMA_BEATEN:g} of fired games"))
    value, key = _top([(e.event, e.victory_gap) for e in m.choices])
    targets.append(_at_most("choice_max_victory_swing", value, CHOICE_SWING_MAX, key))

    value, key = _top([(s.event, abs(s.swing)) for s in m.swings])
    targets.append(_at_most("event_max_ai_victory_swing", value, EVENT_SWING_MAX, key))

    if m.late_share is not None:
        targets.append(Target("ai_late_order_money_share", m.late_share,
                              f"< {LATE_MONEY_MAX:g}", m.late_share < LATE_MONEY_MAX,
                              "order money on deliveries due after the last turn"))
    return targets
