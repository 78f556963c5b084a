"""Join codes: short, random, unambiguous when read off a slip of paper or a projector."""

from __future__ import annotations

import secrets

# No 0/O, 1/I/L, 2/Z, 5/S, 8/B: a code read aloud or off a phone is typed right the first time.
ALPHABET = "ACDEFGHJKMNPQRTUVWXY34679"


def new_code(used: set[str], length: int = 6) -> str:
    """A fresh code from the system's secure random source, different from every code in
    `used` (which it joins). 25**6 = 244 million codes: guessing one in a lesson is hopeless
    behind the server's rate limit."""
    while True:
        code = "".join(secrets.choice(ALPHABET) for _ in range(length))
        if code not in used:
            used.add(code)
            return code
