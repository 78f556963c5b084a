"""`autonomy-game vote`: the Council calculator counts with the engine's Treaty rules and the
base data's real populations."""

from __future__ import annotations

import json

import pytest

from autonomy_game.cli.main import main

PESCO_NO = "BE,DE,ES,SE,SI"


def vote_json(capsys, *args: str) -> dict:
    assert main(["vote", *args, "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_pesco_qmv_of_21_of_26_with_65_03_percent_passes_tfeu_238_3_a(capsys):
    """The issue's case: QMV among the 26 PESCO states (TFEU 238(3)(a))."""
    result = vote_json(capsys, "qmv", "--yes", "all", "--no", PESCO_NO,
                       "--participants", "pesco")
    assert result["adopted"] is True
    assert result["yes_states"] == 21 and len(result["participants"]) == 26
    assert result["yes_population_share"] == pytest.approx(0.6503, abs=5e-5)
    assert result["states_needed"] == 15 and result["blocking_minority"] == 4
    assert result["article"].startswith("TEU 16(4)")


def test_states_named_in_no_list_vote_no_teu_16_4(capsys):
    """Only DE, FR and IT named: the other 24 vote no, so QMV fails on states (TEU 16(4))."""
    result = vote_json(capsys, "qmv", "--yes", "DE,FR,IT")
    assert result["adopted"] is False
    assert result["yes_states"] == 3 and result["no_states"] == 24


def test_reinforced_qmv_needs_20_of_27_tfeu_238_2(capsys):
    nineteen = "DE,FR,IT,ES,PL,RO,NL,BE,CZ,SE,PT,GR,HU,AT,BG,DK,FI,SK,IE"
    plain = vote_json(capsys, "qmv", "--yes", nineteen)
    reinforced = vote_json(capsys, "reinforced-qmv", "--yes", nineteen)
    via_proposal = vote_json(capsys, "qmv", "--yes", nineteen, "--proposal", "member-states")
    assert plain["adopted"] and not reinforced["adopted"]
    assert reinforced == {**via_proposal, "proposal": reinforced["proposal"]}
    assert reinforced["states_needed"] == 20 and reinforced["blocking_minority"] is None


def test_unanimity_blocked_by_constructive_abstention_of_a_third_teu_31_1(capsys):
    result = vote_json(capsys, "unanimity", "--yes", "all", "--constructive",
                       "DE,FR,IT,ES,PL,RO,NL,BE,CZ")
    assert result["adopted"] is False and result["constructive_states"] == 9
    assert result["constructive_population_share"] > 1 / 3


def test_seven_state_council_blocking_minority_is_computed_tfeu_238_3_a(capsys):
    result = vote_json(capsys, "qmv", "--yes", "PL,ES,NL,EE",
                       "--participants", "DE,FR,PL,IT,ES,NL,EE")
    assert result["blocking_minority"] == 3 and result["adopted"] is False


def test_text_output_shows_thresholds_tally_and_result(capsys):
    assert main(["vote", "qmv", "--yes", "all", "--no", "DE,FR,IT"]) == 0
    out = capsys.readouterr().out
    assert "15 states and 65 %" in out and "blocking minority needs 4" in out
    assert "24 yes, 3 no" in out
    assert "Result: ADOPTED" in out and "deemed attained" in out


@pytest.mark.parametrize("args, message", [
    (["qmv", "--yes", "DE,XX"], "unknown member state 'XX'"),
    (["qmv", "--yes", "DE", "--no", "DE"], "both --yes and --no"),
    (["qmv", "--yes", "MT", "--participants", "pesco"], "not among the participants"),
    (["qmv", "--yes", "DE", "--constructive", "HU"], "only under unanimity"),
    (["majority", "--yes", "DE"], "invalid choice"),
])
def test_bad_input_is_a_one_line_error_with_exit_2(capsys, args, message):
    with pytest.raises(SystemExit) as exit_info:
        main(["vote", *args])
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert message in err and len(err.strip().splitlines()) == 1
