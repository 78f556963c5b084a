"""The decision preview (engine/preview.py): futures of each option, never the live game."""

from __future__ import annotations

import dataclasses
import hashlib
import json
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from autonomy_game.engine import actions as A
from autonomy_game.engine.game import Game, advance_to, default_step, play_to_end
from autonomy_game.engine.history import EUROPE_INDICATORS
from autonomy_game.engine.policy.runner import run_policies
from autonomy_game.engine.preview import (
    PreviewError,
    key_indicators,
    play_futures,
    preview_subjects,
    repeat_rows,
    run_preview,
)
from autonomy_game.engine.saves import load_game, save_game, state_digest
from autonomy_game.engine.state import OUTCOME_NAMES
from autonomy_game.scenario.validate import load_scenario

FUTURES = 60


@pytest.fixture(scope="module")
def usw():
    return load_scenario("us-withdrawal")


def test_futures_from_the_first_turn_equal_run_policies_on_the_same_seed(usw) -> None:
    """Repeating the live game's state over the batch and playing it on is `run_policies`:
    the same outcomes and final indicators, game by game."""
    game = Game(usw, 3, humans=[])
    state = repeat_rows(game.checkpoint.state, FUTURES)
    run = play_futures(game.world, state, np.random.SeedSequence(11))
    reference = run_policies(usw, FUTURES, 11, world=game.world)
    assert np.array_equal(run.outcome, reference.outcome)
    for name in EUROPE_INDICATORS:
        assert np.array_equal(run.final[name], reference.final[name]), name
    assert np.array_equal(run.objectives, reference.objectives)


def test_event_preview_shares_equal_run_policies_with_the_option_forced(usw) -> None:
    """posture-review is the only event of turn 1 and fires for sure, so the preview of each
    option on seed S is `run_policies` on seed S with that option forced."""
    game = Game(usw, 8, humans=["PL"])
    assert preview_subjects(game, "PL") == ["event:posture-review"]
    preview = run_preview(game, "event:posture-review", "PL", futures=FUTURES,
                          seeds=np.random.SeedSequence(21))
    assert [o.option for o in preview.options] == ["timetable", "pledge"]
    for opt in preview.options:
        reference = run_policies(usw, FUTURES, 21, forced_choices={"posture-review": opt.option},
                                 world=game.world)
        counts = np.bincount(reference.outcome, minlength=len(OUTCOME_NAMES))
        assert opt.shares == {name: counts[k] / FUTURES for k, name in enumerate(OUTCOME_NAMES)
                              if name != "ongoing"}
        band = opt.bands["cohesion"]
        assert band.p10 == pytest.approx(np.percentile(reference.final["cohesion"], 10))
        assert band.p90 == pytest.approx(np.percentile(reference.final["cohesion"], 90))
        assert sum(opt.shares.values()) == pytest.approx(1.0)


def test_one_future_on_the_games_own_seed_replays_the_ai_game(usw) -> None:
    """From a turn boundary in mid-game, one future drawn from the game's own seed is the
    game itself, bit for bit: the futures play by the live game's rules."""
    game = Game(usw, 4, humans=[])
    play_to_end(game, until_turn=5)
    state = repeat_rows(game.state, 1)
    run = play_futures(game.world, state, np.random.SeedSequence(4))
    play_to_end(game)
    assert run.outcome[0] == game.state.outcome[0]
    for name in EUROPE_INDICATORS:
        assert run.final[name][0] == getattr(game.state, name)[0], name


def _play_digest(game: Game) -> str:
    """The game's state, history, reports and Council record: the save's digest without the
    log's length (a logged preview lengthens the log, and changes nothing else)."""
    digest = hashlib.sha256()
    digest.update(f"{game.state.turn}:{game.phase};".encode())
    for f in dataclasses.fields(game.state):
        value = getattr(game.state, f.name)
        digest.update(value.tobytes() if isinstance(value, np.ndarray) else repr(value).encode())
    for key, array in sorted(game.history.to_arrays().items()):
        digest.update(key.encode() + array.tobytes())
    digest.update(json.dumps([r.to_dict() for r in game.reports], sort_keys=True).encode())
    digest.update(json.dumps([game.last_votes, game.passed_this_turn], sort_keys=True).encode())
    return digest.hexdigest()


def _walk(game: Game, preview: bool, turns: int = 3) -> None:
    """Play `turns` turns with the advisor's defaults, previewing every open decision."""
    while game.phase != "ended" and game.state.turn < turns:
        if preview:
            for subject in preview_subjects(game, "PL"):
                run_preview(game, subject, "PL", futures=8)
        default_step(game)


def test_previews_leave_the_live_game_unchanged(usw) -> None:
    """Same seed and same decisions: the same game bit for bit, previews or not; the only
    difference in the log is the previews themselves."""
    looked, plain = Game(usw, 12, humans=["PL"]), Game(usw, 12, humans=["PL"])
    _walk(looked, preview=True)
    _walk(plain, preview=False)
    assert {p.subject.partition(":")[0] for p in looked.previews} == {"event", "vote", "orders"}
    assert [a for a in looked.decisions if not isinstance(a, A.Preview)] == plain.decisions
    assert _play_digest(looked) == _play_digest(plain)
    play_to_end(looked)
    play_to_end(plain)
    assert _play_digest(looked) == _play_digest(plain)
    assert looked.outcome == plain.outcome


def test_a_saved_game_keeps_its_previews_and_replays(usw, tmp_path: Path) -> None:
    game = Game(usw, 2, humans=["PL"])
    _walk(game, preview=True, turns=2)
    path = save_game(game, tmp_path / "g.json")
    for verify in ("digest", "replay"):
        loaded = load_game(path, verify=verify)
        assert loaded.previews == game.previews
        assert state_digest(loaded) == state_digest(game)
    assert all(p.turn in (1, 2) for p in game.previews)


def test_vote_preview_offers_each_allowed_vote(usw) -> None:
    game = Game(usw, 5, humans=["PL"])
    assert advance_to(game, "council")
    subjects = preview_subjects(game, "PL")
    assert subjects, "the presidency tables something on turn 1"
    preview = run_preview(game, subjects[0], "PL", futures=FUTURES)
    options = [o.option for o in preview.options]
    assert "yes" in options and "no" in options
    before = state_digest(game)
    run_preview(game, subjects[0], "PL", futures=4, record=False)
    assert state_digest(game) == before


def test_orders_preview_compares_the_seats_orders_with_the_advisors(usw) -> None:
    game = Game(usw, 5, humans=["PL"])
    assert advance_to(game, "orders")
    game.apply(A.Procure("PL", "air_defence", True, 0.0))
    game.apply(A.SetDefencePct("PL", game.budget_limits("PL")[0]))
    preview = run_preview(game, "orders", "PL", futures=FUTURES)
    assert [o.option for o in preview.options] == ["yours", "advisor"]
    for opt in preview.options:
        assert set(opt.bands) == set(key_indicators(game.world))
        assert opt.futures == FUTURES
        assert all(o.p10 <= o.median <= o.p90 for o in opt.bands.values())


def test_the_seats_secret_objective_rate_is_reported() -> None:
    scenario = load_scenario("supply-line-crisis")
    seat = next(iter(scenario.objectives))
    game = Game(scenario, 1, humans=[seat])
    assert advance_to(game, "orders")
    preview = run_preview(game, "orders", seat, futures=FUTURES)
    for opt in preview.options:
        assert opt.objective_rate is not None and 0.0 <= opt.objective_rate <= 1.0


def test_the_teacher_can_switch_the_preview_off(usw) -> None:
    game = Game(usw, 5, humans=["PL"], preview_off=True)
    with pytest.raises(PreviewError, match="switched off"):
        run_preview(game, "event:posture-review", "PL", futures=4)
    with pytest.raises(A.IllegalAction, match="switched off"):
        game.apply(A.Preview("PL", "event:posture-review", 1))
    assert game.previews == []


def test_a_scenario_can_switch_the_preview_off(tmp_path: Path) -> None:
    text = (Path(__file__).resolve().parents[1] / "scenarios/tutorial.yaml").read_text()
    path = tmp_path / "no-preview.yaml"
    path.write_text(text.replace("\nturns:", "\npreview: false\nturns:", 1))
    scenario = load_scenario(path)
    assert scenario.preview is False and load_scenario("tutorial").preview is True
    game = Game(scenario, 1, humans=[scenario.members[0]])
    assert not game.preview_allowed


def test_a_preview_needs_an_open_decision(usw) -> None:
    game = Game(usw, 5, humans=["PL"])
    with pytest.raises(PreviewError, match="not an open decision"):
        run_preview(game, "orders", "PL", futures=4)
    with pytest.raises(A.IllegalAction, match="turn 1, not 2"):
        game.apply(A.Preview("PL", "event:posture-review", 2))


def test_the_debrief_says_who_previewed_what_and_when(usw) -> None:
    from html import escape

    from autonomy_game.debrief.page import debrief_html

    game = Game(usw, 2, humans=["PL"])
    assert "No decision preview was used." in debrief_html(game)
    run_preview(game, "event:posture-review", "PL", futures=4)
    assert advance_to(game, "orders")
    run_preview(game, "orders", "PL", futures=4)
    page = debrief_html(game)
    assert escape("Q1 2027: Poland previewed the options of 'Washington announces a European "
                  "posture review'.") in page
    assert escape("Q1 2027: Poland previewed its orders against the advisor's.") in page


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(scenario=st.sampled_from(["tutorial", "supply-line-crisis", "ammunition-cofunding"]),
       seed=st.integers(0, 2**32 - 1), steps=st.integers(0, 14))
def test_a_preview_anywhere_leaves_the_game_as_it_would_have_been(scenario, seed, steps):
    """Any scenario, seed and moment: previewing every open decision, then playing on with
    the same decisions, gives the game that was never previewed, bit for bit."""
    sc = load_scenario(scenario)
    seat = (sc.suggested_humans or sc.members)[0]
    looked, plain = Game(sc, seed, humans=[seat]), Game(sc, seed, humans=[seat])
    for _ in range(steps):
        if looked.phase == "ended":
            break
        for subject in preview_subjects(looked, seat):
            run_preview(looked, subject, seat, futures=3)
        default_step(looked)
        default_step(plain)
    assert _play_digest(looked) == _play_digest(plain)
    play_to_end(looked, until_turn=min(looked.state.turn + 2, sc.turns))
    play_to_end(plain, until_turn=min(plain.state.turn + 2, sc.turns))
    assert _play_digest(looked) == _play_digest(plain)
