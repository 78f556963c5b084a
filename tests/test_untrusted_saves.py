"""Issue 11, saves: untrusted input checked field by field, bounded reads, the scenario's
content kept in the save, autosaves in named slots that are never lost silently, and a
`report` that never replaces a save."""

from __future__ import annotations

import errno
import json
import os
import shutil
import threading
import time
from pathlib import Path

import pytest

from autonomy_game.cli.main import main
from autonomy_game.engine import saves
from autonomy_game.engine.actions import EndPhase
from autonomy_game.engine.game import Game
from autonomy_game.engine.saves import SaveError, load_game, read_document, save_game
from autonomy_game.scenario import load_scenario

FIXTURES = Path(__file__).parent / "fixtures" / "scenario"


@pytest.fixture
def scenario_file(tmp_path: Path) -> Path:
    folder = tmp_path / "mine"
    folder.mkdir()
    shutil.copy(FIXTURES / "base.yaml", folder / "base.yaml")
    shutil.copy(FIXTURES / "mini.yaml", folder / "mini.yaml")
    return folder / "mini.yaml"


def _game(scenario, turns: int = 2) -> Game:
    game = Game(scenario, seed=3, humans=["PL"])
    while game.turn < turns:
        game.advance()
    return game


@pytest.fixture
def saved(scenario_file: Path, tmp_path: Path) -> Path:
    return save_game(_game(load_scenario(scenario_file)), tmp_path / "s.json")


def _rewrite(path: Path, change) -> None:
    document = json.loads(path.read_text())
    change(document)
    body = {k: v for k, v in document.items() if k != "checksum"}
    document["checksum"] = saves._checksum(body)  # anyone can recompute it: not a signature
    path.write_text(json.dumps(document))


# -- the document, field by field ----------------------------------------------------------


@pytest.mark.parametrize("change, reason", [
    (lambda d: d.update(snapshot=[]), "snapshot: not a mapping"),
    (lambda d: d["scenario"].update(ref=7), "scenario: ref is not a short text"),
    (lambda d: d.update(seed=-1), "seed is not a whole number"),
    (lambda d: d.update(humans=["PL", "PL"]), "humans is not a list of distinct state codes"),
    (lambda d: d.update(decisions={}), "decisions is not a list"),
    (lambda d: d["snapshot"].update(turn=7.5), "snapshot: turn is not a whole number"),
    (lambda d: d["snapshot"].update(phase="lunch"), "snapshot: phase is not one of"),
    (lambda d: d["snapshot"].update(digest="x"), "snapshot: digest is not a sha256 digest"),
    (lambda d: d.update(extra=1), "unknown field"),
    (lambda d: d.update(checkpoint=[]), "checkpoint is not a mapping"),
    (lambda d: d["scenario"].update(files=[3]), "files is not a list of scenario texts"),
])
def test_a_wrong_field_is_refused_before_anything_is_built(saved, change, reason):
    _rewrite(saved, change)
    with pytest.raises(SaveError, match="the save is damaged") as caught:
        read_document(saved)
    assert reason in str(caught.value)


def test_a_numeric_ref_in_report_is_an_error_not_a_traceback(saved, capsys):
    _rewrite(saved, lambda d: d["scenario"].update(ref=7))
    assert main(["report", str(saved), "--out", str(saved.with_name("r.html"))]) == 1
    assert "scenario: ref is not a short text" in capsys.readouterr().err


def test_a_newer_save_says_which_game_version_it_needs(saved):
    _rewrite(saved, lambda d: d.update(version=5, game_version="9.9"))
    with pytest.raises(SaveError, match=r"reads save versions 4; it was made by a newer "
                                        r"game, version 9\.9"):
        read_document(saved)


# -- bounded reads -----------------------------------------------------------------------


def test_a_device_is_refused_unread(capsys):
    started = time.process_time()
    assert main(["report", "/dev/zero", "--out", os.devnull + ".html"]) in (1, 2)
    assert time.process_time() - started < 2
    assert "not a regular file" in capsys.readouterr().err


def test_a_fifo_is_refused_without_blocking(tmp_path):
    fifo = tmp_path / "pipe.json"
    os.mkfifo(fifo)
    outcome: list[BaseException] = []
    thread = threading.Thread(target=lambda: outcome.append(_catch(read_document, fifo)),
                              daemon=True)
    thread.start()
    thread.join(5)
    assert not thread.is_alive(), "reading a FIFO blocked"
    assert isinstance(outcome[0], SaveError) and "not a regular file" in str(outcome[0])


def _catch(function, *args) -> BaseException | None:
    try:
        function(*args)
    except BaseException as error:
        return error
    return None


def test_an_oversized_save_is_refused_before_reading(tmp_path):
    big = tmp_path / "big.json"
    with big.open("wb") as handle:
        handle.truncate(saves.MAX_SAVE_BYTES + 1)
    with pytest.raises(SaveError, match="not a save"):
        read_document(big)


# -- the scenario a save needs ------------------------------------------------------------


def test_a_game_continues_after_its_scenario_file_is_edited(saved, scenario_file):
    with scenario_file.open("a") as handle:
        handle.write("# a comment added after the game was saved\n")
    game = load_game(saved)
    assert game.turn == 2 and game.scenario.id == "mini"


def test_a_game_continues_after_its_scenario_and_base_are_moved_away(saved, scenario_file):
    shutil.rmtree(scenario_file.parent)
    game = load_game(saved)
    assert game.turn == 2
    again = save_game(game, saved.with_name("again.json"))  # and it saves its copy again
    assert load_game(again).turn == 2


def test_a_damaged_stored_copy_is_refused(saved):
    _rewrite(saved, lambda d: d["scenario"]["files"].__setitem__(
        0, d["scenario"]["files"][0].replace("Mini crisis", "Mini crisis!")))
    with pytest.raises(SaveError, match="copy of its scenario is damaged"):
        load_game(saved)


def test_an_old_save_never_reads_a_path_outside_the_known_folders(saved, tmp_path):
    secret = tmp_path / "elsewhere" / "secret.yaml"
    secret.parent.mkdir()
    secret.write_text("root:x:0:0:root:/root:/bin/bash\n")

    def as_version_2(document):
        document["version"] = 2
        document["scenario"].pop("files")
        document["scenario"]["ref"] = "/etc/passwd"

    _rewrite(saved, as_version_2)
    with pytest.raises(SaveError) as caught:
        load_game(saved)
    # Refused for its version (engine/saves.py RETIRED_VERSIONS) before any path is looked at.
    assert "was made by an earlier version of the game" in str(caught.value)
    assert "root:x" not in str(caught.value)  # nothing of the file is echoed
    _rewrite(saved, lambda d: d["scenario"].update(ref=str(secret)))
    with pytest.raises(SaveError, match="earlier version of the game"):
        load_game(saved)


# -- autosaves -----------------------------------------------------------------------------


def _services(folder: Path):
    from autonomy_game.ui.app import Services
    from autonomy_game.ui.catalog import Catalog

    services = Services.create(Catalog.of(load_scenario("tutorial")))
    services.saves_folder = folder
    return services


def test_every_new_game_gets_its_own_named_slot(tmp_path):
    folder = tmp_path / "saves"
    services = _services(folder)
    scenario = load_scenario("tutorial")
    first = services.new_game(scenario, 1, [scenario.members[0]])
    while first.game.turn < 2:
        first.game.advance()
    names = sorted(p.name for p in folder.iterdir())
    assert len(names) == 1 and names[0].startswith("tutorial-") and names[0].endswith(
        "-turn01.json")
    time.sleep(1.1)  # another start time: another slot
    second = services.new_game(scenario, 2, [scenario.members[0]])
    while second.game.turn < 2:
        second.game.advance()
    assert len(list(folder.iterdir())) == 2  # the first game's save is still there
    while first.game.turn < 3:
        first.game.advance()
    turns = sorted(p.name.rsplit("-", 1)[1] for p in folder.iterdir())
    assert turns == ["turn01.json", "turn02.json"]  # the first game's slot moved on a turn


def test_a_damaged_autosave_is_shown_with_its_reason_and_set_aside(tmp_path, saved):
    folder = tmp_path / "saves"
    folder.mkdir()
    damaged = folder / "tutorial-2026-01-01-000000-turn03.json"
    shutil.copy(saved, damaged)
    _rewrite(damaged, lambda d: d.update(snapshot=[]))
    content = damaged.read_bytes()
    services = _services(folder)
    assert services.autosave_info() is None
    problem = services.autosave_problem
    assert problem is not None and "is damaged: the save is damaged (snapshot: not a mapping)" \
        in problem and "kept as tutorial-2026-01-01-000000-turn03.json.damaged" in problem
    kept = folder / (damaged.name + ".damaged")
    assert kept.read_bytes() == content and not damaged.exists()
    scenario = load_scenario("tutorial")
    session = services.new_game(scenario, 1, [scenario.members[0]])
    while session.game.turn < 2:
        session.game.advance()
    assert kept.read_bytes() == content  # never overwritten


def test_an_unreadable_autosave_is_shown_as_such_not_as_no_autosave(tmp_path):
    folder = tmp_path / "saves"
    folder.mkdir()
    (folder / "x-turn01.json").write_bytes(b"\xff\xfe not json")
    services = _services(folder)
    assert services.autosave_info() is None
    assert "cannot be read" in (services.autosave_problem or "")


def test_the_start_screen_shows_a_damaged_autosave(tmp_path, saved):
    import pygame

    from autonomy_game.ui import env
    from autonomy_game.ui.app import App
    from autonomy_game.ui.scenes.start import StartScene

    folder = tmp_path / "saves"
    folder.mkdir()
    shutil.copy(saved, folder / "s.json")
    _rewrite(folder / "s.json", lambda d: d.update(snapshot=[]))
    services = _services(folder)
    env.headless_display()
    app = App(services, (1280, 720), window=False)
    start = StartScene(services, "tutorial")
    app.start(start)
    app.render()  # no crash, as on every launch before
    assert start.autosave is None and "damaged" in services.autosave_problem
    assert isinstance(app.surface, pygame.Surface)


@pytest.mark.parametrize("failure", ["disk full", "folder unwritable"])
def test_a_failed_autosave_is_shown_at_once_and_retried(tmp_path, monkeypatch, failure):
    folder = tmp_path / "saves"
    services = _services(folder)
    scenario = load_scenario("tutorial")
    session = services.new_game(scenario, 1, [scenario.members[0]])
    if failure == "disk full":
        def full(fd):
            raise OSError(errno.ENOSPC, "No space left on device")
        monkeypatch.setattr(saves.os, "fsync", full)
    else:
        folder.parent.joinpath("blocker").write_text("")
        session.autosave.folder = folder.parent / "blocker" / "saves"  # a file in the way
    while session.game.turn < 2:
        session.send(EndPhase())
    assert session.save_problem is not None and "Autosave failed" in session.save_problem
    assert not list(folder.glob("*.json")) if folder.exists() else True
    assert not list(folder.glob(".*.tmp")) if folder.exists() else True  # nothing half-written
    monkeypatch.undo()
    session.autosave.folder = folder
    session.send(EndPhase())  # the next step retries
    assert session.save_problem is None
    assert len(list(folder.glob("*.json"))) == 1


def test_stray_temporary_files_are_cleaned_at_start(tmp_path):
    folder = tmp_path / "saves"
    folder.mkdir()
    old = folder / ".tutorial-turn01.json.k3j4.tmp"
    recent = folder / ".tutorial-turn02.json.x9y8.tmp"
    old.write_text("{")
    recent.write_text("{")
    os.utime(old, (time.time() - 3600, time.time() - 3600))
    from autonomy_game.ui.app import Services
    from autonomy_game.ui.catalog import Catalog

    monkey_home = tmp_path / "home"
    os.environ["AUTONOMY_GAME_HOME"] = str(monkey_home)
    try:
        (monkey_home / "saves").mkdir(parents=True)
        shutil.move(old, monkey_home / "saves" / old.name)
        shutil.move(recent, monkey_home / "saves" / recent.name)
        os.utime(monkey_home / "saves" / old.name, (time.time() - 3600, time.time() - 3600))
        Services.create(Catalog.of(load_scenario("tutorial")))
        left = sorted(p.name for p in (monkey_home / "saves").iterdir())
    finally:
        del os.environ["AUTONOMY_GAME_HOME"]
    assert left == [recent.name]  # the killed save's leftover went; a save in progress stays


# -- report never replaces a save ---------------------------------------------------------


def test_report_refuses_to_write_over_its_input(saved, capsys):
    before = saved.read_bytes()
    assert main(["report", str(saved), "--out", str(saved)]) == 2
    assert "is the save being read" in capsys.readouterr().err
    assert saved.read_bytes() == before


def test_report_refuses_to_write_over_another_save(saved, tmp_path, capsys):
    other = shutil.copy(saved, tmp_path / "other.json")
    before = Path(other).read_bytes()
    assert main(["report", str(saved), "--out", str(other)]) == 2
    assert "is a saved game; it is never overwritten" in capsys.readouterr().err
    assert Path(other).read_bytes() == before


def test_a_save_named_html_is_not_replaced_by_its_report(saved, tmp_path, capsys):
    odd = Path(shutil.copy(saved, tmp_path / "game.html"))
    before = odd.read_bytes()
    assert main(["report", str(odd)]) == 0
    assert odd.read_bytes() == before
    assert (tmp_path / "game.html.html").read_text().startswith("<!")
    assert "wrote " + str(tmp_path / "game.html.html") in capsys.readouterr().out


def test_a_refusal_quoting_the_file_is_printable(saved, capsys):
    """Found by tools/fuzz.py: an unknown field named with a lone surrogate was echoed into
    the error, which then could not be printed."""
    _rewrite(saved, lambda d: d.update({"\ud800\x1b[2J": 1}))
    with pytest.raises(SaveError) as caught:
        read_document(saved)
    message = str(caught.value)
    message.encode("utf-8")  # no lone surrogate left
    assert "\x1b" not in message and "\\ud800\\u001b[2J" in message
    assert main(["report", str(saved), "--out", str(saved.with_name("r.html"))]) == 1
    assert "unknown field(s)" in capsys.readouterr().err
