"""The printable debrief: written from a save, complete, and never a traceback."""

from __future__ import annotations

from html.parser import HTMLParser

from autonomy_game.cli.main import main
from autonomy_game.engine.game import Game, play_to_end
from autonomy_game.engine.saves import save_game
from autonomy_game.scenario.validate import load_scenario


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)


def test_report_writes_a_complete_debrief_of_a_saved_game(tmp_path, capsys):
    scenario = load_scenario("tutorial")
    game = Game(scenario, 4, scenario.suggested_humans[:2])
    play_to_end(game)
    save = save_game(game, tmp_path / "class.json")
    assert main(["report", str(save), "--out", str(tmp_path / "debrief.html")]) == 0
    page = (tmp_path / "debrief.html").read_text(encoding="utf-8")
    parser = _Tags()
    parser.feed(page)
    assert parser.tags.count("svg") == 2  # both indicator charts
    assert parser.tags.count("section") == scenario.turns  # one section per quarter
    for question in scenario.debrief_questions:
        assert question.split()[0] in page
    for code in game.objectives_status():
        assert scenario.states[code].name in page  # every secret objective is revealed
    assert "wrote" in capsys.readouterr().out


def test_report_of_a_damaged_save_is_refused_cleanly(tmp_path, capsys):
    bad = tmp_path / "bad.json"
    bad.write_text("{ not json")
    assert main(["report", str(bad)]) == 1
    assert "damaged" in capsys.readouterr().err
    assert not (tmp_path / "bad.html").exists()


def test_report_on_a_folder_or_a_scenario_file_says_what_it_is(tmp_path, capsys):
    assert main(["report", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert "is a folder" in err and "damaged" not in err and err.count("\n") == 1
    scenario = tmp_path / "mine.yaml"
    scenario.write_text("id: mine\n")
    assert main(["report", str(scenario)]) == 1
    err = capsys.readouterr().err
    assert "YAML file" in err and "damaged" not in err
    assert not (tmp_path / "mine.yaml.html").exists()
