"""The AI Council's utility terms, abstention, linkage, event votes and failed votes, with the
real EU-27 data (SAFE allocations, industry shares, populations) and the bundled scenarios."""

from __future__ import annotations

import numpy as np
import pytest

from autonomy_game.engine import actions as A
from autonomy_game.engine.council import (
    ABSTAIN,
    CONSTRUCTIVE,
    NO,
    YES,
    consensus_term,
    funding_term,
    industry_term,
    intentions,
    linkage_term,
    reciprocity_term,
)
from autonomy_game.engine.state import STATUS_ADOPTED, new_state
from autonomy_game.engine.world import RULE_UNANIMITY, build_world
from tests.support.bundled import bundled_scenario


@pytest.fixture(scope="module")
def world_state(eu27_world):
    return eu27_world, new_state(eu27_world, 1)


def _col(world, iid: str) -> np.ndarray:
    return np.array([world.initiative_ids.index(iid)])


def _n(world, code: str) -> int:
    return world.codes.index(code)


# -- money received -------------------------------------------------------------------------


def test_safe_borrowers_gain_from_their_loans_in_proportion_to_their_budget(world_state):
    """SAFE allocations (safe_allocations_2025): Poland's €43.7 bn is more than a year of its
    defence budget, Spain's €1 bn is a few weeks of its own; Germany asked for nothing."""
    world, state = world_state
    term = funding_term(world, state, _col(world, "safe_loans"))[0, :, 0]
    pl, es, de, hu = (term[_n(world, c)] for c in ("PL", "ES", "DE", "HU"))
    weight = world.params["funding_weight"]
    assert pl > 0.6 * weight and hu > 0.6 * weight  # near saturation
    assert 0 < es < 0.2 * weight
    assert de == 0.0
    assert pl > es


def test_instruments_that_pay_nobody_have_no_funding_term(world_state):
    world, state = world_state
    assert funding_term(world, state, _col(world, "asap_production")) is None


# -- industrial return ----------------------------------------------------------------------


def test_industrial_return_goes_where_the_equipment_is_built(world_state):
    """France (27 % of EU defence industry, 18 % of GDP) gains from a European-built
    programme; Ireland, with 0.2 % of the industry against about 2.5 % of the GNI key that
    cuts the bill, gains next to nothing from it (under a tenth of France's return)."""
    world, state = world_state
    term = industry_term(world, state, _col(world, "european_air_shield"))[0, :, 0]
    assert term[_n(world, "FR")] > 0.1
    assert term[_n(world, "IE")] < 0.1 * term[_n(world, "FR")]
    assert term[_n(world, "FR")] > term[_n(world, "DE")]  # DE builds less than its GDP share


def test_shell_capacity_decides_the_industrial_return_of_ammunition_measures(world_state):
    """ASAP builds shell capacity: Bulgaria and Czechia (large shell makers for their size)
    gain, Ireland (no shell plant) does not."""
    world, state = world_state
    assert state.shell_capacity[0, _n(world, "IE")] == 0
    term = industry_term(world, state, _col(world, "asap_production"))[0, :, 0]
    assert term[_n(world, "BG")] > 0.1 and term[_n(world, "CZ")] > 0.1
    assert term[_n(world, "IE")] == 0.0


# -- consensus and reciprocity --------------------------------------------------------------


def test_consensus_habit_pulls_towards_a_large_majority_only(world_state):
    world, _state = world_state
    cols = _col(world, "asap_production")
    n = len(world.codes)
    weight = world.params["consensus_weight"]
    nearly_all = np.full((1, n, 1), 1.0, np.float32)
    nearly_all[0, 0, 0] = -1.0
    half = np.where(np.arange(n) < n // 2, 1.0, -1.0).astype(np.float32).reshape(1, n, 1)
    assert consensus_term(world, nearly_all, cols)[0, 0, 0] == pytest.approx(
        weight * (2 * 26 / 27 - 1), rel=1e-5)
    assert consensus_term(world, half, cols)[0, 0, 0] == 0.0


def test_consensus_habit_does_not_apply_to_coalitions(world_state):
    world, _state = world_state
    cols = _col(world, "essi")
    assert not consensus_term(world, np.ones((1, 27, 1), np.float32), cols).any()


def test_reciprocity_rewards_states_that_gained_from_adopted_measures(eu27_world):
    world = eu27_world
    state = new_state(world, 1)
    assert not reciprocity_term(world, state).any()
    state.initiative_status[0, world.initiative_ids.index("safe_loans")] = STATUS_ADOPTED
    goodwill = reciprocity_term(world, state)[0]
    weight = world.params["reciprocity_weight"]
    assert goodwill[_n(world, "HU")] == pytest.approx(weight)  # a borrower
    assert goodwill[_n(world, "PL")] == pytest.approx(2 * weight)  # borrower and builder
    assert goodwill[_n(world, "DE")] == 0.0  # took no loan, builds less than its GDP share


# -- abstention and linkage -----------------------------------------------------------------


def test_ambivalent_states_abstain_and_abstention_does_not_block_unanimity(eu27_world):
    from autonomy_game.engine.council import tally

    world = eu27_world
    cols = _col(world, "epf_ukraine_topup")
    assert world.rule[cols[0]] == RULE_UNANIMITY
    band = world.params["abstain_band"]
    utility = np.full((1, 27, 1), 0.5, np.float32)
    utility[0, _n(world, "HU"), 0] = -band / 2  # ambivalent
    votes = intentions(world, utility, cols)
    assert votes[0, _n(world, "HU"), 0] == ABSTAIN
    assert tally(world, votes, cols)[0, 0]
    utility[0, _n(world, "HU"), 0] = -0.5
    votes = intentions(world, utility, cols)
    assert votes[0, _n(world, "HU"), 0] == NO
    assert not tally(world, votes, cols)[0, 0]


def test_a_lone_blocker_within_reach_trades_its_veto_for_a_concession(eu27_world):
    world = eu27_world
    state = new_state(world, 1)
    state.eu_funds[:] = 10.0
    cols = _col(world, "epf_ukraine_topup")
    p = world.params
    veto = -(p["veto_threshold"] + p["linkage_reach"]) / 2  # a veto, within reach of a deal
    utility = np.full((1, 27, 1), 0.5, np.float32)
    utility[0, _n(world, "HU"), 0] = veto
    assert intentions(world, utility, cols)[0, _n(world, "HU"), 0] == NO
    link = linkage_term(world, state, utility, cols)
    assert link[0, _n(world, "HU"), 0] > -veto  # lifted past yes
    assert intentions(world, utility + link, cols)[0, _n(world, "HU"), 0] == YES
    assert link.sum() == link[0, _n(world, "HU"), 0]  # nobody else is paid


def test_a_mild_opponent_abstains_rather_than_vetoes_under_unanimity(eu27_world):
    world = eu27_world
    cols = _col(world, "epf_ukraine_topup")
    utility = np.full((1, 27, 1), 0.5, np.float32)
    utility[0, _n(world, "HU"), 0] = -world.params["veto_threshold"] / 2
    assert intentions(world, utility, cols)[0, _n(world, "HU"), 0] == ABSTAIN


def test_neutral_states_abstain_constructively_on_military_measures(eu27_world):
    """TEU 31(1): Austria, Ireland and Malta do not block the Peace Facility's arms, and do
    not pay for them (TEU 41(2))."""
    world = eu27_world
    cols = _col(world, "epf_ukraine_topup")
    utility = np.full((1, 27, 1), -1.0, np.float32)
    votes = intentions(world, utility, cols)[0, :, 0]
    for code in ("AT", "IE", "MT"):
        assert votes[_n(world, code)] == CONSTRUCTIVE, code
    assert votes[_n(world, "HU")] == NO


@pytest.mark.parametrize("case", ["two blockers", "beyond reach", "no common funds"])
def test_no_deal_when_the_veto_is_shared_too_deep_or_unaffordable(eu27_world, case):
    world = eu27_world
    state = new_state(world, 1)
    state.eu_funds[:] = 0.0 if case == "no common funds" else 10.0
    cols = _col(world, "epf_ukraine_topup")
    p = world.params
    veto = -(p["veto_threshold"] + p["linkage_reach"]) / 2
    utility = np.full((1, 27, 1), 0.5, np.float32)
    utility[0, _n(world, "HU"), 0] = -2 * p["linkage_reach"] if case == "beyond reach" else veto
    if case == "two blockers":
        utility[0, _n(world, "SK"), 0] = veto
    assert not linkage_term(world, state, utility, cols).any()


# -- calibration against history (a few hundred all-AI games) ---------------------------------


@pytest.fixture(scope="module")
def ammunition_runs():
    from autonomy_game.engine.simulate import simulate

    return simulate(bundled_scenario("ammunition-cofunding"), 300, 1)


def test_asap_is_adopted_by_july_2023_in_most_ammunition_games(ammunition_runs):
    """ASAP: Regulation (EU) 2023/1525 of 20 July 2023, turn 2 of the scenario (Q3 2023)."""
    world = build_world(bundled_scenario("ammunition-cofunding"))
    turn = ammunition_runs.adopted_turn[:, world.initiative_ids.index("asap_production")]
    assert ((turn > 0) & (turn <= 2)).mean() >= 0.7


def test_edip_is_adopted_in_at_least_half_the_ammunition_games(ammunition_runs):
    assert ammunition_runs.adoption["edip_programme"] >= 0.5


def test_safe_is_adopted_in_most_tutorial_games():
    from autonomy_game.engine.simulate import simulate

    assert simulate(bundled_scenario("tutorial"), 300, 1).adoption["safe_loans"] >= 0.7


def test_hungary_blocks_the_peace_facility_top_up_unless_a_concession_is_traded():
    """Without issue linkage the top-up is never adopted (Hungary's veto stands); with it,
    Budapest trades its veto in most supply-line games, and in a few ammunition games before
    its turn-2 decision binds its vote."""
    from dataclasses import replace

    from autonomy_game.engine.simulate import simulate

    for scenario_id, traded in (("supply-line-crisis", 0.5), ("ammunition-cofunding", 0.0)):
        scenario = bundled_scenario(scenario_id)
        no_deals = replace(scenario, parameters={**scenario.parameters, "linkage_reach": 0.0})
        assert simulate(no_deals, 300, 1).adoption["epf_ukraine_topup"] == 0.0
        assert simulate(scenario, 300, 1).adoption["epf_ukraine_topup"] > traded


def _turn_one_votes(scenario_id: str, runs: int = 200):
    from autonomy_game.engine.council import open_session
    from autonomy_game.engine.events import fire_events
    from autonomy_game.engine.indicators import update_indicators
    from autonomy_game.engine.turn import begin_turn, turn_streams

    world = build_world(bundled_scenario(scenario_id))
    state = new_state(world, runs)
    ctx = begin_turn(world, state)
    streams = turn_streams(np.random.SeedSequence(1), 0)
    nobody = np.zeros(len(world.codes), bool)
    fire_events(world, state, streams.events, nobody, ctx)
    update_indicators(world, state)
    return world, open_session(world, state, streams.council, nobody).votes(world, state)


def test_real_safe_borrowers_never_vote_no_on_safe_at_turn_one():
    world, votes = _turn_one_votes("us-withdrawal")
    i = world.initiative_ids.index("safe_loans")
    borrowers = [c for c in world.codes if world.beneficiaries[i, world.codes.index(c)] > 0]
    assert len(borrowers) == 19
    for code in borrowers:
        assert not (votes[:, world.codes.index(code), i] == NO).any(), code


def test_sky_shield_leaves_out_france_italy_spain_and_poland_and_eurodrone_is_the_four():
    world, votes = _turn_one_votes("us-withdrawal")
    essi = (votes[:, :, world.initiative_ids.index("essi")] == YES).mean(axis=0)
    for code in ("FR", "IT", "ES", "PL"):
        assert essi[world.codes.index(code)] < 0.1, code
    for code in ("DE", "NL", "FI", "DK", "SE", "LT", "LV", "EE", "CZ", "SK"):
        assert essi[world.codes.index(code)] > 0.5, code
    drone = (votes[:, :, world.initiative_ids.index("eurodrone")] == YES).mean(axis=0)
    for code in ("DE", "FR", "IT", "ES"):
        assert drone[world.codes.index(code)] > 0.5, code
    others = [c for c in world.codes if c not in ("DE", "FR", "IT", "ES")]
    assert sum(drone[world.codes.index(c)] > 0.5 for c in others) <= 2


# -- Council-decided events -----------------------------------------------------------------


def test_council_events_are_voted_and_a_human_seat_can_veto_under_unanimity():
    """The one-million-shell pledge is decided by unanimity (TEU 31(1)): the table's pick is
    its seats' vote, and a seat that wants the status quo blocks the other options."""
    from autonomy_game.engine.council_events import event_vote
    from autonomy_game.engine.turn import begin_turn

    world = build_world(bundled_scenario("ammunition-cofunding"))
    state = new_state(world, 1)
    ctx = begin_turn(world, state)
    ev = next(e for e in world.events if e.id == "million-shell-pledge")
    assert ev.rule == RULE_UNANIMITY
    ai = event_vote(world, ctx, ev)
    assert ai.picks[0] != len(ev.choices) - 1  # the AI Council agrees on a pledge
    seat = np.zeros(len(world.codes), bool)
    seat[world.codes.index("HU")] = True
    vetoed = event_vote(world, ctx, ev, seat, human_pick=len(ev.choices) - 1)
    assert vetoed.picks[0] == len(ev.choices) - 1  # one no blocks every pledge
    assert (vetoed.votes[0, world.codes.index("HU"), :-1] == NO).all()


def test_option_utility_reads_what_an_option_pays_a_named_state():
    from autonomy_game.engine.council_events import option_utility
    from autonomy_game.engine.turn import begin_turn

    world = build_world(bundled_scenario("us-withdrawal"))
    state = new_state(world, 1)
    ctx = begin_turn(world, state)
    ev = next(e for e in world.events if e.id == "hungary-blocks")
    release = option_utility(world, ctx, ev.choices[0])[0]  # HU.fiscal_space += 0.15, eu_funds -= 3
    hu, de = world.codes.index("HU"), world.codes.index("DE")
    assert release[hu] - release[de] == pytest.approx(3.0 * 0.15, rel=1e-6)


def test_constructive_abstention_changes_hungarys_vote_and_payment():
    """TEU 31(1): Hungary abstains and does not block; TEU 41(2): it does not pay."""
    from autonomy_game.engine.council import close_session, open_session
    from autonomy_game.engine.events import apply_choice
    from autonomy_game.engine.turn import begin_turn

    world = build_world(bundled_scenario("ammunition-cofunding"))
    state = new_state(world, 1)
    ctx = begin_turn(world, state)
    ev = next(e for e in world.events if e.id == "hungary-blocks-epf")
    apply_choice(ev, [c.id for c in ev.choices].index("constructive-abstention"), ctx)
    session = open_session(world, state, np.random.default_rng(0), np.zeros(27, bool),
                           ai_presidency=False)
    i = world.initiative_ids.index("epf_ukraine_topup")
    hu = world.codes.index("HU")
    assert session.votes(world, state)[0, hu, i] == CONSTRUCTIVE
    assert session.passes(world, state)[0, i]  # one constructive abstainer does not block
    session.agenda[0, i] = True
    session.presidency_tabled = np.zeros_like(session.agenda)
    assert close_session(world, state, session)[0, i]
    assert not state.initiative_participants_mask[0, i, hu]  # pays nothing
    assert state.initiative_participants_mask[0, i, world.codes.index("DE")]


def test_keeping_the_veto_declares_hungarys_no_for_the_rest_of_the_game():
    from autonomy_game.engine.council import open_session
    from autonomy_game.engine.events import apply_choice
    from autonomy_game.engine.turn import begin_turn

    world = build_world(bundled_scenario("ammunition-cofunding"))
    state = new_state(world, 1)
    ctx = begin_turn(world, state)
    ev = next(e for e in world.events if e.id == "hungary-blocks-epf")
    apply_choice(ev, [c.id for c in ev.choices].index("keep-veto"), ctx)
    session = open_session(world, state, np.random.default_rng(0), np.zeros(27, bool))
    i = world.initiative_ids.index("epf_ukraine_topup")
    assert session.votes(world, state)[0, world.codes.index("HU"), i] == NO
    assert not session.passes(world, state)[0, i]


# -- failed votes ---------------------------------------------------------------------------


def _council_with_human(scenario_id: str, seat: str):
    from autonomy_game.engine.game import Game, advance_to

    game = Game(bundled_scenario(scenario_id), seed=2, humans=[seat])
    assert advance_to(game, "council")
    return game


def test_the_blocking_state_pays_for_a_failed_vote_more_than_the_union():
    """A seat proposes an item and votes it down: it loses its political capital and some
    support at home; the Union loses only `cohesion_veto`."""
    game = _council_with_human("ammunition-cofunding", "HU")
    world, state = game.world, game.state
    iid = "epf_ukraine_topup"
    if game.session.agenda[0].any():
        for other in game.agenda():
            game.apply(A.Vote("HU", other, YES))
    game.apply(A.Propose("HU", iid))
    game.apply(A.Vote("HU", iid, NO))
    assert not game.projected_result(iid)
    hu = world.codes.index("HU")
    capital, support, cohesion = (float(state.capital[0, hu]), float(state.support[0, hu]),
                                  float(state.cohesion[0]))
    adopted_elsewhere = len([i for i in game.agenda() if i != iid and game.projected_result(i)])
    game.advance()  # close the Council
    p = world.params
    assert float(state.capital[0, hu]) == pytest.approx(capital - p["veto_capital"])
    assert float(state.support[0, hu]) == pytest.approx(support - p["veto_support"])
    expected = cohesion - p["cohesion_veto"] + p["cohesion_adopt"] * adopted_elsewhere
    assert float(state.cohesion[0]) == pytest.approx(expected)


def test_the_presidency_withdraws_its_item_when_seats_turn_against_it():
    """The presidency tabled SAFE (QMV) counting on the advisors' stances; Germany, France,
    Italy, Spain and Poland then vote no: the item would fail, so it is withdrawn (no vote,
    no cohesion lost, tabled again later) rather than voted down."""
    from autonomy_game.engine.council import close_session, open_session

    world = build_world(bundled_scenario("us-withdrawal"))
    state = new_state(world, 1)
    seats = np.isin(world.codes, ["DE", "FR", "IT", "ES", "PL"])
    session = open_session(world, state, np.random.default_rng(0), seats, ai_presidency=False)
    i = world.initiative_ids.index("safe_loans")
    assert session.passes(world, state)[0, i]
    session.agenda[0, i] = True
    session.presidency_tabled = session.agenda.copy()
    session.human_votes[0, seats, i] = NO
    assert not session.passes(world, state)[0, i]
    cohesion = float(state.cohesion[0])
    passed = close_session(world, state, session)
    assert not passed[0, i] and state.initiative_status[0, i] == 0
    assert state.initiative_cooldown[0, i] == state.turn + 2
    # Either nothing else was tabled in its place, or the replacement was adopted.
    assert float(state.cohesion[0]) == pytest.approx(
        cohesion + world.params["cohesion_adopt"] * passed[0].sum())


@pytest.mark.parametrize("vote", [NO, ABSTAIN])
def test_one_seat_voting_the_same_on_everything_moves_victory_by_at_most_40_points(vote):
    """Issue 9: no single seat's voting alone (orders still the AI's) moves us-withdrawal
    victory by more than 40 points; Germany, the largest population, is the hardest case."""
    from autonomy_game.engine.seat_votes import victory_rate_with_fixed_votes

    scenario = bundled_scenario("us-withdrawal")
    base = victory_rate_with_fixed_votes(scenario, 300, 1, None, 0)
    for announced in (True, False):
        seat = victory_rate_with_fixed_votes(scenario, 300, 1, "DE", vote, announced)
        assert abs(seat - base) <= 0.40, (announced, base, seat)


def test_a_human_table_votes_on_a_council_event_and_the_report_says_what_carried():
    from autonomy_game.engine.game import Game, advance_to

    game = Game(bundled_scenario("ammunition-cofunding"), seed=1, humans=["HU"])
    pending = [game.world.events[p.event] for p in game.pending]
    pledge = next(e for e in pending if e.id == "million-shell-pledge")
    game.apply(A.ChooseOption(pledge.id, pledge.choices[-1].id))  # HU: no promise at all
    vote = game.event_votes[pledge.id]
    assert vote.picks[0] == len(pledge.choices) - 1  # HU's no blocks every pledge (unanimity)
    assert advance_to(game, "report")
    assert any("Council" in line and pledge.title in line for line in game.report.lines)
