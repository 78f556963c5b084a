"""The Treaty's voting rules (engine/treaty.py), each test citing its article, with the real
populations of the EU-27 base data (Eurostat, 1 Jan 2025)."""

from __future__ import annotations

import copy
import dataclasses

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from autonomy_game.engine import treaty
from autonomy_game.engine.council import close_session, open_session, tally
from autonomy_game.engine.state import new_state
from autonomy_game.engine.treaty import ABSTAIN, CONSTRUCTIVE, NO, YES
from autonomy_game.engine.world import build_world


def _mask(world, codes) -> np.ndarray:
    return np.array([c in codes for c in world.codes])


def _count(world, kind, votes: dict[str, int], participants=None, default=NO, minimum=1):
    """Count a vote: members named in `votes` vote so, the rest `default`."""
    ballot = np.array([votes.get(c, default) for c in world.codes], np.int8)
    taking_part = np.ones(len(world.codes), bool) if participants is None else participants
    return treaty.count(kind, ballot, taking_part, world.people, world.codes, minimum)


def _variant(scenario, initiative: str, **changes):
    """The scenario with one initiative changed (a copy; the session fixture stays intact)."""
    changed = copy.copy(scenario)
    changed.initiatives = {**scenario.initiatives,
                           initiative: dataclasses.replace(scenario.initiatives[initiative],
                                                           **changes)}
    return build_world(changed)


# --- QMV among participants: TEU 16(4), TFEU 238(3)(a) -----------------------------------------

FIVE_AGAINST = ["BE", "DE", "ES", "SE", "SI"]  # 34.97 % of the PESCO states' population


def test_pesco_qmv_21_of_26_holding_65_03_percent_of_their_population_passes_tfeu_238_3_a(
        eu27_world):
    """TFEU 238(3)(a): among the 26 PESCO states, 21 holding 65.03 % of *their* population
    form a qualified majority, although they hold only 64.95 % of the whole Union's."""
    world = eu27_world
    pesco = world.pesco
    assert pesco.sum() == 26 and not pesco[world.codes.index("MT")]
    yes = pesco & ~_mask(world, FIVE_AGAINST)
    assert yes.sum() == 21
    share_of_pesco = world.people[yes].sum() / world.people[pesco].sum()
    assert 0.6503 <= share_of_pesco < 0.6504
    assert world.people[yes].sum() / world.people.sum() < 0.65  # the old engine's denominator
    votes = {c: YES for c, y in zip(world.codes, yes) if y}
    result = _count(world, treaty.QMV, votes, participants=pesco)
    assert result.adopted and result.states_needed == 15
    # The same votes counted over the full Council fail on population.
    assert not _count(world, treaty.QMV, votes).adopted


def test_council_tallies_a_pesco_qmv_item_among_the_pesco_states_tfeu_238_3_a(eu27):
    """TFEU 238(3)(a) through the Council's own tally: a qmv item flagged pesco counts the 26
    PESCO states and their population, and Malta's vote does not count."""
    world = _variant(eu27, "pesco_crrt", rule="qmv", proposed_by="commission")
    i = world.initiative_ids.index("pesco_crrt")
    votes = np.full((1, len(world.codes), len(world.initiative_ids)), ABSTAIN, np.int8)
    votes[0, :, i] = np.where(world.pesco & ~_mask(world, FIVE_AGAINST), YES, NO)
    assert tally(world, votes)[0, i]
    votes[0, world.codes.index("MT"), i] = YES  # not a participant: changes nothing
    assert tally(world, votes)[0, i]
    votes[0, world.codes.index("AT"), i] = NO  # 20 of 26 with 63 % of their population
    assert not tally(world, votes)[0, i]


def test_full_council_blocking_minority_is_four_states_teu_16_4(eu27_world):
    """TEU 16(4) writes four; the 238(3)(a) formula (the fewest members holding more than
    35 % of the population, plus one) gives four for the real 27: DE+FR hold 33.8 %."""
    everyone = np.ones(27, bool)
    assert int(treaty.blocking_minority(eu27_world.people, everyone)) == 4
    assert eu27_world.rules.blocking[eu27_world.rules.kind == treaty.QMV].tolist() == [4.0] * int(
        (eu27_world.rules.kind == treaty.QMV).sum())


def test_seven_state_tutorial_blocking_minority_is_computed_not_fixed_at_four_tfeu_238_3_a():
    """TFEU 238(3)(a) in the tutorial's Council of seven (DE FR PL IT ES NL EE): Germany and
    France hold more than 35 % of the seven's population, so three states can block, and then
    the population test decides."""
    from autonomy_game.scenario.validate import load_scenario

    world = build_world(load_scenario("tutorial"))
    everyone = np.ones(len(world.codes), bool)
    assert int(treaty.blocking_minority(world.people, everyone)) == 3
    safe = world.initiative_ids.index("safe_loans")
    assert world.rules.kind[safe] == treaty.QMV and world.rules.blocking[safe] == 3
    votes = {"PL": YES, "ES": YES, "NL": YES, "EE": YES}  # 4 of 7, 33 % of the people
    result = _count(world, treaty.QMV, votes)
    assert result.yes_population_share < 0.65 and len(result.yes_states) >= result.states_needed
    assert not result.adopted  # DE, FR, IT are a blocking minority of three
    # With a fixed minority of four the three could not have blocked it.
    assert len(result.no_states) < 4


def test_without_a_blocking_minority_qmv_is_deemed_attained_tfeu_238_3_a(eu27_world):
    """TFEU 238(3)(a), last sentence: three large states hold more than 35 % but are one state
    short of a blocking minority, so the qualified majority is deemed attained."""
    result = _count(eu27_world, treaty.QMV, {"DE": NO, "FR": NO, "IT": NO}, default=YES)
    assert result.yes_population_share < 0.65 and result.adopted
    assert "deemed attained" in result.reason


# --- Reinforced QMV: TFEU 238(2), 238(3)(b) -----------------------------------------------------

def test_reinforced_qmv_needs_72_percent_of_the_states_tfeu_238_2(eu27_world):
    """TFEU 238(2): without a Commission or High Representative proposal, 72 % of the members
    (20 of 27) are needed; 19 states holding well over 65 % pass ordinary QMV but not this."""
    order = np.argsort(-eu27_world.population)
    nineteen = {eu27_world.codes[n]: YES for n in order[:19]}
    ordinary = _count(eu27_world, treaty.QMV, nineteen)
    reinforced = _count(eu27_world, treaty.REINFORCED_QMV, nineteen)
    assert ordinary.adopted and ordinary.yes_population_share > 0.9
    assert not reinforced.adopted and reinforced.states_needed == 20
    twenty = {**nineteen, eu27_world.codes[order[19]]: YES}
    assert _count(eu27_world, treaty.REINFORCED_QMV, twenty).adopted


def test_qmv_item_proposed_by_member_states_is_reinforced_tfeu_238_2(eu27):
    """An initiative declares its proposer; a qmv item of the member states is tallied under
    reinforced QMV (TFEU 238(2)), a Commission one under TEU 16(4)."""
    commission = build_world(eu27)
    states = _variant(eu27, "asap_production", proposed_by="member-states")
    i = commission.initiative_ids.index("asap_production")
    assert commission.rules.kind[i] == treaty.QMV
    assert states.rules.kind[i] == treaty.REINFORCED_QMV
    order = np.argsort(-commission.population)
    votes = np.full((1, 27, len(commission.initiative_ids)), NO, np.int8)
    votes[0, order[:19], i] = YES
    assert tally(commission, votes)[0, i] and not tally(states, votes)[0, i]


# --- Unanimity and constructive abstention: TFEU 238(4), TEU 31(1), TEU 41(2) -------------------

def test_abstention_does_not_block_unanimity_tfeu_238_4(eu27_world):
    result = _count(eu27_world, treaty.UNANIMITY, {"HU": ABSTAIN, "SK": ABSTAIN}, default=YES)
    assert result.adopted
    assert not _count(eu27_world, treaty.UNANIMITY, {"HU": NO}, default=YES).adopted


def test_constructive_abstention_of_a_third_of_states_and_population_blocks_teu_31_1(
        eu27_world):
    """TEU 31(1), second subparagraph: abstainers with a formal declaration representing at
    least one third of the states (9 of 27) comprising at least one third of the population
    stop the decision; either third alone does not."""
    world = eu27_world
    order = np.argsort(-world.population)
    big_nine = {world.codes[n]: CONSTRUCTIVE for n in order[:9]}  # 9 states, 79 % of people
    small_nine = {world.codes[n]: CONSTRUCTIVE for n in order[-9:]}  # 9 states, 4 % of people
    big_eight = {world.codes[n]: CONSTRUCTIVE for n in order[:8]}  # 8 states, 77 %
    assert not _count(world, treaty.UNANIMITY, big_nine, default=YES).adopted
    assert _count(world, treaty.UNANIMITY, small_nine, default=YES).adopted
    assert _count(world, treaty.UNANIMITY, big_eight, default=YES).adopted


def test_constructive_abstainer_pays_nothing_for_a_military_operation_teu_41_2(eu27_world):
    """TEU 41(2): a state that abstained constructively on the EPF top-up (a measure with
    military implications) is no participant of it and pays none of its cost; a plain
    abstainer pays its GDP share."""
    from autonomy_game.engine.resolution import _fund_initiatives

    world = eu27_world
    i = world.initiative_ids.index("epf_ukraine_topup")
    hu = world.codes.index("HU")
    assert world.rules.military[i]
    paid = {}
    for vote in (CONSTRUCTIVE, ABSTAIN):
        state = new_state(world, 1)
        state.eu_funds[:] = 0.0  # no common money: the states pay it all
        session = open_session(world, state, np.random.default_rng(0),
                               np.ones(len(world.codes), bool), ai_presidency=False)
        session.agenda[0, i] = True
        session.human_votes[0, :, i] = YES
        session.human_votes[0, hu, i] = vote
        assert close_session(world, state, session)[0, i]
        assert state.initiative_participants_mask[0, i, hu] == (vote == ABSTAIN)
        members, _ = _fund_initiatives(world, state, state.budget * 10.0)
        paid[vote] = members[0]
    assert paid[CONSTRUCTIVE][hu] == 0.0 and paid[ABSTAIN][hu] > 0.0
    assert paid[CONSTRUCTIVE].sum() == pytest.approx(paid[ABSTAIN].sum())  # others pay more


def test_constructive_abstention_is_a_vote_only_under_unanimity_teu_31_1(eu27):
    from autonomy_game.engine import actions as A
    from autonomy_game.engine.game import Game

    game = Game(eu27, seed=1, humans=["HU", "PL"])
    game.advance()  # events -> Council
    game.apply(A.Propose("PL", "epf_ukraine_topup"))
    game.apply(A.Propose("HU", "asap_production"))
    game.apply(A.Vote("HU", "epf_ukraine_topup", CONSTRUCTIVE))
    assert A.Vote("HU", "epf_ukraine_topup", CONSTRUCTIVE) in game.legal_actions("HU")
    with pytest.raises(A.IllegalAction):
        game.apply(A.Vote("HU", "asap_production", CONSTRUCTIVE))


# --- PESCO: TEU 46(6), 46(3), 46(4) ------------------------------------------------------------

def test_pesco_project_is_vetoed_by_one_pesco_state_teu_46_6(eu27_world):
    """TEU 46(6): PESCO decisions need the unanimity of the participating states only; those
    voting yes form the project. Abstaining does not block; Malta (outside PESCO) cannot."""
    world = eu27_world
    i = world.initiative_ids.index("pesco_crrt")
    assert world.rules.kind[i] == treaty.PESCO_PROJECT
    votes = np.full((1, 27, len(world.initiative_ids)), ABSTAIN, np.int8)
    votes[0, _mask(world, ["LT", "EE", "NL", "HR", "PL"]), i] = YES
    assert tally(world, votes)[0, i]
    votes[0, world.codes.index("MT"), i] = NO
    assert tally(world, votes)[0, i]  # not a participating state
    votes[0, world.codes.index("HU"), i] = NO
    assert not tally(world, votes)[0, i]


def test_pesco_project_needs_its_minimum_membership_teu_46_6(eu27_world):
    i = eu27_world.initiative_ids.index("pesco_crrt")  # needs three
    votes = np.full((1, 27, len(eu27_world.initiative_ids)), ABSTAIN, np.int8)
    votes[0, _mask(eu27_world, ["LT", "EE"]), i] = YES
    assert not tally(eu27_world, votes)[0, i]


def test_joining_an_adopted_pesco_project_needs_qmv_of_its_members_teu_46_3(eu27_world):
    """TEU 46(3), applied to a project: its members admit a newcomer by QMV among themselves
    (TFEU 238(3)(a)): 55 % of the members holding 65 % of their population."""
    world = eu27_world
    members = _mask(world, ["DE", "FR", "IT", "ES", "NL", "PL", "BE", "SE"])
    assert int(treaty.blocking_minority(world.people, members)) == 3  # DE+FR hold 45 %
    for yes, admitted in ((["DE", "FR", "IT", "NL", "BE"], True),  # 5 of 8, 71 %
                          (["IT", "ES", "NL", "BE", "SE"], False),  # 44 %; DE FR PL block
                          (["IT", "ES", "NL", "PL", "BE", "SE"], True),  # 55 %, 2 against:
                          # too few to block, so the majority is deemed attained
                          (["DE", "FR", "IT", "ES"], False)):  # 4 of 8 states
        assert bool(treaty.admission(_mask(world, yes), members, world.people)) == admitted
    outsider_yes = _mask(world, ["IT", "ES", "NL", "BE", "SE", "PT", "CZ", "AT"])
    assert not treaty.admission(outsider_yes, members, world.people)  # only members count


def test_suspension_leaves_out_the_state_concerned_teu_46_4(eu27_world):
    """TEU 46(4): the Council suspends a participating state by QMV of the participants
    other than the state concerned, whose vote is not counted."""
    world = eu27_world
    hu = world.codes.index("HU")
    yes = world.pesco.copy()
    yes[_mask(world, ["SK", "AT", "CY", "IE", "LU", "SI", "BG", "HR", "GR", "PT", "CZ"])] = False
    # 14 of the 25 others vote yes: 56 % of them, holding enough of the population.
    assert bool(treaty.suspension(yes, world.pesco, world.people, hu))
    yes_with_hu = yes.copy()
    yes_with_hu[hu] = True  # HU's own vote would not help: it is not counted
    assert (treaty.suspension(yes_with_hu, world.pesco, world.people, hu)
            == treaty.suspension(yes, world.pesco, world.people, hu))
    yes[world.codes.index("PL")] = False  # 13 of 25: short of 55 %
    assert not bool(treaty.suspension(yes, world.pesco, world.people, hu))


# --- Invariants ---------------------------------------------------------------------------------

_KINDS = st.sampled_from([treaty.QMV, treaty.REINFORCED_QMV, treaty.UNANIMITY,
                          treaty.COALITION, treaty.PESCO_PROJECT])
_VOTES = st.lists(st.sampled_from([YES, ABSTAIN, NO, CONSTRUCTIVE]), min_size=27, max_size=27)


@settings(max_examples=300, deadline=None)
@given(kind=_KINDS, votes=_VOTES, taking_part=st.lists(st.booleans(), min_size=27, max_size=27),
       flip=st.integers(0, 26), minimum=st.integers(1, 6))
def test_an_extra_yes_vote_never_turns_adopted_into_rejected(eu27_world, kind, votes,
                                                             taking_part, flip, minimum):
    """Monotonicity of every rule (TEU 16(4), TFEU 238, TEU 31(1), TEU 46(6)): a member
    switching to yes never undoes an adoption."""
    world = eu27_world
    participants = np.array(taking_part)
    ballot = np.array(votes, np.int8)
    before = treaty.count(kind, ballot, participants, world.people, world.codes, minimum)
    ballot[flip] = YES
    after = treaty.count(kind, ballot, participants, world.people, world.codes, minimum)
    assert after.adopted or not before.adopted


def _old_full_council_qmv(yes: np.ndarray, share: np.ndarray) -> bool:
    """The engine's rule before participants: 55 % of 27, 65 % of the EU, four to block."""
    states = yes.sum()
    return bool(states >= 0.55 * 27 - 1e-9
                and ((yes * share).sum() >= 0.65 - 1e-9 or 27 - states < 4))


@settings(max_examples=300, deadline=None)
@given(yes=st.lists(st.booleans(), min_size=27, max_size=27))
def test_qmv_over_all_27_equals_the_full_council_rule_teu_16_4(eu27_world, yes):
    """QMV among participants (TFEU 238(3)(a)) with every member taking part is exactly the
    full Council's QMV of TEU 16(4)."""
    mask = np.array(yes)
    result = _count(eu27_world, treaty.QMV, {c: YES for c, y in zip(eu27_world.codes, mask)
                                              if y})
    assert result.adopted == _old_full_council_qmv(mask, eu27_world.population_share)


@settings(max_examples=100, deadline=None)
@given(seed=st.integers(0, 10_000), batch=st.integers(1, 20))
def test_batched_tally_equals_counting_each_vote_alone(eu27_world, seed, batch):
    """The Council's batched tally and the calculator's one-vote count apply the same rules
    (constructive abstentions included) to every initiative."""
    world = eu27_world
    rng = np.random.default_rng(seed)
    votes = rng.choice(np.array([YES, ABSTAIN, NO, CONSTRUCTIVE], np.int8),
                       (batch, 27, len(world.initiative_ids)), p=[0.7, 0.1, 0.1, 0.1])
    adopted = tally(world, votes)
    for b in range(batch):
        for i in range(len(world.initiative_ids)):
            one = treaty.count(int(world.rules.kind[i]), votes[b, :, i],
                               world.rules.participants[:, i], world.people, world.codes,
                               int(world.min_participants[i]))
            assert one.adopted == adopted[b, i]


def _game_with_adopted_project(eu27, humans, members):
    """A Game in its Council with PESCO Cyber Rapid Response Teams adopted by `members`."""
    from autonomy_game.engine.game import Game
    from autonomy_game.engine.state import STATUS_ADOPTED

    game = Game(eu27, seed=5, humans=humans)
    game.advance()  # events -> Council
    i = game.world.initiative_ids.index("pesco_crrt")
    game.state.initiative_status[0, i] = STATUS_ADOPTED
    game.state.initiative_participants_mask[0, i] = _mask(game.world, members)
    return game, i


def test_a_state_joins_an_adopted_pesco_project_by_qmv_of_its_members_teu_46_3(eu27):
    """TEU 46(3) applied to a project: the members' stances are counted under QMV among them;
    an admitted state becomes a participant and pays its GDP share from then on."""
    from autonomy_game.engine import actions as A
    from autonomy_game.engine.council import vote_utility
    from autonomy_game.engine.shares import gdp_rates, member_bills

    members = ["LT", "EE", "NL", "HR", "PL"]
    game, i = _game_with_adopted_project(eu27, ["AT", "MT"], members)
    world, state = game.world, game.state
    at = world.codes.index("AT")
    assert A.JoinProject("AT", "pesco_crrt") in game.legal_actions("AT")
    assert A.JoinProject("MT", "pesco_crrt") not in game.legal_actions("MT")  # outside PESCO
    with pytest.raises(A.IllegalAction):
        game.apply(A.JoinProject("MT", "pesco_crrt"))
    stance = vote_utility(world, state, None, np.zeros((1, 27, 1), np.float32),
                          np.array([i]))[0, :, 0]
    expected = bool(treaty.admission(_mask(world, members) & (stance > 0),
                                     _mask(world, members), world.people))
    assert state.initiative_participants_mask[0, i, at] == 0
    bill_before = member_bills(state, gdp_rates(state, np.eye(len(world.initiative_ids))[i][None]))
    game.apply(A.JoinProject("AT", "pesco_crrt"))
    assert game.join_results[("AT", "pesco_crrt")] == expected
    assert bool(state.initiative_participants_mask[0, i, at]) == expected
    bill_after = member_bills(state, gdp_rates(state, np.eye(len(world.initiative_ids))[i][None]))
    assert (bill_after[0, at] > 0) == expected and bill_before[0, at] == 0
    with pytest.raises(A.IllegalAction):  # one request a quarter
        game.apply(A.JoinProject("AT", "pesco_crrt"))


def test_members_who_no_longer_want_the_project_refuse_a_newcomer_teu_46_3(eu27):
    """TEU 46(3): with every member's stance against the project, no qualified majority of
    its members admits anyone."""
    from autonomy_game.engine.council import admit_to_project

    game, i = _game_with_adopted_project(eu27, ["AT"], ["LT", "EE", "NL", "HR", "PL"])
    state = game.state
    state.support[:] = 0.0  # no public support anywhere ...
    state.threat[:] = 0.0  # ... and no threat: no member wants the project any more
    assert not admit_to_project(game.world, state, i, game.world.codes.index("AT"))[0]
    assert not state.initiative_participants_mask[0, i, game.world.codes.index("AT")]
