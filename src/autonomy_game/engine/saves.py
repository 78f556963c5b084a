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
import datetime
import hashlib
import json
import os
import re
import stat
import tempfile
import time
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import numpy as np

from autonomy_game import __version__
from autonomy_game.engine.actions import Action, IllegalAction, action_from_dict
from autonomy_game.engine.game import PHASES, Game, TurnCheckpoint
from autonomy_game.engine.history import History
from autonomy_game.engine.report import TurnReport
from autonomy_game.engine.state import GameState, new_state
from autonomy_game.engine.state_limits import field_ranges
from autonomy_game.engine.untrusted import (
    MAX_STATE,
    array_problem,
    number_problem,
    printable,
    text_problem,
)
from autonomy_game.engine.world import World, build_world
from autonomy_game.scenario.format_spec import MAX_TURNS
from autonomy_game.scenario.merge import MAX_EXTENDS_DEPTH
from autonomy_game.scenario.model import Scenario
from autonomy_game.scenario.yaml_loader import MAX_BYTES

SAVE_FORMAT = "autonomy-save"
SAVE_VERSION = 4  # 3: the scenario's content is stored; 4: counter-based random streams
READABLE_VERSIONS = (4,)
# Versions 1-3 replay their decisions with the random streams of before engine/streams.py:
# this game would play them differently, so they are refused with a message saying why.
RETIRED_VERSIONS = (1, 2, 3)
MAX_SAVE_BYTES = 20 * 1024 * 1024
MAX_DECISIONS = 200_000  # a 40-turn game of 27 human seats makes a few thousand
SAVE_SUFFIX = ".json"
DAMAGED_SUFFIX = ".damaged"
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
    """The save cannot be used; the message says why in words for the player.

    The message may quote the file (an unknown field's name), so it is made printable:
    a lone surrogate or an escape character would break the terminal, the window or HTML."""

    def __init__(self, message: str) -> None:
        super().__init__(printable(message, 2_000))


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
    """A bundled scenario is saved by id, a user's file by its absolute path (informative
    since version 3: the content itself is stored)."""
    from autonomy_game.resources import data_path

    try:
        bundled = data_path("scenarios", f"{scenario.id}.yaml").resolve()
    except (FileNotFoundError, ValueError):
        bundled = None
    try:
        own = Path(scenario.path).resolve() if scenario.path else None
    except (OSError, ValueError, RuntimeError):
        own = None
    if own is not None and bundled is not None and own == bundled:
        return scenario.id
    return str(own) if own is not None and own.is_file() else scenario.id


def scenario_entry(scenario: Scenario) -> dict[str, Any]:
    """How a save names its scenario: reference, id, content hash and the content itself
    (the file, then each base, as text), so the game continues after the file changes."""
    return {"ref": scenario_reference(scenario), "id": scenario.id,
            "hash": scenario.content_hash,
            "files": [raw.decode("utf-8") for raw in scenario.source_files]}


SAVEABLE_POLICIES = ("ai", "passive", "random")


def saved_policies(game: Game) -> dict[str, str]:
    """The seats' policies as a save stores them: built-in names only (a save never makes the
    game read another file); anything else cannot be saved (ValueError)."""
    from autonomy_game.engine.policy.registry import BUILT_IN

    if game.batch != 1:
        raise ValueError("a save holds one game; this Game plays a batch")
    named: dict[str, str] = {}
    for seat, policy in game.policies.items():
        name = policy.strip().lower() if isinstance(policy, str) else None
        if name is None:
            name = next((k for k, cls in BUILT_IN.items() if type(policy) is cls), None)
        if name not in SAVEABLE_POLICIES:
            raise ValueError(f"{seat}'s policy cannot be saved: saves keep only "
                             f"{', '.join(SAVEABLE_POLICIES)}")
        named[seat] = name
    return named


def _read_policies(document: dict[str, Any]) -> dict[str, str]:
    policies = document.get("policies", {})
    if not isinstance(policies, dict) or not all(
            isinstance(k, str) and v in SAVEABLE_POLICIES for k, v in policies.items()):
        raise ValueError("policies must map seats to one of " + ", ".join(SAVEABLE_POLICIES))
    return dict(policies)


def to_document(game: Game) -> dict[str, Any]:
    policies = saved_policies(game)
    body = {
        "format": SAVE_FORMAT,
        "version": SAVE_VERSION,
        "game_version": __version__,
        "scenario": scenario_entry(game.scenario),
        "seed": game.seed,
        "humans": list(game.humans),
        **({"policies": policies} if policies else {}),  # absent: every other seat is AI
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
    write_atomically(path, json.dumps(to_document(game), indent=1, allow_nan=False).encode())
    return path


def write_atomically(path: Path, data: bytes) -> None:
    """Write `data` to `path` through a temporary file in the same folder, synced, then
    renamed over it: a reader sees the old file or the whole new one, never half of it."""
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


def read_limited(path: str | Path, limit: int = MAX_SAVE_BYTES) -> bytes:
    """A file's bytes, refusing before reading anything but a regular file of at most
    `limit` bytes: a device (`/dev/zero`) or a pipe (a FIFO would block) is never read.
    Opened without blocking, then checked on the open file, so nothing can swap it between.
    SaveError for every problem."""
    path = Path(path)
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except FileNotFoundError:
        raise SaveError(f"{path}: no such save") from None
    except IsADirectoryError:
        raise SaveError(f"{path}: is a folder, not a save") from None
    except (OSError, ValueError) as error:
        raise SaveError(f"{path}: cannot be read ({_reason(error)})") from None
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise SaveError(f"{path}: is a folder, not a save")
        if not stat.S_ISREG(info.st_mode):
            raise SaveError(f"{path}: is not a regular file (a device or a pipe); not read")
        if info.st_size > limit:
            raise SaveError(f"{path}: not a save (file is {info.st_size} bytes; saves are at "
                            f"most {limit // 2**20} MB)")
        with os.fdopen(fd, "rb", closefd=False) as handle:
            data = handle.read(limit + 1)
    except OSError as error:
        raise SaveError(f"{path}: cannot be read ({_reason(error)})") from None
    finally:
        os.close(fd)
    if len(data) > limit:
        raise SaveError(f"{path}: not a save (more than {limit // 2**20} MB)")
    return data


def _reason(error: BaseException) -> str:
    return (getattr(error, "strerror", None) or str(error) or type(error).__name__)[:200]


def _refuse_constant(name: str) -> Any:
    """NaN, Infinity and -Infinity are not JSON: a save holding them is damaged."""
    raise ValueError(f"{name} is not a number a save may hold")


def read_document(path: str | Path) -> dict[str, Any]:
    """Read a save and check its structure, every field's type and range and its checksum
    before anything is built from it; SaveError when unusable."""
    path = Path(path)
    raw = read_limited(path)
    try:
        document = json.loads(raw.decode("utf-8"), parse_constant=_refuse_constant)
    except (ValueError, RecursionError) as error:  # ValueError: bad UTF-8, JSON, NaN
        raise SaveError(f"{path}: the save is damaged and cannot be read "
                        f"({_reason(error)})") from None
    if not isinstance(document, dict) or document.get("format") != SAVE_FORMAT:
        raise SaveError(f"{path}: not an Autonomy save file")
    version = document.get("version")
    if type(version) is int and version in RETIRED_VERSIONS:
        raise SaveError(f"{path}: this save (format version {version}) was made by an earlier "
                        f"version of the game, whose random numbers were drawn differently: "
                        f"this version ({__version__}) would not replay the same game, so it "
                        f"does not load it. Open it with the game version that made it.")
    if type(version) is not int or version not in READABLE_VERSIONS:
        newer = type(version) is int and version > SAVE_VERSION
        made_by = document.get("game_version")
        made_by = f", version {made_by}" if isinstance(made_by, str) and len(made_by) < 40 \
            and made_by.isprintable() else ""
        raise SaveError(f"{path}: save format version {version!r:.20} is not supported (this "
                        f"game, version {__version__}, reads save versions "
                        f"{', '.join(map(str, READABLE_VERSIONS))}"
                        f"{f'; it was made by a newer game{made_by}' if newer else ''})")
    body = {k: v for k, v in document.items() if k != "checksum"}
    if document.get("checksum") != _checksum(body):
        raise SaveError(f"{path}: the save is damaged (checksum mismatch); it was not loaded")
    problem = document_problem(document)
    if problem is not None:
        raise SaveError(f"{path}: the save is damaged ({problem}); it was not loaded")
    return document


_HEX = frozenset("0123456789abcdef")
_TOP_KEYS = {"format", "version", "scenario", "seed", "humans", "decisions", "snapshot",
             "checksum"}


def document_problem(document: dict[str, Any]) -> str | None:
    """The first field of a save document whose type or range is wrong, or None.

    The checksum is not a signature (anyone can recompute it), so this is what keeps an
    edited save from reaching the game: `"snapshot": []`, a numeric `scenario.ref`,
    `outcome: 7` (in the checkpoint, checked by `decode_state`) are refused here or there,
    never by a traceback."""
    version = document["version"]
    allowed = _TOP_KEYS | {"game_version", "checkpoint", "policies"}
    unknown = sorted(str(k)[:40] for k in document if k not in allowed)
    if unknown:
        return f"unknown field(s) {', '.join(unknown)[:200]}"
    missing = sorted(k for k in _TOP_KEYS | ({"checkpoint"} if version >= 2 else set())
                     if k not in document)
    if missing:
        return f"missing field(s) {', '.join(missing)}"
    if "game_version" in document and _text_problem(document["game_version"], 40):
        return "game_version is not a short text"
    problem = _scenario_problem(document["scenario"], version)
    if problem:
        return f"scenario: {problem}"
    seed = document["seed"]
    if type(seed) is not int or not 0 <= seed < 2**63:
        return "seed is not a whole number from 0 to 2^63 - 1"
    humans = document["humans"]
    if (not isinstance(humans, list) or len(humans) > 64
            or len(set(map(str, humans))) != len(humans)
            or not all(isinstance(h, str) and len(h) == 2 and h.isascii() and h.isupper()
                       for h in humans)):
        return "humans is not a list of distinct state codes"
    policies = document.get("policies", {})
    if not isinstance(policies, dict) or len(policies) > 64 or not all(
            isinstance(k, str) and len(k) == 2 and k.isascii() and k.isupper()
            and k not in humans and v in SAVEABLE_POLICIES for k, v in policies.items()):
        return ("policies is not a mapping of non-human state codes to "
                + ", ".join(SAVEABLE_POLICIES))
    decisions = document["decisions"]
    if not isinstance(decisions, list) or len(decisions) > MAX_DECISIONS \
            or not all(isinstance(d, dict) for d in decisions):
        return f"decisions is not a list of at most {MAX_DECISIONS} actions"
    problem = _snapshot_problem(document["snapshot"])
    if problem:
        return f"snapshot: {problem}"
    checkpoint = document.get("checkpoint")
    if checkpoint is not None and not isinstance(checkpoint, dict):
        return "checkpoint is not a mapping"
    return None


def _text_problem(value: Any, limit: int) -> bool:
    return not isinstance(value, str) or text_problem(value, max_length=limit) is not None


def _scenario_problem(entry: Any, version: int) -> str | None:
    if not isinstance(entry, dict):
        return "not a mapping"
    keys = {"ref", "id", "hash"} | ({"files"} if version >= 3 else set())
    if set(entry) != keys:
        return f"expected the fields {', '.join(sorted(keys))}"
    if _text_problem(entry["ref"], 4096) or not entry["ref"]:
        return "ref is not a short text"
    if _text_problem(entry["id"], 40):
        return "id is not a short text"
    if _text_problem(entry["hash"], 128):
        return "hash is not a short text"
    files = entry.get("files", [])
    if not isinstance(files, list) or len(files) > MAX_EXTENDS_DEPTH + 1 or not all(
            isinstance(f, str) and len(f) <= MAX_BYTES for f in files):
        return "files is not a list of scenario texts"
    return None


def _snapshot_problem(snap: Any) -> str | None:
    if not isinstance(snap, dict):
        return "not a mapping"
    if type(snap.get("turn")) is not int or not 0 <= snap["turn"] <= MAX_TURNS:
        return f"turn is not a whole number from 0 to {MAX_TURNS}"
    if snap.get("phase") not in PHASES:
        return f"phase is not one of {', '.join(PHASES)}"
    if _text_problem(snap.get("label", ""), 40):
        return "label is not a short text"
    for name in ("deterrence", "cohesion"):
        if name in snap and number_problem(snap[name], 0.0, 1.0) is not None:
            return f"{name} is not a number from 0 to 1"
    digest = snap.get("digest")
    if not isinstance(digest, str) or len(digest) != 64 or not set(digest) <= _HEX:
        return "digest is not a sha256 digest"
    if "fingerprint" in snap and not isinstance(snap["fingerprint"], dict):
        return "fingerprint is not a mapping"
    return None


def stored_scenario(document: dict[str, Any], path: str | Path) -> Scenario | None:
    """The scenario from the copy a save holds (version 3), or None when it holds none.
    SaveError when the copy is damaged: then, and only then, the save cannot continue."""
    from autonomy_game.scenario.validate import check_bytes, content_hash

    entry = document["scenario"]
    files = entry.get("files") or []
    if not files:
        return None
    try:
        raws = [text.encode("utf-8") for text in files]
    except UnicodeEncodeError:
        raise SaveError(f"{path}: the save's copy of its scenario is damaged") from None
    if content_hash(raws) != entry["hash"]:
        raise SaveError(f"{path}: the save's copy of its scenario is damaged (its content "
                        "does not match its hash)")
    display = f"{entry['id']} (the copy in {Path(path).name})"
    result = check_bytes(raws[0], Path(f"{entry['id']}.yaml"), display, stored_bases=raws[1:])
    if result.errors or result.scenario is None or result.is_base_data:
        first = result.errors[0] if result.errors else "not a playable scenario"
        raise SaveError(f"{path}: the save's copy of its scenario is refused: {first}")
    return result.scenario


def referenced_scenario(ref: str, path: str | Path) -> Scenario:
    """The scenario a version 1 or 2 save names (they hold no copy). `ref` is untrusted: a
    bundled id, or a .yaml file inside a folder the game knows (the bundled scenarios, the
    player's data folder, the save's own folder); anything else is refused unread."""
    from autonomy_game.scenario.errors import ScenarioLoadError
    from autonomy_game.scenario.validate import load_scenario

    target = _known_scenario_path(ref, Path(path))
    if target is None:
        raise SaveError(f"{path}: its scenario '{printable(ref, 80)}' is not a bundled "
                        "scenario or a .yaml file in a folder the game reads scenarios from "
                        "(the player's data folder or the save's folder); it was not opened")
    try:
        return load_scenario(target)
    except ScenarioLoadError as error:
        first = error.errors[0] if error.errors else error
        raise SaveError(f"{path}: its scenario '{printable(ref, 80)}' cannot be loaded: "
                        f"{first}") from None


def _known_scenario_path(ref: str, save_path: Path) -> str | Path | None:
    from autonomy_game.resources import data_path, user_data_dir
    from autonomy_game.scenario.format_spec import SCENARIO_ID

    if re.fullmatch(SCENARIO_ID, ref):
        try:
            return data_path("scenarios", f"{ref}.yaml")
        except (FileNotFoundError, ValueError):
            return None
    try:
        target = Path(ref).resolve()
        roots = [user_data_dir().resolve()]
        with contextlib.suppress(FileNotFoundError, ValueError):
            roots.append(data_path("scenarios").resolve())
        beside = target.parent == save_path.resolve().parent  # the save's own folder only
        if target.suffix not in (".yaml", ".yml") or not target.is_file():
            return None
    except (OSError, ValueError, RuntimeError):
        return None
    if not beside and not any(target.is_relative_to(root) for root in roots):
        return None
    return target


def load_game(path: str | Path, scenario: Scenario | None = None, *,
              verify: Literal["digest", "replay"] = "digest") -> Game:
    """Rebuild a saved game; refuse anything that does not match.

    By default (`verify="digest"`) the snapshot is restored and only the current turn's
    decisions are replayed, then the game must match the stored digest. `verify="replay"`
    replays every decision from turn 1 instead and also checks that the snapshot equals the
    replayed game's (slower; for tests and tools). Version 1 saves have no snapshot and are
    always replayed whole. The scenario is the copy the save holds (version 3), so an edited
    or moved scenario file does not matter; older saves name it (`referenced_scenario`).
    """
    if verify not in ("digest", "replay"):
        raise ValueError(f"verify is 'digest' or 'replay', not {verify!r}")
    document = read_document(path)
    version = document["version"]
    ref = document["scenario"]["ref"]
    expected_hash = document["scenario"]["hash"]
    seed = document["seed"]
    humans = list(document["humans"])
    try:
        policies = _read_policies(document)
    except ValueError as error:
        raise SaveError(f"{path}: the save's seat policies are refused ({error})") from None
    try:
        decisions = [action_from_dict(a) for a in document["decisions"]]
    except ValueError as error:
        raise SaveError(f"{path}: a saved decision is refused ({error})") from None
    digest = document["snapshot"]["digest"]
    stored = document["checkpoint"] if version >= 2 else None
    if scenario is None:
        scenario = stored_scenario(document, path) or referenced_scenario(ref, path)
    if scenario.content_hash != expected_hash:
        raise SaveError(f"{path}: the scenario '{printable(ref, 80)}' has changed since this "
                        "game was saved")
    unknown = [h for h in humans if h not in scenario.members]
    if unknown:
        raise SaveError(f"{path}: the save's human seats {', '.join(unknown)} are not member "
                        "states of its scenario")
    checkpoint, world = None, None
    if stored is not None:
        world = build_world(scenario)
        try:
            checkpoint = decode_checkpoint(stored, world, len(decisions))
        except SaveError as error:
            raise SaveError(f"{path}: the save's snapshot is refused: {error}") from None
    if checkpoint is None or verify == "replay":
        game = _replay(path, scenario, seed, humans, decisions, policies)
        if checkpoint is not None and (game.checkpoint is None
                                       or not checkpoints_equal(checkpoint, game.checkpoint)):
            raise SaveError(f"{path}: the save's snapshot does not match its decisions")
    else:
        game = _restore(path, scenario, seed, humans, checkpoint, decisions, world, policies)
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
            decisions: list[Action], policies: dict[str, str] | None = None) -> Game:
    try:
        game = Game(scenario, seed, humans, policies=dict(policies or {}))
        for action in decisions:
            game.apply(action)
    except (IllegalAction, ValueError) as error:
        raise SaveError(f"{path}: the saved decisions do not replay ({error})") from None
    return game


def _restore(path: str | Path, scenario: Scenario, seed: int, humans: list[str],
             checkpoint: TurnCheckpoint, decisions: list[Action], world: World | None,
             policies: dict[str, str] | None = None) -> Game:
    try:
        return Game.restore(scenario, seed, humans, checkpoint, decisions, world, policies)
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
    """The single autosave file of versions before named slots (still read and listed)."""
    return saves_dir() / "autosave.json"


# -- autosave slots ------------------------------------------------------------------------


def slot_stem(scenario: Scenario, started: datetime.datetime | None = None) -> str:
    """`us-withdrawal-2026-12-01-2315`: the scenario and when the game began, so a new game
    never writes over an old one; the turn is added per save (`AutosaveSlot.path_for`)."""
    started = started or datetime.datetime.now()
    return f"{scenario.id}-{started:%Y-%m-%d-%H%M%S}"


@dataclass
class AutosaveSlot:
    """One game's autosave: `folder/STEM-turnNN.json`, the previous turn's file removed once
    the new one is safely written. With `fixed`, always that one file (tests, legacy).

    A failed save (disk full, read-only folder) is kept in `problem` for the screen to show at
    once, and `retry` tries again; the game goes on meanwhile."""

    folder: Path
    stem: str
    fixed: Path | None = None
    current: Path | None = None
    problem: str | None = None

    def path_for(self, game: Game) -> Path:
        if self.fixed is not None:
            return self.fixed
        return self.folder / f"{self.stem}-turn{game.turn:02d}{SAVE_SUFFIX}"

    def save(self, game: Game) -> bool:
        target = self.path_for(game)
        try:
            save_game(game, target)
        except (OSError, ValueError, TypeError) as error:
            self.problem = (f"Autosave failed ({_reason(error)}) — not saved; it will be "
                            "tried again")
            return False
        if self.current is not None and self.current != target:
            with contextlib.suppress(OSError):
                self.current.unlink()
        self.current, self.problem = target, None
        return True

    def retry(self, game: Game) -> bool:
        return self.problem is None or self.save(game)


def enable_autosave(game: Game, path: Path | None = None,
                    slot: AutosaveSlot | None = None) -> AutosaveSlot:
    """Save after every resolved turn (the engine calls back when a turn ends) into `slot`,
    or the single file `path`, or a new named slot in `saves_dir()`."""
    if slot is None:
        if path is not None:
            slot = AutosaveSlot(path.parent, path.stem, fixed=path)
        else:
            slot = AutosaveSlot(saves_dir(), slot_stem(game.scenario))

    def write(g: Game) -> None:
        slot.save(g)  # a failure is noted in slot.problem: the game goes on

    game.on_turn_end = write
    return slot


@dataclass
class SaveInfo:
    """What the start screen says about a save: a description, or why it cannot be used."""

    path: Path
    description: str | None = None
    problem: str | None = None
    moved_to: Path | None = None


def describe_save(path: Path) -> SaveInfo:
    """Read a save's header (fully checked); a damaged or unreadable one gets its reason."""
    try:
        document = read_document(path)
    except SaveError as error:
        reason = str(error)
        prefix = f"{path}: "
        return SaveInfo(path, problem=reason[len(prefix):] if reason.startswith(prefix)
                        else reason)
    snap = document["snapshot"]
    humans = ", ".join(document["humans"]) or "AI only"
    return SaveInfo(path, f"{document['scenario']['id']} — {snap.get('label', '')}, turn "
                          f"{snap['turn']} ({humans})")


def set_aside(path: Path) -> Path | None:
    """Move a damaged save to `NAME.damaged` (`NAME.damaged.2`, ...): kept for inspection,
    never overwritten, and out of the way of new saves. None if it cannot be moved."""
    for n in range(1, 100):
        target = path.with_name(path.name + DAMAGED_SUFFIX + ("" if n == 1 else f".{n}"))
        if target.exists():
            continue
        try:
            os.rename(path, target)
        except OSError:
            return None
        return target
    return None


def saves_in(folder: Path) -> list[Path]:
    """Save files in `folder`, newest first (temporary and damaged files excluded)."""
    try:
        entries = [p for p in folder.iterdir() if p.suffix == SAVE_SUFFIX
                   and not p.name.startswith(".") and p.is_file()]
    except OSError:
        return []

    def modified(p: Path) -> float:
        try:
            return p.stat().st_mtime
        except OSError:
            return 0.0

    return sorted(entries, key=modified, reverse=True)


def clean_stray_temps(folder: Path, older_than_s: float = 60.0) -> int:
    """Remove temporary files left by saves that were killed mid-write (`.NAME.*.tmp`);
    recent ones may belong to a save in progress and are left. Returns how many went."""
    removed = 0
    now = time.time()
    try:
        candidates = [p for p in folder.iterdir()
                      if p.name.startswith(".") and p.name.endswith(".tmp")]
    except OSError:
        return 0
    for candidate in candidates:
        try:
            if now - candidate.stat().st_mtime >= older_than_s and candidate.is_file():
                candidate.unlink()
                removed += 1
        except OSError:
            continue
    return removed
