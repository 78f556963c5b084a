"""Human seats vote on each option of a Council-decided event themselves (engine/game.py,
engine/council_events.py): AI states by their utility, the count under the rule the event
declares (unanimity, TEU 31(1) and TFEU 238(4); QMV, TEU 16(4) and TFEU 238(3))."""

from __future__ import annotations

import numpy as np
import pytest

from autonomy_game.engine import actions as A
from autonomy_game.engine.council import ABSTAIN, NO, YES
from autonomy_game.engine.council_events import event_vote, option_tally
from autonomy_game.engine.game import Game, advance_to
from autonomy_game.engine.saves import state_digest
from autonomy_game.engine.state import new_state
from autonomy_game.engine.turn import begin_turn
from autonomy_game.engine.world import RULE_QMV, RULE_UNANIMITY, build_world
from tests.support.bundled import bundled_scenario

PLEDGE = "million-shell-pledge"


def _pledge_game(humans: list[str]) -> Game:
    game = Game(bundled_scenario("ammunition-cofunding"), seed=1, humans=humans)
    assert any(game.world.events[p.event].id == PLEDGE for p in game.pending)
    return game


def _options(game: Game, event: str) -> list[str]:
    ev = next(e for e in game.world.events if e.id == event)
    return [c.id for c in ev.choices]


def test_one_seats_no_on_every_option_blocks_a_unanimity_event():
    """TEU 31(1): under unanimity one 'no' blocks; Hungary's own votes, cast option by option,
    leave the status quo (the last option) standing."""
    game = _pledge_game(["HU", "DE"])
    options = _options(game, PLEDGE)
    for option in options[:-1]:
        game.apply(A.VoteOnOption("HU", PLEDGE, option, -1))
    game.apply(A.CallVote(PLEDGE))
    vote = game.event_votes[PLEDGE]
    assert vote.picks[0] == len(options) - 1
    hu = game.world.codes.index("HU")
    assert (vote.votes[0, hu, :-1] == NO).all()
    assert not any(game.world.events[p.event].id == PLEDGE for p in game.pending)


def test_a_seat_vetoing_one_option_leaves_the_council_another():
    """Hungary vetoes only the option the advisors' Council would take: another carries."""
    game = _pledge_game(["HU"])
    options = _options(game, PLEDGE)
    ai_pick = int(game.preview_event_vote(PLEDGE).picks[0])
    assert ai_pick != len(options) - 1
    game.apply(A.VoteOnOption("HU", PLEDGE, options[ai_pick], -1))
    preview = game.preview_event_vote(PLEDGE)
    assert preview.picks[0] != ai_pick
    game.apply(A.CallVote(PLEDGE))
    assert game.event_votes[PLEDGE].picks[0] == preview.picks[0]


def test_votes_a_seat_did_not_cast_are_its_advisors():
    """Before any vote, a human seat's votes are the stance the AI would take in its place."""
    game = _pledge_game(["HU", "PL"])
    ev = next(e for e in game.world.events if e.id == PLEDGE)
    preview = game.preview_event_vote(PLEDGE)
    ai = event_vote(game.world, game._ctx, ev)
    assert np.array_equal(preview.votes, ai.votes)
    options = _options(game, PLEDGE)
    game.apply(A.VoteOnOption("PL", PLEDGE, options[0], 0))
    after = game.preview_event_vote(PLEDGE)
    pl = game.world.codes.index("PL")
    assert after.votes[0, pl, 0] == ABSTAIN
    changed = np.ones(after.votes.shape, bool)
    changed[0, pl, 0] = False
    assert np.array_equal(after.votes[changed], ai.votes[changed])


def test_qmv_event_needs_65_percent_of_the_population():
    """TEU 16(4): Germany, France, Italy, Spain and Poland (over 35 % of the Union's people)
    voting no on every option block a QMV event however many small states vote yes."""
    world = build_world(bundled_scenario("us-withdrawal"))
    state = new_state(world, 1)
    ctx = begin_turn(world, state)
    ev = next(e for e in world.events if e.rule == RULE_QMV and len(e.choices) > 1)
    big = [world.codes.index(c) for c in ("DE", "FR", "IT", "ES", "PL")]
    everyone_yes = {n: {k: YES for k in range(len(ev.choices) - 1)}
                    for n in range(len(world.codes))}
    carried = event_vote(world, ctx, ev, ballots=everyone_yes)
    assert carried.carried[0, :-1].all()
    blocked_ballots = {n: {k: (NO if n in big else YES) for k in range(len(ev.choices) - 1)}
                       for n in range(len(world.codes))}
    blocked = event_vote(world, ctx, ev, ballots=blocked_ballots)
    assert blocked.picks[0] == len(ev.choices) - 1
    tally = option_tally(world, ev, blocked.votes[0], 0)
    assert tally.rule == "qmv" and not tally.adopted
    assert len(tally.yes_states) == len(world.codes) - 5 >= tally.states_needed
    assert tally.yes_population_share < 0.65


def test_unanimity_tally_names_the_vetoes():
    world = build_world(bundled_scenario("ammunition-cofunding"))
    state = new_state(world, 1)
    ctx = begin_turn(world, state)
    ev = next(e for e in world.events if e.id == PLEDGE)
    assert ev.rule == RULE_UNANIMITY
    hu = world.codes.index("HU")
    vote = event_vote(world, ctx, ev, ballots={hu: {0: NO}})
    tally = option_tally(world, ev, vote.votes[0], 0)
    assert tally.rule == "unanimity" and not tally.adopted and "HU" in tally.no_states
    assert "vetoed by" in tally.reason


def test_legal_actions_offer_each_human_seat_a_vote_on_each_option():
    game = _pledge_game(["HU", "DE"])
    options = _options(game, PLEDGE)
    legal = game.legal_actions()
    for seat in ("HU", "DE"):
        for option in options[:-1]:
            for v in (1, 0, -1):
                assert A.VoteOnOption(seat, PLEDGE, option, v) in legal
        assert A.VoteOnOption(seat, PLEDGE, options[-1], 1) not in legal  # the status quo
    assert A.CallVote(PLEDGE) in legal
    assert not [a for a in game.legal_actions("HU") if isinstance(a, A.VoteOnOption)
                and a.seat == "DE"]


@pytest.mark.parametrize("action", [
    A.VoteOnOption("HU", PLEDGE, "no-number", 1),  # the status quo is not voted on
    A.VoteOnOption("HU", PLEDGE, "pledge-million", 2),  # no constructive abstention here
    A.VoteOnOption("FR", PLEDGE, "pledge-million", 1),  # an AI seat
    A.VoteOnOption("HU", "no-such-event", "pledge-million", 1),
])
def test_illegal_option_votes_are_refused(action):
    game = _pledge_game(["HU"])
    with pytest.raises(A.IllegalAction):
        game.apply(action)
    assert game.decisions == []


def test_holding_settles_a_council_event_by_the_vote():
    """A table that holds lets the Council vote with its advisors' stances (not by the
    author's score): the vote is recorded and reported."""
    game = _pledge_game(["HU"])
    game.apply(A.Hold("HU"))
    assert PLEDGE in game.event_votes


def test_a_game_with_option_votes_replays_identically():
    game = _pledge_game(["HU"])
    options = _options(game, PLEDGE)
    game.apply(A.VoteOnOption("HU", PLEDGE, options[0], -1))
    game.apply(A.VoteOnOption("HU", PLEDGE, options[1], 0))
    game.apply(A.CallVote(PLEDGE))
    assert advance_to(game, "report")
    again = Game(bundled_scenario("ammunition-cofunding"), seed=1, humans=["HU"])
    for action in game.decisions:
        again.apply(A.action_from_dict(action.to_dict()))
    assert state_digest(again) == state_digest(game)


def test_the_event_screen_casts_a_seats_vote_and_puts_the_event_to_the_vote():
    """The event dialog's buttons send the seat's vote on one option; the tally under the
    rule follows it; Enter puts the event to the vote."""
    import pygame

    from autonomy_game.ui.scenes.game import GameScene
    from autonomy_game.ui.screenshot import build_app
    from tests.test_ui_flow import click, key

    app = build_app(bundled_scenario("ammunition-cofunding"), "event", (1280, 720), 0, 1)
    session = app.services.session
    game = session.game
    seat = session.humans[0]
    for e in game.fired:
        if session.pending_choice(e) is None:
            session.seen_events.add((game.turn, e))
    app.start(GameScene(app.services))
    app.render()
    first = _options(game, PLEDGE)[0]
    assert app.find(("call",)) is not None
    click(app, ("ovote", first, seat, NO))
    app.run(timeout_ms=10, max_iterations=5)
    assert game.event_ballots[PLEDGE][seat][first] == -1
    assert game.preview_event_vote(PLEDGE).picks[0] != 0  # the veto moved the projection
    key(pygame.K_RETURN)
    app.run(timeout_ms=10, max_iterations=5)
    assert PLEDGE in game.event_votes
    assert not any(game.world.events[p.event].id == PLEDGE for p in game.pending)
