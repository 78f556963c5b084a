"""`simulate --explain`: an author's balance lab (issue 14, item 1)."""

from __future__ import annotations

import json

import numpy as np
import pytest

from autonomy_game.cli.main import main
from autonomy_game.engine.state import OUTCOME_VICTORY
from autonomy_game.explain.analysis import explain, pseudo_r2
from autonomy_game.explain.clauses import split_clauses
from autonomy_game.scenario import load_scenario


def test_goal_is_split_into_the_clauses_as_written() -> None:
    assert split_clauses("deterrence >= 0.7 and (cohesion > 0.5 or var.x == 1)") == (
        "deterrence >= 0.7", "cohesion > 0.5", "var.x == 1")
    assert split_clauses("cohesion > 0.5") == ()


def test_pseudo_r2_is_one_for_a_perfect_predictor_and_near_zero_for_noise() -> None:
    rng = np.random.default_rng(3)
    y = rng.random(4000) < 0.4
    assert pseudo_r2(y.astype(float), y) > 0.95
    assert pseudo_r2(rng.random(4000), y) < 0.01


def test_clause_shares_agree_with_the_outcomes_they_decide() -> None:
    scenario = load_scenario("us-withdrawal")
    explanation, run = explain(scenario, 200, 7)
    victory = next(j for j in explanation.judged if j.key == "victory")
    assert victory.met == pytest.approx(float(np.mean(run.outcome == OUTCOME_VICTORY)))
    assert len(victory.clauses) >= 2
    # victory is a conjunction: no clause can hold less often than victory itself
    for clause in victory.clauses:
        assert clause.held >= victory.met - 1e-12
    fired = {e.id: e.fired for e in explanation.events}
    for e, event in enumerate(scenario.events):
        assert fired[event.id] == pytest.approx(float(run.fired[:, e].mean()))


def test_explain_json_holds_the_contract_keys(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["simulate", "tutorial", "--runs", "60", "--explain", "--json"]) == 0
    payload = json.loads(capsys.readouterr().out)
    explain_json = payload["explain"]
    for key in ("clauses", "events", "objectives", "variables", "factors", "warnings"):
        assert key in explain_json
    assert payload["win_rate"] == pytest.approx(explain_json["victory"])
    assert {c["key"] for c in explain_json["clauses"]} >= {"victory", "partial"}


def test_explain_text_names_the_deciding_clauses_and_writes_html(
        tmp_path, capsys: pytest.CaptureFixture[str]) -> None:
    page = tmp_path / "explain.html"
    assert main(["simulate", "us-withdrawal", "--runs", "80", "--explain",
                 "--html", str(page)]) == 0
    out = capsys.readouterr().out
    assert "What explains victory most" in out
    assert "deterrence >= " in out  # a clause of the victory condition, with its share
    assert page.read_text(encoding="utf-8").startswith("<!doctype html>")


def test_html_needs_explain(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stop:
        main(["simulate", "tutorial", "--runs", "5", "--html", "x.html"])
    assert stop.value.code == 2
