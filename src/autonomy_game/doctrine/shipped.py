"""The doctrines shipped under `doctrines/`: list them and find one by id."""

from __future__ import annotations

from pathlib import Path

from autonomy_game.resources import shipped_doctrine_paths


def shipped_doctrines() -> dict[str, Path]:
    """Shipped doctrine id (the file name without .yaml) -> path, sorted by id."""
    return {path.stem: path for path in shipped_doctrine_paths()}


def resolve_doctrine_argument(argument: str | Path) -> Path:
    """A path for a path; a shipped doctrine's file for its id (`european-shells`); else the
    argument as a path (the loader then reports `no such file`)."""
    if isinstance(argument, Path):
        return argument
    text = str(argument)
    if not text.endswith((".yaml", ".yml")) and "/" not in text and not Path(text).exists():
        found = shipped_doctrines().get(text)
        if found is not None:
            return found
    return Path(text)
