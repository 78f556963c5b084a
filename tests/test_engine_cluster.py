"""`--cluster ADDRESS`: chunks, balance cells and sweeps on a Dask cluster give the local result.

Each test starts a small `distributed.LocalCluster` on 127.0.0.1 itself (two worker
processes) and compares with the same run played locally, bit for bit.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import numpy as np
import pytest

distributed = pytest.importorskip("distributed")

from autonomy_game.cli.main import main  # noqa: E402
from autonomy_game.engine.cluster import ClusterError, connect  # noqa: E402
from autonomy_game.engine.policy.runner import run_policies  # noqa: E402
from tests.support.bundled import bundled_scenario  # noqa: E402
from tests.support.timings import without_timing  # noqa: E402

SRC = str(Path(__file__).resolve().parents[1] / "src")
TIMING = {"elapsed_s", "games_per_s"}


@pytest.fixture(scope="module")
def cluster():
    """Two worker processes on 127.0.0.1 that can import the game from this checkout."""
    saved = os.environ.get("PYTHONPATH")
    os.environ["PYTHONPATH"] = SRC + (os.pathsep + saved if saved else "")
    try:
        with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                      host="127.0.0.1", dashboard_address=None) as local:
            yield local.scheduler_address
    finally:
        if saved is None:
            os.environ.pop("PYTHONPATH", None)
        else:
            os.environ["PYTHONPATH"] = saved


def _same_runs(a, b) -> None:
    for name in ("outcome", "ended_turn", "defeat_reason", "fired", "fired_turn", "choice",
                 "objectives", "adopted", "adopted_turn"):
        assert np.array_equal(getattr(a, name), getattr(b, name)), name
    assert a.final.keys() == b.final.keys()
    for name in a.final:
        assert np.array_equal(a.final[name], b.final[name]), name


def test_chunks_on_a_cluster_equal_the_local_run_bit_for_bit(cluster):
    scenario = bundled_scenario("us-withdrawal")
    local = run_policies(scenario, 300, 6, {"DE": "random"}, chunk=300)
    remote = run_policies(scenario, 300, 6, {"DE": "random"}, chunk=70, cluster=cluster)
    _same_runs(local, remote)


def test_simulate_on_a_cluster_prints_the_local_json(cluster, capsys):
    def simulated(*extra: str) -> dict:
        assert main(["simulate", "supply-line-crisis", "--runs", "200", "--seed", "3",
                     "--chunk", "50", "--json", *extra]) == 0
        result = json.loads(capsys.readouterr().out)
        return {k: v for k, v in result.items() if k not in TIMING}

    assert simulated("--cluster", cluster) == simulated("--workers", "1")


def test_a_parameter_sweep_on_a_cluster_equals_the_local_sweep(cluster, capsys):
    def swept(*extra: str) -> list:
        assert main(["simulate", "us-withdrawal", "--runs", "120", "--chunk", "40", "--json",
                     "--sweep", "us_drawdown_spread=0..0.02:3", *extra]) == 0
        results = json.loads(capsys.readouterr().out)["sweep"]["results"]
        return [{k: v for k, v in r.items() if k not in TIMING} for r in results]

    local, remote = swept("--workers", "1"), swept("--cluster", cluster)
    assert local == remote
    assert [r["parameters"]["us_drawdown_spread"] for r in local] == [0.0, 0.01, 0.02]


def test_balance_cells_on_a_cluster_measure_what_the_local_run_measures(cluster):
    from autonomy_game.balance.measure import measure
    from autonomy_game.balance.report import to_json

    scenario = bundled_scenario("tutorial")

    def measured(**where) -> str:
        result = to_json(measure(scenario, 8, 2, [], chunk=5, **where))
        return json.dumps(without_timing(result), sort_keys=True)

    assert measured(workers=1) == measured(cluster=cluster)




def test_an_unreachable_scheduler_is_a_clear_error_not_a_traceback(capsys, monkeypatch):
    from autonomy_game.engine import cluster as cluster_module

    monkeypatch.setattr(cluster_module, "CONNECT_TIMEOUT_S", 2)
    with pytest.raises(ClusterError, match="cannot reach the Dask scheduler"):
        connect("tcp://127.0.0.1:9")
    status = main(["simulate", "tutorial", "--runs", "10", "--cluster", "tcp://127.0.0.1:9"])
    assert status == 1
    assert "cannot reach the Dask scheduler at tcp://127.0.0.1:9" in capsys.readouterr().err
