"""A scenario indicator's value in its unit, for people (top bar, quarter report, debrief).

One function, so the top bar, the report and the debrief never disagree on "149 kt"; and one
rule for a change's sign (`with_sign`), so no screen writes a hyphen for a fall or "+0".
"""

from __future__ import annotations

MINUS = "\u2212"  # the minus sign, not a hyphen: it lines up with "+"


def format_indicator(value: float, unit: str) -> str:
    if unit == "share":
        return f"{value * 100:.0f} %"
    if unit == "count":
        return f"{value:.0f}"
    if unit == "eur_bn":
        return f"€{value:.1f} bn"
    if unit == "kt":
        return f"{value:.0f} kt"
    if unit == "k_rounds":
        return f"{value:.0f}k rounds"
    return f"{value:.3g}"


def with_sign(change: float, magnitude: str) -> str:
    """`magnitude` (the change's absolute value, already written) led by the change's sign:
    "+" for a rise, "−" for a fall, nothing for no change."""
    return ("+" if change > 0 else MINUS if change < 0 else "") + magnitude


def format_change(change: float, unit: str) -> str:
    """A change with its sign: "+1", "−29 kt", "+3 %"."""
    return with_sign(change, format_indicator(abs(change), unit))


def format_points(change: float) -> str:
    """A change of a 0-1 share in percentage points, one decimal: "+1.2", "−0.4"."""
    return with_sign(change, f"{abs(change) * 100:.1f}")
