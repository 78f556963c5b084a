"""Saves: a saved and loaded game equals the uninterrupted one; bad saves are refused."""

from __future__ import annotations

import json

import pytest

from autonomy_game.engine import actions as A
from autonomy_game.engine.game import Game, play_to_end
from autonomy_game.engine.saves import (
    SaveError,
    enable_autosave,
    load_game,
    save_game,
    state_digest,
)


def _play(game: Game, phases: int) -> None:
    for _ in range(phases):
        for p in list(game.pending):
            ev = game.world.events[p.event]
            game.apply(A.ChooseOption(ev.id, ev.choices[-1].id))
        game.advance()


@pytest.fixture()
def scenario(mini):
    mini.content_hash = "test-hash"
    return mini


def test_save_and_load_equals_the_uninterrupted_game(scenario, tmp_path):
    game = Game(scenario, 5, ["PL"])
    _play(game, 9)
    save_game(game, tmp_path / "s.json")
    loaded = load_game(tmp_path / "s.json", scenario)
    assert state_digest(loaded) == state_digest(game)
    play_to_end(game)
    play_to_end(loaded)
    assert state_digest(loaded) == state_digest(game)
    assert loaded.outcome == game.outcome


def test_autosave_after_every_turn(scenario, tmp_path):
    game = Game(scenario, 5, ["PL"])
    enable_autosave(game, tmp_path / "auto.json")
    _play(game, 4)  # one whole turn: events, council, orders, report
    saved = json.loads((tmp_path / "auto.json").read_text())
    assert saved["snapshot"]["turn"] == 1
    assert load_game(tmp_path / "auto.json", scenario).state.turn == 1


def test_corrupted_save_is_refused_and_left_in_place(scenario, tmp_path):
    game = Game(scenario, 5, ["PL"])
    _play(game, 5)
    path = save_game(game, tmp_path / "s.json")
    text = path.read_text().replace('"seed": 5', '"seed": 6')
    path.write_text(text)
    with pytest.raises(SaveError, match="damaged"):
        load_game(path, scenario)
    assert path.read_text() == text  # nothing was deleted or rewritten


@pytest.mark.parametrize("junk", [b"", b"\x00\xff\xfe", b"[1, 2]", b'{"format": "x"}',
                                  b"{" * 5000])
def test_junk_is_refused_with_a_message(scenario, tmp_path, junk):
    path = tmp_path / "junk.json"
    path.write_bytes(junk)
    with pytest.raises(SaveError):
        load_game(path, scenario)


def test_save_of_a_changed_scenario_is_refused(scenario, tmp_path):
    game = Game(scenario, 5, ["PL"])
    path = save_game(game, tmp_path / "s.json")
    scenario.content_hash = "another"
    with pytest.raises(SaveError, match="changed"):
        load_game(path, scenario)


def test_failed_write_keeps_the_previous_save(scenario, tmp_path, monkeypatch):
    game = Game(scenario, 5, ["PL"])
    path = save_game(game, tmp_path / "s.json")
    before = path.read_bytes()
    _play(game, 2)

    def explode(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr("autonomy_game.engine.saves.os.replace", explode)
    with pytest.raises(OSError):
        save_game(game, path)
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["s.json"]  # no temp file left behind
