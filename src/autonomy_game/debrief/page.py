"""Build the debrief page from a game: outcome, goals with the values that decided them,
turning points, each seat's decisions, charts, quarters with their causes, questions.

Teachers print it after class or hand it out for homework; everything in it comes from the
engine's own history, quarter reports and causal ledger (`debrief.content`), so it says exactly
what the screen said.
"""

from __future__ import annotations

from html import escape
from typing import Any

from autonomy_game.debrief.content import DebriefContent, complete_game, debrief_content
from autonomy_game.debrief.svg_chart import line_chart
from autonomy_game.engine.game import Game
from autonomy_game.engine.indicator_format import format_indicator
from autonomy_game.engine.report_words import member_cause_lines

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
.values { color: #444; font-size: 0.92em; } .seat { break-inside: avoid; margin-bottom: 1rem; }
.human { font-weight: 600; color: #0b5394; }
ul.states li { font-size: 0.92em; margin-bottom: 0.2rem; }
summary { cursor: pointer; color: #0b5394; }
@media print { body { margin: 1cm; } a { color: inherit; } }
"""


def debrief_html(game: Game, class_log: Any = None) -> str:
    """The whole page. A restored save is replayed first (`complete_game`), so every
    quarter's causes and every decision are there. `class_log` (classroom/log.py's ClassLog,
    from a class autosave) adds who said what to whom and when, the offers and the injects
    fired (private notes stay out)."""
    game = complete_game(game)
    content = debrief_content(game)
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
        _goals(content), _turning_points(content), _objectives(game, content),
        "<h2>Indicators</h2>",
    ]
    for title, names in CHARTS:
        series = {label: [float(v) for v in game.history.series(key)[:, 0]]
                  for label, key in names.items()}
        html.append(line_chart(title, labels, series))
    html += _scenario_indicator_charts(game, labels)
    html.append(_seats(content))
    html.append(_quarters(game))
    if class_log is not None:
        html.append(_class_log(game, class_log))
    html.append(_previews(game))
    for section in content.sections:
        html.append(f"<h2>{escape(section.title)}</h2>")
        html += [f"<p>{escape(p)}</p>" for p in section.paragraphs]
    if sc.debrief_questions:
        html.append("<h2>Questions for discussion</h2><ol>")
        html += [f"<li>{escape(q)}</li>" for q in sc.debrief_questions]
        html.append("</ol>")
    html.append("</body></html>")
    return "\n".join(html)


def _scenario_indicator_charts(game: Game, labels: list[str]) -> list[str]:
    """One chart per indicator of the scenario's own (format 2), on its own scale and unit."""
    charts = []
    for k, ind in enumerate(game.scenario.indicators.values()):
        values = [float(v) for v in game.history.scenario_series(k)[:, 0]]
        high = max(ind.high, max(values, default=ind.high))
        low = min(ind.low, min(values, default=ind.low))
        charts.append(line_chart(ind.name, labels, {ind.name: values}, low=low, high=high,
                                 tick=lambda v, unit=ind.unit: format_indicator(v, unit)))
    return charts


def _previews(game: Game) -> str:
    """When the table looked at a decision's futures before deciding (engine/preview.py)."""
    from autonomy_game.engine.preview import preview_uses

    items = "".join(f"<li>{escape(line)}</li>" for line in preview_uses(game))
    return f"<h2>Decision previews</h2><ul>{items}</ul>"


MARKS = {"achieved": ("✓", "met", " — achieved"), "superseded": ("–", "met", " — surpassed"),
         "missed": ("✗", "missed", " — not reached"), "avoided": ("✓", "met", ""),
         "hit": ("✗", "missed", " — held at the end")}


def _goals(content: DebriefContent) -> str:
    items = []
    for goal in content.goals:
        mark, css, suffix = MARKS[goal.status]
        items.append(f'<li class="{css}"><b>{mark} {escape(goal.label)}{suffix}</b>: '
                     f'{escape(goal.text)}<br><span class="values">{escape(goal.values)}'
                     "</span></li>")
    return "<h2>Goals</h2><ul>" + "".join(items) + "</ul>"


def _turning_points(content: DebriefContent) -> str:
    if not content.turning_points:
        return ""
    items = [f"<li><b>{escape(p.label)} (turn {p.turn})</b>: {escape(p.line)}</li>"
             for p in content.turning_points]
    return "<h2>Turning points</h2><ol>" + "".join(items) + "</ol>"


def _objectives(game: Game, content: DebriefContent) -> str:
    items = []
    for seat in content.seats:
        if seat.objective_met is None:
            continue
        met = seat.objective_met
        who = " (human)" if seat.human else ""
        items.append(f'<li class="{"met" if met else "missed"}"><b>{"✓ met" if met else "✗ missed"}'
                     f" · {escape(seat.name)}{who}</b>: {escape(seat.objective)}<br>"
                     f'<span class="values">{escape(seat.objective_values)}</span></li>')
    if not items:
        return ""
    return "<h2>Secret objectives, revealed</h2><ul>" + "".join(items) + "</ul>"


def _seats(content: DebriefContent) -> str:
    """Each seat's game: human seats first, then the AI's; every decision in order."""
    parts = ["<h2>Each seat's decisions</h2>"]
    for seat in sorted(content.seats, key=lambda s: (not s.human, s.code)):
        who = '<span class="human">human</span>' if seat.human else escape(seat.played_by)
        parts.append(f'<div class="seat"><h3>{escape(seat.name)} ({escape(seat.code)}) · '
                     f"{who}</h3>")
        if seat.orders:
            parts.append(f"<p>{escape(seat.orders)}</p>")
        own = [d for d in seat.decisions if d.get("kind") != "ballot" or seat.human]
        if own:
            parts.append("<ul>" + "".join(
                f"<li>Turn {d.get('turn', '?')}: {escape(str(d.get('text', '')))}</li>"
                for d in own if seat.human or d.get("kind") == "event choice") + "</ul>")
        if seat.objective:
            state = "met" if seat.objective_met else "missed"
            parts.append(f"<p>Secret objective ({state}): {escape(seat.objective)} "
                         f'<span class="values">{escape(seat.objective_values)}</span></p>')
        parts.append("</div>")
    return "\n".join(parts)


def _quarters(game: Game) -> str:
    """One section per quarter: events, the vote table (the only list of votes), why each
    indicator moved, and the rest of the report."""
    parts = ["<h2>Quarter by quarter</h2>"]
    for report in game.reports:
        parts.append(f'<section class="quarter"><h3>{escape(report.label)} '
                     f"(turn {report.turn})</h3>")
        for title, text in report.events:
            parts.append(f"<p><b>{escape(title)}.</b> {escape(text)}</p>")
        if report.votes:
            parts.append("<table><tr><th>Council vote</th><th>Result</th><th>For</th>"
                         "<th>Against</th><th>Abstained</th></tr>")
            for vote in report.votes:
                result = "adopted" if vote.passed else "rejected"
                parts.append(f"<tr><td>{escape(vote.name)} ({escape(vote.rule)})</td>"
                             f"<td>{result}</td><td>{', '.join(vote.yes) or '–'}</td>"
                             f"<td>{', '.join(vote.no) or '–'}</td>"
                             f"<td>{', '.join(vote.abstain) or '–'}</td></tr>")
            parts.append("</table>")
        # Council lines repeat the table, except what a failed vote cost.
        lines = [line for line in report.lines if not line.startswith("Council: ")
                 or "Cost of the failed vote" in line]
        parts.append("<ul>" + "".join(f"<li>{escape(line)}</li>" for line in lines) + "</ul>")
        if report.warnings:
            parts.append("<p><b>Warnings:</b></p><ul>" + "".join(
                f"<li>{escape(w)}</li>" for w in report.warnings) + "</ul>")
        parts.append(_member_causes(game, report.turn))
        parts.append("</section>")
    return "\n".join(parts)


def _member_causes(game: Game, turn: int) -> str:
    """Why each state's figures moved in quarter `turn` (the ledger, as in the quarter
    report's state lines): the human seats in full, the AI states folded (open on screen,
    and printed by browsers that print folded details)."""
    quarter = game.quarters.get(turn)
    if quarter is None:
        return ""
    world = game.world

    def item(n: int, code: str) -> str:
        lines = member_cause_lines(world, quarter, code)
        if not lines:
            return ""
        return (f"<li><b>{escape(world.member_names[n])}</b> ({code}): "
                + " ".join(escape(line) for line in lines) + "</li>")

    humans = [item(n, c) for n, c in enumerate(world.codes) if c in game.humans]
    others = [item(n, c) for n, c in enumerate(world.codes) if c not in game.humans]
    out = []
    if any(humans):
        out.append("<p><b>Why your states' figures moved:</b></p><ul class=\"states\">"
                   + "".join(humans) + "</ul>")
    if any(others):
        out.append("<details><summary>Why the other states' figures moved</summary>"
                   "<ul class=\"states\">" + "".join(others) + "</ul></details>")
    return "\n".join(out)


def _class_log(game: Game, log: Any) -> str:
    """The class's messages, news, injects and offers in the order they happened."""
    rows = []
    for e in log.entries:
        if e.kind == "note":
            continue
        label = game.scenario.quarter_label(e.turn) if e.turn >= 1 else ""
        text = (f"<b>{escape(e.title)}</b>: " if e.title else "") + escape(e.text)
        if e.option:
            text += f" <i>(option: {escape(e.option)})</i>"
        rows.append(f"<tr><td>{escape(label)} {escape(e.phase)}</td><td>{escape(e.kind)}</td>"
                    f"<td>{escape(e.sender)}</td><td>{escape(', '.join(e.to))}</td>"
                    f"<td>{text}</td></tr>")
    offers = [f"<li>{escape(o.sender)} offered {escape(o.to)} €{o.amount:g} bn for a yes on "
              f"{escape(o.initiative)} (turn {o.turn}): {escape(o.status)}"
              f"{' — ' + escape(o.note) if o.note else ''}</li>" for o in log.offers.values()]
    parts = ["<h2>Messages, news and injects</h2>"]
    if rows:
        parts.append("<table><tr><th>When</th><th>What</th><th>From</th><th>To</th>"
                     "<th>Text</th></tr>" + "".join(rows) + "</table>")
    else:
        parts.append("<p>No messages were sent.</p>")
    if offers:
        parts.append("<h3>Offers between states</h3><ul>" + "".join(offers) + "</ul>")
    return "\n".join(parts)
