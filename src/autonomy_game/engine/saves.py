"""Saves: the scenario (id and content hash), the seed, the human seats, the decision list and
a snapshot of the current turn's start, for fast load.

Because the game is deterministic, the decisions *are* the game, and version 1 saves held
nothing else: loading replayed every decision from turn 1. Version 2 also stores the game's
turn-start checkpoint (`Game.checkpoint`: the whole `GameState`, the history, the reports and
the last Council's ballots), so loading restores it and replays only the current turn's
decisions. Arrays are stored exactly (dtype, shape, zlib-compressed little-endian bytes in
base64), never as decimal text, so the round trip is bit for bit.

A save file is untrusted input. The snapshot is checked against the scenario before use
(known fields only, allowed dtypes, the shapes `new_state` gives, no pickle anywhere, sizes
bounded), and after loading the game must match the stored digest, which covers the whole
state, the snapshot itself, the history and the reports: a save made by a different rule
version, or an edited one, is refused instead of silently diverging. One exception keeps a
class's save usable on another computer: matrix products may round differently on another
processor, so a game that misses the digest but matches the saved fingerprint loads: the
restored snapshot exactly (it comes from the file, so it is bit for bit on any machine), and
of what this turn's replay made, every whole-number field exactly and every float field's sum
to a millionth. That is the same game, replayed with other rounding. `load_game(...,
verify="replay")` replays from turn 1 as well and checks the snapshot against it. Files are
written atomically (temporary file, fsync, rename), so a crash while saving leaves the
previous save intact; a refused file is never touched.
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import dataclasses
import hashlib
import json
import os
import tempfile
import zlib
from pathlib import Path
from typing import Any, Literal

import numpy as np

from autonomy_game import __version__
from autonomy_game.engine.actions import Action, IllegalAction, action_from_dict
from autonomy_game.engine.game import Game, TurnCheckpoint
from autonomy_game.engine.history import History
from autonomy_game.engine.report import TurnReport
from autonomy_game.engine.state import GameState, new_state
from autonomy_game.engine.state_limits import field_ranges
from autonomy_game.engine.untrusted import MAX_STATE, array_problem
from autonomy_game.engine.world import World, build_world
from autonomy_game.scenario.model import Scenario

SAVE_FORMAT = "autonomy-save"
SAVE_VERSION = 2
READABLE_VERSIONS = (1, 2)  # version 1 (no snapshot) still loads, by full replay
MAX_SAVE_BYTES = 20 * 1024 * 1024
# The fields version 1 digests covered; kept to check version 1 saves.
V1_DIGEST_FIELDS = ("defence_pct", "support", "cohesion", "deterrence", "capability",
                    "ammunition", "ukraine_front", "hub_health", "initiative_status")
# The only dtypes a saved array may have (little-endian spellings): plain numbers and bools.
ALLOWED_DTYPES = {
    np.dtype(t).newbyteorder("<").str: np.dtype(t).newbyteorder("<")
    for t in (np.bool_, np.int8, np.int16, np.int32, np.int64, np.uint8, np.uint16, np.uint32,
              np.uint64, np.float32, np.float64)
}


class SaveError(Exception):
    """The save cannot be used; the message says why in words for the player."""


# -- digests --------------------------------------------------------------------------------


def _hash_state(digest: Any, label: str, state: GameState) -> None:
    for f in dataclasses.fields(state):
        value = getattr(state, f.name)
        if isinstance(value, np.ndarray):
            _hash_array(digest, f"{label}.{f.name}", value)
        else:
            digest.update(f"{label}.{f.name}={value!r};".encode())


def _hash_array(digest: Any, name: str, array: np.ndarray) -> None:
    dtype = array.dtype.newbyteorder("<")
    digest.update(f"{name}:{dtype.str}:{array.shape};".encode())
    digest.update(np.ascontiguousarray(array, dtype=dtype).tobytes())


def _hash_json(digest: Any, value: Any) -> None:
    digest.update(json.dumps(value, sort_keys=True).encode())


def state_digest(game: Game) -> str:
    """A fingerprint of the whole game: equal digests mean the same game, bit for bit.

    It covers the phase, every `GameState` field (iterated, so new fields are covered), the
    turn-start snapshot a save restores from, the history and the reports. A snapshot that
    was edited or made by other rules therefore changes the digest of the game it loads to,
    even where this turn's play would have overwritten the edited value.
    """
    digest = hashlib.sha256()
    digest.update(f"{game.state.turn}:{game.phase};".encode())
    _hash_state(digest, "state", game.state)
    for key, array in sorted(game.history.to_arrays().items()):
        _hash_array(digest, f"history.{key}", array)
    _hash_json(digest, [r.to_dict() for r in game.reports])
    _hash_json(digest, {"last_votes": game.last_votes, "passed": game.passed_this_turn})
    cp = game.checkpoint
    if cp is not None:
        _hash_state(digest, "checkpoint", cp.state)
        _hash_json(digest, {"index": cp.decision_index, "last_votes": cp.last_votes,
                            "passed": list(cp.passed), "history": len(cp.history),
                            "reports": len(cp.reports)})
    return digest.hexdigest()


def _v1_digest(game: Game) -> str:
    """The digest version 1 saves stored (a few state fields only)."""
    digest = hashlib.sha256()
    digest.update(f"{game.state.turn}:{game.phase}".encode())
    for name in V1_DIGEST_FIELDS:
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
        "fingerprint": state_fingerprint(game),
    }


FINGERPRINT_TOLERANCE = 1e-6  # relative, per float field's sum


def _sums(arrays: dict[str, Any]) -> dict[str, int | float]:
    """Each array's sum: exact (int) for whole numbers and bools, float64 for floats."""
    sums: dict[str, int | float] = {}
    for name, value in arrays.items():
        if isinstance(value, np.ndarray):
            if np.issubdtype(value.dtype, np.floating):
                # C order: the sum's rounding must not depend on how the array is laid out
                # in memory (a live state's transposed view, a loaded copy).
                sums[name] = float(value.astype(np.float64, order="C").sum())
            else:
                sums[name] = int(value.astype(np.int64).sum())
    return sums


def checkpoint_digest(game: Game) -> str | None:
    """The restored turn-start snapshot, bit for bit (state, history, reports, ballots)."""
    cp = game.checkpoint
    if cp is None:
        return None
    digest = hashlib.sha256()
    _hash_state(digest, "checkpoint", cp.state)
    for key, array in sorted(cp.history.to_arrays().items()):
        _hash_array(digest, f"history.{key}", array)
    _hash_json(digest, [r.to_dict() for r in cp.reports])
    _hash_json(digest, {"index": cp.decision_index, "last_votes": cp.last_votes,
                        "passed": list(cp.passed)})
    return digest.hexdigest()


def state_fingerprint(game: Game) -> dict[str, Any]:
    """What must agree for a game replayed on another processor (whose matrix products may
    round differently) to be the same game: see the module docstring."""
    state = {f.name: getattr(game.state, f.name) for f in dataclasses.fields(GameState)}
    return {"turn": game.state.turn, "phase": game.phase, "decisions": len(game.decisions),
            "checkpoint": checkpoint_digest(game), "fields": _sums(state),
            "history": _sums(game.history.to_arrays())}


def fingerprints_match(saved: Any, loaded: dict[str, Any]) -> bool:
    """Whole numbers equal, float sums within `FINGERPRINT_TOLERANCE` (relative)."""
    if not isinstance(saved, dict) or not isinstance(saved.get("fields"), dict):
        return False
    if loaded["checkpoint"] is None or any(
            saved.get(key) != loaded[key] for key in ("turn", "phase", "decisions", "checkpoint")):
        return False
    return all(_sums_close(saved.get(part), loaded[part]) for part in ("fields", "history"))


def _sums_close(theirs: Any, ours: dict[str, int | float]) -> bool:
    if not isinstance(theirs, dict) or set(theirs) != set(ours):
        return False
    for name, value in ours.items():
        other = theirs[name]
        if isinstance(value, int):
            if other != value:
                return False
        elif not isinstance(other, (int, float)) or not np.isfinite(other) or (
                abs(other - value) > FINGERPRINT_TOLERANCE * max(1.0, abs(value), abs(other))):
            return False
    return True


# -- arrays and the checkpoint as JSON -------------------------------------------------------


def encode_array(array: np.ndarray) -> dict[str, Any]:
    """dtype, shape and the raw little-endian bytes (zlib, base64): exact and compact."""
    dtype = array.dtype.newbyteorder("<")
    if dtype.str not in ALLOWED_DTYPES:
        raise TypeError(f"arrays of dtype {array.dtype} cannot be saved")
    raw = np.ascontiguousarray(array, dtype=dtype).tobytes()
    return {"dtype": dtype.str, "shape": list(array.shape),
            "zlib": base64.b64encode(zlib.compress(raw, 6)).decode("ascii")}


def decode_array(data: Any, template: np.ndarray, shape: tuple[int, ...], what: str) -> np.ndarray:
    """An array from `encode_array` output, checked against the dtype of `template` and the
    expected `shape`; SaveError (one line, naming `what`) on any difference. The compressed
    text is bounded by the expected size and inflated with a hard limit, so a small file
    cannot expand into a large allocation."""
    if not isinstance(data, dict) or set(data) != {"dtype", "shape", "zlib"}:
        raise SaveError(f"{what} is not an encoded array")
    name = data["dtype"]
    if not isinstance(name, str) or name not in ALLOWED_DTYPES:
        raise SaveError(f"{what} has dtype {name!r:.40}, which saves do not allow")
    dtype = ALLOWED_DTYPES[name]
    if dtype != template.dtype.newbyteorder("<"):
        raise SaveError(f"{what} has dtype {name}, expected {template.dtype.newbyteorder('<').str}")
    stored = data["shape"]
    if (not isinstance(stored, list)
            or not all(isinstance(n, int) and not isinstance(n, bool) for n in stored)
            or tuple(stored) != tuple(shape)):
        raise SaveError(f"{what} has shape {stored!r:.60}, expected {list(shape)}")
    nbytes = int(np.prod(shape, dtype=np.int64)) * dtype.itemsize
    packed = data["zlib"]
    limit = 4 * ((nbytes + nbytes // 100 + 64) // 3 + 1)  # zlib's worst case, in base64
    if not isinstance(packed, str) or len(packed) > limit:
        raise SaveError(f"{what}: the stored bytes are not of the expected size")
    try:
        inflate = zlib.decompressobj()
        raw = inflate.decompress(base64.b64decode(packed.encode("ascii"), validate=True), nbytes)
        if len(raw) == nbytes and not inflate.eof and inflate.decompress(
                inflate.unconsumed_tail, 1):
            raise SaveError(f"{what}: more bytes stored than its shape holds")
    except (binascii.Error, UnicodeEncodeError, zlib.error):
        raise SaveError(f"{what}: the stored bytes are damaged") from None
    if len(raw) != nbytes or not inflate.eof or inflate.unused_data:
        raise SaveError(f"{what}: the stored bytes do not match its shape")
    if dtype.kind == "b" and np.frombuffer(raw, np.uint8).max(initial=0) > 1:
        raise SaveError(f"{what}: a true/false array holds other values")
    return np.frombuffer(raw, dtype).reshape(shape).astype(template.dtype)


def _plain(value: Any, what: str) -> Any:
    """A non-array field as JSON: numbers, text and true/false only."""
    if isinstance(value, np.generic):
        value = value.item()
    if not isinstance(value, (bool, int, float, str)):
        raise TypeError(f"{what} of type {type(value).__name__} cannot be saved")
    return value


def encode_state(state: GameState) -> dict[str, Any]:
    """Every field of the state, found by iterating its dataclass fields."""
    return {f.name: (encode_array(v) if isinstance(v := getattr(state, f.name), np.ndarray)
                     else _plain(v, f"state field '{f.name}'"))
            for f in dataclasses.fields(state)}


def decode_state(data: Any, world: World, template: GameState | None = None) -> GameState:
    """A state for `world` from `encode_state` output. Every field `new_state(world, 1)` has
    (or `template`, when the caller has built it), with its type, dtype and shape, and
    nothing else; SaveError otherwise."""
    template = template if template is not None else new_state(world, 1)
    fields = {f.name: f for f in dataclasses.fields(template)}
    if not isinstance(data, dict):
        raise SaveError("the snapshot's state is not a mapping")
    unknown = sorted(str(k) for k in data if k not in fields)
    if unknown:
        raise SaveError(f"the snapshot has unknown state field(s): {', '.join(unknown)[:200]}")
    missing = sorted(k for k in fields if k not in data)
    if missing:
        raise SaveError(f"the snapshot lacks state field(s): {', '.join(missing)}")
    values: dict[str, Any] = {}
    ranges = field_ranges(world)  # every number finite and in its declared range
    for name in fields:
        expected, stored = getattr(template, name), data[name]
        if isinstance(expected, np.ndarray):
            values[name] = decode_array(stored, expected, expected.shape, f"state field '{name}'")
            low, high = ranges.get(name, (-MAX_STATE, MAX_STATE))
            problem = array_problem(values[name], low, high)
            if problem is not None:
                raise SaveError(f"state field '{name}' {problem}")
        elif type(stored) is not type(_plain(expected, name)):
            raise SaveError(f"state field '{name}' should be a {type(expected).__name__}")
        else:
            values[name] = stored
    if values.get("batch", 1) != template.batch:
        raise SaveError("the snapshot is not of one game")
    if not 0 <= values.get("turn", 0) <= world.turns:
        raise SaveError(f"the snapshot's turn is outside 0..{world.turns}")
    state = dataclasses.replace(template, **{k: v for k, v in values.items() if fields[k].init})
    for name, value in values.items():
        if not fields[name].init:
            setattr(state, name, value)
    return state


def encode_checkpoint(checkpoint: TurnCheckpoint) -> dict[str, Any]:
    return {
        "decision_index": checkpoint.decision_index,
        "state": encode_state(checkpoint.state),
        "history": {"record_members": checkpoint.history.record_members,
                    "series": {k: encode_array(v)
                               for k, v in checkpoint.history.to_arrays().items()}},
        "reports": [r.to_dict() for r in checkpoint.reports],
        "last_votes": checkpoint.last_votes,
        "passed": list(checkpoint.passed),
    }


def decode_checkpoint(data: Any, world: World, decisions: int) -> TurnCheckpoint:
    """Validate a stored checkpoint completely before anything uses it (SaveError if not)."""
    keys = {"decision_index", "state", "history", "reports", "last_votes", "passed"}
    if not isinstance(data, dict) or set(data) != keys:
        raise SaveError("the snapshot is incomplete")
    template = new_state(world, 1)
    state = decode_state(data["state"], world, template)
    index = data["decision_index"]
    if not isinstance(index, int) or isinstance(index, bool) or not 0 <= index <= decisions:
        raise SaveError("the snapshot does not point into the decision list")
    history = _decode_history(data["history"], state, template)
    stored_reports = data["reports"]
    if not isinstance(stored_reports, list) or len(stored_reports) != state.turn:
        raise SaveError(f"the snapshot should hold {state.turn} quarter reports")
    try:
        reports = tuple(TurnReport.from_dict(r) for r in stored_reports)
    except ValueError as error:
        raise SaveError(f"a quarter report in the snapshot is malformed ({error})") from None
    if [r.turn for r in reports] != list(range(1, state.turn + 1)):
        raise SaveError("the snapshot's quarter reports are out of order")
    return TurnCheckpoint(state, history, reports, _decode_votes(data["last_votes"], world),
                          _decode_passed(data["passed"], world), index)


def _decode_history(data: Any, state: GameState, template_state: GameState) -> History:
    if not isinstance(data, dict) or set(data) != {"record_members", "series"} \
            or not isinstance(data["record_members"], bool) \
            or not isinstance(data["series"], dict):
        raise SaveError("the snapshot's history is malformed")
    template = History(data["record_members"])
    template.record(template_state)
    expected = template.to_arrays()
    series = data["series"]
    if set(series) != set(expected):
        raise SaveError("the snapshot's history does not hold the expected series")
    length = state.turn + 1  # the start, then one entry per resolved turn
    arrays = {key: decode_array(series[key], entry, (length, *entry.shape[1:]),
                                f"history series '{key}'")
              for key, entry in expected.items()}
    for key, array in arrays.items():
        problem = array_problem(array)
        if problem is not None:
            raise SaveError(f"history series '{key}' {problem}")
    return History.from_arrays(arrays, data["record_members"])


def _decode_votes(data: Any, world: World) -> dict[str, dict[str, int]]:
    ok = isinstance(data, dict) and all(
        k in world.initiative_ids and isinstance(v, dict)
        and all(c in world.codes and type(b) is int and b in (-1, 0, 1) for c, b in v.items())
        for k, v in data.items())
    if not ok:
        raise SaveError("the snapshot's Council ballots are malformed")
    return {k: dict(v) for k, v in data.items()}


def _decode_passed(data: Any, world: World) -> tuple[str, ...]:
    if not isinstance(data, list) or not all(p in world.initiative_ids for p in data):
        raise SaveError("the snapshot's adopted initiatives are malformed")
    return tuple(data)


def checkpoints_equal(a: TurnCheckpoint, b: TurnCheckpoint) -> bool:
    """Bit for bit: every state field (value and dtype), the history, reports and ballots."""
    for f in dataclasses.fields(a.state):
        x, y = getattr(a.state, f.name), getattr(b.state, f.name)
        if isinstance(x, np.ndarray):
            if not (isinstance(y, np.ndarray) and x.dtype == y.dtype and x.shape == y.shape
                    and x.tobytes() == y.tobytes()):
                return False
        elif x != y:
            return False
    ha, hb = a.history.to_arrays(), b.history.to_arrays()
    if set(ha) != set(hb) or any(ha[k].dtype != hb[k].dtype or ha[k].shape != hb[k].shape
                                 or ha[k].tobytes() != hb[k].tobytes() for k in ha):
        return False
    return ([r.to_dict() for r in a.reports] == [r.to_dict() for r in b.reports]
            and a.last_votes == b.last_votes and a.passed == b.passed
            and a.decision_index == b.decision_index)


# -- files ----------------------------------------------------------------------------------


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
        # None only for a game that ended before its first turn; it then loads by replay.
        "checkpoint": encode_checkpoint(game.checkpoint) if game.checkpoint else None,
    }
    return {**body, "checksum": _checksum(body)}


def _checksum(body: dict[str, Any]) -> str:
    return hashlib.sha256(json.dumps(body, sort_keys=True).encode()).hexdigest()


def save_game(game: Game, path: str | Path) -> Path:
    """Write atomically: the old file stays until the new one is complete on disk."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    data = json.dumps(to_document(game), indent=1, allow_nan=False).encode()
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


def _refuse_constant(name: str) -> Any:
    """NaN, Infinity and -Infinity are not JSON: a save holding them is damaged."""
    raise ValueError(f"{name} is not a number a save may hold")


def read_document(path: str | Path) -> dict[str, Any]:
    """Read and check a save file's structure and checksum; SaveError when unusable."""
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > MAX_SAVE_BYTES:
            raise SaveError(f"{path}: not a save (file is {size} bytes)")
        document = json.loads(path.read_bytes().decode("utf-8"),
                              parse_constant=_refuse_constant)
    except FileNotFoundError:
        raise SaveError(f"{path}: no such save") from None
    except (OSError, ValueError, RecursionError) as error:  # ValueError: bad UTF-8, JSON, NaN
        raise SaveError(f"{path}: the save is damaged and cannot be read ({error})") from None
    if not isinstance(document, dict) or document.get("format") != SAVE_FORMAT:
        raise SaveError(f"{path}: not an Autonomy save file")
    version = document.get("version")
    if type(version) is not int or version not in READABLE_VERSIONS:
        newer = type(version) is int and version > SAVE_VERSION
        raise SaveError(f"{path}: save format version {version!r:.20} is not supported (this "
                        f"game reads versions {', '.join(map(str, READABLE_VERSIONS))}"
                        f"{'; it was made by a newer game' if newer else ''})")
    body = {k: v for k, v in document.items() if k != "checksum"}
    if document.get("checksum") != _checksum(body):
        raise SaveError(f"{path}: the save is damaged (checksum mismatch); it was not loaded")
    return document


def load_game(path: str | Path, scenario: Scenario | None = None, *,
              verify: Literal["digest", "replay"] = "digest") -> Game:
    """Rebuild a saved game; refuse anything that does not match.

    By default (`verify="digest"`) the snapshot is restored and only the current turn's
    decisions are replayed, then the game must match the stored digest. `verify="replay"`
    replays every decision from turn 1 instead and also checks that the snapshot equals the
    replayed game's (slower; for tests and tools). Version 1 saves have no snapshot and are
    always replayed whole.
    """
    if verify not in ("digest", "replay"):
        raise ValueError(f"verify is 'digest' or 'replay', not {verify!r}")
    document = read_document(path)
    version = document["version"]
    try:
        ref = document["scenario"]["ref"]
        expected_hash = document["scenario"]["hash"]
        seed = int(document["seed"])
        humans = [str(h) for h in document["humans"]]
        decisions = [action_from_dict(a) for a in document["decisions"]]
        digest = document["snapshot"]["digest"]
        stored = document["checkpoint"] if version >= 2 else None
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
    checkpoint, world = None, None
    if stored is not None:
        world = build_world(scenario)
        try:
            checkpoint = decode_checkpoint(stored, world, len(decisions))
        except SaveError as error:
            raise SaveError(f"{path}: the save's snapshot is refused: {error}") from None
    if checkpoint is None or verify == "replay":
        game = _replay(path, scenario, seed, humans, decisions)
        if checkpoint is not None and (game.checkpoint is None
                                       or not checkpoints_equal(checkpoint, game.checkpoint)):
            raise SaveError(f"{path}: the save's snapshot does not match its decisions")
    else:
        game = _restore(path, scenario, seed, humans, checkpoint, decisions, world)
    if version == 1:
        same = _v1_digest(game) == digest
    else:
        same = state_digest(game) == digest or fingerprints_match(
            document["snapshot"].get("fingerprint"), state_fingerprint(game))
    if not same:
        raise SaveError(f"{path}: the save does not load to the game that was saved (edited, "
                        "or made by another version of the rules?)")
    return game


def _replay(path: str | Path, scenario: Scenario, seed: int, humans: list[str],
            decisions: list[Action]) -> Game:
    try:
        game = Game(scenario, seed, humans)
        for action in decisions:
            game.apply(action)
    except (IllegalAction, ValueError) as error:
        raise SaveError(f"{path}: the saved decisions do not replay ({error})") from None
    return game


def _restore(path: str | Path, scenario: Scenario, seed: int, humans: list[str],
             checkpoint: TurnCheckpoint, decisions: list[Action], world: World | None) -> Game:
    try:
        return Game.restore(scenario, seed, humans, checkpoint, decisions, world)
    except (IllegalAction, ValueError) as error:
        raise SaveError(f"{path}: the saved decisions do not replay ({error})") from None
    except (ArithmeticError, IndexError, KeyError, TypeError) as error:
        # Values the checks above cannot rule out (an out-of-range code in a valid array)
        # must still end in a refusal, not a traceback on the start screen.
        raise SaveError(f"{path}: the save's snapshot is unusable "
                        f"({type(error).__name__}: {error})") from error


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
