"""Format 2 additions (issue 14, item 4): each works, is refused in a format 1 file with a
note on how to migrate, and format 1 files still load unchanged."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from autonomy_game.engine.game import Game, play_to_end
from autonomy_game.engine.policy.runner import run_policies
from autonomy_game.engine.state import OUTCOME_VICTORY
from autonomy_game.scenario import check_file, load_scenario
from tests.support.scenario_files import copy_base, scenario_head

HEAD2 = scenario_head(turns=8).replace("format: 1", "format: 2")


@pytest.fixture
def workdir(tmp_path: Path) -> Path:
    return copy_base(tmp_path)


def write(workdir: Path, text: str) -> Path:
    path = workdir / "s.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def errors(workdir: Path, text: str) -> list[str]:
    return [str(e) for e in check_file(write(workdir, text), "s.yaml").errors]


def test_bundled_format_1_scenarios_still_load() -> None:
    for name in ("tutorial", "us-withdrawal"):
        assert load_scenario(name).format == 1


def test_format_2_keys_in_a_format_1_file_say_how_to_migrate(workdir: Path) -> None:
    text = scenario_head(turns=8) + "glossary:\n  cable: A line on the seabed.\n"
    assert errors(workdir, text) == [
        "s.yaml:9:1: error: glossary: glossary was added in format 2: write `format: 2` at the "
        "top (a format 1 file is also a valid format 2 file)"]


def test_chance_as_an_expression_scales_game_by_game(workdir: Path) -> None:
    text = HEAD2 + ("events:\n  - id: e\n    title: E\n    turns: [1, 8]\n    once: true\n"
                    "    chance: \"0.5 * (1 - hub.RZE.air_defence)\"\n"
                    "    effects: [\"var.hits += 1\"]\n"
                    "  - id: f\n    title: F\n    turn: 8\n    when: \"var.hits > 5\"\n"
                    "    effects: [\"cohesion -= 0\"]\n")
    scenario = load_scenario(write(workdir, text))
    event = scenario.events[0]
    assert event.chance == 1.0 and event.chance_scale is not None
    run = run_policies(scenario, 400, 3)
    # about half the games see it fire at turn 1, three quarters by turn 2, ...
    share_turn_1 = float((run.fired_turn[:, 0] == 1).mean())
    assert 0.4 < share_turn_1 < 0.6


def test_chance_out_of_range_and_both_spellings_are_errors(workdir: Path) -> None:
    text = HEAD2 + ("events:\n  - id: e\n    title: E\n    chance: 1.5\n    effects: []\n"
                    "  - id: f\n    title: F\n    chance: \"0.5\"\n    chance_scale: \"0.5\"\n"
                    "    effects: []\n")
    found = errors(workdir, text)
    assert "s.yaml:12:13: error: events[0].chance: 1.5 is out of range (must be from 0 to 1)" \
        in found
    assert any("give chance as an expression or chance_scale, not both" in f for f in found)


def test_message_prints_numbers_of_the_game(workdir: Path) -> None:
    text = HEAD2 + ("events:\n  - id: e\n    title: E\n    turn: 2\n"
                    "    effects: [\"var.cuts += 3\", 'message(\"{var.cuts} cables cut; "
                    "cohesion {cohesion:.0%} {{sic}}\")']\n")
    scenario = load_scenario(write(workdir, text))
    game = Game(scenario, seed=1, humans=[])
    play_to_end(game, until_turn=2)
    joined = " ".join(line for report in game.reports for line in report.lines)
    assert "3 cables cut; cohesion " in joined and "% {sic}" in joined


def test_message_format_errors_are_located(workdir: Path) -> None:
    text = HEAD2 + ("events:\n  - id: e\n    title: E\n"
                    "    effects: ['message(\"{var.cuts:%x} cut\")', 'message(\"{nothing} x\")']\n")
    found = errors(workdir, text)
    assert any("'%x' is not a number format" in f for f in found)
    assert any("in the message's {nothing}: unknown name 'nothing'" in f for f in found)


def test_victory_from_turn_ends_the_game_as_soon_as_it_holds(workdir: Path) -> None:
    text = HEAD2.replace("  victory: {when: \"cohesion > 0.5\", text: Win.}",
                         "  victory: {when: \"turn >= 3\", text: Win., from_turn: 2}")
    scenario = load_scenario(write(workdir, text))
    run = run_policies(scenario, 20, 1)
    assert (run.outcome == OUTCOME_VICTORY).all()
    assert (run.ended_turn == 3).all()


def test_from_turn_on_partial_is_an_error(workdir: Path) -> None:
    text = HEAD2.replace("  partial: {when: \"cohesion > 0.3\", text: Muddle.}",
                         "  partial: {when: \"cohesion > 0.3\", text: Muddle., from_turn: 2}")
    assert any("only victory can be judged before the end" in e for e in errors(workdir, text))


def test_scenario_glossary_terms_join_the_games_glossary(workdir: Path) -> None:
    from autonomy_game.ui.glossary import load_glossary, with_scenario_terms

    text = HEAD2 + "glossary:\n  seabed cable: A data or power line on the sea floor.\n"
    scenario = load_scenario(write(workdir, text))
    assert scenario.glossary == {"seabed cable": "A data or power line on the sea floor."}
    merged = with_scenario_terms(load_glossary(), scenario.glossary)
    assert merged.lookup("seabed cable") is not None
    assert len(merged.terms) == len(load_glossary().terms) + 1


def test_same_seed_same_game_with_message_numbers(workdir: Path) -> None:
    text = HEAD2 + ("events:\n  - id: e\n    title: E\n    chance: 0.3\n    once: false\n"
                    "    effects: [\"var.n += 1\", 'message(\"{var.n} so far\")']\n")
    scenario = load_scenario(write(workdir, text))
    a, b = run_policies(scenario, 50, 9), run_policies(scenario, 50, 9)
    assert np.array_equal(a.fired_turn, b.fired_turn)


INDICATORS = ("indicators:\n  cables_cut:\n    name: Cables cut\n    value: \"var.cuts\"\n"
              "    unit: count\n    high: 5\n    good: low\n"
              "events:\n  - id: cut\n    title: A cable is cut\n    turns: [2, 8]\n"
              "    once: false\n    effects: [\"var.cuts += 1\"]\n")


def test_scenario_indicators_are_recorded_every_turn_and_summarised(workdir: Path) -> None:
    from autonomy_game.engine.simulate import simulate

    scenario = load_scenario(write(workdir, HEAD2 + INDICATORS))
    assert scenario.indicators["cables_cut"].unit == "count"
    game = Game(scenario, seed=1, humans=[])
    play_to_end(game)
    series = game.history.scenario_series(0)[:, 0]
    assert list(series) == [0, 0, 1, 2, 3, 4, 5, 6, 7]  # one cut a turn from turn 2
    result = simulate(scenario, 30, 1)
    assert result.indicators["indicator.cables_cut"].mean == 7.0


def test_scenario_indicators_survive_a_save(workdir: Path, tmp_path: Path) -> None:
    from autonomy_game.engine import saves

    scenario = load_scenario(write(workdir, HEAD2 + INDICATORS))
    game = Game(scenario, seed=4, humans=[])
    play_to_end(game, until_turn=4)
    path = tmp_path / "g.autonomy.json"
    saves.save_game(game, path)
    loaded = saves.load_game(path)
    assert np.array_equal(loaded.history.scenario_series(0), game.history.scenario_series(0))


def test_indicators_in_a_format_1_file_are_refused(workdir: Path) -> None:
    found = errors(workdir, scenario_head(turns=8) + INDICATORS)
    assert any(f.startswith("s.yaml:9:1: error: indicators: indicators was added in format 2")
               for f in found), found


FOR_EACH = ("events:\n  - id: protest\n    title: Protests in {state}\n    turn: 2\n"
            "    for_each: [PL, DE]\n    when: \"each.support > 0\"\n"
            "    effects: [\"each.support -= 0.1\", 'message(\"{state} marches\")']\n"
            "    decider: each\n    choices:\n      - id: calm\n        label: \"Calm {state}\"\n"
            "        effects: [\"each.capital -= 1\"]\n      - {id: ignore, label: Ignore}\n")


def test_for_each_expands_to_one_event_per_state(workdir: Path) -> None:
    scenario = load_scenario(write(workdir, HEAD2 + FOR_EACH))
    ids = [e.id for e in scenario.events]
    assert ids == ["protest-pl", "protest-de"]
    pl, de = scenario.events
    assert pl.title == "Protests in Poland" and de.decider == "DE"
    assert pl.effects[0].text == "PL.support -= 0.1"
    assert de.choices[0].effects[0].text == "DE.capital -= 1"
    assert pl.choices[0].label == "Calm Poland"
    game = Game(scenario, seed=2, humans=[])
    play_to_end(game, until_turn=2)
    assert game.state.event_fired[0].all()
    lines = " ".join(game.reports[-1].lines)
    assert "Poland marches" in lines and "Germany marches" in lines



def test_each_outside_for_each_and_unknown_for_each_states_are_errors(workdir: Path) -> None:
    text = HEAD2 + ("events:\n  - id: e\n    title: E\n    decider: each\n"
                    "    choices: [{id: a, label: A}, {id: b, label: B}]\n"
                    "  - id: f\n    title: F\n    for_each: [PL, XX]\n"
                    "    effects: [\"each.gdp += 1\"]\n"
                    "  - id: g\n    title: G\n    effects: [\"each.gdp += 1\"]\n")
    found = errors(workdir, text)
    assert any("each decides only in an event with for_each" in f for f in found)
    assert any("events[1].for_each[1]: unknown state 'XX'" in f for f in found)
    assert any("events[2].effects[0]: unknown name 'each.gdp'" in f for f in found), found


def test_a_neighbour_decides_by_its_ai_score(workdir: Path) -> None:
    text = HEAD2 + ("events:\n  - id: oil\n    title: Norway's gas\n    turn: 1\n"
                    "    decider: \"NO\"\n    choices:\n"
                    "      - {id: hold, label: Hold, ai_score: 0, effects: [\"var.gas = 1\"]}\n"
                    "      - {id: sell, label: Sell, ai_score: \"1 + cohesion\", "
                    "effects: [\"var.gas = 2\"]}\n"
                    "  - id: late\n    title: L\n    turn: 8\n    when: \"var.gas > 0\"\n"
                    "    effects: []\n")
    scenario = load_scenario(write(workdir, text))
    game = Game(scenario, seed=1, humans=["PL", "DE"])  # humans never decide for Norway
    play_to_end(game, until_turn=1)
    assert float(game.state.variables[0, game.world.names.variables["gas"]]) == 2.0
    run = run_policies(scenario, 40, 2)
    assert (run.choice[:, 0] == 1).all()


def test_a_neighbour_without_ai_scores_is_warned(workdir: Path) -> None:
    text = HEAD2 + ("events:\n  - id: oil\n    title: O\n    decider: \"NO\"\n    choices:\n"
                    "      - {id: hold, label: Hold}\n      - {id: sell, label: Sell}\n")
    result = check_file(write(workdir, text), "s.yaml")
    assert result.errors == []
    assert [str(w) for w in result.warnings] == [
        "s.yaml:12:14: warning: events[0].decider: Norway picks by the options' ai_score (what "
        "it wants), and none has one: it always takes the first option"]


OVERLAYS = ("overlays:\n  estlink:\n    name: Estlink 2\n    kind: cable\n"
            "    points: [[24.6, 59.5], [25.4, 60.3]]\n"
            "  baltic_sea:\n    name: Gulf of Finland\n    kind: zone\n"
            "    points: [[23, 59.3], [28, 59.5], [28, 60.5], [23, 60.2]]\n"
            "events:\n  - id: anchor\n    title: An anchor drags\n    turn: 2\n"
            "    effects: ['sabotage(\"estlink\", 0.7)']\n"
            "  - id: noticed\n    title: N\n    turn: 3\n"
            "    when: \"overlay.estlink.health < 0.5\"\n"
            "    effects: [\"var.seen = 1\"]\n")


def test_overlays_are_damaged_by_sabotage_and_read_in_expressions(workdir: Path) -> None:
    scenario = load_scenario(write(workdir, HEAD2 + OVERLAYS))
    assert scenario.overlays["estlink"].points[0] == (24.6, 59.5)
    run = run_policies(scenario, 20, 1)
    assert run.fired[:, 1].all()  # turn 3 saw the cable at 30 %


def test_sabotage_of_an_unknown_overlay_is_an_error(workdir: Path) -> None:
    text = HEAD2 + OVERLAYS.replace('sabotage("estlink"', 'sabotage("estlnk"')
    assert any("unknown map overlay 'estlnk'; did you mean 'estlink'?" in e
               for e in errors(workdir, text))


def test_overlays_are_drawn_on_the_map(workdir: Path, tmp_path: Path) -> None:
    import os

    os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
    import pygame

    from autonomy_game.ui.map_view import MapView
    from autonomy_game.ui.overlays import draw_overlays

    scenario = load_scenario(write(workdir, HEAD2 + OVERLAYS))
    game = Game(scenario, seed=1, humans=[])
    play_to_end(game, until_turn=2)
    pygame.init()
    surface = pygame.Surface((800, 600))
    view = MapView()
    view.layout(surface.get_rect())

    class _Frame:  # the two things draw_overlays needs of a Frame
        def __init__(self) -> None:
            self.surface = surface
            self.tips: list[str] = []

        def c(self, name: str) -> tuple[int, int, int]:
            return (220, 60, 50)

        def px(self, value: float) -> int:
            return round(value)

        def tip_zone(self, rect, text: str, title: str = "") -> None:
            self.tips.append(title)

    frame = _Frame()
    before = pygame.surfarray.array3d(surface).sum()
    draw_overlays(view, frame, game)
    assert pygame.surfarray.array3d(surface).sum() != before
    assert frame.tips == ["Estlink 2", "Gulf of Finland"]


def test_table_puts_an_item_to_the_vote_and_voted_reads_each_states_vote(
        workdir: Path) -> None:
    text = HEAD2 + ("events:\n  - id: summit\n    title: A summit forces the question\n"
                    "    turn: 2\n    effects: ['table(\"ammo\")']\n"
                    "  - id: count\n    title: C\n    turn: 3\n"
                    "    effects: [\"var.yes = count(voted.ammo == 1)\", "
                    "\"var.pl = PL.voted.ammo\"]\n")
    scenario = load_scenario(write(workdir, text))
    run = run_policies(scenario, 30, 5)
    game = Game(scenario, seed=5, humans=[])
    play_to_end(game, until_turn=3)
    names = game.world.names.variables
    i = game.world.initiative_ids.index("ammo")
    votes = game.state.last_vote[0, :, i]
    assert (votes != 0).any()  # no presidency tabled it; the event put it to the vote
    assert float(game.state.variables[0, names["yes"]]) == float((votes == 1).sum())
    assert float(game.state.variables[0, names["pl"]]) == float(votes[game.index("PL")])
    assert run.outcome.shape == (30,)


def test_table_of_an_unknown_initiative_is_an_error(workdir: Path) -> None:
    text = HEAD2 + ("events:\n  - id: summit\n    title: S\n    effects: ['table(\"amo\")']\n")
    assert any("unknown initiative 'amo'; did you mean 'ammo'?" in e
               for e in errors(workdir, text))


def test_scenario_indicators_reach_the_quarter_report_and_the_debrief(workdir: Path) -> None:
    from autonomy_game.debrief.page import debrief_html

    scenario = load_scenario(write(workdir, HEAD2 + INDICATORS))
    game = Game(scenario, seed=1, humans=[])
    play_to_end(game, until_turn=3)
    assert "Cables cut: 2 (+1 this quarter)." in game.reports[-1].lines
    play_to_end(game)
    page = debrief_html(game)
    assert 'aria-label="Cables cut"' in page
