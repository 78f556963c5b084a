"""The doctrines a balance run plays: every doctrine file in a folder, with what balance
needs to know of each (its name, the seat it names, the scenario it was written for, and
whether it is a single-lever or a thoughtful doctrine).

The files themselves are validated and run by the policy registry (`simulate --policy`
accepts the same paths); here only the few descriptive keys are read.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from autonomy_game.resources import data_path

SUFFIXES = (".yaml", ".yml")


@dataclass(frozen=True)
class DoctrineInfo:
    name: str
    spec: str  # what the policy registry is given: the file's path
    seat: str | None  # the seat the doctrine names, if any
    scenario: str | None  # the scenario it was written for, None for any
    lever: str  # "single" (all money into one lever), "thoughtful" or ""


def shipped_doctrines_dir() -> Path:
    """The project's own doctrines (`doctrines/`, shipped inside the wheel)."""
    return data_path("doctrines")


def _text(value: object) -> str | None:
    return value if isinstance(value, str) and value else None


def describe(path: Path) -> DoctrineInfo:
    """Read a doctrine's descriptive keys (a file that does not parse gets its file name and
    is left to the policy registry to report)."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        data = None
    data = data if isinstance(data, dict) else {}
    name = _text(data.get("name")) or path.stem
    kind = str(data.get("kind") or data.get("lever") or "").lower()
    if kind in ("single", "single-lever", "single_lever", "lever"):
        lever = "single"
    elif kind == "thoughtful" or "thoughtful" in path.stem:
        lever = "thoughtful"
    else:
        lever = ""
    return DoctrineInfo(name=name, spec=str(path), seat=_text(data.get("seat")),
                        scenario=_text(data.get("scenario")), lever=lever)


def find_doctrines(folder: Path) -> list[DoctrineInfo]:
    """Every doctrine file directly in `folder`, by file name."""
    files = sorted(p for p in folder.iterdir() if p.suffix in SUFFIXES and p.is_file())
    return [describe(p) for p in files]
