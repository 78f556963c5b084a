"""Which policy cells a balance run plays, all on the same seeds.

A cell is one batch: who plays which seat (every seat not named stays the AI), which event
choices are forced, and optionally one event switched off. Cells are plain data (policy
specs as strings) so the plan can be printed, tested and turned into JSON; `run.py` turns the
specs into policy objects.

Policy specs used here, besides the registry's own ("ai", "passive", "random", a doctrine
path): "shift:+0.5" (the AI at another spending level, `SpendingShift`), "votes:no"
(`VotingOnly`), "audit" (`OrderAudit`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from autonomy_game.balance.doctrines import DoctrineInfo
from autonomy_game.engine.world import World

SPENDING_SHIFTS = (-0.5, 0.5)  # % GDP points around the AI's own path
VOTES = ("abstain", "no", "yes")
LARGEST_SEATS = 3


@dataclass(frozen=True)
class Cell:
    key: str  # unique in a plan, e.g. "passive@DE", "doctrine:buy-shells@all"
    group: str  # baseline, passive, random, doctrine-one, doctrine-all, spending, voting,
    #             forced, event-off, audit
    seats: dict[str, str] = field(default_factory=dict)  # seat code -> policy spec
    forced: dict[str, str] = field(default_factory=dict)  # event id -> option id
    event_off: str | None = None  # an event whose chance is set to 0
    sensible: bool = False  # one of the sensible policies of the variance analysis
    doctrine: str | None = None  # doctrine name, for doctrine cells
    lever: str = ""  # "single", "thoughtful" or "" for doctrine cells

    def to_json(self) -> dict[str, object]:
        return {"key": self.key, "group": self.group, "seats": self.seats,
                "forced": self.forced, "event_off": self.event_off, "sensible": self.sensible,
                "doctrine": self.doctrine, "lever": self.lever}


def largest_seats(world: World, count: int = LARGEST_SEATS) -> list[str]:
    """The member states with the largest population, largest first (ties by code order)."""
    order = sorted(range(len(world.codes)), key=lambda n: (-world.population[n], n))
    return [world.codes[n] for n in order[:count]]


def every_seat(world: World, spec: str) -> dict[str, str]:
    return {code: spec for code in world.codes}


def playable(doctrines: Sequence[DoctrineInfo], scenario: str) -> list[DoctrineInfo]:
    """The doctrines written for any scenario or for this one (a doctrine written for another
    scenario may name that scenario's events)."""
    return [d for d in doctrines if d.scenario in (None, scenario)]


def policy_cells(world: World, doctrines: Sequence[DoctrineInfo]) -> list[Cell]:
    """The AI baseline and every policy cell that does not depend on the baseline's games."""
    big = largest_seats(world)
    cells = [Cell("ai", "baseline", sensible=True)]
    for spec in ("passive", "random"):
        cells += [Cell(f"{spec}@{code}", spec, {code: spec}) for code in big]
        cells.append(Cell(f"{spec}@all", spec, every_seat(world, spec)))
    scenario = world.scenario.id
    for d in playable(doctrines, scenario):
        seat = d.seat if d.seat in world.codes else big[0]
        sensible = d.lever == "thoughtful"
        common = {"doctrine": d.name, "lever": d.lever, "sensible": sensible}
        cells.append(Cell(f"doctrine:{d.name}@{seat}", "doctrine-one", {seat: d.spec}, **common))
        cells.append(Cell(f"doctrine:{d.name}@all", "doctrine-all", every_seat(world, d.spec),
                          **common))
    for delta in SPENDING_SHIFTS:
        cells.append(Cell(f"ai{delta:+g}%gdp", "spending", every_seat(world, f"shift:{delta:+g}"),
                          sensible=True))
    for code in big:
        cells += [Cell(f"votes-{vote}@{code}", "voting", {code: f"votes:{vote}"})
                  for vote in VOTES]
    cells.append(Cell("ai-audit", "audit", {big[0]: "audit"}))
    return cells


def baseline_cells(world: World, fired: np.ndarray) -> list[Cell]:
    """Cells that need the baseline's games: every option of each choice event that fired
    in the baseline, forced on the AI; and every event that fired, switched off.

    `fired` is the baseline's [B, E]; events that never fired there have nothing to compare
    (they are reported as never fired).
    """
    cells = []
    ever = np.asarray(fired, bool).any(axis=0)
    for ev in world.events:
        if ev.choices and ever[ev.index]:
            cells += [Cell(f"force:{ev.id}={c.id}", "forced", forced={ev.id: c.id})
                      for c in ev.choices]
    for ev in world.events:
        if ever[ev.index]:
            cells.append(Cell(f"off:{ev.id}", "event-off", event_off=ev.id))
    return cells
