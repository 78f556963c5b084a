"""Issue 11, numbers: every number entering the state is finite and within its declared range.

Scenario figures, expression constants, effect results at run time, actions and loaded
snapshots all pass through engine/untrusted.py; each case the issue lists has a test here.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np
import pytest

from autonomy_game.engine import actions as A
from autonomy_game.engine.game import Game
from autonomy_game.engine.saves import SaveError, load_game, save_game
from autonomy_game.engine.simulate import simulate
from autonomy_game.engine.state import new_state
from autonomy_game.engine.state_limits import state_problems
from autonomy_game.engine.untrusted import MAX_MAGNITUDE, safe_write
from autonomy_game.engine.world import build_world
from autonomy_game.scenario import load_scenario
from autonomy_game.scenario.format_spec import SCENARIO
from autonomy_game.scenario.spec import Number, Record, Seq, Table
from tests.support.scenario_files import copy_base, errors_for, scenario_head

HEAD = scenario_head(turns=3)  # 8 lines: appended text starts on line 9
# 35 factors of 1e9: every constant is allowed, the product (1e315) is not a float.
HUGE = " * ".join(["1e9"] * 35)


@pytest.fixture
def workdir(tmp_path: Path) -> Path:
    return copy_base(tmp_path)


def effect_event(effect: str) -> str:
    return f"events:\n  - id: e\n    title: E\n    turn: 1\n    effects:\n      - \"{effect}\"\n"


# -- expression constants ---------------------------------------------------------------------


def test_an_infinite_expression_constant_is_refused_where_it_is_written(workdir):
    errors = errors_for(workdir, HEAD + effect_event("gdp = 1e999"))
    assert errors == ["s.yaml:14:16: error: events[0].effects[0]: the number 1e999 is not a "
                      "finite number"]


def test_a_constant_beyond_float32_for_a_capability_is_refused(workdir):
    # cap.land is float32: 1e39 would have become inf silently
    errors = errors_for(workdir, HEAD + effect_event("cap.land = 1e39"))
    assert errors == ["s.yaml:14:21: error: events[0].effects[0]: the number 1e39 is too large "
                      "(numbers are at most 1e+09 in magnitude)"]


def test_an_overflowing_product_in_a_trigger_is_refused_at_its_constant(workdir):
    event = "events:\n  - {id: e, title: E, when: \"gdp > 1e308 * 10\"}\n"
    errors = errors_for(workdir, HEAD + event)
    assert len(errors) == 1 and "the number 1e308 is too large" in errors[0]


# -- effects whose result is not finite at run time ------------------------------------------


def _scenario_with_effects(workdir: Path, *effects: str):
    items = "".join(f"      - \"{e}\"\n" for e in effects)
    text = HEAD + f"events:\n  - id: e\n    title: E\n    turn: 1\n    effects:\n{items}"
    (workdir / "s.yaml").write_text(text, encoding="utf-8")
    return load_scenario(workdir / "s.yaml")


def test_an_overflowing_effect_is_clamped_to_the_declared_range_and_play_stays_finite(workdir):
    scenario = _scenario_with_effects(workdir, f"DE.gdp = {HUGE}", f"cap.land = {HUGE}",
                                      f"var.x = -{HUGE}", f"eu_funds += {HUGE}")
    result = simulate(scenario, 50, 1)
    assert all(math.isfinite(s.mean) for s in result.indicators.values())
    assert sum(result.outcomes.values()) == 50
    game = Game(scenario, seed=1, humans=[])
    de = game.index("DE")
    assert game.state.gdp[0, de] == MAX_MAGNITUDE
    assert game.state.capability[0, 0].max() == np.float32(MAX_MAGNITUDE)
    assert game.state.variables[0].min() == -MAX_MAGNITUDE
    while game.phase != "ended":
        game.advance()
        assert state_problems(game.state, game.world) == []


def test_a_nan_result_leaves_the_old_value_and_infinity_is_clamped():
    old = np.array([0.5, 0.5, 0.5])
    new = np.array([np.nan, np.inf, -np.inf])
    assert safe_write(old, new, 0.0, 1.0).tolist() == [0.5, 1.0, 0.0]
    assert safe_write(old, new, -np.inf, np.inf).tolist() == [0.5, MAX_MAGNITUDE, -MAX_MAGNITUDE]


def test_every_number_of_the_format_has_a_finite_declared_range():
    def walk(spec, where):
        if isinstance(spec, Number):
            assert spec.low is not None and spec.high is not None, where
            assert abs(spec.low) <= MAX_MAGNITUDE and abs(spec.high) <= MAX_MAGNITUDE, where
        elif isinstance(spec, Seq):
            walk(spec.item, f"{where}[]")
        elif isinstance(spec, Table):
            walk(spec.value, f"{where}.*")
        elif isinstance(spec, Record):
            for name, field in spec.fields.items():
                walk(field.spec, f"{where}.{name}")

    walk(SCENARIO, "scenario")


# -- the validator never says "internal error" ------------------------------------------------


def test_a_4000_digit_number_is_a_located_error_and_other_errors_still_show(workdir):
    digits = "9" * 4000
    text = HEAD + f"europe:\n  cohesion: {digits}\n  eu_funds: -5\n"
    errors = errors_for(workdir, text)
    assert errors == [
        "s.yaml:10:13: error: europe.cohesion: a 4000-digit number is too large (numbers are "
        "at most 1e+09 in magnitude)",
        "s.yaml:11:13: error: europe.eu_funds: -5 is out of range (must be from 0 to 100000)",
    ]
    assert not any("internal error" in e for e in errors)


def test_a_failing_stage_becomes_a_located_error_and_checking_continues(workdir, monkeypatch):
    from autonomy_game.scenario import references

    def broken(self):
        raise ZeroDivisionError("surprise")

    monkeypatch.setattr(references.ReferenceChecker, "run", broken)
    errors = errors_for(workdir, HEAD + effect_event("cohesoin += 1"))
    assert any("checking references stopped early (ZeroDivisionError)" in e for e in errors)
    assert any("unknown name 'cohesoin'" in e for e in errors)  # the next stage still ran
    assert not any("internal error" in e for e in errors)


# -- actions ----------------------------------------------------------------------------------


def _council(eu27) -> tuple[Game, str]:
    game = Game(eu27, seed=5, humans=["PL", "DE"])
    game.advance()
    iid = next(a.initiative for a in game.legal_actions("PL") if isinstance(a, A.Propose))
    game.apply(A.Propose("PL", iid))
    return game, iid


@pytest.mark.parametrize("amount", [math.nan, math.inf, -math.inf, 1e300])
def test_a_side_payment_of_nan_or_infinity_is_refused_and_changes_nothing(eu27, amount):
    game, iid = _council(eu27)
    before = game.state.fiscal_space.copy(), len(game.decisions)
    with pytest.raises(A.IllegalAction, match="pay: amount is"):
        game.apply(A.SidePayment("PL", "DE", iid, amount))
    assert np.array_equal(game.state.fiscal_space, before[0]) and len(game.decisions) == before[1]
    game.apply(A.SidePayment("PL", "DE", iid, 0.5))  # a real amount still works


@pytest.mark.parametrize("action", [
    A.Persuade("PL", "DE", "x", math.nan),
    A.SetDefencePct("PL", math.inf),
    A.Procure("PL", "land", True, math.nan),
    A.AidUkraine("PL", math.nan, 0.0),
    A.Vote("PL", "x", 1.5),  # type: ignore[arg-type]
    A.Propose("PL", "\x1b[31mred"),
    A.Propose("PL", "x" * 65),
])
def test_every_action_field_is_checked_before_any_rule(eu27, action):
    game, _ = _council(eu27)
    with pytest.raises(A.IllegalAction):
        game.apply(action)


def test_a_saved_nan_amount_is_refused_when_read(eu27):
    entry = {"kind": "pay", "seat": "PL", "target": "DE", "initiative": "x", "amount": math.nan}
    with pytest.raises(ValueError, match="amount is not a finite number"):
        A.action_from_dict(entry)


# -- loaded snapshots -------------------------------------------------------------------------


def _saved(mini, tmp_path: Path) -> Path:
    game = Game(mini, seed=3, humans=["PL"])
    while game.turn < 2:
        game.advance()
    return save_game(game, tmp_path / "s.json")


def _edit_state(path: Path, name: str, value) -> None:
    from autonomy_game.engine.saves import _checksum, decode_array, encode_array

    document = json.loads(path.read_text())
    entry = document["checkpoint"]["state"][name]
    template = np.zeros(entry["shape"], dtype=np.dtype(entry["dtype"]))
    array = decode_array(entry, template, tuple(entry["shape"]), name)
    array.reshape(-1)[0] = value
    document["checkpoint"]["state"][name] = encode_array(array)
    body = {k: v for k, v in document.items() if k != "checksum"}
    document["checksum"] = _checksum(body)
    path.write_text(json.dumps(document))


@pytest.mark.parametrize("name, value, reason", [
    ("cohesion", math.nan, "state field 'cohesion' holds a value that is not a finite number"),
    ("gdp", math.inf, "state field 'gdp' holds a value that is not a finite number"),
    ("outcome", 7, "state field 'outcome' holds 7, outside 0..4"),
    ("support", -0.5, "state field 'support' holds -0.5, outside 0..1"),
])
def test_a_snapshot_value_out_of_range_is_refused_before_play(mini, tmp_path, name, value,
                                                              reason):
    path = _saved(mini, tmp_path)
    _edit_state(path, name, value)
    with pytest.raises(SaveError, match=reason.replace("(", r"\(").replace(")", r"\)")):
        load_game(path, mini)


def test_the_engine_keeps_the_declared_ranges_in_real_play(eu27):
    """The ranges a snapshot is held to are the ones real games keep (no false refusals)."""
    from autonomy_game.engine.turn import play_ai_turn, turn_streams

    for scenario_id in ("us-withdrawal", "supply-line-crisis", "ammunition-cofunding"):
        world = build_world(load_scenario(scenario_id))
        state = new_state(world, 200)
        seeds = np.random.SeedSequence(11)
        for turn in range(world.turns):
            play_ai_turn(world, state, turn_streams(seeds, turn), indicators_current=True)
            assert state_problems(state, world) == [], (scenario_id, turn)


def test_a_save_holding_a_nan_literal_is_refused(mini, tmp_path):
    path = _saved(mini, tmp_path)
    document = json.loads(path.read_text())
    document["seed"] = math.nan  # json.dumps writes the non-standard literal NaN
    path.write_text(json.dumps(document))
    with pytest.raises(SaveError, match="NaN is not a number a save may hold"):
        load_game(path, mini)


def test_a_free_shell_capacity_is_refused_by_its_declared_range(workdir):
    """Found by tools/fuzz.py: `capacity_cost: 0` validated, then industry investment divided
    by it and the capacity pipeline became infinite on turn 1."""
    errors = errors_for(workdir, HEAD + "ammunition:\n  capacity_cost: 0\n")
    assert errors == ["s.yaml:10:18: error: ammunition.capacity_cost: 0 is out of range (must "
                      "be from 0.0001 to 10)"]
