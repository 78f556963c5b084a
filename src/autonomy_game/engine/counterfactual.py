"""The same game with one decision changed: a counterfactual for the debrief.

A played game is its scenario, seed and decision log, so any decision can be taken back.
`decision_points` lists the decisions a class can ask about: each event choice, each vote,
and each seat's orders in a quarter. `counterfactual` then

- replays the log up to that decision (the game exactly as the class had it then);
- plays the futures of the decision as taken and of the alternative side by side, over a
  batch with the AI on every seat from there (engine/preview.py: the same futures meet both,
  so the difference between the columns is the decision's);
- and replays the whole game once more on the same seed with the alternative in place of
  the decision and every later decision of the log kept where it still applies: "the same
  game" with one thing changed. A later decision that no longer applies (an event that did
  not fire, a vote on an item no longer on the agenda) is skipped and counted; an event
  choice the log does not hold takes the advisor's option; a game that outlives its log is
  played on by the advisor. Replayed with the decision as taken, it is the game itself.

The alternative for an event choice or a vote is another option or vote; for a seat's
orders it is its advisor's orders (the AI in that seat for that quarter).
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from autonomy_game.engine import actions as A
from autonomy_game.engine.council import allowed_votes
from autonomy_game.engine.events import choice_scores
from autonomy_game.engine.game import Game
from autonomy_game.engine.policy.base import Policy
from autonomy_game.engine.preview import (
    VOTE_LABELS,
    Preview,
    PreviewError,
    futures_seed,
    preview_options,
)
from autonomy_game.engine.streams import GameSeeds
from autonomy_game.engine.world import World
from autonomy_game.scenario.model import Scenario

COUNTERFACTUAL_FUTURES = 500
ORDER_KINDS = (A.SetDefencePct, A.Procure, A.BuyShells, A.InvestIndustry, A.AidUkraine,
               A.AidPriority, A.Protect, A.InvestCorridor)
VOTE_IDS = {label: vote for vote, label in VOTE_LABELS.items()}


class CounterfactualError(ValueError):
    """The decision or the alternative asked for does not exist."""


@dataclass(frozen=True)
class DecisionPoint:
    """A decision a class can take back: `first` and `last` bound its actions in the log
    (one action for a choice or a vote; every order action of one seat in one quarter)."""

    number: int  # 1-based, as `report --counterfactual N` names it
    first: int
    last: int
    turn: int
    seat: str  # "" for a choice of the whole table
    subject: str  # event:ID, vote:ID or orders (as the preview names it)
    taken: str  # the option, vote or "yours"
    alternatives: tuple[str, ...]
    description: str


@dataclass
class Counterfactual:
    point: DecisionPoint
    alternative: str
    actual_outcome: str  # the game as played
    replayed_outcome: str  # the same game with the alternative
    skipped: int  # later decisions of the log that no longer applied
    advised: int  # event choices the log lacked, taken by the advisor
    futures: Preview  # the decision as taken and the alternative, side by side
    elapsed_s: float = 0.0

    def to_json(self) -> dict[str, object]:
        p = self.point
        return {"decision": {"number": p.number, "turn": p.turn, "seat": p.seat,
                             "subject": p.subject, "taken": p.taken,
                             "description": p.description},
                "alternative": self.alternative,
                "actual_outcome": self.actual_outcome,
                "replayed_outcome": self.replayed_outcome,
                "skipped_decisions": self.skipped, "advisor_choices": self.advised,
                "futures": [o.to_json() for o in self.futures.options],
                "elapsed_s": round(self.elapsed_s, 3)}


def _walk(game: Game) -> Iterator[tuple[int, A.Action, Game]]:
    """Replay the game's log: each action with the game as it stood just before it."""
    replay = Game(game.scenario, game.seed, list(game.humans), policies=dict(game.policies),
                  prebuilt=game.world)
    for k, action in enumerate(game.decisions):
        yield k, action, replay
        replay.apply(action)


def _note(points: list[DecisionPoint], k: int, action: A.Action, game: Game) -> None:
    """Add the decision point `action` (log index k) starts, or extend the seat's orders of
    this quarter; anything else is not a decision point."""
    world, turn = game.world, game.turn
    if isinstance(action, A.ChooseOption):
        ev = next(e for e in world.events if e.id == action.event)
        others = tuple(c.id for c in ev.choices if c.id != action.option)
        # Whose secret objective the futures count: the deciding seat, or the only human.
        seat = (world.codes[ev.decider] if ev.decider >= 0
                else game.humans[0] if len(game.humans) == 1 else "")
        points.append(DecisionPoint(
            len(points) + 1, k, k, turn, seat, f"event:{ev.id}", action.option, others,
            f"{ev.title}: {_choice_label(world, ev.id, action.option)}"))
    elif isinstance(action, A.Vote):
        i = world.initiative_ids.index(action.initiative)
        taken = VOTE_LABELS[action.vote]
        others = tuple(VOTE_LABELS[v] for v in allowed_votes(world, i) if v != action.vote)
        name = game.scenario.initiatives[action.initiative].name
        points.append(DecisionPoint(len(points) + 1, k, k, turn, action.seat,
                                    f"vote:{action.initiative}", taken, others,
                                    f"{action.seat} votes {taken} on {name}"))
    elif isinstance(action, ORDER_KINDS):
        same = next((p for p in reversed(points) if p.subject == "orders"
                     and p.seat == action.seat and p.turn == turn), None)
        if same is not None:
            points[same.number - 1] = dataclasses.replace(same, last=k)
        else:
            quarter = game.scenario.quarter_label(turn)
            points.append(DecisionPoint(len(points) + 1, k, k, turn, action.seat, "orders",
                                        "yours", ("advisor",),
                                        f"{action.seat}'s orders in {quarter}"))


def decision_points(game: Game) -> list[DecisionPoint]:
    """Every event choice, vote and seat's orders (one point per seat and quarter) of a
    game's log, in order. The log is replayed so that each point knows its turn."""
    points: list[DecisionPoint] = []
    for k, action, replay in _walk(game):
        _note(points, k, action, replay)
    return points


def _point_and_game(game: Game, number: int) -> tuple[DecisionPoint, Game]:
    """Decision point `number` and the game as the class had it when deciding: before the
    choice or vote, or with the seat's orders entered (the Council or orders phase ends
    with the next EndPhase or Hold). Replays only as far as needed."""
    points: list[DecisionPoint] = []
    for k, action, replay in _walk(game):
        if len(points) >= number and isinstance(action, (A.EndPhase, A.Hold)):
            return points[number - 1], replay  # the seat's orders, all entered
        _note(points, k, action, replay)
        if len(points) == number and points[-1].subject != "orders":
            return points[-1], replay  # the walk applies `action` only when asked again
    if len(points) >= number and points[number - 1].subject == "orders":
        # The log ends inside the orders phase: the game as it stands now (the walk has
        # applied the last action to `replay` on leaving the loop).
        return points[number - 1], replay
    raise CounterfactualError(f"decision {number} does not exist (the game has "
                              f"{len(points)}: 1..{len(points)})")


def _choice_label(world: World, event_id: str, option: str) -> str:
    ev = next(e for e in world.events if e.id == event_id)
    return next((c.label or c.id for c in ev.choices if c.id == option), option)


def _replay(scenario: Scenario, seed: int, humans: list[str],
            policies: Mapping[str, str | Policy], world: World,
            decisions: Sequence[A.Action]) -> tuple[Game, int, int]:
    """Replay a log on the seed, skipping what no longer applies and letting the advisor
    take event choices the log lacks; play on by the advisor if the log ends first.
    Returns (game, decisions skipped, advisor choices)."""
    game = Game(scenario, seed, list(humans), policies=dict(policies), prebuilt=world)
    skipped = advised = 0
    for action in decisions:
        if game.phase == "ended":
            skipped += 1
            continue
        if isinstance(action, A.EndPhase) and game.phase == "events":
            advised += _advise_pending(game)
        try:
            game.apply(action)
        except A.IllegalAction:
            skipped += 1
    for _ in range(10 * scenario.turns + 10):  # the advisor plays on to the end
        if game.phase == "ended":
            break
        if game.phase == "events":
            advised += _advise_pending(game)
        game.advance()
    return game, skipped, advised


def _advise_pending(game: Game) -> int:
    """Take the advisor's option for every open event choice (as `Hold` does), logged as
    choices; returns how many."""
    count = 0
    while game.pending:
        p = game.pending[0]
        ev = game.world.events[p.event]
        pick = int(choice_scores(ev, game._ctx, p.mask).argmax(axis=1)[0])
        game.apply(A.ChooseOption(ev.id, ev.choices[pick].id))
        count += 1
    return count


def _changed_log(game: Game, point: DecisionPoint, alternative: str) -> list[A.Action]:
    """The log with the decision replaced by the alternative."""
    log = list(game.decisions)
    action = log[point.first]
    before, after = log[:point.first], log[point.first + 1:]
    if isinstance(action, A.ChooseOption):
        return [*before, A.ChooseOption(action.event, alternative), *after]
    if isinstance(action, A.Vote):
        return [*before, A.Vote(action.seat, action.initiative, VOTE_IDS[alternative]),
                *after]
    # The seat's orders that quarter are dropped: it keeps its advisor's.
    kept = [a for k, a in enumerate(log[point.first:point.last + 1])
            if not (isinstance(a, ORDER_KINDS) and a.seat == point.seat)]
    return log[:point.first] + kept + log[point.last + 1:]


def counterfactual(game: Game, number: int, alternative: str | None = None,
                   futures: int = COUNTERFACTUAL_FUTURES,
                   seeds: GameSeeds | np.random.SeedSequence | None = None
                   ) -> Counterfactual:
    """The game `game` with decision `number` (of `decision_points`) changed to
    `alternative` (default: its first alternative; the decision as taken gives the game
    itself, a check). CounterfactualError if either is unknown."""
    started = time.perf_counter()
    if number < 1:
        raise CounterfactualError(f"decision {number} does not exist (numbers start at 1)")
    point, at = _point_and_game(game, number)
    alternative = alternative if alternative is not None else point.alternatives[0]
    if alternative != point.taken and alternative not in point.alternatives:
        raise CounterfactualError(f"'{alternative}' is not an alternative to decision "
                                  f"{number} (choose from {', '.join(point.alternatives)})")
    world = game.world
    try:
        # The futures the class would have seen had it asked for a preview then.
        spread = preview_options(at, point.subject, point.seat, futures,
                                 seeds if seeds is not None
                                 else futures_seed(game.seed, at.state.turn),
                                 only=tuple(dict.fromkeys((point.taken, alternative))))
    except PreviewError as error:
        raise CounterfactualError(str(error)) from None
    replayed, skipped, advised = _replay(game.scenario, game.seed, list(game.humans),
                                         game.policies, world,
                                         _changed_log(game, point, alternative))
    return Counterfactual(point, alternative, game.outcome, replayed.outcome, skipped,
                          advised, spread, time.perf_counter() - started)


def replay_unchanged(game: Game) -> Game:
    """The game replayed by the counterfactual's replay with nothing changed (a check: it
    is the game itself)."""
    return _replay(game.scenario, game.seed, list(game.humans), game.policies, game.world,
                   game.decisions)[0]
