"""Build the debrief page from a game: outcome, goals, objectives, charts, quarters, questions.

Teachers print it after class or hand it out for homework; everything in it comes from the
engine's own history and quarter reports, so it says exactly what the screen said.
"""

from __future__ import annotations

from html import escape

from autonomy_game.debrief.svg_chart import line_chart
from autonomy_game.engine.game import Game

CHARTS = (
    ("Security", {"Deterrence": "deterrence", "Autonomy": "autonomy",
                  "U.S. commitment": "us_commitment", "Adversary pressure": "adversary_pressure"}),
    ("Union and Ukraine", {"Cohesion": "cohesion", "Ukraine front": "ukraine_front",
                           "Ukraine supplied": "ukraine_delivered"}),
)
OUTCOME_WORDS = {"victory": "Victory", "partial": "Partial success", "failure": "Goals missed",
                 "defeat": "Defeat", "ongoing": "Game in progress"}
STYLE = """
body { font-family: Inter, "Helvetica Neue", Arial, sans-serif; color: #1b1f24; margin: 2rem;
       max-width: 60rem; line-height: 1.45; }
h1 { margin-bottom: 0.2rem; } .sub { color: #555; margin-top: 0; }
.met { color: #00734d; } .missed { color: #a34a00; }
.chart { width: 100%; max-width: 40rem; display: block; margin: 0.5rem 0 1.5rem; }
.chart-title { font-weight: 600; font-size: 14px; } .tick, .legend { font-size: 11px; fill: #333; }
.grid { stroke: #ddd; stroke-width: 1; }
table { border-collapse: collapse; margin: 0.3rem 0 0.8rem; }
td, th { border: 1px solid #ccc; padding: 0.2rem 0.5rem; text-align: left; vertical-align: top; }
section.quarter { break-inside: avoid; border-top: 1px solid #ccc; padding-top: 0.5rem; }
@media print { body { margin: 1cm; } a { color: inherit; } }
"""


def debrief_html(game: Game) -> str:
    sc = game.scenario
    outcome = game.outcome
    labels = ["start"] + [sc.quarter_label(t) for t in range(1, len(game.history))]
    humans = ", ".join(game.humans) or "none (AI on every seat)"
    html = [
        "<!doctype html>", '<html lang="en"><head><meta charset="utf-8">',
        f"<title>Debrief: {escape(sc.title)}</title><style>{STYLE}</style></head><body>",
        f"<h1>{escape(sc.title)}: {OUTCOME_WORDS.get(outcome, outcome)}</h1>",
        f'<p class="sub">{len(game.history) - 1} of {sc.turns} quarters played '
        f"({escape(labels[1] if len(labels) > 1 else sc.quarter_label(1))} to "
        f"{escape(labels[-1])}) · seed {game.seed} · human seats: {escape(humans)}</p>",
        _goals(game), _objectives(game), "<h2>Indicators</h2>",
    ]
    for title, names in CHARTS:
        series = {label: [float(v) for v in game.history.series(key)[:, 0]]
                  for label, key in names.items()}
        html.append(line_chart(title, labels, series))
    html.append(_quarters(game))
    html.append(_previews(game))
    if sc.debrief_questions:
        html.append("<h2>Questions for discussion</h2><ol>")
        html += [f"<li>{escape(q)}</li>" for q in sc.debrief_questions]
        html.append("</ol>")
    html.append("</body></html>")
    return "\n".join(html)


def _previews(game: Game) -> str:
    """When the table looked at a decision's futures before deciding (engine/preview.py)."""
    from autonomy_game.engine.preview import preview_uses

    items = "".join(f"<li>{escape(line)}</li>" for line in preview_uses(game))
    return f"<h2>Decision previews</h2><ul>{items}</ul>"


def _goals(game: Game) -> str:
    goals = game.scenario.goals
    outcome = game.outcome
    partial = "Partial success (also met)" if outcome == "victory" else "Partial success"
    rows = [("Victory", goals.victory.text, outcome == "victory"),
            (partial, goals.partial.text, outcome in ("victory", "partial"))]
    defeat = int(game.state.defeat_reason[0])
    for k, goal in enumerate(goals.defeat):
        rows.append(("Defeat avoided" if k != defeat else "Defeat", goal.text, k != defeat))
    items = [f'<li class="{"met" if ok else "missed"}"><b>{"✓" if ok else "✗"} '
             f"{escape(name)}</b>: {escape(text)}</li>" for name, text, ok in rows]
    return "<h2>Goals</h2><ul>" + "".join(items) + "</ul>"


def _objectives(game: Game) -> str:
    status = game.objectives_status()
    if not status:
        return ""
    items = []
    for code, met in status.items():
        objective = game.scenario.objectives[code]
        name = game.scenario.states[code].name
        items.append(f'<li class="{"met" if met else "missed"}"><b>{"✓ met" if met else "✗ missed"}'
                     f" · {escape(name)}</b>: {escape(objective.text)}</li>")
    return "<h2>Secret objectives, revealed</h2><ul>" + "".join(items) + "</ul>"


def _quarters(game: Game) -> str:
    parts = ["<h2>Quarter by quarter</h2>"]
    for report in game.reports:
        parts.append(f'<section class="quarter"><h3>{escape(report.label)} '
                     f"(turn {report.turn})</h3>")
        for title, text in report.events:
            parts.append(f"<p><b>{escape(title)}.</b> {escape(text)}</p>")
        if report.votes:
            parts.append("<table><tr><th>Council vote</th><th>Result</th><th>For</th>"
                         "<th>Against</th></tr>")
            for vote in report.votes:
                result = "adopted" if vote.passed else "rejected"
                parts.append(f"<tr><td>{escape(vote.name)} ({escape(vote.rule)})</td>"
                             f"<td>{result}</td><td>{', '.join(vote.yes) or '–'}</td>"
                             f"<td>{', '.join(vote.no) or '–'}</td></tr>")
            parts.append("</table>")
        parts.append("<ul>" + "".join(f"<li>{escape(line)}</li>" for line in report.lines)
                     + "</ul></section>")
    return "\n".join(parts)
