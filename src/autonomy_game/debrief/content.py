"""What the debrief says, as data: goals and the values that decided them, every defeat that
held, turning points, each seat's decisions, and each quarter's causal ledger.

The end screen, the HTML page and `report --json` all read `debrief_content(game)`, so they
cannot disagree. A game restored from a save knows only the quarters played since the restore;
`complete_game` replays its decision log from turn 1 (same seed, same decisions: the same
game, bit for bit) so every quarter's ledger and every decision is there.

Hook for other views: `SECTION_HOOKS` holds functions `(game) -> Section | None` whose
sections are appended to the debrief (the decision preview's "preview used" records and the
counterfactual panel plug in there), and `register_section` adds one.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from autonomy_game.engine import actions as A
from autonomy_game.engine.game import Game
from autonomy_game.engine.report_words import CAUSE_LABELS, cause_line
from autonomy_game.engine.thresholds import Comparison, comparisons, defeats_holding, standings

# Indicators on a 0-1 scale, whose swings are comparable: the turning points' candidates.
SWING_INDICATORS = ("deterrence", "autonomy", "cohesion", "us_commitment",
                    "adversary_pressure", "ukraine_front", "ukraine_delivered")


@dataclass
class GoalResult:
    """A goal or defeat line at the end: its status and the comparisons that decided it."""

    kind: str  # victory | partial | defeat
    id: str
    label: str
    text: str
    status: str  # achieved | superseded | missed | avoided | hit
    values: str  # the comparisons, e.g. "cohesion 0.3812 (defeat at < 0.4000): crossed by 0.02"


@dataclass
class TurningPoint:
    turn: int
    label: str  # the quarter
    indicator: str
    change: float
    line: str  # "Cohesion −0.100: vote on …"


@dataclass
class SeatStory:
    """One seat's game: its decisions in order, its orders summed up, its secret objective."""

    code: str
    name: str
    human: bool
    played_by: str  # human | AI | a policy spec
    decisions: list[dict[str, Any]] = field(default_factory=list)
    orders: str = ""
    objective: str = ""
    objective_met: bool | None = None
    objective_values: str = ""


@dataclass
class Section:
    """An extra debrief section (from `SECTION_HOOKS`): a title and HTML-safe paragraphs, plus
    data for `--json`."""

    title: str
    paragraphs: list[str]
    data: dict[str, Any] = field(default_factory=dict)


@dataclass
class DebriefContent:
    outcome: str
    goals: list[GoalResult]
    defeats_held: list[str]  # ids of every defeat condition holding at the end
    turning_points: list[TurningPoint]
    seats: list[SeatStory]
    quarters: list[dict[str, Any]]  # turn, label, changes, causes (Europe and members)
    sections: list[Section]


SECTION_HOOKS: list[Callable[[Game], Section | None]] = []


def register_section(hook: Callable[[Game], Section | None]) -> None:
    """Add a debrief section builder (called with the completed game)."""
    if hook not in SECTION_HOOKS:
        SECTION_HOOKS.append(hook)


def complete_game(game: Game) -> Game:
    """`game` itself when it holds every quarter's ledger, else a replay of its decision log
    from turn 1 (a restored save). The replay is the same game: same scenario, seed, seats,
    policies and decisions."""
    if all(t in game.quarters for t in range(1, game.state.turn + 1)):
        return game
    replay = Game(game.scenario, game.seed, list(game.humans), policies=dict(game.policies),
                  preview_off=getattr(game, "preview_off", False), prebuilt=game.world)
    for action in game.decisions:
        replay.apply(action)
    return replay


def goal_results(game: Game) -> tuple[list[GoalResult], list[str]]:
    """Every goal row with its status and deciding values, and the ids of every defeat that
    holds at the end. Several defeats can hold at once (the engine files the first as the
    reason); each one that holds is marked hit, none of them "avoided"."""
    world, state = game.world, game.state
    outcome = game.outcome
    reason = int(state.defeat_reason[0])
    holding = set(defeats_holding(world, state)) if outcome == "defeat" else set()
    if outcome == "defeat" and reason >= 0:
        holding.add(reason)
    rows: list[GoalResult] = []
    ids: list[str] = []
    defeat_index = 0
    for standing in standings(world, state):
        values = standing.describe()
        if standing.kind == "victory":
            status = "achieved" if outcome == "victory" else "missed"
            rows.append(GoalResult("victory", "victory", "Victory", standing.text, status,
                                   values))
        elif standing.kind == "partial":
            status = {"victory": "superseded", "partial": "achieved"}.get(outcome, "missed")
            rows.append(GoalResult("partial", "partial", "Partial success", standing.text,
                                   status, values))
        else:
            hit = defeat_index in holding
            rows.append(GoalResult("defeat", standing.id, "Defeat" if hit else "Defeat avoided",
                                   standing.text or standing.id, "hit" if hit else "avoided",
                                   values))
            if hit:
                ids.append(standing.id)
            defeat_index += 1
    return rows, ids


def turning_points(game: Game, count: int = 3) -> list[TurningPoint]:
    """The largest swings of the game (one per quarter at most), with their causes."""
    candidates = []
    for report in game.reports:
        best = None
        for name in SWING_INDICATORS:
            before, after = report.indicators.get(name, (0.0, 0.0))
            change = after - before
            if report.causes.get(name) and (best is None or abs(change) > abs(best[1])):
                best = (name, change)
        if best is not None and abs(best[1]) > 1e-9:
            candidates.append((abs(best[1]), report, best[0], best[1]))
    candidates.sort(key=lambda c: -c[0])
    points = [TurningPoint(r.turn, r.label, name, change,
                           cause_line(name, change, r.causes[name]))
              for _, r, name, change in candidates[:count]]
    return sorted(points, key=lambda p: p.turn)


def _objective(game: Game, code: str) -> tuple[str, bool | None, str]:
    objective = game.scenario.objectives.get(code)
    if objective is None:
        return "", None, ""
    met = game.objectives_status().get(code)
    parts: list[Comparison] = comparisons(game.world, game.state, objective.when.text)
    values = "; ".join(c.describe() for c in parts) or objective.when.text
    return objective.text, met, values


def _orders_summary(game: Game, n: int) -> str:
    records = [game.order_records[t] for t in sorted(game.order_records)]
    if not records:
        return ""
    path = " → ".join(f"{r.defence_pct[n]:.2f}" for r in records)
    european = sum(float(r.european[n]) for r in records)
    foreign = sum(float(r.foreign[n]) for r in records)
    materiel = sum(float(r.materiel[n]) for r in records)
    rounds = sum(float(r.rounds[n]) for r in records)
    spent = sum(float(r.spent[n]) for r in records)
    equipment = european + foreign
    share = (f"{european / equipment:.0%} European, {foreign / equipment:.0%} bought abroad"
             if equipment > 1e-9 else "no equipment orders")
    return (f"Defence spending (% of GDP by quarter): {path}. Spent €{spent:.1f} bn in all; "
            f"equipment and shells €{equipment:.1f} bn ({share}). Aid to Ukraine: "
            f"{rounds:.0f}k rounds from stock and €{materiel:.2f} bn of materiel.")


def _seat_decisions(game: Game, code: str) -> list[dict[str, Any]]:
    """Every decision of one seat, in the order made: event choices (its own, and the
    Council's when the humans decided together); for a human seat its proposals, votes,
    persuasion, side payments, budget and orders as logged; for any seat its ballots."""
    items: list[tuple[int, int, dict[str, Any]]] = []
    for k, choice in enumerate(game.choices_made):
        if choice.decider == code or (choice.decider == "Council" and choice.by == "human"
                                      and code in game.humans):
            items.append((choice.turn, k, {
                "turn": choice.turn, "kind": "event choice", "event": choice.event,
                "option": choice.option, "decided_by": choice.by,
                "text": f"{choice.title}: {choice.label} ({choice.by})"}))
    base = len(items)
    if code in game.humans:
        for k, action in enumerate(game.decisions):
            if getattr(action, "seat", None) != code:
                continue
            turn = game.decision_turns[k] if k < len(game.decision_turns) else 0
            items.append((turn, base + k, dict(_describe_action(game, action), turn=turn)))
    base += len(game.decisions)
    for report in game.reports:
        for j, vote in enumerate(report.votes):
            ballot = "yes" if code in vote.yes else "no" if code in vote.no else "abstain"
            items.append((report.turn, base + j, {
                "turn": report.turn, "kind": "ballot", "initiative": vote.initiative,
                "vote": ballot, "text": f"Council: {ballot} on {vote.name} "
                f"({'adopted' if vote.passed else 'rejected'})"}))
        base += len(report.votes)
    return [d for _, _, d in sorted(items, key=lambda item: (item[0], item[1]))]


def _describe_action(game: Game, action: A.Action) -> dict[str, Any]:
    sc = game.scenario

    def name(iid: str) -> str:
        init = sc.initiatives.get(iid)
        return init.name if init is not None else iid

    data: dict[str, Any] = {"kind": action.kind}
    if isinstance(action, A.Propose):
        data["text"] = f"proposed {name(action.initiative)}"
    elif isinstance(action, A.Vote):
        word = {1: "yes", 0: "abstain", -1: "no", 2: "constructive abstention"}.get(
            action.vote, str(action.vote))
        data["text"] = f"voted {word} on {name(action.initiative)}"
    elif isinstance(action, A.Persuade):
        data["text"] = (f"spent {action.capital:g} political capital persuading "
                        f"{action.target} on {name(action.initiative)}")
    elif isinstance(action, A.SidePayment):
        data["text"] = (f"paid €{action.amount:.2f} bn to {action.target} for "
                        f"{name(action.initiative)}")
    elif isinstance(action, A.JoinProject):
        data["text"] = f"asked to join {name(action.initiative)}"
    elif isinstance(action, A.SetDefencePct):
        data["text"] = f"set defence spending to {action.pct:.2f} % of GDP"
    elif isinstance(action, A.Hold):
        data["text"] = "held (the advisor decided for the seat)"
    else:
        fields = {k: v for k, v in vars(action).items() if k != "seat"}
        data["text"] = f"{action.kind}: " + ", ".join(f"{k} {v}" for k, v in fields.items())
    data.update({k: v for k, v in vars(action).items() if k not in ("seat",)})
    return data


def seat_stories(game: Game) -> list[SeatStory]:
    stories = []
    for n, code in enumerate(game.world.codes):
        human = code in game.humans
        policy = game.policies.get(code)
        played_by = "human" if human else (policy if isinstance(policy, str) else
                                           "policy" if policy is not None else "AI")
        objective, met, values = _objective(game, code)
        stories.append(SeatStory(code, game.world.member_names[n], human, played_by,
                                 _seat_decisions(game, code), _orders_summary(game, n),
                                 objective, met, values))
    return stories


def quarter_data(game: Game) -> list[dict[str, Any]]:
    """Each quarter's changes and causes (Europe indicators and members' figures), game 0."""
    result = []
    for report in game.reports:
        quarter = game.quarters.get(report.turn)
        if quarter is None:
            changes = {k: after - before for k, (before, after) in report.indicators.items()}
            causes = {k: v for k, v in report.causes.items()}
        else:
            changes, causes = quarter.named(game.world)
        result.append({
            "turn": report.turn, "label": report.label, "changes": changes,
            "causes": {k: [{"cause": c, "amount": a} for c, a in v] for k, v in causes.items()},
        })
    return result


def debrief_content(game: Game) -> DebriefContent:
    """Everything the debrief shows (call with `complete_game(game)` for a restored save)."""
    goals, held = goal_results(game)
    sections = [s for s in (hook(game) for hook in SECTION_HOOKS) if s is not None]
    return DebriefContent(game.outcome, goals, held, turning_points(game), seat_stories(game),
                          quarter_data(game), sections)


def debrief_data(game: Game) -> dict[str, Any]:
    """`report --json`: the debrief as plain data."""
    content = debrief_content(game)
    return {
        "scenario": game.scenario.id, "seed": game.seed, "outcome": content.outcome,
        "humans": list(game.humans),
        "goals": [vars(g) for g in content.goals],
        "defeats_held": content.defeats_held,
        "turning_points": [vars(p) for p in content.turning_points],
        "quarters": content.quarters,
        "votes": [{"turn": r.turn, "votes": [vars(v) for v in r.votes]} for r in game.reports],
        "seats": {s.code: {"human": s.human, "played_by": s.played_by,
                           "decisions": s.decisions, "orders": s.orders,
                           "objective": s.objective, "objective_met": s.objective_met,
                           "objective_values": s.objective_values}
                  for s in content.seats},
        "sections": [{"title": s.title, "paragraphs": s.paragraphs, "data": s.data}
                     for s in content.sections],
    }


def label(name: str) -> str:
    return CAUSE_LABELS.get(name, name)
