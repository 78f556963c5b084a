"""Which scenarios the start screen offers: the bundled ones and files in a user folder."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from autonomy_game.resources import user_data_dir
from autonomy_game.scenario.model import Scenario

DEFAULT_SCENARIO = "us-withdrawal"


@dataclass
class Entry:
    id: str
    title: str
    turns: int
    path: Path | None
    origin: str  # bundled | user | built-in
    scenario: Scenario | None = None  # loaded on first use
    error: str | None = None


def user_scenarios_dir() -> Path:
    """$AUTONOMY_GAME_HOME/scenarios, else the XDG data folder of the game."""
    return user_data_dir() / "scenarios"


@dataclass
class Catalog:
    entries: list[Entry] = field(default_factory=list)

    @classmethod
    def discover(cls, user_dir: Path | None = None) -> Catalog:
        entries: list[Entry] = []
        try:
            from autonomy_game.scenario import bundled_scenarios

            for info in bundled_scenarios():
                entries.append(Entry(info.id, info.title, info.turns, info.path, "bundled"))
        except ImportError:  # pragma: no cover - loader missing in a broken install
            pass
        folder = user_dir or user_scenarios_dir()
        if folder.is_dir():
            for path in sorted(folder.glob("*.y*ml")):
                entries.append(Entry(path.stem, path.stem, 0, path, "user"))
        return cls(_tutorial_first(entries))

    @classmethod
    def of(cls, *scenarios: Scenario) -> Catalog:
        """A catalog of scenarios already in memory (tests, screenshots)."""
        return cls([Entry(s.id, s.title, s.turns, None, "built-in", s) for s in scenarios])

    def load(self, entry: Entry) -> Scenario | None:
        if entry.scenario is not None or entry.error is not None:
            return entry.scenario
        try:
            from autonomy_game.scenario import load_scenario

            entry.scenario = load_scenario(entry.path)
            entry.title = entry.scenario.title
            entry.turns = entry.scenario.turns
        except Exception as error:  # shown on the start screen, never a traceback
            errors = getattr(error, "errors", None)
            entry.error = str(errors[0]) if errors else str(error)
        return entry.scenario

    def index_of(self, scenario_id: str | None) -> int:
        for k, entry in enumerate(self.entries):
            if entry.id == scenario_id:
                return k
        for k, entry in enumerate(self.entries):
            if entry.id == DEFAULT_SCENARIO:
                return k
        return 0


def _tutorial_first(entries: list[Entry]) -> list[Entry]:
    return sorted(entries, key=lambda e: (e.origin != "bundled", e.id != "tutorial", e.id))
