"""One rule for a change's sign on every screen (top bar, orders, quarter report, debrief)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from autonomy_game.engine.indicator_format import (
    MINUS,
    format_change,
    format_indicator,
    format_points,
    with_sign,
)

changes = st.floats(min_value=-5.0, max_value=5.0, allow_nan=False)


@given(changes)
def test_a_rise_reads_plus_a_fall_the_minus_sign_and_no_change_no_sign(change):
    text = format_points(change)
    assert text.startswith("+") == (change > 0)
    assert text.startswith(MINUS) == (change < 0)
    assert "-" not in text  # never a hyphen for a fall
    assert float(text.lstrip("+" + MINUS)) == float(f"{abs(change) * 100:.1f}")


@given(changes, st.sampled_from(["share", "count", "eur_bn", "kt", "k_rounds", "index"]))
def test_every_unit_takes_the_same_sign_rule(change, unit):
    sign = "+" if change > 0 else MINUS if change < 0 else ""
    assert format_change(change, unit) == sign + format_indicator(abs(change), unit)
    assert with_sign(change, "x") == sign + "x"


def test_the_top_bar_and_report_examples_read_as_people_write_them():
    assert format_points(0.012) == "+1.2"
    assert format_points(-0.004) == f"{MINUS}0.4"
    assert format_points(0.0) == "0.0"
    assert format_change(-29.0, "kt") == f"{MINUS}29 kt"
    assert format_change(0.03, "share") == "+3 %"
