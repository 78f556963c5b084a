"""Locate data files shipped with the game (maps, fonts, scenarios).

The same data lives in two places depending on how the game is run:

* **Installed wheel**: ``pyproject.toml`` force-includes the top-level
  ``assets/`` and ``scenarios/`` directories *inside* the package, so they
  sit next to this module (``autonomy_game/assets/...``).
* **Source tree / editable install**: the data stays at the repository root
  (``<repo>/assets/...``), two levels above ``src/autonomy_game``.

:func:`data_path` hides that difference so no other module has to know it.
"""

from __future__ import annotations

import importlib.resources
import os
from pathlib import Path

__all__ = ["REPO_ROOT", "data_path", "shipped_doctrine_paths", "user_data_dir"]

#: Repository root when running from a checkout (``src/autonomy_game/..``).
REPO_ROOT = Path(__file__).resolve().parents[2]


def _package_dir() -> Path | None:
    """The installed package directory, if it is a real directory on disk.

    ``importlib.resources`` is asked rather than ``__file__`` so that a
    custom loader is respected; a zip import yields a non-``Path``
    traversable, which we skip (the game is never shipped zipped).
    """
    try:
        root = importlib.resources.files("autonomy_game")
    except (ModuleNotFoundError, TypeError):  # pragma: no cover - defensive
        return None
    return root if isinstance(root, Path) else None


def data_path(*parts: str) -> Path:
    """Return the path of a shipped data file or directory.

    ``data_path("assets", "maps", "europe_laea.json")`` or
    ``data_path("scenarios", "us-withdrawal.yaml")``. The package directory
    is tried first, then the repository root.

    Raises:
        FileNotFoundError: if the file exists in neither place; the message
            lists both candidates to make a broken install easy to diagnose.
    """
    if not parts:
        raise ValueError("data_path() needs at least one path component")
    candidates: list[Path] = []
    pkg = _package_dir()
    if pkg is not None:
        candidates.append(pkg.joinpath(*parts))
    candidates.append(REPO_ROOT.joinpath(*parts))
    for candidate in candidates:
        if candidate.exists():
            return candidate
    tried = ", ".join(str(c) for c in candidates)
    raise FileNotFoundError(f"data file {'/'.join(parts)!r} not found (tried: {tried})")


def user_data_dir() -> Path:
    """The player's own folder (saves, scenarios): $AUTONOMY_GAME_HOME, else XDG data home."""
    home = os.environ.get("AUTONOMY_GAME_HOME")
    if home:
        return Path(home)
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "autonomy-game"


def shipped_doctrine_paths() -> list[Path]:
    """The doctrine files shipped with the game (`doctrines/*.yaml`), sorted by name; empty
    in a broken install. The wheel force-includes the top-level `doctrines/` like
    `scenarios/`."""
    try:
        directory = data_path("doctrines")
    except FileNotFoundError:
        return []
    return sorted(directory.glob("*.yaml")) if directory.is_dir() else []
