"""A scenario indicator's value in its unit, for people (top bar, quarter report, debrief).

One function, so the top bar, the report and the debrief never disagree on "149 kt".
"""

from __future__ import annotations


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


def format_change(change: float, unit: str) -> str:
    """A change with its sign: "+1", "−29 kt", "+3 %"."""
    sign = "+" if change > 0 else "−" if change < 0 else ""
    return sign + format_indicator(abs(change), unit)
