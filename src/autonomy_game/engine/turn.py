"""One turn's phases as functions over the batch, shared by `simulate` and the live game.

A turn: events and briefing -> Council (agenda, persuasion, votes) -> national orders ->
resolution -> goal and defeat checks. `play_turn` runs them all with a policy per seat (the
AI on every seat without one); the interactive `Game` calls the very same phase functions
with human input between them, so a game on screen and a Monte Carlo batch follow the same
rules bit for bit.

Indicators are refreshed when a turn opens (if anything changed since the last refresh), after
the events and at the end of resolution. The Council's outcome (cohesion, adoptions) reaches
the indicators at the end of the quarter: the orders phase and resolution read the indicators
as the quarter's news left them, in the live game as in a batch.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from autonomy_game.engine.ai import ai_orders
from autonomy_game.engine.council import (
    CouncilSession,
    ai_join_projects,
    close_session,
    open_session,
    pesco_review_due,
)
from autonomy_game.engine.events import PendingChoice, fire_events
from autonomy_game.engine.expressions import EvalContext
from autonomy_game.engine.goals import check_goals
from autonomy_game.engine.indicators import update_indicators
from autonomy_game.engine.orders import Orders
from autonomy_game.engine.policy.base import Policy
from autonomy_game.engine.policy.seats import TurnPolicies
from autonomy_game.engine.resolution import Ledger, resolve
from autonomy_game.engine.state import OUTCOME_ONGOING, GameState
from autonomy_game.engine.streams import CounterStream, GameSeeds, as_seeds, derive
from autonomy_game.engine.world import World

# The phases' tags under a turn's key (the policies' stream is split once more per seat).
EVENTS, COUNCIL, ORDERS, POLICIES = range(4)


@dataclass
class TurnStreams:
    """Separate counter-based random streams per phase (engine/streams.py), keyed by the
    game's seed, the turn and the phase, for the games of a batch by their game index.

    Keying per turn and per phase keeps phases independent: a human's different votes
    cannot change which events fire next quarter. Policies draw from a fourth key, split
    once more per seat (`policy_rng`), so a random player on one seat never shifts the
    events', the AI's or another seat's numbers: games with different policies stay paired.
    """

    events: CounterStream
    council: CounterStream
    orders: CounterStream
    policy_key: int | None = None
    first_game: int = 0

    def policy_rng(self, seat: int) -> CounterStream:
        """This turn's stream for the policy on `seat` (a member index)."""
        if self.policy_key is None:
            raise ValueError("these streams were made without a policy stream")
        return CounterStream(derive(self.policy_key, seat), self.first_game)


def turn_streams(seeds: GameSeeds | np.random.SeedSequence | int, turn: int) -> TurnStreams:
    """Turn `turn`'s streams (0-based) for the batch `seeds` describes (seed, first game).
    A SeedSequence or an integer stands for the games of that seed from game 0."""
    seeds = as_seeds(seeds)
    key = seeds.turn_key(turn)
    first = seeds.first_game
    return TurnStreams(*(CounterStream(derive(key, tag), first)
                         for tag in (EVENTS, COUNCIL, ORDERS)),
                       policy_key=derive(key, POLICIES), first_game=first)


def begin_turn(world: World, state: GameState, indicators_current: bool = False) -> EvalContext:
    """Open a turn: number it and make the indicators agree with the arrays.

    `indicators_current` skips the refresh when the caller knows nothing has changed since the
    indicators were last computed (at B = 10 000 the refresh costs ~9 ms a turn).
    """
    state.turn_number[:] = state.turn + 1
    if not indicators_current:
        update_indicators(world, state)
    return EvalContext(state, world)


@dataclass
class TurnOpening:
    """What the events phase leaves for the rest of the turn."""

    ctx: EvalContext
    fired: np.ndarray  # [B, E] bool: fired this turn
    pending: list[PendingChoice]  # choices waiting for human seats
    ongoing: np.ndarray  # [B] bool: games still being played as the turn opened


def events_phase(world: World, state: GameState, streams: TurnStreams, players: TurnPolicies,
                 human_mask: np.ndarray, indicators_current: bool = False,
                 choices: np.ndarray | None = None) -> TurnOpening:
    """Open the turn and fire its events. Policies (and forced options) decide their events
    as they fire; human seats' choices are returned pending, each with the games it covers."""
    ongoing = state.outcome == OUTCOME_ONGOING
    ctx = begin_turn(world, state, indicators_current)
    decide = players.decide if players.active else None
    fired, pending = fire_events(world, state, streams.events, human_mask, ctx, decide, choices)
    update_indicators(world, state)
    return TurnOpening(ctx, fired, pending, ongoing)


def council_phase(world: World, state: GameState, streams: TurnStreams, players: TurnPolicies,
                  human_mask: np.ndarray) -> CouncilSession:
    """Open the Council (the AI presidency sets the agenda); policies then table, vote,
    persuade and pay for their seats. Humans act on the returned session before it closes."""
    session = open_session(world, state, streams.council, human_mask | players.mask)
    players.council(session)
    return session


def close_council(world: World, state: GameState, session: CouncilSession) -> np.ndarray:
    """Hold the votes and adopt what passes: passed [B, I]; then, once a year, AI states ask to
    join the PESCO projects that now serve them (`ai_join_projects`, TEU 46(3)). No indicator
    refresh here (see the module docstring): the live game and a batch both go straight to
    the orders."""
    passed = close_session(world, state, session)
    if pesco_review_due(state):
        ai_join_projects(world, state, ~session.human_mask)
    return passed


def orders_phase(world: World, state: GameState, streams: TurnStreams, players: TurnPolicies,
                 transfers: list[tuple[int, int, float]] | None = None
                 ) -> tuple[Orders, Orders | None, dict[str, np.ndarray]]:
    """National orders: the AI's for every seat in one pass, then each policy rewrites its
    own seat. Returns (orders, the AI's orders before the policies wrote or None when no
    policy plays, the AI's budget motive terms). `transfers` are side payments made in the
    Council by humans; the policies' own are added."""
    orders, terms = ai_orders(world, state, streams.orders)
    advisor = orders.copy() if players.active else None
    orders.transfers = list(transfers or []) + players.transfers
    players.orders(orders)
    return orders, advisor, terms


def finish_turn(world: World, state: GameState, orders: Orders, ctx: EvalContext) -> Ledger:
    """Resolve the orders, close the turn and settle the games that end now."""
    ledger = resolve(world, state, orders, ctx.messages)
    state.turn += 1
    state.turn_number[:] = state.turn
    check_goals(world, state, ctx)
    return ledger


@dataclass
class TurnResult:
    """A turn played by `play_turn`: its ledger and what happened in each game."""

    ledger: Ledger
    fired: np.ndarray  # [B, E] bool
    passed: np.ndarray  # [B, I] bool: adopted this turn (in games still being played)
    ongoing: np.ndarray  # [B] bool: the games that were still being played this turn


def play_turn(world: World, state: GameState, streams: TurnStreams,
              policies: Mapping[int, Policy] | None = None,
              forced_choices: Mapping[int, int] | None = None,
              indicators_current: bool = False,
              choices: np.ndarray | None = None) -> TurnResult:
    """A whole turn for every game in the batch, with a policy per seat.

    `policies` maps member indices to policies; seats without one (or with the AI policy)
    are the AI's, computed for all of them at once. `forced_choices` maps event indices to
    option indices that override whoever decides (for balance measurements). `choices`
    [B, E] (optional) receives the option taken wherever an event with choices fired.

    Pass `indicators_current=True` only when the state is as `new_state` or the previous
    `play_turn` left it (both end by computing the indicators; the goal checks in between set
    outcomes only), as `simulate` does.
    """
    players = TurnPolicies.for_turn(world, state, streams, policies, forced_choices)
    no_humans = np.zeros(len(world.codes), bool)
    opening = events_phase(world, state, streams, players, no_humans, indicators_current,
                           choices)
    session = council_phase(world, state, streams, players, no_humans)
    passed = close_council(world, state, session) & opening.ongoing[:, None]
    orders, _, _ = orders_phase(world, state, streams, players)
    ledger = finish_turn(world, state, orders, opening.ctx)
    return TurnResult(ledger, opening.fired, passed, opening.ongoing)


def play_ai_turn(world: World, state: GameState, streams: TurnStreams,
                 indicators_current: bool = False) -> Ledger:
    """A whole turn with AI on every seat, for every game in the batch (`play_turn` with no
    policies)."""
    return play_turn(world, state, streams, indicators_current=indicators_current).ledger
