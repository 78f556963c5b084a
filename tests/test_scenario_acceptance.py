"""What every bundled scenario must offer, checked the same way for each: a schema line for
editors, the teacher's material (briefing, summary, debrief), objectives for the seats, choices
the AI can make, and balance over 1 000 all-AI games.

The expectations that differ by design (the tutorial is short, small and meant to be won) are in
one table, EXPECTED, with a row for every bundled scenario. The story of each scenario (its
mechanics and events) is tested in its own file, tests/test_scenario_<name>.py. That each
bundled file validates is tested in tests/test_validate.py.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pytest

from autonomy_game.engine.simulate import SimulationResult, simulate
from autonomy_game.scenario.bundled import bundled_scenarios
from autonomy_game.scenario.model import Scenario
from tests.support.bundled import bundled_scenario

SCHEMA_LINE = "# yaml-language-server: $schema=../src/autonomy_game/scenario/schema.json"
BALANCE_RUNS = 1000
BALANCE_SEED = 1


@dataclass(frozen=True)
class Expected:
    """What one bundled scenario is meant to be."""

    full: bool  # a class session: 12+ quarters of scripted, random and triggered events
    briefing_words: tuple[int, int | None]  # at least, at most (None: no upper bound)
    min_objectives: int
    min_debrief_questions: int
    win_rate: tuple[float, float]  # over BALANCE_RUNS all-AI games


FULL_SCENARIO = Expected(full=True, briefing_words=(300, None), min_objectives=6,
                         min_debrief_questions=5, win_rate=(0.2, 0.8))

EXPECTED = {
    "ammunition-cofunding": FULL_SCENARIO,
    "supply-line-crisis": FULL_SCENARIO,
    "us-withdrawal": FULL_SCENARIO,
    # A first class hour: a short read, an objective for each of its (4+) suggested seats, and
    # a game the class should win when it follows the advisor.
    "tutorial": Expected(full=False, briefing_words=(50, 300), min_objectives=4,
                         min_debrief_questions=3, win_rate=(0.8, 1.0)),
}

BUNDLED_FILES = {info.id: info.path for info in bundled_scenarios()}
BUNDLED = list(BUNDLED_FILES)
FULL = [sid for sid in BUNDLED if sid in EXPECTED and EXPECTED[sid].full]


@pytest.fixture(scope="module")
def balance() -> Callable[[str], SimulationResult]:
    """The BALANCE_RUNS-game simulation of a bundled scenario, run once per scenario for the
    whole module however many tests read it."""
    results: dict[str, SimulationResult] = {}

    def result(scenario_id: str) -> SimulationResult:
        if scenario_id not in results:
            results[scenario_id] = simulate(bundled_scenario(scenario_id), BALANCE_RUNS,
                                            seed=BALANCE_SEED)
        return results[scenario_id]

    return result


def test_every_bundled_scenario_has_a_row_of_expectations() -> None:
    assert len(BUNDLED) >= 4, BUNDLED
    assert sorted(BUNDLED) == sorted(EXPECTED)


@pytest.mark.parametrize("scenario_id", BUNDLED)
def test_every_bundled_scenario_points_editors_at_the_shipped_schema(scenario_id: str) -> None:
    path = BUNDLED_FILES[scenario_id]
    assert path.read_text(encoding="utf-8").splitlines()[0] == SCHEMA_LINE
    assert (path.parent / SCHEMA_LINE.split("=", 1)[1]).resolve().is_file()


@pytest.mark.parametrize("scenario_id", BUNDLED)
def test_every_bundled_scenario_has_a_briefing_summary_and_debrief_questions(
        scenario_id: str) -> None:
    scenario, expected = bundled_scenario(scenario_id), EXPECTED[scenario_id]
    least, most = expected.briefing_words
    words = len(scenario.briefing.split())
    assert words >= least, words
    assert most is None or words <= most, words
    assert scenario.summary.strip()
    assert len(scenario.debrief_questions) >= expected.min_debrief_questions


@pytest.mark.parametrize("scenario_id", BUNDLED)
def test_every_bundled_scenario_has_an_objective_for_every_suggested_seat(
        scenario_id: str) -> None:
    scenario = bundled_scenario(scenario_id)
    assert len(scenario.objectives) >= EXPECTED[scenario_id].min_objectives
    assert all(o.text.strip() for o in scenario.objectives.values())
    assert set(scenario.suggested_humans) <= set(scenario.objectives)
    assert set(scenario.suggested_humans) <= set(scenario.members)


@pytest.mark.parametrize("scenario_id", BUNDLED)
def test_every_choice_in_a_bundled_scenario_has_a_score_for_the_ai(scenario_id: str) -> None:
    events = bundled_scenario(scenario_id).events
    assert all(c.ai_score is not None for ev in events for c in ev.choices)


@pytest.mark.parametrize("scenario_id", FULL)
def test_every_full_scenario_has_enough_quarters_events_and_deciders(scenario_id: str) -> None:
    scenario = bundled_scenario(scenario_id)
    assert scenario.turns >= 12
    assert len(scenario.events) >= 12
    with_choices = [ev for ev in scenario.events if ev.choices]
    assert len(with_choices) >= 3
    assert any(ev.first_turn == ev.last_turn for ev in scenario.events), "some must be scripted"
    assert any(ev.chance < 1 for ev in scenario.events), "some must be random"
    assert any(ev.when is not None for ev in scenario.events), "some must be triggered"
    deciders = {ev.decider for ev in with_choices}
    assert "council" in deciders and len(deciders - {"council"}) >= 3, deciders


@pytest.mark.parametrize("scenario_id", FULL)
def test_every_full_scenario_cites_sources_of_its_own_with_an_estimate(
        scenario_id: str, eu27: Scenario) -> None:
    """The sources the scenario adds to the EU-27 base data: on the web, estimates marked."""
    scenario = bundled_scenario(scenario_id)
    ours = [source for key, source in scenario.sources.items() if key not in eu27.sources]
    assert len(ours) >= 5 and all(s.url.startswith("https://") for s in ours)
    assert any(s.kind == "estimate" for s in ours)


@pytest.mark.parametrize("scenario_id", BUNDLED)
def test_every_bundled_scenario_is_won_as_often_as_its_expected_range(
        scenario_id: str, balance: Callable[[str], SimulationResult]) -> None:
    """Full scenarios: between 20 and 80 % of all-AI games won; the tutorial: at least 80 %."""
    result = balance(scenario_id)
    least, most = EXPECTED[scenario_id].win_rate
    assert least <= result.win_rate <= most, result.outcomes


@pytest.mark.parametrize("scenario_id", FULL)
def test_every_full_scenario_can_also_end_in_partial_success_or_defeat(
        scenario_id: str, balance: Callable[[str], SimulationResult]) -> None:
    result = balance(scenario_id)
    assert result.outcomes["partial"] > 0, result.outcomes
    assert result.outcomes["defeat"] > 0, result.outcomes
