"""Saves: the scenario (id and content hash), the seed, the human seats and the decision list.

Because the game is deterministic, the decisions *are* the game: loading replays them from the
seed (a whole 24-turn game replays in tens of milliseconds), then checks the result against the
snapshot digest stored with the save, so a save made by a different rule version is refused
instead of silently diverging. Files are written atomically (temporary file, fsync, rename), so
a crash while saving leaves the previous save intact, and a corrupted file is refused whole.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
from pathlib import Path
from typing import Any

import numpy as np

from autonomy_game import __version__
from autonomy_game.engine.actions import IllegalAction, action_from_dict
from autonomy_game.engine.game import Game
from autonomy_game.scenario.model import Scenario

SAVE_FORMAT = "autonomy-save"
SAVE_VERSION = 1
MAX_SAVE_BYTES = 20 * 1024 * 1024
SNAPSHOT_FIELDS = ("defence_pct", "support", "cohesion", "deterrence", "capability",
                   "ammunition", "ukraine_front", "hub_health", "initiative_status")


class SaveError(Exception):
    """The save cannot be used; the message says why in words for the player."""


def state_digest(game: Game) -> str:
    """A fingerprint of the game state: equal digests mean the same game, bit for bit."""
    digest = hashlib.sha256()
    digest.update(f"{game.state.turn}:{game.phase}".encode())
    for name in SNAPSHOT_FIELDS:
        digest.update(np.ascontiguousarray(getattr(game.state, name)).tobytes())
    return digest.hexdigest()


def snapshot(game: Game) -> dict[str, Any]:
    """Readable headline figures plus the digest; shown on the start screen's Continue."""
    s = game.state
    return {
        "turn": game.turn,
        "phase": game.phase,
        "label": game.scenario.quarter_label(max(game.turn, 1)),
        "deterrence": round(float(s.deterrence[0]), 4),
        "cohesion": round(float(s.cohesion[0]), 4),
        "digest": state_digest(game),
    }


def scenario_reference(scenario: Scenario) -> str:
    """A bundled scenario is saved by id, a user's file by its absolute path."""
    from autonomy_game.resources import data_path

    try:
        bundled = data_path("scenarios", f"{scenario.id}.yaml").resolve()
    except FileNotFoundError:
        bundled = None
    if scenario.path and bundled and Path(scenario.path).resolve() == bundled:
        return scenario.id
    return str(Path(scenario.path).resolve()) if scenario.path else scenario.id


def to_document(game: Game) -> dict[str, Any]:
    body = {
        "format": SAVE_FORMAT,
        "version": SAVE_VERSION,
        "game_version": __version__,
        "scenario": {"ref": scenario_reference(game.scenario), "id": game.scenario.id,
                     "hash": game.scenario.content_hash},
        "seed": game.seed,
        "humans": list(game.humans),
        "decisions": [a.to_dict() for a in game.decisions],
        "snapshot": snapshot(game),
    }
    return {**body, "checksum": _checksum(body)}


def _checksum(body: dict[str, Any]) -> str:
    return hashlib.sha256(json.dumps(body, sort_keys=True).encode()).hexdigest()


def save_game(game: Game, path: str | Path) -> Path:
    """Write atomically: the old file stays until the new one is complete on disk."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    data = json.dumps(to_document(game), indent=1).encode()
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def read_document(path: str | Path) -> dict[str, Any]:
    """Read and check a save file's structure and checksum; SaveError when unusable."""
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > MAX_SAVE_BYTES:
            raise SaveError(f"{path}: not a save (file is {size} bytes)")
        document = json.loads(path.read_bytes().decode("utf-8"))
    except FileNotFoundError:
        raise SaveError(f"{path}: no such save") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError, RecursionError) as error:
        raise SaveError(f"{path}: the save is damaged and cannot be read ({error})") from None
    if not isinstance(document, dict) or document.get("format") != SAVE_FORMAT:
        raise SaveError(f"{path}: not an Autonomy save file")
    if document.get("version") != SAVE_VERSION:
        raise SaveError(f"{path}: save format version {document.get('version')!r} is not "
                        f"supported (this game reads version {SAVE_VERSION})")
    body = {k: v for k, v in document.items() if k != "checksum"}
    if document.get("checksum") != _checksum(body):
        raise SaveError(f"{path}: the save is damaged (checksum mismatch); it was not loaded")
    return document


def load_game(path: str | Path, scenario: Scenario | None = None) -> Game:
    """Rebuild a saved game by replaying its decisions; refuse anything that does not match."""
    document = read_document(path)
    try:
        ref = document["scenario"]["ref"]
        expected_hash = document["scenario"]["hash"]
        seed = int(document["seed"])
        humans = [str(h) for h in document["humans"]]
        decisions = [action_from_dict(a) for a in document["decisions"]]
        digest = document["snapshot"]["digest"]
    except (KeyError, TypeError, ValueError) as error:
        raise SaveError(f"{path}: the save is incomplete ({error})") from None
    if scenario is None:
        from autonomy_game.scenario.errors import ScenarioLoadError
        from autonomy_game.scenario.validate import load_scenario

        try:
            scenario = load_scenario(ref)
        except ScenarioLoadError as error:
            raise SaveError(f"{path}: its scenario '{ref}' cannot be loaded: "
                            f"{error.errors[0] if error.errors else error}") from None
    if scenario.content_hash != expected_hash:
        raise SaveError(f"{path}: the scenario '{ref}' has changed since this game was saved")
    try:
        game = Game(scenario, seed, humans)
        for action in decisions:
            game.apply(action)
    except (IllegalAction, ValueError) as error:
        raise SaveError(f"{path}: the saved decisions do not replay ({error})") from None
    if state_digest(game) != digest:
        raise SaveError(f"{path}: the save does not replay to the same game (made by another "
                        "version of the rules?)")
    return game


def saves_dir() -> Path:
    """Where autosaves live: $AUTONOMY_GAME_HOME/saves, else the XDG data directory."""
    from autonomy_game.resources import user_data_dir

    return user_data_dir() / "saves"


def autosave_path() -> Path:
    return saves_dir() / "autosave.json"


def enable_autosave(game: Game, path: Path | None = None) -> None:
    """Save after every resolved turn (the engine calls back when a turn ends)."""
    target = path or autosave_path()

    def write(g: Game) -> None:
        # An unwritable disk must not end a class: the game goes on unsaved.
        with contextlib.suppress(OSError):
            save_game(g, target)

    game.on_turn_end = write
