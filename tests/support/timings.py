"""Results compared apart from their timings (wall times differ from run to run)."""

from __future__ import annotations


def without_timing(value):
    """`value` (JSON-like) with every key that holds a time (`elapsed*`, `*_s`) left out."""
    if isinstance(value, dict):
        return {k: without_timing(v) for k, v in value.items()
                if "elapsed" not in k and not k.endswith("_s")}
    if isinstance(value, list):
        return [without_timing(v) for v in value]
    return value
