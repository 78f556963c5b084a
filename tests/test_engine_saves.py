"""Saves: a saved and loaded game equals the uninterrupted one; bad saves are refused."""

from __future__ import annotations

import base64
import contextlib
import dataclasses
import hashlib
import json
import random
import zlib

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from autonomy_game.engine import actions as A
from autonomy_game.engine.game import Game, advance_to, default_step, play_to_end
from autonomy_game.engine.saves import (
    SAVE_VERSION,
    SaveError,
    checkpoints_equal,
    enable_autosave,
    encode_array,
    load_game,
    save_game,
    state_digest,
)
from autonomy_game.engine.state import GameState
from tests.support.mini_scenario import mini_scenario


def _play(game: Game, phases: int) -> None:
    for _ in range(phases):
        for p in list(game.pending):
            ev = game.world.events[p.event]
            game.apply(A.ChooseOption(ev.id, ev.choices[-1].id))
        game.advance()


def _random_play(game: Game, rng: random.Random, steps: int) -> None:
    """Humans act at random among their legal actions (some refused), else the defaults."""
    for _ in range(steps):
        if game.phase == "ended":
            return
        if game.humans and rng.random() < 0.75:
            options = [a for a in game.legal_actions(rng.choice(game.humans))
                       if not isinstance(a, (A.EndPhase, A.Hold))]
            if options:
                with contextlib.suppress(A.IllegalAction):
                    game.apply(rng.choice(options))
                continue
        default_step(game)


def _checksum(body: dict) -> str:
    return hashlib.sha256(json.dumps(body, sort_keys=True).encode()).hexdigest()


def _rewrite(path, change) -> None:
    """Edit a save's document and fix its checksum up, as a deliberate tamperer would."""
    document = json.loads(path.read_text())
    del document["checksum"]
    change(document)
    path.write_text(json.dumps({**document, "checksum": _checksum(document)}))


def _decode(entry: dict) -> np.ndarray:
    raw = zlib.decompress(base64.b64decode(entry["zlib"]))
    return np.frombuffer(raw, np.dtype(entry["dtype"])).reshape(entry["shape"]).copy()


def assert_same_game(a: Game, b: Game) -> None:
    """Bit for bit: every state field with its dtype, the history, reports, phase and log."""
    assert (a.phase, a.turn, a.outcome) == (b.phase, b.turn, b.outcome)
    for f in dataclasses.fields(GameState):
        x, y = getattr(a.state, f.name), getattr(b.state, f.name)
        if isinstance(x, np.ndarray):
            assert x.dtype == y.dtype, f.name
            assert np.array_equal(x, y, equal_nan=x.dtype.kind == "f"), f.name
        else:
            assert x == y, f.name
    ha, hb = a.history.to_arrays(), b.history.to_arrays()
    assert ha.keys() == hb.keys()
    for key in ha:
        assert ha[key].dtype == hb[key].dtype and np.array_equal(ha[key], hb[key]), key
    assert a.reports == b.reports
    assert a.report == b.report
    assert a.last_votes == b.last_votes
    assert a.passed_this_turn == b.passed_this_turn
    assert a.fired == b.fired and a.pending == b.pending
    assert [x.to_dict() for x in a.decisions] == [x.to_dict() for x in b.decisions]
    assert a.agenda() == b.agenda()
    assert (a.checkpoint is None) == (b.checkpoint is None)
    if a.checkpoint is not None:
        assert checkpoints_equal(a.checkpoint, b.checkpoint)
    assert state_digest(a) == state_digest(b)


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


def _stop_in(game: Game, phase: str, rng: random.Random) -> None:
    """Play two turns, then stop in `phase` after some human decisions made in it."""
    play_to_end(game, until_turn=2)
    if phase == "ended":
        _random_play(game, rng, 10_000)
        play_to_end(game)
        return
    advance_to(game, "events")
    advance_to(game, phase)
    for _ in range(6):
        options = [a for a in game.legal_actions("PL") if not isinstance(a, (A.EndPhase, A.Hold))]
        if options:
            with contextlib.suppress(A.IllegalAction):
                game.apply(rng.choice(options))
    assert game.phase == phase


@pytest.mark.parametrize("phase", ["events", "council", "orders", "report", "ended"])
def test_a_save_loads_by_the_fast_path_to_the_same_game_and_plays_on_identically(
        scenario, tmp_path, phase):
    game = Game(scenario, 11, ["PL", "DE"])
    _stop_in(game, phase, random.Random(phase))
    path = save_game(game, tmp_path / "s.json")
    loaded = load_game(path, scenario)
    assert_same_game(loaded, game)
    if phase != "ended":  # the fast path replayed only this turn's decisions
        assert game.checkpoint.state.turn == game.state.turn - (phase == "report")
    assert game.checkpoint.decision_index > 0
    rng_a, rng_b = random.Random(3), random.Random(3)
    _random_play(game, rng_a, 400)
    _random_play(loaded, rng_b, 400)
    play_to_end(game)
    play_to_end(loaded)
    assert_same_game(loaded, game)


@pytest.mark.parametrize("phase", ["council", "report", "ended"])
def test_fast_path_and_full_replay_give_identical_games(scenario, tmp_path, phase):
    game = Game(scenario, 2, ["FR"])
    rng = random.Random(7)
    _random_play(game, rng, 25)
    advance_to(game, phase, max_steps=200)
    path = save_game(game, tmp_path / "s.json")
    fast = load_game(path, scenario)
    replayed = load_game(path, scenario, verify="replay")
    assert_same_game(fast, replayed)
    assert_same_game(fast, game)


def test_restore_from_the_live_checkpoint(scenario):
    game = Game(scenario, 9, ["HU"])
    _random_play(game, random.Random(1), 60)
    restored = Game.restore(scenario, 9, ["HU"], game.checkpoint, game.decisions)
    assert_same_game(restored, game)


def test_a_loaded_game_saves_the_same_document(scenario, tmp_path):
    game = Game(scenario, 4, ["PL"])
    _random_play(game, random.Random(4), 40)
    first = save_game(game, tmp_path / "a.json")
    second = save_game(load_game(first, scenario), tmp_path / "b.json")
    assert first.read_bytes() == second.read_bytes()


def test_the_snapshot_holds_every_state_field_exactly(scenario, tmp_path):
    game = Game(scenario, 6, ["PL"])
    play_to_end(game, until_turn=3)
    path = save_game(game, tmp_path / "s.json")
    document = json.loads(path.read_text())
    assert document["version"] == SAVE_VERSION == 4
    stored = document["checkpoint"]["state"]
    assert set(stored) == {f.name for f in dataclasses.fields(GameState)}
    for name, value in stored.items():
        expected = getattr(game.checkpoint.state, name)
        if isinstance(expected, np.ndarray):
            assert _decode(value).tobytes() == expected.tobytes()
            assert np.dtype(value["dtype"]) == expected.dtype
        else:
            assert value == expected


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


def test_a_refused_action_leaves_no_trace_in_the_saved_game(scenario, tmp_path):
    game = Game(scenario, 0, ["IT"])
    advance_to(game, "orders")
    before = game.orders.aid_rounds.copy()
    with pytest.raises(A.IllegalAction):
        game.apply(A.AidUkraine("IT", 1.0, 10_000.0))  # rounds fine, money not
    assert np.array_equal(game.orders.aid_rounds, before)
    loaded = load_game(save_game(game, tmp_path / "s.json"), scenario)
    play_to_end(game)
    play_to_end(loaded)
    assert_same_game(loaded, game)


# -- tampered and malformed snapshots --------------------------------------------------------


@pytest.fixture()
def saved(scenario, tmp_path):
    """A save made in the report phase of turn 3 (so this turn's play is in the log)."""
    game = Game(scenario, 8, ["PL"])
    play_to_end(game, until_turn=3)
    assert game.phase == "report"
    return save_game(game, tmp_path / "s.json")


def _edit_array(section: str, name: str, edit):
    def change(document):
        holder = document["checkpoint"]["state"] if section == "state" \
            else document["checkpoint"]["history"]["series"]
        array = _decode(holder[name])
        edit(array)
        holder[name] = encode_array(array)
    return change


@pytest.mark.parametrize("section, name", [
    ("state", "cohesion"),  # read by this turn's play
    ("state", "spent"),  # overwritten by this turn's play: the snapshot is in the digest too
    ("state", "initiative_status"),
    ("history", "europe/deterrence"),
    ("history", "capability"),
])
def test_a_tampered_snapshot_is_refused_by_the_digest(scenario, saved, section, name):
    def nudge(array):
        flat = array.reshape(-1)
        # within the field's range, so only the digest can tell (out of range is refused
        # earlier, by tests/test_untrusted.py's checks)
        if array.dtype.kind == "b":
            flat[0] = not flat[0]
        elif array.dtype.kind == "f":
            flat[0] = flat[0] * 0.5 if flat[0] else 0.25
        else:
            flat[0] = flat[0] + 1

    _rewrite(saved, _edit_array(section, name, nudge))
    text = saved.read_text()
    with pytest.raises(SaveError, match="does not load to the game that was saved"):
        load_game(saved, scenario)
    with pytest.raises(SaveError, match="snapshot does not match its decisions"):
        load_game(saved, scenario, verify="replay")
    assert saved.read_text() == text  # a refused file is left alone


def test_a_tampered_report_is_refused(scenario, saved):
    def change(document):
        document["checkpoint"]["reports"][0]["lines"][0] = "Council: all is well."

    _rewrite(saved, change)
    with pytest.raises(SaveError, match="does not load to the game"):
        load_game(saved, scenario)


def _set_state_entry(name: str, **entry):
    def change(document):
        document["checkpoint"]["state"][name].update(entry)
    return change


def _bomb(document):  # 64 MB of zeros in 64 kB: must be refused without inflating it
    packed = base64.b64encode(zlib.compress(bytes(64 << 20), 9)).decode()
    document["checkpoint"]["state"]["cohesion"]["zlib"] = packed


def _short(document):
    document["checkpoint"]["state"]["gdp"]["zlib"] = base64.b64encode(
        zlib.compress(bytes(8))).decode()


def _long(document):
    entry = document["checkpoint"]["state"]["cohesion"]
    entry["zlib"] = base64.b64encode(zlib.compress(bytes(16))).decode()


def _bool_twos(document):
    entry = document["checkpoint"]["state"]["event_fired"]
    entry["zlib"] = base64.b64encode(zlib.compress(bytes([2]) * int(np.prod(entry["shape"]))))\
        .decode()


def _unknown_field(document):
    document["checkpoint"]["state"]["secret"] = 1


def _missing_field(document):
    del document["checkpoint"]["state"]["gdp"]


def _scalar_type(document):
    document["checkpoint"]["state"]["turn"] = 2.5


def _bad_batch(document):
    document["checkpoint"]["state"]["batch"] = 2


def _bad_index(document):
    document["checkpoint"]["decision_index"] = 10**6


def _bad_history_length(document):
    series = document["checkpoint"]["history"]["series"]
    array = _decode(series["gaps"])
    series["gaps"] = encode_array(array[:-1])


def _unknown_series(document):
    series = document["checkpoint"]["history"]["series"]
    series["europe/mood"] = series["europe/cohesion"]


def _bad_ballot(document):
    document["checkpoint"]["last_votes"] = {"no-such-initiative": {"PL": 1}}


def _bad_report(document):
    document["checkpoint"]["reports"][0]["indicators"] = {"deterrence": "high"}


def _missing_reports(document):
    document["checkpoint"]["reports"] = []


@pytest.mark.parametrize("change, message", [
    (_edit_array("state", "gdp", lambda a: None), None),  # control: re-encoding is harmless
    (_set_state_entry("gdp", shape=[1, 99]), "shape"),
    (_set_state_entry("gdp", shape=[1, "5"]), "shape"),
    (_set_state_entry("gdp", dtype="<f4"), "dtype"),
    (_set_state_entry("gdp", dtype="|O"), "dtype"),  # object arrays are never read
    (_set_state_entry("gdp", dtype="<U8"), "dtype"),
    (_set_state_entry("gdp", dtype=[["a", "<f8"]]), "dtype"),
    (_set_state_entry("gdp", zlib="not base64!"), "damaged"),
    (_set_state_entry("gdp", zlib=base64.b64encode(b"not zlib").decode()), "damaged"),
    (_set_state_entry("gdp", pickle="x"), "not an encoded array"),
    (_bomb, "expected size"),
    (_short, "do not match its shape"),
    (_long, "more bytes"),
    (_bool_twos, "true/false"),
    (_unknown_field, "unknown state field"),
    (_missing_field, "lacks state field"),
    (_scalar_type, "should be a int"),
    (_bad_batch, "not of one game"),
    (_bad_index, "decision list"),
    (_bad_history_length, "history series 'gaps' has shape"),
    (_unknown_series, "expected series"),
    (_bad_ballot, "ballots"),
    (_bad_report, "malformed"),
    (_missing_reports, "quarter reports"),
])
def test_a_malformed_snapshot_is_refused_with_a_clear_message(scenario, saved, change, message):
    _rewrite(saved, change)
    text = saved.read_text()
    if message is None:
        load_game(saved, scenario)
        return
    with pytest.raises(SaveError, match=message) as refused:
        load_game(saved, scenario)
    assert "\n" not in str(refused.value)
    assert str(refused.value).startswith(f"{saved}: the save's snapshot is refused")
    assert saved.read_text() == text


# -- other versions --------------------------------------------------------------------------


def _v1_digest(game: Game) -> str:
    """Version 1's digest, written out independently of saves.py."""
    fields = ("defence_pct", "support", "cohesion", "deterrence", "capability", "ammunition",
              "ukraine_front", "hub_health", "initiative_status")
    digest = hashlib.sha256(f"{game.state.turn}:{game.phase}".encode())
    for name in fields:
        digest.update(np.ascontiguousarray(getattr(game.state, name)).tobytes())
    return digest.hexdigest()


def _write_v1(game: Game, path, digest: str | None = None) -> None:
    """A save as version 1 of the game wrote it: no snapshot, the decisions are the game."""
    body = {
        "format": "autonomy-save", "version": 1, "game_version": "0.1.0",
        "scenario": {"ref": game.scenario.id, "id": game.scenario.id,
                     "hash": game.scenario.content_hash},
        "seed": game.seed, "humans": list(game.humans),
        "decisions": [a.to_dict() for a in game.decisions],
        "snapshot": {"turn": game.turn, "phase": game.phase, "label": "Q", "deterrence": 0.0,
                     "cohesion": 0.0, "digest": digest or _v1_digest(game)},
    }
    path.write_text(json.dumps({**body, "checksum": _checksum(body)}, indent=1))


@pytest.mark.parametrize("version", [1, 2, 3])
def test_saves_made_before_the_counter_based_streams_are_refused_saying_why(scenario, tmp_path,
                                                                             version):
    """Versions 1-3 replay with the random streams of before engine/streams.py: this game
    would play their decisions differently, so they are refused with a message, never a
    traceback or a different game."""
    game = Game(scenario, 12, ["PL", "IT"])
    _random_play(game, random.Random(12), 50)
    _write_v1(game, tmp_path / "old.json")
    _rewrite(tmp_path / "old.json", lambda document: document.update(version=version))
    with pytest.raises(SaveError, match=rf"format version {version}\) was made by an earlier "
                                        r"version of the game, whose random numbers"):
        load_game(tmp_path / "old.json", scenario)


@pytest.mark.parametrize("version, message", [(5, "newer game"), ("2", "not supported"),
                                              (True, "not supported"), (0, "not supported")])
def test_unknown_versions_are_refused(saved, scenario, version, message):
    _rewrite(saved, lambda document: document.update(version=version))
    with pytest.raises(SaveError, match=message):
        load_game(saved, scenario)


def test_a_save_without_its_snapshot_is_refused(saved, scenario):
    _rewrite(saved, lambda document: document.pop("checkpoint"))
    with pytest.raises(SaveError, match=r"missing field\(s\) checkpoint"):
        load_game(saved, scenario)


def test_verify_must_be_named(saved, scenario):
    with pytest.raises(ValueError, match="verify"):
        load_game(saved, scenario, verify="quick")  # type: ignore[arg-type]


# -- round trips over random games -----------------------------------------------------------

_SCENARIO = mini_scenario()
_SCENARIO.content_hash = "test-hash"


@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(seed=st.integers(0, 2**32 - 1),
       humans=st.lists(st.sampled_from(["DE", "FR", "PL", "IT", "HU"]), max_size=3,
                       unique=True),
       steps=st.integers(0, 150), play=st.integers(0, 10**6))
def test_save_and_load_round_trips(tmp_path, seed, humans, steps, play):
    game = Game(_SCENARIO, seed, humans)
    _random_play(game, random.Random(play), steps)
    path = save_game(game, tmp_path / "h.json")
    loaded = load_game(path, _SCENARIO)
    assert_same_game(loaded, game)
    if steps % 3 == 0:
        assert_same_game(load_game(path, _SCENARIO, verify="replay"), game)
    _random_play(game, random.Random(play + 1), 60)
    _random_play(loaded, random.Random(play + 1), 60)
    assert_same_game(loaded, game)


# -- a bundled scenario ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def withdrawal():
    from autonomy_game.scenario.validate import load_scenario

    return load_scenario("us-withdrawal")


def test_a_finished_bundled_game_loads_fast_and_by_replay(withdrawal, tmp_path):
    game = Game(withdrawal, 1, ["DE", "PL"])
    _random_play(game, random.Random(1), 120)
    play_to_end(game)
    path = save_game(game, tmp_path / "uw.json")
    assert path.stat().st_size < 1024 * 1024
    fast = load_game(path)  # the scenario found by its id, as the start screen does
    assert_same_game(fast, game)
    assert_same_game(load_game(path, withdrawal, verify="replay"), game)


def _round_differently(monkeypatch, relative: float) -> None:
    """Make this turn's replay round Europe's dynamics differently, as another processor's
    matrix products might (a relative change of `relative` in cohesion)."""
    from autonomy_game.engine import resolution

    original = resolution._europe_dynamics

    def other_rounding(world, state):
        original(world, state)
        state.cohesion *= 1.0 + relative

    monkeypatch.setattr(resolution, "_europe_dynamics", other_rounding)


def test_a_save_replayed_with_other_rounding_still_loads(scenario, saved, monkeypatch):
    """On another computer the replayed turn may differ in its last bits: the digest misses,
    the fingerprint (the snapshot exactly, this turn's sums to a millionth) matches."""
    exact = load_game(saved, scenario)
    _round_differently(monkeypatch, 1e-12)
    game = load_game(saved, scenario)
    assert game.state.cohesion[0] != exact.state.cohesion[0]  # it did round differently
    assert game.state.cohesion[0] == pytest.approx(exact.state.cohesion[0], rel=1e-9)
    assert game.turn == exact.turn and game.phase == exact.phase


def test_a_save_that_replays_to_a_different_game_is_still_refused(scenario, saved,
                                                                    monkeypatch):
    _round_differently(monkeypatch, 1e-3)  # not rounding: different rules
    with pytest.raises(SaveError, match="does not load to the game that was saved"):
        load_game(saved, scenario)
