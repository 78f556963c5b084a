"""Council decision rules with the real populations of the EU-27 (Eurostat, 1 Jan 2025)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from autonomy_game.engine.council import (
    ABSTAIN,
    NO,
    YES,
    qualified_majority,
    tally,
    unanimous,
)


def _yes_except(world, against: list[str]) -> np.ndarray:
    return np.array([code not in against for code in world.codes])


def test_eu27_populations_are_eurostat_2025(eu27_world):
    total = eu27_world.population.sum()
    assert 449 < total < 452  # 450.38 million on 1 Jan 2025


def test_qmv_blocked_by_germany_france_italy_and_spain(eu27_world):
    yes = _yes_except(eu27_world, ["DE", "FR", "IT", "ES"])
    assert yes.sum() == 23  # plenty of states ...
    assert not qualified_majority(yes, eu27_world.population_share)  # ... but < 65 % of people


def test_three_large_states_cannot_block_qmv_without_a_fourth(eu27_world):
    yes = _yes_except(eu27_world, ["DE", "FR", "IT"])
    population_for = (yes * eu27_world.population_share).sum()
    assert population_for < 0.65  # they hold more than 35 % of the population ...
    assert qualified_majority(yes, eu27_world.population_share)  # ... yet cannot block alone


def test_qmv_needs_55_percent_of_member_states(eu27_world):
    order = np.argsort(-eu27_world.population)  # the most populous first
    fourteen = np.zeros(27, bool)
    fourteen[order[:14]] = True
    assert (fourteen * eu27_world.population_share).sum() > 0.65
    assert not qualified_majority(fourteen, eu27_world.population_share)  # 14/27 = 51.9 %
    fifteen = fourteen.copy()
    fifteen[order[14]] = True
    assert qualified_majority(fifteen, eu27_world.population_share)  # 15/27 = 55.6 %


def test_qmv_needs_65_percent_of_population(eu27_world):
    order = np.argsort(eu27_world.population)  # the least populous first
    small = np.zeros(27, bool)
    small[order[:23]] = True  # 23 states, 4 left against: DE, FR, IT, ES
    assert (small * eu27_world.population_share).sum() < 0.65
    assert not qualified_majority(small, eu27_world.population_share)


def test_abstention_counts_against_in_qmv(eu27_world):
    yes = _yes_except(eu27_world, ["DE", "FR", "IT", "ES"])  # the four abstain, not vote no
    assert not qualified_majority(yes, eu27_world.population_share)


def test_unanimity_fails_on_one_no_but_not_on_abstention():
    votes = np.full(27, YES, np.int8)
    votes[5] = ABSTAIN
    assert unanimous(votes)
    votes[7] = NO
    assert not unanimous(votes)


def test_unanimity_needs_at_least_one_yes():
    assert not unanimous(np.full(27, ABSTAIN, np.int8))


@pytest.mark.parametrize("joined, passes", [(2, False), (3, True), (5, True)])
def test_coalition_counts_only_participants(mini, joined, passes):
    from autonomy_game.engine.world import build_world

    world = build_world(mini)  # ESSI needs 3 participants
    i = world.initiative_ids.index("essi")
    votes = np.full((1, len(world.codes), len(world.initiative_ids)), ABSTAIN, np.int8)
    votes[0, :joined, i] = YES
    assert bool(tally(world, votes)[0, i]) == passes


def test_hungary_reasons_are_recorded_term_by_term(eu27):
    """The game can say why a state votes as it does: the terms sum to its stance."""
    from autonomy_game.engine.game import Game

    game = Game(eu27, seed=3, humans=["PL"])
    game.advance()  # events -> Council
    candidate = next(i for i in eu27.initiatives if game.world.available[
        game.world.initiative_ids.index(i)])
    game.apply(__import__("autonomy_game.engine.actions", fromlist=["Propose"]).Propose(
        "PL", candidate))
    stances = {s.state: s for s in game.vote_intentions(candidate)}
    hungary = stances["HU"]
    from autonomy_game.engine.council import TERMS

    assert set(hungary.terms) == set(TERMS)
    band = game.world.params["abstain_band"]
    assert (hungary.total > band) == (hungary.vote == YES)
    assert hungary.terms["threat"] < stances["PL"].terms["threat"]  # HU fears Russia less


def test_presidency_still_tables_proposals_when_humans_hold_most_seats(eu27):
    """Human seats count with their advisor's stance when the AI presidency sets the agenda."""
    from autonomy_game.engine.game import Game

    all_ai = Game(eu27, seed=3, humans=[])
    mostly_human = Game(eu27, seed=3, humans=eu27.members[:20])
    for game in (all_ai, mostly_human):
        game.advance()  # events -> Council
    assert all_ai.agenda()
    assert mostly_human.agenda() == all_ai.agenda()


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 10_000), batch=st.integers(1, 40))
def test_ai_tally_from_the_yes_mask_equals_tallying_the_ai_votes(eu27_world, seed, batch):
    """The all-AI shortcut (counts from the yes mask, no counts from the eligible) adopts
    exactly what tallying the AI's votes under each initiative's rule adopts."""
    from autonomy_game.engine.council import eligible, intentions, tally_ai

    world = eu27_world
    rng = np.random.default_rng(seed)
    columns = np.flatnonzero(rng.random(len(world.initiative_ids)) < 0.7)
    if not len(columns):
        columns = np.arange(len(world.initiative_ids))
    # Games from hostile to unanimous, so every rule both passes and fails somewhere.
    bias = rng.uniform(-1.0, 3.0, (batch, 1, 1))
    utility = (bias + rng.normal(0.0, 0.5, (batch, len(world.codes), len(columns))))
    # Clear of the abstention band and of the veto threshold.
    utility = (utility + np.sign(utility) * 0.3).astype(np.float32)
    votes = intentions(world, utility, columns)
    yes = (utility > 0).astype(np.float32) * eligible(world)[:, columns]
    # Neutral states abstain constructively on military items instead of voting no (below
    # the one-third cap), so the no count is taken from the votes.
    no = (votes == NO).astype(np.float32)
    assert np.array_equal(tally_ai(world, yes, columns, no), tally(world, votes, columns))
    if batch >= 20:  # enough games for each rule's outcome to vary
        adopted = tally(world, votes, columns)
        assert adopted.any() and not adopted.all()


@settings(max_examples=30, deadline=None)
@given(seed=st.integers(0, 10_000), batch=st.integers(1, 30))
def test_session_counts_adopt_what_tallying_the_votes_adopts(eu27_world, seed, batch):
    """The session's float32 counts (abstentions included) decide as `tally` does."""
    from autonomy_game.engine.council import count_and_decide, intentions

    world = eu27_world
    rng = np.random.default_rng(seed)
    columns = np.arange(len(world.initiative_ids))
    bias = rng.uniform(-1.0, 2.0, (batch, 1, 1))
    utility = (bias + rng.normal(0.0, 0.3, (batch, len(world.codes), len(columns))))
    votes = intentions(world, utility.astype(np.float32), columns)
    assert (votes == ABSTAIN).any()
    assert np.array_equal(count_and_decide(world, votes, columns), tally(world, votes, columns))
