"""Autonomy: a turn-based strategic simulation of European defence cooperation."""

__version__ = "0.1.0"
