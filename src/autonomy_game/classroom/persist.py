"""Class autosaves: after every phase, into named slots, so `host --resume` survives a crash.

A slot is two files in `saves_dir()/classroom/`: the game itself in the engine's own save
format (`NAME.game.json`, replayable like any save) and the class around it
(`NAME.class.json`: join codes, who the AI plays, the message and inject log, settings).
Names carry the scenario, when the class began and the turn and phase
(`us-withdrawal-2026-12-02-091500-t03-council`); the newest `KEEP` slots are kept.
"""

from __future__ import annotations

import contextlib
import json
from pathlib import Path
from typing import Any

from autonomy_game.classroom.log import ClassLog
from autonomy_game.classroom.room import DEFAULT_SECONDS, Classroom, Team
from autonomy_game.engine import saves

FORMAT = "autonomy-classroom"
VERSION = 1
KEEP = 8
CLASS_SUFFIX = ".class.json"
GAME_SUFFIX = ".game.json"
MAX_CLASS_BYTES = 16 * 1024 * 1024


class ResumeError(Exception):
    """A class autosave that cannot be resumed, with the reason."""


def class_dir() -> Path:
    return saves.saves_dir() / "classroom"


class ClassSaves:
    """The slots of one class: `save(room)` after each phase."""

    def __init__(self, folder: Path, stem: str, keep: int = KEEP) -> None:
        self.folder, self.stem, self.keep = folder, stem, keep
        self.problem: str | None = None
        self.written: list[Path] = []

    def save(self, room: Classroom) -> Path | None:
        g = room.game
        name = f"{self.stem}-t{g.turn:02d}-{g.phase}"
        try:
            saves.save_game(g, self.folder / f"{name}{GAME_SUFFIX}")
            target = self.folder / f"{name}{CLASS_SUFFIX}"
            _write_json(target, class_document(room, f"{name}{GAME_SUFFIX}"))
        except (OSError, ValueError, TypeError) as error:
            self.problem = f"autosave failed: {error}"
            return None
        self.problem = None
        if target not in self.written:
            self.written.append(target)
        while len(self.written) > self.keep:
            old = self.written.pop(0)
            for path in (old, old.with_name(old.name.replace(CLASS_SUFFIX, GAME_SUFFIX))):
                with contextlib.suppress(OSError):
                    path.unlink()
        return target


def _write_json(path: Path, data: dict[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    saves.write_atomically(path, json.dumps(data, indent=1).encode("utf-8"))


def class_document(room: Classroom, game_file: str) -> dict[str, Any]:
    return {
        "format": FORMAT, "version": VERSION, "game_file": game_file,
        "teams": [{"seat": t.seat, "code": t.code, "ai": t.ai} for t in room.teams.values()],
        "teacher_code": room.teacher_code,
        "started": room.started, "paused": room.paused, "reveal_ai": room.reveal_ai,
        "auto_advance": room.auto_advance, "phase_seconds": dict(room.phase_seconds),
        "log": room.log.to_dict(),
    }


def latest(folder: Path | None = None) -> Path | None:
    """The newest class autosave in `folder` (default: class_dir()), or None."""
    folder = folder or class_dir()
    found = sorted(folder.glob(f"*{CLASS_SUFFIX}"), key=lambda p: p.stat().st_mtime)
    return found[-1] if found else None


def resume(path: Path) -> Classroom:
    """The class as its autosave left it: the game reloaded (and verified) by the engine's
    save code, the class's codes, AI seats, log and settings. ResumeError when refused."""
    try:
        raw = saves.read_limited(path, MAX_CLASS_BYTES)
        data = json.loads(raw)
    except (OSError, ValueError) as error:
        raise ResumeError(f"{path}: cannot be read ({error})") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT \
            or data.get("version") != VERSION:
        raise ResumeError(f"{path}: not a class autosave of this version")
    game_file = data.get("game_file")
    if not isinstance(game_file, str) or "/" in game_file or "\\" in game_file:
        raise ResumeError(f"{path}: the game file it names is refused")
    try:
        game = saves.load_game(path.with_name(game_file))
    except saves.SaveError as error:
        raise ResumeError(str(error)) from None
    try:
        teams = data["teams"]
        room = Classroom(game, teacher_code=str(data["teacher_code"]),
                         log=ClassLog.from_dict(data["log"]))
        for t in teams:
            if t["seat"] not in game.humans or not isinstance(t["code"], str):
                raise ValueError(f"seat {t['seat']!r} is not a human seat of the game")
            room.teams[t["seat"]] = Team(t["seat"], t["code"], ai=bool(t["ai"]))
        room.started = bool(data["started"])
        room.paused = bool(data["paused"])
        room.reveal_ai = bool(data["reveal_ai"])
        room.auto_advance = bool(data["auto_advance"])
        seconds = data["phase_seconds"]
        room.phase_seconds = {p: int(seconds.get(p, s)) for p, s in DEFAULT_SECONDS.items()}
    except (KeyError, TypeError, ValueError, AttributeError) as error:
        raise ResumeError(f"{path}: the class part is malformed ({error})") from None
    if set(room.teams) != set(game.humans):
        raise ResumeError(f"{path}: the groups do not match the game's human seats")
    room.restart_timer()
    return room
