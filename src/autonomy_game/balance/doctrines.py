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


def _lever(data: dict, stem: str) -> str:
    """"single" when all order money goes into one lever (`orders` with one share of 1) or
    the one lever is the spending level (`spending: max` with the advisor's orders);
    "thoughtful" for the project's thoughtful doctrines (by `kind` or name); else ""."""
    ident = f"{data.get('id', '')} {stem} {data.get('kind', '')}".lower()
    if "thoughtful" in ident:
        return "thoughtful"
    orders = data.get("orders")
    if isinstance(orders, dict):
        shares = [v for v in orders.values() if isinstance(v, int | float)]
        if shares and max(shares) >= 0.999:
            return "single"
    elif data.get("spending") == "max" and orders in (None, "ai"):
        return "single"
    return ""


def describe(path: Path) -> DoctrineInfo:
    """Read a doctrine's descriptive keys (a file that does not parse gets its file name and
    is left to the policy registry to report)."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        data = None
    data = data if isinstance(data, dict) else {}
    return DoctrineInfo(name=_text(data.get("id")) or path.stem, spec=str(path),
                        seat=_text(data.get("seat")), scenario=_text(data.get("scenario")),
                        lever=_lever(data, path.stem))


def find_doctrines(folder: Path) -> list[DoctrineInfo]:
    """Every doctrine file directly in `folder`, by file name."""
    files = sorted(p for p in folder.iterdir() if p.suffix in SUFFIXES and p.is_file())
    return [describe(p) for p in files]
