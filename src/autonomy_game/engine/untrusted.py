"""The one place where values from outside (files, expressions, actions, saves) are judged.

Scenario files, saves and actions come from people and from the internet. Whatever they hold,
the game state must stay finite and inside each quantity's declared range, and every text
must be printable on a terminal, in HTML and in the window. So every entry point asks this
module, and nothing else, whether a value is acceptable:

- numbers: `number_problem` (finite, not a boolean, within the declared range and within
  `MAX_MAGNITUDE`); used by the scenario checker, the expression compiler (constants),
  actions (`Game.apply`) and saves (snapshot arrays via `array_problem`);
- texts: `text_problem` (no lone surrogates, NUL, control characters or escape sequences,
  newline and tab only where the field allows them, a length limit per field);
- run-time results: `safe_write` decides what an effect whose result is not finite does.
  The decision (documented in docs/reliability.md): a NaN result leaves the old value
  untouched in that game; an infinite or huge result is clamped to the name's declared
  range, which is always finite (`MAX_MAGNITUDE` at most). So no effect can poison a state.
"""

from __future__ import annotations

import math
import re
from typing import Any

import numpy as np

MAX_MAGNITUDE = 1e9
"""No number in a scenario, an expression constant, an action or a game state is larger in
magnitude: far beyond every real figure (€ bn, thousand rounds), far below float32's 3.4e38."""

MAX_STATE = 1e12
"""A game state may grow past `MAX_MAGNITUDE` by play (GDP growth on a figure an effect set
to the maximum); a loaded snapshot is held to this bound, still far inside float32."""

MAX_ACTION_TEXT = 64
"""Ids in actions (seat codes, initiative, event, hub ids) are at most this long."""

# Characters no text may hold: C0 controls but tab and newline (checked separately), DEL,
# C1 controls (U+0080-U+009F, among them CSI U+009B) and surrogates (U+D800-U+DFFF), which
# are not characters and cannot be encoded (a lone one breaks printing, HTML and the window).
_FORBIDDEN = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")
_LINE_BREAKS = re.compile("[\n\t\r]")


def describe_char(char: str) -> str:
    """How a refused character is named in an error message."""
    code = ord(char)
    if code == 0:
        return "a NUL character (U+0000)"
    if code == 0x1B:
        return "an escape character (U+001B, which starts terminal control sequences)"
    if 0xD800 <= code <= 0xDFFF:
        return f"a lone surrogate (U+{code:04X}), which is not a character"
    if char == "\n":
        return "a line break"
    if char == "\t":
        return "a tab"
    if char == "\r":
        return "a carriage return (U+000D)"
    return f"the control character U+{code:04X}"


def text_problem(value: str, *, max_length: int, multiline: bool = False) -> str | None:
    """Why `value` cannot be used as a text of this field, or None when it can.

    `multiline`: newline and tab are allowed (descriptions, briefings); elsewhere a text is
    one line (titles, names, labels). Checked with one regular expression scan: linear.
    """
    if len(value) > max_length:
        return f"is longer than {max_length} characters ({len(value)})"
    bad = _FORBIDDEN.search(value)
    if bad is None and not multiline:
        bad = _LINE_BREAKS.search(value)
    elif bad is None:
        bad = re.search("\r", value)
    if bad is not None:
        where = bad.start()
        allowed = " (this text must be one line)" if bad.group() in "\n\t" else ""
        return f"holds {describe_char(bad.group())} at character {where + 1}{allowed}"
    return None


def first_forbidden(value: str, *, multiline: bool = True) -> int | None:
    """Index of the first character `text_problem` would refuse (length aside), or None."""
    bad = _FORBIDDEN.search(value) or (None if multiline else _LINE_BREAKS.search(value))
    if bad is None and multiline:
        bad = re.search("\r", value)
    return bad.start() if bad is not None else None


def printable(value: str, limit: int = 200) -> str:
    """A text made safe to print whatever it holds: refused characters shown as escapes."""
    shown = value if len(value) <= limit else value[: limit - 1] + "…"
    return _FORBIDDEN.sub(lambda m: f"\\u{ord(m.group()):04x}", shown)


def number_problem(value: Any, low: float | None = None, high: float | None = None, *,
                   integer: bool = False) -> str | None:
    """Why `value` cannot be used as this number, or None when it can.

    Booleans are not numbers; Python ints of any size are compared exactly (a 4 000-digit
    integer is "too large", never an OverflowError).
    """
    if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)):
        return "is not a number"
    if isinstance(value, (float, np.floating)):
        if not math.isfinite(value):
            return "is not a finite number"
        if integer and not float(value).is_integer():
            return "is not a whole number"
    if abs(value) > MAX_MAGNITUDE:
        return f"is too large (numbers are at most {MAX_MAGNITUDE:g} in magnitude)"
    if low is not None and value < low:
        return f"is below {low:g}"
    if high is not None and value > high:
        return f"is above {high:g}"
    return None


def format_number(value: Any) -> str:
    """`{:g}` for any number, without OverflowError for huge integers."""
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) > MAX_MAGNITUDE:
        try:
            return f"a {len(str(abs(value)))}-digit number"
        except ValueError:  # beyond Python's limit for converting integers to text
            return "a number of thousands of digits"
    try:
        return f"{value:g}"
    except (OverflowError, TypeError, ValueError):
        return "a number"


def declared_range(low: float, high: float) -> tuple[float, float]:
    """A name's range made finite: what any stored value is clamped to."""
    return max(low, -MAX_MAGNITUDE), min(high, MAX_MAGNITUDE)


def safe_write(old: np.ndarray, new: np.ndarray, low: float, high: float) -> np.ndarray:
    """What is stored when an effect computes `new`: NaN keeps `old`, anything else is
    clamped to the declared (finite) range. The result is always finite when `old` is."""
    low, high = declared_range(low, high)
    clipped = np.clip(new, low, high)
    nan = np.isnan(clipped)
    if nan.any():
        return np.where(nan, old, clipped)
    return clipped  # the common case: no NaN, no second pass


def array_problem(array: np.ndarray, low: float = -MAX_STATE,
                  high: float = MAX_STATE) -> str | None:
    """Why a numeric array (from a save) cannot enter the state, or None."""
    if array.size == 0 or array.dtype.kind == "b":
        return None
    if array.dtype.kind == "f" and not np.isfinite(array).all():
        return "holds a value that is not a finite number"
    low, high = max(low, -MAX_STATE), min(high, MAX_STATE)
    smallest, largest = array.min(), array.max()
    if smallest < low or largest > high:
        bad = smallest if smallest < low else largest
        return f"holds {format_number(bad.item())}, outside {low:g}..{high:g}"
    return None
