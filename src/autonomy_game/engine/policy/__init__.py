"""Policies: the AI, scripted doctrines, passive and random players, one interface.

`make_policy(spec)` builds one by name; `run_policies` plays a batch with a policy per seat;
`engine.turn.play_turn` is the turn they all go through (the live game's too).
"""

from autonomy_game.engine.policy.ai_policy import AIPolicy, is_ai
from autonomy_game.engine.policy.base import BatchRun, Policy, PolicyContext
from autonomy_game.engine.policy.builtin import PassivePolicy, RandomPolicy
from autonomy_game.engine.policy.registry import PolicySpecError, make_policy

__all__ = ["AIPolicy", "BatchRun", "PassivePolicy", "Policy", "PolicyContext",
           "PolicySpecError", "RandomPolicy", "is_ai", "make_policy"]
