"""The same game with one decision changed (engine/counterfactual.py)."""

from __future__ import annotations

import pytest

from autonomy_game.engine import actions as A
from autonomy_game.engine.counterfactual import (
    CounterfactualError,
    counterfactual,
    decision_points,
    replay_unchanged,
)
from autonomy_game.engine.game import Game, default_step
from autonomy_game.engine.preview import run_preview
from autonomy_game.engine.saves import state_digest
from autonomy_game.scenario.validate import load_scenario

FUTURES = 24


@pytest.fixture(scope="module")
def played() -> Game:
    """A hotseat game of us-withdrawal with an event choice, a vote and changed orders."""
    game = Game(load_scenario("us-withdrawal"), 6, humans=["DE"])
    while game.phase != "ended":
        if game.phase == "events" and game.pending and game.turn == 1:
            game.apply(A.ChooseOption("posture-review", "pledge"))
        elif game.phase == "council" and game.turn == 1 and game.agenda():
            game.apply(A.Vote("DE", game.agenda()[0], -1))
            game.advance()
        elif game.phase == "orders" and game.turn == 2:
            game.apply(A.SetDefencePct("DE", game.budget_limits("DE")[0]))
            game.apply(A.Procure("DE", "land", True, 0.0))
            game.apply(A.Procure("DE", "land", False, 0.0))
            game.advance()
        else:
            default_step(game)
    return game


def test_decision_points_list_choices_votes_and_a_seats_orders_once_a_quarter(played) -> None:
    points = decision_points(played)
    kinds = [p.subject.partition(":")[0] for p in points]
    assert kinds[:3] == ["event", "vote", "orders"]
    assert [p.number for p in points] == list(range(1, len(points) + 1))
    orders = points[2]
    assert (orders.turn, orders.seat, orders.last - orders.first) == (2, "DE", 2)
    assert points[0].taken == "pledge" and points[0].alternatives == ("timetable",)
    assert points[1].taken == "no" and "yes" in points[1].alternatives


def test_the_replay_with_nothing_changed_is_the_game_itself(played) -> None:
    assert state_digest(replay_unchanged(played)) == state_digest(played)


@pytest.mark.parametrize("number", [1, 2, 3])
def test_the_same_decision_reproduces_the_actual_outcome(played, number) -> None:
    point = decision_points(played)[number - 1]
    same = counterfactual(played, number, point.taken, futures=FUTURES)
    assert same.replayed_outcome == same.actual_outcome == played.outcome
    assert (same.skipped, same.advised) == (0, 0)
    assert [o.option for o in same.futures.options] == [point.taken]


@pytest.mark.parametrize("number", [1, 2, 3])
def test_another_decision_replays_another_game_beside_the_futures(played, number) -> None:
    point = decision_points(played)[number - 1]
    other = counterfactual(played, number, futures=FUTURES)
    assert other.alternative == point.alternatives[0]
    assert [o.option for o in other.futures.options] == [point.taken, point.alternatives[0]]
    assert other.replayed_outcome in ("victory", "partial", "failure", "defeat")
    assert all(sum(o.shares.values()) == pytest.approx(1.0) for o in other.futures.options)


def test_the_futures_are_the_preview_the_class_would_have_seen(played) -> None:
    """Decision 1 was taken on turn 1's events: the counterfactual's futures of each option
    are those a preview then would have shown, share for share."""
    cf = counterfactual(played, 1, futures=FUTURES)
    game = Game(played.scenario, played.seed, ["DE"])
    seen = run_preview(game, "event:posture-review", "DE", futures=FUTURES, record=False)
    shares = {o.option: o.shares for o in seen.options}
    for opt in cf.futures.options:
        assert opt.shares == shares[opt.option]
        assert opt.objective_rate is not None


def test_unknown_decisions_and_alternatives_are_refused(played) -> None:
    count = len(decision_points(played))
    with pytest.raises(CounterfactualError, match=f"the game has {count}"):
        counterfactual(played, count + 1, futures=4)
    with pytest.raises(CounterfactualError, match="not an alternative"):
        counterfactual(played, 1, "surrender", futures=4)


def test_report_lists_decisions_and_prints_a_counterfactual(played, tmp_path, capsys) -> None:
    import json

    from autonomy_game.cli.main import main
    from autonomy_game.engine.saves import save_game

    save = save_game(played, tmp_path / "game.json")
    assert main(["report", str(save), "--decisions"]) == 0
    listed = capsys.readouterr().out.splitlines()
    assert len(listed) == len(decision_points(played))
    assert listed[0].split()[0] == "1" and "[pledge; or timetable]" in listed[0]
    assert main(["report", str(save), "--counterfactual", "1", "--futures", "16"]) == 0
    text = capsys.readouterr().out
    assert "As played: pledge" in text and "changed: timetable" in text
    assert f"ended in {played.outcome}" in text
    assert main(["report", str(save), "--counterfactual", "2", "--alternative", "yes",
                 "--futures", "8", "--counterfactual-json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["alternative"] == "yes" and [f["option"] for f in data["futures"]] == ["no", "yes"]
    assert main(["report", str(save), "--counterfactual", "99"]) == 2
    assert "decision 99 does not exist" in capsys.readouterr().err
