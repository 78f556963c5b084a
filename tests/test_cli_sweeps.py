"""Sweeps: `simulate --sweep KEY=A..B[:STEPS]` and `balance S1 S2 --seeds 1,2` (run locally;
tests/test_engine_cluster.py runs them on a Dask cluster)."""

from __future__ import annotations

import argparse
import json

import pytest

from autonomy_game.cli.main import main
from autonomy_game.cli.simulate_cmd import sweep_spec
from tests.support.timings import without_timing

TIMING = {"elapsed_s", "games_per_s"}


def _json(capsys, argv: list[str]) -> dict:
    assert main(argv) == 0
    return json.loads(capsys.readouterr().out)


def _untimed(result: dict) -> dict:
    return {k: v for k, v in result.items() if k not in TIMING | {"parameters"}}


def test_sweep_values_are_evenly_spaced_from_a_to_b():
    assert sweep_spec("us_drawdown_spread=0..0.02:5").values == (0.0, 0.005, 0.01, 0.015, 0.02)
    assert sweep_spec("ai_noise=0.1..0.3").values == (0.1, 0.15, 0.2, 0.25, 0.3)
    assert sweep_spec("ai_noise=0.2..0.4:1").values == (0.2,)


@pytest.mark.parametrize("text", ["ai_noise", "ai_noise=0.1", "=0..1", "ai_noise=a..b",
                                  "ai_noise=0..1:0", "ai_noise=0..1:x", "ai_noise=0..inf"])
def test_malformed_sweeps_are_refused(text):
    with pytest.raises(argparse.ArgumentTypeError):
        sweep_spec(text)


@pytest.mark.parametrize("sweep, message", [
    ("no_such_key=0..1", "'no_such_key' is not a scenario parameter"),
    ("ai_noise=0..3:3", "ai_noise takes values from 0 to 1, not 1.5"),
])
def test_sweeps_over_unknown_keys_or_out_of_range_values_are_usage_errors(capsys, sweep,
                                                                           message):
    with pytest.raises(SystemExit) as stop:
        main(["simulate", "tutorial", "--runs", "5", "--sweep", sweep])
    assert stop.value.code == 2
    assert message in capsys.readouterr().err


def test_each_swept_value_is_the_scenario_played_with_that_parameter(capsys):
    """us-withdrawal sets us_drawdown_spread to 0.008: the sweep's 0.008 is the plain run."""
    swept = _json(capsys, ["simulate", "us-withdrawal", "--runs", "60", "--seed", "2",
                           "--json", "--sweep", "us_drawdown_spread=0..0.008:2"])["sweep"]
    assert swept["parameter"] == "us_drawdown_spread" and swept["values"] == [0.0, 0.008]
    plain = _json(capsys, ["simulate", "us-withdrawal", "--runs", "60", "--seed", "2",
                           "--json"])
    first, second = swept["results"]
    assert second["parameters"] == {"us_drawdown_spread": 0.008}
    assert _untimed(second) == _untimed(plain)
    assert _untimed(first) != _untimed(plain)  # no spread: every game the same pace


def test_the_sweep_text_prints_one_line_per_value(capsys):
    assert main(["simulate", "tutorial", "--runs", "20", "--sweep", "ai_noise=0..0.2:3"]) == 0
    lines = [line for line in capsys.readouterr().out.splitlines()
             if line.startswith("ai_noise=")]
    assert [line.split()[0] for line in lines] == ["ai_noise=0", "ai_noise=0.1", "ai_noise=0.2"]
    assert all("win rate" in line for line in lines)




def test_a_balance_sweep_measures_every_scenario_on_every_seed(capsys, tmp_path):
    base = ["--runs", "4", "--doctrines", str(tmp_path), "--json", "--workers", "1"]
    main(["balance", "tutorial", "--seeds", "1,2", *base])
    swept = json.loads(capsys.readouterr().out)["sweep"]
    assert [(r["scenario"], r["seed"]) for r in swept] == [("tutorial", 1), ("tutorial", 2)]
    main(["balance", "tutorial", "--seed", "2", *base])
    alone = json.loads(capsys.readouterr().out)
    assert without_timing(swept[1]) == without_timing(alone)


def test_balance_seeds_must_be_whole_numbers(capsys):
    with pytest.raises(SystemExit) as stop:
        main(["balance", "tutorial", "--seeds", "1,x"])
    assert stop.value.code == 2
