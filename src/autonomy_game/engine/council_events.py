"""Council-decided events put to a vote under the rule the event declares.

An event whose decider is the Council and which names a `rule` (unanimity, TFEU 238(4): one
no blocks, abstentions do not; qmv, TEU 16(4): 55 % of the states holding 65 % of the people)
is settled by the Council, not by a single score: each option other than the last (the status
quo, what happens when the table agrees on nothing) is put to the vote against it. Each AI
state votes by what the option gives or costs it, read from the option's effects: a statement
naming a state (`HU.capital += 2`) pays or costs that state; a Union-wide one (`cohesion +=
0.03`, `ukraine_front -= 0.02`, `eu_funds -= 2`) is weighed by each state's own concerns (the
front by its fear of Russia, common money by a small share each). The option's `ai_score`,
the scenario author's judgement of its merit, is added with a small weight. Among the options
that carry, the one with the most yes votes is taken; if none carries, the status quo applies.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from autonomy_game.engine import treaty
from autonomy_game.engine.council import ABSTAIN, NO, YES, qualified_majority, unanimous
from autonomy_game.engine.expressions import EvalContext
from autonomy_game.engine.state import GameState
from autonomy_game.engine.world import (
    RULE_QMV,
    RULE_UNANIMITY,
    CompiledChoice,
    CompiledEvent,
    World,
)

# `CODE.field op number` or `field op number`: the effects a vote utility can read.
_STAKE = re.compile(r"^\s*(?:([A-Z]{2})\.)?([a-z_]+)\s*([+\-*]=)\s*(-?\d+(?:\.\d+)?)\s*$")
# Utility per unit of a member's own field.
MEMBER_VALUE = {"capital": 0.08, "support": 3.0, "fiscal_space": 3.0, "ammunition": 0.002,
                "shell_capacity": 0.01}
# Utility per unit of a Union-wide indicator, for every member (the front: times its fear of
# Russia; adversary pressure: times its mean threat).
EUROPE_VALUE = {"cohesion": 3.0, "ukraine_front": 6.0, "adversary_pressure": -4.0,
                "eu_funds": 0.02, "shell_price": -0.05}
# Every state's Atlanticism moving (`atlanticism += 0.03`): welcome to Atlanticists, unwelcome
# to the champions of autonomy, per unit and per unit of distance from the middle (0.5).
ATLANTICISM_VALUE = 6.0
MERIT_WEIGHT = 0.5
VOTE_BAND = 0.02  # an option this close to the status quo leaves a state indifferent


@dataclass
class EventVote:
    """The Council's vote on one event: votes [B, N, K] (YES/NO/ABSTAIN on each option against
    the status quo, the last option, which is not voted), carried [B, K], the option taken [B]."""

    votes: np.ndarray
    carried: np.ndarray
    picks: np.ndarray


def _member_field(state: GameState, field: str) -> np.ndarray | None:
    return getattr(state, field) if field in MEMBER_VALUE else None


def option_utility(world: World, ctx: EvalContext, choice: CompiledChoice) -> np.ndarray:
    """Each member's utility of an option: [B, N] (see the module docstring)."""
    state = ctx.state
    b, n = state.batch, len(world.codes)
    value = np.zeros((b, n))
    east = state.threat[:, 0, :]  # THREAT_AXES[0] is east
    mean_threat = state.threat.mean(axis=1)
    for statement in choice.effects:
        match = _STAKE.match(statement.text)
        if match is None:
            continue
        code, field, op, number = match.group(1), match.group(2), match.group(3), float(
            match.group(4))
        if field == "atlanticism" and code is None and op != "*=":
            delta_atl = number if op == "+=" else -number
            value += ATLANTICISM_VALUE * delta_atl * (state.atlanticism - 0.5)
        elif field in MEMBER_VALUE:
            current = _member_field(state, field)
            delta = np.zeros((b, n))
            who = slice(None) if code is None else world.codes.index(code)
            if code is not None and code not in world.codes:
                continue
            if op == "*=":
                delta[:, who] = (number - 1.0) * current[:, who]
            else:
                delta[:, who] = number if op == "+=" else -number
            value += MEMBER_VALUE[field] * delta
        elif code is None and field in EUROPE_VALUE:
            current_eu = getattr(state, field)
            if op == "*=":
                delta_eu = (number - 1.0) * current_eu
            else:
                delta_eu = np.full(b, number if op == "+=" else -number)
            weight = EUROPE_VALUE[field]
            if field == "ukraine_front":
                value += weight * delta_eu[:, None] * east
            elif field == "adversary_pressure":
                value += weight * delta_eu[:, None] * mean_threat
            else:
                value += weight * delta_eu[:, None]
    if choice.ai_score is not None:
        value += MERIT_WEIGHT * choice.ai_score.evaluate(ctx)[:, None]
    return value


def event_vote(world: World, ctx: EvalContext, ev: CompiledEvent,
               human_mask: np.ndarray | None = None, human_pick: int | None = None,
               ballots: Mapping[int, Mapping[int, int]] | None = None) -> EventVote:
    """Put an event's options to the Council under its rule.

    Every state votes on each option by its utility. Human seats (in `human_mask`) that the
    table speaks for vote for `human_pick`: yes on it, no on every other option (a pick of
    the status quo is a no on all). `ballots` are votes human seats cast themselves, seat ->
    option -> YES/ABSTAIN/NO; each replaces that seat's vote on that option (the seat's other
    options keep the table's pick, or its advisor's stance when there is no pick).
    """
    k_all = len(ev.choices)
    utility = np.stack([option_utility(world, ctx, c) for c in ev.choices], axis=2)  # [B,N,K]
    gain = utility - utility[:, :, -1:]
    votes = np.where(gain > VOTE_BAND, YES, np.where(gain < -VOTE_BAND, NO, ABSTAIN))
    votes = votes.astype(np.int8)
    votes[:, :, -1] = ABSTAIN  # the status quo is not voted on
    if human_mask is not None and human_mask.any() and human_pick is not None:
        mine = np.full(k_all, NO, np.int8)
        mine[human_pick] = YES
        mine[-1] = ABSTAIN
        votes[:, human_mask, :] = mine[None, None, :]
    top = utility.argmax(axis=2)  # [B, N] each state's favourite option
    if human_mask is not None and human_mask.any() and human_pick is not None:
        top[:, human_mask] = human_pick
    for seat, cast in (ballots or {}).items():
        for option, vote in cast.items():
            if not 0 <= option < k_all - 1 or vote not in (YES, ABSTAIN, NO):
                raise ValueError(f"{ev.id}: no vote {vote} on option {option}")
            votes[:, seat, option] = vote
        # A seat's favourite is the option it backs most (yes over abstain over no), its
        # utility breaking ties: the presidency reads the table from the votes cast.
        backing = votes[:, seat, :].astype(float)
        backing[:, -1] = 0.0
        top[:, seat] = (backing + 1e-6 * np.tanh(utility[:, seat, :])).argmax(axis=1)
    if ev.rule == RULE_QMV:
        carried = qualified_majority(np.moveaxis(votes == YES, 1, 2), world.population_share)
    else:
        carried = unanimous(np.moveaxis(votes, 1, 2))
    carried[:, -1] = False
    # The presidency tables first the option most states prefer (their top choice; ties go
    # to the greater summed utility), then the next: the first that carries is taken.
    batch = top.shape[0]
    favourites = np.bincount((np.arange(batch)[:, None] * k_all + top).ravel(),
                             minlength=batch * k_all).reshape(batch, k_all)  # [B, K]
    order_key = favourites + 1e-3 * np.tanh(utility.sum(axis=1))
    order_key = np.where(carried, order_key, -np.inf)
    best = order_key.argmax(axis=1)
    picks = np.where(carried.any(axis=1), best, k_all - 1)
    return EventVote(votes, carried, picks)


def option_tally(world: World, ev: CompiledEvent, votes: np.ndarray, option: int
                 ) -> treaty.Tally:
    """One option's count under the event's rule, with the thresholds that applied and who
    was counted (every member of the Council): `votes` [N, K] of one game."""
    kind = treaty.QMV if ev.rule == RULE_QMV else treaty.UNANIMITY
    everyone = np.ones(len(world.codes), bool)
    return treaty.count(kind, votes[:, option], everyone, world.people, world.codes)


def is_council_vote(ev: CompiledEvent) -> bool:
    """The event is decided by a Council vote (a Council decider with a declared rule)."""
    return ev.decider < 0 and ev.rule in (RULE_UNANIMITY, RULE_QMV) and len(ev.choices) > 1


def apply_declarations(choice: CompiledChoice, state: GameState, mask: np.ndarray | None) -> None:
    """Record the votes a choice makes states declare on initiatives (see world.DECLARED_CODES)."""
    rows = slice(None) if mask is None else mask
    for member, initiative, code in choice.declares:
        state.declared[rows, member, initiative] = code


def vote_message(world: World, ev: CompiledEvent, vote: EventVote, game: int = 0) -> str:
    """One line for the quarter's report: what the Council decided and who voted against."""
    pick = int(vote.picks[game])
    taken = ev.choices[pick]
    if pick == len(ev.choices) - 1:
        return f"{ev.title}: no option carried in the Council; '{taken.label}' stands."
    against = [world.codes[n] for n in np.flatnonzero(vote.votes[game, :, pick] == NO)]
    tail = f" (against: {', '.join(against)})" if against else ""
    return f"{ev.title}: the Council adopted '{taken.label}'{tail}."
