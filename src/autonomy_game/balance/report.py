"""A balance run as text tables or one JSON object."""

from __future__ import annotations

import math

from autonomy_game.balance.analysis import SCORE_NAME
from autonomy_game.balance.cells import Cell
from autonomy_game.balance.measure import Measurements

MAIN_GROUPS = ("baseline", "passive", "random", "doctrine-one", "doctrine-all", "spending",
               "voting", "audit")


def _seats(cell: Cell, members: int) -> dict[str, str]:
    specs = set(cell.seats.values())
    if len(cell.seats) == members and len(specs) == 1:
        return {"all": specs.pop()}
    return dict(cell.seats)


def _pct(value: float | None, width: int = 7) -> str:
    if value is None or math.isnan(value):
        return f"{'-':>{width}}"
    return f"{100 * value:>{width - 1}.1f}%"


def to_json(m: Measurements) -> dict[str, object]:
    members = max((len(r.cell.seats) for r in m.results.values()), default=0)
    cells = []
    for key, r in m.results.items():
        row = r.cell.to_json()
        row["seats"] = _seats(r.cell, members)
        row.update(m.shares[key].to_json())
        row["elapsed_s"] = round(r.elapsed_s, 3)
        cells.append(row)
    return {
        "scenario": m.scenario,
        "runs": m.runs,
        "seed": m.seed,
        "score": SCORE_NAME,
        "all_met": all(t.met for t in m.targets),
        "targets": [t.to_json() for t in m.targets],
        "target_details": {t.name: t.detail for t in m.targets},
        "cells": cells,
        "variance": {
            "sensible": m.sensible,
            "score": m.variance.to_json() if m.variance else None,
            "victory": m.variance_victory.to_json() if m.variance_victory else None,
        },
        "choices": [e.to_json() for e in m.choices],
        "unfired_choice_events": m.unfired_choice_events,
        "event_swings": [s.to_json() for s in m.swings],
        "splits": [s.to_json() for s in m.splits],
        "overall_best_doctrine": m.overall_best,
        "late_money": {"share": None if m.late_share is None else round(m.late_share, 4),
                       "by_kind": {k: round(v, 4) for k, v in m.late_by_kind.items()}},
        "doctrines": [vars(d) for d in m.doctrines],
        "elapsed_s": round(m.elapsed_s, 2),
    }


def to_text(m: Measurements) -> str:
    lines = [f"{m.title} ({m.scenario}): {m.runs} paired games per cell, seed {m.seed}, "
             f"{len(m.results)} cells", ""]
    lines.append(f"{'policy':<44}{'victory':>8}{'partial':>8}{'failure':>8}{'defeat':>8}"
                 f"{'secret':>8}")
    for group in MAIN_GROUPS:
        for key, r in m.results.items():
            if r.cell.group != group:
                continue
            s = m.shares[key]
            lines.append(f"{key[:43]:<44}{_pct(s.victory, 8)}{_pct(s.partial, 8)}"
                         f"{_pct(s.failure, 8)}{_pct(s.defeat, 8)}{_pct(s.objectives, 8)}")
    lines.append("")
    if m.variance is not None:
        v, w = m.variance, m.variance_victory
        lines.append(f"variance among {v.policies} sensible policies ({', '.join(m.sensible)})")
        lines.append(f"  by {SCORE_NAME}: policy {_pct(v.policy, 0)}, seed {_pct(v.seed, 0)}, "
                     f"residual {_pct(v.residual, 0)}")
        if w is not None:
            lines.append(f"  by victory 0/1: policy {_pct(w.policy, 0)}, seed {_pct(w.seed, 0)},"
                         f" residual {_pct(w.residual, 0)}")
        lines.append("")
    if m.choices or m.unfired_choice_events:
        lines.append(f"{'choice event (victory by option, fired games)':<46}{'fired':>7}"
                     f"{'gap':>7}{'effect':>8}{'beaten':>8}  best")
        for e in m.choices:
            lines.append(f"{e.event[:45]:<46}{_pct(e.fired_share)}{_pct(e.victory_gap)}"
                         f"{_pct(e.largest_effect, 8)}{_pct(1 - e.dominance, 8)}  {e.best}")
            lines.append("    " + ", ".join(f"{o} {_pct(v, 0)}"
                                            for o, v in zip(e.options, e.victory, strict=True)))
        for event in m.unfired_choice_events:
            lines.append(f"{event[:45]:<46}  never fired in the AI baseline")
        lines.append("  (effect: largest gap over victory, partial and secret objectives; "
                     "beaten: share of fired games where the best option on average loses)")
        lines.append("")
    if m.swings:
        lines.append(f"{'event switched off (AI baseline)':<46}{'fired':>7}{'with':>8}"
                     f"{'without':>9}{'swing':>8}")
        for s in sorted(m.swings, key=lambda s: -abs(s.swing)):
            lines.append(f"{s.event[:45]:<46}{_pct(s.fired_share)}{_pct(s.victory_with, 8)}"
                         f"{_pct(s.victory_without, 9)}{_pct(s.swing, 8)}")
        lines.append("")
    if m.splits:
        lines.append(f"best doctrine from one seat by split (overall best: {m.overall_best})")
        for s in m.splits:
            mark = "  <- another doctrine" if s.best != s.overall_best else ""
            lines.append(f"  {s.split[:44]:<45}{s.games:>6} games  {s.best} "
                         f"{_pct(s.best_victory, 0)} vs {_pct(s.overall_best_victory, 0)}{mark}")
        lines.append("")
    if m.late_share is not None:
        parts = ", ".join(f"{k} {_pct(v, 0)}" for k, v in m.late_by_kind.items())
        lines.append(f"AI order money on deliveries due after the last turn: "
                     f"{_pct(m.late_share, 0)} ({parts})")
        lines.append("")
    lines.append(f"{'target':<42}{'value':>9}  {'goal':<12}met")
    for t in m.targets:
        value = "-" if t.value is None or math.isnan(t.value) else f"{t.value:.3f}"
        flag = "yes" if t.met else "NO"
        lines.append(f"{t.name:<42}{value:>9}  {t.goal:<12}{flag:<4} {t.detail}")
    met = sum(t.met for t in m.targets)
    lines.append(f"{met} of {len(m.targets)} targets met")
    lines.append(f"elapsed: {m.elapsed_s:.1f} s")
    return "\n".join(lines)
