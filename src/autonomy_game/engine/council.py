"""The Council: decision rules, vote intentions and their reasons.

Each state's stance on an initiative is a utility with named terms (threat alignment, cost
share against budget, Atlanticism, cohesion, public support, persuasion, noise). The terms are
kept, not just the sum, so the game can say *why* a state voted no. The decision rules are the
Treaty's: unanimity (abstentions do not block), qualified majority (55 % of members holding
65 % of the population; a blocking minority needs at least four members) and coalitions of
the willing (participants only).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from autonomy_game.engine.state import STATUS_ADOPTED, STATUS_OPEN, GameState
from autonomy_game.engine.world import RULE_COALITION, RULE_QMV, RULE_UNANIMITY, World

QMV_STATE_SHARE = 0.55
QMV_POPULATION_SHARE = 0.65
BLOCKING_MINORITY_STATES = 4
YES, ABSTAIN, NO = 1, 0, -1
TERMS = ("threat", "cost", "atlanticism", "cohesion", "support", "persuasion", "noise")


def qualified_majority(yes: np.ndarray, population_share: np.ndarray) -> np.ndarray:
    """QMV over the last axis of `yes` (bool [..., N]); abstaining counts as not yes."""
    members = yes.shape[-1]
    flat = yes.reshape(-1, members).astype(np.float64)
    yes_states = (flat @ np.ones(members)).reshape(yes.shape[:-1])
    yes_population = (flat @ population_share).reshape(yes.shape[:-1])
    not_yes = members - yes_states
    enough_states = yes_states >= QMV_STATE_SHARE * members - 1e-9
    enough_people = yes_population >= QMV_POPULATION_SHARE - 1e-9
    # Without four members against, a blocking minority does not exist.
    return enough_states & (enough_people | (not_yes < BLOCKING_MINORITY_STATES))


def unanimous(votes: np.ndarray) -> np.ndarray:
    """No member votes no and at least one votes yes (votes [..., N])."""
    return ~(votes == NO).any(axis=-1) & (votes == YES).any(axis=-1)


def tally(world: World, votes: np.ndarray) -> np.ndarray:
    """Which proposals pass: votes [B, N, I] -> bool [B, I]."""
    by_initiative = np.moveaxis(votes, 1, 2)  # [B, I, N]
    yes = by_initiative == YES
    qmv = qualified_majority(yes, world.population_share)
    unanimity = unanimous(by_initiative)
    coalition = yes.sum(axis=-1) >= world.min_participants[None, :]
    rule = world.rule[None, :]
    return np.where(rule == RULE_UNANIMITY, unanimity,
                    np.where(rule == RULE_QMV, qmv, coalition))


def eligible(world: World) -> np.ndarray:
    """Who may take part in each initiative: [N, I] (PESCO projects need PESCO members)."""
    return ~world.pesco_only[None, :] | world.pesco[:, None]


def expected_shares(world: World, state: GameState) -> np.ndarray:
    """Each member's expected cost share of each initiative by GDP key: [B, N, I]."""
    gdp = state.gdp[:, :, None] * eligible(world)[None, :, :]
    return gdp / np.maximum(gdp.sum(axis=1, keepdims=True), 1e-12)


def vote_terms(world: World, state: GameState, bonus: np.ndarray,
               noise: np.ndarray) -> dict[str, np.ndarray]:
    """Utility terms of every member for every initiative: each [B, N, I]."""
    p = world.params
    f32 = np.float32
    weight = world.initiative_threat.astype(f32)  # [I, A]
    norm = np.maximum(weight.sum(axis=1), 1e-9)
    alignment = state.threat.astype(f32) @ (weight / norm[:, None]).T
    quarterly = world.initiative_cost / world.initiative_lead  # [I]
    eu_cover = np.where(world.eu_funded[None, :],
                        np.minimum(state.eu_funds[:, None] / np.maximum(quarterly, 1e-9), 1.0),
                        0.0)  # [B, I]
    # A member's expected quarterly share (GDP key among those eligible) over its money:
    # gdp_n / money_n * quarterly_i / sum of eligible GDP_i, for eligible pairs.
    elig = eligible(world)
    eligible_gdp = np.maximum(state.gdp @ elig, 1e-12)  # [B, I]
    per_gdp = quarterly[None, :] * (1 - eu_cover) / eligible_gdp  # [B, I]
    money = np.maximum(state.budget * (1 - p["upkeep_share"]), 1e-6)
    cost_ratio = ((state.gdp / money).astype(f32)[:, :, None] * per_gdp.astype(f32)[:, None, :]
                  * elig[None])
    autonomy = world.initiative_autonomy.astype(f32)[None, None, :]
    atlanticism = state.atlanticism.astype(f32)[:, :, None]
    us = state.us_commitment.astype(f32)[:, None, None]
    return {
        "threat": 1.3 * (alignment - 0.4),
        "cost": -0.9 * np.minimum(cost_ratio, f32(3.0)),
        "atlanticism": -0.7 * atlanticism * autonomy * (0.3 + 0.7 * us),
        "cohesion": np.broadcast_to((0.4 * (state.cohesion - 0.5)).astype(f32)[:, None, None],
                                    alignment.shape),
        "support": np.broadcast_to((0.3 * (state.support - 0.5)).astype(f32)[:, :, None],
                                   alignment.shape),
        "persuasion": bonus,
        "noise": noise,
    }


def intentions(world: World, utility: np.ndarray) -> np.ndarray:
    """Votes the AI would cast given total utilities [B, N, I]: YES / ABSTAIN / NO (int8).

    Outside a coalition you simply do not join (abstain rather than no); ineligible members
    abstain.
    """
    no_value = np.where((world.rule == RULE_COALITION)[None, :] | ~eligible(world), ABSTAIN, NO)
    yes_value = np.where(eligible(world), YES, ABSTAIN)
    return np.where(utility > 0, yes_value.astype(np.int8), no_value.astype(np.int8))


def proposable(world: World, state: GameState) -> np.ndarray:
    """Initiatives that may be put on the agenda this turn: [B, I]."""
    turn = state.turn + 1
    return (world.available[None, :] & (state.initiative_status == STATUS_OPEN)
            & (state.initiative_cooldown <= turn))


def presidency_pick(world: World, state: GameState, would_pass: np.ndarray,
                    utility: np.ndarray) -> np.ndarray:
    """The AI presidency tables the open initiative most likely to pass and most wanted.

    It avoids doomed votes: only proposals that the current intentions would pass qualify.
    Returns a one-hot agenda [B, I] (all false when nothing qualifies).
    """
    would_pass = would_pass & proposable(world, state)
    appeal = np.where(would_pass, np.clip(utility, 0, None).mean(axis=1), -np.inf)
    best = appeal.argmax(axis=1)
    agenda = np.zeros_like(would_pass)
    rows = np.arange(state.batch)
    agenda[rows, best] = np.isfinite(appeal[rows, best])
    return agenda


@dataclass
class CouncilSession:
    """One turn's Council: agenda, intentions and the noise drawn for it.

    The noise is drawn once when the session opens, so persuading a state or changing the
    agenda later in the phase recomputes utilities without touching the random stream. Terms
    are cached until `invalidate()` (after persuasion or a payment), which keeps a batch of
    thousands of games to one utility computation per turn.
    """

    noise: np.ndarray  # [B, N, I]
    bonus: np.ndarray  # [B, N, I] persuasion and side payments
    agenda: np.ndarray  # [B, I] bool
    human_votes: np.ndarray  # [B, N, I] int8, ABSTAIN where no human vote; see human_mask
    human_mask: np.ndarray  # [N] bool: seats whose votes come from humans
    _terms: dict[str, np.ndarray] | None = None
    _utility: np.ndarray | None = None
    _intentions: np.ndarray | None = None
    _passes: np.ndarray | None = None

    def invalidate(self) -> None:
        self._terms = None
        self._utility = None
        self._intentions = None
        self._passes = None

    def terms(self, world: World, state: GameState) -> dict[str, np.ndarray]:
        if self._terms is None:
            self._terms = vote_terms(world, state, self.bonus, self.noise)
        return self._terms

    def utility(self, world: World, state: GameState) -> np.ndarray:
        if self._utility is None:
            self._utility = sum(self.terms(world, state).values())
        return self._utility

    def intentions(self, world: World, state: GameState) -> np.ndarray:
        if self._intentions is None:
            self._intentions = intentions(world, self.utility(world, state))
        return self._intentions

    def passes(self, world: World, state: GameState) -> np.ndarray:
        """Which initiatives the current votes would adopt: [B, I] (cached like the terms)."""
        if self._passes is None or self.human_mask.any():
            self._passes = tally(world, self.votes(world, state))
        return self._passes

    def votes(self, world: World, state: GameState) -> np.ndarray:
        votes = self.intentions(world, state)
        if not self.human_mask.any():
            return votes
        return np.where(self.human_mask[None, :, None], self.human_votes, votes).astype(np.int8)


def open_session(world: World, state: GameState, rng: np.random.Generator,
                 human_mask: np.ndarray, ai_presidency: bool = True) -> CouncilSession:
    shape = (state.batch, len(world.codes), len(world.initiative_ids))
    # Uniform noise with the standard deviation `ai_noise` (cheaper to draw than a normal).
    spread = np.float32(world.params["ai_noise"] * np.sqrt(3.0))
    noise = (rng.random(shape, dtype=np.float32) * 2 - 1) * spread
    session = CouncilSession(
        noise=noise,
        bonus=np.zeros(shape, np.float32),
        agenda=np.zeros(shape[::2], bool),
        human_votes=np.zeros(shape, np.int8),
        human_mask=human_mask.astype(bool),
    )
    if ai_presidency and shape[2]:
        session.agenda = presidency_pick(world, state, session.passes(world, state),
                                         session.utility(world, state))
    return session


def close_session(world: World, state: GameState, session: CouncilSession) -> np.ndarray:
    """Hold the votes on the agenda; adopt what passes. Returns passed [B, I]."""
    p = world.params
    votes = session.votes(world, state)
    agenda = session.agenda & proposable(world, state)
    passed = session.passes(world, state) & agenda
    failed = agenda & ~passed
    yes = np.moveaxis(votes, 1, 2) == YES  # [B, I, N]
    union_measure = (world.rule != RULE_COALITION)[None, :, None] & eligible(world).T[None]
    participants = np.where(union_measure, True, yes) & passed[:, :, None]
    state.initiative_participants_mask |= participants
    state.initiative_status = np.where(passed, STATUS_ADOPTED, state.initiative_status)
    state.initiative_cooldown = np.where(failed, state.turn + 3, state.initiative_cooldown)
    state.cohesion = np.clip(
        state.cohesion + p["cohesion_adopt"] * passed.sum(axis=1)
        - p["cohesion_veto"] * failed.sum(axis=1), 0.0, 1.0)
    return passed
