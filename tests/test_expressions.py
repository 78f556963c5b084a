"""The scenario expression language: safe, checked at compile time, vectorised over games."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from autonomy_game.engine.expressions import (
    EvalContext,
    ExpressionError,
    compile_expression,
    compile_statement,
)
from autonomy_game.engine.state import new_state
from autonomy_game.engine.world import build_world


@pytest.fixture()
def ctx(mini):
    world = build_world(mini)
    state = new_state(world, 3)
    state.cohesion[:] = [0.2, 0.5, 0.8]
    return EvalContext(state, world)


def value(text: str, ctx: EvalContext) -> list[float]:
    return compile_expression(text, ctx.world.names).evaluate(ctx).tolist()


def test_expression_is_evaluated_for_every_game_in_the_batch(ctx):
    assert value("cohesion >= 0.5", ctx) == [0.0, 1.0, 1.0]
    assert value("cohesion * 2 + 1", ctx) == pytest.approx([1.4, 2.0, 2.6])


def test_aggregates_reduce_over_member_states(ctx):
    pct = ctx.state.defence_pct[0]
    assert value("mean(defence_pct)", ctx)[0] == pytest.approx(pct.mean())
    assert value("count(defence_pct >= 2)", ctx)[0] == (pct >= 2).sum()
    assert value("max(defence_pct)", ctx)[0] == pytest.approx(pct.max())
    assert value("min(cohesion, 0.4)", ctx) == pytest.approx([0.2, 0.4, 0.4])


def test_state_and_network_names(ctx):
    assert value("PL.defence_pct", ctx)[0] == pytest.approx(4.07)
    assert value("hub.RZE.health", ctx) == [1.0, 1.0, 1.0]
    assert value("initiative.essi.adopted", ctx) == [0.0, 0.0, 0.0]


def test_statements_write_only_where_the_event_fired(ctx):
    compile_statement("cohesion += 0.1", ctx.world.names).execute(
        ctx, np.array([True, False, True]))
    assert ctx.state.cohesion.tolist() == pytest.approx([0.3, 0.5, 0.9])


def test_values_are_clamped_to_their_range(ctx):
    compile_statement("cohesion += 5", ctx.world.names).execute(ctx)
    assert ctx.state.cohesion.tolist() == [1.0, 1.0, 1.0]


def test_strike_is_softened_by_air_defence(ctx):
    h = ctx.world.hub_ids.index("RZE")
    ctx.state.hub_protection[1, h, 0] = 0.5
    compile_statement('strike("RZE", 0.6)', ctx.world.names).execute(ctx)
    assert ctx.state.hub_health[:, h].tolist() == pytest.approx([0.4, 0.7, 0.4])


def test_per_state_statement_applies_to_every_member(ctx):
    before = ctx.state.threat[:, 0].copy()
    compile_statement("threat.east += 0.05", ctx.world.names).execute(ctx)
    assert np.allclose(ctx.state.threat[:, 0], np.minimum(before + 0.05, 1.0))


@pytest.mark.parametrize("text, message, offset", [
    ("cohesin > 0.5", "did you mean 'cohesion'", 0),
    ("cohesion >", "syntax error", 10),
    ("__import__('os').system('ls')", "only plain function names", 0),
    ("__import__('os')", "unknown function '__import__'", 0),
    ("defence_pct > 2", "needs an aggregate", 0),
    ("x[0] > 1", "indexing", 0),
    ("turn > 2 and PL.threat.north > 0", "unknown name 'PL.threat.north'", 13),
    ("cohesion > 'high'", "only numbers", 11),
    ("(lambda: 1)()", "only plain function names", 0),
])
def test_bad_expressions_are_refused_with_a_place(ctx, text, message, offset):
    with pytest.raises(ExpressionError) as error:
        compile_expression(text, ctx.world.names)
    assert message in error.value.message
    assert error.value.offset == offset


@pytest.mark.parametrize("text, message", [
    ("turn = 3", "cannot be changed"),
    ("deterrence += 0.1", "cannot be changed"),
    ('strike("XYZ", 0.5)', "unknown hub 'XYZ'"),
    ('blockade("RZE", 0.5)', "unknown corridor"),
    ("cohesion", "assignment"),
    ("import os", "assignment"),
])
def test_bad_statements_are_refused(ctx, text, message):
    with pytest.raises(ExpressionError, match=message):
        compile_statement(text, ctx.world.names)


def test_us_drawdown_reads_each_games_pace_and_cannot_be_changed(ctx):
    # Each game draws its own background U.S. drawdown (parameters us_drawdown and
    # us_drawdown_spread); choices may read it (us-withdrawal's bets on Washington's pace),
    # but no effect may rewrite what Washington does.
    ctx.state.us_drawdown[:] = [0.021, 0.029, 0.037]
    assert value("(us_drawdown - 0.029) / 0.008", ctx) == pytest.approx([-1.0, 0.0, 1.0])
    with pytest.raises(ExpressionError, match="cannot be changed"):
        compile_statement("us_drawdown += 0.01", ctx.world.names)


def test_goal_naming_only_constants_is_not_dynamic(ctx):
    assert not compile_expression("sum(population) > 10", ctx.world.names).is_dynamic
    assert compile_expression("cohesion > 0.5", ctx.world.names).is_dynamic


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=80))
def test_any_text_either_compiles_or_raises_expression_error(text):
    from autonomy_game.engine.expressions import NameTable

    names = NameTable(["DE", "PL"], ["RZE"], ["PL_RAIL"], ["essi"])
    for compile_ in (compile_expression, compile_statement):
        try:
            compile_(text, names)
        except ExpressionError as error:
            assert 0 <= error.offset <= len(text)
