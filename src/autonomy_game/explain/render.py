"""An `Explanation` as text (the terminal), JSON (`simulate --explain --json`) or HTML.

The three carry the same content; the JSON keys are the issue's contract: `clauses`,
`events`, `objectives`, `variables` (plus `initiatives`, `indicators`, `factors`, `causes`,
`warnings`).
"""

from __future__ import annotations

import html
import math
from dataclasses import asdict
from typing import Any

from autonomy_game.explain.analysis import Explanation, Factor


def _round(value: Any) -> Any:
    if isinstance(value, float):
        return None if math.isnan(value) else round(value, 4)
    if isinstance(value, dict):
        return {str(k): _round(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_round(v) for v in value]
    return value


def to_json(explanation: Explanation) -> dict[str, Any]:
    judged = [asdict(j) for j in explanation.judged]
    return _round({
        "runs": explanation.runs,
        "seed": explanation.seed,
        "victory": explanation.victory,
        "clauses": [j for j in judged if not j["key"].startswith("objective:")],
        "objectives": [j for j in judged if j["key"].startswith("objective:")],
        "events": [asdict(e) for e in explanation.events],
        "variables": [asdict(v) for v in explanation.variables],
        "indicators": [asdict(v) for v in explanation.indicators],
        "initiatives": [asdict(i) for i in explanation.initiatives],
        "factors": [asdict(f) for f in explanation.factors],
        "causes": [asdict(f) for f in explanation.causes],
        "warnings": list(explanation.warnings),
    })


def _pct(value: float | None) -> str:
    return "  —" if value is None or (isinstance(value, float) and math.isnan(value)) \
        else f"{value:4.0%}"


def _factor_lines(factors: list[Factor]) -> list[str]:
    return [f"  {k}. {f.words} (explains {f.explained:.0%} of victory's deviance)"
            for k, f in enumerate(factors, 1)]


def to_text(explanation: Explanation) -> str:
    e = explanation
    out = [f"Why the win rate is {e.victory:.1%} ({e.runs} games, seed {e.seed})", ""]
    out.append("What explains victory most (each factor alone, a logistic fit):")
    out += _factor_lines(e.factors) or ["  nothing varies enough to tell"]
    if e.causes and e.causes != e.factors:
        out.append("Among what happened (events and choices):")
        out += _factor_lines(e.causes)
    out += ["", "Goals and their clauses (share of games where each held when the game ended;",
            "'false when missed': among the games that missed the goal, how often it failed):"]
    for item in e.judged:
        out.append(f"  {item.key:<24} met {_pct(item.met)}   {item.expression}")
        for clause in item.clauses:
            missed = _pct(clause.false_when_unmet)
            out.append(f"      {_pct(clause.held)} held, false when missed {missed}   "
                       f"{clause.text}")
    out += ["", "Events (fired share; victory when fired / not; choices: share, victory):"]
    for ev in e.events:
        turns = ", ".join(f"t{t} {s:.0%}" for t, s in sorted(ev.first_turns.items())[:6])
        more = " …" if len(ev.first_turns) > 6 else ""
        out.append(f"  {ev.id:<28} {_pct(ev.fired)}  win {_pct(ev.victory_fired)} / "
                   f"{_pct(ev.victory_not_fired)}   {turns}{more}")
        for c in ev.choices:
            out.append(f"      {c.id:<24} {_pct(c.share)} of firings, victory "
                       f"{_pct(c.victory)}")
    if e.variables:
        out += ["", "Variables at the end (mean, p10, p50, p90, share non-zero):"]
        out += [f"  {v.name:<28} {v.mean:9.3g} {v.p10:9.3g} {v.p50:9.3g} {v.p90:9.3g} "
                f"{_pct(v.nonzero)}" for v in e.variables]
    if e.initiatives:
        out += ["", "Initiatives (adopted share, median turn of adoption):"]
        out += [f"  {i.id:<28} {_pct(i.adopted)}  "
                f"{'—' if i.median_turn is None else f'turn {i.median_turn:g}'}"
                for i in e.initiatives if i.adopted > 0] or ["  none adopted"]
    if e.warnings:
        out += ["", "Warnings (only play can tell these):"]
        out += [f"  warning: {w}" for w in e.warnings]
    out.append("")
    out.append("Choice shares are observational (what the AI chose and what followed); "
               "`autonomy-game balance` forces each option on paired seeds to measure effects.")
    return "\n".join(out)


def _bar(share: float | None, width: int = 160) -> str:
    if share is None or (isinstance(share, float) and math.isnan(share)):
        return ""
    w = max(0, min(width, round(share * width)))
    return (f'<svg width="{width}" height="12" role="img" aria-label="{share:.0%}">'
            f'<rect width="{width}" height="12" fill="#e4e8ef"/>'
            f'<rect width="{w}" height="12" fill="#2f6db5"/></svg>')


def to_html(explanation: Explanation, title: str) -> str:
    e = explanation
    esc = html.escape
    rows: list[str] = [
        "<!doctype html><html lang='en'><meta charset='utf-8'>",
        f"<title>{esc(title)}: why the win rate is {e.victory:.1%}</title>",
        "<style>body{font:16px/1.45 system-ui,sans-serif;max-width:70em;margin:2em auto;"
        "padding:0 1em;color:#1d2430}td,th{padding:.2em .6em;text-align:left;"
        "vertical-align:middle}table{border-collapse:collapse}tr:nth-child(even)"
        "{background:#f4f6f9}code{font-size:.95em}.warn{color:#9a3b00}</style>",
        f"<h1>{esc(title)}</h1>",
        f"<p>Victory in {e.victory:.1%} of {e.runs} games (seed {e.seed}).</p>",
        "<h2>What explains victory most</h2><ol>",
    ]
    rows += [f"<li>{esc(f.words)} <small>(explains {f.explained:.0%})</small></li>"
             for f in e.factors]
    rows.append("</ol>")
    if e.causes:
        rows.append("<h3>Among events and choices</h3><ol>")
        rows += [f"<li>{esc(f.words)} <small>(explains {f.explained:.0%})</small></li>"
                 for f in e.causes]
        rows.append("</ol>")
    rows.append("<h2>Goals and clauses</h2><table><tr><th>item</th><th>held / met</th>"
                "<th></th><th>false when missed</th><th>condition</th></tr>")
    for item in e.judged:
        rows.append(f"<tr><th>{esc(item.key)}</th><td>{_pct(item.met)}</td>"
                    f"<td>{_bar(item.met)}</td><td></td><td><code>{esc(item.expression)}"
                    f"</code></td></tr>")
        for clause in item.clauses:
            rows.append(f"<tr><td></td><td>{_pct(clause.held)}</td><td>{_bar(clause.held)}"
                        f"</td><td>{_pct(clause.false_when_unmet)}</td><td><code>"
                        f"{esc(clause.text)}</code></td></tr>")
    rows.append("</table><h2>Events</h2><table><tr><th>event</th><th>fired</th><th></th>"
                "<th>victory fired / not</th><th>choices (share, victory)</th></tr>")
    for ev in e.events:
        choices = "<br>".join(f"{esc(c.id)}: {_pct(c.share)}, {_pct(c.victory)}"
                              for c in ev.choices)
        rows.append(f"<tr><th>{esc(ev.id)}</th><td>{_pct(ev.fired)}</td><td>{_bar(ev.fired)}"
                    f"</td><td>{_pct(ev.victory_fired)} / {_pct(ev.victory_not_fired)}</td>"
                    f"<td>{choices}</td></tr>")
    rows.append("</table>")
    if e.variables:
        rows.append("<h2>Variables at the end</h2><table><tr><th>name</th><th>mean</th>"
                    "<th>p10</th><th>p50</th><th>p90</th></tr>")
        rows += [f"<tr><th>{esc(v.name)}</th><td>{v.mean:.3g}</td><td>{v.p10:.3g}</td>"
                 f"<td>{v.p50:.3g}</td><td>{v.p90:.3g}</td></tr>" for v in e.variables]
        rows.append("</table>")
    if e.warnings:
        rows.append("<h2>Warnings</h2><ul>")
        rows += [f"<li class='warn'>{esc(w)}</li>" for w in e.warnings]
        rows.append("</ul>")
    rows.append("<p><small>Choice shares are observational; <code>autonomy-game balance"
                "</code> forces each option on paired seeds.</small></p></html>")
    return "\n".join(rows)
