"""Reading YAML data before (or without) trusting its shape.

The cross-reference checker and the builder both walk a document whose structure errors are
reported elsewhere (structure.py): a value of the wrong kind reads as empty here, so each of
them goes on and reports what it can, never a traceback.
"""

from __future__ import annotations

from typing import Any


def as_dict(value: Any) -> dict[Any, Any]:
    """`value` if it is a mapping, else an empty one."""
    return value if isinstance(value, dict) else {}


def as_list(value: Any) -> list[Any]:
    """`value` if it is a list, else an empty one."""
    return value if isinstance(value, list) else []
