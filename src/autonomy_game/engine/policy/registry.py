"""Policies by name: `ai`, `passive`, `random`, a doctrine file (`.yaml` / `.yml`) or the id of
a shipped doctrine (`european-shells`)."""

from __future__ import annotations

from autonomy_game.engine.policy.ai_policy import AIPolicy
from autonomy_game.engine.policy.base import Policy
from autonomy_game.engine.policy.builtin import PassivePolicy, RandomPolicy

BUILT_IN = {"ai": AIPolicy, "passive": PassivePolicy, "random": RandomPolicy}
DOCTRINE_SUFFIXES = (".yaml", ".yml")


class PolicySpecError(ValueError):
    """A policy name or seat that does not exist: a usage error, one line for the player."""


def make_policy(spec: str) -> Policy:
    """The policy a spec names: a built-in name or the path of a doctrine file.

    Doctrine files are loaded (and validated) by the doctrine package; its errors say
    `path:line:col: error: ...` and propagate as its own exception type.
    """
    name = spec.strip()
    if name.lower() in BUILT_IN:
        return BUILT_IN[name.lower()]()
    if name.lower().endswith(DOCTRINE_SUFFIXES) or _shipped_doctrine(name):
        try:
            from autonomy_game.doctrine import load_doctrine
            from autonomy_game.engine.policy.doctrine import DoctrinePolicy
        except ImportError:
            raise PolicySpecError(
                f"doctrine files need the doctrine package (autonomy_game.doctrine), which "
                f"this build does not have: cannot use '{spec}'") from None
        return DoctrinePolicy(load_doctrine(name))
    raise PolicySpecError(f"unknown policy '{spec}': use {', '.join(BUILT_IN)}, a doctrine "
                          "file ending .yaml or a shipped doctrine (doctrines/: "
                          "european-shells, thoughtful-us-withdrawal, ...)")


def _shipped_doctrine(name: str) -> bool:
    """Whether `name` is the id of a doctrine shipped under doctrines/ (european-shells)."""
    try:
        from autonomy_game.doctrine.shipped import shipped_doctrines
    except ImportError:
        return False
    return name in shipped_doctrines()


def seat_policies(codes: list[str], policies: object) -> dict[int, tuple[str, Policy]]:
    """Member index -> (name to report, policy) from a mapping of seat codes to policies or
    specs; an unknown seat or policy is a PolicySpecError. Seats named `ai` are left out."""
    result: dict[int, tuple[str, Policy]] = {}
    for code, given in dict(policies or {}).items():  # type: ignore[call-overload]
        if code not in codes:
            raise PolicySpecError(f"'{code}' is not a member state in this scenario "
                                  f"(members: {' '.join(codes)})")
        policy = make_policy(given) if isinstance(given, str) else given
        if isinstance(policy, AIPolicy):
            continue
        result[codes.index(code)] = (given if isinstance(given, str) else policy.name, policy)
    return result
