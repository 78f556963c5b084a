"""PESCO project membership after adoption: AI states ask to join when a project now serves
them, admitted by QMV among the participants (TEU 46(3), TFEU 238(3)(a)); a participant that no
longer meets the commitments can be suspended by QMV among the participants other than the
state concerned (TEU 46(4))."""

from __future__ import annotations

import numpy as np
import pytest

from autonomy_game.engine import actions as A
from autonomy_game.engine import treaty
from autonomy_game.engine.council import (
    ai_join_projects,
    meets_commitments,
    project_stances,
    suspend_from_project,
)
from autonomy_game.engine.game import Game, advance_to
from autonomy_game.engine.state import STATUS_ADOPTED, new_state
from autonomy_game.engine.world import build_world
from tests.support.bundled import bundled_scenario

PROJECT = "pesco_military_mobility"


def _world():
    return build_world(bundled_scenario("us-withdrawal"))


def _adopted(world, members: list[str], batch: int = 1):
    state = new_state(world, batch)
    i = world.initiative_ids.index(PROJECT)
    assert world.rules.kind[i] == treaty.PESCO_PROJECT
    state.initiative_status[:, i] = STATUS_ADOPTED
    state.initiative_participants_mask[:, i, [world.codes.index(c) for c in members]] = True
    return state, i


def test_an_ai_state_that_now_wants_a_project_joins_it_by_qmv_of_its_members():
    """TEU 46(3): the participants admit a newcomer by QMV among themselves. The Netherlands,
    now fearing every threat, asks to join a military-mobility project whose members want it."""
    world = _world()
    members = ["DE", "FR", "PL", "IT", "ES", "CZ"]
    state, i = _adopted(world, members, batch=2)
    nl = world.codes.index("NL")
    state.threat[1, :, nl] = 1.0  # game 1: the Netherlands now fears everything
    stance = project_stances(world, state, np.array([i]))[:, :, 0]
    band = world.params["abstain_band"]
    assert stance[1, nl] > band
    assert treaty.admission(state.initiative_participants_mask[:, i] & (stance > 0),
                            state.initiative_participants_mask[:, i], world.people)[1]
    everyone_ai = np.ones(len(world.codes), bool)
    admitted = ai_join_projects(world, state, everyone_ai)
    assert admitted[1, i, nl] and state.initiative_participants_mask[1, i, nl]
    # Whoever joined wanted the project; nobody left it.
    assert (stance[admitted[:, i, :]] > band).all()
    assert state.initiative_participants_mask[:, i, [world.codes.index(c) for c in members]].all()


def test_seats_not_played_by_the_ai_never_ask_to_join_on_their_own():
    world = _world()
    state, i = _adopted(world, ["DE", "FR", "PL", "IT", "ES", "CZ"])
    nl = world.codes.index("NL")
    state.threat[0, :, nl] = 1.0
    ai = np.ones(len(world.codes), bool)
    ai[nl] = False  # a human seat decides for itself (JoinProject)
    admitted = ai_join_projects(world, state, ai)
    assert not admitted[0, i, nl]


def test_members_who_no_longer_want_a_project_refuse_newcomers():
    """QMV among participants: when too few members still back the project, nobody is let in."""
    world = _world()
    state, i = _adopted(world, ["DE", "FR", "PL", "IT", "ES", "CZ"])
    nl = world.codes.index("NL")
    state.threat[0, :, nl] = 1.0
    members = [world.codes.index(c) for c in ("DE", "FR", "PL", "IT", "ES", "CZ")]
    state.threat[0][:, members] = 0.0  # the members stop fearing anything
    state.atlanticism[0, members] = 1.0
    stance = project_stances(world, state, np.array([i]))[0, :, 0]
    assert (stance[members] <= 0).sum() >= 3
    admitted = ai_join_projects(world, state, np.ones(len(world.codes), bool))
    assert not admitted[0, i, nl]


def test_suspension_is_qmv_among_participants_excluding_the_state_concerned():
    """TEU 46(4): Hungary, which cut its defence spending, is suspended when the other
    participants agree by QMV; its own vote is not counted, and a blocking minority of the
    others (here Germany, France and Italy, over 35 % of the others' people) keeps it in."""
    world = _world()
    members = ["DE", "FR", "IT", "PL", "NL", "CZ", "HU", "AT", "SK"]
    state, i = _adopted(world, members, batch=2)
    hu, pl = world.codes.index("HU"), world.codes.index("PL")
    state.defence_pct[:, hu] -= 0.3
    assert not meets_commitments(world, state)[0, hu]
    votes = np.zeros(state.gdp.shape, bool)
    votes[0, [world.codes.index(c) for c in members]] = True  # game 0: all yes, HU too
    votes[1, [world.codes.index(c) for c in ("PL", "NL", "CZ", "AT", "SK", "HU")]] = True
    suspended = suspend_from_project(world, state, i, hu, pl, votes)
    assert suspended.tolist() == [True, False]
    assert not state.initiative_participants_mask[0, i, hu]
    assert state.initiative_participants_mask[1, i, hu]


def test_a_member_meeting_its_commitments_cannot_be_suspended():
    world = _world()
    state, i = _adopted(world, ["DE", "FR", "IT", "PL", "HU"])
    hu, pl = world.codes.index("HU"), world.codes.index("PL")
    assert meets_commitments(world, state)[0, hu]
    everyone = np.ones(state.gdp.shape, bool)
    assert not suspend_from_project(world, state, i, hu, pl, everyone)[0]
    assert state.initiative_participants_mask[0, i, hu]


def _council_game_with_project(target_cuts: bool) -> Game:
    game = Game(bundled_scenario("us-withdrawal"), seed=1, humans=["PL"])
    assert advance_to(game, "council")
    world, state = game.world, game.state
    i = world.initiative_ids.index(PROJECT)
    state.initiative_status[0, i] = STATUS_ADOPTED
    for code in ("DE", "FR", "IT", "PL", "NL", "CZ", "HU"):
        state.initiative_participants_mask[0, i, world.codes.index(code)] = True
    if target_cuts:
        state.defence_pct[0, world.codes.index("HU")] -= 0.3
    return game


def test_a_human_seat_can_ask_to_suspend_a_participant_that_cut_its_spending():
    game = _council_game_with_project(target_cuts=True)
    action = A.SuspendFromProject("PL", "HU", PROJECT)
    assert action in game.legal_actions("PL")
    game.apply(action)
    result = game.suspension_results[("PL", "HU", PROJECT)]
    i = game.world.initiative_ids.index(PROJECT)
    hu = game.world.codes.index("HU")
    assert result == (not game.state.initiative_participants_mask[0, i, hu])
    assert action not in game.legal_actions("PL")  # once a quarter


@pytest.mark.parametrize("action", [
    A.SuspendFromProject("PL", "HU", PROJECT),  # HU still meets the commitments
    A.SuspendFromProject("PL", "PL", PROJECT),  # not oneself
    A.SuspendFromProject("PL", "SE", PROJECT),  # SE is not in the project
    A.SuspendFromProject("PL", "HU", "safe_loans"),  # not a PESCO project
    A.SuspendFromProject("DE", "HU", PROJECT),  # DE is played by the AI
])
def test_illegal_suspension_requests_are_refused(action):
    game = _council_game_with_project(target_cuts=False)
    with pytest.raises(A.IllegalAction):
        game.apply(action)


def test_ai_requests_come_with_the_councils_yearly_update_of_participants():
    """The AI asks in every fourth quarter of play, when the Council updates the projects'
    participants, and in a played batch nobody joins in any other quarter."""
    from autonomy_game.engine.council import pesco_review_due
    from autonomy_game.engine.turn import play_turn, turn_streams

    world = _world()
    state = new_state(world, 1)
    due = []
    for turn in range(8):
        state.turn = turn
        due.append(pesco_review_due(state))
    assert due == [False, False, False, True, False, False, False, True]
    state = new_state(world, 60)
    seeds = np.random.SeedSequence(2)
    pesco = world.rules.kind == treaty.PESCO_PROJECT
    joined_in = set()
    for turn in range(world.turns):
        before = state.initiative_participants_mask[:, pesco].copy()
        adopted_before = state.initiative_status[:, pesco] >= STATUS_ADOPTED
        reviewing = pesco_review_due(state)
        play_turn(world, state, turn_streams(seeds, turn), {}, indicators_current=True)
        grew = state.initiative_participants_mask[:, pesco] & ~before
        if (grew & adopted_before[:, :, None]).any():
            joined_in.add(reviewing)
    assert joined_in == {True}  # some AI state joined, and only in a review quarter


def test_pesco_requests_list_what_a_seat_may_ask_and_keep_this_quarters_answers():
    """The one list every front end shows (pygame Council, team page): a participant that cut
    its spending may be named for suspension (TEU 46(4)); once asked, the request stays
    listed with its answer, and it is listed for no seat outside the project."""
    game = _council_game_with_project(target_cuts=True)
    assert game.pesco_requests("PL") == ([], [("HU", PROJECT)])
    game.apply(A.SuspendFromProject("PL", "HU", PROJECT))
    assert game.pesco_requests("PL") == ([], [("HU", PROJECT)])
    assert ("PL", "HU", PROJECT) in game.suspension_results
    game.state.initiative_participants_mask[0, game.world.initiative_ids.index(PROJECT),
                                            game.world.codes.index("PL")] = False
    joins, _ = game.pesco_requests("PL")
    assert joins == [PROJECT]  # outside an adopted project: it may ask to join (TEU 46(3))
