"""The author's commands: validate, list, schema, new-scenario."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from autonomy_game.cli.main import main
from autonomy_game.scenario import bundled_scenarios, check_file
from autonomy_game.scenario.schema import load_schema

FIXTURES = Path(__file__).parent / "fixtures" / "scenario"
REPO = Path(__file__).resolve().parents[1]
ERROR_LINE = re.compile(r"^.+:\d+:\d+: error: .+$")


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    try:
        code = main(argv)
    except SystemExit as exit_:  # argparse usage errors
        code = int(exit_.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


# -- validate -----------------------------------------------------------------------------------


def test_validate_valid_file_exits_0_with_a_summary(capsys: pytest.CaptureFixture[str]) -> None:
    path = str(FIXTURES / "mini.yaml")
    code, out, err = run(["validate", path], capsys)
    assert (code, err) == (0, "")
    assert out == f"{path}: ok (8 turns, 5 states, 2 events)\n"


def test_validate_base_data_exits_0(capsys: pytest.CaptureFixture[str]) -> None:
    path = str(FIXTURES / "base.yaml")
    code, out, _ = run(["validate", path], capsys)
    assert code == 0 and out == f"{path}: ok (base data: 5 states, 3 hubs, 2 initiatives)\n"


def test_validate_reports_every_problem_one_per_line_and_exits_1(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    shutil.copy(FIXTURES / "base.yaml", tmp_path / "base.yaml")
    text = (FIXTURES / "mini.yaml").read_text().replace("turns: 8", "turns: 80")
    text = text.replace("chance: 0.5", "chanse: 0.5")
    bad = tmp_path / "bad.yaml"
    bad.write_text(text)
    code, out, err = run(["validate", str(bad)], capsys)
    assert code == 1 and out == ""
    lines = err.splitlines()
    problems = [line for line in lines if ERROR_LINE.match(line)]
    assert len(problems) == 2
    assert problems[0] == f"{bad}:7:8: error: turns: 80 is out of range (must be from 1 to 40)"
    assert problems[1] == (f"{bad}:16:5: error: unknown key 'chanse' in events[0]; did you mean "
                           "'chance'?")
    assert lines[-1] == f"{bad}: 2 errors"


def test_validate_several_files_fails_if_any_fails(tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("- not a mapping\n")
    code, out, err = run(["validate", str(FIXTURES / "mini.yaml"), str(bad)], capsys)
    assert code == 1
    assert "ok (8 turns" in out
    assert err.splitlines()[0].startswith(f"{bad}:1:1: error: expected a mapping")


def test_validate_missing_file_exits_1(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    missing = str(tmp_path / "missing.yaml")
    code, _, err = run(["validate", missing], capsys)
    assert code == 1 and err.splitlines()[0] == f"{missing}:1:1: error: no such file"


def test_validate_unknown_bundled_id_exits_1(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(["validate", "no-such-scenario"], capsys)
    assert code == 1 and err.startswith("no-such-scenario:1:1: error: no bundled scenario")


def test_validate_without_a_path_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(["validate"], capsys)
    assert code == 2 and "required" in err


def test_validate_bundled_scenarios_by_id(capsys: pytest.CaptureFixture[str]) -> None:
    for info in bundled_scenarios():
        code, out, err = run(["validate", "--strict", info.id], capsys)
        assert (code, err) == (0, "")  # the bundled scenarios are free of lint warnings too
        assert out.endswith(f"{info.id}.yaml: ok ({info.turns} turns, "
                            f"{out.split('turns, ')[1]}")


def test_validate_runs_as_a_module(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("format: 1\nid: x\n")
    env_path = str(REPO / "src")
    result = subprocess.run([sys.executable, "-m", "autonomy_game", "validate", str(bad)],
                            capture_output=True, text=True, timeout=120,
                            env={"PYTHONPATH": env_path, "PATH": "/usr/bin:/bin"})
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert all(ERROR_LINE.match(line) for line in result.stderr.splitlines()[:-1])


# -- list ---------------------------------------------------------------------------------------


def test_list_json_is_a_list_of_objects(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["list", "--json"], capsys)
    assert code == 0
    rows = json.loads(out)
    assert isinstance(rows, list)
    assert [row["id"] for row in rows] == [info.id for info in bundled_scenarios()]
    for row in rows:
        assert set(row) == {"id", "title", "turns", "path"}
        assert isinstance(row["turns"], int) and isinstance(row["title"], str)


def test_list_text_shows_one_line_per_scenario(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["list"], capsys)
    infos = bundled_scenarios()
    assert code == 0
    assert len(out.splitlines()) == max(1, len(infos))
    for info in infos:
        assert info.id in out and info.title in out


# -- schema -------------------------------------------------------------------------------------


def test_schema_prints_valid_json(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["schema"], capsys)
    assert code == 0
    schema = json.loads(out)
    assert schema == load_schema()
    assert schema["$schema"] == "http://json-schema.org/draft-07/schema#"
    assert "states" in schema["properties"]


# -- new-scenario -------------------------------------------------------------------------------


def test_new_scenario_template_validates_as_written(tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    shutil.copy(FIXTURES / "base.yaml", tmp_path / "base.yaml")
    target = tmp_path / "my-crisis.yaml"
    code, out, _ = run(["new-scenario", str(target), "--extends", "base.yaml"], capsys)
    assert code == 0 and out.startswith(f"wrote {target}")
    result = check_file(target)
    assert [str(e) for e in result.errors] == []
    assert result.scenario is not None and result.scenario.id == "my-crisis"
    text = target.read_text()
    assert text.count("\n#") > 10, "the template explains itself in comments"


def test_new_scenario_default_template_extends_the_bundled_base(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "Crisis 2030.yaml"
    code, _, _ = run(["new-scenario", str(target)], capsys)
    assert code == 0
    assert 'extends: "base:eu27"' in target.read_text()
    result = check_file(target)
    assert [str(e) for e in result.errors] == []
    assert result.scenario is not None and result.scenario.id == "crisis-2030"
    assert len(result.scenario.members) == 27


def test_new_scenario_refuses_to_overwrite(tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "mine.yaml"
    target.write_text("precious: true\n")
    code, _, err = run(["new-scenario", str(target)], capsys)
    assert code == 1
    assert err == f"autonomy-game new-scenario: error: {target} already exists; not overwriting " \
                  "it\n"
    assert target.read_text() == "precious: true\n"


def test_new_scenario_needs_a_yaml_name(tmp_path: Path,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(["new-scenario", str(tmp_path / "mine.txt")], capsys)
    assert code == 2 and len(err.splitlines()) == 1
    assert not (tmp_path / "mine.txt").exists()


def test_a_subset_of_the_base_states_needs_only_its_part_of_europes_requirements(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Three states playing on the EU-27 base inherit its requirements and U.S. support
    scaled to their share of the base's GDP; figures a scenario sets itself are kept."""
    target = tmp_path / "trio.yaml"
    assert run(["new-scenario", str(target)], capsys)[0] == 0
    text = target.read_text().replace("# members: [DE, FR, PL]", "members: [DE, FR, PL]")
    target.write_text(text)
    trio = check_file(target).scenario
    everyone = check_file(REPO / "scenarios" / "us-withdrawal.yaml").scenario
    assert trio is not None and everyone is not None and trio.members == ["DE", "FR", "PL"]
    share = (sum(trio.states[c].gdp for c in trio.members)
             / sum(s.gdp for s in trio.states.values()))
    assert 0.3 < share < 0.6
    for domain, need in everyone.requirements.items():
        assert trio.requirements[domain] == pytest.approx(need * share)
        assert trio.us_support[domain] == pytest.approx(everyone.us_support[domain] * share)
    # Written in the scenario itself, the figures are the subset's own.
    target.write_text(text + "requirements: {land: 50, air: 40, air_defence: 30, isr: 20,"
                      " enablers: 20, cyber: 10, energy: 10, mobility: 15}\n")
    own = check_file(target).scenario
    assert own is not None and own.requirements["air_defence"] == 30
    assert own.us_support["air_defence"] == pytest.approx(everyone.us_support["air_defence"]
                                                          * share)
