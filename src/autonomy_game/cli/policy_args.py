"""`--policy SEAT=POLICY` for the commands that play seats by policy (`simulate`, `play`).

A doctrine that names the seat it was written for (`seat: DE`) may be given alone
(`--policy doctrines/x.yaml`): it plays that seat. Everything else needs `SEAT=`.
"""

from __future__ import annotations

import argparse
from collections.abc import Iterable

POLICY_HELP = ("play SEAT (a member code) with POLICY: ai, passive, random, a doctrine file "
               "(.yaml) or a shipped doctrine's id; a doctrine that names its seat may be "
               "given alone; repeatable, seats not named stay AI")


def seat_policy(text: str) -> tuple[str | None, str]:
    """`DE=passive` -> ("DE", "passive"); `file.yaml` -> (None, "file.yaml"), its seat read
    from the doctrine once it is loaded. The policy itself is checked once the scenario is
    loaded (its seats are known then)."""
    seat, sep, policy = text.partition("=")
    if not sep:
        if not text.strip():
            raise argparse.ArgumentTypeError("expected SEAT=POLICY (e.g. DE=passive), got ''")
        return None, text.strip()
    if not seat.strip() or not policy.strip():
        raise argparse.ArgumentTypeError(f"expected SEAT=POLICY (e.g. DE=passive), got '{text}'")
    return seat.strip(), policy.strip()


def policy_specs(pairs: Iterable[tuple[str | None, str]]) -> dict[str, str]:
    """Seat -> policy spec, with the seat of a doctrine given alone read from its `seat:`.

    Raises PolicySpecError (a usage error) for a seat given twice or a policy given alone
    that names no seat; a doctrine with mistakes raises its load error (path:line:col)."""
    from autonomy_game.engine.policy.registry import PolicySpecError, make_policy

    specs: dict[str, str] = {}
    for seat, spec in pairs:
        if seat is None:
            try:
                policy = make_policy(spec)
            except PolicySpecError:
                raise PolicySpecError(f"expected SEAT=POLICY (e.g. DE=passive) or a doctrine "
                                      f"that names its seat, got '{spec}'") from None
            seat = getattr(getattr(policy, "doctrine", None), "seat", None)
            if seat is None:
                raise PolicySpecError(f"'{spec}' names no seat: expected SEAT=POLICY (e.g. "
                                      f"DE={spec}); only a doctrine with `seat:` may be given "
                                      "alone")
        if seat in specs:
            raise PolicySpecError(f"seat {seat} is given twice")
        specs[seat] = spec
    return specs
