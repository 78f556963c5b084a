"""Doctrine files: loading, every kind of error at its position, template, schema, CLI."""

from __future__ import annotations

import json
import re
from pathlib import Path

import jsonschema
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from autonomy_game.cli.main import main
from autonomy_game.doctrine import (
    DoctrineLoadError,
    check_doctrine_bytes,
    check_doctrine_file,
    load_doctrine,
    shipped_doctrines,
)
from autonomy_game.doctrine.format_spec import LEVERS
from autonomy_game.doctrine.model import SPEND_STEP, SPEND_THREAT
from autonomy_game.doctrine.schema import SCHEMA_PATH, build_schema, schema_text
from autonomy_game.doctrine.spending import parse_spending
from autonomy_game.doctrine.template import render_template
from autonomy_game.scenario.errors import ScenarioError
from autonomy_game.scenario.yaml_loader import parse_yaml

REPO = Path(__file__).resolve().parents[1]
SINGLE_LEVER = ("european-shells", "foreign-shells", "shell-capacity", "materiel-aid",
                "european-procurement", "foreign-procurement", "hub-protection", "corridors",
                "max-spending")
THOUGHTFUL = ("thoughtful-us-withdrawal", "thoughtful-ammunition-cofunding",
              "thoughtful-supply-line-crisis")


def check(text: str):
    return check_doctrine_bytes(text.encode(), "d.yaml")


def messages(text: str) -> list[str]:
    return [str(e) for e in check(text).errors]


GOOD = """\
doctrine: 1
id: gap-filler
scenario: us-withdrawal
spending: +0.1 per turn up to 3.5
orders: {procurement: 0.7, shells: 0.1, materiel_aid: 0.1, hub_protection: 0.05, corridors: 0.05}
procurement:
  domains: {isr: 3, enablers: 3, air_defence: 3, land: 1}
  european_share: 0.6
shells: {european_share: 0.8}
hub_protection: {kinds: {air_defence: 2, cyber: 1}, hubs: [RZE, GDN]}
corridors: {routes: [RO_RAIL]}
aid_rounds: 0.2
council:
  propose: [essi, tanker_airlift_pool]
  vote: threat
  votes: {eurodrone: yes}
events:
  default: first
  choose: {patriot-offer: split}
"""


# -- loading ----------------------------------------------------------------------------------


def test_a_complete_doctrine_loads_into_the_record(tmp_path: Path) -> None:
    path = tmp_path / "gap.yaml"
    path.write_text(GOOD)
    d = load_doctrine(path)
    assert d.id == "gap-filler" and d.scenario == "us-withdrawal"
    assert d.spending.kind == SPEND_STEP and d.spending.step == 0.1 and d.spending.limit == 3.5
    assert d.orders == {"procurement": 0.7, "shells": 0.1, "shell_capacity": 0.0,
                        "materiel_aid": 0.1, "hub_protection": 0.05, "corridors": 0.05}
    assert d.domain_weights == {"isr": 3, "enablers": 3, "air_defence": 3, "land": 1}
    assert d.procurement_european == 0.6 and d.shells_european == 0.8 and d.in_time
    assert d.protection_weights == {"air_defence": 2, "cyber": 1}
    assert d.protection_hubs == ("RZE", "GDN") and d.corridor_routes == ("RO_RAIL",)
    assert d.aid_rounds == 0.2
    assert d.propose == ("essi", "tanker_airlift_pool") and d.vote == "threat"
    assert d.votes == {"eurodrone": "yes"}  # YAML 1.2: `yes` is text, not a boolean
    assert d.event_default == "first" and d.event_choices == {"patriot-offer": "split"}


def test_seat_and_kind_are_read_and_an_unknown_seat_is_a_warning() -> None:
    result = check("doctrine: 1\nid: ab\nseat: DE\nkind: thoughtful\n")
    assert result.doctrine.seat == "DE" and result.doctrine.kind == "thoughtful"
    result = check("doctrine: 1\nid: ab\nseat: UK\n")
    assert result.ok and [str(w) for w in result.warnings] == [
        "d.yaml:3:7: warning: seat: 'UK' is not a member state of the base data"]
    assert messages("doctrine: 1\nid: ab\nseat: de\n")[0].startswith("d.yaml:3:7: error: seat:")


def test_a_warning_is_a_located_problem_like_an_error_with_its_own_label() -> None:
    """One record serves both (scenario/errors.py): a warning is a ScenarioError whose
    severity is "warning"."""
    from autonomy_game.scenario.errors import ScenarioError

    (warning,) = check("doctrine: 1\nid: ab\nseat: UK\n").warnings
    assert isinstance(warning, ScenarioError) and warning.severity == "warning"
    assert (warning.path, warning.line, warning.col) == ("d.yaml", 3, 7)
    assert str(ScenarioError("d.yaml", 3, 7, "x")) == "d.yaml:3:7: error: x"


def test_the_smallest_doctrine_plays_like_the_ai() -> None:
    result = check("doctrine: 1\nid: like-the-ai\n")
    assert result.ok and not result.warnings
    d = result.doctrine
    assert d.orders is None and d.spending.kind == "ai" and d.vote == "ai"
    assert d.propose == "never" and d.event_default == "ai" and d.aid_rounds is None


@pytest.mark.parametrize(("text", "kind"), [
    ("hold", "hold"), ("ai", "ai"), ("max", "max"), ("match threat", SPEND_THREAT),
    ("  Match   Threat ", SPEND_THREAT), ("+0.1 per turn up to 3.5", SPEND_STEP),
    ("-0.2 per quarter down to 2", SPEND_STEP), ("+0.25 per turn", SPEND_STEP),
])
def test_spending_rules_read_as_written(text: str, kind: str) -> None:
    rule, reason = parse_spending(text)
    assert rule is not None and rule.kind == kind, reason


@pytest.mark.parametrize("text", ["+0.1 per week", "+0.1 per turn down to 2", "+0 per turn",
                                  "+3 per turn", "+0.1 per turn up to 11", "spend more"])
def test_unreadable_spending_rules_are_refused(text: str) -> None:
    rule, reason = parse_spending(text)
    assert rule is None and reason


def test_load_doctrine_by_shipped_id() -> None:
    assert load_doctrine("european-shells").orders["shells"] == 1.0


def test_load_doctrine_raises_with_every_error(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text("doctrine: 1\nid: x\nspendng: hold\n")
    with pytest.raises(DoctrineLoadError) as caught:
        load_doctrine(path)
    assert len(caught.value.errors) == 2  # the id is too short, the key is unknown
    assert all(isinstance(e, ScenarioError) for e in caught.value.errors)


# -- every error kind, at its position ---------------------------------------------------------


def test_unknown_key_is_reported_at_the_key_with_did_you_mean() -> None:
    assert messages("doctrine: 1\nid: ab\nspendng: hold\n") == [
        "d.yaml:3:1: error: unknown key 'spendng'; did you mean 'spending'?"]


def test_unknown_nested_key_names_its_section() -> None:
    assert messages("doctrine: 1\nid: ab\ncouncil:\n  vot: yes\n") == [
        "d.yaml:4:3: error: unknown key 'vot' in council; did you mean 'vote'?"]


def test_wrong_type_is_reported_at_the_value() -> None:
    assert messages("doctrine: 1\nid: ab\naid_rounds: lots\n") == [
        "d.yaml:3:13: error: aid_rounds: expected a number, found the text 'lots'"]


def test_either_value_of_the_wrong_kind_lists_what_fits() -> None:
    assert messages("doctrine: 1\nid: ab\nspending: {a: 1}\n") == [
        "d.yaml:3:11: error: spending: expected a list, text or a number, found a mapping"]


def test_a_spending_path_is_checked_item_by_item() -> None:
    assert messages("doctrine: 1\nid: ab\nspending: [2.0, 12, 2.5]\n") == [
        "d.yaml:3:17: error: spending[1]: 12 is out of range (must be from 0 to 10)"]


def test_unreadable_spending_rule_is_reported_at_the_value() -> None:
    (message,) = messages("doctrine: 1\nid: ab\nspending: +0.1 per week\n")
    assert message.startswith("d.yaml:3:11: error: spending: cannot read this spending rule")


def test_shares_that_do_not_sum_to_one_are_reported_at_the_orders_key() -> None:
    assert messages("doctrine: 1\nid: ab\norders:\n  shells: 0.5\n  procurement: 0.4\n") == [
        "d.yaml:3:1: error: orders: the shares sum to 0.9; they are shares of the seat's order "
        "money and must sum to 1"]


def test_share_out_of_range_is_reported() -> None:
    assert messages("doctrine: 1\nid: ab\nshells: {european_share: 1.5}\n") == [
        "d.yaml:3:26: error: shells.european_share: 1.5 is out of range (must be from 0 to 1)"]


def test_unknown_domain_is_an_error_with_did_you_mean() -> None:
    (message,) = messages("doctrine: 1\nid: ab\nprocurement:\n  domains: {isr: 1, enabler: 1}\n")
    assert message.startswith("d.yaml:4:21: error: procurement.domains: unknown key 'enabler'")
    assert message.endswith("did you mean 'enablers'?")


def test_all_zero_domain_weights_are_an_error() -> None:
    assert messages("doctrine: 1\nid: ab\nprocurement:\n  domains: {isr: 0}\n") == [
        "d.yaml:4:12: error: procurement.domains: every domain weight is 0; give at least one "
        "a positive weight"]


def test_unknown_vote_rule_lists_the_rules() -> None:
    assert messages("doctrine: 1\nid: ab\ncouncil: {vote: maybe}\n") == [
        "d.yaml:3:17: error: council.vote: unknown value 'maybe' (expected one of ai, yes, no, "
        "abstain, threat, cost)"]


def test_unknown_initiative_is_an_error_for_a_named_scenario() -> None:
    assert messages("doctrine: 1\nid: ab\nscenario: us-withdrawal\ncouncil:\n"
                    "  propose: [essy]\n") == [
        "d.yaml:5:13: error: unknown initiative 'essy' in scenario 'us-withdrawal'; did you "
        "mean 'essi'?"]


def test_unknown_initiative_is_a_warning_without_a_scenario() -> None:
    result = check("doctrine: 1\nid: ab\ncouncil:\n  votes: {my_plan: yes}\n")
    assert result.ok
    assert [str(w) for w in result.warnings] == [
        "d.yaml:4:11: warning: unknown initiative 'my_plan' in any bundled scenario"]


def test_unknown_event_and_option_are_errors_for_a_named_scenario() -> None:
    assert messages("doctrine: 1\nid: ab\nscenario: us-withdrawal\nevents:\n  choose:\n"
                    "    posture-revue: pledge\n    safe-summit: no-loans\n") == [
        "d.yaml:6:5: error: unknown event 'posture-revue' in scenario 'us-withdrawal'; did you "
        "mean 'posture-review'?",
        "d.yaml:7:18: error: event 'safe-summit' has no option 'no-loans' (its options: "
        "european_preference, open_lending, no_loans); did you mean 'no_loans'?"]


def test_an_event_known_in_some_bundled_scenario_is_accepted_without_a_scenario() -> None:
    result = check("doctrine: 1\nid: ab\nevents:\n  choose: {hungary-transit: allow, "
                   "posture-review: pledge}\n")
    assert result.ok and not result.warnings


def test_an_unbundled_scenario_is_a_warning() -> None:
    result = check("doctrine: 1\nid: ab\nscenario: my-crisis\n")
    assert result.ok
    assert [str(w) for w in result.warnings] == [
        "d.yaml:3:11: warning: scenario: 'my-crisis' is not a bundled scenario; its event and "
        "initiative ids are not checked"]


def test_missing_marker_and_id_are_reported() -> None:
    assert messages("title: a plan\n") == [
        "d.yaml:1:1: error: missing the format marker 'doctrine: 1' at the top (it tells a "
        "doctrine from a scenario)",
        "d.yaml:1:1: error: the doctrine: missing required key 'id'"]


def test_missing_required_keys_are_reported_once_each() -> None:
    found = messages("doctrine: 1\n")
    assert len(found) == 1 and "missing required key 'id'" in found[0]


def test_wrong_format_version_is_reported() -> None:
    (message,) = messages("doctrine: 2\nid: ab\n")
    assert message.startswith("d.yaml:1:11: error: doctrine: must be 1")


def test_not_a_mapping_and_bad_yaml_are_reported_with_positions() -> None:
    assert messages("- a\n- b\n")[0].startswith("d.yaml:1:1: error: expected a mapping")
    assert re.match(r"d\.yaml:\d+:\d+: error: ", messages("doctrine: 1\nid: [ab\n")[0])


def test_duplicate_keys_are_reported() -> None:
    assert any("duplicate" in m for m in messages("doctrine: 1\nid: ab\nid: cd\n"))


# -- fuzz: the loader never crashes -----------------------------------------------------------

KEYS = ["doctrine", "id", "spending", "orders", "procurement", "domains", "european_share",
        "in_time", "shells", "hub_protection", "aid_rounds", "council", "propose", "vote",
        "votes", "events", "default", "choose", "scenario", *LEVERS, "isr", "essi", "x",
        "phases", "from_turn", "kinds", "hubs", "routes"]
SCALARS = st.one_of(st.none(), st.booleans(), st.integers(-5, 5),
                    st.floats(allow_nan=True, allow_infinity=True), st.sampled_from(
                        ["hold", "ai", "max", "+0.1 per turn up to 3.5", "gaps", "yes", "no",
                         "never", "most-support", "us-withdrawal", "pledge", "", "1"]))
TREES = st.recursive(SCALARS, lambda inner: st.one_of(
    st.lists(inner, max_size=4),
    st.dictionaries(st.sampled_from(KEYS), inner, max_size=5)), max_leaves=25)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.dictionaries(st.sampled_from(KEYS), TREES, max_size=8))
def test_random_doctrine_trees_never_crash_the_loader(tree: dict) -> None:
    tree.setdefault("doctrine", 1)
    text = yaml.safe_dump(tree, allow_unicode=True)
    result = check_doctrine_bytes(text.encode(), "f.yaml")
    for error in result.errors:
        assert isinstance(error, ScenarioError)
        assert "internal error" not in error.message, error.message
        assert error.line >= 1 and error.col >= 1
    assert result.ok == (result.doctrine is not None)


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=300))
def test_random_bytes_never_crash_the_loader(raw: bytes) -> None:
    result = check_doctrine_bytes(raw, "f.yaml")
    assert all("internal error" not in e.message for e in result.errors)


# -- template, schema, shipped set ------------------------------------------------------------


def test_the_template_validates_as_written() -> None:
    result = check_doctrine_bytes(render_template("my-plan.yaml").encode(), "my-plan.yaml")
    assert result.ok, result.errors
    assert not result.warnings
    assert result.doctrine.id == "my-plan"


def test_the_shipped_schema_is_current_and_valid_draft_07() -> None:
    assert SCHEMA_PATH.read_text(encoding="utf-8") == schema_text()
    jsonschema.Draft7Validator.check_schema(build_schema())


def _yaml12(path: Path):
    return parse_yaml(path.read_bytes(), str(path)).data


def test_the_schema_accepts_every_shipped_doctrine_and_the_template(tmp_path: Path) -> None:
    validator = jsonschema.Draft7Validator(build_schema())
    template = tmp_path / "t.yaml"
    template.write_text(render_template("t.yaml"))
    for path in [*shipped_doctrines().values(), template]:
        assert not list(validator.iter_errors(_yaml12(path))), path


def test_the_schema_refuses_unknown_keys_and_bad_values() -> None:
    validator = jsonschema.Draft7Validator(build_schema())
    assert list(validator.iter_errors({"doctrine": 1, "id": "ab", "spendng": "hold"}))
    assert list(validator.iter_errors({"doctrine": 1, "id": "ab", "council": {"vote": "?"}}))
    assert list(validator.iter_errors({"id": "ab"}))


def test_the_project_ships_single_lever_and_thoughtful_doctrines() -> None:
    shipped = shipped_doctrines()
    assert set(SINGLE_LEVER) <= set(shipped)
    assert set(THOUGHTFUL) <= set(shipped)


@pytest.mark.parametrize("name", sorted(shipped_doctrines()))
def test_every_shipped_doctrine_validates_without_warnings(name: str) -> None:
    result = check_doctrine_file(shipped_doctrines()[name])
    assert result.ok, [str(e) for e in result.errors]
    assert not result.warnings, [str(w) for w in result.warnings]
    assert result.doctrine.id == name  # the file name is the id `--policy SEAT=ID` uses


@pytest.mark.parametrize("name", [n for n in SINGLE_LEVER if n != "max-spending"])
def test_single_lever_doctrines_put_all_order_money_into_one_lever(name: str) -> None:
    doctrine = load_doctrine(name)
    assert doctrine.kind == "single-lever"
    assert sorted(doctrine.orders.values())[-1] == 1.0 and sum(doctrine.orders.values()) == 1.0


@pytest.mark.parametrize("name", THOUGHTFUL)
def test_thoughtful_doctrines_name_their_scenario_and_seat(name: str) -> None:
    doctrine = load_doctrine(name)
    assert doctrine.kind == "thoughtful" and doctrine.seat == "DE"
    assert name == f"thoughtful-{doctrine.scenario}"


def test_the_wheel_ships_the_doctrines_folder() -> None:
    text = (REPO / "pyproject.toml").read_text()  # tomllib is 3.11+; the game runs on 3.10
    section = text.split("[tool.hatch.build.targets.wheel.force-include]", 1)[1].split("[", 1)[0]
    assert '"doctrines" = "autonomy_game/doctrines"' in section


# -- the commands -----------------------------------------------------------------------------


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    try:
        code = main(argv)
    except SystemExit as exit_:
        code = int(exit_.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


def test_validate_accepts_doctrine_files_and_ids(tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "gap.yaml"
    path.write_text(GOOD)
    code, out, err = run(["validate", str(path), "european-shells", "us-withdrawal"], capsys)
    assert code == 0, err
    assert f"{path}: ok (doctrine gap-filler for us-withdrawal)" in out
    assert "ok (doctrine european-shells)" in out
    assert "us-withdrawal.yaml: ok" in out


def test_validate_reports_doctrine_errors_and_exits_1(tmp_path: Path,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text("doctrine: 1\nid: ab\nspendng: hold\norders: {shells: 0.5}\n")
    code, _, err = run(["validate", str(path)], capsys)
    assert code == 1
    lines = err.splitlines()
    assert f"{path}:3:1: error: unknown key 'spendng'; did you mean 'spending'?" in lines
    assert any(line.startswith(f"{path}:4:1: error: orders: the shares sum to 0.5")
               for line in lines)
    assert lines[-1] == f"{path}: 2 errors"


def test_validate_prints_warnings_but_passes(tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "w.yaml"
    path.write_text("doctrine: 1\nid: ab\nevents:\n  choose: {my-event: go}\n")
    code, out, err = run(["validate", str(path)], capsys)
    assert code == 0
    assert f"{path}:4:12: warning: unknown event 'my-event' in any bundled scenario" in err
    assert "ok (doctrine ab)" in out


def test_new_doctrine_writes_a_valid_template_and_never_overwrites(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "plan.yaml"
    code, out, _ = run(["new-doctrine", str(path)], capsys)
    assert code == 0 and path.exists() and "wrote" in out
    assert check_doctrine_file(path).ok
    code, _, err = run(["validate", str(path)], capsys)
    assert code == 0, err
    before = path.read_text()
    code, _, err = run(["new-doctrine", str(path)], capsys)
    assert code == 1 and "already exists" in err and path.read_text() == before
    code, _, err = run(["new-doctrine", str(tmp_path / "plan.txt")], capsys)
    assert code == 2 and "must end in .yaml" in err


def test_schema_doctrine_prints_the_shipped_schema(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["schema", "--doctrine"], capsys)
    assert code == 0
    assert json.loads(out) == build_schema()
    code, out, _ = run(["schema"], capsys)
    assert json.loads(out)["title"].startswith("Autonomy scenario")


# -- simulate --policy with doctrines ---------------------------------------------------------


def test_the_docs_example_runs_with_simulate_policy(tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    """A newcomer's first doctrine: the complete example of docs/doctrine-format.md, as is."""
    docs = (REPO / "docs" / "doctrine-format.md").read_text(encoding="utf-8")
    example = docs.split("```yaml\n", 1)[1].split("```", 1)[0]
    path = tmp_path / "gap-filler.yaml"
    path.write_text(example)
    result = check_doctrine_file(path)
    assert result.ok and not result.warnings, [str(e) for e in result.errors]
    code, out, err = run(["simulate", "us-withdrawal", "--runs", "20", "--seed", "1", "--json",
                          "--policy", f"DE={path}"], capsys)
    assert code == 0, err
    assert json.loads(out)["runs"] == 20


def test_simulate_plays_a_shipped_doctrine_by_id(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(["simulate", "supply-line-crisis", "--runs", "20", "--json",
                          "--policy", "DE=thoughtful-supply-line-crisis"], capsys)
    assert code == 0, err
    assert json.loads(out)["policies"] == {"DE": "thoughtful-supply-line-crisis"}


def test_simulate_reports_a_broken_doctrine_with_positions_and_exits_1(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "broken.yaml"
    path.write_text("doctrine: 1\nid: broken\norders: {shells: 0.5}\n")
    code, _, err = run(["simulate", "us-withdrawal", "--runs", "5", "--policy", f"DE={path}"],
                       capsys)
    assert code == 1
    assert err.startswith(f"{path}:3:1: error: orders: the shares sum to 0.5")
    assert "Traceback" not in err


def test_settings_that_cannot_take_effect_are_warnings() -> None:
    result = check("doctrine: 1\nid: ab\nshells: {european_share: 0.5}\n"
                   "council: {vote: yes, cost_limit: 0.2}\n")
    assert result.ok
    assert [str(w) for w in result.warnings] == [
        "d.yaml:3:1: warning: shells: has no effect with `orders: ai` (the advisor's orders "
        "are kept); give the shares under `orders`",
        "d.yaml:4:22: warning: council.cost_limit: has no effect unless `vote: cost`"]
    result = check("doctrine: 1\nid: ab\norders: {shells: 1}\nprocurement: {european_share: 1}\n")
    assert [str(w) for w in result.warnings] == [
        "d.yaml:4:1: warning: procurement: has no effect, `orders` puts no money into "
        "procurement"]


PHASED = """\
doctrine: 1
id: capacity-then-shells
orders: {shell_capacity: 0.6, procurement: 0.4}
phases:
  - from_turn: 5
    orders: {shells: 0.8, materiel_aid: 0.2}
    spending: max
  - from_turn: 9
    council: {vote: yes}
"""


def test_phases_replace_keys_from_their_turn_on() -> None:
    result = check(PHASED)
    assert result.ok and not result.warnings, [str(e) for e in result.errors]
    d = result.doctrine
    assert [first for first, _ in d.phases] == [5, 9]
    assert d.at(4) is d and d.at(1).orders["shell_capacity"] == 0.6
    assert d.at(5).orders == {**dict.fromkeys(LEVERS, 0.0), "shells": 0.8, "materiel_aid": 0.2}
    assert d.at(5).spending.kind == "max" and d.at(5).vote == "ai"
    # A later phase starts from the doctrine's own keys, not the previous phase's.
    assert d.at(12).orders["shell_capacity"] == 0.6 and d.at(12).vote == "yes"


def test_phase_errors_point_into_the_phase() -> None:
    text = PHASED.replace("shells: 0.8", "shells: 0.7").replace("from_turn: 9", "from_turn: 5")
    assert messages(text) == [
        "d.yaml:6:5: error: orders: the shares sum to 0.9; they are shares of the seat's order "
        "money and must sum to 1",
        "d.yaml:8:16: error: phases[1].from_turn: 5 must come after the previous phase's "
        "turn 5"]
    (message,) = messages("doctrine: 1\nid: ab\nphases:\n  - orders: ai\n")
    assert message == "d.yaml:4:5: error: phases[0]: missing required key 'from_turn'"


def test_every_yaml_example_in_the_docs_validates() -> None:
    docs = (REPO / "docs" / "doctrine-format.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```yaml\n(.*?)```", docs, re.S)
    assert len(blocks) >= 3
    for block in blocks:
        result = check_doctrine_bytes(block.encode(), "docs.yaml")
        assert result.ok and not result.warnings, ([str(e) for e in result.errors],
                                                   [str(w) for w in result.warnings])
