"""Spending rules written as text: `hold`, `+0.1 per turn up to 3.5`, `match threat`, ...

A teacher writes the rule the way they would say it; this module reads it into a
`SpendingRule` or says what it expected.
"""

from __future__ import annotations

import math
import re

from autonomy_game.doctrine.model import (
    SPEND_AI,
    SPEND_CONSTANT,
    SPEND_HOLD,
    SPEND_MAX,
    SPEND_PATH,
    SPEND_STEP,
    SPEND_THREAT,
    SpendingRule,
)

_NUMBER = r"(\d+(?:\.\d*)?|\.\d+)"
_STEP = re.compile(rf"^([+-])\s*{_NUMBER}\s*(?:%\s*)?per\s+(?:turn|quarter)"
                   rf"(?:\s+(up|down)\s+to\s+{_NUMBER}\s*%?)?$")
_WORDS = {"hold": SPEND_HOLD, "ai": SPEND_AI, "max": SPEND_MAX, "match threat": SPEND_THREAT}
MAX_PCT = 10.0


def parse_spending(value: object) -> tuple[SpendingRule | None, str]:
    """The rule for a `spending` value, or None and the reason it cannot be read."""
    if isinstance(value, list):
        numbers = [v for v in value if isinstance(v, int | float) and not isinstance(v, bool)
                   and math.isfinite(v)]
        if not value or len(numbers) < len(value):
            return None, "expected a list of numbers"  # the structure check says where
        return SpendingRule(SPEND_PATH, tuple(float(v) for v in numbers)), ""
    if isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value):
        return SpendingRule(SPEND_CONSTANT, (float(value),)), ""
    if not isinstance(value, str):
        return None, "expected a list of numbers or a rule"
    text = " ".join(value.lower().split())
    if text in _WORDS:
        return SpendingRule(_WORDS[text]), ""
    match = _STEP.match(text)
    if match is None:
        return None, "cannot read this spending rule"
    sign, amount, direction, limit = match.groups()
    step = float(amount) * (1 if sign == "+" else -1)
    if direction is not None and (direction == "up") != (sign == "+"):
        return None, f"a {'rise' if sign == '+' else 'cut'} goes {'up' if sign == '+' else 'down'}"
    if step == 0:
        return None, "the step must not be 0"
    if abs(step) > 2:
        return None, "a step of more than 2 % of GDP per turn is not a plan"
    bound = float(limit) if limit is not None else (MAX_PCT if step > 0 else 0.0)
    if bound > MAX_PCT:
        return None, f"{bound:g} % of GDP is above the game's {MAX_PCT:g} % ceiling"
    return SpendingRule(SPEND_STEP, step=step, limit=bound), ""
