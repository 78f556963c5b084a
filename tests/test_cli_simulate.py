"""`autonomy-game simulate`: JSON shape, reproducibility and error exits."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from autonomy_game.cli.main import main

PLAIN = str(Path(__file__).parent / "data" / "eu27-plain.yaml")
TIMING = {"elapsed_s", "games_per_s"}


def run_json(capsys, *args: str) -> dict:
    assert main(["simulate", PLAIN, *args, "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_simulate_json_has_the_documented_keys(capsys):
    result = run_json(capsys, "--runs", "20", "--seed", "3")
    assert {"scenario", "runs", "seed", "outcomes", "win_rate", "indicators", "elapsed_s",
            "games_per_s"} <= set(result)
    assert result["runs"] == 20
    assert sum(result["outcomes"].values()) == 20
    assert {"mean", "p10", "p90"} == set(result["indicators"]["deterrence"])


def test_same_seed_same_output_apart_from_timing(capsys):
    first = run_json(capsys, "--runs", "30", "--seed", "8")
    second = run_json(capsys, "--runs", "30", "--seed", "8")
    assert {k: v for k, v in first.items() if k not in TIMING} == {
        k: v for k, v in second.items() if k not in TIMING}


def test_text_output_names_win_rate_and_speed(capsys):
    assert main(["simulate", PLAIN, "--runs", "10"]) == 0
    out = capsys.readouterr().out
    assert "win rate:" in out and "games/s" in out


@pytest.mark.parametrize("args", [["--runs", "0"], ["--runs", "many"], ["--seed", "-1"], []])
def test_usage_errors_exit_2(capsys, args):
    argv = ["simulate", PLAIN, *args] if args else ["simulate"]
    with pytest.raises(SystemExit) as stop:
        main(argv)
    assert stop.value.code == 2


def test_broken_scenario_exits_1_with_file_line_col(tmp_path, capsys):
    bad = tmp_path / "bad.yaml"
    bad.write_text("format: 1\nid: bad\ntitle: [unclosed\n")
    assert main(["simulate", str(bad), "--runs", "5"]) == 1
    err = capsys.readouterr().err
    assert f"{bad}:" in err and "error:" in err


@pytest.mark.parametrize("argv", [
    ["simulate", PLAIN, "--runs", "0"], ["simulate", PLAIN, "--runs", "2000000"],
    ["validate"], ["report", "a", "b"], ["schema", "--bogus"], ["list", "--bogus"],
    ["--bogus"], ["play", "--seed", "-3"],
])
def test_every_usage_error_is_one_line_and_exits_2(capsys, argv):
    with pytest.raises(SystemExit) as stop:
        main(argv)
    assert stop.value.code == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and ": error: " in err


def test_simulate_with_policies_names_them_in_the_json(capsys):
    result = run_json(capsys, "--runs", "20", "--seed", "3", "--policy", "DE=passive",
                      "--policy", "FR=random")
    assert result["policies"] == {"DE": "passive", "FR": "random"}
    assert sum(result["outcomes"].values()) == 20
    plain = run_json(capsys, "--runs", "20", "--seed", "3")
    assert plain["policies"] == {}


@pytest.mark.parametrize("spec, message", [
    ("XX=passive", "'XX' is not a member state"),
    ("DE=bogus", "unknown policy 'bogus'"),
    ("DE", "expected SEAT=POLICY"),
    ("=random", "expected SEAT=POLICY"),
])
def test_a_bad_policy_is_a_one_line_usage_error(capsys, spec, message):
    with pytest.raises(SystemExit) as stop:
        main(["simulate", PLAIN, "--runs", "5", "--policy", spec])
    assert stop.value.code == 2
    err = capsys.readouterr().err
    assert message in err and len(err.strip().splitlines()) == 1 and "Traceback" not in err


def test_the_same_seat_twice_is_a_usage_error(capsys):
    with pytest.raises(SystemExit) as stop:
        main(["simulate", PLAIN, "--runs", "5", "--policy", "DE=passive", "--policy",
              "DE=random"])
    assert stop.value.code == 2
    assert "given twice" in capsys.readouterr().err
