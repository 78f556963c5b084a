"""Issue 11, resources: hostile sizes are refused quickly with a clear message, and errors,
however many, are printed in bounded number."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from autonomy_game.cli.main import main
from autonomy_game.scenario import check_file, yaml_loader
from autonomy_game.scenario.errors import MAX_COLLECTED, MAX_PRINTED
from autonomy_game.scenario.format_spec import MAX_EVENTS
from autonomy_game.scenario.yaml_loader import MAX_VALUES, YamlLoadError, parse_yaml
from tests.support.scenario_files import copy_base, scenario_head

HEAD = scenario_head(turns=3)  # 8 lines: appended text starts on line 9


@pytest.fixture
def workdir(tmp_path: Path) -> Path:
    return copy_base(tmp_path)


def _timed_errors(path: Path) -> tuple[float, list[str]]:
    """CPU seconds (not wall time: the test must not fail on a busy machine) and errors."""
    started = time.process_time()
    errors = [str(e) for e in check_file(path, path.name).errors]
    return time.process_time() - started, errors


def test_a_60000_event_file_is_refused_quickly(workdir):
    path = workdir / "s.yaml"
    events = "".join(f"  - {{id: e{i}, title: E}}\n" for i in range(60_000))
    path.write_text(HEAD + "events:\n" + events)
    assert 1_000_000 < path.stat().st_size < yaml_loader.MAX_BYTES  # 1.5 MB, under the size cap
    elapsed, errors = _timed_errors(path)
    # refused at the event being read when the count passed the limit (line ~6 000)
    assert len(errors) == 1 and errors[0].startswith("s.yaml:600")
    assert errors[0].endswith(f":5: error: file refused: more than {MAX_VALUES} values")
    assert elapsed < 3.0  # was 8 s and 289 MB; ~0.7 s here


def test_too_many_events_under_the_value_limit_is_one_clear_error(workdir):
    path = workdir / "s.yaml"
    events = "".join(f"  - {{id: e{i}, title: E}}\n" for i in range(MAX_EVENTS + 100))
    path.write_text(HEAD + "events:\n" + events)
    elapsed, errors = _timed_errors(path)
    assert errors == [f"s.yaml:10:3: error: events: too many events ({MAX_EVENTS + 100}; a "
                      f"scenario holds at most {MAX_EVENTS})"]
    assert elapsed < 3.0


def test_billion_laughs_is_refused_before_expanding(workdir):
    lines = ["format: 1", 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for name, prev in zip("bcdefghi", "abcdefgh", strict=True):
        lines.append(f"{name}: &{name} [" + ",".join([f"*{prev}"] * 9) + "]")
    path = workdir / "lol.yaml"
    path.write_text("\n".join(lines) + "\n")
    assert path.stat().st_size < 400
    elapsed, errors = _timed_errors(path)
    assert len(errors) == 1 and "file refused: aliases expand to more than" in errors[0]
    assert elapsed < 0.5  # was 3 s and 153 MB


def test_the_value_limit_is_reported_alike_by_both_yaml_paths(monkeypatch):
    text = "k: [" + ", ".join(["1"] * (MAX_VALUES + 5)) + "]\n"
    results = []
    for use_libyaml in (True, False):
        monkeypatch.setattr(yaml_loader, "USE_LIBYAML", use_libyaml)
        with pytest.raises(YamlLoadError) as caught:
            parse_yaml(text.encode(), "t.yaml")
        results.append([str(e) for e in caught.value.errors])
    assert results[0] == results[1] == [f"t.yaml:1:4: error: file refused: more than "
                                        f"{MAX_VALUES} values"]


def test_thousands_of_unknown_keys_print_a_bounded_number_of_errors(workdir, capsys):
    count = MAX_COLLECTED + 500
    path = workdir / "s.yaml"
    path.write_text(HEAD + "".join(f"junk{i}: 1\n" for i in range(count)))
    started = time.process_time()
    status = main(["validate", str(path)])
    elapsed = time.process_time() - started
    err = capsys.readouterr().err.splitlines()
    assert status == 1
    assert len(err) == MAX_PRINTED + 2  # the errors, "… and N more", the summary
    assert err[MAX_PRINTED] == f"… and {count - MAX_PRINTED} more errors"
    assert err[-1] == f"{path}: {count} errors"
    assert elapsed < 5.0


def test_simulate_refuses_a_chunk_bigger_than_memory_allows_before_allocating(monkeypatch,
                                                                              capsys):
    from autonomy_game.engine import capacity, simulate

    monkeypatch.setattr(capacity, "available_memory", lambda: 2 * 2**30)

    def must_not_run(*args, **kwargs):
        raise AssertionError("simulate was called")

    monkeypatch.setattr(simulate, "simulate", must_not_run)
    status = main(["simulate", "tutorial", "--runs", "1000000", "--chunk", "1000000",
                   "--workers", "1"])
    err = capsys.readouterr().err
    assert status == 2
    assert err.startswith("autonomy-game simulate: error: --chunk 1000000 on 1 worker(s) "
                          "needs about ")
    assert "this machine has 2.0 GB available; use at most --chunk " in err


def test_simulate_allows_what_memory_holds(monkeypatch):
    from autonomy_game.cli.simulate_cmd import memory_refusal
    from autonomy_game.engine import capacity
    from autonomy_game.scenario import load_scenario

    scenario = load_scenario("us-withdrawal")
    monkeypatch.setattr(capacity, "available_memory", lambda: 4 * 2**30)
    assert memory_refusal(scenario, 10_000) is None  # the documented benchmark size fits 4 GB
    # Chunks bound the memory whatever the runs; one batch of a million does not fit.
    assert memory_refusal(scenario, 1_000_000, chunk=4096, workers=2) is None
    assert memory_refusal(scenario, 1_000_000, chunk=1_000_000) is not None
