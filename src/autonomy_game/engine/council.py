"""The Council: decision rules, vote intentions and their reasons.

Each state's stance on an initiative is a utility with named terms (threat alignment, cost
share against budget, Atlanticism, cohesion, public support, persuasion, noise). The terms are
kept, not just the sum, so the game can say *why* a state voted no. The decision rules are the
Treaty's, in `engine/treaty.py`: QMV and reinforced QMV among the participants, unanimity with
constructive abstention, PESCO projects by unanimity of the PESCO states, and coalitions of
the willing (participants only).
"""

from __future__ import annotations

from dataclasses import dataclass
from types import ModuleType

import numpy as np

from autonomy_game.engine import kernels, treaty
from autonomy_game.engine.causes import mark, recording, split
from autonomy_game.engine.money import contribution_key
from autonomy_game.engine.reductions import rows_matmul, sum_last, sum_members
from autonomy_game.engine.state import STATUS_ADOPTED, STATUS_DELIVERED, STATUS_OPEN, GameState
from autonomy_game.engine.streams import CounterStream
from autonomy_game.engine.world import DECLARED_CODES, RULE_COALITION, World

QMV_STATE_SHARE = treaty.QMV_STATES[0] / treaty.QMV_STATES[1]
QMV_POPULATION_SHARE = treaty.QMV_PEOPLE[0] / treaty.QMV_PEOPLE[1]
YES, ABSTAIN, NO, CONSTRUCTIVE = treaty.YES, treaty.ABSTAIN, treaty.NO, treaty.CONSTRUCTIVE
# Threat alignment: a state backs a measure against a threat it feels above this level and
# is, below it, mildly against spending on someone else's fears.
THREAT_WEIGHT, THREAT_INDIFFERENCE = 1.2, 0.3
# Atlanticists resist measures that build autonomy from the U.S. (buy-European conditions).
ATLANTICISM_WEIGHT = 0.45
TERMS = ("threat", "cost", "funding", "industry", "atlanticism", "position", "cohesion",
         "support", "consensus", "reciprocity", "linkage", "persuasion", "noise")


def qualified_majority(yes: np.ndarray, population_share: np.ndarray) -> np.ndarray:
    """QMV of the full Council (TEU 16(4)) over the last axis of `yes` (bool [..., N]):
    every member takes part; abstaining counts as not yes."""
    members = yes.shape[-1]
    flat = yes.reshape(-1, members).astype(np.float64)
    yes_states = sum_last(flat).reshape(yes.shape[:-1])
    yes_population = rows_matmul(flat, population_share).reshape(yes.shape[:-1])
    everyone = np.ones(members, bool)
    return treaty.qualified_majority(yes_states, yes_population, members,
                                     population_share.sum(),
                                     treaty.blocking_minority(population_share, everyone))


def unanimous(votes: np.ndarray) -> np.ndarray:
    """Unanimity (TFEU 238(4), TEU 31(1)) of all members, votes [..., N]: no one votes no,
    someone votes yes, and constructive abstainers stay below a third of the members or of
    the population (counted here by members only, every member weighing the same)."""
    members = votes.shape[-1]
    constructive = sum_last(votes == CONSTRUCTIVE)
    return treaty.unanimity(sum_last(votes == YES), sum_last(votes == NO), constructive,
                            constructive, members, members)


def decide(world: World, cols: np.ndarray, yes_states: np.ndarray, yes_people: np.ndarray,
           no_states: np.ndarray, constructive_states: np.ndarray | None = None,
           constructive_people: np.ndarray | None = None) -> np.ndarray:
    """Apply each initiative's Treaty rule (`world.rules`, see `engine/treaty.py`) to the
    counts of its participants (each [B, C] for initiatives `cols`).

    `yes_people` is in the thousands of `world.people`: whole numbers, so the population test
    is exact however the counts were summed.
    """
    return treaty.adopted(world.rules, cols, yes_states, yes_people, no_states,
                          constructive_states, constructive_people)


def tally(world: World, votes: np.ndarray, columns: np.ndarray | None = None) -> np.ndarray:
    """Which proposals pass: votes [B, N, I] -> bool [B, I].

    With `columns`, `votes` holds only those initiatives (their indices, in order). Only each
    initiative's participants are counted (the PESCO states for a PESCO item). Counts are
    taken over the member axis where it lies, not after moving it last: the copy that moving
    it needs costs more than the counting. Counts add int8 (exact: at most N members).
    """
    cols = np.arange(len(world.initiative_ids)) if columns is None else columns
    taking_part = world.rules.participants[:, cols][None]
    yes = (votes == YES) & taking_part
    no = (votes == NO) & taking_part
    yes_count = np.add.reduce(yes.view(np.int8), axis=1, dtype=np.int8).astype(np.float64)
    no_count = np.add.reduce(no.view(np.int8), axis=1, dtype=np.int8).astype(np.float64)
    yes_people = np.einsum("bnc,n->bc", yes, world.people)
    constructive = (votes == CONSTRUCTIVE) & taking_part
    if not constructive.any():
        return decide(world, cols, yes_count, yes_people, no_count)
    return decide(world, cols, yes_count, yes_people, no_count,
                  np.add.reduce(constructive.view(np.int8), axis=1,
                                dtype=np.int8).astype(np.float64),
                  np.einsum("bnc,n->bc", constructive, world.people))


def tally_ai(world: World, yes: np.ndarray, columns: np.ndarray,
             no: np.ndarray | None = None) -> np.ndarray:
    """`tally` for AI votes only, from the yes mask [B, N, C] float32 (1.0 = yes).

    An AI state that takes part votes yes or no on a Union measure, and yes or abstains on a
    coalition or a PESCO project (those not taking part abstain): so, unless the no mask `no`
    is given, the no count is the participant count minus the yes count, and one product
    with [1, people] gives yes states and yes people at once. Counts and people are whole
    numbers well below 2**24, so float32 sums are exact.
    """
    weights = np.stack([np.ones(len(world.codes)), world.people]).astype(np.float32)
    counts = weights @ yes  # [2, N] @ [B, N, C] -> [B, 2, C]
    yes_states = counts[:, 0].astype(np.float64)
    if no is None:
        kind = world.rules.kind[columns]
        union = (kind != treaty.COALITION) & (kind != treaty.PESCO_PROJECT)
        no_states = np.where(union[None, :], world.rules.members[columns][None, :] - yes_states,
                             0.0)
    else:
        no_states = sum_members(no).astype(np.float64)
    return decide(world, columns, yes_states, counts[:, 1].astype(np.float64), no_states)


def allowed_votes(world: World, initiative: int) -> tuple[int, ...]:
    """The votes a participant may cast: yes, abstain, no, and under unanimity (a CFSP
    decision or a PESCO project) a constructive abstention (TEU 31(1), second subparagraph)."""
    if world.rules.kind[initiative] in (treaty.UNANIMITY, treaty.PESCO_PROJECT):
        return (YES, ABSTAIN, CONSTRUCTIVE, NO)
    return (YES, ABSTAIN, NO)


def eligible(world: World) -> np.ndarray:
    """Who may take part in each initiative: [N, I] (PESCO items: the PESCO members)."""
    return world.rules.participants


def expected_shares(world: World, state: GameState) -> np.ndarray:
    """Each member's expected cost share of each initiative by the GNI key the bills use
    (`money.contribution_key`): [B, N, I]."""
    key = contribution_key(world, state)[:, :, None] * eligible(world)[None, :, :]
    return key / np.maximum(key.sum(axis=1, keepdims=True), 1e-12)


def _threat_weights(world: World, cols: np.ndarray) -> np.ndarray:
    """Each initiative's threat axes, normalised to sum 1: [A, C] float32."""
    weight = world.initiative_threat[cols].astype(np.float32)  # [C, A]
    norm = np.maximum(weight.sum(axis=1), 1e-9)
    return (weight / norm[:, None]).T


def _cost_factors(world: World, state: GameState, cols: np.ndarray
                  ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The cost term's factors: key / money [B, N], € per unit of key [B, C], eligibility
    [N, C].

    A member's expected quarterly share over its money is key_n / money_n * quarterly_i /
    sum of eligible keys_i, for eligible pairs. The key is the one the bills are cut by:
    GNI (`money.contribution_key`), so Ireland weighs what it will really pay.
    """
    key = contribution_key(world, state)
    money = np.maximum(state.budget * (1 - world.params["upkeep_share"]), 1e-6)
    return ((key / money).astype(np.float32), *_cost_per_key(world, state, cols, key))


def _cost_per_key(world: World, state: GameState, cols: np.ndarray, key: np.ndarray
                  ) -> tuple[np.ndarray, np.ndarray]:
    """`_cost_factors` but key / money: € per unit of key [B, C] float32, eligibility [N, C];
    `key` is `contribution_key`."""
    quarterly = world.initiative_cost[cols] / world.initiative_lead[cols]  # [C]
    eu_cover = np.where(world.eu_funded[cols][None, :],
                        np.minimum(state.eu_funds[:, None] / np.maximum(quarterly, 1e-9), 1.0),
                        0.0)  # [B, C]
    elig = eligible(world)[:, cols]
    eligible_key = np.maximum(rows_matmul(key, elig), 1e-12)  # [B, C]
    per_key = quarterly[None, :] * (1 - eu_cover) / eligible_key
    return per_key.astype(np.float32), elig


def _atlanticism_factor(state: GameState) -> np.ndarray:
    """Atlanticism weighed by how much the U.S. still counts: [B, N] float32."""
    us = state.us_commitment.astype(np.float32)[:, None]
    return state.atlanticism.astype(np.float32) * (0.3 + 0.7 * us)


def funding_term(world: World, state: GameState, cols: np.ndarray) -> np.ndarray | None:
    """Money a state receives from the instrument (its `beneficiaries`: SAFE loans, grants):
    [B, N, C] float32, or None when no open initiative pays anyone.

    Weighed against the state's annual defence budget and saturating (r / (r + 0.5)): €1 bn
    means much to Latvia and little to Germany, and a loan worth two years of budget is not
    worth twice one worth a year.
    """
    received = world.beneficiaries[cols].T  # [N, C]
    if not received.any():
        return None
    annual = np.maximum(state.budget * 4.0, 1e-6)[:, :, None]
    ratio = received[None, :, :] / annual
    return (world.params["funding_weight"] * ratio / (ratio + 0.5)).astype(np.float32)


def _industry_ratios(world: World, state: GameState) -> tuple[np.ndarray, np.ndarray]:
    """Each state's share of the work over its share of the bill (GNI key), capped at twice a
    fair share and halved (0..1): by defence industry and by 155 mm capacity, each [B, N]."""
    key = contribution_key(world, state)
    fair = np.maximum(key / np.maximum(key.sum(axis=1, keepdims=True), 1e-12), 1e-12)
    shells = state.shell_capacity / np.maximum(state.shell_capacity.sum(axis=1, keepdims=True),
                                               1e-12)
    by_industry = np.minimum(world.industry[None, :] / fair, 2.0) / 2.0
    by_shells = np.minimum(shells / fair, 2.0) / 2.0
    return by_industry, by_shells


def _industry_weights(world: World, cols: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The industry term's weight per column, for the industry key and the shell key: [C] each."""
    weight = world.params["industry_weight"] * world.initiative_autonomy[cols]
    builds_shells = world.deliver_shells[cols] > 0
    return weight * ~builds_shells, weight * builds_shells


def industry_term(world: World, state: GameState, cols: np.ndarray) -> np.ndarray:
    """Industrial return: where the European-built part of the deliveries is made: [B, N, C].

    A state's share of the work (its share of the EU's defence industry, or of its 155 mm
    capacity for an initiative that builds shell capacity) over its share of the bill (its
    GNI key share), capped at twice a fair share: juste retour. The European-built part is the
    initiative's `autonomy`. Only positive: a state without industry is not against joint
    buying for that reason, it simply gains nothing from it.
    """
    by_industry, by_shells = _industry_ratios(world, state)
    w_industry, w_shells = _industry_weights(world, cols)
    return (by_industry[:, :, None] * w_industry + by_shells[:, :, None] * w_shells
            ).astype(np.float32)


def _reciprocity_counts(world: World, state: GameState) -> tuple[np.ndarray, np.ndarray]:
    """Measures adopted so far that pay each member [B, N], and that are EU-funded and built
    mostly in Europe [B] (float64 counts, exact)."""
    adopted = (state.initiative_status >= STATUS_ADOPTED).astype(np.float64)  # [B, I]
    paid = adopted @ (world.beneficiaries > 0).astype(np.float64)  # [B, N]
    eu_built = adopted @ (world.eu_funded & (world.initiative_autonomy >= 0.5)).astype(float)
    return paid, eu_built


def reciprocity_term(world: World, state: GameState) -> np.ndarray:
    """Goodwill for the Union's measures: [B, N] float32.

    A state that has gained money (it is a beneficiary) or work (an EU-funded measure built
    where its industry is at least its fair share) from measures already adopted returns the
    favour on the next ones, up to two measures' worth.
    """
    paid, eu_built = _reciprocity_counts(world, state)
    key = contribution_key(world, state)
    builder = world.industry[None, :] >= key / np.maximum(key.sum(axis=1, keepdims=True), 1e-12)
    count = np.minimum(paid + eu_built[:, None] * builder, 2.0)
    return (world.params["reciprocity_weight"] * count).astype(np.float32)


def consensus_term(world: World, partial: np.ndarray, cols: np.ndarray) -> np.ndarray:
    """The Council's consensus habit: [B, N, C] float32.

    States rarely vote against a Union measure that nearly everyone else backs: the pull
    grows from nothing at half the eligible members in favour (by the other terms) to
    `consensus_weight` when all are. Coalitions are not majorities: no pull there.
    """
    band = world.params["abstain_band"]
    elig = eligible(world)[:, cols]
    yes = np.greater(partial, band).astype(np.float32)
    yes *= elig
    count = np.ones(partial.shape[1], np.float32) @ yes  # [B, C]
    share = count / np.maximum(elig.sum(axis=0), 1)[None, :]
    pull = world.params["consensus_weight"] * np.clip(2.0 * share - 1.0, 0.0, 1.0)
    kind = world.rules.kind[cols]
    union = (kind == treaty.QMV) | (kind == treaty.REINFORCED_QMV) | (kind == treaty.UNANIMITY)
    pull *= union[None, :]
    return pull.astype(np.float32)[:, None, :] * elig[None].astype(np.float32)


def linkage_term(world: World, state: GameState, utility: np.ndarray, cols: np.ndarray,
                 human_mask: np.ndarray | None = None) -> np.ndarray:
    """Issue linkage: a lone blocker trades its veto for a concession: [B, N, C] float32.

    Under unanimity, when exactly one AI state would veto (utility below `veto_threshold`;
    neutral states abstain constructively on military items instead) and its deficit is
    within `linkage_reach`, the presidency buys its vote with a concession (released funds, a
    favour elsewhere: `linkage_price` € bn of common funds, paid on adoption, and the state
    gains political capital). The term lifts it just past yes, and the reasons show it as a
    trade. Without enough common funds to pay, there is no deal and the veto stands.
    """
    p = world.params
    band = p["abstain_band"]
    link = np.zeros(utility.shape, np.float32)
    unanimity = np.flatnonzero(world.rules.kind[cols] == treaty.UNANIMITY)
    if not len(unanimity) or p["linkage_reach"] <= 0:
        return link
    u = utility[:, :, unanimity]
    elig = eligible(world)[:, cols[unanimity]]
    no = (u < -p["veto_threshold"]) & elig[None]
    # Neutral states abstain constructively on military items rather than veto them.
    military = world.rules.military[cols[unanimity]]
    no &= ~(world.neutral[:, None] & military[None, :])[None]
    if human_mask is not None and human_mask.any():
        no &= ~human_mask[None, :, None]  # a human seat makes its own deals
    lone = no.sum(axis=1) == 1  # [B, U]
    deficit = np.where(no, -u, 0.0).max(axis=1)  # [B, U]
    affordable = state.eu_funds >= p["linkage_price"]  # [B]
    deal = lone & (deficit <= p["linkage_reach"]) & affordable[:, None]
    link[:, :, unanimity] = np.where(no & deal[:, None, :], -u + band + 0.01, 0.0)
    return link


def declared_votes(state: GameState, cols: np.ndarray) -> np.ndarray:
    """Votes states declared through events on the open columns: [B, N, C] int8 code."""
    return state.declared[:, :, cols]


def vote_terms(world: World, state: GameState, bonus: np.ndarray, noise: np.ndarray,
               columns: np.ndarray | None = None,
               human_mask: np.ndarray | None = None) -> dict[str, np.ndarray]:
    """Utility terms of every member for each initiative in `columns`: each [B, N, C].

    `bonus` and `noise` are given for those columns too. Without `columns`, all initiatives.
    The terms are named (TERMS) so the game can say why a state votes as it does; consensus
    and linkage are read from the other terms (how the rest of the table leans).
    """
    f32 = np.float32
    cols = np.arange(len(world.initiative_ids)) if columns is None else columns
    alignment = np.swapaxes(state.threat, 1, 2).astype(f32) @ _threat_weights(world, cols)
    ratio, per_key, elig = _cost_factors(world, state, cols)
    cost_ratio = ratio[:, :, None] * per_key[:, None, :] * elig[None]
    autonomy = world.initiative_autonomy[cols].astype(f32)[None, None, :]
    shape = alignment.shape
    funding = funding_term(world, state, cols)
    terms = {
        "threat": THREAT_WEIGHT * (alignment - THREAT_INDIFFERENCE),
        "cost": -0.9 * np.minimum(cost_ratio, f32(3.0)),
        "funding": np.zeros(shape, f32) if funding is None else funding,
        "industry": industry_term(world, state, cols),
        "atlanticism": -ATLANTICISM_WEIGHT * _atlanticism_factor(state)[:, :, None] * autonomy,
        "position": np.broadcast_to(world.positions[cols].T.astype(f32)[None], shape),
        "cohesion": np.broadcast_to((0.4 * (state.cohesion - 0.5)).astype(f32)[:, None, None],
                                    shape),
        "support": np.broadcast_to((0.3 * (state.support - 0.5)).astype(f32)[:, :, None],
                                   shape),
        "reciprocity": np.broadcast_to(reciprocity_term(world, state)[:, :, None], shape),
        "persuasion": bonus,
        "noise": noise,
    }
    partial = sum(np.asarray(t, f32) for t in terms.values())
    terms["consensus"] = consensus_term(world, partial, cols)
    partial = partial + terms["consensus"]
    terms["linkage"] = linkage_term(world, state, partial, cols, human_mask)
    return {t: terms[t] for t in TERMS}


def vote_utility(world: World, state: GameState, bonus: np.ndarray | None, noise: np.ndarray,
                 columns: np.ndarray, human_mask: np.ndarray | None = None) -> np.ndarray:
    """The sum of `vote_terms` without building each term: [B, N, C] float32."""
    return utility_and_linkage(world, state, bonus, noise, columns, human_mask)[0]


def utility_and_linkage(world: World, state: GameState, bonus: np.ndarray | None,
                        noise: np.ndarray, columns: np.ndarray,
                        human_mask: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """The sum of `vote_terms` without building each term: [B, N, C] float32.

    A Monte Carlo batch needs only the total, and each [B, N, C] term is tens of MB. Threat,
    Atlanticism, reciprocity and the per-member constants are linear in small per-member
    inputs, so one matrix product gives them all; noise, persuasion, cost, funding, industry,
    then consensus and linkage (which read the rest) are added in place. `bonus` may be None
    (no persuasion anywhere).
    """
    f32 = np.float32
    b = state.batch
    compiled = kernels.council(b, len(columns))
    if compiled is not None:
        key = contribution_key(world, state)
        inputs, ratio = _compiled_inputs(compiled, world, state, key)
    else:
        inputs = _stance_inputs(world, state)
    w_industry, w_shells = _industry_weights(world, columns)
    weights = np.vstack([THREAT_WEIGHT * _threat_weights(world, columns),
                         world.initiative_autonomy[columns].astype(f32)[None, :],
                         np.ones((1, len(columns)), f32),
                         w_industry.astype(f32)[None, :], w_shells.astype(f32)[None, :]])
    total = inputs @ weights  # game by game (stacked): the same bits in any batch
    if compiled is not None:
        per_key, elig = _cost_per_key(world, state, columns, key)
        return _compiled_tail(compiled, world, state, total, bonus, noise, columns, ratio,
                              per_key, elig, human_mask)
    ratio, per_key, elig = _cost_factors(world, state, columns)
    total += noise
    if bonus is not None:
        total += bonus
    cost = np.einsum("bn,bc->bnc", ratio, per_key * f32(0.9))  # the outer product, fastest
    outside = np.nonzero(~elig)  # few (member, initiative) pairs: PESCO projects only
    cost[:, outside[0], outside[1]] = 0.0
    np.minimum(cost, f32(0.9 * 3.0), out=cost)
    total -= cost
    paying = np.flatnonzero(world.beneficiaries[columns].any(axis=1))
    if len(paying):
        total[:, :, paying] += funding_term(world, state, columns[paying])
    positions = world.positions[columns].T.astype(f32)  # [N, C]
    if positions.any():
        total += positions
    total += consensus_term(world, total, columns)
    link = linkage_term(world, state, total, columns, human_mask)
    total += link
    return total, link


def _stance_inputs(world: World, state: GameState) -> np.ndarray:
    """The per-member inputs of `utility_and_linkage`'s matrix product: [B, N, A + 4]
    float32 (threat axes, Atlanticism, the per-member constants with reciprocity, the
    industry and shell ratios)."""
    b, a, n = state.threat.shape
    by_industry, by_shells = _industry_ratios(world, state)
    inputs = np.empty((b, n, a + 4), np.float32)
    inputs[:, :, :a] = np.swapaxes(state.threat, 1, 2)
    inputs[:, :, a] = -ATLANTICISM_WEIGHT * _atlanticism_factor(state)
    inputs[:, :, a + 1] = (THREAT_WEIGHT * -THREAT_INDIFFERENCE + 0.4
                           * (state.cohesion[:, None] - 0.5)
                           + 0.3 * (state.support - 0.5) + reciprocity_term(world, state))
    inputs[:, :, a + 2] = by_industry
    inputs[:, :, a + 3] = by_shells
    return inputs


def _compiled_inputs(compiled: ModuleType, world: World, state: GameState, key: np.ndarray
                     ) -> tuple[np.ndarray, np.ndarray]:
    """`_stance_inputs` and the cost term's key / money [B, N] float32 by the compiled
    kernel (engine/kernels): the same arrays from one pass over the members instead of some
    thirty [B, N] numpy passes. The row sums stay numpy's (its pairwise summation). `key`
    is `contribution_key`."""
    b, a, n = state.threat.shape
    inputs = np.empty((b, n, a + 4), np.float32)
    ratio = np.empty((b, n), np.float32)
    f64 = np.float64
    compiled.stance_inputs(
        np.ascontiguousarray(state.threat, f64), np.ascontiguousarray(state.atlanticism, f64),
        np.ascontiguousarray(state.us_commitment, f64),
        np.ascontiguousarray(state.cohesion, f64), np.ascontiguousarray(state.support, f64),
        np.ascontiguousarray(key, f64), np.ascontiguousarray(key.sum(axis=1), f64),
        np.ascontiguousarray(state.shell_capacity, f64),
        np.ascontiguousarray(state.shell_capacity.sum(axis=1), f64),
        *_reciprocity_counts(world, state), np.ascontiguousarray(world.industry, f64),
        np.ascontiguousarray(state.budget, f64),
        float(1 - world.params["upkeep_share"]), float(world.params["reciprocity_weight"]),
        float(THREAT_WEIGHT * -THREAT_INDIFFERENCE), np.float32(0.3), np.float32(0.7),
        np.float32(-ATLANTICISM_WEIGHT), inputs, ratio)
    return inputs, ratio


def _compiled_tail(compiled: ModuleType, world: World, state: GameState, total: np.ndarray,
                   bonus: np.ndarray | None, noise: np.ndarray, columns: np.ndarray,
                   ratio: np.ndarray, per_key: np.ndarray, elig: np.ndarray,
                   human_mask: np.ndarray | None) -> tuple[np.ndarray, np.ndarray]:
    """The rest of `utility_and_linkage` by the compiled kernel (engine/kernels): the same
    arrays, in one pass over [B, N, C] instead of some twenty."""
    f32 = np.float32
    p = world.params
    paying = np.flatnonzero(world.beneficiaries[columns].any(axis=1))
    funded = np.full(len(columns), -1, np.int64)
    funded[paying] = np.arange(len(paying))
    funding = (funding_term(world, state, columns[paying]) if len(paying)
               else np.zeros((1, 1, 1), f32))
    positions = np.ascontiguousarray(world.positions[columns].T, dtype=f32)
    kind = world.rules.kind[columns]
    union = (kind == treaty.QMV) | (kind == treaty.REINFORCED_QMV) | (kind == treaty.UNANIMITY)
    unanimity = kind == treaty.UNANIMITY
    blocked = world.neutral[:, None] & world.rules.military[columns][None, :]
    if human_mask is not None and human_mask.any():
        blocked = blocked | human_mask[:, None]
    link = np.empty_like(total)
    compiled.stance_tail(
        total, np.ascontiguousarray(noise, f32),
        np.zeros((1, 1, 1), f32) if bonus is None else np.ascontiguousarray(bonus, f32),
        bonus is not None, np.ascontiguousarray(ratio), per_key * f32(0.9),
        f32(0.9 * 3.0), np.ascontiguousarray(elig), funding, funded, positions,
        bool(positions.any()), f32(p["abstain_band"]), float(p["consensus_weight"]), union,
        np.maximum(elig.sum(axis=0), 1).astype(np.int64), unanimity,
        bool(unanimity.any() and p["linkage_reach"] > 0), f32(-p["veto_threshold"]),
        np.ascontiguousarray(blocked), state.eu_funds >= p["linkage_price"],
        f32(p["linkage_reach"]), f32(0.01), link)
    return total, link


def intentions(world: World, utility: np.ndarray, columns: np.ndarray | None = None,
               declared: np.ndarray | None = None,
               all_declared: np.ndarray | None = None) -> np.ndarray:
    """Votes the AI would cast given total utilities [B, N, C]: YES / ABSTAIN / NO (int8).

    Ambivalent states (|utility| within `abstain_band`) abstain; under unanimity that does
    not block (TFEU 238(4)). A neutral state against a military measure under unanimity
    abstains constructively instead of vetoing it (TEU 31(1)), as Austria, Ireland and Malta
    do on the Peace Facility's arms. Outside a coalition you simply do not join (abstain rather than
    no); ineligible members abstain. A vote a state has declared (`declared` [B, N, C] codes,
    see world.DECLARED_CODES) replaces its stance; or `all_declared` [B, N, I] for every
    initiative (`state.declared`), read for the columns only.
    """
    cols = np.arange(len(world.initiative_ids)) if columns is None else columns
    band = world.params["abstain_band"]
    elig = eligible(world)[:, cols]
    no_value = np.where((world.rule[cols] == RULE_COALITION)[None, :] | ~elig, ABSTAIN,
                        NO).astype(np.int8)
    yes_value = np.where(elig, YES, ABSTAIN).astype(np.int8)
    compiled = kernels.council(utility.shape[0], len(cols))
    if compiled is not None:
        if declared is None and all_declared is not None:
            return _compiled_votes(compiled, world, utility, cols, all_declared, cols,
                                   yes_value, no_value)
        return _compiled_votes(compiled, world, utility, cols, declared,
                               np.arange(len(cols)), yes_value, no_value)
    if declared is None and all_declared is not None:
        declared = all_declared[:, :, cols]
    votes = np.greater(utility, band).view(np.int8) * yes_value
    votes += np.less(utility, -band).view(np.int8) * no_value
    unanimity = np.flatnonzero(world.rules.kind[cols] == treaty.UNANIMITY)
    if len(unanimity):
        # A veto is a strong act: under unanimity a state only mildly against abstains,
        # which does not block (TFEU 238(4)); it vetoes below `veto_threshold`.
        sub = votes[:, :, unanimity]
        mild = (sub == NO) & (utility[:, :, unanimity] >= -world.params["veto_threshold"])
        sub[mild] = ABSTAIN
        votes[:, :, unanimity] = sub
    military = np.flatnonzero(world.rules.military[cols]
                              & (world.rules.kind[cols] == treaty.UNANIMITY))
    if len(military) and world.neutral.any():
        # The neutral states (AT, IE, MT) do not block military measures they will not fund:
        # they abstain constructively (TEU 31(1)) and so do not pay (TEU 41(2)).
        sub = votes[:, :, military]
        sub[(sub == NO) & world.neutral[None, :, None]] = CONSTRUCTIVE
        votes[:, :, military] = sub
    if declared is not None and declared.any():
        code = declared
        votes = np.where(code == DECLARED_CODES["yes"], yes_value[None], votes)
        votes = np.where(code == DECLARED_CODES["no"], no_value[None], votes)
        votes = np.where(code == DECLARED_CODES["abstain"], np.int8(ABSTAIN), votes)
        # A formal declaration (TEU 31(1)) where the rule knows it, a plain abstention else.
        kind = world.rules.kind[cols]
        constructive = np.where((kind == treaty.UNANIMITY) | (kind == treaty.PESCO_PROJECT),
                                CONSTRUCTIVE, ABSTAIN).astype(np.int8)
        votes = np.where(code == DECLARED_CODES["constructive-abstention"], constructive[None],
                         votes)
        votes = votes.astype(np.int8)
    return votes


def _compiled_votes(compiled: ModuleType, world: World, utility: np.ndarray, cols: np.ndarray,
                    declared: np.ndarray | None, declared_cols: np.ndarray,
                    yes_value: np.ndarray, no_value: np.ndarray) -> np.ndarray:
    """`intentions` by the compiled kernel (engine/kernels): the same votes in one pass;
    column c's declared votes are `declared[:, :, declared_cols[c]]` (no gather)."""
    f32 = np.float32
    p = world.params
    kind = world.rules.kind[cols]
    unanimity = kind == treaty.UNANIMITY
    military = world.rules.military[cols] & unanimity
    neutral_military = (world.neutral[:, None] & military[None, :]) if world.neutral.any() \
        else np.zeros((len(world.codes), len(cols)), bool)
    constructive = np.where(unanimity | (kind == treaty.PESCO_PROJECT), CONSTRUCTIVE,
                            ABSTAIN).astype(np.int8)
    has_declared = declared is not None and bool(declared.any())
    votes = np.empty(utility.shape, np.int8)
    # C order: the value tables come out of a column gather in Fortran order, and numba
    # compiles a strided (10x slower, unvectorised) loop for those.
    compiled.votes_from_stances(
        np.ascontiguousarray(utility, f32), np.ascontiguousarray(yes_value),
        np.ascontiguousarray(no_value), f32(p["abstain_band"]),
        f32(-p["abstain_band"]), unanimity, f32(-p["veto_threshold"]),
        np.ascontiguousarray(neutral_military),
        np.ascontiguousarray(declared) if has_declared else np.zeros((1, 1, 1), np.int8),
        np.ascontiguousarray(declared_cols, np.int64), has_declared, constructive, votes)
    return votes


def joinable(world: World, state: GameState, member: int) -> np.ndarray:
    """PESCO projects that `member` may ask to join in each game: [B, I]. Adopted, not yet
    delivered, the member a PESCO state and not already in."""
    return ((world.rules.kind == treaty.PESCO_PROJECT)[None, :]
            & world.rules.participants[member][None, :]
            & (state.initiative_status == STATUS_ADOPTED)
            & ~state.initiative_participants_mask[:, :, member])


def admit_to_project(world: World, state: GameState, initiative: int,
                     applicant: int) -> np.ndarray:
    """A state asks to join an adopted PESCO project; its members decide by QMV among
    themselves (TEU 46(3) applied to the project, TFEU 238(3)(a)). Returns admitted [B].

    A member votes yes while it still wants the project (its stance without the session's
    noise or persuasion is positive): a newcomer takes a share of the cost. An admitted state
    pays its GNI-key share from the next quarter and shares what the project delivers.
    """
    members = state.initiative_participants_mask[:, initiative, :]  # [B, N]
    stance = project_stances(world, state, np.array([initiative]))[:, :, 0]
    admitted = treaty.admission(members & (stance > 0), members, world.people)
    admitted &= joinable(world, state, applicant)[:, initiative]
    state.initiative_participants_mask[admitted, initiative, applicant] = True
    return admitted


def project_stances(world: World, state: GameState, columns: np.ndarray) -> np.ndarray:
    """Each member's stance on PESCO projects `columns` without the session's noise or
    persuasion: [B, N, C] float32 (how it would vote on the project now)."""
    calm = np.zeros((state.batch, len(world.codes), len(columns)), np.float32)
    return vote_utility(world, state, None, calm, columns)


PESCO_REVIEW = 4  # quarters between the Council's updates of PESCO projects' participants


def pesco_review_due(state: GameState) -> bool:
    """Whether this quarter's Council updates the PESCO projects' participants: the Council
    updates the list of projects and their participants about once a year, so the AI's
    requests to join (`ai_join_projects`) come in every fourth quarter of play."""
    return state.turn % PESCO_REVIEW == PESCO_REVIEW - 1


def ai_join_projects(world: World, state: GameState, ai_mask: np.ndarray) -> np.ndarray:
    """AI states outside an adopted PESCO project ask to join it when it now serves them (their
    stance is above `abstain_band`: they would vote yes); the project's members admit them by
    QMV among themselves (TEU 46(3) applied to the project, TFEU 238(3)(a)), each member voting
    yes while it still wants the project. Returns who was admitted [B, I, N].

    Stances move with threats, money and the table (a state that stayed out of Sky Shield in
    2022 may want in after the drones of 2025); requests are read over the batch, one PESCO
    project at a time (there are few).
    """
    admitted = np.zeros(state.initiative_participants_mask.shape, bool)
    pesco = np.flatnonzero(world.rules.kind == treaty.PESCO_PROJECT)
    if not len(pesco) or not ai_mask.any():
        return admitted
    running = state.initiative_status[:, pesco] == STATUS_ADOPTED  # [B, C]
    if not running.any():
        return admitted
    cols = pesco[running.any(axis=0)]
    stance = project_stances(world, state, cols)
    band = world.params["abstain_band"]
    for c, i in enumerate(cols):
        members = state.initiative_participants_mask[:, i, :]  # [B, N]
        asking = ((state.initiative_status[:, i] == STATUS_ADOPTED)[:, None] & ~members
                  & (world.rules.participants[:, i] & ai_mask)[None, :]
                  & (stance[:, :, c] > band))
        if not asking.any():
            continue
        yes = treaty.admission(members & (stance[:, :, c] > 0), members, world.people)  # [B]
        admitted[:, i, :] = asking & yes[:, None]
        state.initiative_participants_mask[:, i, :] |= admitted[:, i, :]
    return admitted


def meets_commitments(world: World, state: GameState) -> np.ndarray:
    """Whether each member still meets PESCO's binding commitment to raise defence budgets
    (Protocol No 10, Article 2(a): regularly increasing defence budgets in real terms): its
    defence spending, as a share of GDP, is at least where the scenario started it: [B, N]."""
    start = np.array([world.scenario.states[c].defence_pct for c in world.codes], float)
    return state.defence_pct >= start[None, :] - 1e-9


def suspend_from_project(world: World, state: GameState, initiative: int, target: int,
                         proposer: int, votes: np.ndarray | None = None) -> np.ndarray:
    """A project member asks the Council to suspend another that no longer meets the
    commitments: QMV among the participants other than the state concerned (TEU 46(4),
    TFEU 238(3)(a)). The proposer votes yes; the others by `votes` [B, N] bool when given
    (human seats), else yes while they still want the project. Only a member failing the
    commitments (`meets_commitments`) can be suspended. Returns suspended [B]; a suspended
    state leaves the project (it no longer pays, nor shares what it delivers)."""
    members = state.initiative_participants_mask[:, initiative, :]
    if votes is None:
        votes = project_stances(world, state, np.array([initiative]))[:, :, 0] > 0
    votes = votes.copy()
    votes[:, proposer] = True
    suspended = treaty.suspension(votes & members, members, world.people, target)
    suspended &= members[:, target] & members[:, proposer] & ~meets_commitments(
        world, state)[:, target]
    state.initiative_participants_mask[suspended, initiative, target] = False
    return suspended


def proposable(world: World, state: GameState) -> np.ndarray:
    """Initiatives that may be put on the agenda this turn: [B, I]."""
    turn = state.turn + 1
    ready = (world.available[None, :] & (state.initiative_status == STATUS_OPEN)
             & (state.initiative_cooldown <= turn))
    if world.requires.any():
        # A step before another (data sharing before joint interceptors): the prerequisites
        # must have been delivered.
        # Counted as one float32 product (exact: at most I prerequisites), not a [B, I, I]
        # boolean temporary.
        undelivered = (state.initiative_status < STATUS_DELIVERED).astype(np.float32)
        missing = undelivered @ world.requires.T.astype(np.float32)
        ready &= missing == 0.0
    return ready


def mean_support(utility: np.ndarray) -> np.ndarray:
    """How much the table wants each item: the members' mean positive utility [B, C]."""
    return sum_members(np.clip(utility, 0, None)) / utility.shape[1]


def presidency_pick(world: World, state: GameState, would_pass: np.ndarray,
                    utility: np.ndarray, columns: np.ndarray,
                    wanted: np.ndarray | None = None) -> np.ndarray:
    """The AI presidency tables the open initiative most likely to pass and most wanted.

    It avoids doomed votes: only proposals that the current intentions would pass qualify.
    `would_pass` is [B, I]; `utility` [B, N, C] for `columns`. Returns a one-hot agenda [B, I]
    (all false when nothing qualifies). `wanted` is `mean_support(utility)` if the caller
    has it (the session keeps it).
    """
    agenda = np.zeros(would_pass.shape, bool)
    if not len(columns):
        return agenda
    qualifies = (would_pass & proposable(world, state))[:, columns]
    appeal = np.where(qualifies, mean_support(utility) if wanted is None else wanted, -np.inf)
    best = appeal.argmax(axis=1)
    rows = np.arange(state.batch)
    agenda[rows, columns[best]] = np.isfinite(appeal[rows, best])
    return agenda


def pesco_picks(world: World, state: GameState, session: CouncilSession) -> np.ndarray:
    """PESCO projects launched beside the presidency's one Council item: [B, I].

    A PESCO project is decided by the PESCO participating states alone (TEU 46(6)) and run
    by those who join it: it needs partners, not the presidency's one slot on the agenda.
    Up to `pesco_slots` a quarter (0 by default) are launched, the most wanted first, each
    only where it would pass (no PESCO state against, enough participants); like the
    presidency's own item, one that would no longer pass is withdrawn without a vote.
    """
    slots = int(world.params["pesco_slots"])
    agenda = np.zeros(session.agenda.shape, bool)
    if slots <= 0 or not len(session.columns):
        return agenda
    project = np.zeros(session.agenda.shape[1], bool)
    cols = session.columns
    project[cols] = (world.rule[cols] == RULE_COALITION) & world.pesco_only[cols]
    would = session.passes(world, state) & project[None, :]
    utility = session.utility(world, state)
    wanted = session.wanted(world, state)
    for _ in range(slots):
        pick = presidency_pick(world, state, would & ~session.agenda & ~agenda, utility, cols,
                               wanted)
        if not pick.any():
            break
        agenda |= pick
    return agenda


def count_and_decide(world: World, votes: np.ndarray, columns: np.ndarray) -> np.ndarray:
    """`tally` for the session's columns from votes [B, N, C]: with float32 yes and no masks
    through `tally_ai` (exact, and faster than counting int8), or through `tally` itself when
    someone abstains constructively."""
    compiled = kernels.council(votes.shape[0], len(columns))
    if compiled is not None:
        rules, f64 = world.rules, np.float64
        by_all = np.empty(votes.shape[::2], bool)
        by_participants = np.empty_like(by_all)
        if compiled.count_and_decide(
                np.ascontiguousarray(votes, np.int8),
                np.ascontiguousarray(rules.participants[:, columns]),
                np.asarray(world.people, f64), np.ascontiguousarray(rules.kind[columns]),
                np.ascontiguousarray(rules.members[columns], f64),
                np.ascontiguousarray(rules.people[columns], f64),
                np.ascontiguousarray(rules.blocking[columns], f64),
                np.ascontiguousarray(rules.min_participants[columns], f64),
                by_all, by_participants):
            return by_participants
        return by_all
    if (votes == CONSTRUCTIVE).any():
        return tally(world, votes, columns)
    yes = (votes == YES).astype(np.float32)
    no = (votes == NO).astype(np.float32)
    return tally_ai(world, yes, columns, no)


@dataclass
class CouncilSession:
    """One turn's Council: agenda, intentions and the noise drawn for it.

    The noise is drawn once when the session opens, so persuading a state or changing the
    agenda later in the phase recomputes utilities without touching the random stream. Stances
    are computed only for `columns`, the initiatives still open somewhere (an adopted or
    unavailable one is never voted on), and cached until `invalidate()` (after persuasion or a
    payment): a batch of thousands of games costs one utility computation per turn.
    """

    columns: np.ndarray  # [C] initiative indices with stances this turn
    noise: np.ndarray  # [B, N, C]
    bonus: np.ndarray | None  # [B, N, I] persuasion and side payments; None until the first
    agenda: np.ndarray  # [B, I] bool
    human_votes: np.ndarray  # [B, N, I] int8; used for seats in human_mask
    human_mask: np.ndarray  # [N] bool: seats whose votes come from humans
    presidency_tabled: np.ndarray | None = None  # [B, I] bool: items the AI presidency tabled
    _terms: dict[str, np.ndarray] | None = None
    _utility: np.ndarray | None = None
    _link: np.ndarray | None = None
    _intentions: np.ndarray | None = None
    _passes: np.ndarray | None = None
    _wanted: np.ndarray | None = None

    def invalidate(self) -> None:
        self._terms = None
        self._utility = None
        self._link = None
        self._intentions = None
        self._passes = None
        self._wanted = None

    def wanted(self, world: World, state: GameState) -> np.ndarray:
        """`mean_support` of the current utility [B, C] (cached like the utility)."""
        if self._wanted is None:
            self._wanted = mean_support(self.utility(world, state))
        return self._wanted

    def add_bonus(self, member: int, initiative: int, amount: float) -> None:
        """Persuasion or a side payment moves one member's stance (game 0 of the batch)."""
        if self.bonus is None:
            self.bonus = np.zeros((*self.noise.shape[:2], self.agenda.shape[1]), np.float32)
        self.bonus[0, member, initiative] += amount
        self.invalidate()

    def column_bonus(self) -> np.ndarray | None:
        """Persuasion and payments for the session's columns [B, N, C], None if none."""
        return None if self.bonus is None else self.bonus[:, :, self.columns]

    def column(self, initiative: int) -> int:
        """Position of an initiative in the session's columns (ValueError if not open)."""
        found = np.flatnonzero(self.columns == initiative)
        if not len(found):
            raise ValueError("that initiative is not open for a vote this turn")
        return int(found[0])

    def terms(self, world: World, state: GameState) -> dict[str, np.ndarray]:
        """Utility terms [B, N, C] for the session's columns."""
        if self._terms is None:
            bonus = self.column_bonus()
            if bonus is None:
                bonus = np.zeros_like(self.noise)
            self._terms = vote_terms(world, state, bonus, self.noise, self.columns,
                                     self.human_mask)
        return self._terms

    def utility(self, world: World, state: GameState) -> np.ndarray:
        """Total utility [B, N, C]: the terms' sum if they are at hand, else computed fused."""
        if self._utility is None:
            if self._terms is not None:
                terms = iter(self._terms.values())
                total = np.array(next(terms), dtype=np.float32)  # a fresh array, summed in place
                for term in terms:
                    total += term
                self._link = self._terms["linkage"]
            else:
                total, self._link = utility_and_linkage(world, state, self.column_bonus(),
                                                        self.noise, self.columns,
                                                        self.human_mask)
            self._utility = total
        return self._utility

    def intentions(self, world: World, state: GameState) -> np.ndarray:
        """The AI's votes for the session's columns: [B, N, C]."""
        if self._intentions is None:
            self._intentions = intentions(world, self.utility(world, state), self.columns,
                                          all_declared=state.declared)
        return self._intentions

    def votes(self, world: World, state: GameState) -> np.ndarray:
        """Every member's vote on every initiative: [B, N, I] (abstain where none is open)."""
        votes = np.full(self.human_votes.shape, ABSTAIN, np.int8)
        votes[:, :, self.columns] = self.intentions(world, state)
        if self.human_mask.any():
            votes = np.where(self.human_mask[None, :, None], self.human_votes, votes)
        return votes.astype(np.int8)

    def column_votes(self, world: World, state: GameState) -> np.ndarray:
        """Votes for the session's columns only: [B, N, C]."""
        votes = self.intentions(world, state)
        if self.human_mask.any():
            human = self.human_votes[:, :, self.columns]
            votes = np.where(self.human_mask[None, :, None], human, votes).astype(np.int8)
        return votes

    def yes_votes(self, world: World, state: GameState) -> np.ndarray:
        """Who votes yes on the session's columns: [B, N, C] bool."""
        return self.column_votes(world, state) == YES

    def linkage(self, world: World, state: GameState) -> np.ndarray:
        """The issue-linkage term of the current utility [B, N, C] float32 (> 0 where a
        vote is bought with a concession)."""
        self.utility(world, state)
        assert self._link is not None
        return self._link

    def traded(self, world: World, state: GameState) -> np.ndarray:
        """Who trades its vote for a concession (issue linkage) on the session's columns and
        votes yes for it: [B, N, C] bool."""
        return (self.linkage(world, state) > 0) & (self.column_votes(world, state) == YES)

    def passes(self, world: World, state: GameState) -> np.ndarray:
        """Which initiatives the current votes would adopt: [B, I] (cached like the terms).

        Counts every vote, abstentions included (they count as not yes under QMV and do not
        block under unanimity).
        """
        if self._passes is None or self.human_mask.any():
            adopted = count_and_decide(world, self.column_votes(world, state), self.columns)
            self._passes = np.zeros(self.agenda.shape, bool)
            self._passes[:, self.columns] = adopted
        return self._passes


def uniform_noise(rng: CounterStream | np.random.Generator, shape: tuple[int, ...], spread: float,
                  batch_axis: int = 0, keep: np.ndarray | None = None) -> np.ndarray:
    """Uniform noise with standard deviation `spread`, float32, from 16-bit draws: the AI's
    taste in votes and in national orders.

    65 536 levels are far finer than any difference a choice turns on, and drawing 16-bit
    integers takes half the time of float32 (at B = 10 000 the Council alone draws some five
    million numbers a turn). A session draws its noise once, when it opens, so persuasion or
    a changed agenda later in the phase never touches the random stream.

    The batch lies on `batch_axis`. `keep` (indices into the last axis) keeps only those
    entries: the draw covers the whole last axis, so an entry's number does not depend on
    which others are kept (the Council's open columns depend on the whole batch).
    """
    if isinstance(rng, CounterStream):
        compiled = kernels.council(shape[batch_axis], shape[-1])
        if compiled is not None and (keep is None or batch_axis == 0):
            return _compiled_noise(compiled, rng, shape, spread, batch_axis, keep)
        levels = rng.levels16(shape, batch_axis)
    else:  # a plain numpy Generator (tests and tools that bring their own numbers)
        levels = rng.integers(0, 1 << 16, shape, dtype=np.uint16)
    if keep is not None and len(keep) != shape[-1]:
        levels = levels[..., keep]
    half_width = spread * np.sqrt(3.0)
    # Cast and scaled in one pass (the same float32 products as casting first).
    noise = np.multiply(levels, np.float32(2.0 * half_width / ((1 << 16) - 1)),
                        dtype=np.float32)
    noise -= np.float32(half_width)
    return noise


def _compiled_noise(compiled: ModuleType, rng: CounterStream, shape: tuple[int, ...],
                    spread: float, batch_axis: int, keep: np.ndarray | None) -> np.ndarray:
    """`uniform_noise` by the compiled kernel (engine/kernels): the same numbers, hashed
    and scaled in one pass, only for the entries kept."""
    batch = shape[batch_axis]
    rest = shape[:batch_axis] + shape[batch_axis + 1:]
    wanted = np.arange(int(np.prod(rest, dtype=np.int64)), dtype=np.int64).reshape(rest)
    if keep is not None and len(keep) != shape[-1]:
        wanted = wanted[..., keep]
    half_width = spread * np.sqrt(3.0)
    out = np.empty((batch, *wanted.shape), np.float32)
    compiled.noise_levels(rng.game_keys(batch), wanted.ravel(),
                          np.float32(2.0 * half_width / ((1 << 16) - 1)),
                          np.float32(half_width), out.reshape(batch, -1))
    if batch_axis:
        out = np.ascontiguousarray(np.moveaxis(out, 0, batch_axis))
    return out


def open_session(world: World, state: GameState, rng: CounterStream | np.random.Generator,
                 human_mask: np.ndarray, ai_presidency: bool = True,
                 known_votes: np.ndarray | None = None) -> CouncilSession:
    """Open a turn's Council. Human seats start from their advisor's stance, or from
    `known_votes` ([B, N, I], read for the seats in `human_mask`) when their positions are
    known before the agenda is set: the presidency counts them when it picks an item."""
    batch, members, count = state.batch, len(world.codes), len(world.initiative_ids)
    available = np.flatnonzero(world.available)
    still_open = (state.initiative_status[:, available] == STATUS_OPEN).any(axis=0)
    columns = available[still_open]
    session = CouncilSession(
        columns=columns,
        noise=uniform_noise(rng, (batch, members, len(available)), world.params["ai_noise"],
                            keep=np.flatnonzero(still_open)),
        bonus=None,
        agenda=np.zeros((batch, count), bool),
        human_votes=np.zeros((batch, members, count), np.int8),
        human_mask=human_mask.astype(bool),
    )
    if session.human_mask.any():
        # Human seats start from their advisor's stance, so the presidency counts them as such.
        session.human_votes[:, :, session.columns] = session.intentions(world, state)
        if known_votes is not None:
            session.human_votes[:, human_mask, :] = known_votes[:, human_mask, :]
    if ai_presidency:
        session.agenda = presidency_pick(world, state, session.passes(world, state),
                                         session.utility(world, state), session.columns,
                                         session.wanted(world, state))
        session.agenda |= pesco_picks(world, state, session)
    session.presidency_tabled = session.agenda.copy()
    if state.tabled.any():
        # Items an event put on the agenda (`table("ID")`) are voted on whatever their odds:
        # a member state or a crisis forced the question, so no one withdraws it.
        forced = state.tabled & proposable(world, state)
        session.agenda |= forced
        state.tabled &= ~forced
    return session


def failed_vote_cost(world: World) -> dict[str, float]:
    """What a proposal that is voted down costs: the Union's cohesion, and each state that
    voted no its political capital and some public support at home (for the Council screen,
    before a seat proposes)."""
    p = world.params
    return {"cohesion": p["cohesion_veto"], "capital": p["veto_capital"],
            "support": p["veto_support"]}


def _record_votes(state: GameState, votes: np.ndarray, games: np.ndarray, columns: np.ndarray,
                  cols: np.ndarray) -> np.ndarray:
    """Keep each state's vote (a constructive abstention as an abstention) in
    `state.last_vote` [B, N, I] for the items voted on: the (game, column) pairs `games`,
    `columns` [K] of the session's `cols`. Returns their votes [K, N].

    One gather and one scatter over the pairs (mostly one item per game), instead of
    copying the [B, N, C] block out and back."""
    cast = votes[games, :, columns]
    state.last_vote[games, :, cols[columns]] = np.where(cast == CONSTRUCTIVE, ABSTAIN, cast)
    return cast


def _join_adopted(world: World, state: GameState, session: CouncilSession,
                  games: np.ndarray, columns: np.ndarray, cast: np.ndarray) -> None:
    """The participants of the measures adopted in the (game, column) pairs `games`,
    `columns` [K] (their votes `cast` [K, N]): every eligible member for a Union measure,
    the yes-voters of a coalition. Issue linkage's concessions are paid from common funds.

    The participants are set for all pairs at once (each pair is one game's item); the
    concessions column by column, in the session's order, as each changes a game's funds."""
    cols = session.columns
    items = cols[columns]
    coalition = world.rule[items] == RULE_COALITION
    # TEU 41(2): a state that abstained constructively (TEU 31(1)) does not pay for an
    # operation with military implications (nor receive from it).
    military = world.rules.military[items]
    union = eligible(world)[:, items].T & ~(military[:, None] & (cast == CONSTRUCTIVE))
    state.initiative_participants_mask[games, items] |= np.where(coalition[:, None],
                                                                 cast == YES, union)
    # `session.traded`: only a unanimity item's vote can be bought (`linkage_term`).
    deals = np.zeros(cast.shape, bool)
    unanimity = np.flatnonzero(world.rules.kind[items] == treaty.UNANIMITY)
    if len(unanimity):
        link = session.linkage(world, state)
        deals[unanimity] = ((link[games[unanimity], :, columns[unanimity]] > 0)
                            & (cast[unanimity] == YES))
    if not deals.any():
        return
    price = world.params["linkage_price"]
    for c in np.unique(columns[deals.any(axis=1)]):
        pick = columns == c
        rows, bought = games[pick], deals[pick]
        state.capital[rows] += bought
        state.eu_funds[rows] = np.maximum(state.eu_funds[rows] - price * bought.sum(axis=1),
                                          0.0)


def _no_votes_on_failed(votes: np.ndarray, failed: np.ndarray
                        ) -> tuple[np.ndarray, np.ndarray]:
    """Who voted no on the items that failed, from votes [B, N, C] and `failed` [B, C]:
    (the games where something failed [R], their no votes [R, N, C] bool). Worked out only
    in those games (few: the presidency tables what has the votes)."""
    rows = np.flatnonzero(failed.any(axis=1))
    return rows, (votes[rows] == NO) & failed[rows][:, None, :]


def close_session(world: World, state: GameState, session: CouncilSession) -> np.ndarray:
    """Hold the votes on the agenda; adopt what passes. Returns passed [B, I].

    The presidency withdraws its own items that would now fail (a seat changed its vote after
    they were tabled): no vote, no cost, tabled again later; it tables in their place the next
    item that has the votes. A member's proposal is put to the
    vote; if it fails, the states that voted no pay the political price (capital and support)
    and the Union loses a little cohesion. Concessions bought by issue linkage are paid from
    common funds; constructive abstainers do not take part (and so do not pay, TEU 41(2)).
    """
    p = world.params
    mark(state, "Council negotiations")
    agenda = session.agenda & proposable(world, state)
    would = session.passes(world, state)
    tabled = session.presidency_tabled
    withdrawn = agenda & ~would & (tabled if tabled is not None else False)
    agenda &= ~withdrawn
    rows = withdrawn.any(axis=1)
    if rows.any():
        # In its place the presidency tables the next item that has the votes, if any.
        spare = would & ~withdrawn & ~agenda
        spare[~rows] = False
        agenda |= presidency_pick(world, state, spare, session.utility(world, state),
                                  session.columns, session.wanted(world, state))
    passed = would & agenda
    failed = agenda & ~passed
    cols = session.columns
    voted = (passed | failed)[:, cols]  # [B, C]
    votes = session.column_votes(world, state) if voted.any() else None
    if votes is not None:
        games, columns = np.nonzero(voted)
        cast = _record_votes(state, votes, games, columns, cols)
        adopted = passed[games, cols[columns]]
        if adopted.any():
            _join_adopted(world, state, session, games[adopted], columns[adopted],
                          cast[adopted])
    mark(state, "concessions bought by issue linkage")
    if failed[:, cols].any():
        rows, against = _no_votes_on_failed(votes, failed[:, cols])
        counted = against.sum(axis=2)
        blockers = np.zeros(state.capital.shape, counted.dtype)  # [B, N]
        blockers[rows] = counted
        state.capital = np.maximum(state.capital - p["veto_capital"] * blockers, 0.0)
        state.support = np.clip(state.support - p["veto_support"] * blockers, 0.0, 1.0)
        if recording(state):
            no_votes = np.zeros(votes.shape, bool)  # [B, N, C]
            no_votes[rows] = against
            split(state, {f"voted no on {world.scenario.initiatives[world.initiative_ids[i]].name}"
                          " (failed)": no_votes[:, :, c] for c, i in enumerate(cols)},
                  ("support",))
    state.initiative_status = np.where(passed, STATUS_ADOPTED, state.initiative_status)
    state.initiative_cooldown = np.where(failed, state.turn + 3, state.initiative_cooldown)
    state.initiative_cooldown = np.where(withdrawn, state.turn + 2, state.initiative_cooldown)
    mark(state, "Council votes")
    state.cohesion = np.clip(
        state.cohesion + p["cohesion_adopt"] * passed.sum(axis=1)
        - p["cohesion_veto"] * failed.sum(axis=1), 0.0, 1.0)
    if recording(state):
        parts: dict[str, np.ndarray] = {}
        for i in np.flatnonzero((passed | failed).any(axis=0)):
            name = world.scenario.initiatives[world.initiative_ids[i]].name
            parts[f"vote on {name}: adopted"] = p["cohesion_adopt"] * passed[:, i]
            parts[f"vote on {name}: failed"] = -p["cohesion_veto"] * failed[:, i]
        split(state, parts, ("cohesion",), amounts=True)
        split(state, parts, ("deterrence",))
        mark(state, "Council votes")
    return passed
